"""Requests that used to break or overreach the web app: extreme dates and series lengths,
foreign Host headers, server-side paths and private URLs, odd document ids, the no-JS
form, the events list's dyad filter, and TCP_NODELAY on served connections."""

from __future__ import annotations

import asyncio
import datetime as dt
import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from detente.config import Settings, load_settings
from detente.errors import ConfigError
from detente.models import Document, Event
from detente.store import Store
from detente.web.intake import public_address
from detente.web.serve import bind
from tests.helpers.events import make_event
from tests.helpers.http import serve
from tests.helpers.web import start_server

pytest.importorskip("fastapi")

ODD_ID = "feeds/2023 04 20: Cohen in Baku?#1"


def _event(n: int, source: str, target: str, day: dt.date, doc: str) -> Event:
    return make_event(
        event_id=f"e{n}",
        doc_id=doc,
        sentence=f"{source} and {target} talked, sentence {n}.",
        sentence_start=0,
        sentence_end=30,
        source_actor=f"{source}GOV",
        source_country=source,
        target_actor=f"{target}GOV",
        target_country=target,
        date_start=day,
        date_end=day,
    )


def _build(path: Path) -> None:
    rows = [
        ("d1", [_event(1, "AZE", "IRN", dt.date(2023, 1, 5), "d1")]),
        ("d2", [_event(2, "IRN", "AZE", dt.date(2023, 3, 5), "d2")]),
        ("d3", [_event(3, "AZE", "ISR", dt.date(2023, 4, 20), "d3")]),
        (ODD_ID, [_event(4, "ISR", "AZE", dt.date(2023, 4, 20), ODD_ID)]),
    ]
    with Store(path) as store:
        for doc_id, events in rows:
            text = events[0].sentence + " " * 10
            doc = Document(doc_id=doc_id, text=text, title=doc_id, date=events[0].date_start)
            store.save_document(doc, events)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hardening") / "web.duckdb"
    _build(path)
    return path


@pytest.fixture(scope="module")
def http(db: Path) -> Iterator[httpx.Client]:
    settings = Settings(web_allowed_hosts=("detente.example",), max_series_periods=2000)
    running = start_server(db, settings=settings)
    with httpx.Client(base_url=running.url, timeout=30) as client:
        yield client
    running.stop()


@pytest.mark.parametrize(
    "path",
    [
        "/api/dyads/AZE-IRN/series?until=9999-12-31",
        "/api/dyads/AZE-IRN/series?period=week&since=0001-01-01",
        "/api/dyads/AZE-IRN/series?period=week&since=0002-01-01&until=9999-12-24",
        "/api/dyads/AZE-IRN?until=9999-12-31",
        "/api/actors/AZE?period=week&since=0001-01-01",
        "/dyads/AZE-IRN?until=9999-12-31",
    ],
)
def test_extreme_dates_are_422_with_a_reason(http: httpx.Client, path: str) -> None:
    answer = http.get(path, headers={"Accept": "application/json"})
    assert answer.status_code == 422, answer.text
    message = answer.json()["error"]["message"]
    assert "more than 2000" in message and "narrow since/until" in message


def test_long_but_bounded_series_and_the_last_year(http: httpx.Client) -> None:
    answer = http.get(
        "/api/dyads/AZE-IRN/series",
        params={"period": "year", "since": "8500-01-01", "until": "9999-12-31"},
    )
    assert answer.status_code == 200, answer.text
    series = answer.json()["series"]
    assert len(series) == 1500 and series[-1]["label"] == "9999"


def test_foreign_host_names_are_refused(http: httpx.Client) -> None:
    port = http.base_url.port
    refused = http.get("/api/dyads", headers={"Host": f"rebind.attacker.example:{port}"})
    assert refused.status_code == 421
    assert "web_allowed_hosts" in refused.json()["error"]["message"]
    for host in (f"localhost:{port}", f"127.0.0.1:{port}", "detente.example", "[::1]:80"):
        assert http.get("/api/dyads", headers={"Host": host}).status_code == 200, host


def test_documents_with_any_id_open(http: httpx.Client) -> None:
    listing = http.get("/documents").text
    link = "/documents/" + quote(ODD_ID)
    assert f'href="{link}"' in listing
    assert http.get(link).status_code == 200
    body = http.get("/api/documents/" + quote(ODD_ID)).json()
    assert body["document"]["doc_id"] == ODD_ID


def test_events_page_applies_the_dyad_like_its_download(http: httpx.Client) -> None:
    page = http.get("/events", params={"dyad": "aze-irn"}).text
    assert page.count('data-event-id="') == 2
    assert 'value="aze-irn"' in page
    rows = http.get("/api/events/export", params={"dyad": "aze-irn", "format": "csv"}).text
    assert len(rows.strip().splitlines()) == 3  # header and the same two events
    assert http.get("/api/events", params={"dyad": "AZE-IRN"}).json()["total"] == 2


def test_served_connections_get_tcp_nodelay() -> None:
    sock = bind("127.0.0.1", 0)
    assert sock.proto == socket.IPPROTO_TCP

    async def accepted_nodelay() -> int:
        found: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        class Probe(asyncio.Protocol):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                conn = transport.get_extra_info("socket")
                found.set_result(conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))

        server = await asyncio.get_running_loop().create_server(Probe, sock=sock)
        host, port = sock.getsockname()[:2]
        _, writer = await asyncio.open_connection(host, port)
        value = await asyncio.wait_for(found, 10)
        writer.close()
        server.close()
        return value

    assert asyncio.run(accepted_nodelay()) != 0


def test_private_and_loopback_addresses_are_not_public() -> None:
    for host in ("127.0.0.1", "localhost", "10.1.2.3", "192.168.0.1", "169.254.169.254", "[::1]"):
        assert not public_address(host), host
    assert not public_address("no-such-host.invalid")
    assert public_address("93.184.215.14")


def test_web_settings_are_read_and_checked() -> None:
    env = {
        "DETENTE_WEB_ALLOWED_HOSTS": "a.example, b.example",
        "DETENTE_WEB_INGEST_FOLDERS": "~/articles,/srv/news",
        "DETENTE_WEB_FETCH_PRIVATE": "yes",
        "DETENTE_MAX_SERIES_PERIODS": "500",
    }
    cfg = load_settings(environ=env)
    assert cfg.web_allowed_hosts == ("a.example", "b.example")
    assert cfg.web_ingest_folders == (Path("~/articles").expanduser(), Path("/srv/news"))
    assert cfg.web_fetch_private is True and cfg.max_series_periods == 500
    with pytest.raises(ConfigError, match="max_series_periods"):
        load_settings(environ={"DETENTE_MAX_SERIES_PERIODS": "0"})
    assert Settings().web_ingest_folders == () and not Settings().web_fetch_private


@pytest.fixture(scope="module")
def writer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, str]]:
    folder = tmp_path_factory.mktemp("articles")
    outside = tmp_path_factory.mktemp("secrets") / "key.txt"
    outside.write_text("secret")
    (folder / "link.txt").symlink_to(outside)
    copy = tmp_path_factory.mktemp("writer") / "web.duckdb"
    _build(copy)
    settings = Settings(web_ingest_folders=(folder,))
    running = start_server(copy, allow_writes=True, settings=settings)
    yield running.url, folder, str(running.token)
    running.stop()


def _post(url: str, body: dict[str, str], token: str) -> httpx.Response:
    return httpx.post(url + "/api/ingest", json=body, headers={"X-Detente-Token": token})


def test_ingest_paths_stay_inside_the_configured_folders(
    writer: tuple[str, Path, str], tmp_path: Path
) -> None:
    from detente.web import intake

    url, folder, token = writer
    refused = _post(url, {"path": "/etc/passwd"}, token)
    assert refused.status_code == 403 and "outside the folders" in refused.text
    linked = _post(url, {"path": str(folder / "link.txt")}, token)
    assert linked.status_code == 403
    missing = _post(url, {"path": str(folder / "none.txt")}, token)
    assert missing.status_code == 404  # inside: only then is the path looked at
    with pytest.raises(intake.WebError, match="web_ingest_folders"):
        intake.inside_folder("x", tmp_path / "x", ())


def test_ingest_refuses_private_urls(writer: tuple[str, Path, str]) -> None:
    url, _, token = writer
    for target in (url + "/api/dyads", "http://10.0.0.1/x", "http://169.254.169.254/latest"):
        answer = _post(url, {"url": target}, token)
        assert answer.status_code == 403, target
        assert "web_fetch_private" in answer.json()["error"]["message"]


def test_web_ingest_runs_under_the_servers_settings_like_the_cli(tmp_path: Path) -> None:
    """robots.txt, the fetch settings and the limits of detente.toml hold for the web too."""
    from detente.web import intake

    config = tmp_path / "detente.toml"
    config.write_text("web_fetch_private = true\nfetch_delay = 0\n", encoding="utf-8")
    with serve() as (base, hits), Store(tmp_path / "web.duckdb") as store:
        cfg = load_settings(environ={"DETENTE_CONFIG": str(config)})
        url = f"{base}/private/one.html"
        (refused,) = intake.ingest_url(store, url=url, settings=cfg).failures
        assert hits.get("/robots.txt") == 1 and url not in hits
        assert refused.source == url and "robots.txt" in refused.reason
        config.write_text(
            "web_fetch_private = true\nfetch_robots = false\nmax_doc_chars = 60\n", encoding="utf-8"
        )
        cfg = load_settings(environ={"DETENTE_CONFIG": str(config)})
        other = f"{base}/private/two.html"
        (too_long,) = intake.ingest_url(store, url=other, settings=cfg).failures
        assert hits.get("/private/two.html") == 1 and hits["/robots.txt"] == 1
        assert too_long.source == other and "max_doc_chars" in too_long.reason
        text = "Azerbaijan and Georgia signed a water-sharing memorandum in Tbilisi on Thursday."
        (pasted,) = intake.ingest_text(store, text=text, settings=cfg).failures
        assert pasted.source == "<stdin>:1" and "max_doc_chars" in pasted.reason
        stored = {f.source for f in store.failures()}
    assert stored == {url, other, "<stdin>:1"}


@pytest.mark.model
def test_ingest_form_posts_without_javascript(writer: tuple[str, Path, str]) -> None:
    url, _, token = writer
    page = httpx.get(url + "/documents").text
    assert 'id="ingest-form" class="write" method="post" action="/documents"' in page
    form = {"title": "Talks", "date": "2023-05-02", "text": "Iran accused Azerbaijan."}
    refused = httpx.post(url + "/documents", data=form)
    assert refused.status_code == 401
    done = httpx.post(url + "/documents", data={**form, "token": token})
    assert done.status_code == 303, done.text
    assert done.headers["location"].startswith("/documents?coded=1")
    assert "Iran accused" not in done.headers["location"]
