"""Decoding input bytes to text, saying when a repair was needed.

Cables arrive as UTF-8 mostly; text taken out of PDFs or old Windows tools
holds cp1252 bytes (a pilcrow as 0xB6). `decode_bytes` tries UTF-8 first, then
falls back to cp1252 and reports the repair.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import SourceError


def decode_bytes(data: bytes, path: Path | str) -> tuple[str, list[str]]:
    """Decode file bytes to str; return ``(text, repairs)``.

    Raises SourceError for an empty file or one that looks binary (NUL bytes
    in its first 8 KiB).
    Example: ``decode_bytes(b"caf\\xe9", "x.txt") == ("café", ["decoded as cp1252 (not valid UTF-8)"])``.
    """
    if not data.strip():
        raise SourceError(str(path), "empty file")
    if b"\x00" in data[:8192]:
        raise SourceError(str(path), "binary file (NUL bytes), not a cable")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), ["decoded as cp1252 (not valid UTF-8)"]


def normalize_newlines(text: str) -> str:
    """Text with CRLF and lone CR line ends turned into ``\\n``.

    Example: ``normalize_newlines("a\\r\\nb\\rc") == "a\\nb\\nc"``.
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")
