"""The text readers: the wikileaks.org text page and the bare telegram."""
from __future__ import annotations

from pathlib import Path

import pytest

from cablekit.errors import NoCable
from cablekit.sources import detect, read_path
from cablekit.sources.telegram import TelegramReader, split_telegram
from cablekit.sources.textpage import WikileaksTextReader

from conftest import FORMATS, SEED

CONVERTED = FORMATS / "cablegate-text" / "paul-mathieu__cablegate-cia-analysis" / "data-sample" / "cablegate-converted"
PLUSD = FORMATS / "plusd" / "pages-excerpts"


def test_seed_page_is_detected_as_wikileaks_text():
    assert detect(SEED).name == "wikileaks-text"


def test_seed_page_metadata():
    [raw] = list(read_path(SEED))
    assert raw.format == "wikileaks-text"
    assert raw.metadata == {
        "reference_id": "09ASTANA2204",
        "created": "2009-12-23 09:37:00",
        "classification": "SECRET//NOFORN",
        "origin": "Embassy Astana",
        "subject": "KAZAKHSTAN: TERRORISM AND SECURITY CONCERNS INFLUENCE",
        "tags": "PGOV PREL PINR MARR AF RS UZ KZ",
    }
    assert raw.path == str(SEED)
    assert raw.row is None and raw.repairs == []


def test_seed_page_header_is_vzczc_through_last_info_line():
    [raw] = list(read_path(SEED))
    lines = raw.header.split("\n")
    assert lines[0] == "VZCZCXRO3973"
    assert lines[5] == "O 230937Z DEC 09"
    assert lines[-1] == "RHMFISS/CDR USTRANSCOM SCOTT AFB IL"
    assert len(lines) == 24


def test_seed_page_body_is_kept_as_on_the_page():
    [raw] = list(read_path(SEED))
    page = SEED.read_text(encoding="utf-8")
    assert raw.body.startswith("S E C R E T SECTION 01 OF 03 ASTANA 002204 \n\nNOFORN\nSIPDIS\n")
    assert raw.body.endswith("END COMMENT.\n\nHOAGLAND")
    assert raw.body in page  # nothing rewritten: page breaks and the repeated block stay for the parser
    assert raw.body.count("S E C R E T SECTION 01 OF 03 ASTANA 002204") == 2
    assert "ASTANA 00002204 002 OF 003" in raw.body


def test_label_value_variant(tmp_path: Path):
    page = SEED.read_text(encoding="utf-8").split("\n")
    telegram = "\n".join(page[14:])
    variant = tmp_path / "page.txt"
    variant.write_text("Identifier: 09ASTANA2204\nCreated: 2009-12-23 09:37:00\nReleased: 2010-12-01 12:00\n"
                       "Classification: SECRET//NOFORN\nOrigin: Embassy Astana\n" + telegram, encoding="utf-8")
    assert detect(variant).name == "wikileaks-text"
    [raw] = list(read_path(variant))
    assert raw.metadata["released"] == "2010-12-01 12:00"
    assert raw.metadata["origin"] == "Embassy Astana"
    assert raw.header.startswith("VZCZCXRO3973\n")
    assert raw.body.startswith("S E C R E T SECTION 01 OF 03")


def test_page_with_metadata_only_holds_no_cable(tmp_path: Path):
    page = tmp_path / "empty-page.txt"
    page.write_text("Identifier\nCreated\n09ASTANA2204\n2009-12-23 09:37:00\nCable title:\nX\nTags: KZ\n"
                    "pdf how-to read a cable\n", encoding="utf-8")
    with pytest.raises(NoCable, match="without cable text"):
        list(WikileaksTextReader().read(page))


def test_converted_text_reads_as_telegram_with_cp1252_repair():
    path = CONVERTED / "07KINGSTON382.txt"
    assert detect(path).name == "telegram"
    [raw] = list(read_path(path))
    assert raw.metadata == {}
    assert raw.header.split("\n") == [
        "VZCZCXYZ0015", "PP RUEHWEB", "DE RUEHKG #0382 0781558", "ZNR UUUUU ZZH",
        "P 191558Z MAR 07", "FM AMEMBASSY KINGSTON", "TO SECSTATE WASHDC PRIORITY 4496",
    ]
    assert raw.body.startswith("UNCLAS KINGSTON 000382 \n")
    assert "\r" not in raw.body
    assert "\n1.  Post requests the Department's assistance" in raw.body  # 0xB6 pilcrow anchor dropped
    assert raw.repairs == ["not valid UTF-8: decoded as cp1252 (charset-normalizer)",
                           "dropped the mirror site's paragraph anchors (¶) before paragraph numbers"]


@pytest.mark.parametrize("name, banner", [
    ("06NEWDELHI5135.txt", "CONFIDENTIAL SECTION 01 OF 08 NEW DELHI 005135 "),
    ("07BOGOTA1165.txt", "UNCLAS BOGOTA 001165 "),
    ("09USEUBRUSSELS948.txt", None),
])
def test_every_converted_text_splits_at_its_banner(name, banner):
    [raw] = list(read_path(CONVERTED / name))
    assert raw.header.startswith("VZCZC")
    first = raw.body.split("\n")[0]
    if banner is not None:
        assert first == banner
    assert first.split()[0] in ("UNCLAS", "CONFIDENTIAL", "SECRET")
    assert not any(line.startswith(("FM ", "TO ", "INFO ")) for line in raw.body.split("\n")[:3])


def test_1970s_page_headers_stay_in_the_header():
    path = PLUSD / "theworldtomorrow.wikileaks.org__plusd__cables__1973STATE237171_b.excerpt.txt"
    [raw] = list(TelegramReader().read(path))
    assert raw.header.startswith("PAGE 01 STATE 237171\n50\nORIGIN SS-10")
    assert raw.header.endswith("P 131923Z DEC 73\nFM SECSTATE WASHDC\nTO AMEMBASSY PARIS PRIORITY")
    assert raw.body.startswith("C O N F I D E N T I A L STATE 237171\nEXDIS\n")


def test_split_without_banner_ends_header_at_blank_line():
    parts = split_telegram("R 250930Z FEB 72\nFM AMEMBASSY TEHRAN\nTO SECSTATE WASHDC 7561\n\n"
                           "1. COUNTRY TEAM MET.\nJONES")
    assert parts.header == "R 250930Z FEB 72\nFM AMEMBASSY TEHRAN\nTO SECSTATE WASHDC 7561"
    assert parts.body == "1. COUNTRY TEAM MET.\nJONES"


def test_split_body_only_text():
    parts = split_telegram("\nUNCLAS STATE 089712\nTAGS: AMGT\nSUBJECT: X\n")
    assert parts == ("", "UNCLAS STATE 089712\nTAGS: AMGT\nSUBJECT: X")


def test_banner_words_inside_addressees_do_not_end_the_header():
    parts = split_telegram("O 010101Z JAN 09\nFM SECSTATE WASHDC\nTO SECRETARY OF DEFENSE\n"
                           "INFO UNCLASSIFIED DISTRIBUTION CENTER\nSECRET STATE 000001\n1. TEXT")
    # "SECRETARY" is no banner, and a banner word after INFO does not start a line
    assert parts.header.endswith("TO SECRETARY OF DEFENSE\nINFO UNCLASSIFIED DISTRIBUTION CENTER")
    assert parts.body == "SECRET STATE 000001\n1. TEXT"


def test_text_that_is_no_cable_is_rejected(tmp_path: Path):
    prose = tmp_path / "notes.txt"
    prose.write_text("Shopping list\n\nmilk, bread\nCall the embassy about the visa on Monday.\n", encoding="utf-8")
    assert TelegramReader().match(prose, prose.read_bytes()) == 0.0
    with pytest.raises(NoCable, match="holds no cable: no reader recognizes this text") as err:
        detect(prose)
    assert str(prose) in str(err.value)
    with pytest.raises(NoCable, match="not a cable"):
        list(read_path(prose, format="telegram"))
