"""The REF block: cited cables and other cited items (cablekit.parse.references).

Each case is the text after the ``REF:`` label as it stands in the cable named,
with the citing cable's year -> the reference IDs and the other references.
"""
from __future__ import annotations

import pytest

from cablekit.parse.body import parse_body
from cablekit.parse.references import find_cables, other_kind, parse_references, split_items

# (citing cable, REF block text, expected reference IDs, expected other references as (text, kind))
REF_BLOCKS = [
    ("09ASTANA2204", "A. STATE 128489\n\nB. ASTANA 2000\n\nC. ASTANA 2158\n\nD. ASTANA 2198",
     ["09STATE128489", "09ASTANA2000", "09ASTANA2158", "09ASTANA2198"], []),
    ("66BUENOSAIRES2481", "STATE 106206 CIRCULAR; STATE CA-3400 NOV 2, 1966",
     ["66STATE106206"], [("STATE CA-3400 NOV 2, 1966", "airgram")]),
    ("86MADRID5480", " A) MADRID 5426, B) MADRID 5425, C) MADRID 5418",
     ["86MADRID5426", "86MADRID5425", "86MADRID5418"], []),
    ("01PRETORIA1173", "A. 99 PRETORIA 12315  B. 99 PRETORIA 12316  C. 00 PRETORIA 9150  D. 00 CAPE TOWN 2150  "
     "E. PRETORIA 425  F. PRETORIA 533  G. CAPE TOWN 179  H. PRETORIA 619",
     ["99PRETORIA12315", "99PRETORIA12316", "00PRETORIA9150", "00CAPETOWN2150", "01PRETORIA425",
      "01PRETORIA533", "01CAPETOWN179", "01PRETORIA619"], []),
    ("07TRIPOLI943", "A) STATE 135205; B) STATE 127608; C) JOHNSON-STEVENS/GODFREY E-MAIL 10/15/07; "
     "D) TRIPOLI 797; E) TRIPOLI 723 AND PREVIOUS",
     ["07STATE135205", "07STATE127608", "07TRIPOLI797", "07TRIPOLI723"],
     [("JOHNSON-STEVENS/GODFREY E-MAIL 10/15/07", "email")]),
    ("09ABUDHABI301", "A) ABU DHABI 199  B) ABU DHABI 170  C) 2/5/09 MONOSSON-COOPER EMAIL  D) ABU DHABI 6  "
     "E) 08 STATE 134385",
     ["09ABUDHABI199", "09ABUDHABI170", "09ABUDHABI6", "08STATE134385"], [("2/5/09 MONOSSON-COOPER EMAIL", "email")]),
    ("09TRIPOLI65", "A) LONDON 209, B) 06 TRIPOLI 0055, C) 08 TRIPOLI 994",
     ["09LONDON209", "06TRIPOLI55", "08TRIPOLI994"], []),
    ("08LONDON2673", "A. TSOU-NEA EMAILS/TELCONS  B. TSOU-L EMAILS/TELCONS",
     [], [("TSOU-NEA EMAILS/TELCONS", "email"), ("TSOU-L EMAILS/TELCONS", "email")]),
    ("09MUNICH25", "A) BERLIN 169 B) 08 MUNICH 355 and previous", ["09BERLIN169", "08MUNICH355"], []),
    ("05SOFIA1207", "A. A. STATE 99125  B. B. SOFIA 1046", ["05STATE99125", "05SOFIA1046"], []),
    ("10BAKU98", "A. A) 2009 BAKU 972\nB. B) 2009 BAKU 921\nC. C) 2009 BAKU 920 (NOTAL)\nd. D) 2009 BAKU 909",
     ["09BAKU972", "09BAKU921", "09BAKU920", "09BAKU909"], []),
    ("06CARACAS219", "A. A: HAVANA 00118\nB. B: HAVANA 00697\nC. C: TD-314/63777-05 LIMITED DISTRIBUTION\n"
     "D. D: IIR 6 902 9698 06",
     ["06HAVANA118", "06HAVANA697"], [("TD-314/63777-05 LIMITED DISTRIBUTION", "report"),
                                      ("IIR 6 902 9698 06", "report")]),
    ("05MOSCOW11807", "(A) STATE 165022 (B) MOSCOW 11500", ["05STATE165022", "05MOSCOW11500"], []),
    ("10STATE9124", "A: STATE 120288", ["10STATE120288"], []),
    ("09ABUDHABI754", "B SECSTATE 76108", ["09STATE76108"], []),
    ("10RIYADH184", "A. 09DHAHRAN 201  B. 09RIYADH 1302  G. RIYADH 103  H. SECSTATE 3080",
     ["09DHAHRAN201", "09RIYADH1302", "10RIYADH103", "10STATE3080"], []),
    ("09SAOPAULO663", "SAO PAULO 653; SAO PAULO 433; SAO PAULO 421; BRASILIA 709 (08) SAO PAULO 542",
     ["09SAOPAULO653", "09SAOPAULO433", "09SAOPAULO421", "09BRASILIA709", "08SAOPAULO542"], []),
    ("09SAOPAULO653", "SAO PAULO 433 SAO PAULO 421 BRASILIA 709 2008 SAO PAULO 542",
     ["09SAOPAULO433", "09SAOPAULO421", "09BRASILIA709", "08SAOPAULO542"], []),
    ("09DOHA214", "A. SECSTATE 15113       B. DOHA 152 (08)      C. DOHA 75 (08)      D. DOHA 311 (07)",
     ["09STATE15113", "08DOHA152", "08DOHA75", "07DOHA311"], []),
    ("08ALGIERS198", "A. ALGIERS 111  B. ALGIERS 110 AND ALGIERS 140  C. 07 ALGIERS 1806  "
     "D. 07 ALGIERS 1807 AND 08 ALGIERS 0075  E. ALGIERS 141",
     ["08ALGIERS111", "08ALGIERS110", "08ALGIERS140", "07ALGIERS1806", "07ALGIERS1807", "08ALGIERS75",
      "08ALGIERS141"], []),
    ("08ISLAMABAD483", "LAHORE 25 07 ISLAMABAD 5138", ["08LAHORE25", "07ISLAMABAD5138"], []),
    ("10SANSALVADOR37", "09 SAN SALVADOR 1101; 09 SAN SALVADOR 789; 09 SAN SALVADOR 978\n"
     "09 SAN SALVADOR 1033; 09 SAN SALVADOR 1238; 09 SAN SALVADOR 1045",
     ["09SANSALVADOR1101", "09SANSALVADOR789", "09SANSALVADOR978", "09SANSALVADOR1033", "09SANSALVADOR1238",
      "09SANSALVADOR1045"], []),
    ("09BAKU175", "A) BAKU 139 B) BAKU 132 C) BAKU 80 D) 2008 BAKU\n     917",
     ["09BAKU139", "09BAKU132", "09BAKU80", "08BAKU917"], []),
    ("09ISTANBUL83", "IRPO DUBAI 95", ["09RPODUBAI95"], []),
    ("09MOSCOW1562", "A. MOSCOW 1538\nB. ST PETERSBURG 00068\nC. MOSCOW 00180",
     ["09MOSCOW1538", "09STPETERSBURG68", "09MOSCOW180"], []),
    ("05MADRID4026", "REF (A) MADRID 3785 (B) MADRID 3566 (C) SECSTATE\n\n36633",
     ["05MADRID3785", "05MADRID3566", "05STATE36633"], []),
    ("09SEOUL59", "A. TOKYO 3114 (TRILATERAL POLICY PLANNING)  B. SECDEF DTG261447ZNOV08 (DEFENSE TRILATERAL TALKS)  "
     "C. TOKYO 3416 (ROK-PRC-JAPAN TRILATS)",
     ["09TOKYO3114", "09TOKYO3416"], [("SECDEF DTG261447ZNOV08 (DEFENSE TRILATERAL TALKS)", "other")]),
    ("09STATE15113", "STATE 6461  PLEASE PASS TO RSO, POLOFF, ECON, and MANAGEMENT (GSO and IT).", ["09STATE6461"], []),
    ("07TELAVIV1114", "TEL AVIV 1086", ["07TELAVIV1086"], []),
    ("09MEXICO193", "A. CIUDAD JUAREZ 22", ["09CIUDADJUAREZ22"], []),
    ("09STATE119085", "(A) 08 STATE 061194\n(B) 7 FAM 180", ["08STATE61194"], [("7 FAM 180", "document")]),
    ("09STATE127892", "A) USNATO 561  B) USNATO 464  C) VILNIUS 569\nD) RIGA 514",
     ["09USNATO561", "09USNATO464", "09VILNIUS569", "09RIGA514"], []),
    ("09USNATO588", "STATE 127892", ["09STATE127892"], []),
    ("09BEIJING1336", "Beijing XXXXXXXXXXXXX", [], []),  # redacted
    ("06PARIS2242", "NONE", [], []),
]


@pytest.mark.parametrize("cable,block,refs,others", REF_BLOCKS,
                         ids=[f"{c}-{i}" for i, (c, *_) in enumerate(REF_BLOCKS)])
def test_ref_block(cable, block, refs, others):
    yy = int(cable[:2])
    year = 2000 + yy if yy < 50 else 1900 + yy
    got_refs, got_others = parse_references(block, year, cable)
    assert [r.reference_id for r in got_refs] == refs
    assert [(o.text, o.kind) for o in got_others] == others


def test_self_reference_dropped():
    refs, _ = parse_references("A. STATE 127892  B. USNATO 561", 2009, "09STATE127892")
    assert [r.reference_id for r in refs] == ["09USNATO561"]


def test_shorthand_two_numbers():
    refs, _ = parse_references("09 STATE 12 AND 13", 2010, None)
    assert [r.reference_id for r in refs] == ["09STATE12", "09STATE13"]


def test_year_after_number():
    assert find_cables("MOSCOW 03242 2008", 2009) == [(8, "MOSCOW", 3242)]
    assert find_cables("10SHENYANG 003", 2009) == [(10, "SHENYANG", 3)]


def test_labels_and_text_kept():
    items = split_items("A) STATE 135205; B) STATE 127608; C) JOHNSON-STEVENS/GODFREY E-MAIL 10/15/07")
    assert [label for label, _ in items] == ["A", "B", "C"]
    refs, others = parse_references("A. STATE 128489", 2009)
    assert (refs[0].label, refs[0].text) == ("A", "STATE 128489")


@pytest.mark.parametrize("text,kind", [
    ("EMBASSY PARIS DAILY REPORT FOR FEBRUARY 17", "report"),  # 06PARIS1031
    ("FEB 24 A/S CARSON-AMB SANDERS TELCON", "telcon"),  # 10ABUJA215
    ("OCTOBER 12 DVC (WITH DOS DOD AND EMBASSY LISBON)", "meeting"),  # 06LISBON2365
    ("MAY 1 GILLARD-TREMONT LETTER", "document"),  # 08LONDON1350
    ("OSC CPP20071019968173", "report"),  # 07BEIJING7035
    ("314/07696-07", "report"),  # 09STATE124636
])
def test_other_reference_kind(text, kind):
    assert other_kind(text) == kind
    assert find_cables(text, 2008) == []


# (cable) -> references read from the whole real cable (REF blocks found in the head)
REAL = [
    ("09ABUDHABI754", ["09STATE76108"], ["SECRETARY'S LETTER TO MBZ ON PUMA HELICOPTERS"]),  # two "REF A/REF B" lines
    ("09STATE15113", ["09STATE6461"], []),  # REF, PLEASE PASS and Classified by on one line
    ("07TALLINN375", ["07TALLINN366", "07TALLINN347"], ["LEE-GOLDSTEIN EMAIL 05/11/07"]),
    ("07BUENOSAIRES2345", ["07BUENOSAIRES2336"], ["MCWHIRTER 12/14/07 E-MAIL TO DS COMMAND CENTER"]),  # wrapped
    ("08BRASILIA504", ["08BRASILIA440", "08BRASILIA579", "08SAOPAULO991", "08SAOPAULO532"], []),
    ("09STATE119085", ["08STATE61194", "09STATE30541", "04STATE61816", "08STATE110175", "09STATE110904"],
     ["7 FAM 180", "2 FAM 227", "9 FAM 42.1 N4, PN2-5, and PN7"]),  # "(C) 09 STATE" is no marked paragraph
]


@pytest.mark.parametrize("cable,refs,others", REAL, ids=[r[0] for r in REAL])
def test_references_of_real_cable(cablegate_raws, cable, refs, others):
    b = parse_body(cablegate_raws[cable].body, year=2000 + int(cable[:2]), reference_id=cable)
    assert [r.reference_id for r in b.references] == refs
    assert [o.text for o in b.other_references] == others
