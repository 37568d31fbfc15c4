"""The web archive in-process (starlette TestClient) over the archive of the real corpus."""
from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from conftest import citing_pair
from starlette.testclient import TestClient

from cablekit.cli import cli
from cablekit.ingest import content_hash
from cablekit.parse import parse_cable
from cablekit.sources.base import RawCable
from cablekit.store import Incoming, SearchQuery, open_store
from cablekit.store.base import HIGHLIGHT_END, HIGHLIGHT_START
from cablekit.web.app import create_app, make_templates
from cablekit.web.body_view import body_blocks
from cablekit.web.display import highlight
from cablekit.web.header_view import dtg_description, header_lines

SEED_ID = "09ASTANA2204"


@pytest.fixture(scope="module")
def seed_page(client: TestClient) -> str:
    r = client.get(f"/cables/{SEED_ID}")
    assert r.status_code == 200
    return r.text


def text_of(html: str) -> str:
    """The page's visible text, tags removed and whitespace collapsed (entities left as they are)."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# -- search ---------------------------------------------------------------------------------


def test_search_lists_the_seed_cable_with_highlighted_snippet(client, store):
    r = client.get("/search", params={"q": "overflight"})
    assert r.status_code == 200
    total = store.search(SearchQuery(text="overflight")).total
    assert total >= 2
    assert f"{total} cables found" in text_of(r.text)
    assert f'href="/cables/{SEED_ID}"' in r.text
    assert re.search(r"<mark>overflight</mark>", r.text, re.IGNORECASE)
    assert "\x02" not in r.text and "\x03" not in r.text


def test_home_lists_every_cable_newest_first_with_pages(client, store):
    r = client.get("/")
    count = store.count()
    assert count > 1000
    assert f"All {count:,} cables, newest first" in text_of(r.text)
    assert 'href="/search?page=2"' in r.text
    page2 = client.get("/search", params={"page": 2})
    assert '<ol class="hits" start="21">' in page2.text
    first = store.search(SearchQuery(limit=1, offset=20)).hits[0]
    assert f"/cables/{first.reference_id}" in page2.text


def test_search_filters_on_origin_and_dates(client):
    r = client.get("/search", params={"q": "overflight", "origin": "Embassy Astana", "since": "2009-12", "until": "2009-12-31"})
    assert r.status_code == 200
    hits = re.findall(r'<li class="hit">(.*?)</li>', r.text, re.S)
    assert hits and all("Embassy Astana" in h for h in hits)
    assert all(d.startswith("2009-12") for d in re.findall(r'<time datetime="([^"]+)"', "".join(hits)))
    assert f"/cables/{SEED_ID}" in r.text
    none = client.get("/search", params={"q": "overflight", "origin": "Embassy Astana", "until": "2008"})
    assert "0 cables found" in text_of(none.text)


def test_search_takes_any_text_without_breaking(client):
    for q in ("\x00", "kazakhstan " * 80, "<b>kazakhstan</b>", "O'Brien", "oil & gas"):
        r = client.get("/search", params={"q": q})
        assert r.status_code == 200, q
        assert re.search(r"(cables? found|All [\d,]+ cables)", r.text) and "\x00" not in r.text, q
    for q in ('"', "AND OR (", "NEAR(", "col:umn", "(a", "a)", "*", "AND"):
        r = client.get("/search", params={"q": q})
        assert r.status_code == 400, q
        assert "The query can't be read:" in r.text and " at column " in r.text, q


def test_search_reports_a_bad_date_instead_of_failing(client):
    r = client.get("/search", params={"q": "overflight", "since": "12/2009", "page": "x"})
    assert r.status_code == 200
    assert "Ignored the since date &#39;12/2009&#39;" in r.text
    assert "Ignored the page number" in r.text


# -- the cable page ------------------------------------------------------------------------


def test_cable_page_metadata_as_the_seed_page_shows_it(seed_page):
    text = text_of(seed_page)
    assert "Identifier 09ASTANA2204" in text
    assert "Created 2009-12-23 09:37 UTC" in text
    assert "SECRET//NOFORN" in text
    assert 'href="/search?fq=origin%3A%22Embassy+Astana%22"' in seed_page
    assert "<h1 id=\"cable-title\">KAZAKHSTAN: TERRORISM AND SECURITY CONCERNS INFLUENCE" in seed_page
    tags = re.findall(r'<a href="/tags/([A-Z]+)"><code>', seed_page)
    assert tags == ["PGOV", "PREL", "PINR", "MARR", "AF", "RS", "UZ", "KZ"]
    assert 'href="/guide"' in seed_page


def test_cable_page_decodes_the_header_in_place(seed_page):
    assert re.search(r'aria-describedby="(h\d+-\d+)">230937Z DEC 09</span><span class="tip" role="tooltip" '
                     r'id="\1">Date-time group: 23 December 2009, 09:37 UTC', seed_page)
    assert re.search(r'>RUEHC</span><span class="tip" role="tooltip" id="[^"]+">Routing indicator RUEHC: '
                     r'SECSTATE WASHDC', seed_page)
    assert ">#2204/01</span><span class=\"tip\" role=\"tooltip\" id=\"h4-5\">Station serial number 2204, section 1" in seed_page
    assert "Julian day 357 and time 09:37 UTC of transmission (23 December 2009)" in seed_page
    assert ">7069</span><span class=\"tip\"" in seed_page


def test_cable_page_numbers_and_marks_paragraphs(seed_page):
    anchors = re.findall(r'<section class="par ([^"]*)" id="(par\d+)">', seed_page)
    assert [a for _, a in anchors] == [f"par{n}" for n in range(1, 11)]
    assert all(cls.startswith("lvl-s") for cls, _ in anchors)
    assert 'class="par lvl-s region region-summary" id="par1"' in seed_page
    assert 'region-comment" id="par10"' in seed_page
    assert '<a class="parnum" href="#par3"' in seed_page
    assert re.search(r">\(S/NF\)</span><span class=\"tip\" role=\"tooltip\" id=\"m-par1\">Secret", seed_page)
    assert '<p class="banner lvl-s">S E C R E T SECTION 01 OF 03 ASTANA 002204</p>' in seed_page
    assert '<p class="signer">HOAGLAND</p>' in seed_page


def test_cable_page_lists_references_with_canonical_ids(seed_page, store):
    refs = re.search(r'<section class="references".*?</section>', seed_page, re.S).group(0)
    listed = re.findall(r"<code>(\w+)</code>", refs)
    assert listed == ["09STATE128489", "09ASTANA2000", "09ASTANA2158", "09ASTANA2198"]
    missing = store.existing(listed)
    assert refs.count("not in this archive") == 4 - len(missing)


def test_reference_in_archive_is_linked_and_cited_by_links_back(client, store):
    citing, cited = citing_pair(store)
    page = client.get(f"/cables/{citing}").text
    refs = re.search(r'<section class="references".*?</section>', page, re.S).group(0)
    assert f'<a href="/cables/{cited}"><code>{cited}</code></a>' in refs
    back = client.get(f"/cables/{cited}").text
    cited_by = re.search(r'<section class="cited-by".*?</section>', back, re.S).group(0)
    assert f'href="/cables/{citing}"' in cited_by


def test_previous_and_next_cable_from_the_same_post(client, store):
    prev, nxt = store.neighbors(SEED_ID)
    page = client.get(f"/cables/{SEED_ID}").text
    nav = re.search(r'<nav class="sequence".*?</nav>', page, re.S).group(0)
    for hit in (prev, nxt):
        if hit is not None:
            assert f'href="/cables/{hit.reference_id}"' in nav
    assert prev is not None or nxt is not None


def test_cable_pages_have_unique_ids_and_working_tooltip_references(client, store):
    for rid in [SEED_ID, *list(store.iter_ids())[::97]]:
        html = client.get(f"/cables/{rid}").text
        ids = re.findall(r'\sid="([^"]+)"', html)
        assert len(ids) == len(set(ids)), rid
        described = set(re.findall(r'aria-describedby="([^"]+)"', html))
        assert described <= set(ids), rid


def test_raw_text_is_plain_text(client):
    r = client.get(f"/cables/{SEED_ID}/raw")
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/plain; charset=utf-8"
    assert r.text.startswith("VZCZCXRO3973\n")
    assert "REFTELS: A. STATE 128489" in r.text and r.text.rstrip().endswith("HOAGLAND")


def test_legacy_and_malformed_ids_redirect_to_the_canonical_page(client):
    r = client.get("/cable/2009/12/09ASTANA2204.html", follow_redirects=False)
    assert (r.status_code, r.headers["location"]) == (301, "/cables/09ASTANA2204")
    r = client.get("/cables/09astana002204", follow_redirects=False)
    assert (r.status_code, r.headers["location"]) == (301, "/cables/09ASTANA2204")
    r = client.get("/cables/09astana002204/raw", follow_redirects=False)
    assert r.headers["location"] == "/cables/09ASTANA2204/raw"


def test_unknown_cable_is_a_404_naming_it(client):
    r = client.get("/cables/99NOWHERE1")
    assert r.status_code == 404
    assert "No cable 99NOWHERE1 in this archive." in r.text
    assert "<h1>Not found" in r.text
    api = client.get("/api/cables/99NOWHERE1")
    assert api.status_code == 404
    assert api.json() == {"ok": False, "status": 404, "error": "No cable 99NOWHERE1 in this archive."}
    nowhere = client.get("/api/nothing-here")
    assert nowhere.status_code == 404 and nowhere.json()["ok"] is False


def test_missing_database_is_a_503_page(tmp_path):
    with TestClient(create_app(tmp_path / "none.db"), raise_server_exceptions=False) as c:
        page = c.get("/")
        api = c.get("/api/search?q=x")
    assert page.status_code == 503 and "none.db" in page.text
    assert api.status_code == 503 and api.json()["ok"] is False


def test_api_gives_the_record_and_plain_snippets(client):
    record = client.get(f"/api/cables/{SEED_ID}").json()["cable"]
    assert record["reference_id"] == SEED_ID and record["dtg"] == "230937Z DEC 09"
    found = client.get("/api/search", params={"q": "overflight"}).json()
    hit = next(h for h in found["hits"] if h["reference_id"] == SEED_ID)
    start, end = hit["highlights"][0]
    assert hit["snippet"][start:end].lower() == "overflight"


def test_every_response_has_the_content_security_policy(client):
    for path in ("/", f"/cables/{SEED_ID}", f"/cables/{SEED_ID}/raw", "/cables/99NOWHERE1",
                 "/static/style.css", "/api/search?q=x", "/guide", "/timeline", "/declassification",
                 "/openapi.json", "/export?q=tag:KZ", "/api", "/search?q=a)"):
        r = client.get(path)
        assert r.headers["content-security-policy"].startswith("default-src 'self'"), path
        assert r.headers["x-content-type-options"] == "nosniff"


def test_pages_load_nothing_from_another_site(client):
    for path in ("/", f"/cables/{SEED_ID}", "/guide", "/timeline", "/origins", "/declassification",
                 "/classifications", "/api", "/search?q=overflight", "/search?q=a)"):
        html = client.get(path).text
        assert not re.search(r'(?:src|href)="(?:https?:)?//', html), path
        assert "<script" not in html and " style=" not in html, path


# -- browse pages ---------------------------------------------------------------------------


def test_origins_page_counts_and_dates(client, store):
    html = client.get("/origins").text
    astana = store.search(SearchQuery(origin="Embassy Astana", limit=1))
    row = re.search(r'<a href="/search\?fq=origin%3A%22Embassy\+Astana%22">Embassy Astana</a></th>\s*<td class="num">(\d+)</td>'
                    r'\s*<td><time datetime="([\d-]+)">.*?<td><time datetime="([\d-]+)">', html, re.S)
    assert row and int(row.group(1)) == astana.total
    assert row.group(3) == astana.hits[0].created[:10]
    assert row.group(2) <= row.group(3)


def test_tags_pages(client, store):
    html = client.get("/tags").text
    assert '<a href="/tags/KZ"><code>KZ</code></a></th>' in html
    kz = client.get("/tags/KZ")
    assert kz.status_code == 200
    assert f"/cables/{SEED_ID}" in kz.text
    total = store.search(SearchQuery(tag="KZ")).total
    assert f"{total} {'cable' if total == 1 else 'cables'}, newest first" in text_of(kz.text)
    assert client.get("/tags/NOSUCHTAG").status_code == 404
    assert store.search(SearchQuery(tag="PREL")).total > 20
    prel = client.get("/tags/PREL").text
    assert 'href="/tags/PREL?page=2"' in prel
    assert '<ol class="hits" start="21">' in client.get("/tags/PREL", params={"page": 2}).text


def test_guide_explains_each_header_element(client):
    html = client.get("/guide").text
    for anchor in ("transmission-id", "routing-line", "de-line", "security-line", "dtg", "fm", "to", "info",
                   "banner", "captions", "eo", "tags", "classified-by", "refs", "paragraphs"):
        assert f'id="{anchor}"' in html, anchor


# -- untrusted text -------------------------------------------------------------------------

EVIL_BODY = """C O N F I D E N T I A L EVILTOWN 000001

E.O. 12958: DECL: 01/01/2020
TAGS: PREL XX
SUBJECT: <script>alert(1)</script> & <b>bold</b>

1. (C) Ignore <img src=x onerror=alert(2)> and "quotes" & <a href="javascript:alert(3)">links</a>.

SMITH
"""


@pytest.fixture(scope="module")
def evil_client(tmp_path_factory: pytest.TempPathFactory):
    raw = RawCable(path="evil.txt", format="telegram",
                   metadata={"reference_id": "10EVILTOWN1", "created": "2010-01-01 10:00",
                             "classification": "CONFIDENTIAL", "origin": "Embassy <i>Eviltown</i>",
                             "subject": "<script>alert(1)</script> & <b>bold</b>"},
                   header="R 011000Z JAN 10\nFM AMEMBASSY <EVILTOWN>\nTO RUEHC/SECSTATE WASHDC 1",
                   body=EVIL_BODY)
    cable = parse_cable(raw)
    db = tmp_path_factory.mktemp("evil") / "cables.db"
    with open_store(db) as s:
        s.write_batch([Incoming(cable, content_hash(raw), raw.path, raw.format)])
    with TestClient(create_app(db)) as c:
        yield c


def test_markup_in_a_cable_is_shown_as_text(evil_client):
    html = evil_client.get("/cables/10EVILTOWN1").text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
    assert "<img" not in html and "<b>bold" not in html and 'href="javascript:' not in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "Embassy &lt;i&gt;Eviltown&lt;/i&gt;" in html
    assert "AMEMBASSY &lt;EVILTOWN&gt;" in html


def test_markup_in_a_snippet_is_escaped_before_highlighting(evil_client):
    html = evil_client.get("/search", params={"q": "alert"}).text
    assert "<script>" not in html
    assert "<i>Eviltown" not in html and "Embassy &lt;i&gt;Eviltown&lt;/i&gt;" in html  # the origin facet
    chip = evil_client.get("/search", params={"fq": 'origin:"Embassy <i>Eviltown</i>"'}).text
    assert "<i>Eviltown" not in chip and "Origin: Embassy &lt;i&gt;Eviltown&lt;/i&gt;" in chip
    assert re.search(r"&lt;script&gt;<mark>alert</mark>\(1\)", html)
    assert str(highlight(f"<i>{HIGHLIGHT_START}x{HIGHLIGHT_END}")) == "&lt;i&gt;<mark>x</mark>"
    assert str(highlight(f"{HIGHLIGHT_END}a{HIGHLIGHT_START}<b>")) == "a<mark>&lt;b&gt;</mark>"


def test_every_template_is_autoescaped():
    env = make_templates().env
    assert env.autoescape is True
    for name in env.list_templates():
        template = env.get_template(name)
        assert template.environment.autoescape is True, name


# -- parts ----------------------------------------------------------------------------------


def test_header_tokens_keep_the_text_exactly(store):
    cable = store.get(SEED_ID)
    lines = header_lines(cable.header)
    assert ["".join(t.text for t in line) for line in lines] == cable.header.split("\n")
    de = {t.text: t for t in lines[3] if t.tip}
    assert list(de) == ["DE", "RUEHTA", "#2204/01", "3570937"]
    assert dtg_description("230937Z DEC 09") == "23 December 2009, 09:37 UTC (Zulu)"
    assert dtg_description("291359Z Nov 00") == "29 November 2000, 13:59 UTC (Zulu)"
    assert dtg_description("not a dtg") is None


def test_header_of_a_1960s_cable_without_routing_indicators(store):
    lines = header_lines("P R 281848Z DEC 66\nFM AMEMBASSY BUENOS AIRES\nTO SECSTATE WASHDC PRIORITY\nINFO USCINCSO")
    tips = [(t.text, t.kind) for line in lines for t in line if t.tip]
    assert tips[:3] == [("P", "prec"), ("R", "prec"), ("281848Z DEC 66", "dtg")]
    assert ("PRIORITY", "prec") in tips
    assert [t.text for t in lines[2] if t.kind == "addr"] == ["SECSTATE WASHDC"]


def test_body_blocks_find_each_parsed_paragraph(store):
    cable = store.get(SEED_ID)
    paras = [b for b in body_blocks(cable, set()) if b.kind == "para"]
    assert [b.number for b in paras] == [p.number for p in cable.paragraphs]
    assert paras[0].chunks[0][0].text.startswith("SUMMARY")
    assert paras[0].region == "summary" and paras[-1].region == "comment"
    assert all(b.region is None for b in paras[1:-1])


# -- the serve command ----------------------------------------------------------------------


def test_serve_get_answers_one_request(db):
    result = CliRunner().invoke(cli, ["serve", "--db", str(db), "--get", f"/cables/{SEED_ID}/raw"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("VZCZCXRO3973")
    missing = CliRunner().invoke(cli, ["serve", "--db", str(db), "--get", "/cables/99NOWHERE1"])
    assert missing.exit_code == 1


def test_serve_refuses_a_missing_database(tmp_path):
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "no such database" in result.output
    junk = tmp_path / "junk.db"
    junk.write_text("not sqlite at all\n" * 100)
    result = CliRunner().invoke(cli, ["serve", "--db", str(junk)])
    assert result.exit_code == 1
    assert "is not a cablekit database" in result.output


def test_a_control_character_asked_for_is_shown_escaped_in_the_404(client):
    r = client.get("/cables/%00")
    assert r.status_code == 404
    assert "\x00" not in r.text and "No cable \\x00 in this archive." in r.text
    api = client.get("/api/cables/A%00%0AB")
    assert api.status_code == 404 and api.json()["error"] == "No cable A\\x00\\x0aB in this archive."


def test_page_api_and_openapi_agree_on_the_longest_query(client):
    from cablekit.search.query import MAX_QUERY_LENGTH

    spec = client.get("/openapi.json").json()
    q_schema = next(p for p in spec["paths"]["/api/search"]["get"]["parameters"] if p["name"] == "q")["schema"]
    assert q_schema["maxLength"] == MAX_QUERY_LENGTH == 1000
    longest, too_long = "overflight " * 90 + "x" * 10, "overflight " * 95  # 1,000 and 1,045 characters
    assert client.get("/api/search", params={"q": longest}).json()["total"] == 0
    api = client.get("/api/search", params={"q": too_long})
    assert api.status_code == 400
    assert api.json()["error"] == "The query can't be read: the query is longer than 1000 characters at column 1001."
    page = client.get("/search", params={"q": too_long})
    assert page.status_code == 400 and "the query is longer than 1000 characters at column 1001" in page.text
    both = client.get("/api/search", params={"q": "overflight " * 91, "fq": "tag:KZ"})
    assert both.status_code == 400 and "the query with its filters is longer than 1000" in both.json()["error"]
