"""A short smoke version of ``make bench-web``: a few clients for a few seconds, no errors.

The full run (50 clients x 30 s per target over a 1-million-event store) is
``benchmarks/web_load.py``, outside the test run.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

import pytest

from tests.helpers.paths import ROOT
from tests.helpers.web import Running

pytestmark = pytest.mark.model


def _bench() -> ModuleType:
    path = ROOT / "benchmarks" / "web_load.py"
    spec = importlib.util.spec_from_file_location("web_load", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["web_load"] = module
    spec.loader.exec_module(module)
    return module


def test_a_few_clients_for_a_few_seconds_get_no_errors(server: Running) -> None:
    bench = _bench()
    chosen = bench.targets(server.url, dyads=5, pages=3)
    assert [t.name for t in chosen] == ["overview", "dyad", "dyad-page", "events", "events-key"]
    dyads = {t.name: t for t in chosen}["dyad"]
    assert len(set(dyads.paths)) == 5 * len(bench.PERIODS)  # varied traffic, not one URL
    results = bench.run_load(server.url, chosen, clients=4, seconds=1.0, timeout=60)
    for result in results:
        assert result.errors == 0, result.line()
        assert result.requests >= 4, result.line()
        assert 0 < result.p50_ms <= result.p99_ms <= result.max_ms
        assert result.rate > 0
        assert 0 < result.hits <= result.requests  # repeated URLs come from the cache
        assert result.client_cpu_ms is not None


def test_a_client_draws_busier_urls_more_often_and_every_run_alike() -> None:
    bench = _bench()
    target = bench.Target("t", ("/a", "/b", "/c"), (1.0, 1 / 2, 1 / 3))
    drawn = [next(path) for path in [target.drawer(7)] for _ in range(3000)]
    assert drawn.count("/a") > drawn.count("/b") > drawn.count("/c") > 0
    again = target.drawer(7)
    assert [next(again) for _ in range(3000)] == drawn


def test_percentile_is_nearest_rank() -> None:
    bench = _bench()
    values = [float(v) for v in range(1, 101)]
    assert bench.percentile(values, 0.50) == 50.0
    assert bench.percentile(values, 0.99) == 99.0
    assert bench.percentile([], 0.99) == 0.0
