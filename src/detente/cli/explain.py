"""``detente explain EVENT_ID``: why a stored event was coded, with its evidence."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from detente.actors.context import context_note
from detente.cli.common import DbOption, app, errors, out, settings
from detente.events.counterpart import counterpart_note
from detente.events.explain import Explanation, asked_for, conditions, explain_event
from detente.store import Store

_STYLES = {"trigger": "bold magenta", "source": "bold cyan", "target": "bold yellow"}


@app.command()
def explain(
    event_id: Annotated[
        str, typer.Argument(help="Event id (or a unique prefix of it), from `detente events`.")
    ],
    db: DbOption = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the explanation as one JSON object.")
    ] = False,
) -> None:
    """Show why an event was coded: sentence, trigger, rule, lexicon entry, actors, date."""
    cfg = settings(db=db)
    with errors(), Store.from_settings(cfg, read_only=True) as store:
        found = explain_event(store, event_id)
    if as_json:
        out.print_json(json.dumps(found.to_record(), ensure_ascii=False))
        return
    render(found)


def render(found: Explanation) -> None:
    """Print an explanation with rich markup."""
    event = found.event
    out.print(
        f"[bold]event {event.event_id}[/bold]  document {event.doc_id}, "
        f"sentence {event.sentence_index}"
    )
    out.print(marked_sentence(found), soft_wrap=True)
    out.print(
        f"[{_STYLES['trigger']}]trigger[/]  [{_STYLES['source']}]source[/]  "
        f"[{_STYLES['target']}]target[/]"
    )
    out.print(_facts(found))
    out.print(_actors(found))
    for path in found.actors:
        note = context_note(path.resolution)
        if note is not None:
            out.print(f"{path.role} {escape(path.text)!r}: {escape(note)}", soft_wrap=True)


def marked_sentence(found: Explanation) -> str:
    """The sentence as rich markup with the trigger, source and target highlighted."""
    spans = [(found.trigger_start, found.trigger_end, "trigger")]
    spans += [(a.start, a.end, a.role) for a in found.actors if a.role in _STYLES and a.start >= 0]
    text = found.event.sentence
    pieces: list[str] = []
    at = 0
    for start, end, role in sorted(spans):
        if start < at:
            continue  # overlapping spans: the first one wins
        pieces.append(escape(text[at:start]))
        pieces.append(f"[{_STYLES[role]}]{escape(text[start:end])}[/]")
        at = end
    pieces.append(escape(text[at:]))
    return "".join(pieces)


def _asks(rule: str) -> list[tuple[str, str]]:
    asked = asked_for(rule)
    if asked is None:
        return []
    note = "the act this appeal asks for; not coded itself, it has not happened"
    return [("asks for", f"{asked} ({note})")]


def _counterpart(rule: str) -> list[tuple[str, str]]:
    note = counterpart_note(rule)
    return [] if note is None else [("other party", note)]


def _facts(found: Explanation) -> Table:
    event, entry, cameo = found.event, found.entry, found.cameo
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column()
    source = "PETRARCH fallback" if entry.strict else "hand-kept lexicon"
    rows = [
        ("rule", event.rule),
        ("lexicon entry", f"{entry.id} (lemma {entry.lemma!r}, {entry.pos}, {source})"),
        ("conditions", "; ".join(conditions(entry)) or "none"),
        *_asks(event.rule),
        *_counterpart(event.rule),
        ("CAMEO", f"{cameo.code} {cameo.name} (root {cameo.root}, quad class {cameo.quad_class})"),
        (
            "PLOVER",
            f"{cameo.plover_type or '-'} / {cameo.plover_mode or cameo.plover_context or '-'}",
        ),
        ("Goldstein", f"{cameo.goldstein:+.1f}"),
        ("date", _date(found)),
        (
            "factuality",
            f"{event.factuality}" + (f" ({found.factuality_cue})" if found.factuality_cue else ""),
        ),
        ("location", _location(found)),
        ("confidence", f"{event.confidence:.2f}"),
        ("coder", event.coder_version),
    ]
    for name, value in rows:
        table.add_row(name, escape(value))
    return table


def _date(found: Explanation) -> str:
    event = found.event
    span = event.date_start.isoformat() if event.date_start else "unknown"
    if event.date_end and event.date_end != event.date_start:
        span += f" .. {event.date_end.isoformat()}"
    said = f" from {found.date_expression!r}" if found.date_expression else ""
    counted = f", counted from {found.date_anchor}" if found.date_anchor else ""
    return (
        f"{span} ({event.date_granularity}, {event.date_basis}{said}{counted}, "
        f"rule {found.date_rule})"
    )


def _location(found: Explanation) -> str:
    event = found.event
    if not event.location_name:
        return "-"
    where = f"{event.location_name} ({event.location_country or '?'})"
    if event.latitude is not None and event.longitude is not None:
        where += f" at {event.latitude:.4f}, {event.longitude:.4f}"
    return where


def _actors(found: Explanation) -> Table:
    table = Table(title="actors", title_justify="left")
    for name in ("role", "mention", "actor", "resolved by", "frame", "KB entry"):
        table.add_column(name, overflow="fold")
    for path in found.actors:
        actor = " ".join(p for p in (path.actor, f"({path.name})") if p)
        table.add_row(
            path.role,
            escape(path.text),
            escape(actor),
            escape(path.resolution or "-"),
            escape(path.frame_rule),
            escape(path.kb_entry or "-"),
        )
    return table
