"""An analyst's way through the pages in headless Chromium: a pair found by name opens
its dyad, the chart leaves gaps, an event row opens its event page, an evidence link
lands on its highlighted sentence, extreme dates answer 422."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.helpers.web import Browser, Running

pytestmark = pytest.mark.model


def _type(browser: Browser, selector: str, text: str) -> None:
    browser.run(
        "const box = document.querySelector(arguments[0]); box.value = arguments[1];"
        "box.dispatchEvent(new Event('input', {bubbles: true}));",
        selector,
        text,
    )


def test_find_two_countries_by_name_and_open_their_dyad(browser: Browser, server: Running) -> None:
    browser.get(server.url + "/")
    _type(browser, "#search-box", "Azerbaij")
    browser.wait_for(
        "return [...document.querySelectorAll('#search-suggestions option')]"
        ".some(o => o.value === 'Azerbaijan')"
    )
    _type(browser, "#search-box", "Azerbaijan and Iran")
    browser.run("document.querySelector('form.search').submit()")
    browser.wait_for("return location.pathname === '/search'")
    browser.wait_for("return document.readyState === 'complete'")
    browser.click("#open-dyad")
    browser.wait_for("return location.pathname === '/dyads/AZE-IRN'")
    browser.wait_for("return document.readyState === 'complete'")
    assert "AZE" in browser.run("return document.querySelector('main h1').textContent")
    browser.screenshot("dyad-found-by-name")


def test_chart_lines_never_cross_an_empty_period(
    browser: Browser, server: Running, client: httpx.Client
) -> None:
    series = client.get("/api/dyads/AZE-IRN/series", params={"period": "month"}).json()["series"]
    busy = {p["label"]: p["count"] > 0 for p in series}
    assert not all(busy.values())  # the demo dyad has empty months
    browser.get(server.url + "/dyads/AZE-IRN?period=month")
    runs = json.loads(
        browser.run(
            "return JSON.stringify([...document.querySelectorAll("
            "'svg.chart.series .goldstein[data-from]')].map(e => [e.dataset.from, e.dataset.to]))"
        )
    )
    labels = [p["label"] for p in series]
    assert runs
    for first, last in runs:
        inside = labels[labels.index(first) : labels.index(last) + 1]
        assert all(busy[label] for label in inside), (first, last)


def test_an_event_row_opens_its_event_page(browser: Browser, server: Running) -> None:
    browser.get(server.url + "/dyads/AZE-IRN")
    browser.click("table.events tr.event a.event-link")
    browser.wait_for("return location.pathname.startsWith('/events/')")
    browser.wait_for("return document.readyState === 'complete'")
    assert browser.run("return document.querySelector('td.rule').textContent").strip()
    resolved = browser.run(
        "return [...document.querySelectorAll('td.resolved-by')].map(t => t.textContent)"
    )
    assert resolved and all(r.strip() for r in resolved)
    browser.screenshot("event-page")


def test_evidence_link_lands_on_its_highlighted_sentence(browser: Browser, server: Running) -> None:
    browser.get(server.url + "/dyads/AZE-IRN")
    href = browser.run("return document.querySelector('table.events a.doc').href")
    browser.get(href)
    anchor = href.rsplit("#", 1)[1]
    assert browser.count(f"span.sentence#{anchor}") == 1
    colour = browser.run(
        "return getComputedStyle(document.querySelector('span.sentence:target')).backgroundColor"
    )
    assert colour not in ("", "rgba(0, 0, 0, 0)", "transparent")
    browser.screenshot("evidence-sentence")


EXTREME_DATES = (
    "/dyads/AZE-IRN?until=9999-12-31",
    "/dyads/AZE-IRN?period=week&since=0001-01-01",
    "/api/dyads/AZE-IRN/series?period=week&since=0002-01-01&until=9999-12-24",
)


def test_extreme_dates_answer_422(browser: Browser, server: Running) -> None:
    for path in EXTREME_DATES:
        browser.get(server.url + path)
        text = browser.run("return document.body.textContent")
        assert "422" in text and "narrow since/until" in text, path


# Pages and whether they draw a chart (the overview and the event page have none).
LABEL_PAGES = {
    "overview": ("/", False),
    "dyad-week": ("/dyads/AZE-IRN?period=week", True),
    "dyad-month": ("/dyads/AZE-IRN?period=month", True),
    "country": ("/actors/AZE?period=week", True),
    "network": ("/network", True),
    "event": ("", False),
}

# The boxes of every text of the page's charts that overlap another (at 1280 px width).
OVERLAPS = """
const boxes = [...document.querySelectorAll('svg.chart text')]
  .map(t => [t.textContent, t.getBoundingClientRect()])
  .filter(([, r]) => r.width > 0 && r.height > 0);
const found = [];
for (let i = 0; i < boxes.length; i++) {
  for (let j = i + 1; j < boxes.length; j++) {
    const [a, p] = boxes[i], [b, q] = boxes[j];
    const w = Math.min(p.right, q.right) - Math.max(p.left, q.left);
    const h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
    if (w > 1 && h > 1) found.push([a, b]);
  }
}
return JSON.stringify([window.innerWidth, boxes.length, found]);
"""


@pytest.mark.parametrize("name", sorted(LABEL_PAGES))
def test_chart_labels_do_not_overlap(
    browser: Browser, server: Running, client: httpx.Client, name: str
) -> None:
    path, charted = LABEL_PAGES[name]
    if name == "event":
        path = (
            "/events/"
            + client.get("/api/events", params={"limit": 1}).json()["items"][0]["event_id"]
        )
    browser.get(server.url + path)
    width, count, overlapping = json.loads(browser.run(OVERLAPS))
    assert width >= 1200
    assert (count > 0) == charted
    assert overlapping == [], overlapping
    browser.screenshot(f"labels-{name}")
