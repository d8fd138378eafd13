"""``detente check``: verify the store's invariants and report what breaks them."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from detente.cli.common import DbOption, app, err, errors, out, settings
from detente.store import Store
from detente.store.check import check_store

if TYPE_CHECKING:
    from detente.store.check import CheckReport


@app.command()
def check(
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Check the store: ids, offsets, documents of events and inputs, the input manifest.

    Exit status: 0 when every invariant holds, 1 when any is broken (each is listed
    with a count, a few examples and the way out).
    """
    cfg = settings(db=db)
    with errors(), Store.from_settings(cfg, read_only=True) as store:
        report = check_store(store)
    if as_json:
        record = {
            "ok": report.ok,
            "checks": report.checks,
            "violations": [asdict(v) for v in report.violations],
            "totals": report.totals,
            "notes": report.notes,
        }
        out.print_json(json.dumps(record))
    else:
        _render(report)
    if not report.ok:
        raise typer.Exit(1)


def _render(report: CheckReport) -> None:
    for violation in report.violations:
        err.print(
            f"[red]violation:[/red] {violation.check}: {violation.count} "
            f"{escape(violation.message)}"
        )
        for example in violation.examples:
            err.print(f"  {escape(example)}")
    for note in report.notes:
        err.print(f"note: {escape(note)}")
    if report.totals:
        t = report.totals
        out.print(
            f"inputs {t['inputs']} = documents {t['documents']} + duplicates "
            f"{t['duplicates']} + failed {t['failed']} + pending {t['pending']}"
        )
    broken = len(report.violations)
    verdict = "ok" if report.ok else f"{broken} check(s) failed"
    out.print(f"{len(report.checks)} checks: {verdict}")
