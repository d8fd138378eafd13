"""Load on loopback: concurrent clients against the web app over a synthetic store.

    python benchmarks/web_load.py --events 1000000 --clients 50 --seconds 30

Builds (once) the synthetic store of ``benchmarks/store_bench.py`` with its
materialised stories (as ingest keeps them), starts ``detente serve`` on it in its
own process (read-only, a free loopback port), then, for each target in turn (the
overview, dyads through the API and as pages, event pages by offset and by keyset
cursor), runs ``--clients`` concurrent keep-alive clients for ``--seconds``.

Traffic is varied, as analysts' is: each request of a target draws one URL of many
(``--dyads`` busiest dyads x four periods; ``--pages`` pages of events per dyad),
busier dyads and earlier pages more often (weights 1/rank), from a seeded random
sequence per client. The server warms its cache at start (the answers of its
``web_warm_dyads`` busiest dyads, 50 by default: half of the dyads drawn here, and
only the first page of their events); the benchmark waits for that warm-up to finish
(``/api/health``) and prints how long it took, then measures. ``--cold`` turns the
warm-up off and starts from an empty cache. Nothing else is requested before the run
(the keyset cursors are read through one-row pages, URLs the load never asks for).
For each target it prints the
distinct URLs, p50/p99/max latency, requests per second, errors, the share answered
from the server's cache (its ``X-Cache`` header) with the p50 of those that were not,
and the CPU time per request of the server's process and of this load generator
(both on the same machine: on a machine shared with other work latencies follow the
load, CPU per request much less). Exits 1 when any request failed (a transport error or a status
other than 200).
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import random
import re
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

from store_bench import build

from detente.analysis.materialised import fresh
from detente.analysis.stories import refresh_stories
from detente.store import Store

_URL = re.compile(r"at (http://\S+/)")


PERIODS = (("month", 4.0), ("week", 2.0), ("quarter", 1.0), ("year", 1.0))


@dataclass(frozen=True, slots=True)
class Target:
    """One kind of request under load: its URLs and how often each is drawn."""

    name: str
    paths: tuple[str, ...]
    weights: tuple[float, ...] = ()

    def drawer(self, seed: int) -> Iterator[str]:
        """An endless seeded sequence of this target's URLs, by their weights."""
        rng = random.Random(seed)
        cumulative = list(accumulate(self.weights or [1.0] * len(self.paths)))
        while True:
            yield rng.choices(self.paths, cum_weights=cumulative)[0]


@dataclass(slots=True)
class _Tally:
    latencies: list[float] = field(default_factory=list)
    missed: list[float] = field(default_factory=list)
    hits: int = 0
    errors: int = 0


@dataclass(frozen=True, slots=True)
class LoadResult:
    """What one target answered under load."""

    name: str
    urls: int
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    hits: int = 0
    miss_p50_ms: float = 0.0
    cpu_ms: float | None = None
    client_cpu_ms: float | None = None
    load: float | None = None

    @property
    def rate(self) -> float:
        """Requests answered per second."""
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def hit_rate(self) -> float:
        """The share of requests answered from the server's cache."""
        return self.hits / self.requests if self.requests else 0.0

    def line(self) -> str:
        """One row of the report."""
        cpu = "" if self.cpu_ms is None else f"  cpu {self.cpu_ms:>5.1f}"
        if self.client_cpu_ms is not None:
            cpu += f" + client {self.client_cpu_ms:>4.1f} ms/req"
        if self.load is not None:
            cpu += f"  load {self.load:.1f}"
        return (
            f"{self.name:<10} {self.urls:>5} urls {self.requests:>6} req {self.rate:>7.1f} req/s  "
            f"p50 {self.p50_ms:>7.1f} ms  p99 {self.p99_ms:>7.1f} ms  max {self.max_ms:>7.1f} ms  "
            f"errors {self.errors}  hits {self.hit_rate:>6.1%} (miss p50 {self.miss_p50_ms:.1f} ms)"
            + cpu
        )


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile of ``values`` (0 when empty)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(round(share * len(ordered), 9))))
    return ordered[rank - 1]


class Connection:
    """One kept-alive HTTP/1.1 connection that sends GETs and reads whole answers.

    The load generator runs on the server's machine, so its own cost per request is
    kept small: a plain request line and headers on an asyncio stream (httpx's pool
    spent about 6 ms of CPU a request at 50 connections, more than the server).
    """

    def __init__(self, base: str) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.head = f"Host: {parts.netloc}\r\nUser-Agent: detente-web-load\r\n\r\n".encode()
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, dict[str, str], bytes]:
        """Status, headers (lower-case names) and body of ``GET path``."""
        if self.reader is None or self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.writer.write(f"GET {path} HTTP/1.1\r\n".encode() + self.head)
        head = (await self.reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(head[0].split(" ", 2)[1])
        headers = {}
        for line in head[1:]:
            name, _, value = line.partition(":")
            if name:
                headers[name.strip().lower()] = value.strip()
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = await self._chunks()
        else:
            body = await self.reader.readexactly(int(headers.get("content-length", "0")))
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return status, headers, body

    async def _chunks(self) -> bytes:
        assert self.reader is not None
        parts = []
        while size := int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16):
            parts.append(await self.reader.readexactly(size))
            await self.reader.readexactly(2)
        await self.reader.readuntil(b"\r\n")
        return b"".join(parts)

    async def close(self) -> None:
        """Close the connection (the next request opens another)."""
        if self.writer is not None:
            self.writer.close()
            with suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


async def _client(
    base: str, paths: Iterator[str], until: float, tally: _Tally, timeout: float
) -> None:
    connection = Connection(base)
    while time.perf_counter() < until:
        path = next(paths)
        start = time.perf_counter()
        hit = False
        try:
            status, headers, _ = await asyncio.wait_for(connection.get(path), timeout)
            ok = status == 200
            hit = headers.get("x-cache") == "hit"
        except (OSError, ValueError, asyncio.IncompleteReadError, TimeoutError):
            ok = False
            await connection.close()
        took = time.perf_counter() - start
        tally.latencies.append(took)
        tally.hits += hit
        tally.errors += not ok
        if not hit:
            tally.missed.append(took)
    await connection.close()


def _cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU seconds of a process so far (None without a pid)."""
    if pid is None:
        return None
    times = psutil.Process(pid).cpu_times()
    return float(times.user + times.system)


async def _load(
    base: str,
    target: Target,
    *,
    clients: int,
    seconds: float,
    timeout: float,
    pid: int | None = None,
) -> LoadResult:
    tally = _Tally()
    cpu_start, own_start = _cpu_seconds(pid), _cpu_seconds(os.getpid())
    start = time.perf_counter()
    until = start + seconds
    await asyncio.gather(
        *(_client(base, target.drawer(seed), until, tally, timeout) for seed in range(clients))
    )
    elapsed = time.perf_counter() - start
    cpu_end, own_end = _cpu_seconds(pid), _cpu_seconds(os.getpid())
    ms = [s * 1000 for s in tally.latencies]
    per_request = 1000 / len(ms) if ms else 0.0
    cpu = None
    if cpu_start is not None and cpu_end is not None and ms:
        cpu = (cpu_end - cpu_start) * per_request
    own = (own_end - own_start) * per_request if own_start is not None and own_end else None
    return LoadResult(
        name=target.name,
        urls=len(set(target.paths)),
        requests=len(ms),
        errors=tally.errors,
        seconds=elapsed,
        p50_ms=percentile(ms, 0.50),
        p99_ms=percentile(ms, 0.99),
        max_ms=max(ms, default=0.0),
        hits=tally.hits,
        miss_p50_ms=percentile([s * 1000 for s in tally.missed], 0.50),
        cpu_ms=cpu,
        client_cpu_ms=own,
        load=os.getloadavg()[0],
    )


def busiest_dyads(base: str, count: int) -> list[str]:
    """The ``count`` dyads with most events, busiest first."""
    found: list[str] = []
    while len(found) < count:
        params = {"limit": min(500, count - len(found)), "offset": len(found)}
        items = httpx.get(f"{base}/api/dyads", params=params, timeout=120).json()["items"]
        found += [str(item["dyad"]) for item in items]
        if len(items) < params["limit"]:
            break
    return found


def _zipf(count: int) -> list[float]:
    return [1.0 / rank for rank in range(1, count + 1)]


def _cursor(base: str, dyad: str, offset: int) -> str | None:
    """The keyset cursor after the first ``offset`` events of a dyad (read through a
    one-row page, a URL the load never requests)."""
    probe = f"{base}/api/events?dyad={dyad}&limit=1&offset={offset - 1}"
    found = httpx.get(probe, timeout=120).json()["next"]
    return str(found) if found else None


def targets(base: str, *, dyads: int = 100, pages: int = 10, cursors: int = 20) -> list[Target]:
    """The requests under load: the overview; ``dyads`` busiest dyads by four periods,
    through the API and as pages; ``pages`` pages of 50 events of each by offset; and
    the page after each of the first pages of the ``cursors`` busiest dyads by cursor."""
    names = busiest_dyads(base, dyads)
    rank = _zipf(len(names))
    by_period = [
        (f"{d}?period={p}", r * w) for d, r in zip(names, rank, strict=True) for p, w in PERIODS
    ]
    by_page = [
        (f"/api/events?dyad={d}&limit=50&offset={50 * k}", r / (k + 1))
        for d, r in zip(names, rank, strict=True)
        for k in range(pages)
    ]
    keyed = []
    for d, r in zip(names[:cursors], rank[:cursors], strict=True):
        for k in range(1, max(2, pages // 2)):
            cursor = _cursor(base, d, 50 * k)
            if cursor:
                keyed.append((f"/api/events?dyad={d}&limit=50&after={cursor}", r / k))
    return [
        Target("overview", ("/api/overview",)),
        _target("dyad", [(f"/api/dyads/{p}", w) for p, w in by_period]),
        _target("dyad-page", [(f"/dyads/{p}", w) for p, w in by_period]),
        _target("events", by_page),
        _target("events-key", keyed or by_page[:1]),
    ]


def _target(name: str, weighted: Sequence[tuple[str, float]]) -> Target:
    return Target(name, tuple(p for p, _ in weighted), tuple(w for _, w in weighted))


def run_load(
    base: str,
    chosen: list[Target],
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
        asyncio.run(_load(base, t, clients=clients, seconds=seconds, timeout=timeout, pid=pid))
        for t in chosen
    ]


def warmed(base: str, *, timeout: float = 600.0) -> dict[str, object]:
    """Wait until the server's warm-up is done; its report (``/api/health``)."""
    deadline = time.monotonic() + timeout
    while True:
        health = httpx.get(f"{base}/api/health", timeout=30).json()
        warmup: dict[str, object] = health["warmup"]
        if warmup["done"] or time.monotonic() > deadline:
            return warmup
        time.sleep(0.2)


@contextmanager
def served(db: Path, *, warm: bool = True) -> Iterator[tuple[str, int]]:
    """``detente serve`` on ``db`` in its own process; yields its base URL and pid
    (``warm=False``: with no warm-up of its cache)."""
    command = [sys.executable, "-m", "detente", "serve", "--db", str(db), "--port", "0"]
    env = {**os.environ, "COLUMNS": "400", "NO_COLOR": "1"}
    if not warm:
        env["DETENTE_WEB_WARM_DYADS"] = "0"
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
    parser.add_argument("--dyads", type=int, default=100, help="busiest dyads requested")
    parser.add_argument("--pages", type=int, default=10, help="event pages per dyad")
    parser.add_argument("--cold", action="store_true", help="no warm-up: start from nothing")
    args = parser.parse_args()
    args.db.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    build(args.db, args.events)
    with Store(args.db) as store:  # what ingest, import and attach keep up to date
        if not fresh(store.con):
            refresh_stories(store)
    print(f"store: {args.events:,} events in {args.db} ({time.perf_counter() - start:.1f} s)")
    with served(args.db, warm=not args.cold) as (base, pid):
        started = time.perf_counter()
        warmup = warmed(base)
        print(
            f"warm-up: {warmup['dyads']} dyads, {warmup['urls']} urls in "
            f"{warmup['seconds']} s (waited {time.perf_counter() - started:.1f} s; "
            f"stopped by: {warmup['stopped'] or 'none'}); load {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        chosen = targets(base, dyads=args.dyads, pages=args.pages)
        print(f"server: {base}; {args.clients} clients x {args.seconds:g} s per target")
        results = []
        for target in chosen:
            (result,) = run_load(
                base,
                [target],
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
