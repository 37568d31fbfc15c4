"""The search page, the JSON API, the export and the OpenAPI description, over the real corpus."""
from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import parse_qs, urlsplit

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from selectolax.lexbor import LexborHTMLParser

from cablekit.cli import cli
from cablekit.store import SearchQuery
from cablekit.web.openapi import openapi_document
from cablekit.web.search_form import SearchForm

SEED_ID = "09ASTANA2204"
SAME_QUERIES = ("overflight", "tag:KZ", "karzai OR wali -taliban", 'caveat:NOFORN created:2009-12 "security"')


def page_ids(html: str) -> list[str]:
    """Reference IDs of the hit list, in order."""
    return [n.text() for n in LexborHTMLParser(html).css("ol.hits li.hit p.hit-title a code")]


def page_total(html: str) -> int:
    heading = LexborHTMLParser(html).css_first("#results-h").text()
    m = re.search(r"([\d,]+) cables? found", heading)
    assert m, heading
    return int(m.group(1).replace(",", ""))


# -- one query, three front ends -------------------------------------------------------------


@pytest.mark.parametrize("query", SAME_QUERIES)
def test_cli_page_and_api_give_the_same_hits(query, client, db):
    result = CliRunner().invoke(cli, ["search", query, "--json", "--db", str(db)])
    assert result.exit_code in (0, 1), result.output
    from_cli = json.loads(result.output)
    page = client.get("/search", params={"q": query})
    api = client.get("/api/search", params={"q": query}).json()
    assert page.status_code == 200
    cli_ids = [h["reference_id"] for h in from_cli["hits"]]
    assert cli_ids == page_ids(page.text) == [h["reference_id"] for h in api["hits"]]
    assert from_cli["total"] == page_total(page.text) == api["total"]
    assert from_cli["total"] > 0 and api["query"] == query


# -- the page --------------------------------------------------------------------------------


def test_malformed_query_is_a_400_that_keeps_the_form(client):
    r = client.get("/search", params={"q": "overflight (kazakhstan", "tag": "KZ", "sort": "oldest"})
    assert r.status_code == 400
    tree = LexborHTMLParser(r.text)
    assert tree.css_first("#q").attributes["value"] == "overflight (kazakhstan"
    assert tree.css_first("#q").attributes["aria-invalid"] == "true"
    assert tree.css_first("#tag").attributes["value"] == "KZ"
    assert "selected" in tree.css_first('#sort option[value="oldest"]').attributes
    error = tree.css_first("#q-error").text()
    assert "'(' is never closed at column 12" in error
    assert tree.css_first("pre.caret").text().split("\n")[1] == " " * 11 + "^"
    assert page_ids(r.text) == []


def test_sort_orders_by_date_both_ways(client, store):
    newest = client.get("/search", params={"q": "overflight", "sort": "newest"}).text
    oldest = client.get("/search", params={"q": "overflight", "sort": "oldest"}).text
    dates = [t.attributes["datetime"] for t in LexborHTMLParser(newest).css("ol.hits .hit-meta time")]
    assert dates == sorted(dates, reverse=True) and len(dates) > 3
    assert page_ids(oldest)[0] == page_ids(newest)[-1] or len(page_ids(newest)) == 20
    assert page_ids(oldest) == [h.reference_id for h in store.search(SearchQuery("overflight", sort="oldest")).hits]
    bad = client.get("/search", params={"q": "overflight", "sort": "sideways"})
    assert bad.status_code == 200 and "Ignored the sort &#39;sideways&#39;" in bad.text


def test_pages_follow_on_with_exact_counts(client, store):
    total = store.search(SearchQuery("tag:PREL")).total
    assert total > 40
    first, second = (client.get("/search", params={"q": "tag:PREL", "page": n}).text for n in (1, 2))
    assert page_total(first) == total
    expected = [h.reference_id for h in store.search(SearchQuery("tag:PREL", limit=40)).hits]
    assert page_ids(first) + page_ids(second) == expected
    assert f"page 2 of {-(-total // 20)}" in LexborHTMLParser(second).css_first("#results-h").text()
    assert 'rel="next" href="/search?q=tag%3APREL&amp;page=3"' in second


def test_every_facet_count_is_the_count_its_link_gives(client, store):
    html = client.get("/search", params={"q": "overflight"}).text
    links = LexborHTMLParser(html).css("aside.facets li a")
    assert len(links) > 20
    kinds = {n.css_first("h3").text() for n in LexborHTMLParser(html).css("aside.facets section.facet")}
    assert {"Classification", "Year", "Origin", "Subject tags", "Country tags", "Caveat", "Precedence"} <= kinds
    for link in links:
        params = parse_qs(urlsplit(link.attributes["href"]).query)
        shown = int(link.css_first(".fn").text().replace(",", ""))
        form = SearchForm.from_params({"q": params["q"][0], "fq": params["fq"]})
        assert store.search(form.query()).total == shown, params["fq"]


def test_a_facet_narrows_the_query_and_shows_a_removable_chip(client, store):
    html = client.get("/search", params={"q": "overflight"}).text
    countries = LexborHTMLParser(html).css_first("#facet-tag_country").parent.css("li a")
    kz = next(a for a in countries if a.css_first(".fv").text() == "KZ")
    narrowed = client.get(kz.attributes["href"])
    tree = LexborHTMLParser(narrowed.text)
    chips = tree.css("ul.chips a.chip")
    assert [c.text().strip() for c in chips] == ["Country tag: KZ ×"]
    assert chips[0].attributes["aria-label"] == "Remove Country tag: KZ"
    assert tree.css_first(".query-run code").text() == '(overflight) tag:"KZ"'
    expected = store.search(SearchQuery('overflight tag:KZ')).total
    assert page_total(narrowed.text) == expected < page_total(html)
    assert SEED_ID in page_ids(narrowed.text)
    assert tree.css_first('input[type="hidden"][name="fq"]').attributes["value"] == 'tag:"KZ"'
    assert chips[0].attributes["href"] == "/search?q=overflight"
    chosen = tree.css_first("aside.facets li.on a")
    assert chosen.attributes["aria-current"] == "true" and chosen.attributes["href"] == "/search?q=overflight"


def test_months_are_offered_once_a_year_is_chosen(client):
    everything = LexborHTMLParser(client.get("/search").text)
    assert "Choose a year" in everything.css_first("#facet-month").parent.text()
    year = LexborHTMLParser(client.get("/search", params={"fq": "created:2009"}).text)
    months = [a.css_first(".fv").text() for a in year.css_first("#facet-month").parent.css("li a")]
    assert months and all(m.startswith("2009-") for m in months) and months == sorted(months)


def test_download_links_carry_the_query(client):
    html = client.get("/search", params={"q": "overflight", "fq": 'tag:"KZ"', "page": 1}).text
    links = {a.text(): a.attributes["href"] for a in LexborHTMLParser(html).css("p.downloads a")}
    assert set(links) == {"CSV", "JSON Lines", "Parquet"}
    assert links["CSV"] == "/export?q=overflight&fq=tag%3A%22KZ%22&format=csv"


# -- the export ------------------------------------------------------------------------------


def test_export_streams_every_match_in_three_formats(client, store):
    query = "tag:PREL"
    expected = [r["reference_id"] for r in store.iter_matches(SearchQuery(query))]
    assert len(expected) > 20
    got = {}
    for fmt in ("csv", "jsonl", "parquet"):
        r = client.get("/export", params={"q": query, "format": fmt})
        assert r.status_code == 200, fmt
        assert r.headers["x-result-count"] == str(len(expected))
        assert r.headers["content-disposition"] == f'attachment; filename="cables-tag-PREL.{fmt}"'
        got[fmt] = r
    rows = list(csv.DictReader(io.StringIO(got["csv"].text)))
    assert [row["reference_id"] for row in rows] == expected
    assert all("PREL" in row["tags"].split("|") for row in rows)
    lines = [json.loads(line) for line in got["jsonl"].text.splitlines()]
    assert [rec["reference_id"] for rec in lines] == expected and isinstance(lines[0]["tags"], list)
    table = pq.read_table(io.BytesIO(got["parquet"].content))
    assert table.column("reference_id").to_pylist() == expected
    assert table.num_rows == len(expected) and "PREL" in table.column("tags").to_pylist()[0]


def test_export_of_everything_and_of_nothing(client, store):
    everything = client.get("/export", params={"format": "jsonl"})
    assert len(everything.text.splitlines()) == store.count()
    empty = client.get("/export", params={"q": "id:99NOWHERE1", "format": "parquet"})
    assert empty.status_code == 200 and pq.read_table(io.BytesIO(empty.content)).num_rows == 0


def test_export_errors_are_json(client):
    bad = client.get("/export", params={"q": "tag:KZ", "format": "xls"})
    assert bad.status_code == 400
    assert bad.json() == {"ok": False, "error": "unknown export format 'xls'; use one of csv, jsonl, parquet",
                          "status": 400}
    malformed = client.get("/export", params={"q": "a)", "format": "csv"})
    assert malformed.status_code == 400 and "at column 2" in malformed.json()["error"]


# -- the JSON API ----------------------------------------------------------------------------


def test_api_search_pages_sorts_and_facets(client, store):
    r = client.get("/api/search", params={"q": "tag:PREL", "sort": "oldest", "page": 2, "per_page": 5,
                                          "facets": "year,tag_country"}).json()
    expected = store.search(SearchQuery("tag:PREL", sort="oldest", limit=5, offset=5))
    assert [h["reference_id"] for h in r["hits"]] == [h.reference_id for h in expected.hits]
    assert (r["total"], r["page"], r["per_page"], r["pages"]) == (expected.total, 2, 5, -(-expected.total // 5))
    assert r["hits"][0]["url"] == f"/cables/{r['hits'][0]['reference_id']}"
    years = {fc["value"]: fc["count"] for fc in r["facets"]["year"]}
    assert sum(years.values()) == expected.total
    assert years == {fc.value: fc.count for fc in store.facet_counts("year", SearchQuery("tag:PREL"))}
    assert set(r["facets"]) == {"year", "tag_country"}


@pytest.mark.parametrize("params, status, message", [
    ({"q": "overflight)"}, 400, "The query can't be read: ')' has no matching '(' at column 11."),
    ({"q": "colour:red"}, 400, "unknown field colour:"),
    ({"q": "x", "sort": "sideways"}, 400, "Ignored the sort 'sideways': use one of relevance, newest, oldest."),
    ({"q": "x", "per_page": "500"}, 400, "Ignored the page size '500': use a whole number from 1 to 100."),
    ({"q": "x", "page": "0"}, 400, "Ignored the page number '0'"),
    ({"q": "x", "facets": "colour"}, 400, "unknown facet 'colour'"),
    ({"q": "x", "since": "12/2009"}, 400, "Ignored the since date '12/2009'"),
])
def test_api_errors_have_one_shape_and_a_clear_message(client, params, status, message):
    r = client.get("/api/search", params=params)
    assert r.status_code == status
    body = r.json()
    assert set(body) == {"ok", "error", "status"} and body["ok"] is False and body["status"] == status
    assert message in body["error"]


def test_api_cable_record_and_other_errors(client, store):
    r = client.get("/api/cables/09astana002204").json()
    assert r["cable"]["reference_id"] == SEED_ID and r["url"] == f"/cables/{SEED_ID}"
    assert r["cited_by"] == [h.reference_id for h in store.cited_by(SEED_ID)]
    assert [ref["reference_id"] for ref in r["cable"]["references"]] == [
        "09STATE128489", "09ASTANA2000", "09ASTANA2158", "09ASTANA2198"]
    post = client.post("/api/search")
    assert post.status_code == 405 and post.json() == {
        "ok": False, "error": "POST is not allowed on /api/search; use GET.", "status": 405}
    assert client.get("/api/nothing").json() == {"ok": False, "error": "There is no page at /api/nothing.",
                                                 "status": 404}


def test_openapi_describes_what_the_app_serves(client):
    doc = client.get("/openapi.json").json()
    assert doc == json.loads(json.dumps(openapi_document()))
    assert doc["openapi"].startswith("3.1")
    assert set(doc["paths"]) == {"/api/search", "/api/cables/{reference_id}", "/export", "/openapi.json"}
    search = doc["paths"]["/api/search"]["get"]
    names = {p["name"] for p in search["parameters"]}
    assert names == {"q", "fq", "sort", "page", "per_page", "facets", "tag", "origin", "classification",
                     "since", "until"}
    for p in search["parameters"]:  # each documented example is accepted
        if "example" in p:
            assert client.get("/api/search", params={p["name"]: p["example"]}).status_code == 200, p["name"]
    refs = re.findall(r'"\$ref": "#/components/schemas/(\w+)"', json.dumps(doc))
    assert refs and set(refs) <= set(doc["components"]["schemas"])
    page = client.get("/api")
    assert page.status_code == 200 and 'href="/openapi.json"' in page.text
    assert client.get("/api/search", params={"q": "overflight"}).json().keys() >= set(
        doc["components"]["schemas"]["SearchPage"]["required"])
