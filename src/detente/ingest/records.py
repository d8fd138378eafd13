"""JSON document records -> ``Document``: the one reader of ``{"id", "text", "date"?,
"title"?, "url"?}``.

``detente code``, ``detente ingest``, ``detente run`` and the web app's pasted
articles all build their documents here, so one record gives the same text, title,
date and id whichever way it arrives. With ``clean`` (the default) the text goes
through the plain-text cleaner first: site furniture is dropped and the title, byline,
date and section it finds fill the fields the record leaves out; offsets then point
into the cleaned text. Without it the text is coded as given.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from detente.errors import IngestError
from detente.ingest.extract import extract_text
from detente.ingest.language import guess_language
from detente.models import Document

CODED_LANGUAGES = frozenset({"en"})
_ID_HEX = 16


def text_id(text: str) -> str:
    """Stable short id of a text: whitespace collapsed, casefolded, SHA-256, 16 hex digits."""
    normalised = " ".join(text.split()).casefold()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:_ID_HEX]


def parse_record(line: str, *, source: str) -> dict[str, Any]:
    """One JSONL line as a record object; raises ``IngestError`` naming ``source``."""
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        raise IngestError(
            source, f"not valid JSON ({exc.msg} at column {exc.colno}); fix or remove the line"
        ) from None
    return as_record(value, source=source)


def as_record(value: object, *, source: str) -> dict[str, Any]:
    """``value`` if it is a JSON object; else an ``IngestError`` naming ``source``."""
    if not isinstance(value, dict):
        raise IngestError(source, 'expected a JSON object {"id", "text", ...}; fix the record')
    return value


def record_document(
    record: Mapping[str, Any], *, source: str, clean: bool = True, raw_hash: str | None = None
) -> Document:
    """The ``Document`` of one record; a bad record raises ``IngestError`` naming ``source``.

    A document not in a language the coder reads gets status "skipped".
    """
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise IngestError(source, 'no "text" string in the record; add the article text')
    extracted = extract_text(text) if clean else None
    body = extracted.text if extracted and extracted.text.strip() else text
    language = guess_language(body)
    return Document(
        doc_id=_record_id(record.get("id"), source) or text_id(body),
        text=body,
        title=_record_str(record, "title", source) or (extracted.title if extracted else None),
        author=extracted.author if extracted else None,
        date=_record_date(record.get("date"), source) or (extracted.date if extracted else None),
        section=extracted.section if extracted else None,
        url=_record_str(record, "url", source),
        language=language,
        source=source,
        raw_hash=raw_hash,
        status="coded" if language is None or language in CODED_LANGUAGES else "skipped",
    )


def _record_id(value: object, source: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise IngestError(source, f'"id" {value!r} is not a string or integer; fix the record')
    return str(value)


def _record_str(record: Mapping[str, Any], key: str, source: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise IngestError(source, f'"{key}" {value!r} is not a string; fix the record')
    return value.strip() or None


def _record_date(value: object, source: str) -> dt.date | None:
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise IngestError(
            source, f'"date" {value!r} is not YYYY-MM-DD; fix it or leave it out'
        ) from None
