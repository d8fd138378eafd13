"""Fuzzing the parsers that meet outside input: no uncaught exception, whatever comes in.

Each target gets a few hundred examples in the normal test run (seconds) and 100,000
with ``DETENTE_FUZZ=1`` (``make fuzz``). A target may refuse its input only with a
``DetenteError`` (a message a person can act on); anything else is a bug.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from contextlib import suppress
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.actors.kb_files import parse_file
from detente.errors import DetenteError
from detente.formats import import_events
from detente.formats.gdelt import GDELT_COLUMNS
from detente.formats.polecat import POLECAT_COLUMNS
from detente.ingest import decode_bytes, extract_html, extract_text
from detente.ingest.plaintext import clean_plaintext
from detente.ingest.warc import iter_warc
from detente.store import Store
from detente.temporal import find_times

settings.register_profile(
    "detente-fuzz",
    max_examples=100_000,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
settings.register_profile(
    "detente-smoke",
    max_examples=int(os.environ.get("DETENTE_FUZZ_SMOKE", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FUZZ = settings.get_profile("detente-fuzz" if os.environ.get("DETENTE_FUZZ") else "detente-smoke")

_VOCABULARY = (
    "Baku Tehran Iran Azerbaijan Israel minister President said visited met on in 2023 "
    "mid-April late 2020 January 9999-99-99 0000-00-00 yesterday Monday next week "
    "By Staff Reporter | Updated: 12 March 2024 READ MORE 1.2K views © Share:"
)
_WORDS = st.sampled_from(_VOCABULARY.split())
_TEXTY = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(_WORDS, st.text(max_size=8)), max_size=80).map(" ".join),
    st.lists(st.one_of(_WORDS, st.just("\n"), st.just("\n\n")), max_size=120).map(" ".join),
)


@FUZZ
@given(text=_TEXTY)
def test_plaintext_cleaner(text: str) -> None:
    cleaned = clean_plaintext(text)
    assert isinstance(cleaned.text, str)
    extracted = extract_text(text)
    assert isinstance(extracted.text, str)


_TAGS = st.sampled_from(["div", "p", "article", "script", "style", "span", "h1", "table", "td"])


@st.composite
def _html(draw: st.DrawFn) -> str:
    depth = draw(st.integers(0, 40))
    tags = [draw(_TAGS) for _ in range(depth)]
    body = draw(_TEXTY)
    junk = draw(st.sampled_from(["", "<", "</div>", "<!--", "<![CDATA[", "&#0;", "&#xD800;"]))
    head = draw(st.sampled_from(["", "<html><head><title>T</title></head><body>", "<?xml ?>"]))
    opened = "".join(f"<{t}>" for t in tags)
    closed = "".join(f"</{t}>" for t in reversed(tags[: draw(st.integers(0, depth))]))
    return f"{head}{opened}{junk}{body}{closed}"


@FUZZ
@given(html=st.one_of(_html(), st.text(max_size=300)))
def test_html_extractor(html: str) -> None:
    try:
        extracted = extract_html(html, source="fuzz.html")
    except DetenteError:
        return
    assert isinstance(extracted.text, str)


@FUZZ
@given(raw=st.binary(max_size=600), html=st.booleans())
def test_decoder(raw: bytes, html: bool) -> None:
    try:
        text = decode_bytes(raw, source="fuzz.txt", html=html)
    except DetenteError:
        return
    assert text.strip()


@FUZZ
@given(
    text=_TEXTY,
    anchor=st.one_of(st.none(), st.dates(), st.text(max_size=12), st.just("9999-99-99")),
)
def test_time_normaliser(text: str, anchor: dt.date | str | None) -> None:
    for found in find_times(text, anchor=anchor):
        assert 0 <= found.start <= found.end <= len(text)
        assert text[found.start : found.end] == found.text
        if found.date_start and found.date_end:
            assert found.date_start <= found.date_end


_KB_LINES = st.one_of(
    st.sampled_from(
        [
            "ZAKIR_HASANOV_",
            "+ZAKIR_HASSANOV_",
            "\t[AZEMIL >131022]",
            "\t[AZEGOV 130101-991231]",
            "\t[IGOUNO]",
            "\t[---]",
            "\t[AZE <9999]",
            "name,country,sector,start,end,aliases",
            "Eli Cohen,ISR,GOV,2023-01-01,2024-01-01,Cohen;E. Cohen",
            "X,,,9999-99-99,,",
            "# comment",
            "",
        ]
    ),
    st.text(max_size=40),
)


@FUZZ
@given(
    lines=st.lists(_KB_LINES, max_size=30),
    fmt=st.sampled_from(["csv", "actors"]),
    skip_bad=st.booleans(),
)
def test_knowledge_base_import(lines: list[str], fmt: str, skip_bad: bool) -> None:
    try:
        parsed = parse_file("\n".join(lines), source=f"fuzz.{fmt}", fmt=fmt, skip_bad=skip_bad)
    except DetenteError:
        return
    for entry in parsed.entries:
        assert entry.name


_GDELT_FIELDS = st.one_of(
    st.sampled_from(["", "20230501", "2023", "AZE", "IRN", "AJ", "IR", "190", "19", "-10.0", "1"]),
    st.text(alphabet=st.characters(blacklist_characters="\t\n\r"), max_size=12),
)


@st.composite
def _gdelt_rows(draw: st.DrawFn) -> str:
    rows = []
    for _ in range(draw(st.integers(0, 4))):
        width = draw(st.sampled_from([len(GDELT_COLUMNS), len(GDELT_COLUMNS) + 1, 5]))
        rows.append("\t".join(draw(_GDELT_FIELDS) for _ in range(width)))
    return "\n".join(rows)


_STORE_DIR = Path(tempfile.mkdtemp(prefix="detente-fuzz-"))
_STORE: list[Store] = []


def _store() -> Store:
    if not _STORE:
        _STORE.append(Store(_STORE_DIR / "fuzz.duckdb"))
    return _STORE[0]


@FUZZ
@given(content=st.one_of(_gdelt_rows(), st.binary(max_size=200).map(repr)))
def test_gdelt_importer(content: str) -> None:
    path = _STORE_DIR / "events.csv"
    path.write_bytes(content.encode("utf-8", errors="surrogatepass"))
    try:
        report = import_events(_store(), path, layout="gdelt", dataset="fuzz")
    except DetenteError:
        return
    assert report.rows >= 0


_POLECAT_FIELDS = st.one_of(
    st.sampled_from(["", "2023-04-20", "2023-02-30", "CONSULT", "visit", "assault", "AZE",
                     "Iran", "Narnia", "1", "VERBAL CONFLICT", "-9.5", "91", "GOV"]),
    st.text(alphabet=st.characters(blacklist_characters="\t\n\r"), max_size=12),
)  # fmt: skip


@st.composite
def _polecat_file(draw: st.DrawFn) -> str:
    header = draw(st.permutations(POLECAT_COLUMNS).map(lambda c: c[: len(c) - len(c) % 7]))
    rows = ["\t".join(header)]
    for _ in range(draw(st.integers(0, 4))):
        width = draw(st.sampled_from([len(header), len(header) - 3, 2]))
        rows.append("\t".join(draw(_POLECAT_FIELDS) for _ in range(width)))
    return "\n".join(rows)


@FUZZ
@given(content=st.one_of(_polecat_file(), st.text(max_size=200)))
def test_polecat_importer(content: str) -> None:
    path = _STORE_DIR / "polecat.tsv"
    path.write_bytes(content.encode("utf-8", errors="surrogatepass"))
    with suppress(DetenteError):
        import_events(_store(), path, layout="polecat", dataset="fuzz")


@FUZZ
@given(raw=st.binary(max_size=300))
def test_parquet_importer_and_warc_reader(raw: bytes) -> None:
    path = _STORE_DIR / "events.parquet"
    path.write_bytes(raw)
    with suppress(DetenteError):
        import_events(_store(), path, layout="parquet", dataset="fuzz")
    warc = _STORE_DIR / "crawl.warc"
    warc.write_bytes(b"WARC/1.1\r\n" + raw if raw[:1] == b"W" else raw)
    with suppress(DetenteError):
        list(iter_warc(warc, max_bytes=10_000))
