"""What the web tests run: a real store, real uvicorn servers on loopback, real Chromium
(through Selenium); their fixtures are in ``tests/conftest.py``.

The store is built once per session by ``detente.ingest_sources`` from the project's examples,
the sample article when ../shared is present, and an article carrying script payloads.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.helpers.paths import ROOT, SAMPLE

ARTEFACTS = ROOT / "out" / "test-artefacts" / "web"
XSS_DOC = {
    "id": "xss-001",
    "date": "2023-03-01",
    "title": "Armenia <script>window.__pwned = 1</script> talks",
    "url": "javascript:window.__pwned=2",
    "text": (
        "Armenian Prime Minister Nikol Pashinyan met Azerbaijani President Ilham Aliyev in "
        "Brussels on Tuesday <script>window.__pwned = 3</script> and both sides agreed to "
        'continue talks. <img src=x onerror="window.__pwned = 4"> Iran condemned the meeting.'
    ),
}


def build_web_store(folder: Path) -> Path:
    """The store of the web tests, built by the real pipeline (spaCy model needed)."""
    # Here, not at the top: conftest imports this module in every test session.
    from detente.jobs import ingest_sources
    from detente.store import Store

    inputs = [ROOT / "examples"]
    if SAMPLE.is_file():
        inputs.append(SAMPLE)
    payload = folder / "payloads.jsonl"
    payload.write_text(json.dumps(XSS_DOC) + "\n", encoding="utf-8")
    inputs.append(payload)
    db = folder / "web.duckdb"
    with Store(db) as store:
        ingest_sources(inputs, store)
    return db


@dataclass
class Running:
    """A server in a background thread: its base URL and, with writes on, its token."""

    url: str
    token: str | None
    db: Path
    server: Any
    thread: threading.Thread

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def start_server(
    db: Path,
    *,
    allow_writes: bool = False,
    settings: Any = None,
    routes: Callable[[Any], None] | None = None,
) -> Running:
    """Start the app with uvicorn on a free loopback port and wait until it answers
    (``settings``: a :class:`detente.config.Settings` for its limits and allow-lists;
    ``routes``: called with the app before it starts, to add routes of a test)."""
    from detente.web.serve import ServeOptions, build_server, new_token

    token = new_token() if allow_writes else None
    options = ServeOptions(db=db, port=0, allow_writes=allow_writes, settings=settings)
    server, sock = build_server(options, token=token)
    if routes is not None:
        routes(server.config.app)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    host, port = sock.getsockname()[:2]
    url = f"http://{host}:{port}"
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    return Running(url=url, token=token, db=db, server=server, thread=thread)


# -- headless Chromium through Selenium, with Debian's chromium and chromedriver ------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROME_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1280,1600",
]


class Browser:
    """A Selenium session of Debian's Chromium; Selenium Manager is never asked for
    anything (the driver is given to ``Service``, the browser to ``binary_location``, and
    ``SE_OFFLINE`` forbids downloads should it run anyway)."""

    def __init__(self, profile: Path) -> None:
        import os

        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        os.environ["SE_OFFLINE"] = "true"
        options = webdriver.ChromeOptions()
        options.binary_location = str(CHROMIUM)
        for arg in [*CHROME_ARGS, f"--user-data-dir={profile}"]:
            options.add_argument(arg)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        service = Service(executable_path=str(CHROMEDRIVER))
        self.driver = webdriver.Chrome(options=options, service=service)
        self.driver.set_page_load_timeout(60)

    def get(self, url: str) -> None:
        self.driver.get(url)

    def run(self, script: str, *args: Any) -> Any:
        return self.driver.execute_script(script, *args)

    def count(self, css: str) -> int:
        from selenium.webdriver.common.by import By

        return len(self.driver.find_elements(By.CSS_SELECTOR, css))

    def click(self, css: str) -> None:
        from selenium.webdriver.common.by import By

        self.driver.find_element(By.CSS_SELECTOR, css).click()

    def wait_for(self, script: str, *, timeout: float = 20) -> Any:
        """Wait until ``script`` returns something truthy (and return it)."""
        from selenium.webdriver.support.ui import WebDriverWait

        return WebDriverWait(self.driver, timeout).until(lambda d: d.execute_script(script))

    def console_errors(self) -> list[str]:
        """Severe messages of the browser's console since the last call (read from its log)."""
        entries = self.driver.get_log("browser")
        return [str(e["message"]) for e in entries if e.get("level") == "SEVERE"]

    def screenshot(self, name: str) -> Path:
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTEFACTS / f"{name}.png"
        if not self.driver.save_screenshot(str(path)):
            raise RuntimeError(f"no screenshot of {name}")
        return path

    def close(self) -> None:
        self.driver.quit()
