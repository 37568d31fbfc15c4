"""Build a full-size cables.csv (251,287 cables) for the bulk-import benchmark.

The rows re-issue the real cables of ../shared/corpus (the Cablegate pages and
the seed page, read with cablekit's readers) under the real reference IDs of
the whole dump (``cable_ids.list``), in the dump's layout (PROVENANCE.md (a)):
no header row, 8 double-quoted fields (row number, Created ``M/D/YYYY H:MM``,
reference ID, origin, classification, ``|``-separated references, header, body),
backslash escapes, raw LF inside fields, rows in Created order.

* Dates: see `cable_dates` (the ID's year; serial order within a post-year
  follows the dates; the corpus cables keep their own DTG).
* Text: a corpus cable under its own ID is written as it is; any other ID gets
  a cable drawn at random (seeded) and rewritten by `reissue` so its banner,
  page breaks, DE line, DTG and FM line match the new ID and date.
* Size: the real dump is 1,730,507,223 bytes; the corpus cables are longer on
  average, so the draw favours shorter cables (exponential tilting of the
  weights) to reach the same mean row size (``--target-bytes 0`` draws uniformly).
* References column: the references cablekit's parser finds in the drawn text.

Streams its output (one row at a time). Usage (from the repository root)::

    .venv/bin/python bench/make_fullsize_corpus.py                 # bench/out/cables.csv
    .venv/bin/python bench/make_fullsize_corpus.py --limit 5000 --gzip bench/out/small.csv.gz
"""
from __future__ import annotations

import argparse
import bisect
import gzip
import itertools
import math
import random
import sys
import time
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path
from typing import Iterable

from cable_dates import plan_dates
from reissue import REAL_DUMP_ROWS, Post, Template, make_template
from timing import REPO, SHARED

from cablekit.errors import SourceError
from cablekit.parse import parse_cable
from cablekit.refid import canonicalize, split
from cablekit.sources import iter_files, read_path

ID_LIST = SHARED / "corpus" / "formats" / "cables-csv-derived" / "wlwardiary__cable2graph" / "data" / "cable_ids.list"
DEFAULT_SOURCES = [SHARED / "corpus" / "cablegate", SHARED / "corpus" / "pages"]
DEFAULT_OUT = REPO / "bench" / "out" / "cables.csv"
REAL_DUMP_BYTES = 1_730_507_223


def load_templates(paths: Iterable[Path]) -> tuple[list[Template], list[str]]:
    """Templates of every cable under ``paths`` (first copy of each reference ID) and the skipped files' reasons."""
    templates: dict[str, Template] = {}
    skipped: list[str] = []
    for path in iter_files(paths):
        try:
            raws = list(read_path(path))
        except SourceError as exc:
            skipped.append(str(exc))
            continue
        for raw in raws:
            try:
                refs = [r.reference_id for r in parse_cable(raw).references]
            except Exception:  # the parser is a teammate's work in progress; a crash only costs the column
                refs = []
            try:
                t = make_template(raw, refs)
            except ValueError as exc:
                skipped.append(str(exc))
                continue
            templates.setdefault(t.reference_id, t)
    return sorted(templates.values(), key=lambda t: t.reference_id), skipped


def post_table(templates: list[Template]) -> dict[str, Post]:
    """For each post the corpus has cables from, the most common banner spelling, origin, FM address and RI."""
    seen: dict[str, list[Post]] = defaultdict(list)
    for t in templates:
        if t.seen:
            seen[t.post].append(t.seen)
    table = {}
    for post, items in seen.items():
        def common(attr: str) -> str | None:
            values = Counter(getattr(p, attr) for p in items if getattr(p, attr))
            return values.most_common(1)[0][0] if values else None
        table[post] = Post(post, common("banner") or post, common("origin") or Post.of(post).origin,
                           common("fm") or Post.of(post).fm, common("routing_indicator"))
    return table


def tilted_weights(sizes: list[int], target_mean: float) -> list[float]:
    """Weights ``exp(-k * size)`` whose weighted mean size is ``target_mean`` (clamped to the sizes' range).

    Exponential tilting: the least change to a uniform draw that moves its mean. Example:
    ``tilted_weights([1, 3], 2.0) == [1.0, 1.0]``.
    """
    lo_size, hi_size = min(sizes), max(sizes)
    target = min(max(target_mean, lo_size + 1e-6), hi_size - 1e-6)
    scale = (hi_size - lo_size) or 1.0
    centre = sum(sizes) / len(sizes)

    def weights(k: float) -> list[float]:
        return [math.exp(-k * (s - centre) / scale) for s in sizes]

    def mean(k: float) -> float:
        w = weights(k)
        return sum(wi * s for wi, s in zip(w, sizes)) / sum(w)

    lo, hi = -200.0, 200.0
    for _ in range(100):
        mid = (lo + hi) / 2
        if mean(mid) > target:
            lo = mid
        else:
            hi = mid
    return weights((lo + hi) / 2)


def plan_rows(ids: list[str], templates: list[Template], seed: int,
              target_row_bytes: float) -> list[tuple[datetime, str, int]]:
    """(Created, reference ID, template index) for every ID, in row order (Created, then ID)."""
    own = {t.reference_id: i for i, t in enumerate(templates)}
    anchors = {t.reference_id: t.when for t in templates if t.when}
    dates = plan_dates(ids, anchors, seed)
    listed = set(ids)
    verbatim = [t.row_bytes for t in templates if t.reference_id in listed]
    drawn_mean = (target_row_bytes * len(ids) - sum(verbatim)) / max(len(ids) - len(verbatim), 1)
    weights = (tilted_weights([t.row_bytes for t in templates], drawn_mean)
               if target_row_bytes > 0 else [1.0] * len(templates))
    cum = list(itertools.accumulate(weights))
    total = cum[-1]
    rng = random.Random(seed + 1)
    rows = []
    for rid in ids:
        pick = bisect.bisect_right(cum, rng.random() * total)
        rows.append((dates[rid], rid, own.get(rid, min(pick, len(templates) - 1))))
    rows.sort()
    return rows


def sample(rows: list, limit: int | None) -> list:
    """``limit`` rows spread evenly over the whole list (all of it when limit is None)."""
    if not limit or limit >= len(rows):
        return rows
    step = len(rows) / limit
    return [rows[int(i * step)] for i in range(limit)]


def write_rows(rows: list[tuple[datetime, str, int]], templates: list[Template], posts: dict[str, Post],
               out: Path, compress: bool, progress: bool = True) -> dict:
    """Write the rows (numbered from 1) to ``out``; the counts and timing as a dict."""
    out.parent.mkdir(parents=True, exist_ok=True)
    written = verbatim = known_post = 0
    t0 = time.perf_counter()
    with open(out, "wb", buffering=1 << 20) as raw_fh, \
            (gzip.GzipFile("", "wb", 6, raw_fh, mtime=0) if compress else raw_fh) as fh:  # mtime 0: same bytes each run
        for number, (when, rid, index) in enumerate(rows, 1):
            t = templates[index]
            parts = split(canonicalize(rid))
            if rid == t.reference_id:
                post, verbatim = t.seen, verbatim + 1
            elif parts is None:
                post = None
            else:
                post = posts.get(parts.post)
                known_post += post is not None
                post = post or Post.of(parts.post)
            data = t.row(number, rid, when, post).encode("utf-8")
            fh.write(data)
            written += len(data)
            if progress and number % 50_000 == 0:
                print(f"  {number:,} rows, {written / 1e6:,.0f} MB, {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    seconds = time.perf_counter() - t0
    return {"rows": len(rows), "bytes": written, "file_bytes": out.stat().st_size, "seconds": round(seconds, 2),
            "verbatim_rows": verbatim, "rows_with_corpus_post": known_post}


def main() -> None:
    """Command line: [OUT] --limit N --gzip --seed S --target-bytes B --sources PATH..."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", nargs="?", type=Path, help=f"output file (default bench/out/cables.csv[.gz])")
    ap.add_argument("--limit", type=int, help="write only N rows, spread evenly over the whole dump")
    ap.add_argument("--gzip", action="store_true", help="gzip the output")
    ap.add_argument("--seed", type=int, default=2011)
    ap.add_argument("--target-bytes", type=int, default=REAL_DUMP_BYTES,
                    help="size of the full 251,287-row file to aim for (0: draw cables uniformly)")
    ap.add_argument("--sources", nargs="+", type=Path, default=DEFAULT_SOURCES, help="corpus cables to re-issue")
    args = ap.parse_args()
    out = args.out or DEFAULT_OUT.with_suffix(".csv.gz" if args.gzip else ".csv")
    t0 = time.perf_counter()
    ids = ID_LIST.read_text(encoding="utf-8").split()
    templates, skipped = load_templates(args.sources)
    if not templates:
        sys.exit("no corpus cables could be read from " + ", ".join(map(str, args.sources)))
    posts = post_table(templates)
    rows = sample(plan_rows(ids, templates, args.seed, args.target_bytes / len(ids)), args.limit)
    prep = time.perf_counter() - t0
    stats = write_rows(rows, templates, posts, out, args.gzip)
    mean_all = sum(t.row_bytes for t in templates) / len(templates)
    print(f"corpus: {len(templates)} cables from {len(posts)} posts ({len(skipped)} files skipped); "
          f"mean row {mean_all:,.0f} bytes vs {REAL_DUMP_BYTES / REAL_DUMP_ROWS:,.0f} in the real dump")
    print(f"wrote {out}: {stats['rows']:,} rows, {stats['bytes']:,} bytes ({stats['bytes'] / 1e9:.3f} GB"
          + (f", {stats['file_bytes']:,} gzipped" if args.gzip else "") + "), "
          f"mean row {stats['bytes'] / max(stats['rows'], 1):,.0f} bytes")
    print(f"  {stats['verbatim_rows']} corpus cables under their own ID; "
          f"{stats['rows_with_corpus_post']:,} re-issued rows name a post seen in the corpus")
    print(f"  time: {prep:.1f} s to read and plan, {stats['seconds']:.1f} s to write "
          f"({stats['bytes'] / 1e6 / max(stats['seconds'], 1e-9):,.0f} MB/s)")
    if args.limit:
        print(f"  projected full size: {stats['bytes'] / stats['rows'] * len(ids) / 1e9:.3f} GB "
              f"(real dump {REAL_DUMP_BYTES / 1e9:.3f} GB)")


if __name__ == "__main__":
    main()
