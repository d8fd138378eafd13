"""One number for one question: the web API, `detente dyads` and detente.analysis agree,
counting stories or mentions, before and after an analyst's correction."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from detente.analysis.dyads import top_dyads
from detente.analysis.filter import AnalysisFilter
from detente.analysis.series import dyad_series
from detente.cli import app as cli_app
from detente.store import Store
from tests.helpers.web import Running

pytestmark = pytest.mark.model


def _cli_dyads(db: Path, counted: str) -> dict[str, dict[str, object]]:
    result = CliRunner().invoke(
        cli_app,
        ["dyads", "--db", str(db), "--format", "jsonl", "--limit", "500", "--count", counted],
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    return {str(r["dyad"]): r for r in rows}


@pytest.mark.parametrize("counted", ["stories", "mentions"])
def test_dyad_list_matches_the_cli(client: httpx.Client, web_db: Path, counted: str) -> None:
    body = client.get("/api/dyads", params={"limit": 500, "count": counted}).json()
    assert body["counted"] == counted
    web = {d["dyad"]: d for d in body["items"]}
    cli = _cli_dyads(web_db, counted)
    assert web and set(web) == set(cli)
    for name, row in cli.items():
        assert web[name]["count"] == row[counted], name
        assert web[name]["by_quad"] == [row["QC1"], row["QC2"], row["QC3"], row["QC4"]]
        assert web[name]["goldstein_sum"] == pytest.approx(row["G sum"], abs=0.051)


@pytest.mark.parametrize("counted", ["stories", "mentions"])
def test_dyad_page_and_series_match_the_analysis(
    client: httpx.Client, web_db: Path, counted: str
) -> None:
    body = client.get("/api/dyads/AZE-IRN", params={"count": counted, "period": "month"}).json()
    flt = AnalysisFilter(counted=counted)  # type: ignore[arg-type]
    with Store(web_db, read_only=True) as store:
        (total,) = top_dyads(store, flt=flt, pair=("AZE", "IRN"))
        series = dyad_series(store, ("AZE", "IRN"), by="month", flt=flt)
    assert body["summary"]["count"] == total.events
    assert body["summary"]["goldstein_mean"] == total.goldstein_mean
    assert [(p["period"], p["count"], p["by_quad"]) for p in body["series"]] == [
        (r.period.isoformat(), r.count, list(r.by_quad)) for r in series.rows
    ]
    overview = {d["dyad"]: d for d in client.get("/api/overview").json()["dyads"]}
    if counted == "stories":
        assert overview["AZE-IRN"]["count"] == total.events


def test_a_correction_changes_the_web_and_the_analysis_alike(writable: Running) -> None:
    token = {"X-Detente-Token": writable.token or ""}
    state = writable.server.config.app.state.web
    with httpx.Client(base_url=writable.url, headers=token, timeout=60) as http:
        params = {"dyad": "AZE-IRN", "factuality": ["asserted", "reported"], "limit": 500}
        items = http.get("/api/events", params=params).json()["items"]
        victim = next(e for e in items if e["quad_class"] in (3, 4) and not e["override"])
        answer = http.post(
            f"/api/events/{victim['event_id']}/override",
            json={"status": "corrected", "cameo_code": "042", "note": "a visit, not a threat"},
        )
        assert answer.status_code == 200, answer.text
        for counted in ("stories", "mentions"):
            web = http.get("/api/dyads/AZE-IRN", params={"count": counted}).json()["summary"]
            with state.lock:  # the server's own store: one writer per file
                (total,) = top_dyads(
                    state.store,
                    flt=AnalysisFilter(counted=counted),  # type: ignore[arg-type]
                    pair=("AZE", "IRN"),
                )
            assert web["count"] == total.events
            assert web["by_quad"] == list(total.by_quad)
            assert web["by_quad"][0] >= 1  # the corrected event now counts as cooperation
        fixed = http.get(f"/api/events/{victim['event_id']}").json()
        assert (fixed["cameo_code"], fixed["quad_class"]) == ("042", 1)
