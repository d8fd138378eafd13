"""Scale stage without Ray: partitions, readers, the local engine, resume and attach."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.errors import ConfigError, IngestError, StoreError
from detente.ingest import InputItem
from detente.jobs import code_lines
from detente.models import Failure
from detente.scale import (
    OutputDir,
    attach_output,
    expand_inputs,
    plan_partitions,
    run_job,
)
from detente.scale.readers import read_partition
from detente.store import Store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
runner = CliRunner()


def warc_record(kind: str, uri: str, payload: bytes, content_type: str) -> bytes:
    """One WARC/1.0 record as a crawler writes it."""
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n"
        f"WARC-Record-ID: <urn:uuid:{abs(hash(uri + kind)):032x}>\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {len(payload)}\r\n\r\n"
    )
    return head.encode() + payload + b"\r\n\r\n"


def http_response(html: str, content_type: str = "text/html; charset=utf-8") -> bytes:
    body = html.encode("utf-8")
    return f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n\r\n".encode() + body


def write_warc(path: Path, records: list[bytes]) -> None:
    """``.warc.gz`` with one gzip member per record."""
    with path.open("wb") as stream:
        for record in records:
            stream.write(gzip.compress(record))


def news_warc(path: Path) -> None:
    page = (EXAMPLES / "turkey_armenia_envoys.html").read_text(encoding="utf-8")
    write_warc(
        path,
        [
            warc_record("request", "https://news.example/a", b"GET /a HTTP/1.1\r\n\r\n", "x"),
            warc_record(
                "response", "https://news.example/a", http_response(page), "application/http"
            ),
            warc_record(
                "response",
                "https://news.example/logo.png",
                http_response("PNG", "image/png"),
                "application/http",
            ),
        ],
    )


def test_jsonl_partitions_cover_every_line_once(tmp_path: Path) -> None:
    lines = [json.dumps({"id": f"d{i}", "text": f"Text {i}."}) for i in range(23)]
    lines.insert(5, "")  # blank lines are not records
    (tmp_path / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    parts = plan_partitions(expand_inputs([str(tmp_path)]), partition_size=5)
    assert [p.kind for p in parts] == ["jsonl"] * 5
    read = [u for p in parts for u in read_partition(p)]
    assert all(isinstance(u, InputItem) and u.kind == "record" for u in read)
    ids = [u.record["id"] for u in read if isinstance(u, InputItem) and u.record]
    assert ids == [f"d{i}" for i in range(23)]
    assert read[5].source.endswith("a.jsonl:7")  # line numbers count the blank line
    again = plan_partitions(expand_inputs([str(tmp_path / "*.jsonl")]), partition_size=5)
    assert [p.part_id for p in again] == [p.part_id for p in parts]


def test_parquet_partitions_and_a_corrupt_file(tmp_path: Path) -> None:
    rows = [{"id": f"p{i}", "text": f"Text {i}.", "date": "2023-05-01"} for i in range(10)]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "good.parquet", row_group_size=4)
    (tmp_path / "bad.parquet").write_bytes(b"PAR1" + b"\x00garbage" * 50)
    parts = plan_partitions(expand_inputs([str(tmp_path)]), partition_size=3)
    units = [u for p in parts for u in read_partition(p)]
    failures = [u for u in units if not isinstance(u, InputItem)]
    assert len(failures) == 1
    assert "bad.parquet" in failures[0].source
    assert "not a readable Parquet file" in failures[0].reason
    records = [u.record for u in units if isinstance(u, InputItem) and u.record]
    assert [r["id"] for r in records] == [f"p{i}" for i in range(10)]


def warc_units(path: Path) -> list[object]:
    return [u for p in plan_partitions(expand_inputs([str(path)])) for u in read_partition(p)]


def test_warc_partitions_use_the_ingest_reader_and_report_damage(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    news_warc(path)
    items = warc_units(path)
    assert len(items) == 1  # the request and the image response are passed over
    assert isinstance(items[0], InputItem) and items[0].source_kind == "warc"
    assert items[0].source.startswith(str(path) + "#<urn:uuid:")
    assert items[0].url == "https://news.example/a"
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(path.read_bytes()[:-40])
    found = warc_units(cut)
    assert len(found) == 2  # the page before the damage, then the failure
    assert isinstance(found[-1], Failure) and found[-1].source == str(cut)
    assert "truncated or corrupt WARC" in found[-1].reason


def test_warc_partitions_refuse_a_compression_bomb(tmp_path: Path) -> None:
    bomb = "<html><body>" + "<p>padding</p>" * 1_500_000 + "</body></html>"  # 21 MB
    path = tmp_path / "bomb.warc.gz"
    write_warc(
        path,
        [warc_record("response", "https://x.example/", http_response(bomb), "application/http")],
    )
    assert path.stat().st_size < 200_000
    found = warc_units(path)
    assert len(found) == 1 and isinstance(found[0], Failure)
    assert "compression bomb" in found[0].reason and found[0].source == str(path)


def test_no_input_is_an_error_naming_the_pattern(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="nothing-here"):
        expand_inputs([str(tmp_path / "nothing-here*.jsonl")])
    with pytest.raises(ConfigError, match="unknown engine"):
        run_job([str(EXAMPLES)], str(tmp_path / "out"), engine="spark")


@pytest.mark.model
def test_local_run_equals_detente_code_and_resumes(tmp_path: Path) -> None:
    source = EXAMPLES / "articles.jsonl"
    expected = sorted(
        (e.to_record() for e in code_lines(source.read_text(encoding="utf-8").splitlines())),
        key=lambda r: r["event_id"],
    )
    out = tmp_path / "out"
    report = run_job([str(source)], str(out), partition_size=2)
    assert (report.partitions, report.resumed) == (3, 0)
    table = pq.read_table(out / "events").to_pylist()
    assert sorted(table, key=lambda r: r["event_id"]) == expected
    assert report.documents + report.failures == report.inputs == 5

    again = run_job([str(source)], str(out), partition_size=2)
    assert (again.resumed, again.inputs, again.events) == (3, 5, report.events)
    lost = sorted((out / "_manifest").glob("*.json"))[0]  # as if a crash hit before commit
    lost.unlink()
    redo = run_job([str(source)], str(out), partition_size=2)
    assert (redo.resumed, redo.finished) == (2, 3)
    docs = pq.read_table(out / "documents").column("doc_id").to_pylist()
    assert sorted(docs) == sorted(set(docs)) and len(docs) == 5
    with pytest.raises(StoreError, match="other inputs"):
        run_job([str(source)], str(out), partition_size=4)


@pytest.mark.model
def test_bad_inputs_become_failure_rows(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    news_warc(corpus / "good.warc.gz")
    (corpus / "broken.warc.gz").write_bytes(b"\x1f\x8b\x08\x00 this is not gzip")
    (corpus / "bad.parquet").write_bytes(b"PAR1 not really")
    (corpus / "lines.jsonl").write_text(
        '{"id": "ok", "text": "Iran accused Azerbaijan of provocations on Monday."}\n'
        "{not json\n"
        '{"id": "empty", "text": ""}\n',
        encoding="utf-8",
    )
    report = run_job([str(corpus)], str(tmp_path / "out"))
    failures = pq.read_table(tmp_path / "out" / "failures").to_pylist()
    reasons = {
        Path(f["source"].split("#")[0].split("@")[0].split(":")[0]).name: f for f in failures
    }
    assert set(reasons) == {"broken.warc.gz", "bad.parquet", "lines.jsonl"}
    assert len(failures) == 4 and all(f["reason"] for f in failures)
    assert report.documents == 2 and report.documents + report.failures == report.inputs
    docs = pq.read_table(tmp_path / "out" / "documents").to_pylist()
    page = next(d for d in docs if "good.warc.gz#<urn:uuid:" in d["source"])
    assert page["url"] and page["title"]  # the canonical URL, else the WARC target URI


@pytest.mark.model
def test_attach_makes_events_and_dyads_queryable(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["run", "--input", str(EXAMPLES), "--output", str(out), "--partition-size", "3"]
    )
    assert result.exit_code == 0, result.output
    assert "resumed" in result.output
    db = tmp_path / "store.duckdb"
    with Store(db) as store:
        first = attach_output(store, out)
        again = attach_output(store, out)
        stored = store.events()
    written = pq.read_table(out / "events").num_rows
    assert first.events == written == len(stored) > 30
    assert (again.partitions, again.events, again.already) == (0, 0, first.partitions)
    shown = runner.invoke(
        app, ["events", "--db", str(db), "--dyad", "AZE-IRN", "--format", "jsonl"]
    )
    assert shown.exit_code == 0, shown.output
    assert {json.loads(line)["source_country"] for line in shown.stdout.splitlines()} <= {
        "AZE",
        "IRN",
    }
    dyads = runner.invoke(app, ["dyads", "--db", str(db)])
    assert dyads.exit_code == 0 and "ARM-AZE" in dyads.output
    attached = runner.invoke(app, ["attach", str(out), "--db", str(db)])
    assert attached.exit_code == 0 and "0 partitions attached" in attached.output


def test_attach_without_a_run_says_what_to_do(tmp_path: Path) -> None:
    result = runner.invoke(app, ["attach", str(tmp_path), "--db", str(tmp_path / "s.duckdb")])
    assert result.exit_code == 1
    assert "detente run" in result.output


def test_ray_engine_without_ray_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from detente.scale.ray_engine import require_ray

    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(ConfigError, match=r"pip install 'detente\[ray\]'"):
        require_ray()


def test_output_dir_accepts_filesystem_uris(tmp_path: Path) -> None:
    out = OutputDir(f"file://{tmp_path}/run")
    assert out.finished() == {}
    with pytest.raises(StoreError, match="not a usable output location"):
        OutputDir("nosuchscheme://bucket/run")


class _DyingRay:
    """Stands in for the ``ray`` module when every attempt at a partition kills its actor
    (Ray has already retried the task ``max_task_retries`` times when ``get`` raises)."""

    def __init__(self) -> None:
        import ray.exceptions

        self.exceptions = ray.exceptions
        self.killed: list[object] = []

    def cluster_resources(self) -> dict[str, float]:
        return {"CPU": 2.0}

    def remote(self, **options: object) -> object:
        class _Call:
            def options(self, **_: object) -> _Call:
                return self

            def remote(self, part: str) -> str:
                return part

        class _Actor:
            code = _Call()

        class _ActorClass:
            def remote(self, *args: object) -> _Actor:
                return _Actor()

        assert options["max_restarts"] == -1  # a killed actor is restarted by Ray
        return lambda cls: _ActorClass()

    def wait(self, refs: list[str], *, num_returns: int) -> tuple[list[str], list[str]]:
        return refs[:num_returns], refs[num_returns:]

    def get(self, ref: str) -> str:
        raise self.exceptions.RayActorError(error_msg="worker died (SIGKILL)")

    def kill(self, actor: object) -> None:
        self.killed.append(actor)


def test_a_partition_that_keeps_killing_its_worker_stops_the_run_naming_it() -> None:
    pytest.importorskip("ray")
    from detente.errors import CodingError
    from detente.scale.partitions import Partition
    from detente.scale.ray_engine import _execute

    parts = [
        Partition(part_id=f"p000{n}", kind="jsonl", paths=("big.jsonl",), start=s, stop=s + 32)
        for n, s in ((1, 1), (2, 33))
    ]
    ray = _DyingRay()
    with pytest.raises(
        CodingError, match=r"partition p000\d \(big.jsonl\) killed its worker 4 times"
    ):
        list(_execute(ray, parts, "out", workers=None, retries=1, clean=False))  # type: ignore[arg-type]
    assert len(ray.killed) == 2  # both actors are let go of, not left running
