"""Any mix of sources -> input items: files, folders, URLs, URL lists, feeds, WARC, stdin.

A source is a string: ``-`` (stdin), an ``http(s)://`` URL (a page, or a feed whose
entries are then fetched), or a path: a folder (walked recursively), a ``.warc`` /
``.warc.gz`` archive, an ``.rss`` / ``.atom`` / ``.xml`` feed file, a ``.urls`` file or
a ``.txt`` file whose every line is a URL (a URL list), or an article file. Items are
yielded lazily, one at a time, so a run's memory does not grow with the corpus. What
cannot be read becomes a ``Failure`` and the walk carries on.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from detente.errors import IngestError
from detente.ingest.decode import read_limited
from detente.ingest.feeds import FEED_SUFFIXES, looks_like_feed, parse_feed
from detente.ingest.fetch import FEED_TYPES, HTML_TYPES, Fetcher
from detente.ingest.sources import (
    InputItem,
    ItemKind,
    ingest_failure,
    iter_inputs,
    iter_jsonl,
    read_file,
)
from detente.ingest.warc import Skipped, is_warc, iter_warc
from detente.models import Failure
from detente.options import MAX_INPUT_BYTES, FetchOptions

_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)


@dataclass(frozen=True, slots=True, kw_only=True)
class GatherOptions:
    """How to read sources: text encoding, the size limit and the fetch settings."""

    encoding: str | None = None
    max_bytes: int = MAX_INPUT_BYTES
    fetch: FetchOptions = field(default_factory=FetchOptions)


@dataclass(frozen=True, slots=True)
class Known:
    """A URL already in the store: not fetched again (a re-ingest is a no-op)."""

    source: str


@dataclass(frozen=True, slots=True)
class Passed:
    """A WARC record that is not an article (a redirect, an image): counted, not ingested."""

    source: str
    reason: str


Gathered = InputItem | Failure | Known | Passed


def is_url(source: str) -> bool:
    """True for an ``http://`` or ``https://`` URL."""
    return _URL.match(source) is not None


def iter_sources(
    sources: Sequence[str | Path],
    *,
    options: GatherOptions | None = None,
    is_known: Callable[[str], bool] = lambda url: False,
    stdin: IO[bytes] | None = None,
    fetcher: Fetcher | None = None,
) -> Iterator[Gathered]:
    """Input items of every source, in order; a ``Fetcher`` is opened on the first URL."""
    opts = options or GatherOptions()
    with ExitStack() as stack:

        def get_fetcher() -> Fetcher:
            nonlocal fetcher
            if fetcher is None:
                fetcher = stack.enter_context(Fetcher(opts.fetch))
            return fetcher

        reader = _Reader(opts, is_known, get_fetcher)
        for source in sources:
            yield from reader.source(source, stdin=stdin)


@dataclass(slots=True)
class _Reader:
    options: GatherOptions
    is_known: Callable[[str], bool]
    fetcher: Callable[[], Fetcher]

    def source(self, source: str | Path, *, stdin: IO[bytes] | None) -> Iterator[Gathered]:
        text = str(source)
        if text == "-":
            yield from self.stdin(stdin)
        elif is_url(text):
            yield from self.url(text, origin=text)
        else:
            yield from self.path(Path(text))

    def path(self, path: Path) -> Iterator[Gathered]:
        if path.is_dir():
            for file in _walk_extra(path):
                yield from self.path(file)
            yield from iter_inputs([path], encoding=self.options.encoding, max_bytes=self.limit)
        elif is_warc(path):
            yield from self.warc(path)
        elif path.suffix.lower() in FEED_SUFFIXES:
            yield from self.feed_file(path)
        elif path.suffix.lower() in (".urls", ".txt") and path.is_file():
            urls = _url_list(path, max_bytes=self.limit)
            if urls is None:
                yield from read_file(path, encoding=self.options.encoding, max_bytes=self.limit)
            for url in urls or ():
                yield from self.url(url, origin=url)
        else:
            yield from iter_inputs([path], encoding=self.options.encoding, max_bytes=self.limit)

    @property
    def limit(self) -> int:
        return self.options.max_bytes

    def url(self, url: str, *, origin: str, kind: str = "url") -> Iterator[Gathered]:
        if self.is_known(url):
            yield Known(url)
            return
        try:
            page = self.fetcher().fetch(url, accept=HTML_TYPES + FEED_TYPES)
        except IngestError as exc:
            yield ingest_failure(url, exc)
            return
        if kind == "url" and (page.content_type in FEED_TYPES or looks_like_feed(page.body)):
            yield from self.feed(page.body, source=url, base=page.url)
            return
        yield InputItem(
            source=url,
            kind="text" if page.content_type == "text/plain" else "html",
            raw=page.body,
            encoding=self.options.encoding,
            source_kind=kind,
            origin=origin,
            url=page.url,
            fetched_at=page.fetched_at,
        )

    def feed(self, raw: bytes, *, source: str, base: str | None) -> Iterator[Gathered]:
        try:
            entries = parse_feed(raw, source=source, base_url=base)
        except IngestError as exc:
            yield ingest_failure(source, exc)
            return
        for entry in entries:
            yield from self.url(entry.url, origin=source, kind="feed")

    def feed_file(self, path: Path) -> Iterator[Gathered]:
        try:
            raw = read_limited(path, max_bytes=self.limit)
        except (OSError, IngestError) as exc:
            yield ingest_failure(str(path), exc)
            return
        yield from self.feed(raw, source=str(path), base=None)

    def warc(self, path: Path) -> Iterator[Gathered]:
        try:
            for record in iter_warc(path, max_bytes=self.limit):
                source = f"{path}#{record.record_id}"
                if isinstance(record, Skipped):
                    if record.article:
                        yield ingest_failure(source, record.reason)
                    else:
                        yield Passed(source, record.reason)
                    continue
                yield InputItem(
                    source=source,
                    kind="text" if record.content_type == "text/plain" else "html",
                    raw=record.body,
                    encoding=self.options.encoding,
                    source_kind="warc",
                    origin=str(path),
                    url=record.url or None,
                    fetched_at=record.date,
                )
        except IngestError as exc:
            yield ingest_failure(str(path), exc)

    def stdin(self, stream: IO[bytes] | None) -> Iterator[Gathered]:
        if stream is None:
            stream = sys.stdin.buffer
        raw = stream.read(self.limit + 1)
        if len(raw) > self.limit:
            yield ingest_failure(
                "<stdin>", f"over the {self.limit}-byte limit; raise max_input_bytes"
            )
            return
        head = raw.lstrip()[:1]
        lines = raw.decode("utf-8", errors="replace").split("\n")
        if head == b"{":
            for item in iter_jsonl(lines, source="<stdin>"):
                yield item if isinstance(item, Failure) else _as_stdin(item)
        elif lines and all(is_url(line.strip()) for line in lines if line.strip()) and head:
            for line in (line.strip() for line in lines):
                if line:
                    yield from self.url(line, origin=line)
        else:
            kind: ItemKind = "html" if head == b"<" else "text"
            yield InputItem(
                source="<stdin>",
                kind=kind,
                raw=raw,
                encoding=self.options.encoding,
                source_kind="stdin",
            )


def _as_stdin(item: InputItem) -> InputItem:
    return InputItem(
        source=item.source,
        kind=item.kind,
        raw=item.raw,
        record=item.record,
        source_kind="stdin",
    )


def _walk_extra(folder: Path) -> Iterator[Path]:
    """WARC archives and feed files in a folder (the article walk does not read them)."""
    for file in sorted(folder.rglob("*")):
        hidden = any(part.startswith(".") for part in file.relative_to(folder).parts)
        extra = is_warc(file) or file.suffix.lower() in (".rss", ".atom", ".urls")
        if extra and not hidden and file.is_file():
            yield file


def _url_list(path: Path, *, max_bytes: int) -> list[str] | None:
    """The URLs of a URL list (every non-blank, non-# line a URL), or None if it is not one."""
    try:
        text = read_limited(path, max_bytes=max_bytes).decode("utf-8")
    except (OSError, IngestError, UnicodeDecodeError):
        return None
    lines = [line.strip() for line in text.splitlines()]
    urls = [line for line in lines if line and not line.startswith("#")]
    if urls and all(is_url(line) for line in urls):
        return urls
    return [] if path.suffix.lower() == ".urls" else None


def origin_of(source: str) -> str | None:
    """What to read again to retry ``source``: the URL, the file, the archive; None for stdin."""
    if source.startswith("<stdin>"):
        return None
    if is_url(source):
        return source
    for marker in ("#", "[", ":"):
        head = source.rsplit(marker, 1)[0]
        if head != source and Path(head).is_file():
            return head
    return source
