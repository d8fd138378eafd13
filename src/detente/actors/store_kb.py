"""The knowledge base in the store: ``kb_entries`` and ``kb_evidence`` (migration 4).

Library functions the CLI (``detente kb ...``) and the ingest path share. Every write
runs in one transaction: an import lands whole or not at all.

The ingest path binds the store's knowledge base to the coder with a
:class:`KbSession`::

    session = KbSession(store)
    result = code_batch(docs, find_mentions=session.find_mentions)
    ...  # store the documents
    session.record(result.documents, result.mentions)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

import pyarrow as pa

from detente.actors.kb_files import ParsedFile, parse_file, sectors, to_actors, to_csv
from detente.actors.knowledge import (
    STATUSES,
    Evidence,
    KbEntry,
    KnowledgeBase,
    KnowledgeBaseError,
    Status,
)
from detente.actors.lessons import lessons
from detente.actors.resolve import find_mentions
from detente.clock import utc_now
from detente.models import Document, Mention

if TYPE_CHECKING:
    from pathlib import Path

    import duckdb

    from detente.store import Store

_COLUMNS = (
    "entry_id",
    "name",
    "aliases",
    "kind",
    "country",
    "sector",
    "role",
    "start_date",
    "end_date",
    "status",
    "source",
)


def _row(entry: KbEntry) -> list[Any]:
    return [
        entry.entry_id,
        entry.name,
        list(entry.aliases),
        entry.kind,
        entry.country,
        entry.sector,
        entry.role,
        entry.start,
        entry.end,
        entry.status,
        entry.source,
    ]


def _entry(row: Sequence[Any], evidence: tuple[Evidence, ...] = ()) -> KbEntry:
    values = dict(zip(_COLUMNS, row, strict=True))
    return KbEntry(
        entry_id=values["entry_id"],
        name=values["name"],
        aliases=tuple(values["aliases"] or ()),
        kind=values["kind"],
        country=values["country"],
        sector=values["sector"],
        role=values["role"],
        start=values["start_date"],
        end=values["end_date"],
        status=cast(Status, values["status"]),
        source=values["source"],
        evidence=evidence,
    )


def entries(
    store: Store,
    *,
    status: str | None = None,
    country: str | None = None,
    name: str | None = None,
    evidence: bool = True,
) -> list[KbEntry]:
    """Store entries, filtered by status, country and a case-blind name or alias part."""
    if status is not None and status not in STATUSES:
        raise KnowledgeBaseError(f"status {status!r} is unknown; use one of {', '.join(STATUSES)}")
    clauses: list[str] = []
    params: list[str] = []
    if status:
        clauses.append("status = ?")
        params.append(status)
    if country:
        clauses.append("country = ?")
        params.append(country.upper())
    if name:
        clauses.append("(name ILIKE ? OR list_contains(list_transform(aliases, a -> lower(a)), ?))")
        params += [f"%{name}%", name.lower()]
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    rows = store.con.execute(
        f"SELECT {', '.join(_COLUMNS)} FROM kb_entries {where} ORDER BY name, start_date, entry_id",
        params,
    ).fetchall()
    found = _evidence(store.con) if evidence else {}
    return [_entry(row, found.get(row[0], ())) for row in rows]


def _evidence(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[Evidence, ...]]:
    rows = con.execute(
        "SELECT entry_id, doc_id, sentence, date, start_char, end_char FROM kb_evidence "
        "ORDER BY date NULLS LAST, recorded_at, doc_id"
    ).fetchall()
    found: dict[str, list[Evidence]] = {}
    for entry_id, doc_id, sentence, date, start, end in rows:
        found.setdefault(entry_id, []).append(
            Evidence(doc_id=doc_id, sentence=sentence, date=date, start=start, end=end)
        )
    return {key: tuple(value) for key, value in found.items()}


def load_kb(store: Store, *, reference: bool = True) -> KnowledgeBase:
    """The store's entries as a :class:`KnowledgeBase` (over the packaged persons)."""
    return KnowledgeBase(entries(store, evidence=False), reference=reference)


def get_entry(store: Store, ref: str) -> KbEntry:
    """The entry with id ``ref``, or the only entry with that name (case-blind)."""
    by_id = [e for e in entries(store) if e.entry_id == ref]
    if by_id:
        return by_id[0]
    named = [e for e in entries(store) if e.name.casefold() == ref.casefold()]
    if len(named) == 1:
        return named[0]
    if not named:
        raise KnowledgeBaseError(f"no knowledge-base entry {ref!r}; see `detente kb list`")
    ids = ", ".join(e.entry_id for e in named)
    raise KnowledgeBaseError(f"{ref!r} names {len(named)} entries ({ids}); give the entry id")


def save_entries(store: Store, new: Iterable[KbEntry]) -> int:
    """Insert or replace entries (and add their evidence) in one transaction."""
    batch = list({e.entry_id: e for e in new}.values())
    if not batch:
        return 0
    now = utc_now()
    table = pa.table(
        {
            **{col: [_row(e)[n] for e in batch] for n, col in enumerate(_COLUMNS)},
            "created_at": [now] * len(batch),
        }
    )
    with store.transaction() as con:
        con.register("kb_new", table)
        try:
            con.execute(
                "INSERT OR REPLACE INTO kb_entries SELECT n.* EXCLUDE (created_at), "
                "coalesce(o.created_at, n.created_at), n.created_at FROM kb_new n "
                "LEFT JOIN kb_entries o USING (entry_id)"
            )
        finally:
            con.unregister("kb_new")
        _insert_evidence(con, batch, now)
    return len(batch)


def _insert_evidence(
    con: duckdb.DuckDBPyConnection, batch: Sequence[KbEntry], now: dt.datetime
) -> None:
    rows = [
        [e.entry_id, ev.doc_id, ev.sentence, ev.date, ev.start, ev.end, now]
        for e in batch
        for ev in e.evidence
    ]
    if rows:
        con.executemany("INSERT OR IGNORE INTO kb_evidence VALUES (?, ?, ?, ?, ?, ?, ?)", rows)


def learn(store: Store, learned: Iterable[KbEntry]) -> int:
    """Record what documents taught: new entries, or more evidence for known ones.

    An entry a person confirmed or added keeps its status and fields; only the
    evidence is added.
    """
    fresh: list[KbEntry] = []
    for entry in learned:
        old = store.con.execute(
            "SELECT status, start_date FROM kb_entries WHERE entry_id = ?", [entry.entry_id]
        ).fetchone()
        if old is None:
            fresh.append(entry)
        elif old[0] == "learned" and entry.start and (old[1] is None or entry.start < old[1]):
            fresh.append(entry)  # an earlier document: the entry holds from earlier
        else:
            with store.transaction() as con:
                _insert_evidence(con, [entry], utc_now())
    return save_entries(store, fresh)


def remove_entry(store: Store, ref: str) -> KbEntry:
    """Delete an entry and its evidence."""
    entry = get_entry(store, ref)
    with store.transaction() as con:
        con.execute("DELETE FROM kb_evidence WHERE entry_id = ?", [entry.entry_id])
        con.execute("DELETE FROM kb_entries WHERE entry_id = ?", [entry.entry_id])
    return entry


def edit_entry(store: Store, ref: str, **changes: Any) -> KbEntry:
    """Change fields of an entry; a learned entry becomes ``confirmed``."""
    entry = get_entry(store, ref)
    fields = {k: v for k, v in changes.items() if v is not None}
    if entry.status == "learned":
        fields.setdefault("status", "confirmed")
    updated = entry.with_changes(**fields)
    with store.transaction() as con:
        con.execute(
            "UPDATE kb_entries SET name = ?, aliases = ?, kind = ?, country = ?, sector = ?, "
            "role = ?, start_date = ?, end_date = ?, status = ?, source = ?, updated_at = ? "
            "WHERE entry_id = ?",
            [*_row(updated)[1:], utc_now(), entry.entry_id],
        )
    return updated


def validate_codes(
    *, country: str | None, sector: str | None, required: bool
) -> tuple[str | None, str | None]:
    """Upper-cased country and sector codes, or an error naming the bad one."""
    country = country.upper() if country else None
    sector = sector.upper() if sector else None
    if required and not (country or sector):
        raise KnowledgeBaseError("give --country or --sector (or both), e.g. --country AZE")
    if country and not re.fullmatch(r"[A-Z]{2,5}", country):
        raise KnowledgeBaseError(f"country {country!r} is not a code like AZE or NATO")
    if sector and sector not in sectors():
        known = ", ".join(sorted(sectors()))
        raise KnowledgeBaseError(f"sector {sector!r} is unknown; use one of {known}")
    return country, sector


def import_path(
    store: Store, path: Path, *, fmt: str | None = None, skip_bad: bool = False
) -> ParsedFile:
    """Read a ``.actors`` or CSV file and store all of its entries in one transaction."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeBaseError(f"{path}: cannot read it as UTF-8 text ({exc})") from None
    parsed = parse_file(text, source=path.name, fmt=fmt, skip_bad=skip_bad)
    save_entries(store, parsed.entries)
    return parsed


def export_text(store: Store, *, fmt: str = "csv", status: str | None = None) -> str:
    """The store's entries as CSV or ``.actors`` text."""
    found = entries(store, status=status, evidence=False)
    if fmt == "csv":
        return to_csv(found)
    if fmt == "actors":
        return to_actors(found)
    raise KnowledgeBaseError(f"format {fmt!r} is unknown; use csv or actors")


class KbSession:
    """The store's knowledge base bound to the coder for one ingest run.

    ``find_mentions`` resolves with the store's entries plus what earlier documents
    of the same run taught (kept in memory until :meth:`record` writes it).
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.kb = load_kb(store)

    def find_mentions(self, text: str, *, date: dt.date | None = None) -> list[Mention]:
        """``find_mentions`` over this knowledge base; learns what the text teaches."""
        mentions = find_mentions(text, date=date, kb=self.kb)
        for entry in lessons(mentions, doc_id="", text=text, date=date):
            if entry.entry_id not in self.kb.entries:
                self.kb.add(entry)
        return mentions

    def record(
        self, documents: Iterable[Document], mentions: Mapping[str, Sequence[Mention]]
    ) -> int:
        """Store what each coded document taught, with its evidence; the count of lessons."""
        learned: list[KbEntry] = []
        for doc in documents:
            if doc.status != "coded" or doc.doc_id not in mentions:
                continue
            learned += lessons(
                mentions[doc.doc_id], doc_id=doc.doc_id, text=doc.text, date=doc.date
            )
        return learn(self.store, learned)
