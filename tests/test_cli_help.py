"""Docs that stay true: every command has help text, the public API is complete."""

from __future__ import annotations

import typer
from typer.testing import CliRunner

import detente
from detente.cli import app

runner = CliRunner()


def _commands() -> dict[str, typer.models.CommandInfo]:
    return {(c.name or c.callback.__name__): c for c in app.registered_commands if c.callback}


def test_every_command_has_help_text() -> None:
    commands = _commands()
    assert {"ingest", "code", "events", "extract", "time", "actors", "dyads", "failures"} <= set(
        commands
    )
    for name, info in commands.items():
        doc = (info.help or (info.callback.__doc__ if info.callback else "") or "").strip()
        assert doc, f"command {name!r} has no help text"
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, result.output
        assert doc.split("\n")[0][:30] in " ".join(result.output.split())


def test_every_option_has_help_text() -> None:
    group = typer.main.get_command(app)
    commands = getattr(group, "commands", {})
    assert commands
    for name, command in commands.items():
        for param in command.params:
            if param.param_type_name == "option" and param.name != "help":
                assert param.help, f"option {param.opts} of {name!r} has no help text"


def test_version_flag() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"detente {detente.__version__}"


def test_public_api_is_sorted_and_importable() -> None:
    assert detente.__all__ == sorted(detente.__all__)
    for name in detente.__all__:
        assert getattr(detente, name) is not None


def test_no_public_name_is_also_a_subpackage() -> None:
    """Importing a subpackage sets it as an attribute of ``detente``: a public name
    equal to a subpackage's would be shadowed, or shadow it, by import order."""
    import importlib
    import pkgutil

    modules = {m.name for m in pkgutil.iter_modules(detente.__path__)}
    assert "ingest" in modules and not modules & set(detente.__all__)
    sources = importlib.import_module("detente.ingest.sources")
    assert detente.ingest_sources.__module__ == "detente.jobs"
    assert detente.ingest.sources is sources
