"""Documents and actors as the web app lists them (with analyst corrections to actors)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import duckdb

from detente.web.errors import not_found
from detente.web.queries import Page, has_table


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentRow:
    """A stored document; ``text`` is empty in lists and full on the document page."""

    doc_id: str
    title: str | None
    author: str | None
    date: dt.date | None
    url: str | None
    sitename: str | None
    language: str | None
    status: str
    events: int
    text: str = ""

    def to_record(self) -> dict[str, Any]:
        """JSON-ready record (the date as ISO text)."""
        return {
            "doc_id": self.doc_id,
            "title": self.title,
            "author": self.author,
            "date": self.date.isoformat() if self.date else None,
            "url": self.url,
            "sitename": self.sitename,
            "language": self.language,
            "status": self.status,
            "events": self.events,
            **({"text": self.text} if self.text else {}),
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class ActorRow:
    """An actor the documents taught the store, with the analyst's verdict if any."""

    name: str
    code: str
    country: str | None
    sector: str | None
    kind: str
    origin: str
    first_doc_id: str | None
    status: str | None = None
    new_code: str | None = None
    note: str | None = None

    def to_record(self) -> dict[str, Any]:
        """JSON-ready record; ``override`` is null until an analyst confirms or corrects."""
        record: dict[str, Any] = {
            "name": self.name,
            "code": self.code,
            "country": self.country,
            "sector": self.sector,
            "kind": self.kind,
            "origin": self.origin,
            "first_doc_id": self.first_doc_id,
        }
        record["override"] = (
            {"status": self.status, "code": self.new_code, "note": self.note}
            if self.status
            else None
        )
        return record


_DOC_SELECT = (
    "SELECT d.doc_id, d.title, d.author, d.date, d.url, d.sitename, d.language, d.status, "
    "(SELECT count(*) FROM events e WHERE e.doc_id = d.doc_id) AS events"
)


def list_documents(
    con: duckdb.DuckDBPyConnection, *, text: str | None = None, limit: int, offset: int
) -> Page:
    """Documents, newest publication first; ``text`` filters titles."""
    where, params = (
        ("WHERE contains(lower(coalesce(title, '')), ?)", [text.lower()]) if text else ("", [])
    )
    total = con.execute(f"SELECT count(*) FROM documents {where}", params).fetchone()
    rows = con.execute(
        f"{_DOC_SELECT} FROM documents d {where} "
        "ORDER BY d.date DESC NULLS LAST, d.doc_id LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    items = [DocumentRow(**dict(zip(_DOC_KEYS, row, strict=True))) for row in rows]
    return Page(items=items, total=int(total[0]) if total else 0, limit=limit, offset=offset)


_DOC_KEYS = ("doc_id", "title", "author", "date", "url", "sitename", "language", "status", "events")


def get_document(con: duckdb.DuckDBPyConnection, doc_id: str) -> DocumentRow:
    """One document with its full text, or a 404."""
    row = con.execute(f"{_DOC_SELECT}, d.text FROM documents d WHERE d.doc_id = ?", [doc_id])
    found = row.fetchone()
    if found is None:
        raise not_found(f"document {doc_id!r}", "list documents at /api/documents")
    return DocumentRow(**dict(zip((*_DOC_KEYS, "text"), found, strict=True)))


def list_actors(
    con: duckdb.DuckDBPyConnection,
    *,
    country: str | None = None,
    text: str | None = None,
    limit: int,
    offset: int,
) -> Page:
    """Learned actors (persons and organisations), with any confirmation or correction."""
    clauses, params = [], []
    if country:
        clauses.append("a.country = ?")
        params.append(country)
    if text:
        clauses.append("contains(lower(a.name), ?)")
        params.append(text.lower())
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    if has_table(con, "actor_overrides"):
        extra = "o.status, o.new_code, o.note"
        join = "LEFT JOIN actor_overrides o ON o.name = a.name AND o.code = a.code"
    else:
        extra, join = "NULL, NULL, NULL", ""
    total = con.execute(f"SELECT count(*) FROM actors a {where}", params).fetchone()
    rows = con.execute(
        "SELECT a.name, a.code, a.country, a.sector, a.kind, a.origin, a.first_doc_id, "
        f"{extra} FROM actors a {join} {where} ORDER BY a.country NULLS LAST, a.name "
        "LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    keys = (
        "name",
        "code",
        "country",
        "sector",
        "kind",
        "origin",
        "first_doc_id",
        "status",
        "new_code",
        "note",
    )
    items = [ActorRow(**dict(zip(keys, row, strict=True))) for row in rows]
    return Page(items=items, total=int(total[0]) if total else 0, limit=limit, offset=offset)
