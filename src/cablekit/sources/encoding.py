"""Decoding input bytes to text, repairing bad encodings and saying what was repaired.

The one decoding path of every reader. Cables arrive as UTF-8 mostly, but:

- text taken out of PDFs or written by old Windows tools is not UTF-8: the
  paragraph sign is a single cp1252 byte ``0xB6``. `charset-normalizer` picks the
  encoding, among the single-byte Western code pages only (cables are English
  text; left free it guesses cp1250 or cp932 for a lone ``0xB6``);
- text that went through a wrong decode once carries mojibake (``â€™`` for ``’``,
  ``Â¶`` for ``¶``); `ftfy` undoes it (its encoding fix only: curly quotes,
  ligatures and widths are left as written).

Each repair is reported as one line for `RawCable.repairs`.

Example::

    >>> decode_text(b"\\xb61. (C) Summary")
    ('¶1. (C) Summary', ['not valid UTF-8: decoded as cp1252 (charset-normalizer)'])
    >>> repair_text("It\\u00e2\\u20ac\\u2122s")
    ('It’s', ['mojibake repaired (ftfy: encode sloppy-windows-1252, decode utf-8)'])
"""
from __future__ import annotations

from pathlib import Path

import charset_normalizer
import ftfy

from ..errors import SourceError

# Single-byte code pages a cable text may have been written in, most likely first.
_WESTERN = ["cp1252", "latin_1", "iso8859_15", "mac_roman", "cp850", "cp437"]
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Characters that only appear in mojibake of UTF-8 read as cp1252/latin-1; ftfy
# runs only on text holding one of them (it would find nothing to fix otherwise).
_MOJIBAKE_MARKS = ("\u00c3", "\u00c2", "\u00e2\u20ac", "\u00e2\u0080", "\u00ef\u00bb\u00bf")


def decode_bytes(data: bytes, path: Path | str) -> tuple[str, list[str]]:
    """Decode a whole file's bytes to str; return ``(text, repairs)``.

    Raises SourceError for an empty file or one that looks binary (NUL bytes in
    its first 8 KiB, UTF-16 with a byte-order mark excepted).
    Example: ``decode_bytes(b"caf\\xe9", "x.txt")`` gives
    ``("café", ["not valid UTF-8: decoded as cp1252 (charset-normalizer)"])``.
    """
    if not data.strip():
        raise SourceError(str(path), "empty file")
    if b"\x00" in data[:8192] and not data.startswith(_UTF16_BOMS):
        raise SourceError(str(path), "binary file (NUL bytes), not a cable")
    return decode_text(data)


def decode_text(data: bytes) -> tuple[str, list[str]]:
    """Decode bytes (a file or one record of it) to str; return ``(text, repairs)``.

    UTF-8 first (a byte-order mark dropped); bytes that are not UTF-8 are decoded
    in the Western code page charset-normalizer finds most coherent (cp1252 for
    cable text), or as UTF-8 with U+FFFD replacements when none fits; mojibake
    is then repaired (`repair_text`). Never raises.
    """
    repairs: list[str] = []
    if data.startswith(_UTF16_BOMS):
        text = data.decode("utf-16", errors="replace")
        repairs.append("decoded as UTF-16 (byte-order mark)")
    else:
        if data.startswith(_UTF8_BOM):
            data = data[len(_UTF8_BOM):]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            text, note = _decode_legacy(data, exc)
            repairs.append(note)
    text, fixed = repair_text(text)
    return text, repairs + fixed


def repair_text(text: str) -> tuple[str, list[str]]:
    """Undo mojibake (UTF-8 read as cp1252 or Latin-1) with ftfy; return ``(text, repairs)``.

    For text already decoded elsewhere (JSON values, PDF text layers). Only the
    encoding is fixed: quotes, ligatures and character widths stay as written.
    Example: ``repair_text("Â¶1. Summary") == ("¶1. Summary", [...])``.
    """
    if text.isascii() or not any(mark in text for mark in _MOJIBAKE_MARKS):  # isascii: a flag, no scan
        return text, []
    fixed, steps = ftfy.fix_encoding_and_explain(text)
    if not steps or fixed == text:
        return text, []
    how = ", ".join(f"{step} {arg}" for step, arg in steps)
    return fixed, [f"mojibake repaired (ftfy: {how})"]


def normalize_newlines(text: str) -> str:
    """Text with CRLF and lone CR line ends turned into ``\\n``.

    Example: ``normalize_newlines("a\\r\\nb\\rc") == "a\\nb\\nc"``.
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_legacy(data: bytes, error: UnicodeDecodeError) -> tuple[str, str]:
    """Text and repair note for bytes that are not UTF-8."""
    match = charset_normalizer.from_bytes(data, cp_isolation=_WESTERN).best()
    if match is not None:
        return str(match), f"not valid UTF-8: decoded as {match.encoding} (charset-normalizer)"
    return (data.decode("utf-8", errors="replace"),
            f"not valid UTF-8 (byte 0x{data[error.start]:02X} at offset {error.start}) and no Western "
            "code page fits: undecodable bytes replaced by U+FFFD")
