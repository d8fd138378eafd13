"""Fixtures of the web tests: a real store, real uvicorn servers on loopback, real Chromium.

The store is built once per session by ``detente.ingest`` from the project's examples,
the sample article when ../shared is present, and an article carrying script payloads.
"""

from __future__ import annotations

import base64
import json
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import ROOT, SAMPLE

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

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


def _build(folder: Path) -> Path:
    from detente.jobs import ingest
    from detente.store import Store

    inputs = [ROOT / "examples"]
    if SAMPLE.is_file():
        inputs.append(SAMPLE)
    payload = folder / "payloads.jsonl"
    payload.write_text(json.dumps(XSS_DOC) + "\n", encoding="utf-8")
    inputs.append(payload)
    db = folder / "web.duckdb"
    with Store(db) as store:
        ingest(inputs, store)
    return db


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built by the real pipeline (spaCy model needed)."""
    return _build(tmp_path_factory.mktemp("webstore"))


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


def start_server(db: Path, *, allow_writes: bool = False) -> Running:
    """Start the app with uvicorn on a free loopback port and wait until it answers."""
    from detente.web.app import new_token
    from detente.web.serve import ServeOptions, build_server

    token = new_token() if allow_writes else None
    options = ServeOptions(db=db, port=0, allow_writes=allow_writes)
    server, sock = build_server(options, token=token)
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


@pytest.fixture(scope="session")
def server(web_db: Path) -> Iterator[Running]:
    """A read-only server over the store."""
    running = start_server(web_db)
    yield running
    running.stop()


@pytest.fixture(scope="session")
def writable(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    """A server with writes on, over a copy of the store (one file, one writer)."""
    copy = tmp_path_factory.mktemp("writable") / "web.duckdb"
    shutil.copy(web_db, copy)
    running = start_server(copy, allow_writes=True)
    yield running
    running.stop()


@pytest.fixture(scope="session")
def client(server: Running) -> Iterator[httpx.Client]:
    """An HTTP client of the read-only server."""
    with httpx.Client(base_url=server.url, timeout=30) as http:
        yield http


# -- a small WebDriver client of Debian's chromedriver ---------------------------------

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
    """Headless Chromium driven over the W3C WebDriver protocol (httpx, no Selenium)."""

    def __init__(self, profile: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.driver = subprocess.Popen(
            [str(CHROMEDRIVER), f"--port={port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.http = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60)
        self._wait_ready()
        options = {
            "binary": str(CHROMIUM),
            "args": [*CHROME_ARGS, f"--user-data-dir={profile}"],
        }
        caps = {
            "browserName": "chrome",
            "goog:chromeOptions": options,
            "goog:loggingPrefs": {"browser": "ALL"},
        }
        answer = self._call("POST", "/session", {"capabilities": {"alwaysMatch": caps}})
        self.session = f"/session/{answer['sessionId']}"

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if self.http.get("/status").status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.1)
        raise RuntimeError("chromedriver did not start")

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        response = self.http.request(method, path, json=body)
        value = response.json().get("value")
        if response.status_code >= 400:
            raise RuntimeError(f"webdriver {path}: {value}")
        return value

    def get(self, url: str) -> None:
        self._call("POST", f"{self.session}/url", {"url": url})

    def run(self, script: str, *args: Any) -> Any:
        return self._call("POST", f"{self.session}/execute/sync", {"script": script, "args": args})

    def count(self, css: str) -> int:
        return int(self.run("return document.querySelectorAll(arguments[0]).length", css))

    def click(self, css: str) -> None:
        element = self._call(
            "POST", f"{self.session}/element", {"using": "css selector", "value": css}
        )
        ref = next(iter(element.values()))
        self._call("POST", f"{self.session}/element/{ref}/click", {})

    def console_errors(self) -> list[str]:
        for path in ("/se/log", "/log"):
            try:
                entries = self._call("POST", f"{self.session}{path}", {"type": "browser"})
            except RuntimeError:
                continue
            return [e["message"] for e in entries if e.get("level") == "SEVERE"]
        return []

    def screenshot(self, name: str) -> Path:
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTEFACTS / f"{name}.png"
        path.write_bytes(base64.b64decode(self._call("GET", f"{self.session}/screenshot")))
        return path

    def close(self) -> None:
        try:
            self._call("DELETE", self.session)
        finally:
            self.http.close()
            self.driver.terminate()
            self.driver.wait(timeout=10)


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    """Headless Chromium; skips when Debian's chromium and chromium-driver are absent."""
    if not (CHROMIUM.is_file() and CHROMEDRIVER.is_file()):
        pytest.skip("headless Chromium needs Debian's chromium and chromium-driver")
    session = Browser(tmp_path_factory.mktemp("chromium-profile"))
    yield session
    session.close()
