"""Every exception cablekit raises; callers catch `CablekitError`.

Bad input is not a bug: readers and the parser raise `SourceError`/`ParseError`
carrying the file (and row) and a reason, and batch code reports them and goes on.
"""
from __future__ import annotations


class CablekitError(Exception):
    """Root of all cablekit errors."""


class SourceError(CablekitError):
    """An input file (or one row of it) cannot be read as a cable.

    path: the file; row: the row or record number inside it, or None;
    reason: one line saying what is wrong.
    """

    def __init__(self, path: str, reason: str, row: int | None = None) -> None:
        self.path = str(path)
        self.reason = reason
        self.row = row
        where = f"{self.path}" + (f" (row {row})" if row is not None else "")
        super().__init__(f"{where}: {reason}")


class NoCable(SourceError):
    """A readable file that holds no cable (metadata only, an unrelated page)."""


class ParseError(SourceError):
    """The text was read but is not a cable the parser can make a record of."""


class StoreError(CablekitError):
    """The database cannot be opened, migrated or written."""


class NotFound(CablekitError):
    """No cable with that reference ID in the archive."""


class QuerySyntaxError(CablekitError, ValueError):
    """A search query that the query language can't read (`cablekit.search.query`).

    reason: what is wrong, one phrase (``"'(' is never closed"``);
    column: where, 1-based character position in ``query``;
    query: the query text. ``str()`` gives ``"<reason> at column <column>"``.
    A ValueError too, so callers that reported bad dates as ValueError report this as well.
    """

    def __init__(self, reason: str, column: int, query: str = "") -> None:
        self.reason = reason
        self.column = column
        self.query = query
        super().__init__(f"{reason} at column {column}")
