"""Compact JSON text for what cablekit stores and indexes, written by orjson.

orjson writes the same text as ``json.dumps(value, ensure_ascii=False,
separators=(",", ":"))`` for the values of a record (str, int, None, lists
and dicts of them) at a fifteenth of the cost, which matters at the full
dump's size (each cable's record, its search index document, the text its
content hash is taken of). Values orjson
refuses (integers beyond 64 bits, lone surrogates) fall back to the json module.

Example::

    >>> compact({"tags": ["PGOV", "KZ"], "serial": 7069})
    '{"tags":["PGOV","KZ"],"serial":7069}'
"""
from __future__ import annotations

import json
from typing import Any

import orjson


def compact(value: Any, *, sort_keys: bool = False) -> str:
    """``value`` as compact JSON text (no spaces, non-ASCII kept as it is), object keys
    sorted when ``sort_keys``."""
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS if sort_keys else None).decode("utf-8")
    except TypeError:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=sort_keys)
