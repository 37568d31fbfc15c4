"""Parse speed on one core: every cable of ../shared/corpus that cablekit can read.

For each file the reader's work (`read_path`, decoding and HTML/CSV/text
extraction) is timed as a whole and shared equally among the file's cables;
each `parse_cable` call is timed on its own. Reported: cables/s and median /
p95 microseconds per cable for the parse step alone and for read + parse.
Files no reader claims (PDFs, lists, notes) are counted and skipped; a
parser exception is counted by type and the run goes on.

Usage (from the repository root)::

    .venv/bin/python bench/parse_bench.py                      # the whole ../shared/corpus
    .venv/bin/python bench/parse_bench.py ../shared/corpus/cablegate --repeat 3 \\
        --json-out bench/out/parse.json
"""
from __future__ import annotations

import argparse
import collections
import gc
import time
from pathlib import Path

from timing import SHARED, environment, pin_to_one_cpu, print_table, summarize_us, write_json

from cablekit.errors import NoCable, SourceError
from cablekit.parse import parse_cable
from cablekit.sources import iter_files, read_path


def run(paths: list[Path], repeat: int = 1) -> dict:
    """Read and parse every cable under ``paths``; the figures as a JSON-ready dict.

    repeat: how many times each cable is parsed (all samples count; reading is done once).
    """
    parse_ns: list[int] = []
    read_parse_ns: list[int] = []
    read_total = parse_total = 0
    files = cables = text_bytes = 0
    skipped: collections.Counter[str] = collections.Counter()
    failures: collections.Counter[str] = collections.Counter()
    examples: dict[str, str] = {}
    formats: collections.Counter[str] = collections.Counter()
    parse_by_format: dict[str, list[int]] = collections.defaultdict(list)
    read_by_format: dict[str, list[int]] = collections.defaultdict(list)
    clock = time.perf_counter_ns
    for path in iter_files(paths):
        files += 1
        t0 = clock()
        try:
            raws = list(read_path(path))
        except NoCable:
            skipped["no cable in file"] += 1
            continue
        except SourceError as exc:
            skipped[exc.reason.split(" (")[0][:60]] += 1
            continue
        read_ns = clock() - t0
        read_total += read_ns
        if not raws:
            skipped["reader yielded nothing"] += 1
            continue
        share = read_ns // len(raws)
        for raw in raws:
            formats[raw.format] += 1
            cables += 1
            text_bytes += len(raw.header.encode("utf-8")) + len(raw.body.encode("utf-8"))
            best = None
            for _ in range(repeat):
                t0 = clock()
                try:
                    parse_cable(raw)
                except Exception as exc:  # a benchmark reports a crash and goes on
                    kind = type(exc).__name__
                    failures[kind] += 1
                    examples.setdefault(kind, f"{raw.path}: {exc}"[:200])
                    break
                dt = clock() - t0
                parse_ns.append(dt)
                parse_by_format[raw.format].append(dt)
                parse_total += dt
                best = dt if best is None else min(best, dt)
            if best is not None:
                read_parse_ns.append(share + best)
                read_by_format[raw.format].append(share)
    parse_s = parse_total / 1e9 / max(repeat, 1)
    read_s = read_total / 1e9
    return {
        "paths": [str(p) for p in paths],
        "repeat": repeat,
        "files_seen": files,
        "files_skipped": dict(skipped.most_common()),
        "cables": cables,
        "cables_by_format": dict(formats.most_common()),
        "by_format": {fmt: {"cables": n, "parse": summarize_us(parse_by_format[fmt]),
                            "read_share": summarize_us(read_by_format[fmt])} for fmt, n in formats.most_common()},
        "text_mb": round(text_bytes / 1e6, 2),
        "parse_failures": dict(failures),
        "parse_failure_examples": examples,
        "parse": {
            "seconds": round(parse_s, 3),
            "cables_per_s": round(len(read_parse_ns) / parse_s, 1) if parse_s else None,
            "mb_per_s": round(text_bytes / 1e6 / parse_s, 2) if parse_s else None,
            **summarize_us(parse_ns),
        },
        "read_parse": {
            "seconds": round(read_s + parse_s, 3),
            "read_seconds": round(read_s, 3),
            "cables_per_s": round(cables / (read_s + parse_s), 1) if read_s + parse_s else None,
            **summarize_us(read_parse_ns),
        },
    }


def report(result: dict) -> None:
    """Print the figures of `run` as a table."""
    p, rp = result["parse"], result["read_parse"]
    rows = [
        ("files seen / skipped", f"{result['files_seen']} / {sum(result['files_skipped'].values())}"),
        ("cables (by format)", f"{result['cables']} ({', '.join(f'{k} {v}' for k, v in result['cables_by_format'].items())})"),
        ("header+body text", f"{result['text_mb']} MB"),
        ("parse failures", ", ".join(f"{k} {v}" for k, v in result["parse_failures"].items()) or "0"),
        ("parse: total", f"{p['seconds']} s"),
        ("parse: cables/s", f"{p['cables_per_s']}"),
        ("parse: MB/s of text", f"{p['mb_per_s']}"),
        ("parse: median / p95 / max per cable", f"{p['median_us']} / {p['p95_us']} / {p['max_us']} µs"),
        ("read+parse: total (read alone)", f"{rp['seconds']} s ({rp['read_seconds']} s)"),
        ("read+parse: cables/s", f"{rp['cables_per_s']}"),
        ("read+parse: median / p95 per cable", f"{rp['median_us']} / {rp['p95_us']} µs"),
    ]
    print_table("cablekit parse benchmark (one core)", rows)
    print("  by format (cables: parse median / p95 µs; read share median µs):")
    for fmt, f in result["by_format"].items():
        print(f"    {fmt:16s} {f['cables']:5d}: {f['parse']['median_us']:9.1f} / {f['parse']['p95_us']:9.1f};"
              f" {f['read_share']['median_us']:9.1f}")
    for reason, n in result["files_skipped"].items():
        print(f"  skipped {n:4d} file(s): {reason}")
    for kind, text in result["parse_failure_examples"].items():
        print(f"  first {kind}: {text}")


def main() -> None:
    """Command line: paths (default ../shared/corpus), --repeat, --json-out, --no-pin."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*", type=Path, default=[SHARED / "corpus"])
    ap.add_argument("--repeat", type=int, default=1, help="parse each cable N times (default 1)")
    ap.add_argument("--json-out", type=Path, help="also write the figures as JSON to this file")
    ap.add_argument("--no-pin", action="store_true", help="don't pin the process to one CPU")
    args = ap.parse_args()
    cpu = None if args.no_pin else pin_to_one_cpu()
    gc.collect()
    result = run(args.paths, args.repeat)
    result["pinned_cpu"] = cpu
    result["environment"] = environment()
    report(result)
    if args.json_out:
        write_json(args.json_out, result)
        print(f"wrote {args.json_out}")


if __name__ == "__main__":
    main()
