"""The web archive in a real browser: Debian's chromium driven by Playwright.

The app runs as ``cablekit serve`` in a subprocess on a free port of 127.0.0.1,
over the shared archive of the real corpus. Screenshots of the search page and
the cable page go to test-output/ (repo-relative, git-ignored).
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect, sync_playwright
from conftest import citing_pair

from cablekit.store import open_store

pytestmark = pytest.mark.browser
expect.set_options(timeout=10_000)

REPO = Path(__file__).resolve().parents[1]
OUTPUT = REPO / "test-output"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SEED_ID = "09ASTANA2204"


@pytest.fixture(scope="module")
def db(corpus_db: tuple) -> Path:
    return corpus_db[0]


@pytest.fixture(scope="module")
def base_url(db: Path) -> Iterator[str]:
    """``cablekit serve --port 0`` in a subprocess; its printed address."""
    script = Path(sys.executable).with_name("cablekit")
    program = [str(script)] if script.exists() else [sys.executable, "-m", "cablekit"]
    proc = subprocess.Popen([*program, "serve", "--db", str(db), "--host", "127.0.0.1", "--port", "0"],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not m:
            proc.wait(timeout=10)
            raise AssertionError(f"cablekit serve printed no address: {line!r}, stderr: {proc.stderr.read()[-2000:]}")
        yield m.group(0).rstrip("/")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.exists(), "Debian's chromium is needed at /usr/bin/chromium (apt-get install chromium)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page; fails the test on any console error (a CSP violation would be one)."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.set_default_timeout(10_000)
    pg = context.new_page()
    errors: list[str] = []

    def on_console(msg: ConsoleMessage) -> None:
        if msg.type == "error":
            errors.append(msg.text)

    pg.on("console", on_console)
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    context.close()
    assert errors == [], errors


def test_search_then_read_the_seed_cable(page: Page, base_url: str):
    OUTPUT.mkdir(exist_ok=True)
    page.goto(base_url + "/")
    page.get_by_label("Query", exact=True).fill("overflight")
    page.get_by_label("Query", exact=True).press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=overflight"))
    expect(page.locator("#results-h")).to_contain_text("cables found")
    expect(page.locator("ol.hits mark").first).to_have_text(re.compile("overflight", re.I))
    expect(page.locator("aside.facets section.facet h3")).to_contain_text(["Classification", "Year"])
    page.screenshot(path=str(OUTPUT / "search.png"), full_page=True)

    page.get_by_role("link", name=SEED_ID).click()
    page.wait_for_url(f"{base_url}/cables/{SEED_ID}")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "KAZAKHSTAN: TERRORISM AND SECURITY CONCERNS INFLUENCE DELIBERATION ON OVERFLIGHT AND NDN AMENDMENTS")
    tags = page.locator("section.meta ul.tags li a")
    expect(tags).to_have_count(8)
    expect(tags).to_have_text(["PGOV", "PREL", "PINR", "MARR", "AF", "RS", "UZ", "KZ"])
    refs = page.locator("section.references li code")
    expect(refs).to_have_text(["09STATE128489", "09ASTANA2000", "09ASTANA2158", "09ASTANA2198"])
    expect(page.locator("section.references li").first).to_contain_text("A.")
    expect(page.locator("#par3")).to_contain_text("the times are different now")
    page.screenshot(path=str(OUTPUT / "cable.png"), full_page=True)
    assert (OUTPUT / "search.png").stat().st_size > 10_000
    assert (OUTPUT / "cable.png").stat().st_size > 10_000


def _found(page: Page) -> int:
    """The number of hits the results heading announces."""
    return int(re.search(r"([\d,]+) cables? found", page.locator("#results-h").inner_text()).group(1).replace(",", ""))


def test_facet_narrows_and_its_chip_removes_it(page: Page, base_url: str):
    page.goto(f"{base_url}/search?q=overflight")
    before = _found(page)
    year = page.locator("section.facet", has=page.locator("#facet-year")).locator("a", has_text="2009")
    count = int(year.locator(".fn").inner_text())
    assert 0 < count < before
    year.click()
    page.wait_for_url(re.compile(r"fq=created%3A2009"))
    chip = page.locator("ul.chips a.chip")
    expect(chip).to_have_count(1)
    expect(chip).to_have_text("Date: 2009 ×")
    assert _found(page) == count
    expect(page.locator("ol.hits .hit-meta time").first).to_have_attribute("datetime", re.compile(r"^2009-"))
    expect(page.locator(".query-run code")).to_have_text("(overflight) created:2009")
    page.screenshot(path=str(OUTPUT / "search-facet.png"), full_page=True)
    chip.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base_url}/search?q=overflight")
    expect(page.locator("ul.chips")).to_have_count(0)
    assert _found(page) == before


def test_malformed_query_shows_where(browser: Browser, base_url: str):
    context = browser.new_context()  # the page answers 400, which chromium logs: no console check here
    page = context.new_page()
    page.goto(f"{base_url}/search")
    page.get_by_label("Query", exact=True).fill("overflight (kazakhstan")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#q-error")).to_contain_text("is never closed at column 12")
    expect(page.get_by_label("Query", exact=True)).to_have_value("overflight (kazakhstan")
    context.close()


def test_browse_pages_render_without_errors(page: Page, base_url: str):
    for path, heading in (("/timeline", "Timeline"), ("/declassification", "Declassification calendar"),
                          ("/classifications", "Classifications"), ("/api", "JSON API")):
        page.goto(base_url + path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    page.goto(base_url + "/timeline")
    expect(page.get_by_role("img", name="Cables per month by classification")).to_be_visible()


def test_header_tooltips_open_on_keyboard_focus(page: Page, base_url: str):
    page.goto(f"{base_url}/cables/{SEED_ID}")
    dtg = page.locator("pre.header-text .tok", has_text="230937Z DEC 09")
    tip = page.locator("#" + dtg.get_attribute("aria-describedby"))
    expect(tip).to_be_hidden()
    dtg.focus()
    expect(tip).to_be_visible()
    expect(tip).to_have_text("Date-time group: 23 December 2009, 09:37 UTC (Zulu)")
    page.keyboard.press("Tab")
    expect(tip).to_be_hidden()


def test_follow_a_reference_and_cited_by(page: Page, base_url: str, db: Path):
    with open_store(db, read_only=True) as store:
        citing, cited = citing_pair(store)
    page.goto(f"{base_url}/cables/{citing}")
    page.locator("section.references").get_by_role("link", name=cited).click()
    page.wait_for_url(f"{base_url}/cables/{cited}")
    expect(page.locator("section.meta dd code").first).to_have_text(cited)
    page.locator("section.cited-by").get_by_role("link", name=citing).click()
    page.wait_for_url(f"{base_url}/cables/{citing}")


def test_tag_link_opens_the_tag_page(page: Page, base_url: str):
    page.goto(f"{base_url}/cables/{SEED_ID}")
    page.locator("section.meta ul.tags").get_by_role("link", name="KZ").click()
    page.wait_for_url(f"{base_url}/tags/KZ")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tag KZ")
    expect(page.get_by_role("link", name=SEED_ID)).to_be_visible()


def test_cable_page_fits_a_phone(browser: Browser, base_url: str):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    pg = context.new_page()
    pg.goto(f"{base_url}/cables/{SEED_ID}")
    overflow = pg.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    for path in ("/", "/search?q=overflight", "/timeline", "/declassification", "/classifications"):
        pg.goto(base_url + path)
        assert pg.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0, path
    context.close()
