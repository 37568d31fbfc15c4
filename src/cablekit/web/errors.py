"""Errors at the web boundary: exception -> HTTP status, one JSON shape, one error page.

Paths under ``/api/`` answer JSON ``{"ok": false, "status": 404, "error": "...",
"errors": []}`` (built by `error_body`); every other path answers the
``error.html`` page with the same status and message. `cablekit.errors.NotFound`
is a 404 whose message names the missing reference ID; `StoreError` is a 503.

Example: ``GET /cables/99NOWHERE1`` answers 404 with "No cable 99NOWHERE1 in this archive."
"""
from __future__ import annotations

import logging
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ..errors import NotFound, StoreError

_LOG = logging.getLogger("cablekit.web")

_TITLES = {400: "Bad request", 404: "Not found", 405: "Method not allowed", 500: "Server error",
           503: "Archive unavailable"}


def error_body(status: int, message: str, errors: list[str] | None = None) -> dict[str, Any]:
    """The JSON error object: ``{"ok": False, "status": 404, "error": message, "errors": [...]}``."""
    return {"ok": False, "status": status, "error": message, "errors": list(errors or [])}


def error_response(request: Request, status: int, message: str) -> Response:
    """JSON for /api paths, else the error page; both carry ``status``."""
    if request.url.path.startswith("/api/") or request.url.path == "/api":
        return JSONResponse(error_body(status, message), status_code=status)
    templates = request.app.state.templates
    context = {"status": status, "title": _TITLES.get(status, "Error"), "message": message}
    return templates.TemplateResponse(request, "error.html", context, status_code=status)


async def _http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404 and exc.detail == "Not Found":
        message = f"There is no page at {request.url.path}."
    else:
        message = str(exc.detail)
    response = error_response(request, exc.status_code, message)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


async def _not_found(request: Request, exc: Exception) -> Response:
    return error_response(request, 404, str(exc))


async def _store_error(request: Request, exc: Exception) -> Response:
    _LOG.error("store error on %s: %s", request.url.path, exc)
    return error_response(request, 503, f"The archive cannot be read: {exc}")


async def _server_error(request: Request, exc: Exception) -> Response:
    _LOG.exception("error on %s", request.url.path, exc_info=exc)
    return error_response(request, 500, "Something went wrong on our side while making this page.")


def exception_handlers() -> dict[Any, Any]:
    """The handlers to pass to Starlette: HTTP errors, NotFound, StoreError and any other exception (500)."""
    return {
        HTTPException: _http_exception,
        NotFound: _not_found,
        StoreError: _store_error,
        Exception: _server_error,
    }
