"""Settings: packaged defaults < config file < environment < command-line flags.

The config file is TOML, ``detente.toml`` in the working directory or the path in
``DETENTE_CONFIG``, with the keys of :class:`Settings` at top level::

    db = "analysis/detente.duckdb"
    batch_size = 32

Environment variables are ``DETENTE_<KEY>`` in upper case (``DETENTE_DB``).

The ingest, fetch and limit settings take their defaults from the option records of
:mod:`detente.options`, and :meth:`Settings.fetch_options` and
:meth:`Settings.run_limits` turn them back into those records: the one place where
settings become the options the library functions take.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from detente.errors import ConfigError
from detente.options import (
    BATCH_SIZE,
    LOCK_WAIT,
    MAX_INPUT_BYTES,
    NEAR_DUP_THRESHOLD,
    USER_AGENT,
    FetchOptions,
    RunLimits,
    UnpackLimits,
)

CONFIG_FILE = "detente.toml"
# The most periods one series may have (a weekly series since year 1 would be 100,000
# rows): the default of ``max_series_periods``, also the analysis library's default.
MAX_SERIES_PERIODS = 3000
# The web app's cache of rendered answers (``web_cache_bytes``): 64 MiB.
WEB_CACHE_BYTES = 64 * 1024 * 1024
# Uncached web answers computed at once (``web_miss_workers``); more wait their turn.
# Not the cores: a miss spends much of its time waiting (thread hops, DuckDB's own
# threads), and on 2 cores 2 at once finished a burst of misses 2-3x later than 16-40;
# 32 leaves 8 threads of the server's pool of 40 to writes, exports and health.
WEB_MISS_WORKERS = 32
# The warm-up of the answer cache at start and after each store change: the busiest
# dyads it computes (``web_warm_dyads``) within at most so many seconds
# (``web_warm_seconds``).
WEB_WARM_DYADS = 50
WEB_WARM_SECONDS = 120.0
_FETCH = FetchOptions()
_LIMITS = RunLimits()


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Every setting detente reads; documented in the README's configuration table."""

    db: Path = Path("detente.duckdb")
    batch_size: int = BATCH_SIZE
    max_input_bytes: int = MAX_INPUT_BYTES
    encoding: str | None = None
    near_dup_threshold: float = NEAR_DUP_THRESHOLD
    fetch_timeout: float = _FETCH.timeout
    fetch_retries: int = _FETCH.retries
    fetch_backoff: float = _FETCH.backoff
    fetch_delay: float = _FETCH.delay
    fetch_user_agent: str | None = None
    fetch_robots: bool = _FETCH.robots
    max_unpack_ratio: float = _LIMITS.unpack.max_ratio
    max_archive_bytes: int = _LIMITS.unpack.max_archive_bytes
    max_doc_chars: int = _LIMITS.max_doc_chars
    nlp_time_budget: float = _LIMITS.nlp_time_budget
    lock_wait: float = LOCK_WAIT
    max_series_periods: int = MAX_SERIES_PERIODS
    web_allowed_hosts: tuple[str, ...] = ()
    web_ingest_folders: tuple[Path, ...] = ()
    web_fetch_private: bool = False
    web_cache_bytes: int = WEB_CACHE_BYTES
    web_miss_workers: int = WEB_MISS_WORKERS
    web_warm_dyads: int = WEB_WARM_DYADS
    web_warm_seconds: float = WEB_WARM_SECONDS

    def fetch_options(self) -> FetchOptions:
        """The fetch settings (``fetch_*``, ``max_input_bytes``) as ``FetchOptions``."""
        return FetchOptions(
            user_agent=self.fetch_user_agent or USER_AGENT,
            timeout=self.fetch_timeout,
            retries=self.fetch_retries,
            backoff=self.fetch_backoff,
            delay=self.fetch_delay,
            max_bytes=self.max_input_bytes,
            robots=self.fetch_robots,
        )

    def run_limits(self) -> RunLimits:
        """The reliability limits as ``RunLimits`` (see docs/reliability.md)."""
        return RunLimits(
            max_doc_chars=self.max_doc_chars,
            nlp_time_budget=self.nlp_time_budget,
            unpack=UnpackLimits(
                max_ratio=self.max_unpack_ratio, max_archive_bytes=self.max_archive_bytes
            ),
        )


_INT_KEYS = {"batch_size", "max_input_bytes", "max_archive_bytes", "max_doc_chars"}
_INT_KEYS |= {"max_series_periods", "web_miss_workers"}
# Ingest settings (issue 3): fractions and seconds, counts that may be 0, switches.
_FLOAT_KEYS = {"near_dup_threshold", "fetch_timeout", "fetch_backoff", "fetch_delay"}
# Reliability settings (issue 10): limits and waits, in seconds or a ratio (0: no time limit).
_FLOAT_KEYS |= {"max_unpack_ratio", "nlp_time_budget", "lock_wait", "web_warm_seconds"}
_COUNT_KEYS = {"fetch_retries", "web_cache_bytes", "web_warm_dyads"}
_BOOL_KEYS = {"fetch_robots", "web_fetch_private"}
# Lists: a TOML array, or a comma-separated string (environment, flags).
_LIST_KEYS = {"web_allowed_hosts", "web_ingest_folders"}


def load_settings(
    *, overrides: dict[str, Any] | None = None, environ: dict[str, str] | None = None
) -> Settings:
    """Merge the layers; ``overrides`` (flags) win, ``None`` values in it are ignored."""
    env = dict(os.environ) if environ is None else environ
    values: dict[str, Any] = {}
    values.update(_read_file(env))
    values.update(_read_env(env))
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    return _validate(values)


def _read_file(env: dict[str, str]) -> dict[str, Any]:
    path = Path(env.get("DETENTE_CONFIG", CONFIG_FILE))
    if not path.is_file():
        if "DETENTE_CONFIG" in env:
            raise ConfigError(f"{path}: config file not found; fix DETENTE_CONFIG or create it")
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}); fix the file or remove it") from exc


def _read_env(env: dict[str, str]) -> dict[str, Any]:
    names = {f.name for f in dataclasses.fields(Settings)}
    return {
        name: env[f"DETENTE_{name.upper()}"] for name in names if f"DETENTE_{name.upper()}" in env
    }


def _validate(values: dict[str, Any]) -> Settings:
    known = {f.name for f in dataclasses.fields(Settings)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ConfigError(
            f"unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"
        )
    clean: dict[str, Any] = {}
    for key, value in values.items():
        if key == "db":
            clean[key] = Path(str(value))
        elif key in _INT_KEYS:
            clean[key] = _positive_int(key, value)
        elif key in _FLOAT_KEYS | _COUNT_KEYS | _BOOL_KEYS:
            clean[key] = _ingest_value(key, value)
        elif key in _LIST_KEYS:
            items = _list_value(key, value)
            folders = key == "web_ingest_folders"
            clean[key] = tuple(Path(i).expanduser() for i in items) if folders else items
        else:
            clean[key] = None if value in ("", None) else str(value)
    return Settings(**clean)


def _ingest_value(key: str, value: object) -> float | int | bool:
    text = str(value).strip().lower()
    if key in _BOOL_KEYS:
        if isinstance(value, bool) or text in ("true", "false", "1", "0", "yes", "no"):
            return value if isinstance(value, bool) else text in ("true", "1", "yes")
        raise ConfigError(f"setting {key}={value!r} is not true or false")
    try:
        number = int(text) if key in _COUNT_KEYS else float(text)
    except ValueError:
        kind = "an integer" if key in _COUNT_KEYS else "a number"
        raise ConfigError(f"setting {key}={value!r} is not {kind}") from None
    if number < 0 or (key == "near_dup_threshold" and not 0 < number <= 1):
        limits = "between 0 (exclusive) and 1" if key == "near_dup_threshold" else "0 or more"
        raise ConfigError(f"setting {key}={number} must be {limits}")
    return number


def _list_value(key: str, value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        items = value.split(",")
    elif isinstance(value, list | tuple):
        items = [str(v) for v in value]
    else:
        raise ConfigError(f"setting {key}={value!r} is not a list; use a,b or a TOML array")
    return tuple(i.strip() for i in items if i.strip())


def _positive_int(key: str, value: object) -> int:
    try:
        number = int(str(value))
    except ValueError:
        raise ConfigError(f"setting {key}={value!r} is not an integer") from None
    if number <= 0:
        raise ConfigError(f"setting {key}={number} must be positive")
    return number
