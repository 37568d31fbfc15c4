"""`cablekit serve`: the web archive over a SQLite database, with uvicorn."""
from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

import click

from . import cli


@cli.command("serve")
@click.option("--db", "db_path", default="cables.db", show_default=True, envvar="CABLEKIT_DB", show_envvar=True,
              type=click.Path(dir_okay=False, path_type=Path), help="The SQLite archive made by `cablekit ingest`.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535),
              help="TCP port (0 picks a free one).")
@click.option("--get", "get_path", default=None, metavar="PATH",
              help="Answer one request for PATH in-process, print the body and exit (no server).")
def serve_command(db_path: Path, host: str, port: int, get_path: str | None) -> None:
    """Serve the web archive: search, cable pages, browse pages and the guide.

    Prints the address it listens on, then serves until interrupted. With
    --get, answers one request without a server (exit code 1 unless 2xx/3xx).

    \b
    Example:
        cablekit serve --db cables.db --host 127.0.0.1 --port 8080
        cablekit serve --db cables.db --get /cables/09ASTANA2204/raw
    """
    if not db_path.is_file():
        raise click.ClickException(f"{db_path}: no such database; make one with `cablekit ingest --db {db_path} PATHS`")
    from ..errors import StoreError
    from ..store import open_store
    from ..web.app import create_app

    try:
        open_store(db_path, read_only=True).close()
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    app = create_app(db_path)
    if get_path is not None:
        get_path = get_path if get_path.startswith("/") else "/" + get_path
        status, body = asyncio.run(_get(app, get_path))
        click.echo(body.decode("utf-8", errors="replace"), nl=False)
        if status >= 400:
            click.echo(f"cablekit: {get_path}: HTTP {status}", err=True)
            sys.exit(1)
        return
    _run(app, host, port)


async def _get(app: Any, target: str) -> tuple[int, bytes]:
    """One GET request through the ASGI app in process: (status, body). Redirects are not followed."""
    path, _, query = target.partition("?")
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
             "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": query.encode(),
             "root_path": "", "headers": [(b"host", b"localhost")], "client": ("127.0.0.1", 0),
             "server": ("localhost", 80)}
    status = 500
    chunks: list[bytes] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, b"".join(chunks)


def _run(app: object, host: str, port: int) -> None:
    """Run uvicorn on host:port and print the address once the socket is bound."""
    import socket

    import uvicorn

    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"cablekit: serving {app_db(app)} at http://{shown}:{bound}/ (Ctrl-C to stop)")
    sys.stdout.flush()
    config = uvicorn.Config(app, log_level="warning", access_log=False)  # type: ignore[arg-type]
    uvicorn.Server(config).run(sockets=[sock])


def app_db(app: object) -> str:
    """The database file an app serves, for the start-up line."""
    return str(getattr(getattr(app, "state", None), "archive").db_path)
