"""The cable reader over the real corpus: 09ASTANA2204's header explained element by element,
its references, the declassification calendar, the timeline and the classifications page."""
from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pytest
from selectolax.lexbor import LexborHTMLParser

from cablekit import decode
from cablekit.store import SearchQuery
from cablekit.web.declassification import declassification_calendar
from cablekit.web.decoding import marking_level

SEED_ID = "09ASTANA2204"
ROUTED_TO = ("RUEHBI", "RUEHCI", "RUEHDBU", "RUEHFL", "RUEHKW", "RUEHLA", "RUEHLH", "RUEHNEH", "RUEHNP",
             "RUEHPW", "RUEHROV", "RUEHSL")


@pytest.fixture(scope="module")
def header_tips(client) -> list[list[tuple[str, str]]]:
    """The seed page's header as lines of (token text, its explanation), from the HTML."""
    tree = LexborHTMLParser(client.get(f"/cables/{SEED_ID}").text)
    tips = {n.attributes["id"]: n.text() for n in tree.css("pre.header-text .tip")}
    lines: list[list[tuple[str, str]]] = [[]]
    for node in tree.css_first("pre.header-text").iter(include_text=True):
        if node.tag == "-text" and "\n" in node.text():
            lines.extend([] for _ in range(node.text().count("\n")))
        elif node.tag == "span" and "tt" in (node.attributes.get("class") or "").split():
            tok = node.css_first(".tok")
            lines[-1].append((tok.text(), tips[tok.attributes["aria-describedby"]]))
    return [line for line in lines if line]


def tip_of(lines: list[list[tuple[str, str]]], line: int, text: str) -> str:
    found = [tip for t, tip in lines[line] if t == text]
    assert found, f"{text!r} is not explained on header line {line + 1}: {lines[line]}"
    return found[0]


# -- the header of 09ASTANA2204, element by element ----------------------------------------


def test_transmission_id_and_routing_line(header_tips):
    assert "Transmission identifier" in tip_of(header_tips, 0, "VZCZCXRO3973")
    assert "serial 3973" in tip_of(header_tips, 0, "VZCZCXRO3973")
    assert tip_of(header_tips, 1, "OO").startswith("Precedence prosign, doubled on the routing line — Immediate")
    seen = [t for line in header_tips[1:3] for t, _ in line][1:]
    assert seen == list(ROUTED_TO)
    for ri in ROUTED_TO:
        tip = tip_of(header_tips, 1 if ri in ROUTED_TO[:9] else 2, ri)
        station = decode.routing_indicator(ri)
        expected = f"Routing indicator {ri}: {station}" if station else \
            f"Routing indicator {ri}: station not in our routing table"
        assert tip.startswith(expected) and tip.endswith("(a station the message is routed to)"), tip
    assert decode.routing_indicator("RUEHKW") is None  # one of them is not in the table


def test_de_line_station_serial_section_julian_day_and_time(header_tips):
    assert tip_of(header_tips, 3, "DE").startswith("DE (from)")
    assert tip_of(header_tips, 3, "RUEHTA") == "Routing indicator RUEHTA: AMEMBASSY ASTANA (the originating station)"
    assert tip_of(header_tips, 3, "#2204/01") == "Station serial number 2204, section 1"
    assert tip_of(header_tips, 3, "3570937") == \
        "Julian day 357 and time 09:37 UTC of transmission (23 December 2009)"


def test_security_line_precedence_and_dtg(header_tips):
    assert "classified" in tip_of(header_tips, 4, "ZNY")
    assert tip_of(header_tips, 4, "SSSSS") == "Security group: Secret."
    assert tip_of(header_tips, 4, "ZZH").startswith("Operating signal ZZH: ")
    assert tip_of(header_tips, 5, "O").startswith("Precedence prosign — Immediate")
    assert tip_of(header_tips, 5, "230937Z DEC 09") == "Date-time group: 23 December 2009, 09:37 UTC (Zulu)"


def test_fm_to_and_every_info_addressee(header_tips, store):
    cable = store.get(SEED_ID)
    assert tip_of(header_tips, 6, "FM").startswith("FM (from)")
    assert tip_of(header_tips, 6, "AMEMBASSY ASTANA") == "Originator AMEMBASSY ASTANA (AMEMBASSY: American Embassy)"
    assert tip_of(header_tips, 7, "TO").startswith("TO: action addressee")
    assert tip_of(header_tips, 7, "RUEHC") == "Routing indicator RUEHC: SECSTATE WASHDC"
    assert tip_of(header_tips, 7, "IMMEDIATE").startswith("Precedence for this addressee — Immediate")
    assert tip_of(header_tips, 7, "7069").startswith("Message continuity number (MCN) 7069")
    assert tip_of(header_tips, 8, "INFO").startswith("INFO: information addressee")
    assert len(cable.info) == 16
    for n, addressee in enumerate(cable.info):
        line = 8 + n
        ri_tip = tip_of(header_tips, line, addressee.routing_indicator)
        assert ri_tip.startswith(f"Routing indicator {addressee.routing_indicator}"), ri_tip
        assert addressee.name in ri_tip or decode.routing_indicator(addressee.routing_indicator) == addressee.name
        assert tip_of(header_tips, line, addressee.name).startswith(f"Information addressee {addressee.name}")
        if addressee.serial is not None:
            assert tip_of(header_tips, line, str(addressee.serial)).startswith(
                f"Message continuity number (MCN) {addressee.serial}")
    joint_staff = 8 + [a.name for a in cable.info].index("JOINT STAFF WASHDC")
    shared = tip_of(header_tips, joint_staff, "RUEKJCS")  # the table's name for RUEKJCS is SECDEF WASHDC
    assert shared.startswith("Routing indicator RUEKJCS, here for JOINT STAFF WASHDC") and "SECDEF WASHDC" in shared


def test_references_show_canonical_ids_with_their_letters(client):
    tree = LexborHTMLParser(client.get(f"/cables/{SEED_ID}").text)
    items = tree.css("section.references ul.refs li")
    assert [(i.css_first(".label").text(), i.css_first("code").text()) for i in items] == [
        ("A.", "09STATE128489"), ("B.", "09ASTANA2000"), ("C.", "09ASTANA2158"), ("D.", "09ASTANA2198")]
    assert items[0].css_first(".as-written").text() == "(STATE 128489)"


def test_every_cable_page_links_the_guide(client, store):
    for rid in list(store.iter_ids())[::150]:
        tree = LexborHTMLParser(client.get(f"/cables/{rid}").text)
        assert tree.css_first('ul.tools a[href="/guide"]') is not None, rid


# -- the declassification calendar -----------------------------------------------------------


def test_declassification_calendar_counts_years_and_instructions(client, store):
    values = Counter(r["declassify_on"] for r in store.iter_matches(SearchQuery("")))
    by_year = Counter()
    for value, n in values.items():
        if value and re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            by_year[int(value[:4])] += n
    today = date(2019, 6, 30)
    cal = declassification_calendar(store, today)
    assert {r.year: r.count for r in cal.years} == dict(by_year)
    assert {r.year: r.passed for r in cal.years}[2019] == sum(
        n for v, n in values.items() if v and v.startswith("2019-") and v <= "2019-06-30")
    assert 0 < {r.year: r.passed for r in cal.years}[2019] < by_year[2019]
    assert cal.passed == sum(n for v, n in values.items() if v and v[:4].isdigit() and v <= "2019-06-30")
    instructions = {i.value.upper(): i.count for i in cal.instructions}
    assert instructions["N/A"] == values["N/A"] + values["n/a"] and instructions["OADR"] == values["OADR"]
    assert cal.no_eo_line == values[None]
    assert cal.dated + sum(instructions.values()) + cal.no_eo_line == store.count()
    oadr = next(i for i in cal.instructions if i.value == "OADR")
    html = client.get(oadr.href).text
    assert f"{values['OADR']} cables found" in html


def test_declassification_page(client, store):
    r = client.get("/declassification")
    tree = LexborHTMLParser(r.text)
    rows = {row.css_first("th").text(): [td.text() for td in row.css("td")]
            for row in tree.css("#declass-years tbody tr")}
    assert rows["2019"][0] == str(store.search(SearchQuery("declassify_on:2019")).total)
    assert rows["2015"][2] == "passed" and rows["2050"][2] == "pending"
    svg = tree.css_first("figure svg")
    assert svg.attributes["role"] == "img" and svg.css_first("title").text() and svg.css_first("desc").text()
    assert tree.css_first('#declass-instructions a[href="/search?fq=declassify_on%3A%22OADR%22"]') is not None


# -- timeline and classifications ------------------------------------------------------------


def test_timeline_stacks_months_by_level_with_a_table_fallback(client, store):
    tree = LexborHTMLParser(client.get("/timeline").text)
    svg = tree.css_first("figure.timeline svg")
    assert svg.attributes["role"] == "img"
    assert svg.attributes["aria-labelledby"] == "tl-title tl-desc"
    assert "1,042 cables from Dec 1966 to Feb 2010" in svg.css_first("desc").text()
    months = store.facet_counts("month")
    assert len(svg.css("a")) == len(months)
    assert all(a.attributes["tabindex"] == "-1" for a in svg.css("a"))
    rows = tree.css("#month-table tbody tr")
    assert [r.css_first("time").attributes["datetime"] for r in rows] == [fc.value for fc in months]
    assert [int(r.css("td")[-1].text().replace(",", "")) for r in rows] == [fc.count for fc in months]
    heads = [th.text() for th in tree.css("#year-table thead th")]
    levels = Counter()
    for fc in store.facet_counts("classification"):
        levels[marking_level(fc.value)] += fc.count
    secret = heads.index("Secret") - 1
    year_rows = tree.css("#year-table tbody tr")
    assert sum(int(r.css("td")[secret].text().replace(",", "")) for r in year_rows) == levels["s"]
    dec09 = next(r for r in year_rows if r.css_first("th").text() == "2009")
    assert dec09.css_first("a").attributes["href"] == "/search?fq=created%3A2009"


def test_classifications_page_levels_and_markings(client, store):
    tree = LexborHTMLParser(client.get("/classifications").text)
    counts = {fc.value: fc.count for fc in store.facet_counts("classification")}
    for row in tree.css("tr.marking-row, tr.level-row"):
        link = row.css_first("a")
        shown = int(row.css_first("td.num").text().replace(",", ""))
        html = client.get(link.attributes["href"]).text
        assert re.search(rf"{shown:,} cables? found", html), link.attributes["href"]
    secret = next(r for r in tree.css("tr.level-row") if r.css_first("a").text() == "SECRET")
    assert int(secret.css_first("td.num").text().replace(",", "")) == counts["SECRET"] + counts["SECRET//NOFORN"]
