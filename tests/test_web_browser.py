"""The pages in real headless Chromium (Debian's chromium + chromedriver, driven by Selenium)
against uvicorn.

Screenshots land in out/test-artefacts/web/.
"""

from __future__ import annotations

import httpx
import pytest

from tests.helpers.paths import SAMPLE
from tests.helpers.web import Browser, Running

pytestmark = pytest.mark.model

PAGES = {
    "overview": "/",
    "dyad": "/dyads/AZE-IRN",
    "events": "/events",
    "documents": "/documents",
    "document": "/documents/ex-004",
    "actor": "/actors/AZE",
    "network": "/network",
    "kb": "/kb",
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_loads_without_console_errors(browser: Browser, server: Running, name: str) -> None:
    browser.console_errors()  # drain
    browser.get(server.url + PAGES[name])
    assert browser.run("return document.querySelector('main h1').textContent").strip()
    assert browser.console_errors() == []
    assert browser.screenshot(name).stat().st_size > 5000


def test_dyad_chart_renders(browser: Browser, server: Running) -> None:
    browser.get(server.url + "/dyads/AZE-IRN?period=quarter")
    assert browser.count("svg.chart.series rect.bar") >= 2
    width = browser.run(
        "return document.querySelector('svg.chart.series').getBoundingClientRect().width"
    )
    assert width > 400
    assert browser.count("svg.chart.series polyline.goldstein") == 1
    assert browser.count("svg.chart.series text[data-counted='stories']") == 1
    assert "stories" in browser.run("return document.querySelector('.summary .count').textContent")
    browser.get(server.url + "/dyads/AZE-IRN?period=quarter&count=mentions")
    assert browser.count("svg.chart.series text[data-counted='mentions']") == 1


def test_a_filter_changes_the_table(browser: Browser, server: Running) -> None:
    browser.get(server.url + "/dyads/AZE-IRN")
    before = browser.count("table.events tr.event")
    browser.run("document.querySelector('select[name=quad_class]').value = '3'")
    browser.click("#apply")
    browser.wait_for("return location.search.includes('quad_class=3')")
    browser.wait_for("return document.readyState === 'complete'")
    after_rows = browser.run(
        "return [...document.querySelectorAll('table.events tr.event')].map(r => r.className)"
    )
    assert "quad_class=3" in browser.run("return location.search")
    assert 0 < len(after_rows) < before
    assert all("quad3" in c for c in after_rows)
    browser.screenshot("dyad-filtered")


def test_document_page_highlights_events(browser: Browser, server: Running) -> None:
    browser.get(server.url + "/documents/ex-004")
    for role in ("source", "trigger", "target"):
        assert browser.count(f"article mark.ent.{role}") >= 1
    title = browser.run("return document.querySelector('article mark.trigger').title")
    assert "rule" in title


@pytest.mark.skipif(not SAMPLE.is_file(), reason="../shared/samples is not present")
def test_sample_article_is_highlighted(
    browser: Browser, server: Running, client: httpx.Client
) -> None:
    docs = client.get("/api/documents", params={"q": "azerbaijani-israeli"}).json()["items"]
    browser.get(f"{server.url}/documents/{docs[0]['doc_id']}")
    assert browser.count("article mark.ent.trigger") >= 4
    assert browser.count("article mark.ent.source") >= 3
    browser.screenshot("sample-document")


def test_script_payloads_render_inert(browser: Browser, server: Running) -> None:
    browser.get(server.url + "/documents/xss-001")
    assert browser.run("return window.__pwned === undefined")
    text = browser.run("return document.querySelector('article').textContent")
    assert "<script>window.__pwned = 3</script>" in text
    assert 'onerror="window.__pwned = 4"' in text
    assert browser.count("article script, article img") == 0
    assert "<script>" in browser.run("return document.querySelector('h1').textContent")
    assert browser.count("a[href^='javascript']") == 0
    browser.get(server.url + "/events?q=pwned")
    assert browser.run("return window.__pwned === undefined")
    assert browser.count("table.events tr.event") >= 1
    browser.screenshot("payloads-inert")


def test_network_is_drawn(browser: Browser, server: Running) -> None:
    browser.get(server.url + "/network")
    assert browser.count("svg.network g.node") >= 4
    assert browser.count("svg.network line.edge") >= 3
