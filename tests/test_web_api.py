"""The JSON API against a real uvicorn server on loopback, over a store built by the pipeline."""

from __future__ import annotations

import io
from collections.abc import Iterator

import httpx
import pytest

from detente.formats import LAYOUTS, RECORD_FORMATS
from tests.helpers.paths import SAMPLE
from tests.helpers.web import Running

pytestmark = pytest.mark.model

GET_PAGES = (
    "/api/overview",
    "/api/dyads",
    "/api/dyads/AZE-IRN",
    "/api/dyads/AZE-IRN/series",
    "/api/events",
    "/api/documents",
    "/api/actors",
    "/api/actors/AZE",
    "/api/network",
)


def _error(response: httpx.Response, status: int) -> dict[str, object]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message", "details"}
    assert body["error"]["status"] == status
    return dict(body["error"])


@pytest.mark.parametrize("path", GET_PAGES)
def test_every_page_has_json(client: httpx.Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert "Content-Security-Policy" in response.headers


def test_overview_lists_busy_dyads_and_recent_events(client: httpx.Client) -> None:
    body = client.get("/api/overview").json()
    dyads = {d["dyad"]: d for d in body["dyads"]}
    assert "AZE-IRN" in dyads and dyads["AZE-IRN"]["by_quad"][3] >= 1
    assert dyads["AZE-IRN"]["conflict_share"] >= 0.75
    assert body["recent"] and all(e["sentence"] for e in body["recent"])
    dates = [e["date_start"] for e in body["recent"] if e["date_start"]]
    assert dates == sorted(dates, reverse=True)


def test_dyad_series_and_timeline(client: httpx.Client) -> None:
    body = client.get("/api/dyads/irn-aze", params={"period": "quarter"}).json()
    assert body["dyad"] == "IRN-AZE"
    assert body["counted"] == body["summary"]["counted"] == "stories"
    assert body["filter"] == "stories; factuality asserted,reported"
    assert 0 < body["summary"]["count"] <= body["events"]["total"]
    series = body["series"]
    assert sum(p["count"] for p in series) <= body["summary"]["count"]
    assert all(p["period"][5:7] in ("01", "04", "07", "10") for p in series)
    mentions = client.get("/api/dyads/irn-aze", params={"count": "mentions"}).json()
    assert mentions["counted"] == mentions["summary"]["counted"] == "mentions"
    assert mentions["summary"]["count"] >= body["summary"]["count"]
    for event in body["events"]["items"]:
        assert {event["source_country"], event["target_country"]} == {"AZE", "IRN"}


def test_filters_narrow_the_list(client: httpx.Client) -> None:
    every = client.get("/api/events", params={"limit": 500}).json()
    reported = client.get("/api/events", params={"factuality": "reported", "limit": 500}).json()
    assert 0 < reported["total"] < every["total"]
    assert {e["factuality"] for e in reported["items"]} == {"reported"}
    conflict = client.get("/api/events", params={"quad_class": 4}).json()
    assert conflict["items"] and {e["quad_class"] for e in conflict["items"]} == {4}
    sanctions = client.get("/api/events", params={"type": "sanction", "dyad": "AZE-IRN"}).json()
    assert sanctions["items"] and {e["event_type"] for e in sanctions["items"]} == {"SANCTION"}


def test_pagination_walks_every_event_once(client: httpx.Client) -> None:
    total = client.get("/api/events", params={"limit": 1}).json()["total"]
    seen: list[str] = []
    offset = 0
    while offset < total:
        page = client.get("/api/events", params={"limit": 40, "offset": offset}).json()
        assert page["limit"] == 40 and page["offset"] == offset
        seen += [e["event_id"] for e in page["items"]]
        offset += 40
    assert len(seen) == len(set(seen)) == total


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/events", {"limit": 501}),
        ("/api/events", {"limit": 0}),
        ("/api/events", {"offset": -1}),
        ("/api/events", {"since": "yesterday"}),
        ("/api/events", {"factuality": "rumoured"}),
        ("/api/events", {"quad_class": 9}),
        ("/api/dyads/AZE-IRN", {"period": "decade"}),
        ("/api/dyads", {"limit": "many"}),
        ("/api/documents", {"limit": 10_000}),
        ("/api/actors", {"offset": "x"}),
    ],
)
def test_bad_parameters_answer_422_in_one_shape(
    client: httpx.Client, path: str, params: dict[str, object]
) -> None:
    error = _error(client.get(path, params=params), 422)
    assert error["code"] == "invalid_parameter"
    assert error["message"]


def test_unknown_things_answer_404(client: httpx.Client) -> None:
    assert _error(client.get("/api/documents/nope"), 404)["code"] == "not_found"
    assert _error(client.get("/api/events/nope"), 404)["code"] == "not_found"
    assert _error(client.get("/api/dyads/AZE-XYZ"), 404)["code"] == "not_found"
    assert _error(client.get("/api/no/such/endpoint"), 404)["code"] == "not_found"
    _error(client.delete("/api/events"), 405)


@pytest.mark.parametrize(
    "params",
    [
        {"actor": "IRN'; DROP TABLE events; --"},
        {"q": "' OR 1=1; DROP TABLE events; --"},
        {"type": "1 OR 1=1"},
        {"dyad": "AZE-IRN' OR '1'='1"},
        {"doc_id": "x' OR '1'='1"},
    ],
)
def test_sql_in_parameters_does_nothing(client: httpx.Client, params: dict[str, str]) -> None:
    before = client.get("/api/events", params={"limit": 1}).json()["total"]
    response = client.get("/api/events", params=params)
    assert response.status_code in (200, 422)
    if response.status_code == 200:
        assert response.json()["total"] == 0
    assert client.get("/api/events", params={"limit": 1}).json()["total"] == before


def test_openapi_documents_every_endpoint_and_the_error_shape(client: httpx.Client) -> None:
    schema = client.get("/openapi.json").json()
    paths = schema["paths"]
    for path in ("/api/events", "/api/dyads/{dyad}", "/api/documents/{doc_id}", "/api/ingest"):
        assert path in paths
    assert "ErrorBody" in schema["components"]["schemas"]
    events = paths["/api/events"]["get"]
    names = {p["name"] for p in events["parameters"]}
    assert {"limit", "offset", "factuality", "type", "since", "until", "q"} <= names
    limit = next(p for p in events["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 500
    assert not any(path.startswith("/api") is False and path != "/" for path in paths)


def test_no_get_endpoint_answers_5xx_to_odd_input(client: httpx.Client) -> None:
    """A light schema-driven sweep: each GET path with hostile values in every parameter."""
    schema = client.get("/openapi.json").json()
    odd = ["-1", "99999999999", "<script>Ä", "'; --", "2023-13-45"]
    for path, methods in schema["paths"].items():
        if "get" not in methods:
            continue
        names = [p["name"] for p in methods["get"].get("parameters", []) if p["in"] == "query"]
        url = path.replace("{dyad}", "AZE-IRN").replace("{code}", "AZE")
        url = url.replace("{doc_id}", "ex-001").replace("{event_id}", "x")
        for name in names:
            for value in odd:
                response = client.get(url, params={name: value})
                assert response.status_code < 500, (url, name, value, response.text)


def test_export_csv_and_parquet(client: httpx.Client) -> None:
    import pyarrow.parquet as pq

    csv_text = client.get("/api/events/export", params={"dyad": "AZE-IRN"}).text
    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("event_id,doc_id,")
    total = client.get("/api/events", params={"dyad": "AZE-IRN"}).json()["total"]
    assert len(lines) - 1 == total
    parquet = client.get("/api/events/export", params={"format": "parquet", "dyad": "AZE-IRN"})
    assert parquet.headers["content-disposition"].endswith('.parquet"')
    table = pq.read_table(io.BytesIO(parquet.content))
    assert table.num_rows == total


def test_every_record_format_of_the_registry_downloads(client: httpx.Client) -> None:
    import pyarrow.parquet as pq

    schema = client.get("/openapi.json").json()
    assert schema["components"]["schemas"]["RecordFormat"]["enum"] == list(RECORD_FORMATS)
    total = client.get("/api/events", params={"dyad": "AZE-IRN"}).json()["total"]
    rows = {}
    for name in RECORD_FORMATS:
        response = client.get("/api/events/export", params={"format": name, "dyad": "AZE-IRN"})
        assert response.headers["content-type"].split(";")[0] == LAYOUTS[name].media_type
        assert response.headers["content-disposition"].endswith(f'detente-events.{name}"')
        if LAYOUTS[name].streams:
            lines = response.text.strip().splitlines()
            rows[name] = len(lines) - (name != "jsonl")
        else:
            rows[name] = pq.read_table(io.BytesIO(response.content)).num_rows

    assert rows == dict.fromkeys(RECORD_FORMATS, total)
    unknown = _error(client.get("/api/events/export", params={"format": "xml"}), 422)
    assert "jsonl" in str(unknown["details"])


def test_document_marks_point_at_the_text(client: httpx.Client) -> None:
    body = client.get("/api/documents/ex-004").json()
    text = body["document"]["text"]
    marks = [s for s in body["segments"] if s["role"]]
    assert {"source", "trigger", "target"} <= {m["role"] for m in marks}
    for mark in marks:
        assert text[mark["start"] : mark["start"] + len(mark["text"])] == mark["text"]
    assert "".join(s["text"] for s in body["segments"]) == text


@pytest.mark.skipif(not SAMPLE.is_file(), reason="../shared/samples is not present")
def test_sample_article_is_marked(client: httpx.Client) -> None:
    docs = client.get("/api/documents", params={"q": "azerbaijani-israeli"}).json()["items"]
    assert docs, "the sample article is in the store"
    body = client.get(f"/api/documents/{docs[0]['doc_id']}").json()
    triggers = {s["text"].lower() for s in body["segments"] if s["role"] == "trigger"}
    assert len(body["events"]) >= 5
    assert len(triggers) >= 4


# -- writes ------------------------------------------------------------------------


def test_writes_are_refused_on_a_read_only_server(client: httpx.Client) -> None:
    event_id = client.get("/api/events", params={"limit": 1}).json()["items"][0]["event_id"]
    answer = client.post(f"/api/events/{event_id}/override", json={"status": "rejected"})
    assert _error(answer, 403)["code"] == "read_only"
    assert _error(client.post("/api/ingest", json={"text": "x"}), 403)["code"] == "read_only"


def test_writes_need_the_token(writable: Running) -> None:
    with httpx.Client(base_url=writable.url) as http:
        event_id = http.get("/api/events", params={"limit": 1}).json()["items"][0]["event_id"]
        path = f"/api/events/{event_id}/override"
        assert _error(http.post(path, json={"status": "rejected"}), 401)["code"] == "unauthorized"
        wrong = {"X-Detente-Token": "guess"}
        _error(http.post(path, json={"status": "rejected"}, headers=wrong), 401)
        assert http.get(f"/api/events/{event_id}").json()["override"] is None


def test_a_correction_is_stored_applied_and_kept_across_recoding(writable: Running) -> None:
    from detente.jobs import ingest_sources
    from tests.helpers.paths import ROOT

    token = {"X-Detente-Token": writable.token or ""}
    with httpx.Client(base_url=writable.url, headers=token, timeout=60) as http:
        items = http.get("/api/events", params={"doc_id": "ex-004", "limit": 500}).json()["items"]
        victim = items[0]["event_id"]
        fixed = http.post(
            f"/api/events/{victim}/override",
            json={"status": "corrected", "cameo_code": "173", "note": "an arrest"},
        )
        assert fixed.status_code == 200, fixed.text
        assert (fixed.json()["cameo_code"], fixed.json()["quad_class"]) == ("173", 4)
        assert fixed.json()["override"] == {"status": "corrected", "note": "an arrest"}
        _error(http.post(f"/api/events/{victim}/override", json={"status": "maybe"}), 422)
        _error(http.post(f"/api/events/{victim}/override", json={"cameo_code": "1"}), 422)

        # Re-code the document in the server's own store (one writer): drop its rows and
        # ingest the same record again. The event comes back with the same id.
        state = writable.server.config.app.state.web
        with state.lock:
            tables = [r[0] for r in state.store.con.execute("SHOW TABLES").fetchall()]
            for table in ("events", "mentions", "documents", "inputs", "doc_lsh"):
                if table in tables:
                    state.store.con.execute(f"DELETE FROM {table} WHERE doc_id = 'ex-004'")
            report = ingest_sources([ROOT / "examples" / "articles.jsonl"], state.store)
        assert report.coded == 1
        again = http.get(f"/api/events/{victim}").json()
        assert again["override"]["status"] == "corrected"
        assert again["cameo_code"] == "173"
        row = next(
            e
            for e in http.get("/api/events", params={"doc_id": "ex-004"}).json()["items"]
            if e["event_id"] == victim
        )
        assert row["cameo_code"] == "173"


def test_rejected_events_leave_the_counts(writable: Running) -> None:
    token = {"X-Detente-Token": writable.token or ""}
    with httpx.Client(base_url=writable.url, headers=token, timeout=60) as http:
        mentions = {"count": "mentions"}
        before = http.get("/api/dyads/AZE-IRN", params=mentions).json()["summary"]["count"]
        counted = {"dyad": "AZE-IRN", "factuality": ["asserted", "reported"]}
        victim = http.get("/api/events", params=counted).json()["items"][0]
        answer = http.post(
            f"/api/events/{victim['event_id']}/override", json={"status": "rejected"}
        )
        assert answer.status_code == 200, answer.text
        after = http.get("/api/dyads/AZE-IRN", params=mentions).json()["summary"]["count"]
        assert after == before - 1
        page = http.get("/api/events", params={"dyad": "AZE-IRN", "limit": 500}).json()
        assert any(e["override"] and e["override"]["status"] == "rejected" for e in page["items"])


def test_actor_corrections(writable: Running) -> None:
    token = {"X-Detente-Token": writable.token or ""}
    with httpx.Client(base_url=writable.url, headers=token, timeout=60) as http:
        actor = http.get("/api/actors").json()["items"][0]
        body = {"name": actor["name"], "code": actor["code"], "status": "corrected"}
        _error(http.post("/api/actors/override", json=body), 400)
        body["new_code"] = "USAGOV"
        answer = http.post("/api/actors/override", json=body)
        assert answer.status_code == 200, answer.text
        listed = {
            a["name"]: a for a in http.get("/api/actors", params={"limit": 500}).json()["items"]
        }
        assert listed[actor["name"]]["override"]["code"] == "USAGOV"
        missing = {"name": "Nobody", "code": "XXXGOV", "status": "confirmed"}
        _error(http.post("/api/actors/override", json=missing), 404)


def test_ingest_a_pasted_article(writable: Running) -> None:
    token = {"X-Detente-Token": writable.token or ""}
    article = {
        "text": "Georgian Foreign Minister Ilia Darchiashvili visited Yerevan on Monday and "
        "signed a transport agreement with Armenia.",
        "title": "Georgia and Armenia sign transport deal",
        "date": "2024-03-04",
    }
    with httpx.Client(base_url=writable.url, headers=token, timeout=120) as http:
        report = http.post("/api/ingest", json=article)
        assert report.status_code == 200, report.text
        assert report.json()["coded"] == 1 and report.json()["events"] >= 1
        again = http.post("/api/ingest", json=article).json()
        assert again["coded"] == 0 and again["unchanged"] + again["duplicates"] == 1
        _error(http.post("/api/ingest", json={}), 400)
        found = http.get("/api/events", params={"dyad": "ARM-GEO", "since": "2024-03-01"}).json()
        assert found["total"] >= 1


# -- ingesting a URL, fetched from a real HTTP server on loopback -------------------

ARTICLE_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Kazakhstan and Kyrgyzstan sign a water-sharing agreement</title>
<meta name="author" content="Staff reporter">
<meta property="article:published_time" content="2024-06-12">
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article>
<h1>Kazakhstan and Kyrgyzstan sign a water-sharing agreement</h1>
<p>Kazakh President Kassym-Jomart Tokayev met Kyrgyz President Sadyr Japarov in Bishkek
on Tuesday, and the two governments signed an agreement on sharing the waters of the
Chu and Talas rivers.</p>
<p>Uzbekistan welcomed the agreement, while Tajikistan criticised Kyrgyzstan for closing
a border crossing near Batken last month.</p>
</article>
<footer>Subscribe to our newsletter</footer>
</body></html>
"""


@pytest.fixture
def article_site() -> Iterator[str]:
    """A real HTTP server on loopback serving one article (and 404 for anything else)."""
    import http.server
    import threading

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path != "/news/water-deal.html":
                self.send_error(404)
                return
            body = ARTICLE_HTML.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            return

    site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=site.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{site.server_address[1]}"
    site.shutdown()
    site.server_close()


def test_ingest_a_url_fetched_over_http(writable: Running, article_site: str) -> None:
    token = {"X-Detente-Token": writable.token or ""}
    url = f"{article_site}/news/water-deal.html"
    with httpx.Client(base_url=writable.url, timeout=120) as http:
        _error(http.post("/api/ingest", json={"url": url}), 401)
        cached = http.get("/api/overview").json()["recent"]
        assert all((e["date_start"] or "") < "2024-06-12" for e in cached)
        report = http.post("/api/ingest", json={"url": url}, headers=token)
        assert report.status_code == 200, report.text
        body = report.json()
        assert (body["coded"], body["failed"]) == (1, 0) and body["events"] >= 1
        found = http.get("/api/events", params={"dyad": "KAZ-KGZ"}).json()
        assert found["total"] >= 1
        assert all("Subscribe" not in e["sentence"] for e in found["items"])
        recent = http.get("/api/overview").json()["recent"]  # the write dropped the cache
        assert recent[0]["date_start"] >= "2024-06-11"
        docs = http.get("/api/documents", params={"q": "water-sharing"}).json()["items"]
        assert docs and docs[0]["title"].startswith("Kazakhstan and Kyrgyzstan")
        assert docs[0]["url"] == url
        again = http.post("/api/ingest", json={"url": url}, headers=token).json()
        assert (again["coded"], again["unchanged"]) == (0, 1)  # known by its URL: not fetched
        gone = f"{article_site}/gone"
        missing = http.post("/api/ingest", json={"url": gone}, headers=token).json()
        assert missing["failed"] == 1  # recorded, as `detente ingest` records it
        reason = "HTTP 404 Not Found; check the URL"
        assert missing["failures"] == [{"source": gone, "reason": reason}]
        bad = http.post("/api/ingest", json={"url": "file:///etc/passwd"}, headers=token)
        _error(bad, 400)
