"""Creation dates for the reference IDs of the whole Cablegate dump (for the full-size corpus).

Rules, per reference ID (``09ASTANA2204``):

* the year is the ID's two-digit year (``66``-``99`` are 1966-1999, the rest 20xx);
* within one post and year, a larger serial never gets an earlier date: the
  serial is read as the post's running count for the year, so a date is the
  serial's fraction of the post's yearly volume, spread over the year, with a
  seeded jitter smaller than half the gap to its neighbours;
* real dates known for some IDs (the corpus cables) are kept exactly and the
  other serials of that post-year are interpolated between them;
* nothing falls after the last cable of the dump (2010-02-28 23:59).

The yearly volume of a post is estimated from its largest serial in that year
(scaled up when the year is cut short, as 2010 is); a post-year with fewer than
20 cables also takes the post's typical volume in its other years, so three
cables with serials 5, 9 and 12 fall in January, not spread over the year.

Example::

    >>> plan_dates(["09ASTANA2204"], {}, seed=1)["09ASTANA2204"].year
    2009
"""
from __future__ import annotations

import random
import statistics
from collections import defaultdict
from datetime import datetime, timedelta

from cablekit.refid import canonicalize, split

DUMP_END = datetime(2010, 2, 28, 23, 59)
_EPOCH = datetime(1960, 1, 1)
_JITTER = 0.45
_DENSE = 20  # a post-year with this many cables shows its own yearly volume


def id_year(reference_id: str) -> int:
    """Four-digit year of a reference ID from its first two digits (``"66..."`` -> 1966, ``"09..."`` -> 2009)."""
    yy = int(reference_id[:2])
    return 1900 + yy if yy >= 60 else 2000 + yy


def _minutes(when: datetime) -> float:
    return (when - _EPOCH).total_seconds() / 60


def _datetime(minutes: float) -> datetime:
    return _EPOCH + timedelta(minutes=round(minutes))


def _year_bounds(year: int) -> tuple[float, float, float]:
    """(start, end of the window in the dump, start of next year), in minutes since the epoch."""
    start = _minutes(datetime(year, 1, 1))
    end = _minutes(min(datetime(year, 12, 31, 23, 59), DUMP_END))
    return start, end, _minutes(datetime(year + 1, 1, 1))


def plan_dates(reference_ids: list[str], anchors: dict[str, datetime], seed: int) -> dict[str, datetime]:
    """A creation date (minute precision) for every reference ID.

    reference_ids: the IDs as published (malformed ones included; see `cablekit.refid.canonicalize`).
    anchors: known dates of some IDs; kept when they fall in the ID's year and keep the
        serial order, else the ID is dated like the others.
    Deterministic for a given seed and input. Example: see the module docstring.
    """
    rng = random.Random(seed)
    groups: dict[tuple[int, str], list[tuple[int, str]]] = defaultdict(list)
    loose: list[str] = []
    for rid in reference_ids:
        parts = split(canonicalize(rid))
        if parts is None:
            loose.append(rid)
        else:
            groups[(id_year(rid), parts.post)].append((parts.serial, rid))
    typical = _typical_volumes(groups)
    dates: dict[str, datetime] = {}
    for (year, post) in sorted(groups):
        members = sorted(groups[(year, post)])
        dates.update(_date_group(year, members, typical.get(post, 0.0), anchors, rng))
    for rid in sorted(loose):
        start, end, _ = _year_bounds(id_year(rid))
        known = anchors.get(rid)
        dates[rid] = known if known and known.year == id_year(rid) else _datetime(rng.uniform(start, end))
    return dates


def _typical_volumes(groups: dict[tuple[int, str], list[tuple[int, str]]]) -> dict[str, float]:
    """Median of a post's largest serial over its full years with at least 20 cables."""
    per_post: dict[str, list[int]] = defaultdict(list)
    for (year, post), members in groups.items():
        if len(members) >= _DENSE and datetime(year, 12, 31) <= DUMP_END:
            per_post[post].append(max(s for s, _ in members))
    return {post: float(statistics.median(v)) for post, v in per_post.items()}


def _date_group(year: int, members: list[tuple[int, str]], typical: float,
                anchors: dict[str, datetime], rng: random.Random) -> dict[str, datetime]:
    """Dates of one post-year; ``members`` are (serial, reference ID) sorted by serial."""
    start, end, next_year = _year_bounds(year)
    span = next_year - start
    window = (end - start) / span
    volume = members[-1][0] / window * 1.02 + 1
    if len(members) < _DENSE:
        volume = max(volume, typical)
    knots = [(0.0, start)]
    fixed: set[str] = set()
    for serial, rid in members:
        known = anchors.get(rid)
        if known is None or known.year != year:
            continue
        t = _minutes(known)
        if t > knots[-1][1] and t <= end and serial > knots[-1][0]:
            knots.append((float(serial), t))
            fixed.add(rid)
    knots.append((volume, next_year))
    times: list[float] = []
    k = 0
    for serial, rid in members:
        while k + 2 < len(knots) and knots[k + 1][0] <= serial:
            k += 1
        (s0, t0), (s1, t1) = knots[k], knots[k + 1]
        t = t0 + (serial - s0) / (s1 - s0) * (t1 - t0) if s1 > s0 else t0
        times.append(_minutes(anchors[rid]) if rid in fixed else min(t, end))
    out: dict[str, datetime] = {}
    last = start
    for i, (serial, rid) in enumerate(members):
        t = times[i]
        if rid not in fixed:
            lo = times[i - 1] if i else start
            hi = times[i + 1] if i + 1 < len(times) else end
            t += rng.uniform(-_JITTER, _JITTER) * max(0.0, min(t - lo, hi - t))
        t = max(t, last)
        last = t
        out[rid] = _datetime(t)
    return out
