"""The web archive application: `create_app(db_path)` builds a Starlette app over one database.

Everything the app needs (the store access, the Jinja2 environment, the URL
table, the error handlers, the security headers) is made here, per app: no
module-level state, so tests can build as many apps as they like. Templates
are autoescaped, every response carries a Content-Security-Policy that only
allows this site's own files.

Example::

    app = create_app("cables.db")
    uvicorn.run(app, host="127.0.0.1", port=8080)
"""
from __future__ import annotations

import contextlib
from pathlib import Path
from typing import AsyncIterator

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import urls
from .archive import Archive, StoreOpener, open_sqlite_store
from .errors import exception_handlers
from .routes import build_routes
from .display import cables, format_created, highlight, thousands

_HERE = Path(__file__).resolve().parent

SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; img-src 'self' data:; base-uri 'none'; "
                               "form-action 'self'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
}
"""Headers set on every response (the CSP allows only this site's own files)."""


class SecurityHeadersMiddleware:
    """ASGI middleware adding `SECURITY_HEADERS` to every HTTP response (errors and static files too)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


def make_templates() -> Jinja2Templates:
    """The Jinja2 templates of web/templates, autoescaped, strict about undefined names."""
    env = Environment(loader=FileSystemLoader(_HERE / "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(urls.URL_FUNCTIONS)
    env.globals["urls"] = urls
    env.filters["highlight"] = highlight
    env.filters["created"] = format_created
    env.filters["thousands"] = thousands
    env.filters["cables"] = cables
    return Jinja2Templates(env=env)


def create_app(db_path: str | Path, *, opener: StoreOpener = open_sqlite_store, debug: bool = False) -> Starlette:
    """A Starlette app serving the archive in ``db_path`` (a SQLite file made by ``cablekit ingest``).

    opener: how to open the store (the SQLite store; tests may pass another).
    The database is opened on first request, one connection per thread; a
    missing file gives a StoreError then (``cablekit serve`` checks it first).
    """
    archive = Archive(Path(db_path), opener)
    templates = make_templates()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        archive.close()

    app = Starlette(
        debug=debug,
        routes=build_routes(_HERE / "static"),
        middleware=[Middleware(SecurityHeadersMiddleware)],
        exception_handlers=exception_handlers(),
        lifespan=lifespan,
    )
    app.state.archive = archive
    app.state.templates = templates
    return app
