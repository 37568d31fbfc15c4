"""`cablekit search`: output, filters, JSON, exit codes."""
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
    assert "DELIBERATION ON [OVERFLIGHT] AND NDN AMENDMENTS" in lines[4]
    assert len(listed(result.stdout)) == 19 and "\x02" not in result.stdout


def test_words_are_all_required_and_quoted_safely(run) -> None:
    assert listed(run("overflight", "Kazakhstan").stdout) == ["09ASTANA2204"]
    assert sorted(listed(run("overflight", "algeria", "surveillance").stdout)) == ["09ALGIERS948", "10ALGIERS39"]
    assert run("NEAR(overflight", "AND", '"').exit_code in (0, 1)  # never an FTS5 syntax error


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
    assert [top["snippet"][a:b] for a, b in top["highlights"]] == ["OVERFLIGHT"]


def test_nothing_matched_exits_1(run) -> None:
    result = run("overflight", "--origin", "Embassy Reykjavik")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == ["0 cables match; none on this page"]
    assert "cablekit: no cable matches" in result.stderr
    assert json.loads(run("zzyzzx", "--json").stdout) == {"total": 0, "limit": 20, "offset": 0, "hits": []}


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
