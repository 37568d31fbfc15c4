"""Search latency of an archive: the query language through `store.search`, p50/p95/max.

`QUERIES` is the fixed set (every query counts in the percentiles): very common
words ("the", "government"), names, phrases, prefixes, OR/NOT/NEAR, each kind
of field filter alone and with words, date ranges, the three sorts, deep pages
and the empty query. `run_queries` opens the archive read-only (which builds or
repairs the search index first, timed apart as ``open_s``), runs one untimed
round, then ``rounds`` timed rounds; facets (`store.facets`, every facet at
once) are timed apart for a few queries. Used by `bulk_bench.py` at full size.

Run from the repository root::

    .venv/bin/python bench/search_bench.py bench/out/bulk.db [--rounds 5] [--json-out bench/out/search.json]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from timing import summarize_ms

from cablekit.store import SearchQuery, open_store

QUERIES: list[tuple[str, dict]] = [
    # very common words: long posting lists, BM25 over most of the archive
    ("the", {"text": "the"}),
    ("government", {"text": "government"}),
    ("minister", {"text": "minister"}),
    ("said", {"text": "said"}),
    ("embassy officials", {"text": "embassy officials"}),
    # names
    ("Karzai", {"text": "Karzai"}),
    ("Medvedev", {"text": "Medvedev"}),
    ("Qadhafi", {"text": "Qadhafi"}),
    ("Chavez", {"text": "Chavez"}),
    ("Nazarbayev", {"text": "Nazarbayev"}),
    ("Ahmadinejad", {"text": "Ahmadinejad"}),
    ("Hezbollah", {"text": "Hezbollah"}),
    # rarer words, several words, prefixes
    ("overflight", {"text": "overflight"}),
    ("uranium enrichment", {"text": "uranium enrichment"}),
    ("terror*", {"text": "terror*"}),
    ("negotiat*", {"text": "negotiat*"}),
    # phrases and proximity
    ('"human rights"', {"text": '"human rights"'}),
    ('"prime minister"', {"text": '"prime minister"'}),
    ('"nuclear weapons"', {"text": '"nuclear weapons"'}),
    ("NEAR(karzai corruption, 5)", {"text": "NEAR(karzai corruption, 5)"}),
    # boolean
    ("karzai OR wali", {"text": "karzai OR wali"}),
    ("(iran OR syria) -nuclear", {"text": "(iran OR syria) -nuclear"}),
    # filters alone (newest first)
    ("tag:PREL", {"text": "tag:PREL"}),
    ("tag:KZ", {"text": "tag:KZ"}),
    ('origin:"Embassy Baghdad"', {"text": 'origin:"Embassy Baghdad"'}),
    ("classification:SECRET caveat:NOFORN", {"text": "classification:SECRET caveat:NOFORN"}),
    ('to:"SECSTATE WASHDC" precedence:IMMEDIATE', {"text": 'to:"SECSTATE WASHDC" precedence:IMMEDIATE'}),
    ("ref:09STATE128489", {"text": "ref:09STATE128489"}),
    ("created:2009-12", {"text": "created:2009-12"}),
    ("created:<1995", {"text": "created:<1995"}),
    ("declassify_on:<2015", {"text": "declassify_on:<2015"}),
    # words and filters
    ("Karzai tag:AF", {"text": "Karzai tag:AF"}),
    ('the origin:"Embassy Tokyo"', {"text": 'the origin:"Embassy Tokyo"'}),
    ("government classification:SECRET", {"text": "government classification:SECRET"}),
    ('"human rights" created:2008', {"text": '"human rights" created:2008'}),
    ("Medvedev tag:RS created:2009-01..2009-06", {"text": "Medvedev tag:RS created:2009-01..2009-06"}),
    ("signer:CLINTON iran", {"text": "signer:CLINTON iran"}),
    # sorts, deep pages, the empty query
    ("the, oldest first", {"text": "the", "sort": "oldest"}),
    ("government, newest first", {"text": "government", "sort": "newest"}),
    ("government, page 50", {"text": "government", "offset": 980}),
    ("tag:PREL, page 100", {"text": "tag:PREL", "offset": 1980}),
    ("(everything, newest first)", {}),
]
FACET_QUERIES = ["", "the", "government", "tag:PREL", "Karzai"]


def run_queries(db_path: str | Path, rounds: int = 3) -> dict:
    """p50/p95/max milliseconds of `QUERIES` through ``store.search`` (20 hits with snippets),
    each query's median and total, the facet timings, and the seconds the first open took
    (index build or check)."""
    per_query: dict[str, list[float]] = {label: [] for label, _ in QUERIES}
    totals: dict[str, int] = {}
    facet_times: list[float] = []
    with open_store(db_path, read_only=True) as store:
        t0 = time.perf_counter()
        report = store.sync_index()
        open_s = time.perf_counter() - t0
        for round_ in range(rounds + 1):
            for label, kwargs in QUERIES:
                query = SearchQuery(**kwargs)
                t0 = time.perf_counter()
                results = store.search(query)
                dt = time.perf_counter() - t0
                if round_:
                    per_query[label].append(dt)
                totals[label] = results.total
            for text in FACET_QUERIES:
                t0 = time.perf_counter()
                store.facets(SearchQuery(text), limit=20)
                if round_:
                    facet_times.append(time.perf_counter() - t0)
        cables = store.count()
    samples = [s for values in per_query.values() for s in values]
    return {
        "cables": cables,
        "queries": len(QUERIES),
        "rounds": rounds,
        "open_s": round(open_s, 2),
        "sync": {"added": report.added, "deleted": report.deleted, "rebuilt": report.rebuilt},
        "all": summarize_ms(samples),
        "facets": summarize_ms(facet_times),
        "per_query": {label: {**{k: v for k, v in summarize_ms(v).items() if k != "n"}, "total": totals[label]}
                      for label, v in per_query.items()},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db", type=Path, help="the archive (its index folder is built beside it if missing)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json-out", type=Path, default=None)
    args = parser.parse_args(argv)
    if not args.db.is_file():
        print(f"search_bench: no database {args.db}", file=sys.stderr)
        return 2
    stats = run_queries(args.db, args.rounds)
    print(f"{stats['cables']:,} cables; open (index build/check) {stats['open_s']} s; "
          f"{stats['queries']} queries x {stats['rounds']} rounds")
    overall = stats["all"]
    print(f"search p50 {overall['p50_ms']} ms, p95 {overall['p95_ms']} ms, max {overall['max_ms']} ms")
    print(f"facets (all {len(stats['per_query']) and 'facets'}) p50 {stats['facets']['p50_ms']} ms, "
          f"p95 {stats['facets']['p95_ms']} ms")
    width = max(len(label) for label in stats["per_query"])
    for label, q in sorted(stats["per_query"].items(), key=lambda kv: -kv[1]["p50_ms"]):
        print(f"  {label:<{width}}  p50 {q['p50_ms']:8.2f} ms  max {q['max_ms']:8.2f} ms  {q['total']:>8,} hits")
    if args.json_out:
        args.json_out.write_text(json.dumps(stats, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
