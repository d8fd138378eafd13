"""Shared views in real headless Chromium: a filtered view's URL, opened again, shows the
same rows, and its download gives exactly those rows (events and timeline)."""

from __future__ import annotations

import csv
import io

import httpx
import pytest

from tests.helpers.web import Browser, Running

pytestmark = pytest.mark.model

ROWS = "return [...document.querySelectorAll('table.events tr.event')].map(r => r.dataset.eventId)"


def _filter_by_form(browser: Browser, url: str) -> str:
    """Open ``url``, ask for the AZE-IRN dyad in the filter form; the URL it lands on."""
    browser.get(url)
    browser.run("document.querySelector('form.filters input[name=dyad]').value = 'AZE-IRN'")
    browser.click("#apply")
    browser.wait_for("return location.search.includes('dyad=AZE-IRN')")
    browser.wait_for("return document.readyState === 'complete'")
    return str(browser.run("return location.href"))


def _csv_ids(href: str) -> list[str]:
    response = httpx.get(href, timeout=60)
    assert response.status_code == 200, response.text
    return [row["event_id"] for row in csv.DictReader(io.StringIO(response.text))]


@pytest.mark.parametrize(
    ("page", "link", "ordered"),
    [
        ("/events", "a[href*='/api/events/export?format=csv']", False),
        ("/timeline", "#timeline-csv", True),
    ],
)
def test_a_shared_url_reproduces_the_view_and_its_csv_gives_its_rows(
    browser: Browser, server: Running, page: str, link: str, ordered: bool
) -> None:
    shared = _filter_by_form(browser, server.url + page)
    shown = browser.run(ROWS)
    assert shown and len(shown) < 50  # the whole selection is on the page
    browser.get(server.url + "/")
    browser.get(shared)  # another analyst opens the link
    assert browser.run(ROWS) == shown
    assert browser.run("return document.querySelector('form.filters input[name=dyad]').value") == (
        "AZE-IRN"
    )
    downloaded = _csv_ids(str(browser.run(f'return document.querySelector("{link}").href')))
    if ordered:
        assert downloaded == shown
    else:  # the export is oldest first, the table newest first
        assert sorted(downloaded) == sorted(shown) and len(downloaded) == len(shown)


def test_timeline_and_alert_pages_load_and_a_timeline_row_opens_its_event(
    browser: Browser, server: Running
) -> None:
    for name, path in (("alerts", "/alerts?all=true"), ("timeline", "/timeline?dyad=AZE-IRN")):
        browser.console_errors()  # drain
        browser.get(server.url + path)
        assert browser.run("return document.querySelector('main h1').textContent").strip()
        assert browser.console_errors() == []
        assert browser.screenshot(name).stat().st_size > 5000
    first = browser.run(ROWS)[0]
    browser.click("table.events tr.event a.event-link")
    browser.wait_for(f"return location.pathname === '/events/{first}'")
    browser.wait_for("return document.readyState === 'complete'")
    assert "rule" in browser.run("return document.querySelector('main').textContent")
