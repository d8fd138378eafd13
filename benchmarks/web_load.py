"""Load on loopback: concurrent clients against the web app over a synthetic store.

    python benchmarks/web_load.py --events 1000000 --clients 50 --seconds 30

Builds (once) the synthetic store of ``benchmarks/store_bench.py`` with its
materialised stories (as ingest keeps them), starts
``detente serve`` on it in its own process (read-only, a free loopback port), then,
for each target in turn (the overview, the busiest dyad's page, the events API),
runs ``--clients`` concurrent keep-alive clients for ``--seconds`` and prints the
p50/p99/max latency, requests per second, errors, and the server's CPU time per
request (user + system of its process over the run: on a machine shared with other
work latencies follow the load, CPU per request much less). Exits 1 when any request
failed (a transport error or a status other than 200).
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

from store_bench import build

from detente.analysis.materialised import fresh
from detente.analysis.stories import refresh_stories
from detente.store import Store

_URL = re.compile(r"at (http://\S+/)")


@dataclass(frozen=True, slots=True)
class LoadResult:
    """What one target answered under load."""

    name: str
    path: str
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    cpu_ms: float | None = None

    @property
    def rate(self) -> float:
        """Requests answered per second."""
        return self.requests / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        """One row of the report."""
        return (
            f"{self.name:<10} {self.requests:>7} req {self.rate:>8.1f} req/s  "
            f"p50 {self.p50_ms:>7.1f} ms  p99 {self.p99_ms:>7.1f} ms  "
            f"max {self.max_ms:>7.1f} ms  errors {self.errors}"
            + ("" if self.cpu_ms is None else f"  cpu {self.cpu_ms:>6.1f} ms/req")
        )


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile of ``values`` (0 when empty)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(round(share * len(ordered), 9))))
    return ordered[rank - 1]


async def _client(http: httpx.AsyncClient, path: str, until: float, latencies: list[float]) -> int:
    errors = 0
    while time.perf_counter() < until:
        start = time.perf_counter()
        try:
            response = await http.get(path)
            await response.aread()
            ok = response.status_code == 200
        except httpx.HTTPError:
            ok = False
        latencies.append(time.perf_counter() - start)
        errors += not ok
    return errors


def _cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU seconds of a process so far (None without a pid)."""
    if pid is None:
        return None
    times = psutil.Process(pid).cpu_times()
    return float(times.user + times.system)


async def _load(
    base: str,
    name: str,
    path: str,
    *,
    clients: int,
    seconds: float,
    timeout: float,
    pid: int | None = None,
) -> LoadResult:
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    latencies: list[float] = []
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=timeout) as http:
        await http.get(path, timeout=600)  # warm up: first query plans, caches
        cpu_start = _cpu_seconds(pid)
        start = time.perf_counter()
        until = start + seconds
        errors = await asyncio.gather(
            *(_client(http, path, until, latencies) for _ in range(clients))
        )
        elapsed = time.perf_counter() - start
        cpu_end = _cpu_seconds(pid)
    ms = [s * 1000 for s in latencies]
    cpu = None
    if cpu_start is not None and cpu_end is not None and ms:
        cpu = (cpu_end - cpu_start) * 1000 / len(ms)
    return LoadResult(
        name=name,
        path=path,
        requests=len(ms),
        errors=sum(errors),
        seconds=elapsed,
        p50_ms=percentile(ms, 0.50),
        p99_ms=percentile(ms, 0.99),
        max_ms=max(ms, default=0.0),
        cpu_ms=cpu,
    )


def busiest_dyad(base: str) -> str:
    """The dyad with most events (the heaviest dyad page)."""
    body = httpx.get(f"{base}/api/dyads", params={"limit": 1}, timeout=120).json()
    return str(body["items"][0]["dyad"])


def targets(base: str) -> list[tuple[str, str]]:
    """The pages under load: the overview, the busiest dyad, the events API (a page by
    offset and the page after it by its keyset cursor)."""
    dyad = busiest_dyad(base)
    events = f"/api/events?dyad={dyad}&limit=50"
    cursor = None
    for offset in (100, 0):  # the cursor after event 100 (after the first, in a small store)
        probe = f"{base}/api/events?dyad={dyad}&limit=1&offset={offset}"
        cursor = cursor or httpx.get(probe, timeout=120).json()["next"]
    return [
        ("overview", "/api/overview"),
        ("dyad", f"/api/dyads/{dyad}"),
        ("dyad-page", f"/dyads/{dyad}"),
        ("events", f"{events}&offset=100"),
        ("events-key", f"{events}&after={cursor}"),
    ]


def run_load(
    base: str,
    paths: list[tuple[str, str]],
    *,
    clients: int,
    seconds: float,
    timeout: float = 120.0,
    pid: int | None = None,
) -> list[LoadResult]:
    """Each target in turn under ``clients`` concurrent clients for ``seconds``; a request
    slower than ``timeout`` seconds counts as an error. ``pid``: the server's process,
    whose CPU time per request is reported."""
    return [
        asyncio.run(
            _load(base, n, path, clients=clients, seconds=seconds, timeout=timeout, pid=pid)
        )
        for n, path in paths
    ]


@contextmanager
def served(db: Path) -> Iterator[tuple[str, int]]:
    """``detente serve`` on ``db`` in its own process; yields its base URL and pid."""
    command = [sys.executable, "-m", "detente", "serve", "--db", str(db), "--port", "0"]
    env = {**os.environ, "COLUMNS": "400", "NO_COLOR": "1"}
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            found = _URL.search(line)
            if found:
                yield found.group(1).rstrip("/"), proc.pid
                break
        else:
            raise RuntimeError(f"detente serve exited ({proc.wait()}) without a URL")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:  # still answering the last slow requests
            proc.kill()
            proc.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="synthetic events")
    parser.add_argument("--db", type=Path, default=Path("out/bench-web.duckdb"), help="store")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients")
    parser.add_argument("--seconds", type=float, default=30.0, help="seconds per target")
    parser.add_argument("--timeout", type=float, default=120.0, help="slower is an error")
    args = parser.parse_args()
    args.db.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    build(args.db, args.events)
    with Store(args.db) as store:  # what ingest, import and attach keep up to date
        if not fresh(store.con):
            refresh_stories(store)
    print(f"store: {args.events:,} events in {args.db} ({time.perf_counter() - start:.1f} s)")
    with served(args.db) as (base, pid):
        paths = targets(base)
        print(f"server: {base}; {args.clients} clients x {args.seconds:g} s per target")
        results = []
        for name, path in paths:
            (result,) = run_load(
                base,
                [(name, path)],
                clients=args.clients,
                seconds=args.seconds,
                timeout=args.timeout,
                pid=pid,
            )
            print(result.line(), flush=True)
            results.append(result)
    return 1 if any(r.errors for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
