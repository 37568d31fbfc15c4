"""`cablekit search`: output, the query language, filters, sort, pages, facets, JSON, export, exit codes."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cablekit.cli import cli


@pytest.fixture(scope="module")
def run(corpus_db):
    db = str(corpus_db[0])

    def invoke(*args: str, env: dict[str, str] | None = None):
        return CliRunner().invoke(cli, ["search", *args] if env else ["search", "--db", db, *args], env=env)

    return invoke


def listed(output: str) -> list[str]:
    """Reference IDs at the start of the listing lines."""
    return [line.split()[0] for line in output.splitlines() if line[:2].isdigit() and "  " in line]


def test_overflight_lists_the_seed_cable_first_with_a_marked_snippet(run) -> None:
    result = run("overflight")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "19 cables match; 1-19 shown"
    assert lines[2] == "09ASTANA2204  2009-12-23  SECRET//NOFORN  Embassy Astana"
    assert lines[3].startswith("    KAZAKHSTAN: TERRORISM AND SECURITY CONCERNS INFLUENCE")
    # the snippet comes from the text proper (paragraph 1 on), not the SUBJECT line
    assert "requests to amend the 2001 [overflight] and 2009 Northern Distribution Network" in lines[4]
    assert len(listed(result.stdout)) == 19 and "\x02" not in result.stdout


def test_words_are_all_required_and_the_arguments_are_one_query(run) -> None:
    assert listed(run("overflight", "Kazakhstan").stdout) == ["09ASTANA2204"]
    assert sorted(listed(run("overflight", "algeria", "surveillance").stdout)) == ["09ALGIERS948", "10ALGIERS39"]
    assert listed(run('overflight origin:"Embassy Rabat"').stdout) == ["10RABAT5"]
    assert listed(run("(overflight", "OR", "overflowing)", "tag:ER").stdout) == ["09ASMARA80"]
    assert len(listed(run("overflight", "OR", "overflowing", "tag:ER").stdout)) == 20  # AND binds tighter than OR


def test_a_malformed_query_is_a_usage_error_pointing_at_the_column(run) -> None:
    result = run("NEAR(overflight", "AND", '"')
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "cablekit: bad query: this \" is never closed at column 21",
        '    NEAR(overflight AND "',
        "                        ^",
    ]
    assert "unknown field colour:" in run("colour:red").stderr


def test_sort_and_pages(run) -> None:
    oldest = listed(run("overflight", "--sort", "oldest", "--limit", "50").stdout)
    assert oldest[:8] == ["05MADRID541", "06ABUDHABI1401", "06DUBLIN1020", "07PARIS2027",
                          "09STATE62392", "09STATE62393", "09STATE62395", "09STATE62397"]  # same minute: by serial
    newest = listed(run("overflight", "--sort", "newest", "--limit", "50").stdout)
    assert newest == oldest[::-1] and len(newest) == 19
    page = run("overflight", "--sort", "oldest", "--limit", "3", "--page", "2")
    assert page.stdout.splitlines()[0] == "19 cables match; 4-6 shown"
    assert listed(page.stdout) == oldest[3:6]
    assert listed(run("overflight", "--sort", "oldest", "--limit", "3", "--offset", "3").stdout) == oldest[3:6]
    assert listed(run("overflight", "--limit", "2").stdout) == ["09ASTANA2204", "10RABAT5"]  # relevance
    assert run("overflight", "--page", "2", "--offset", "3").exit_code == 2


def test_facets_are_listed_after_the_hits(run) -> None:
    out = run("tag:KZ", "--facets").stdout.splitlines()
    assert "tag_country: KZ 5, RS 3, AF 2, CH 1, GG 1, IR 1, KN 1, UZ 1" in out  # ZK is an area
    assert "tag_subject: PGOV 4, PREL 4, EPET 3, PINR 3, ECON 1, EINV 1, MARR 1, SOCI 1" in out
    assert "origin: Embassy Astana 5" in out and "year: 2008 1, 2009 3, 2010 1" in out
    page = json.loads(run("tag:KZ", "--facets", "--json", "--limit", "1").stdout)
    assert page["facets"]["classification"] == [{"value": "CONFIDENTIAL", "count": 3},
                                                {"value": "SECRET", "count": 1},
                                                {"value": "SECRET//NOFORN", "count": 1}]


def test_filters(run) -> None:
    assert sorted(listed(run("overflight", "--origin", "Embassy Algiers").stdout)) == [
        "09ALGIERS948", "10ALGIERS20", "10ALGIERS39"]
    assert sorted(listed(run("overflight", "--classification", "CONFIDENTIAL").stdout)) == [
        "05MADRID541", "06DUBLIN1020", "10ANKARA87"]
    assert sorted(listed(run("overflight", "--since", "2010").stdout)) == [
        "10ALGIERS20", "10ALGIERS39", "10ANKARA87", "10RABAT5"]
    assert sorted(listed(run("overflight", "--until", "2006").stdout)) == [
        "05MADRID541", "06ABUDHABI1401", "06DUBLIN1020"]
    assert sorted(listed(run("overflight", "--since", "2009-12", "--until", "2009-12-23").stdout)) == [
        "09ASTANA2204", "09SANAA2250", "09TRIPOLI943", "09TRIPOLI950"]
    assert listed(run("overflight", "--tag", "KZ").stdout) == ["09ASTANA2204"]


def test_filters_alone_list_by_date_newest_first(run) -> None:
    result = run("--tag", "KZ")
    assert result.exit_code == 0
    assert listed(result.stdout) == ["10ASTANA72", "09ASTANA2204", "09ASTANA982", "09ASTANA677", "08ASTANA338"]
    page = run("--origin", "Embassy Astana", "--limit", "2", "--offset", "2")
    assert page.stdout.splitlines()[0] == "5 cables match; 3-4 shown"
    assert listed(page.stdout) == ["09ASTANA982", "09ASTANA677"]


def test_json_page(run) -> None:
    result = run("overflight", "--limit", "3", "--json")
    assert result.exit_code == 0
    page = json.loads(result.stdout)
    assert (page["total"], page["limit"], page["offset"], len(page["hits"])) == (19, 3, 0, 3)
    top = page["hits"][0]
    assert top["reference_id"] == "09ASTANA2204" and top["created"] == "2009-12-23T09:37"
    assert top["origin"] == "Embassy Astana" and top["score"] < 0
    assert [top["snippet"][a:b] for a, b in top["highlights"]] == ["overflight"]


def test_nothing_matched_exits_1(run) -> None:
    result = run("overflight", "--origin", "Embassy Reykjavik")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == ["0 cables match; none on this page"]
    assert "cablekit: no cable matches" in result.stderr
    assert json.loads(run("zzyzzx", "--json").stdout) == {"total": 0, "limit": 20, "offset": 0, "hits": [],
                                                          "index_behind": None}


@pytest.mark.parametrize("bad", ["12/2009", "2009-13", "2009-02-30"])
def test_a_bad_date_is_a_usage_error(run, bad: str) -> None:
    result = run("overflight", "--since", bad)
    assert result.exit_code == 2
    assert "not a date" in result.output and "--since" in result.output


def test_the_database_comes_from_the_environment(run, corpus_db, tmp_path: Path) -> None:
    result = run("overflight", "--origin", "Embassy Rabat", env={"CABLEKIT_DB": str(corpus_db[0])})
    assert result.exit_code == 0 and listed(result.stdout) == ["10RABAT5"]
    missing = CliRunner().invoke(cli, ["search", "--db", str(tmp_path / "none.db"), "overflight"])
    assert missing.exit_code == 1 and "no database" in missing.output
    assert not (tmp_path / "none.db").exists()
