"""Transmission-header parsing: real header lines from the corpus, each tagged with its cable ID.

Each case is header text (as the readers hand it over) -> the expected fields.
``to``/``info`` list addressee names; the Addressee details are checked separately.
Sources: ../shared/corpus/cablegate (Cablegate pages), cables-csv rows (CSV),
plusd excerpts (PlusD) and the seed page.
"""
from __future__ import annotations

import re

import pytest

from cablekit.model import Addressee
from cablekit.parse.header import parse_header
from cablekit.sources.cablegate import CablegateHtmlReader
from conftest import CABLEGATE, gold_path

SEED_HEADER = """VZCZCXRO3973
OO RUEHBI RUEHCI RUEHDBU RUEHFL RUEHKW RUEHLA RUEHLH RUEHNEH RUEHNP
RUEHPW RUEHROV RUEHSL
DE RUEHTA #2204/01 3570937
ZNY SSSSS ZZH
O 230937Z DEC 09
FM AMEMBASSY ASTANA
TO RUEHC/SECSTATE WASHDC IMMEDIATE 7069
INFO RUCNCIS/CIS COLLECTIVE 2283
RUEHZL/EUROPEAN POLITICAL COLLECTIVE
RUCNCLS/ALL SOUTH AND CENTRAL ASIA COLLECTIVE
RUCNAFG/AFGHANISTAN COLLECTIVE
RUEHBJ/AMEMBASSY BEIJING 1646"""

CASES = [
    # ACP-127: VZCZC line, doubled precedence line with wrapped routing indicators, DE line.
    ("09ASTANA2204", SEED_HEADER, {
        "transmission_id": "VZCZCXRO3973", "station": "RUEHTA", "station_serial": 2204,
        "section": 1, "julian_day": 357, "julian_time": "0937",
        "security_line": "ZNY SSSSS ZZH", "dtg": "230937Z DEC 09", "precedence": "IMMEDIATE",
        "from": "AMEMBASSY ASTANA", "to": ["SECSTATE WASHDC"],
        "info": ["CIS COLLECTIVE", "EUROPEAN POLITICAL COLLECTIVE",
                 "ALL SOUTH AND CENTRAL ASIA COLLECTIVE", "AFGHANISTAN COLLECTIVE", "AMEMBASSY BEIJING"]}),
    # Three routing lines; ZNR security line of an unclassified cable.
    ("06PARIS7884", """VZCZCXRO1568
PP RUEHAG RUEHAST RUEHBC RUEHDA RUEHDBU RUEHDE RUEHDF RUEHFL RUEHGI
RUEHIK RUEHKUK RUEHKW RUEHLA RUEHLH RUEHLN RUEHLZ RUEHPW RUEHROV
RUEHSR RUEHVK RUEHYG
DE RUEHFR #7884/01 3551529
ZNR UUUUU ZZH
P 211529Z DEC 06
FM AMEMBASSY PARIS
TO RUEHC/SECSTATE WASHDC PRIORITY 3913
INFO RUEHZL/EUROPEAN POLITICAL COLLECTIVE PRIORITY""", {
        "transmission_id": "VZCZCXRO1568", "station": "RUEHFR", "station_serial": 7884,
        "security_line": "ZNR UUUUU ZZH", "precedence": "PRIORITY", "dtg": "211529Z DEC 06",
        "to": ["SECSTATE WASHDC"], "info": ["EUROPEAN POLITICAL COLLECTIVE"]}),
    # DE line without a section; blank line after the routing line.
    ("09STATE16285", """VZCZCXYZ0000
OO RUEHWEB

DE RUEHC #6285 0532034
ZNY SSSSS ZZH
O 222018Z FEB 09
FM SECSTATE WASHDC""", {
        "station": "RUEHC", "station_serial": 6285, "section": None, "julian_day": 53,
        "julian_time": "2034", "dtg": "222018Z FEB 09", "precedence": "IMMEDIATE",
        "from": "SECSTATE WASHDC", "to": [], "info": []}),
    # DTG line with a trailing ZDK operating signal.
    ("09ABUDHABI301", """VZCZCXRO9047
OO RUEHDE RUEHDH RUEHDIR
DE RUEHAD #0301 0840811
ZNY CCCCC ZZH
O 250811Z MAR 09 ZDK
FM AMEMBASSY ABU DHABI
TO RUEHC/SECSTATE WASHDC IMMEDIATE 2289
INFO RUEHZM/GULF COOPERATION COUNCIL COLLECTIVE
RHMFISS/DEPT OF ENERGY WASHINGTON DC""", {
        "dtg": "250811Z MAR 09", "station_serial": 301, "precedence": "IMMEDIATE",
        "info": ["GULF COOPERATION COUNCIL COLLECTIVE", "DEPT OF ENERGY WASHINGTON DC"]}),
    # DTG line with a ZDS/CTG service tail; DTG line with a CCY correction note.
    ("08NAIROBI1363", """VZCZCXRO2700
DE RUEHNR #1363/01 1551401
ZNY SSSSS ZZH
O 031401Z JUN 08 ZDS CTG RUEHSD 0020 1580042
FM AMEMBASSY NAIROBI
TO RUEHC/SECSTATE WASHDC IMMEDIATE 5949
INFO RUCNSOM/SOMALIA COLLECTIVE IMMEDIATE
RHMFISS/CJTF HOA""", {"dtg": "031401Z JUN 08", "info": ["SOMALIA COLLECTIVE", "CJTF HOA"]}),
    ("09BERLIN1273", """DE RUEHRL #1273/01 2821547
ZNY CCCCC ZZH
O 091547Z OCT 09 (CCY ADC1AECC MSI3311-632)
FM AMEMBASSY BERLIN
TO RUEHC/SECSTATE WASHDC IMMEDIATE 5459""", {"dtg": "091547Z OCT 09", "precedence": "IMMEDIATE"}),
    # Security line with a correction note kept whole.
    ("09DOHA214-sec", """ZNY SSSSS ZZH (CCY AD3230EB MSI1033-695)
R 261341Z MAR 09""", {"security_line": "ZNY SSSSS ZZH (CCY AD3230EB MSI1033-695)"}),
    # 'O R' prosigns: the action precedence; info precedence kept apart.
    ("07TRIPOLI943", """VZCZCXRO0002
OO RUEHTRO
DE RUEHTRO #0943 3110914
ZNY SSSSS ZZH
O R 070914Z NOV 07
FM AMEMBASSY TRIPOLI
TO RUEHC/SECSTATE WASHDC IMMEDIATE 2806
INFO RUEHTRO/AMEMBASSY TRIPOLI 3227""", {
        "dtg": "070914Z NOV 07", "precedence": "IMMEDIATE", "info_precedence": "ROUTINE",
        "to": ["SECSTATE WASHDC"], "info": ["AMEMBASSY TRIPOLI"]}),
    # ACP-126, 'P R' prosigns, no routing indicators; 'STATE GRNC' is a charge notation.
    ("66BUENOSAIRES2481", """P R 281848Z DEC 66
FM AMEMBASSY BUENOS AIRES
TO SECSTATE WASHDC PRIORITY
INFO USCINCSO
CINCLANT
AMEMBASSY LONDON
STATE GRNC""", {
        "transmission_id": None, "station": None, "security_line": None,
        "dtg": "281848Z DEC 66", "precedence": "PRIORITY", "from": "AMEMBASSY BUENOS AIRES",
        "to": ["SECSTATE WASHDC"], "info": ["USCINCSO", "CINCLANT", "AMEMBASSY LONDON"]}),
    # No precedence word on the TO line: the prosign decides.
    ("79TEHRAN8980", "R 130458Z AUG 79\nFM AMEMBASSY TEHRAN\nTO SECSTATE WASHDC 3182", {
        "dtg": "130458Z AUG 79", "precedence": "ROUTINE", "to": ["SECSTATE WASHDC"], "info": []}),
    # CSV row 16: digit zero for the letter O.
    ("79TEHRAN11260", """0 241208Z OCT 79
FM AMEMBASSY TEHRAN
TO RUEHC/SECSTATE WASHDC IMMEDIATE 4442
INFO RUEHMO/AMEMBASSY MOSCOW IMMEDIATE 0343""", {
        "dtg": "241208Z OCT 79", "precedence": "IMMEDIATE", "info": ["AMEMBASSY MOSCOW"]}),
    # CSV row 12: no prosign and no precedence word.
    ("78KABUL3619", """061601Z MAY 78
FM AMEMBASSY KABUL
TO SECSTATE WASHDC
INFO AMEMBASSY ISLAMABAD
AMEMBASSY MOSCOW""", {"dtg": "061601Z MAY 78", "precedence": None,
                      "info": ["AMEMBASSY ISLAMABAD", "AMEMBASSY MOSCOW"]}),
    # CSV row 14: routing indicators that are not RUxx; a name with a typo kept as written.
    ("79ANKARA6618", """R 100701Z SEP 79
FM AMEMBASSY ANKARA
TO RUEHC/SECSTATE WASHDC
INFO REFLEPA/AMCONSUL ADANA
RUGMPL/AMCONSUL INSTANBUL 8561""", {"info": ["AMCONSUL ADANA", "AMCONSUL INSTANBUL"]}),
    # CSV row 23: office suffixes with slashes are part of the name, not a routing indicator.
    ("85BOGOTA555", """R 171414Z JAN 85
FM AMEMBASSY BOGOTA
TO SECSTATE WASHDC 7774
INFO USCINCSO QUARRY HEIGHTS//SCJ2//
JCS//J5//WASHDC""", {"info": ["USCINCSO QUARRY HEIGHTS//SCJ2//", "JCS//J5//WASHDC"]}),
    # CSV row 10: 'O R ... ZFF4', NIACT IMMEDIATE on the first action addressee.
    ("7575LIBREVILLE1895", """O R 181205Z NOV 75 ZFF4
FM AMEMBASSY LIBREVILLE
TO USMISSION USUN NEWYORK NIACT IMMEDIATE
SECSTATE WASHDC IMMEDIATE 7102
INFO AMEMBASSY PARIS""", {
        "dtg": "181205Z NOV 75", "precedence": "IMMEDIATE",
        "to": ["USMISSION USUN NEWYORK", "SECSTATE WASHDC"], "info": ["AMEMBASSY PARIS"]}),
    # Two action addressees, both with a precedence word.
    ("86MADRID5480", """O 121758Z MAY 86
FM AMEMBASSY MADRID
TO SECSTATE WASHDC IMMEDIATE 8202
EC COLLECTIVE IMMEDIATE
INFO AMEMBASSY ALGIERS""", {"to": ["SECSTATE WASHDC", "EC COLLECTIVE"], "info": ["AMEMBASSY ALGIERS"]}),
    # No INFO line: every addressee is an action addressee.
    ("09MUNICH25", """DE RUEHMZ #0025/01 0440601
ZNR UUUUU ZZH
P 130601Z FEB 09
FM AMCONSUL MUNICH
TO RUEHC/SECSTATE WASHDC PRIORITY 4655
RUEKJCS/SECDEF WASHDC
RUCPDOC/USDOC WASHDC
RUEHZG/NATO EU COLLECTIVE""", {
        "to": ["SECSTATE WASHDC", "SECDEF WASHDC", "USDOC WASHDC", "NATO EU COLLECTIVE"], "info": []}),
    # Partial extract: first date line (case kept), printed page header, office list, dashed line.
    ("00HARARE6677", """This record is a partial extract of the original cable. The full text of the original cable is not available.

291359Z Nov 00


                           CONFIDENTIAL     PTQ1859

PAGE 01        HARARE  06677  01 OF 03  291400Z
ACTION AF-00

INFO  LOG-00   NP-00    AID-00   ACQ-00   CEA-01   CIAE-00  COME-00
      SAS-00   SWCI-00    /012W
                  ------------------A54E38  291401Z /38
FM AMEMBASSY HARARE
TO SECSTATE WASHDC IMMEDIATE 7738
INFO NSC WASHDC IMMEDIATE
SOUTHERN AFRICAN DEVELOPMENT COMMUNITY
AMEMBASSY NAIROBI""", {
        "transmission_id": None, "dtg": "291359Z Nov 00", "precedence": "IMMEDIATE",
        "from": "AMEMBASSY HARARE", "to": ["SECSTATE WASHDC"],
        "info": ["NSC WASHDC", "SOUTHERN AFRICAN DEVELOPMENT COMMUNITY", "AMEMBASSY NAIROBI"]}),
    # A fragment of the info list and a Distribution: block before the real header.
    ("08LONDON2673", """AMEMBASSY TRIPOLI
DEPT OF JUSTICE WASHDC
NSC WASHDC

Distribution:

TED1302
ACTION NEA-00

INFO  LOG-00   CIAE-00  INL-00   DODE-00  PERC-00  PDI-00   DS-00
      DRL-00   SAS-00   FA-00    SWCI-00    /000W
                  ------------------EE9C66  240653Z /38
P 240645Z OCT 08
FM AMEMBASSY LONDON
TO SECSTATE WASHDC PRIORITY 0179
INFO AMEMBASSY TRIPOLI PRIORITY
DEPT OF JUSTICE WASHDC PRIORITY
NSC WASHDC PRIORITY""", {
        "transmission_id": None, "dtg": "240645Z OCT 08", "precedence": "PRIORITY",
        "to": ["SECSTATE WASHDC"], "info": ["AMEMBASSY TRIPOLI", "DEPT OF JUSTICE WASHDC", "NSC WASHDC"]}),
    # INFO LOG-00 distribution block first; a page header inside the TO line.
    ("09STATE15113", """INFO  LOG-00   MFA-00   EEB-00   AF-00    AGRE-00  AIT-00   AMAD-00
      AOP-00   AEX-00   AS-00    A-00     ACQ-00   CIAE-00  CIP-00
      ALM-00   SCA-00   SAS-00   FA-00    PMA-00   SWCI-00    /007R


P 182318Z FEB 09
FM SECSTATE WASHDC
TO PAGE 02        STATE   015113  182333Z
ALL DIPLOMATIC POSTS COLLECTIVE PRIORITY
AMEMBASSY TRIPOLI PRIORITY""", {
        "dtg": "182318Z FEB 09", "precedence": "PRIORITY", "from": "SECSTATE WASHDC",
        "to": ["ALL DIPLOMATIC POSTS COLLECTIVE", "AMEMBASSY TRIPOLI"], "info": []}),
    # A page header inside the INFO line; serial 0000 on an office address.
    ("09STATE37566", """R 161417Z APR 09
FM SECSTATE WASHDC
TO AMEMBASSY BAMAKO
AMEMBASSY PRAIA
INFO PAGE 02        STATE   037566  161435Z
DIA WASHINGTON DC//DHI-1B/CLM//DP//
CIA WASHINGTON DC//NHTC// 0000
AMEMBASSY LONDON""", {
        "to": ["AMEMBASSY BAMAKO", "AMEMBASSY PRAIA"],
        "info": ["DIA WASHINGTON DC//DHI-1B/CLM//DP//", "CIA WASHINGTON DC//NHTC//", "AMEMBASSY LONDON"]}),
    # An e-mail preamble with its own ACTION:/INFO: lines; VZCZC not first.
    ("09DOHA214", """Stephen H Rogerson  12/02/2009 11:08:08 AM  From  DB/Inbox:  Search
S E C R E T        DOHA 00214
CXDOHA:
    ACTION: AMB
    INFO:   RSO RAO P/E OMC LEGATT DAO DCM
APPROVED: AMB:JLABARON
VZCZCDOI550
RR RUEHC RHMFISS RUEAIIA RHMFISS RULSSGG RHMFISS
RHEFDIA RHMFISS
DE RUEHDO #0214/01 0851341
ZNY SSSSS ZZH
R 261341Z MAR 09
FM AMEMBASSY DOHA
TO RUEHC/SECSTATE WASHDC 8904
INFO RHMFISS/DEPT OF ENERGY WASHINGTON DC//NNSA//
RUEAIIA/CIA WASHINGTON DC""", {
        "transmission_id": "VZCZCDOI550", "station": "RUEHDO", "station_serial": 214,
        "precedence": "ROUTINE", "to": ["SECSTATE WASHDC"],
        "info": ["DEPT OF ENERGY WASHINGTON DC//NNSA//", "CIA WASHINGTON DC"]}),
    # A banner line before the VZCZC line.
    ("09STATE119085", """S E C R E T   STATE   00119085
VZCZCXRO1706
PP RUEHAG RUEHAO RUEHBC
DE RUEHC #9085/01 3221739
ZNY SSSSS ZZH
P 181729Z NOV 09
FM SECSTATE WASHDC
TO ALL DIPLOMATIC AND CONSULAR POSTS COLLECTIVE PRIORITY
RUEHTRO/AMEMBASSY TRIPOLI PRIORITY 0913
RUEAIIA/CIA WASHINGTON DC// PRIORITY""", {
        "transmission_id": "VZCZCXRO1706", "precedence": "PRIORITY",
        "to": ["ALL DIPLOMATIC AND CONSULAR POSTS COLLECTIVE", "AMEMBASSY TRIPOLI", "CIA WASHINGTON DC//"]}),
    # ZEN/ (delivered by other means), NIACT IMMEDIATE, MCN ranges.
    ("08STATE103511", """VZCZCXYZ0003
OO RUEHWEB

DE RUEHC #3511 2710604
ZNY SSSSS ZZH
O 270333Z SEP 08
FM SECSTATE WASHDC
TO ZEN/AMEMBASSY BELMOPAN NIACT IMMEDIATE 2276-2279
RUEHKV/AMEMBASSY KYIV NIACT IMMEDIATE 7881-7884
INFO ZEN/AMEMBASSY ADDIS ABABA IMMEDIATE 5844-5847
ZEN/CNO WASHINGTON DC IMMEDIATE""", {
        "precedence": "IMMEDIATE", "to": ["AMEMBASSY BELMOPAN", "AMEMBASSY KYIV"],
        "info": ["AMEMBASSY ADDIS ABABA", "CNO WASHINGTON DC"]}),
    # XMT after the list: exempt from the last collective, not an addressee itself.
    ("10SARAJEVO134", """DE RUEHVJ #0134/01 0401233
ZNY SSSSS ZZH
R 091233Z FEB 10
FM AMEMBASSY SARAJEVO
TO RUEHC/SECSTATE WASHDC 1374
INFO RUEHZL/EUROPEAN POLITICAL COLLECTIVE
RHEHNSC/NSC WASHDC
RUEKJCS/SECDEF WASHDC
XMT AMCONSUL STRASBOURG""", {
        "to": ["SECSTATE WASHDC"], "info": ["EUROPEAN POLITICAL COLLECTIVE", "NSC WASHDC", "SECDEF WASHDC"]}),
    # XMT followed by a repeat of the exempted name: counted neither time.
    ("09STATE67105", """P 291659Z JUN 09
FM SECSTATE WASHDC
TO SECURITY OFFICER COLLECTIVE PRIORITY
AMEMBASSY TRIPOLI PRIORITY
INFO AMCONSUL CASABLANCA PRIORITY
XMT AMCONSUL JOHANNESBURG
AMCONSUL JOHANNESBURG""", {
        "to": ["SECURITY OFFICER COLLECTIVE", "AMEMBASSY TRIPOLI"], "info": ["AMCONSUL CASABLANCA"]}),
    # Repeated addressee lines in one list are counted once.
    ("09TRIPOLI475", """O P 161408Z JUN 09
FM AMEMBASSY TRIPOLI
TO SECSTATE WASHDC IMMEDIATE 4917
INFO AMEMBASSY TRIPOLI
AMEMBASSY CAIRO PRIORITY
AMEMBASSY TRIPOLI PRIORITY""", {
        "precedence": "IMMEDIATE", "info_precedence": "PRIORITY",
        "info": ["AMEMBASSY TRIPOLI", "AMEMBASSY CAIRO"]}),
    # 1970s archival layout (PlusD): PAGE 01, copy count, ORIGIN, INFO office list,
    # DRAFTED BY / APPROVED BY / clearances, dashed serial line; the banner ends the list.
    ("1974STATE041961", """SECRET
PAGE 01 STATE 041961
66
ORIGIN SS-20
INFO OCT-01 EUR-25 ISO-00 INR-10 OC-06 CCO-00 SSO-00
INRE-00 /062 R
DRAFTED BY S/S-O:MR. EALUM
APPROVED BY S/S:MR. LUERS
T - MR. JONES
DESIRED DISTRIBUTION
S/S, INR, EUR, OC ONLY
--------------------- 088588
O 012326Z MAR 74
FM SECSTATE WASHDC
TO AMEMBASSY LONDON IMMEDIATE
AMEMBASSY BRUSSELS IMMEDIATE
AMEMBASSY PARIS IMMEDIATE
S E C R E T STATE 041961
E.O. 11652: GDS""", {
        "dtg": "012326Z MAR 74", "precedence": "IMMEDIATE", "from": "SECSTATE WASHDC",
        "to": ["AMEMBASSY LONDON", "AMEMBASSY BRUSSELS", "AMEMBASSY PARIS"], "info": []}),
    ("1975STATE195297", """LIMITED OFFICIAL USE
PAGE 01 STATE 195297
ORIGIN SS-25
INFO OCT-01 ISO-00 SSO-00 NSCE-00 CCO-00 /026 R
DRAFTED BY S/S-O:APSHANKLE
--------------------- 096466
O 171959Z AUG 75 ZFF4
FM SECSTATE WASHDC
TO AMEMBASSY CAIRO NIACT IMMEDIATE
AMCONSUL JERUSALEM NIACT IMMEDIATE
LIMITED OFFICIAL USE STATE 195297
EXDIS - CAIRO PASS ALEXANDRIA NIACT IMMEDIATE""", {
        "dtg": "171959Z AUG 75", "precedence": "IMMEDIATE",
        "to": ["AMEMBASSY CAIRO", "AMCONSUL JERUSALEM"], "info": []}),
    ("1977STATE017976", """LIMITED OFFICIAL USE
PAGE 01 STATE 017976
ORIGIN SS-15
INFO OCT-01 AS-01 NEA-10 ISO-00 SSO-00 CCO-00 OC-06 /033 R
APPROVED BY S/S-S:LJREDDY
------------------270429Z 060566 /61
P 262340Z JAN 77
FM SECSTATE WASHDC
TO AMEMBASSY TEL AVIV PRIORITY
AMEMBASSY CAIRO PRIORITY""", {
        "dtg": "262340Z JAN 77", "precedence": "PRIORITY", "to": ["AMEMBASSY TEL AVIV", "AMEMBASSY CAIRO"]}),
    # A text with no header: only the partial-extract notice.
    ("04RANGOON88", "This record is a partial extract of the original cable. The full text "
     "of the original cable is not available.", {
        "transmission_id": None, "dtg": None, "precedence": None, "from": None, "to": [], "info": []}),
]


def _value(h, key):
    if key == "from":
        return h.from_.name if h.from_ else None
    if key in ("to", "info"):
        return [a.name for a in getattr(h, key)]
    return getattr(h, key)


@pytest.mark.parametrize("header,expected", [pytest.param(h, e, id=i) for i, h, e in CASES])
def test_header_fields(header, expected):
    h = parse_header(header)
    got = {key: _value(h, key) for key in expected}
    assert got == expected


def test_addressee_details_acp127():
    h = parse_header(SEED_HEADER)
    assert h.from_ == Addressee(name="AMEMBASSY ASTANA")
    assert h.to == [Addressee("SECSTATE WASHDC", "RUEHC", "IMMEDIATE", 7069)]
    assert h.info[0] == Addressee("CIS COLLECTIVE", "RUCNCIS", None, 2283)
    assert h.info[1] == Addressee("EUROPEAN POLITICAL COLLECTIVE", "RUEHZL", None, None)


def test_addressee_details_niact_and_ranges():
    # 08STATE103511: ZEN/ gives no routing indicator; an MCN range keeps its first number.
    h = parse_header(dict((i, t) for i, t, _ in CASES)["08STATE103511"])
    assert h.to[0] == Addressee("AMEMBASSY BELMOPAN", None, "NIACT IMMEDIATE", 2276)
    assert h.to[1] == Addressee("AMEMBASSY KYIV", "RUEHKV", "NIACT IMMEDIATE", 7881)
    assert h.info[1] == Addressee("CNO WASHINGTON DC", None, "IMMEDIATE", None)


def test_xmt_goes_to_the_collective():
    cases = dict((i, t) for i, t, _ in CASES)
    h = parse_header(cases["10SARAJEVO134"])
    assert h.info[0].exempt == ["AMCONSUL STRASBOURG"]
    assert [a.exempt for a in h.info[1:]] == [[], []]
    h = parse_header(cases["09STATE67105"])
    assert h.to[0].exempt == ["AMCONSUL JOHANNESBURG"]


def test_serials_and_office_suffixes():
    h = parse_header(dict((i, t) for i, t, _ in CASES)["09STATE37566"])
    assert h.info[1] == Addressee("CIA WASHINGTON DC//NHTC//", None, None, 0)
    h = parse_header("R 041125Z MAR 75\nFM AMEMBASSY TEHRAN\nTO SECSTATE WASHDC 475")  # 75TEHRAN2069 (CSV)
    assert h.to == [Addressee("SECSTATE WASHDC", None, None, 475)]


@pytest.mark.parametrize("text", [
    "", "\n\n\n", "FM", "TO", "INFO", "DE", "VZCZC", "O 999999Z XYZ 09",
    "TO " + "A " * 50_000, "FM " + "X" * 100_000 + "\nTO Y",
    "\n".join(["O 230937Z DEC 09", "FM A"] + ["TO B / C"] * 5000),
    "O 230937Z DEC 09\nFM AMEMBASSY X\nTO RUEHC/\nINFO /\nXMT \nXMT RUEHC/",
])
def test_messy_text_degrades(text):
    h = parse_header(text)
    assert h.to is not None and h.info is not None  # no exception, lists present
    assert all(a.name for a in h.to + h.info)


def test_gold_header_fields(gold):
    """Every header field of the gold records (HTML pages; the seed page needs its reader)."""
    reader = CablegateHtmlReader()
    checked = 0
    for record in gold:
        path = gold_path(record["source"])
        if path.suffix != ".html":
            continue
        raw = next(reader.read(path))
        h = parse_header(raw.header)
        got = {"transmission_id": h.transmission_id, "precedence": h.precedence, "dtg": h.dtg,
               "from": h.from_.name if h.from_ else None,
               "to": [a.name for a in h.to], "info": [a.name for a in h.info]}
        assert got == {k: record[k] for k in got}, record["reference_id"]
        checked += 1
    assert checked == 16


_PRECEDENCE_WORD = re.compile(r"\b(?:IMMEDIATE|PRIORITY|ROUTINE|FLASH)$")


def test_corpus_headers_are_clean():
    """All 1,041 corpus headers: no routing indicator, precedence word or MCN left in a name,
    and every header with a DTG, FM and TO line gets a DTG, originator and action addressee."""
    reader = CablegateHtmlReader()
    pages = sorted(CABLEGATE.rglob("*.html"))
    assert len(pages) == 1041
    for path in pages:
        raw = next(reader.read(path))
        h = parse_header(raw.header)
        for a in h.to + h.info:
            assert not re.match(r"R[A-Z]{3,7}/[A-Z]", a.name), (path.name, a.name)
            assert not _PRECEDENCE_WORD.search(a.name), (path.name, a.name)
            assert not re.search(r"\s\d{4}$", a.name), (path.name, a.name)
        lines = raw.header.split("\n")
        if any(re.match(r"(?:[OPRZ0] )*\d{6}Z [A-Z]{3} \d\d", l) for l in lines):
            assert h.dtg, path.name
        if any(l.startswith("FM ") for l in lines) and any(l.startswith("TO ") for l in lines):
            assert h.from_ and h.to and h.precedence, path.name


def test_warnings_name_what_is_missing():
    assert parse_header("O 222018Z FEB 09\nFM SECSTATE WASHDC").warnings == [
        "header: FM line without TO or INFO addressees"]
    assert parse_header("VZCZCXYZ0000\nFM SECSTATE WASHDC\nTO AMEMBASSY PARIS").warnings == [
        "header: no date-time group"]
    assert parse_header(SEED_HEADER).warnings == []
