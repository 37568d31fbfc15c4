"""cablekit: read, parse, store, search and show U.S. diplomatic cables.

Public API: `parse_cable`, `Cable`, `read_path`, `open_store`, `__version__`.
"""
from __future__ import annotations

__version__ = "0.1.0"
