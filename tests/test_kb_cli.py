"""``detente kb ...`` end to end on a real store file."""

from __future__ import annotations

from pathlib import Path

import typer
from typer.testing import CliRunner

from detente.cli import app
from detente.cli.common import out

runner = CliRunner()


def _run(db: Path, *args: str) -> tuple[int, str]:
    # the console is built once per process, so COLUMNS in the environment of one
    # invocation comes too late under a worker (pytest -n): set its width for the call
    before = out.width
    out.width = 200
    try:
        result = runner.invoke(app, ["kb", *args, "--db", str(db)], env={"COLUMNS": "200"})
    finally:
        out.width = before
    return result.exit_code, " ".join(result.output.split())


def test_every_kb_command_and_option_has_help() -> None:
    group = typer.main.get_command(app)
    kb = getattr(group, "commands", {})["kb"]
    names = set(getattr(kb, "commands", {}))
    assert names == {"list", "show", "add", "edit", "remove", "import", "export"}
    for name, command in getattr(kb, "commands", {}).items():
        assert command.help, name
        for param in command.params:
            if param.param_type_name in ("option", "argument") and param.name != "help":
                assert getattr(param, "help", None), f"{name} {param.name}"


def test_add_list_show_edit_remove(tmp_path: Path) -> None:
    db = tmp_path / "kb.duckdb"
    code, output = _run(
        db,
        "add",
        "Zakir Hasanov",
        "--country",
        "aze",
        "--sector",
        "MIL",
        "--role",
        "defense minister",
        "--alias",
        "Hasanov",
        "--start",
        "2013-10-22",
    )
    assert code == 0 and "AZEMIL" in output
    entry_id = output.split()[1].rstrip(":")
    code, output = _run(db, "list")
    assert code == 0 and "Zakir Hasanov" in output and "user" in output
    code, output = _run(db, "show", "Hasanov", "--date", "2020-01-01")
    assert code == 0 and "defense minister" in output and entry_id in output
    code, output = _run(db, "edit", entry_id, "--sector", "GOV")
    assert code == 0 and "AZEGOV" in output
    code, output = _run(db, "edit", entry_id, "--sector", "XYZ")
    assert code == 1 and "sector 'XYZ' is unknown" in output
    code, output = _run(db, "remove", entry_id)
    assert code == 0 and "removed" in output
    code, output = _run(db, "show", "Zakir Hasanov")
    assert code == 1 and "is not in the knowledge base" in output


def test_show_a_packaged_person_by_date(tmp_path: Path) -> None:
    code, output = _run(tmp_path / "kb.duckdb", "show", "Biden", "--date", "2012-06-01")
    assert code == 0 and "vice president" in output and "reference" in output


def test_import_rejects_a_bad_file_whole_and_export_round_trips(tmp_path: Path) -> None:
    db = tmp_path / "kb.duckdb"
    bad = tmp_path / "bad.csv"
    bad.write_text("name,country,sector\nEli Cohen,ISR,GOV\nX,ISR,GOV,extra\n", encoding="utf-8")
    code, output = _run(db, "import", str(bad))
    assert code == 1 and "bad.csv:3: more fields than columns" in output
    assert "Eli Cohen" not in _run(db, "list")[1]
    good = tmp_path / "good.actors"
    good.write_text("ELI_COHEN_\n+COHEN_\n\t[ISRGOV 230101-240101]\n", encoding="utf-8")
    code, output = _run(db, "import", str(good))
    assert code == 0 and "imported 1 entries" in output
    out_csv = tmp_path / "out.csv"
    assert _run(db, "export", str(out_csv))[0] == 0
    lines = out_csv.read_text(encoding="utf-8").splitlines()
    assert lines[1].startswith("Eli Cohen,ISR,GOV,,Cohen,2023-01-01,2024-01-01,person,imported,")
    fresh = tmp_path / "fresh.duckdb"
    assert _run(fresh, "import", str(out_csv))[0] == 0
    assert "Eli Cohen" in _run(fresh, "list")[1]
