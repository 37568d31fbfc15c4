"""Every URL the web archive builds, in one place (templates call these too).

Paths are site-relative (``/cables/09ASTANA2204``) so the app works behind any
host and port. Query strings are built with `urllib.parse.urlencode`, and empty
parameters are left out.

Example::

    >>> cable_url("09ASTANA2204")
    '/cables/09ASTANA2204'
    >>> search_url(q="overflight", tag="KZ", page=2)
    '/search?q=overflight&tag=KZ&page=2'
"""
from __future__ import annotations

from urllib.parse import quote, urlencode

HOME = "/"
GUIDE = "/guide"
ORIGINS = "/origins"
TAGS = "/tags"
TIMELINE = "/timeline"
CLASSIFICATIONS = "/classifications"
DECLASSIFICATION = "/declassification"
API = "/api"
OPENAPI = "/openapi.json"
EXPORT = "/export"


def cable_url(reference_id: str) -> str:
    """The cable page of a reference ID: ``/cables/09ASTANA2204``."""
    return f"/cables/{quote(reference_id, safe='')}"


def raw_url(reference_id: str) -> str:
    """The raw text (header and body, text/plain) of a cable: ``/cables/<ID>/raw``."""
    return f"{cable_url(reference_id)}/raw"


def paragraph_url(reference_id: str, number: int) -> str:
    """The permalink of a numbered paragraph: ``/cables/09ASTANA2204#par3``."""
    return f"{cable_url(reference_id)}#par{number}"


def tag_url(tag: str) -> str:
    """The page of one TAGS code: ``/tags/KZ``; person tags are percent-encoded."""
    return f"/tags/{quote(tag, safe='')}"


def static_url(name: str) -> str:
    """A file under web/static: ``static_url("style.css")`` gives ``/static/style.css``."""
    return f"/static/{name}"


def with_query(path: str, **params: object) -> str:
    """``path`` with a query string of ``params``; None, "", empty lists and page 1 are left
    out; a list gives the parameter once per item (``fq=a&fq=b``)."""
    kept = {k: v for k, v in params.items()
            if v not in (None, "", []) and not (k == "page" and v == 1)}
    return f"{path}?{urlencode(kept, doseq=True)}" if kept else path


def search_url(**params: object) -> str:
    """The search page with the given parameters (``q``, ``fq``, ``tag``, ``origin``, ... ``page``)."""
    return with_query("/search", **params)


def facet_search_url(clause: str) -> str:
    """The search page narrowed by one clause, shown as a removable chip: ``/search?fq=created%3A2009-12``."""
    return search_url(fq=[clause])


def origin_url(origin: str) -> str:
    """Cables from one post: the search page narrowed to that origin (``fq=origin:"Embassy Astana"``)."""
    if '"' in origin:
        return search_url(origin=origin)
    return facet_search_url(f'origin:"{origin}"')


def export_url(fmt: str, **params: object) -> str:
    """The whole result set of a search as a file: ``/export?q=...&format=csv`` (csv, jsonl, parquet)."""
    return with_query(EXPORT, **params, format=fmt)


def api_cable_url(reference_id: str) -> str:
    """The JSON record of a cable (`Cable.to_dict()`): ``/api/cables/<ID>``."""
    return f"/api{cable_url(reference_id)}"


def legacy_cable_path(reference_id: str, created: str | None) -> str | None:
    """The Cablegate mirror path ``/cable/YYYY/MM/<ID>.html`` of a cable, None without a date."""
    if not created or len(created) < 7:
        return None
    return f"/cable/{created[:4]}/{created[5:7]}/{reference_id}.html"


URL_FUNCTIONS = {
    "cable_url": cable_url,
    "raw_url": raw_url,
    "paragraph_url": paragraph_url,
    "tag_url": tag_url,
    "static_url": static_url,
    "search_url": search_url,
    "origin_url": origin_url,
    "facet_search_url": facet_search_url,
    "export_url": export_url,
    "api_cable_url": api_cable_url,
}
"""The URL builders exposed to every template as globals."""
