"""Shared fixtures: paths to ../shared (tests that need it skip when it is absent), the web
tests' store, servers, client and browser. Plain helpers are in ``tests/helpers``."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from detente.config import Settings
from tests.helpers.paths import ROOT, SAMPLE
from tests.helpers.web import (
    CHROMEDRIVER,
    CHROMIUM,
    Browser,
    Running,
    build_web_store,
    start_server,
)


@pytest.fixture
def sample_path() -> Path:
    """The first customer's article; skips the test when ../shared is absent."""
    if not SAMPLE.is_file():
        pytest.skip("../shared/samples is not present")
    return SAMPLE


@pytest.fixture
def examples_dir() -> Path:
    """The project's own example articles."""
    return ROOT / "examples"


# -- the web tests: a store built by the pipeline, servers over it, a client, a browser --


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built by the real pipeline (spaCy model needed)."""
    pytest.importorskip("fastapi")
    pytest.importorskip("uvicorn")
    return build_web_store(tmp_path_factory.mktemp("webstore"))


@pytest.fixture(scope="session")
def server(web_db: Path) -> Iterator[Running]:
    """A read-only server over the store."""
    running = start_server(web_db)
    yield running
    running.stop()


@pytest.fixture(scope="session")
def writable(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    """A server with writes on, over a copy of the store (one file, one writer); it may
    fetch loopback URLs, where the tests serve their articles."""
    copy = tmp_path_factory.mktemp("writable") / "web.duckdb"
    shutil.copy(web_db, copy)
    running = start_server(copy, allow_writes=True, settings=Settings(web_fetch_private=True))
    yield running
    running.stop()


@pytest.fixture(scope="session")
def client(server: Running) -> Iterator[httpx.Client]:
    """An HTTP client of the read-only server."""
    with httpx.Client(base_url=server.url, timeout=30) as http:
        yield http


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    """Headless Chromium; skips when selenium, chromium or chromium-driver is absent."""
    pytest.importorskip("selenium")
    if not (CHROMIUM.is_file() and CHROMEDRIVER.is_file()):
        pytest.skip("headless Chromium needs Debian's chromium and chromium-driver")
    session = Browser(tmp_path_factory.mktemp("chromium-profile"))
    yield session
    session.close()
