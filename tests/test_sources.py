"""The reader registry and bad input: every failure is a SourceError naming the file and the reason."""
from __future__ import annotations

from pathlib import Path

import pytest

from cablekit.errors import NoCable, SourceError
from cablekit.sources import READERS, detect, iter_files, read_path, reader_named

from conftest import SEED, cablegate_file

USNATO = "09USNATO588"


def test_reader_names_are_unique_and_described():
    names = [r.name for r in READERS]
    assert len(names) == len(set(names))
    assert {"cablegate-html", "wikileaks-text", "telegram"} <= set(names)
    assert all(r.description for r in READERS)


def test_unknown_format_name_lists_the_known_ones():
    with pytest.raises(KeyError, match="known: cablegate-html"):
        reader_named("nope")


def test_forced_format_overrides_detection():
    [raw] = list(read_path(SEED, format="telegram"))
    assert raw.format == "telegram"
    assert raw.metadata == {}
    assert raw.header.startswith("Identifier\nCreated\n")  # the page's metadata lines, unread, precede VZCZC
    assert raw.body.startswith("S E C R E T SECTION 01 OF 03 ASTANA 002204")


def test_empty_file(tmp_path: Path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(SourceError) as err:
        list(read_path(empty))
    assert err.value.path == str(empty)
    assert err.value.reason == "empty file"
    with pytest.raises(SourceError, match="empty file"):
        list(read_path(empty, format="telegram"))


def test_blank_file(tmp_path: Path):
    blank = tmp_path / "blank.html"
    blank.write_bytes(b"\n \r\n\t\n")
    with pytest.raises(SourceError, match="empty file"):
        detect(blank)


def test_binary_file(tmp_path: Path):
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 4)
    with pytest.raises(SourceError) as err:
        list(read_path(binary))
    assert err.value.reason == "binary file (NUL bytes), not a cable"
    assert str(binary) in str(err.value)
    with pytest.raises(SourceError, match="binary file"):
        list(read_path(binary, format="cablegate-html"))


def test_missing_file(tmp_path: Path):
    with pytest.raises(SourceError, match="cannot open"):
        list(read_path(tmp_path / "nowhere.html"))


def test_text_that_is_no_cable(tmp_path: Path):
    readme = tmp_path / "README.txt"
    readme.write_text("cablekit\n========\n\nRead, parse and search diplomatic cables.\n", encoding="utf-8")
    with pytest.raises(NoCable) as err:
        list(read_path(readme))
    assert err.value.reason.startswith("holds no cable: no reader recognizes this text")
    assert err.value.path == str(readme)


def test_html_page_that_is_no_cable(tmp_path: Path):
    page = tmp_path / "index.html"
    page.write_text("<html><head><title>Cablegate</title></head><body><h1>Browse</h1></body></html>", encoding="utf-8")
    assert detect(page).name == "cablegate-html"
    with pytest.raises(NoCable, match="without a cable table"):
        list(read_path(page))


@pytest.mark.parametrize("cut_at, reason", [
    ("<table class='cable'", "no cable table and no closing </html>"),  # cut before the metadata table
    ("REF: STATE 127892", "pre> blocks not closed"),                    # cut inside the body
    ("FM USMISSION USNATO", "pre> blocks not closed"),                  # cut inside the header
])
def test_truncated_html_page(tmp_path: Path, cut_at: str, reason: str):
    page = cablegate_file(USNATO).read_bytes()
    cut = page.index(cut_at.encode())
    truncated = tmp_path / f"{USNATO}.html"
    truncated.write_bytes(page[:cut + len(cut_at) // 2])
    assert detect(truncated).name == "cablegate-html"
    with pytest.raises(SourceError) as err:
        list(read_path(truncated))
    assert reason in err.value.reason
    assert "truncated" in err.value.reason
    assert err.value.path == str(truncated)


def test_page_cut_after_the_body_still_reads(tmp_path: Path):
    page = cablegate_file(USNATO).read_bytes()
    cut = page.rindex(b"</pre>") + len(b"</pre>")
    shortened = tmp_path / f"{USNATO}.html"
    shortened.write_bytes(page[:cut])
    [raw] = list(read_path(shortened))
    [whole] = list(read_path(cablegate_file(USNATO)))
    assert raw.body == whole.body and raw.header == whole.header


def test_tags_links_keep_their_text():
    [raw] = list(read_path(cablegate_file("66BUENOSAIRES2481")))
    assert "\nTAGS: EFIS PBTS AR\n" in raw.body
    assert "\u00b6" not in raw.body


def test_iter_files_walks_sorted_and_skips_hidden(tmp_path: Path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("x")
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / ".hidden").write_text("x")
    (tmp_path / "README.md").write_text("x")
    assert [p.relative_to(tmp_path).as_posix() for p in iter_files([tmp_path])] == ["a.txt", "b/2.txt"]
