"""Body parser speed on one core, stage by stage: every Cablegate body of ../shared/corpus.

The bodies are read first (not timed); then each stage runs over all of them,
``--repeat`` times, and the best pass counts: `clean_body` (noise out),
`parse_head` (E.O., TAGS, SUBJECT, Classified By), `parse_references` (REF
blocks), `parse_text` (paragraphs, signers, summary, comments), and the
whole `parse_body`. CPU time of this process is measured, so that other load
on the machine disturbs the figures less.

Usage (from the repository root)::

    .venv/bin/python bench/body_bench.py [--repeat 5] [--json-out bench/out/body.json]
"""
from __future__ import annotations

import argparse
import gc
import time
from pathlib import Path

from timing import SHARED, environment, pin_to_one_cpu, print_table, write_json

from cablekit.parse.body import parse_body
from cablekit.parse.fields import parse_head
from cablekit.parse.paragraphs import parse_text
from cablekit.parse.references import parse_references
from cablekit.parse.text import clean_body
from cablekit.sources.cablegate import CablegateHtmlReader


def cable_year(reference_id: str) -> int:
    """The four-digit year of a Cablegate reference ID (``66...`` is 1966, ``09...`` 2009)."""
    yy = int(reference_id[:2])
    return 2000 + yy if yy < 50 else 1900 + yy


def best_pass(fn, items, repeat: int) -> float:
    """Seconds of CPU time of the fastest of ``repeat`` passes of ``fn`` over ``items``."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        for item in items:
            fn(item)
        best = min(best, time.process_time() - t0)
    return best


def run(repeat: int) -> dict:
    """Time every stage over every Cablegate body; the figures as a JSON-ready dict."""
    reader = CablegateHtmlReader()
    pages = sorted((SHARED / "corpus" / "cablegate").glob("cable/*/*/*.html"))
    bodies = [(p.stem, next(reader.read(p)).body) for p in pages]
    cleans = [clean_body(b) for _, b in bodies]
    heads = [parse_head(c.lines, 2009) for c in cleans]
    blocks = [block for h in heads for block in h.ref_blocks]
    gc.disable()
    try:
        stages = {
            "clean_body": best_pass(clean_body, [b for _, b in bodies], repeat),
            "parse_head": best_pass(lambda c: parse_head(c.lines, 2009), cleans, repeat),
            "parse_references": best_pass(lambda b: parse_references(b, 2009), blocks, repeat),
            "parse_text": best_pass(lambda ch: parse_text(ch[0].lines, ch[1].head_end),
                                    list(zip(cleans, heads)), repeat),
            "parse_body": best_pass(lambda rb: parse_body(rb[1], cable_year(rb[0]), rb[0]), bodies, repeat),
        }
    finally:
        gc.enable()
    n = len(bodies)
    return {
        "cables": n,
        "repeat": repeat,
        "text_mb": round(sum(len(b.encode("utf-8")) for _, b in bodies) / 1e6, 2),
        "stages_us_per_cable": {k: round(v / n * 1e6, 1) for k, v in stages.items()},
        "parse_body_cables_per_s": round(n / stages["parse_body"], 1),
        "environment": environment(),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json-out", type=Path)
    ap.add_argument("--no-pin", action="store_true", help="leave the process on every CPU")
    a = ap.parse_args()
    if not a.no_pin:
        pin_to_one_cpu()
    result = run(a.repeat)
    rows = [("cables / text", f"{result['cables']} / {result['text_mb']} MB")]
    rows += [(f"{stage} (µs per cable)", f"{us}") for stage, us in result["stages_us_per_cable"].items()]
    rows.append(("parse_body: cables/s", f"{result['parse_body_cables_per_s']}"))
    print_table("cablekit body parser benchmark (one core, CPU time, best pass)", rows)
    if a.json_out:
        write_json(a.json_out, result)


if __name__ == "__main__":
    main()
