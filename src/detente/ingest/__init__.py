"""Ingest stage: files, folders and JSONL records -> clean ``Document`` records.

HTML goes through trafilatura (dates by htmldate); plain-text scrapes go through
detente's own cleaner, which finds title, byline, date and section and drops the
site furniture around the article.
"""

from detente.ingest.decode import decode_bytes, normalise_unicode
from detente.ingest.extract import (
    Extracted,
    extract_bytes,
    extract_html,
    extract_path,
    extract_text,
)
from detente.ingest.language import guess_language
from detente.ingest.plaintext import CleanText, clean_plaintext
from detente.ingest.sources import (
    InputItem,
    iter_inputs,
    iter_jsonl,
    read_documents,
    text_id,
    to_document,
)

__all__ = [
    "CleanText",
    "Extracted",
    "InputItem",
    "clean_plaintext",
    "decode_bytes",
    "extract_bytes",
    "extract_html",
    "extract_path",
    "extract_text",
    "guess_language",
    "iter_inputs",
    "iter_jsonl",
    "normalise_unicode",
    "read_documents",
    "text_id",
    "to_document",
]
