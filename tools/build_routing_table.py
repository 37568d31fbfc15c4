#!/usr/bin/env python3
"""Build src/cablekit/tables/routing_indicators.tsv from the corpus and public facts.

Every ``RUEHBJ/AMEMBASSY BEIJING`` pair of the TO/INFO lines counts once for
that name, and so does every DE line's indicator paired with the FM line
(``DE RUEHTA #2204/01 ...`` + ``FM AMEMBASSY ASTANA``). Names are cleaned of
what is not the station: precedence word, message continuity number, office
suffix (``//CCJ2//``) and the month artifact some mirror pages carry
(``AMEMBASSY LA PAZ FEB 4470``). The most common name wins; the others are
listed with their counts. A few indicators from the public Allied Routing
Indicator Book (ACP 117) are added or confirmed.

The header is read with cablekit's own reader registry and header parser, so
the table follows what ``cablekit parse`` sees.

Run from the repository root::

    .venv/bin/python tools/build_routing_table.py            # corpus at ../shared/corpus
    .venv/bin/python tools/build_routing_table.py PATH...   # other folders or files
"""
from __future__ import annotations

import argparse
import collections
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from cablekit.errors import SourceError  # noqa: E402
from cablekit.parse.header import parse_header  # noqa: E402
from cablekit.sources import iter_files, read_path  # noqa: E402

DEFAULT_INPUTS = [REPO.parent / "shared" / "corpus"]
OUTPUT = REPO / "src" / "cablekit" / "tables" / "routing_indicators.tsv"

# Public facts: ACP 117 (Allied Routing Indicator Book) entries for Washington stations.
ACP117 = {
    "RUEHC": ["SECSTATE WASHDC"],
    "RUEAIIA": ["CIA WASHDC"],
    "RHEHNSC": ["NSC WASHDC"],
    "RUEKJCS": ["SECDEF WASHDC", "JOINT STAFF WASHDC"],
}

_ROUTING_INDICATOR = re.compile(r"^R[A-Z]{3,6}$")
_OFFICE = re.compile(r"\s*//.*$")
_SERIAL = re.compile(r"\s+\d{1,5}(?:-\d{1,5})?$")
_PRECEDENCE = re.compile(r"\s+(?:NIACT IMMEDIATE|IMMEDIATE|PRIORITY|ROUTINE|FLASH)$")
_MONTH_ARTIFACT = re.compile(r"^(\S.*?)\s+(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)\b.*$")
_WS = re.compile(r"\s+")
# Format line 2 and its continuation lines: from the precedence pair to the DE line.
_LINE2 = re.compile(r"^(?:ZZ|OO|PP|RR)\s+R[A-Z]{3,6}\b.*?(?=^DE\s)", re.M | re.S)
_TOKEN = re.compile(r"\bR[A-Z]{3,6}\b")


def station_name(name: str) -> str:
    """The station part of an addressee name: ``"AMEMBASSY LA PAZ FEB 4470"`` -> ``"AMEMBASSY LA PAZ"``."""
    name = _WS.sub(" ", name).strip().upper()
    name = _OFFICE.sub("", name)
    for _ in range(2):
        name = _SERIAL.sub("", name)
        name = _PRECEDENCE.sub("", name)
    m = _MONTH_ARTIFACT.match(name)
    if m:
        name = m.group(1)
    return name.strip(" /")


def collect(inputs: list[Path]) -> tuple[dict[str, collections.Counter], collections.Counter, int, list[str]]:
    """Name counts per routing indicator, format-line-2 indicator counts (cables),
    the number of cables read, and the files skipped (with the reason)."""
    names: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    line2: collections.Counter = collections.Counter()
    cables = 0
    skipped: list[str] = []
    for path in iter_files(inputs):
        try:
            for raw in read_path(path, on_error=lambda e: skipped.append(str(e.to_exception()))):
                cables += 1
                h = parse_header(raw.header)
                m = _LINE2.search(raw.header)
                if m:
                    line2.update(set(_TOKEN.findall(m.group(0))))
                for a in h.to + h.info:
                    if a.routing_indicator and _ROUTING_INDICATOR.match(a.routing_indicator):
                        names[a.routing_indicator][station_name(a.name)] += 1
                if h.station and h.from_ and _ROUTING_INDICATOR.match(h.station):
                    names[h.station][station_name(h.from_.name)] += 1
        except SourceError as exc:  # not a cable file (the corpus holds notes and samples too)
            skipped.append(str(exc))
    return names, line2, cables, skipped


def render(names: dict[str, collections.Counter], line2: collections.Counter, cables: int,
           inputs: list[Path]) -> str:
    """The TSV text: source comment lines, the column line, one row per indicator."""
    unnamed = [f"{ri} ({n})" for ri, n in sorted(line2.items(), key=lambda kv: (-kv[1], kv[0]))
               if ri not in names and ri not in ACP117]
    where = ", ".join(_relative(p) for p in inputs)
    pairs = sum(sum(c.values()) for c in names.values())
    lines = [
        f"# source: routing indicator/name pairs of the TO/INFO lines and DE/FM line pairs in {where} "
        f"({cables:,} cables, {pairs:,} pairs), plus ACP 117, Allied Routing Indicator Book (public). "
        "Built by tools/build_routing_table.py; do not edit by hand, rebuild.",
        "# name: the most common station name (precedence word, serial and //office// suffix removed); "
        "count: pairs in the corpus (0 for an ACP 117 entry the corpus never pairs); "
        "also: the other names the corpus gives it, with counts.",
        "# Shared indicators (RHMFISS, RHMFIUU, RHMCSUU) carry many different military and agency "
        "addressees in the corpus; their name is only the most common one (see also).",
        "# ZEN in place of an indicator (ZEN/AMEMBASSY MOSCOW) is not a station: it is the operating signal "
        "'delivered by other means' (see signals.tsv).",
        "# Not decoded: indicators that occur only on format line 2 (OO RUEHBI RUEHCI ...) and are never "
        "paired with a name in the corpus, so the corpus cannot name them: " + ", ".join(unnamed) + ".",
        "indicator\tname\tcount\talso\tsource",
    ]
    for ri in sorted(set(names) | set(ACP117)):
        counts = names.get(ri, collections.Counter())
        public = ACP117.get(ri, [])
        ranked = [n for n, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
        primary = ranked[0] if ranked else public[0]
        others = [f"{n} ({counts[n]})" for n in ranked if n != primary]
        others += [n for n in public if n != primary and n not in counts]
        src = "corpus" if counts else ""
        if public:
            src = f"{src}; ACP 117" if src else "ACP 117"
        lines.append(f"{ri}\t{primary}\t{sum(counts.values())}\t{'; '.join(others)}\t{src}")
    return "\n".join(lines) + "\n"


def _relative(path: Path) -> str:
    """``../shared/corpus/cablegate`` rather than an absolute machine path."""
    try:
        return str(Path("..") / path.resolve().relative_to(REPO.parent))
    except ValueError:
        return path.name


def main() -> int:
    """Parse the arguments, build and write the table; 0 on success."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("inputs", nargs="*", type=Path, help="corpus folders or files (default: ../shared/corpus)")
    ap.add_argument("-o", "--output", type=Path, default=OUTPUT)
    args = ap.parse_args()
    inputs = args.inputs or DEFAULT_INPUTS
    names, line2, cables, skipped = collect(inputs)
    for reason in skipped:
        print(f"skipped: {reason}", file=sys.stderr)
    args.output.write_text(render(names, line2, cables, inputs), encoding="utf-8")
    print(f"{args.output.name}: {len(set(names) | set(ACP117))} indicators from {cables} cables "
          f"({len(skipped)} files or rows skipped)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
