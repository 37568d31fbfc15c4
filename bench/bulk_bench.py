"""Bulk-import benchmark: `cablekit ingest` of a full-size cables.csv, then read-side latency and floors.

One run measures, on the same data:

(a) ``cablekit ingest --format cables-csv`` into a fresh SQLite file, as a
    subprocess: wall time, cables/s, MB/s of CSV, CPU seconds (also by part of
    the pipeline: writer, index threads, parse workers, reader), peak RSS of the
    process tree (psutil, polled every 50 ms), database size split into tables
    and indexes (``dbstat``), and the search index folder;
(b) search latency p50/p95/max over the fixed query set of `search_bench`
    (words, names, phrases, filters, sorts, deep pages; facets apart) through
    the store API;
(c) cable page render time p50/p95 through the web app in process;
(d) the floors: reading the CSV with the csv module alone, cablekit's reader
    and parser alone on one core, a bare FTS5 table and a bare Tantivy index
    (cablekit's schema) of the same texts (`floors`).

The CSV is bench/out/cables.csv (made by make_fullsize_corpus.py if missing);
``--limit N`` uses an N-row sample of the dump instead (bench/out/cables-N.csv).
Usage (from the repository root)::

    .venv/bin/python bench/bulk_bench.py --limit 5000          # smoke run, under a minute
    nohup .venv/bin/python bench/bulk_bench.py > bench/out/bulk.log 2>&1 &   # the full dump
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil
from floors import fts_floor, parse_floor, read_csv_floor, tantivy_floor
from latency import page_latency
from search_bench import QUERIES, run_queries
from timing import REPO, environment, print_table, write_json

OUT = REPO / "bench" / "out"
CABLEKIT = Path(sys.executable).with_name("cablekit")


def ensure_csv(path: Path | None, limit: int | None) -> Path:
    """The CSV to ingest: ``path`` if given, else bench/out/cables[-N].csv, generated when missing."""
    if path:
        return path
    csv_path = OUT / (f"cables-{limit}.csv" if limit else "cables.csv")
    if not csv_path.exists():
        cmd = [sys.executable, str(REPO / "bench" / "make_fullsize_corpus.py"), str(csv_path)]
        cmd += ["--limit", str(limit)] if limit else []
        print("generating", csv_path, flush=True)
        subprocess.run(cmd, check=True)
    return csv_path


def _tree_rss(proc: psutil.Process) -> int:
    """Resident bytes of a process and all its descendants (0 for those that just exited)."""
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return total


def _thread_cpu(proc: psutil.Process, seen: dict[tuple[int, int], tuple[str, float]]) -> None:
    """Record the CPU seconds of every thread of the ingest's process tree under its part of
    the pipeline (Linux: thread names from /proc). Threads come and go (the index's
    indexing threads are new after each commit): each keeps its last reading.

    Parts: the writer's main thread, the index's indexing and merge threads, the writer
    process's other threads (background checkpoints, queue), the reader process (the
    helper started last), the parse workers, and the helpers' queue threads (pickling).
    """
    children = sorted(proc.children(recursive=True), key=lambda c: c.create_time())
    for p in [proc, *children]:
        try:
            threads = p.threads()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        for t in threads:
            try:
                name = Path(f"/proc/{p.pid}/task/{t.id}/comm").read_text().strip()
            except OSError:
                name = ""
            if p.pid == proc.pid:
                part = ("writer: main thread" if t.id == p.pid else
                        "search index: indexing threads" if name.startswith("thrd-tantivy") else
                        "search index: merge threads" if name.startswith("merge_thread") else
                        "writer: other threads")
            elif t.id != p.pid:
                part = "helpers: queue threads (pickling)"
            else:
                part = "reader process" if p.pid == children[-1].pid else "parse workers"
            seen[(p.pid, t.id)] = (part, t.user_time + t.system_time)


def run_ingest(csv_path: Path, db: Path, batch_size: int | None, jobs: int | None = None) -> dict:
    """Run ``cablekit ingest`` of ``csv_path`` into a fresh ``db``; wall time, CPU, peak RSS, summary."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    shutil.rmtree(_index_dir(db), ignore_errors=True)
    cmd = [str(CABLEKIT), "ingest", "--db", str(db), "--format", "cables-csv", "--json", str(csv_path)]
    if batch_size:
        cmd[2:2] = ["--batch-size", str(batch_size)]
    if jobs:
        cmd[2:2] = ["--jobs", str(jobs)]
    log = db.with_suffix(".ingest.log")
    before = os.times()
    t0 = time.perf_counter()
    with open(log, "w", encoding="utf-8") as err:
        child = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, text=True)
        proc = psutil.Process(child.pid)
        peak, polls = 0, 0
        threads: dict[tuple[int, int], tuple[str, float]] = {}
        while child.poll() is None:
            try:
                peak = max(peak, _tree_rss(proc))
                if polls % 10 == 0:
                    _thread_cpu(proc, threads)
            except psutil.NoSuchProcess:
                break
            polls += 1
            time.sleep(0.05)
        stdout = child.stdout.read() if child.stdout else ""
        child.wait()
    wall = time.perf_counter() - t0
    after = os.times()
    summary = {}
    for line in reversed(stdout.strip().splitlines()):
        try:
            summary = json.loads(line)
            break
        except json.JSONDecodeError:
            continue
    cables = summary.get("stored", 0) + summary.get("replaced", 0) + summary.get("unchanged", 0)
    size = csv_path.stat().st_size
    stderr_lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    return {
        "command": " ".join(["cablekit", *cmd[1:]]),
        "exit_code": child.returncode,
        "wall_s": round(wall, 2),
        "cpu_s": round((after.children_user - before.children_user) + (after.children_system - before.children_system), 2),
        "cables": cables,
        "cables_per_s": round(cables / wall, 1),
        "csv_mb": round(size / 1e6, 1),
        "mb_per_s": round(size / 1e6 / wall, 2),
        "peak_rss_mb": round(peak / 1e6, 1),
        "cpu_by_part_s": _by_part(threads),
        "summary": summary,
        "stderr_lines": len(stderr_lines),
        "stderr_tail": stderr_lines[-5:],
    }


def _index_dir(db: Path) -> Path:
    """The search index folder the store keeps beside the database (``bulk.db`` -> ``bulk.db.idx``)."""
    return db.with_name(db.name + ".idx")


def db_sizes(db: Path) -> dict:
    """MB of the database file, its tables and indexes (via ``dbstat``) and the search index folder."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        kinds = dict(conn.execute("SELECT name, type FROM sqlite_master").fetchall())
        sizes = {"tables": 0, "indexes": 0}
        per_object: dict[str, int] = {}
        try:
            for name, size in conn.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name"):
                per_object[name] = size
                if kinds.get(name) == "index" or name.startswith("sqlite_autoindex"):
                    sizes["indexes"] += size
                else:
                    sizes["tables"] += size
        except sqlite3.OperationalError:  # SQLite built without dbstat
            per_object = {}
    finally:
        conn.close()
    wal = Path(str(db) + "-wal")
    index = _index_dir(db)
    index_bytes = sum(f.stat().st_size for f in index.rglob("*") if f.is_file()) if index.is_dir() else 0
    return {
        "db_mb": round(db.stat().st_size / 1e6, 1),
        "search_index_mb": round(index_bytes / 1e6, 1),
        "wal_mb": round(wal.stat().st_size / 1e6, 1) if wal.exists() else 0.0,
        **{f"{k}_mb": round(v / 1e6, 1) for k, v in sizes.items()},
        "largest": {k: round(v / 1e6, 1) for k, v in sorted(per_object.items(), key=lambda kv: -kv[1])[:8]},
    }


def _by_part(threads: dict[tuple[int, int], tuple[str, float]]) -> dict[str, float]:
    """CPU seconds per part of the pipeline, largest first (last readings, every 0.5 s)."""
    parts: dict[str, float] = {}
    for part, seconds in threads.values():
        parts[part] = parts.get(part, 0.0) + seconds
    return {k: round(v, 1) for k, v in sorted(parts.items(), key=lambda kv: -kv[1])}


def report(result: dict) -> None:
    """Print the figures of one run as a table."""
    i, s, d = result["ingest"], result.get("search", {}), result.get("db", {})
    rows = [
        ("CSV", f"{result['csv']} ({i['csv_mb']} MB, {i['cables']} cables ingested)"),
        ("ingest: wall / CPU", f"{i['wall_s']} s / {i['cpu_s']} s (exit {i['exit_code']})"),
        ("ingest: cables/s, MB/s", f"{i['cables_per_s']}, {i['mb_per_s']}"),
        ("ingest: peak RSS (tree)", f"{i['peak_rss_mb']} MB"),
        ("ingest: CPU s by part", ", ".join(f"{k} {v}" for k, v in i.get("cpu_by_part_s", {}).items())),
        ("ingest: summary", ", ".join(f"{k} {v}" for k, v in i["summary"].items() if k != "db")),
    ]
    if d:
        rows += [("db: file (+wal)", f"{d['db_mb']} MB (+{d['wal_mb']})"),
                 ("db: tables / indexes", f"{d['tables_mb']} / {d['indexes_mb']} MB"),
                 ("search index folder", f"{d['search_index_mb']} MB")]
    if s:
        a, f = s["all"], s["facets"]
        rows += [(f"search: {s['queries']} queries x {s['rounds']}", f"p50 {a['p50_ms']} / p95 {a['p95_ms']} / max {a['max_ms']} ms"),
                 ("search: facets", f"p50 {f['p50_ms']} / p95 {f['p95_ms']} / max {f['max_ms']} ms"),
                 ("search: first open (index check)", f"{s['open_s']} s")]
    pages = result.get("pages", {})
    if "cable_pages" in pages:
        c, q = pages["cable_pages"], pages["search_pages"]
        rows += [(f"web: {c['n']} cable pages", f"p50 {c['p50_ms']} / p95 {c['p95_ms']} / max {c['max_ms']} ms"),
                 (f"web: {q['n']} search pages", f"p50 {q['p50_ms']} / p95 {q['p95_ms']} / max {q['max_ms']} ms")]
    elif pages:
        rows.append(("web: pages", "TODO: " + pages["todo"]))
    for name, f in result.get("floors", {}).items():
        rows.append((f"floor: {name}", f"{f['seconds']} s, {f['rows_per_s']} rows/s, {f['mb_per_s']} MB/s"
                     + (f" (read {f['read_s']} s, parse {f['parse_s']} s)" if "parse_s" in f else "")
                     + (f", {f['cpu_s']} CPU s" if "cpu_s" in f else "")
                     + (f", {round(f['db_bytes'] / 1e6, 1)} MB" if "db_bytes" in f else "")))
    print_table("cablekit bulk benchmark", rows)
    if s:
        slow = sorted(s["per_query"].items(), key=lambda kv: -kv[1]["p50_ms"])[:5]
        print("slowest queries (p50 ms, hits): " + "; ".join(f"{k} {v['p50_ms']} ({v['total']})" for k, v in slow))


def main() -> None:
    """Command line: --limit N, --csv PATH, --db PATH, --json-out PATH, --skip-floors, --rounds R, --pages N."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, help="use an N-row sample of the dump (smoke run)")
    ap.add_argument("--csv", type=Path, help="the cables.csv to ingest (default: generated under bench/out)")
    ap.add_argument("--db", type=Path, help="the fresh database file (default bench/out/bulk[-N].db)")
    ap.add_argument("--json-out", type=Path, help="default bench/out/bulk[-N].json")
    ap.add_argument("--batch-size", type=int, help="passed to cablekit ingest (default: its own)")
    ap.add_argument("--jobs", type=int, help="parse workers, passed to cablekit ingest (default: its own, the CPUs)")
    ap.add_argument("--rounds", type=int, default=3, help="timed rounds of the search set (default 3)")
    ap.add_argument("--pages", type=int, default=200, help="cable pages to render (default 200)")
    ap.add_argument("--skip-floors", action="store_true")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    csv_path = ensure_csv(args.csv, args.limit)
    db = args.db or OUT / (f"bulk-{args.limit}.db" if args.limit else "bulk.db")
    result: dict = {"csv": str(csv_path), "limit": args.limit, "environment": environment()}
    print(f"(a) ingest {csv_path} -> {db}", flush=True)
    result["ingest"] = run_ingest(csv_path, db, args.batch_size, args.jobs)
    if result["ingest"]["cables"]:
        result["db"] = db_sizes(db)
        print(f"(b) search latency, {len(QUERIES)} queries", flush=True)
        result["search"] = run_queries(db, args.rounds)
        print(f"(c) page render, {args.pages} cable pages", flush=True)
        result["pages"] = page_latency(db, args.pages)
    if not args.skip_floors:
        print("(d) floors: csv read, cablekit read + parse, bare FTS5, bare Tantivy", flush=True)
        result["floors"] = {"csv read (no parse)": read_csv_floor(csv_path),
                            "cablekit read + parse (1 core)": parse_floor(csv_path),
                            "bare FTS5 insert": fts_floor(csv_path, db.with_name(db.stem + "-floor-fts.db")),
                            "bare Tantivy index": tantivy_floor(csv_path, db.with_name(db.stem + "-floor.idx"))}
    report(result)
    json_out = args.json_out or OUT / (f"bulk-{args.limit}.json" if args.limit else "bulk.json")
    write_json(json_out, result)
    print(f"wrote {json_out}")


if __name__ == "__main__":
    main()
