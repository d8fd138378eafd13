from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from detente.config import Settings, load_settings
from detente.errors import ConfigError

README = Path(__file__).resolve().parent.parent / "README.md"


def test_layers_flags_beat_env_beat_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "detente.toml").write_text('db = "from-file.duckdb"\nbatch_size = 8\n')
    assert load_settings(environ={}).db == Path("from-file.duckdb")
    assert load_settings(environ={}).batch_size == 8
    env = {"DETENTE_DB": "from-env.duckdb"}
    assert load_settings(environ=env).db == Path("from-env.duckdb")
    assert load_settings(environ=env, overrides={"db": Path("flag.duckdb")}).db == Path(
        "flag.duckdb"
    )
    assert load_settings(environ=env, overrides={"db": None}).db == Path("from-env.duckdb")


def test_defaults_without_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings(environ={})
    assert settings.db == Path("detente.duckdb")
    assert settings.batch_size == 32


def test_bad_values_name_the_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match="batch_size"):
        load_settings(environ={"DETENTE_BATCH_SIZE": "many"})
    with pytest.raises(ConfigError, match="must be positive"):
        load_settings(environ={}, overrides={"batch_size": 0})
    (tmp_path / "detente.toml").write_text("colour = 'red'\n")
    with pytest.raises(ConfigError, match="unknown setting"):
        load_settings(environ={})
    (tmp_path / "detente.toml").write_text("db = \n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(environ={})


def test_missing_named_config_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_settings(environ={"DETENTE_CONFIG": str(tmp_path / "nope.toml")})


def _shown(value: object) -> str | None:
    """How the README's table shows a default (None: a value it describes in words)."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, Path):
        return str(value)
    return None


def test_every_setting_is_in_the_readme_table_with_its_default() -> None:
    rows = dict(
        re.findall(r"^\| `([a-z_]+)` \| ([^|]+?) \|", README.read_text(encoding="utf-8"), re.M)
    )
    fields = {f.name: f.default for f in dataclasses.fields(Settings)}
    assert set(rows) == set(fields)
    for name, default in fields.items():
        shown = _shown(default)
        if shown is not None:
            assert rows[name] == f"`{shown}`", name
