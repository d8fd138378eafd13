"""Ingest stage: files, folders, JSONL records, URLs, feeds, WARC archives and stdin
-> clean ``Document`` records.

HTML goes through trafilatura (dates by htmldate); plain-text scrapes go through
detente's own cleaner, which finds title, byline, date and section and drops the
site furniture around the article. ``iter_sources`` reads any mix of sources;
``record_document`` is the one reader of JSON document records;
``dedup`` finds exact and near duplicates; the job that stores and codes them is
:func:`detente.ingest_sources` (``detente.jobs.ingest_sources``).
"""

from detente.ingest.decode import decode_bytes, normalise_unicode
from detente.ingest.extract import (
    Extracted,
    extract_bytes,
    extract_html,
    extract_path,
    extract_text,
)
from detente.ingest.feeds import FeedEntry, parse_feed
from detente.ingest.fetch import Fetched, Fetcher
from detente.ingest.gather import GatherOptions, iter_sources
from detente.ingest.language import guess_language
from detente.ingest.plaintext import CleanText, clean_plaintext
from detente.ingest.records import record_document, text_id
from detente.ingest.sources import (
    InputItem,
    iter_inputs,
    iter_jsonl,
    read_documents,
    to_document,
)
from detente.ingest.warc import WarcRecord, iter_warc
from detente.options import FetchOptions

__all__ = [
    "CleanText",
    "Extracted",
    "FeedEntry",
    "FetchOptions",
    "Fetched",
    "Fetcher",
    "GatherOptions",
    "InputItem",
    "WarcRecord",
    "clean_plaintext",
    "decode_bytes",
    "extract_bytes",
    "extract_html",
    "extract_path",
    "extract_text",
    "guess_language",
    "iter_inputs",
    "iter_jsonl",
    "iter_sources",
    "iter_warc",
    "normalise_unicode",
    "parse_feed",
    "read_documents",
    "record_document",
    "text_id",
    "to_document",
]
