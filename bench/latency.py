"""Web page latency of an ingested archive, in process (search latency: `search_bench`).

`page_latency` renders cable pages (and a few search pages) through the web app
(`cablekit.web.app.create_app`) with Starlette's TestClient, no server or network.

Example::

    page_latency(Path("bench/out/bulk.db"), sample=200)["cable_pages"]["p95_ms"]
"""
from __future__ import annotations

import random
import time
import warnings
from pathlib import Path

from timing import summarize_ms

from cablekit.store import open_store


def page_latency(db: Path, sample: int = 200, seed: int = 7) -> dict:
    """p50/p95/max milliseconds of rendering ``sample`` cable pages (and a few search pages) in process.

    The cable IDs are a seeded sample of the archive. Returns ``{"todo": ...}``
    when the web app can't be imported.
    """
    try:
        with warnings.catch_warnings():  # starlette's notice about its httpx backend is not ours to fix
            warnings.simplefilter("ignore")
            from starlette.testclient import TestClient

        from cablekit.web.app import create_app
        from cablekit.web.urls import cable_url, search_url
    except ImportError as exc:  # the web app is a teammate's work; say so instead of failing
        return {"todo": f"web app not importable ({exc}); page render not measured"}
    with open_store(db, read_only=True) as store:
        ids = list(store.iter_ids())
    ids = random.Random(seed).sample(ids, min(sample, len(ids)))
    timings: list[float] = []
    search_timings: list[float] = []
    statuses: dict[int, int] = {}
    with TestClient(create_app(db)) as client:
        client.get(cable_url(ids[0]))  # first request opens the store and compiles templates
        for rid in ids:
            t0 = time.perf_counter()
            response = client.get(cable_url(rid))
            timings.append(time.perf_counter() - t0)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        for q in ("Karzai", "the", '"human rights"', "government"):
            t0 = time.perf_counter()
            response = client.get(search_url(q=q))
            search_timings.append(time.perf_counter() - t0)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
    return {"cable_pages": summarize_ms(timings), "search_pages": summarize_ms(search_timings),
            "statuses": statuses}
