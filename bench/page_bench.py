"""Server time of the web archive's pages: every cable page, and the search page.

Three measurements over one archive, each as count, p50, p95 and max in ms:

- ``cable_http``: ``GET /cables/<ID>`` for every cable of the archive through
  Starlette's in-process TestClient (the whole app: routing, store look-ups,
  template, middleware; no socket).
- ``cable_render``: the render path alone for the same cables: `Store.get`,
  `cable_page` (references, cited by, neighbours) and the cable template.
- ``search``: ``GET /search`` for `SEARCH_QUERIES` (words, phrases, fields,
  facet clauses, sorts, a deep page, the empty query), ``rounds`` timed rounds
  after one untimed one; facets are counted on every search page. ``api_search``
  times ``/api/search`` for the same queries.

Without ``--db`` the archive is built first from ../shared/corpus (the
Cablegate pages and the seed page) in a temporary folder. Prints JSON.

Run from the repository root::

    .venv/bin/python bench/page_bench.py [--db cables.db] [--limit N] [--rounds 5] [--json-out bench/out/pages.json]
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from timing import SHARED, environment, summarize_ms, write_json

from cablekit.store import open_store
from cablekit.web.app import create_app, make_templates
from cablekit.web.cable_page import cable_page

SEARCH_QUERIES: list[dict[str, object]] = [
    {},
    {"q": "overflight"},
    {"q": "government"},
    {"q": '"human rights"'},
    {"q": "karzai OR wali -taliban"},
    {"q": "terror*"},
    {"q": "NEAR(karzai corruption, 5)"},
    {"q": "tag:PREL"},
    {"q": "overflight", "fq": 'tag:"KZ"'},
    {"q": "security", "fq": ["created:2009", 'caveat:"NOFORN"']},
    {"q": 'origin:"Embassy Astana"', "sort": "oldest"},
    {"q": "minister", "sort": "newest", "page": 5},
    {"fq": "created:2009-12"},
]
"""The search page requests timed (query parameters)."""


def build_archive(folder: Path) -> Path:
    """Ingest ../shared/corpus (Cablegate pages and the seed page) into ``folder``/cables.db."""
    from cablekit.ingest import ingest

    db = folder / "cables.db"
    with open_store(db) as store:
        ingest(store, [SHARED / "corpus" / "cablegate", SHARED / "corpus" / "pages" / "09ASTANA2204.txt"])
    return db


def time_cable_pages(db: Path, limit: int | None) -> dict[str, object]:
    """Time GET /cables/<ID> (TestClient) and the render path for every cable (or the first ``limit``)."""
    from starlette.testclient import TestClient

    with open_store(db, read_only=True) as store:
        ids = list(store.iter_ids())[:limit]
        template = make_templates().env.get_template("cable.html")
        render_s, statuses = [], {}
        for rid in ids:
            start = time.perf_counter()
            cable = store.get(rid)
            page = cable_page(cable, store)
            template.render(page=page, cable=cable)
            render_s.append(time.perf_counter() - start)
    http_s = []
    with TestClient(create_app(db)) as client:
        client.get(f"/cables/{ids[0]}")  # open the store and warm the templates
        slowest = ("", 0.0)
        for rid in ids:
            start = time.perf_counter()
            r = client.get(f"/cables/{rid}", follow_redirects=False)
            took = time.perf_counter() - start
            http_s.append(took)
            statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
            if took > slowest[1]:
                slowest = (rid, took)
    return {"cables": len(ids), "statuses": statuses, "cable_http": summarize_ms(http_s),
            "cable_render": summarize_ms(render_s), "slowest_page": slowest[0]}


def time_search(db: Path, rounds: int) -> dict[str, object]:
    """Time the search page and /api/search for `SEARCH_QUERIES`, ``rounds`` rounds after a warm-up."""
    from starlette.testclient import TestClient

    page_s, api_s, per_query = [], [], {}
    with TestClient(create_app(db)) as client:
        for params in SEARCH_QUERIES:
            assert client.get("/search", params=params).status_code == 200, params
            client.get("/api/search", params=params)
        for params in SEARCH_QUERIES:
            key = json.dumps(params, sort_keys=True)
            samples = []
            for _ in range(rounds):
                start = time.perf_counter()
                client.get("/search", params=params)
                samples.append(time.perf_counter() - start)
                start = time.perf_counter()
                client.get("/api/search", params=params)
                api_s.append(time.perf_counter() - start)
            page_s.extend(samples)
            per_query[key] = round(sorted(samples)[len(samples) // 2] * 1000, 2)
    return {"queries": len(SEARCH_QUERIES), "rounds": rounds, "search_page": summarize_ms(page_s),
            "api_search": summarize_ms(api_s), "search_page_p50_ms_by_query": per_query}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="archive to measure (default: build one from ../shared/corpus)")
    parser.add_argument("--limit", type=int, default=None, help="time only the first N cable pages")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds of the search queries")
    parser.add_argument("--json-out", type=Path, help="also write the result here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="page-bench-") as tmp:
        db = args.db
        build_s = None
        if db is None:
            start = time.perf_counter()
            db = build_archive(Path(tmp))
            build_s = round(time.perf_counter() - start, 2)
        result = {"db": db.name, "build_s": build_s, **time_cable_pages(db, args.limit),
                  **time_search(db, args.rounds), "environment": environment()}
    print(json.dumps(result, indent=2))
    if args.json_out:
        write_json(args.json_out, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
