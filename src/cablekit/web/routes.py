"""The URL table of the web archive (paths are built in `web.urls`).

Example: ``Starlette(routes=build_routes(static_dir))``.
"""
from __future__ import annotations

from pathlib import Path

from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from . import api, browse, declassification, download, timeline, views


def build_routes(static_dir: Path) -> list[BaseRoute]:
    """Every route: pages, browse pages, the export, the JSON API and /static files from ``static_dir``."""
    return [
        Route("/", views.search, name="home"),
        Route("/search", views.search, name="search"),
        Route("/cables/{reference_id}", views.cable, name="cable"),
        Route("/cables/{reference_id}/raw", views.cable_raw, name="cable_raw"),
        Route("/cable/{year:int}/{month:int}/{name}", views.legacy_cable, name="legacy_cable"),
        Route("/guide", views.guide, name="guide"),
        Route("/origins", browse.origins, name="origins"),
        Route("/tags", browse.tags, name="tags"),
        Route("/tags/{tag}", browse.tag, name="tag"),
        Route("/timeline", timeline.timeline, name="timeline"),
        Route("/classifications", browse.classifications, name="classifications"),
        Route("/declassification", declassification.calendar, name="declassification"),
        Route("/export", download.export, name="export"),
        Route("/api", api.api_page, name="api"),
        Route("/api/cables/{reference_id}", api.api_cable, name="api_cable"),
        Route("/api/search", api.api_search, name="api_search"),
        Route("/openapi.json", api.openapi, name="openapi"),
        Mount("/static", app=StaticFiles(directory=static_dir), name="static"),
    ]
