"""Paragraphs, portion markings, signers, summary and comments
(cablekit.parse.paragraphs, .signers, .sections), on real cables and real lines."""
from __future__ import annotations

import pytest

from cablekit.parse.body import parse_body
from cablekit.parse.paragraphs import parse_text
from cablekit.parse.sections import find_comments, find_summary
from cablekit.parse.signers import find_signers


def body_of(raws: dict, reference_id: str):
    yy = int(reference_id[:2])
    year = 2000 + yy if yy < 50 else 1900 + yy
    return parse_body(raws[reference_id].body, year=year, reference_id=reference_id)


# (cable) -> paragraph numbers and markings in text order; the note names the trap
PARAGRAPHS = [
    ("06PARIS7884", [(n, None) for n in range(1, 15)]),  # a line "2007." in paragraph 11
    ("06BELGRADE1681", [(1, "C"), (2, "C"), (3, "C")]),  # "Proposal 1." ... items; "(c)" in lower case
    ("79TEHRAN8980", [(1, "C - ENTIRE TEXT")] + [(n, None) for n in (2, 3, 4, 5, 6, 6, 7)]),  # 6 twice
    ("09MUNICH25", [(1, "SBU"), (2, "SBU"), (3, "SBU"), (4, "SBU"), (5, "SBU"), (7, "SBU"), (8, None), (9, "U")]),
    ("08RIODEJANEIRO171", [(n, None) for n in (1, 2, 3, 4, 6, 5)]),  # 6 before 5, as written
    ("09TRIPOLI65", [(n, "C/NF") for n in range(1, 7)]),  # 1 runs on after the Classified By line
    ("00HARARE6677", [(n, "C") for n in range(1, 12)] + [(12, "U")]),  # 11 after a page header
    ("89PANAMA8545", [(n, None) for n in range(1, 22)]),  # "1. SECRET - ENTIRE TEXT." has no parentheses
    ("06MADRID934", [(1, "U"), (2, "C"), (3, "C"), (4, "U"), (5, "U"), (6, "C"), (7, "C"), (10, "C"), (9, "C"),
                     (10, "C"), (11, "C"), (12, "C"), (13, "C"), (14, "C"), (15, "C")]),  # a misnumbered 10
    ("09STATE15113", [(n, "U//FOUO") for n in range(1, 15)] + [(15, "S//NF"), (16, "U//FOUO")]),
    ("10STATE9565", [(1, "S/REL UK"), (2, "S/REL UK"), (3, "U"), (4, "U")]),
    ("09CAPETOWN204", [(n, "U") for n in (1, 2, 3, 4, 1, 2, 3)]),  # the text repeats itself
    ("10MOSCOW228", [(n, "C") for n in range(1, 9)]),  # "1.(C)" without a space, whole head on one line
    ("09YEREVAN20", [(n, "S/NF") for n in (1, 2, 3)] + [(4, "S")] + [(n, "S/NF") for n in range(5, 18)]
     + [(18, "S/REL ARMENIA")]),
]


@pytest.mark.parametrize("cable,expected", PARAGRAPHS, ids=[p[0] for p in PARAGRAPHS])
def test_paragraph_numbers_and_markings(cablegate_raws, cable, expected):
    b = body_of(cablegate_raws, cable)
    assert [(p.number, p.marking) for p in b.paragraphs] == expected


def test_continuation_line_is_no_paragraph():
    # 09ASTANA2204: "... by December" / blank / "31. Umarov noted ..." continues paragraph 1
    lines = ["1. (S/NF) SUMMARY: He said he hoped to provide an initial response by December", "",
             "31. Umarov noted that \"times have changed since 2001,\" and", "", "2. (S/NF) Deputy Foreign Minister"]
    t = parse_text(lines)
    assert [p.number for p in t.paragraphs] == [1, 2]
    assert t.paragraphs[0].text.endswith("by December 31. Umarov noted that \"times have changed since 2001,\" and")


def test_paragraph_text_is_whole_and_without_heading(cablegate_raws):
    b = body_of(cablegate_raws, "09TRIPOLI65")
    p1, p2 = b.paragraphs[0], b.paragraphs[1]
    assert p1.text.startswith("Summary: While Libya has a number of other pressing foreign policy issues")
    assert p1.text.endswith("End summary.")  # the heading "AL-MEGRAHI’S CASE IS ..." belongs to no paragraph
    assert p2.text.startswith("Consistent with information reported reftel")


# (cable) -> signers
SIGNERS = [
    ("09USNATO588", ["HEFFERN"]),  # glued: "... this message. HEFFERN"
    ("09ABUDHABI301", ["OLSON"]),
    ("06BELGRADE1681", ["POLT"]),
    ("09STATE127892", ["CLINTON", "CLINTON"]),  # "CLINTON UNQUOTE CLINTON"
    ("10BRASILIA136", ["SHANNON", "SHANNON"]),
    ("09BRASILIA1460", ["KUBISKE", "KUBISKE"]),  # "KUBISKE KUBISKE" then a truncation mark
    ("66BUENOSAIRES2481", ["SACCIO"]),  # "GP-3" above is no signer
    ("79TEHRAN8980", ["LAINGEN"]),  # "CONFIDENTIAL" footer below is none either
    ("06PARIS7884", ["HOFMANN"]),  # after the "Please visit Paris' Classified Website" lines
    ("07LONDON4472", ["Tuttle"]),  # glued to the website note: "... index. cfm Tuttle"
    ("05TELAVIV1580", ["KURTZER"]),  # after a run of asterisks
    ("10BRASILIA43", ["SHANNON"]),  # "MINIMIZE CONSIDERED SHANNON"
    ("08KUWAIT128", ["misenheimer"]),  # a lower-case copy
    ("10ANKARA302", ["Jeffrey"]),  # the "Visit Ankara's Classified Web Site" note comes after it
    ("08TEGUCIGALPA459", ["Ford"]),  # "... Honduran democracy and the economy. Ford"
    ("09MUNICH25", []),  # ends with the "Track Munich reporting" URL
    ("09STATE63812", []),  # a letter's own "Best, Jeff" closing
]


@pytest.mark.parametrize("cable,expected", SIGNERS, ids=[s[0] for s in SIGNERS])
def test_signers(cablegate_raws, cable, expected):
    assert body_of(cablegate_raws, cable).signers == expected


@pytest.mark.parametrize("lines,expected", [
    (["worth taking the risk, and a wrapped sentence that ends on a", "President"], []),
    (["If Visa and MasterCard are unaffected. END COMMENT.  Beyrle"], ["Beyrle"]),  # 10MOSCOW228
    (["of our overflight and NDN goals. END COMMENT.", "", "HOAGLAND"], ["HOAGLAND"]),  # 09ASTANA2204
    (["WORTH TAKING FOR THE ODYSSEY. .", "AGUIRRE", "EPET @ EL PAÍS"], ["AGUIRRE"]),  # 05MADRID4026
    (["restructuring. .FARRAR"], ["FARRAR"]),
    (["SECRET"], []),
])
def test_signer_lines(lines, expected):
    assert find_signers(lines)[0] == expected


def test_summary_and_comments_of_the_seed(cablegate_raws):
    from conftest import SEED

    from cablekit.sources import read_path

    b = parse_body(next(read_path(SEED)).body, year=2009, reference_id="09ASTANA2204")
    assert b.summary.startswith("On December 22, the Ambassador and Deputy Foreign Minister Kairat Umarov met")
    assert b.summary.endswith("as a model for any new agreement.")
    assert len(b.comments) == 2
    assert b.comments[0].startswith("The MFA's Askar Tazhiyev raised the issue of lethal versus non-lethal cargo")
    assert b.comments[1].startswith("Based on both Foreign Minister Saudabayev and Presidential")
    assert b.comments[1].endswith("a high-level visit to Astana might be warranted to seal a deal.")


# (cable) -> start of the summary
SUMMARIES = [
    ("72TEHRAN5055", "FOLLOWING ASSASSINATION OF GENERAL SAID TAHERI"),  # SUMMARY: ... / END SUMMARY
    ("04MADRID2164", "During the Ambassador's June 3 visit to Seville"),  # a "Summary" heading
    ("07BAGHDAD3895", "UK Ambassador to Tehran Geoffrey Adams"),  # "End summary" without a label
    ("09MUNICH25", "Karl-Theodor zu Guttenberg (37) is Germany's new"),  # -------/SUMMARY/------- heading
    ("00HARARE6677", "ASSISTANT SECRETARY SUSAN E. RICE MET MOVEMENT FOR DEMOCRATIC CHANGE"),
]


@pytest.mark.parametrize("cable,start", SUMMARIES, ids=[s[0] for s in SUMMARIES])
def test_summary(cablegate_raws, cable, start):
    assert body_of(cablegate_raws, cable).summary.startswith(start)


def test_comments_of_real_cables(cablegate_raws):
    b = body_of(cablegate_raws, "08LONDON639")  # "(Embassy comment: ... End comment.)" three times, then
    assert [c.split()[0] for c in b.comments] == ["Discussion", "While", "Given", "Labour"]  # a "Comment" heading
    b = body_of(cablegate_raws, "72TEHRAN5055")  # "COMMENT:" left open to the end
    assert b.comments[0].startswith("WE CONSIDER IT MORE LIKELY THAT TAHERI WAS PERSONALLY TARGETED")
    b = body_of(cablegate_raws, "09BAGHDAD759")  # "COMMENT AND ACTION REQUEST: ... END COMMENT AND ACTION REQUEST"
    assert b.comments[0].startswith("PRT requests Embassy and Department assistance")


def test_sections_on_lines():
    flat = "1. (C) He declined to comment. Talks went well.\n\n2. (C) Comment: Good. End comment."
    assert find_comments(flat) == ["Good."]
    assert find_summary(flat) is None
