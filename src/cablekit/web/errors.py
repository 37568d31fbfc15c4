"""Errors at the web boundary: exception -> HTTP status, one JSON shape, one error page.

Paths under ``/api/`` and ``/export`` answer JSON ``{"ok": false, "error": "...",
"status": 404}`` (built by `error_body`, the one error shape of the API); every
other path answers the ``error.html`` page with the same status and message.
`cablekit.errors.NotFound` is a 404 whose message names the missing reference
ID; `QuerySyntaxError` and `BadRequest` are 400s (the message says what is
wrong and, for a query, at which column); `StoreError` is a 503.

Example: ``GET /cables/99NOWHERE1`` answers 404 with "No cable 99NOWHERE1 in this archive."
"""
from __future__ import annotations

import logging
import re
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ..errors import NotFound, QuerySyntaxError, StoreError

_LOG = logging.getLogger("cablekit.web")

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_TITLES = {400: "Bad request", 404: "Not found", 405: "Method not allowed", 500: "Server error",
           503: "Archive unavailable"}


class BadRequest(ValueError):
    """A request whose parameters can't be used (an unknown format or facet, a page out of range):
    answered 400 with this message."""


def printable(message: str) -> str:
    """``message`` with each control character (C0, DEL, C1) written as its escape ``\\xNN``:
    an error message echoes what was asked (a path, a reference ID) and must not carry a raw
    NUL or newline into the page or the JSON. Example: ``printable("a\\x00b") == "a\\\\x00b"``."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", message)


def error_body(status: int, message: str) -> dict[str, Any]:
    """The JSON error object: ``{"ok": False, "error": message, "status": 404}``."""
    return {"ok": False, "error": message, "status": status}


def wants_json(request: Request) -> bool:
    """True for the paths that answer errors as JSON (the API and the export)."""
    path = request.url.path
    return path.startswith("/api/") or path == "/export"


def error_response(request: Request, status: int, message: str) -> Response:
    """JSON for /api/... and /export, else the error page; both carry ``status`` and the
    message with its control characters escaped (`printable`)."""
    message = printable(message)
    if wants_json(request):
        return JSONResponse(error_body(status, message), status_code=status)
    templates = request.app.state.templates
    context = {"status": status, "title": _TITLES.get(status, "Error"), "message": message}
    return templates.TemplateResponse(request, "error.html", context, status_code=status)


async def _http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404 and exc.detail == "Not Found":
        message = f"There is no page at {request.url.path}."
    elif exc.status_code == 405:
        message = f"{request.method} is not allowed on {request.url.path}; use GET."
    else:
        message = str(exc.detail)
    response = error_response(request, exc.status_code, message)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


async def _not_found(request: Request, exc: Exception) -> Response:
    return error_response(request, 404, str(exc))


async def _bad_query(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, QuerySyntaxError)
    return error_response(request, 400, f"The query can't be read: {exc}.")


async def _bad_request(request: Request, exc: Exception) -> Response:
    return error_response(request, 400, str(exc))


async def _store_error(request: Request, exc: Exception) -> Response:
    _LOG.error("store error on %s: %s", request.url.path, exc)
    return error_response(request, 503, f"The archive cannot be read: {exc}")


async def _server_error(request: Request, exc: Exception) -> Response:
    _LOG.exception("error on %s", request.url.path, exc_info=exc)
    return error_response(request, 500, "Something went wrong on our side while making this page.")


def exception_handlers() -> dict[Any, Any]:
    """The handlers to pass to Starlette: HTTP errors, NotFound, bad queries and requests (400),
    StoreError (503) and any other exception (500)."""
    return {
        HTTPException: _http_exception,
        NotFound: _not_found,
        QuerySyntaxError: _bad_query,
        BadRequest: _bad_request,
        StoreError: _store_error,
        Exception: _server_error,
    }
