"""The decoding tables (cablekit.decode): real lookups, table hygiene, and the corpus decoded.

Corpus tests read the Cablegate pages and the seed page with cablekit's readers
and collect the codes with their own small regexes (not the parser's), so a
code the parser misses is still checked against the tables.
"""
from __future__ import annotations

import doctest
import importlib
import importlib.util
import re
from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path

import pytest

from cablekit import decode
from cablekit.decode import tables
from cablekit.sources import iter_files, read_path

from conftest import CABLEGATE, REPO, SEED

TABLES = ["precedence", "routing_indicators", "tags", "classification", "caveats", "signals",
          "reasons", "executive_orders"]


def _tool(name: str):
    """A script of tools/ as a module (its helpers are the table builders' own)."""
    spec = importlib.util.spec_from_file_location(name, REPO / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus() -> list:
    """Every raw cable of the Cablegate pages and the seed page."""
    return [raw for path in iter_files([CABLEGATE, SEED]) for raw in read_path(path)]


# --- real lookups -------------------------------------------------------------------------

def test_routing_indicators_of_the_seed_header():
    assert decode.routing_indicator("RUEHC") == "SECSTATE WASHDC"
    assert decode.routing_indicator("RUEHTA") == "AMEMBASSY ASTANA"
    assert decode.routing_indicator("rueaiia") == "CIA WASHDC"
    assert decode.routing_indicator("RHEHNSC") == "NSC WASHDC"
    assert decode.routing_indicator("RUEKJCS") == "SECDEF WASHDC"
    assert decode.routing_indicator("RUEHBJ") == "AMEMBASSY BEIJING"
    assert decode.routing_indicator("RUCNCIS") == "CIS COLLECTIVE"
    assert decode.routing_indicator("RUEHWEB") is None
    assert decode.routing_indicator("") is None


def test_routing_entry_keeps_the_other_names():
    astana = decode.routing_entry("RUEHTA")
    assert astana.also == ("AMEMBASSY ALMATY (3)",)  # the embassy moved and kept its indicator
    assert astana.count >= 10 and astana.source == "corpus"
    jcs = decode.routing_entry("RUEKJCS")
    assert any(a.startswith("JOINT STAFF WASHDC (") for a in jcs.also)
    assert jcs.source == "corpus; ACP 117"
    assert decode.routing_entry("RUEHLP").name == "AMEMBASSY LA PAZ"  # not "AMEMBASSY LA PAZ FEB"


def test_tags_by_kind():
    assert decode.tag("KZ") == decode.TagInfo("KZ", "country", "Country: Kazakhstan.")
    assert decode.tag("PREL").meaning == ("Political: external political relations "
                                         "(foreign policy, bilateral and multilateral relations).")
    assert decode.tag("PGOV").meaning == "Political: internal government affairs of the country."
    assert decode.tag_kind("KNNP") == "program"
    assert decode.tag_kind("NATO") == "organization"
    assert decode.tag_kind("CH") == "country" and decode.tag("CH").meaning == "Country: China."
    assert decode.tag("ECONEFIN").see == ("ECON", "EFIN")
    assert decode.tag("SW.").code == "SW"
    assert decode.tag("Organized Crime").kind == "word"
    assert decode.tag("KTIA").kind == "unknown" and not decode.tag("KTIA").decoded
    assert decode.tag("QQQQ") is None and decode.tag_kind(None) is None


def test_person_tags():
    info = decode.tag("OVIP (CLINTON, HILLARY)")
    assert info.kind == "person"
    assert info.meaning == ("Person: Hillary Clinton, a person tag under OVIP: "
                            "visits of very important persons (senior U.S. officials).")
    assert decode.tag("OVIP (STEINBERG, JAMES B.)").meaning.startswith("Person: James B. Steinberg,")
    assert decode.tag("CLINTON").kind == "person"


def test_precedence_exact():
    assert [decode.precedence(p).name for p in ("Z", "O", "P", "R")] == ["FLASH", "IMMEDIATE", "PRIORITY", "ROUTINE"]
    assert [decode.precedence(p).name for p in ("ZZ", "OO", "PP", "RR")] == ["FLASH", "IMMEDIATE", "PRIORITY",
                                                                          "ROUTINE"]
    assert decode.precedence("o  r") == decode.Precedence(
        "O R", "IMMEDIATE", "Immediate for the action addressees, Routine for the information addressees.")
    assert decode.precedence("NIACT IMMEDIATE").name == "NIACT IMMEDIATE"
    assert decode.precedence("IMMEDIATE").name == "IMMEDIATE"
    assert decode.precedence("X") is None and decode.precedence(None) is None


def test_reasons_exact():
    assert decode.reason("1.4(d)").meaning == ("Foreign relations or foreign activities of the United States, "
                                               "including confidential sources.")
    assert decode.reason("1.4(b)").meaning == "Foreign government information."
    assert decode.reason("1.4 (A)").code == "1.4(a)"
    assert decode.reason("1/4 (B)").code == "1.4(b)"  # "1/4" is read as 1.4 (gold README)
    assert decode.reason("1.4h").meaning.startswith("Weapons of mass destruction")
    assert decode.reason("1.5 (D)").note == "E.O. 12958 as first issued in 1995, section 1.5"
    assert [decode.canonical_reason(f"1.4 ({c})") for c in "ABCDEFGH"] == [f"1.4({c})" for c in "abcdefgh"]
    assert decode.reason("1.5(h)") is None and decode.reason("1.4(i)") is None and decode.reason("") is None


def test_executive_orders_with_years():
    years = {n: decode.executive_order(n).year for n in ("11652", "12065", "12356", "12958", "13526")}
    assert years == {"11652": 1972, "12065": 1978, "12356": 1982, "12958": 1995, "13526": 2009}
    assert decode.executive_order("E.O. 12958").number == "12958"
    assert decode.executive_order("EO 13526").year == 2009
    assert decode.executive_order("12598") is None  # the corpus's typo of 12958 is not an order


def test_markings_levels_and_caveats():
    assert decode.portion_marking("S/NF") == "Secret, not releasable to foreign nationals"
    assert decode.portion_marking("(C//REL ISAF)") == ("Confidential, releasable to ISAF "
                                                      "(the NATO-led International Security Assistance Force in Afghanistan)")
    assert decode.portion_marking("U//FOUO") == "Unclassified, for official use only"
    assert decode.portion_marking("SECRET//NOFORN") == "Secret, not releasable to foreign nationals"
    assert decode.portion_marking("C - ENTIRE TEXT") == "Confidential (the entire text)"
    assert decode.portion_marking("S/REL UK") == "Secret, releasable to United Kingdom"
    assert decode.portion_marking("N/SF") is None
    assert decode.classification("S E C R E T").code == "SECRET"
    assert decode.classification("UNCLAS").meaning.startswith("Unclassified")
    assert decode.caveat("NF").note == "short for NOFORN"
    assert decode.caveat("SIPDIS").kind == "caption"
    assert decode.caveat("REL TO USA, FVEY").note.startswith("releasable to the United States, the Five Eyes")
    assert decode.caveat("USA") is None  # a REL TO list item is no caveat on its own


def test_security_line_and_operating_signals():
    assert decode.security_group("SSSSS").meaning == "Security group: Secret."
    assert decode.security_group("CCCCC").meaning == "Security group: Confidential."
    assert decode.security_group("ZZH") is None
    assert decode.security_warning("ZNR").meaning == "Security warning: the message is unclassified."
    assert decode.operating_signal("ZEN").kind == "operating_signal"
    assert decode.operating_signal("ZFD").meaning.endswith("suspected duplicate of a message already sent.")
    assert decode.security_line("ZNY SSSSS ZZH") == "classified message, Secret, State Department traffic"
    assert decode.security_line("ZNY CCCCC ZZH (CCY AD6CB6C9 WSC6493 634)") == (
        "classified message, Confidential, State Department traffic")
    assert decode.security_line("ZNY SSSSS QQQ") is None


def test_doctests_of_the_decode_modules():
    for name in ("", ".tables", ".precedence", ".routing", ".tags", ".marking", ".signals", ".declass"):
        module = importlib.import_module(f"cablekit.decode{name}")
        result = doctest.testmod(module)
        assert result.attempted > 0, module.__name__
        assert result.failed == 0, module.__name__


# --- the tables themselves ------------------------------------------------------------------

@pytest.mark.parametrize("name", TABLES)
def test_each_table_names_its_source_and_has_unique_codes(name):
    text = resources.files("cablekit").joinpath("tables", f"{name}.tsv").read_text(encoding="utf-8")
    assert text.startswith("# source: ")
    assert "/work/" not in text and "\r" not in text
    key = "indicator" if name == "routing_indicators" else "code"
    codes = [r[key].upper() for r in tables.rows(name)]
    assert codes and len(codes) == len(set(codes))
    columns = text.split("\n")[[i for i, line in enumerate(text.split("\n")) if not line.startswith("#")][0]]
    assert all(len(line.split("\t")) == len(columns.split("\t"))
               for line in text.split("\n") if line and not line.startswith("#"))


def test_tag_kinds_and_typo_pointers():
    rows = decode.tags()
    assert {t.kind for t in rows} == set(decode.KINDS)
    for t in rows:
        assert t.meaning.endswith((".", ")")), t.code
        if t.kind == "typo":
            assert t.see, t.code
            assert all(decode.tag(s) and decode.tag(s).kind != "typo" for s in t.see), t.code
        else:
            assert t.see == (), t.code


# --- the corpus decoded ---------------------------------------------------------------------

def test_every_tags_code_of_the_corpus_decodes(corpus):
    tags_of = _tool("corpus_tags").tags_of
    codes = Counter(code for raw in corpus for code in tags_of(raw.metadata.get("tags"), raw.body))
    assert codes["PREL"] > 800 and codes["PGOV"] > 600 and codes["KZ"] >= 4
    missing = sorted(c for c in codes if decode.tag(c) is None)
    assert missing == []
    unknown = {c for c in codes if not decode.tag(c).decoded}
    assert unknown == {"AEC", "AU-1", "EREL", "EUC", "INRA", "INRO", "KPIN", "KPWR", "KSEC", "KTIA", "ODIP",
                       "OFDP", "OPDC", "OTR", "PBIO", "PEPR", "PINL", "PINT", "UE", "XG", "XL", "XR", "XS",
                       "XT", "XY", "ZK", "ZP", "ZR", "ZU"}


def test_every_tag_link_of_the_mirror_pages_decodes():
    """The mirror's own TAGS links (``<a href='/tag/PREL_0.html'>``), a second, independent reading."""
    link = re.compile(r"href='/tag/([^'_]+)_0\.html'>")
    linked: Counter = Counter()
    for page in CABLEGATE.rglob("*.html"):
        html = page.read_text(encoding="utf-8", errors="replace")
        pre = html.find("<pre>", html.find("<pre>") + 1)  # the body block; the sidebar lists all tags
        linked.update(link.findall(html[pre:]))
    assert linked["PREL"] > 400
    assert sorted(c for c in linked if decode.tag(c) is None) == []


def test_every_routing_pair_of_the_corpus_agrees_with_the_table(corpus):
    station_name = _tool("build_routing_table").station_name
    pair = re.compile(r"^(?:TO|INFO|XMT)?\s*(R[A-Z]{3,6})/(\S.*)$", re.M)
    de = re.compile(r"^DE\s+(R[A-Z]{3,6})\s", re.M)
    fm = re.compile(r"^FM\s+(\S.*)$", re.M)
    seen: dict[str, Counter] = defaultdict(Counter)
    for raw in corpus:
        for m in pair.finditer(raw.header):
            seen[m.group(1)][station_name(m.group(2))] += 1
        d, f = de.search(raw.header), fm.search(raw.header)
        if d and f:
            seen[d.group(1)][station_name(f.group(1))] += 1
    assert len(seen) > 300 and sum(seen["RUEHC"].values()) > 900
    for ri, names in seen.items():
        entry = decode.routing_entry(ri)
        assert entry is not None, ri
        table_names = {entry.name} | {a.rsplit(" (", 1)[0] for a in entry.also}
        assert set(names) <= table_names, ri


def test_every_precedence_of_the_corpus_decodes(corpus):
    dtg = re.compile(r"^([ZOPR0](?: [ZOPR])?) \d{6}Z [A-Z]{3} \d{2}\b", re.M)
    line2 = re.compile(r"^(ZZ|OO|PP|RR) R[A-Z]{3,6}\b", re.M)
    word = re.compile(r"/\S.*?\b(NIACT IMMEDIATE|IMMEDIATE|PRIORITY|ROUTINE|FLASH)\b")
    found: Counter = Counter()
    for raw in corpus:
        found.update(m.group(1) for m in dtg.finditer(raw.header))
        found.update(m.group(1) for m in line2.finditer(raw.header))
        found.update(m.group(1) for m in word.finditer(raw.header))
    assert {"O", "P", "R", "O R", "OO", "PP", "RR", "IMMEDIATE", "PRIORITY", "NIACT IMMEDIATE"} <= set(found)
    assert {p: decode.precedence(p).name for p in ("O R", "P R", "O P")} == {
        "O R": "IMMEDIATE", "P R": "PRIORITY", "O P": "IMMEDIATE"}
    assert sorted(p for p in found if decode.precedence(p) is None) == []


def test_every_security_line_and_signal_of_the_corpus_decodes(corpus):
    line = re.compile(r"^(ZN[YR] [A-Z]{5}\b.*)$", re.M)
    after_dtg = re.compile(r"^[ZOPR](?: [ZOPR])? \d{6}Z [A-Z]{3} \d{2} (Z[A-Z]{2})\b", re.M)
    lines = [m.group(1) for raw in corpus for m in line.finditer(raw.header)]
    assert len(lines) > 880
    assert [ln for ln in lines if decode.security_line(ln) is None] == []
    signals_after_dtg = {m.group(1) for raw in corpus for m in after_dtg.finditer(raw.header)}
    assert signals_after_dtg == {"ZDK", "ZDS", "ZFD"}
    assert all(decode.operating_signal(s) for s in signals_after_dtg)


def test_every_portion_marking_and_reason_of_the_corpus_decodes(corpus):
    mark = re.compile(r"^\s*\d{1,2}\.\s*\(([^()\n]{1,40})\)", re.M)
    reason = re.compile(r"\b1\s*[./]\s*([45])\s*\(\s*([a-hA-H])\b")  # the first letter: "1.4 (B,D)"
    markings: Counter = Counter()
    reasons: Counter = Counter()
    for raw in corpus:
        markings.update(m.group(1) for m in mark.finditer(raw.body))
        reasons.update(f"1.{m.group(1)}({m.group(2).lower()})" for m in reason.finditer(raw.body[:6000]))
    assert markings["C"] > 5000 and markings["S/NF"] > 1000
    assert sorted(m for m in markings if decode.portion_marking(m) is None) == ["N/SF"]  # explained in the table
    assert reasons["1.4(b)"] > 700 and reasons["1.5(b)"] > 20
    assert sorted(r for r in reasons if decode.reason(r) is None) == []


def test_every_caption_under_the_banner_decodes(corpus):
    caption = re.compile(r"^(SIPDIS|NOFORN|SENSITIVE|NOTAL|EXDIS|LIMDIS|NODIS|FOUO|STADIS)\s*$", re.M)
    found = Counter(m.group(1) for raw in corpus for m in caption.finditer(raw.body[:3000]))
    assert found["SIPDIS"] > 1000 and found["NOFORN"] > 200
    assert all(decode.caveat(c) for c in found)


def test_the_seed_page_decodes_whole():
    raw = next(read_path(Path(SEED)))
    tags_of = _tool("corpus_tags").tags_of
    assert tags_of(raw.metadata.get("tags"), raw.body) == ["PGOV", "PREL", "PINR", "MARR", "AF", "RS", "UZ", "KZ"]
    assert [decode.tag(t).kind for t in ("PGOV", "MARR", "UZ")] == ["subject", "subject", "country"]
    assert decode.tag("UZ").meaning == "Country: Uzbekistan."
    assert decode.tag("MARR").meaning == "Military and defense arrangements (basing, agreements, cooperation)."
