"""Knowledge-base files: PETRARCH/Phoenix ``.actors`` dictionaries and CSV.

``.actors`` (TABARI/PETRARCH format)::

    ZAKIR_HASANOV_  # a comment
    +ZAKIR_HASSANOV_
    \t[AZEMIL >131022]
    \t[AZEELI]

A name line starts in the first column (words joined by ``_``), ``+`` lines are
aliases, indented ``[CODE DATES]`` lines are its codes: ``CODE`` is CAMEO-style
(country + sector + more, ``AZEGOVHLH``; ``IGOUNO`` for a body), dates are
``A-B``, ``>A`` (from A) or ``<B`` (until B), each ``YYMMDD`` (years up to 30 are
20xx) or ``YYYYMMDD``. Each code becomes one entry.

CSV: a header with ``name`` and any of ``country, sector, role, aliases`` (``;``
between aliases), ``start, end`` (YYYY-MM-DD), ``kind``.

Parsing reads the whole file first: a malformed line raises
:class:`~detente.actors.knowledge.KnowledgeBaseError` naming the file, the line
number and the reason, so nothing is half-imported.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from detente.actors.gazetteer import load_gazetteer, read_data
from detente.actors.knowledge import KbEntry, KnowledgeBaseError

_CODE = re.compile(r"\[([^\]]*)\]")
_CODE_BODY = re.compile(r"(?P<code>[A-Z][A-Z0-9]{2,}|---)(?:\s+(?P<dates>[<>]?\s*\S+))?")
_DATE_RANGE = re.compile(
    r"(?:(?P<a>\d{6}|\d{8})-(?P<b>\d{6}|\d{8})|(?P<op>[<>])\s*(?P<c>\d{6}|\d{8}))"
)
_CSV_FIELDS = ("name", "country", "sector", "role", "aliases", "start", "end", "kind")
_CSV_EXPORT_ONLY = ("status", "id")  # written by to_csv, ignored on import
_CENTURY_PIVOT = 30


@cache
def sectors() -> frozenset[str]:
    """The sector codes detente knows (PLOVER and CAMEO agents)."""
    return frozenset(read_data("roles.json")["sectors"])


@cache
def _igo_by_cameo() -> tuple[tuple[str, str], ...]:
    igos = load_gazetteer().igos.values()
    pairs = [(i.cameo, i.code) for i in igos if i.cameo]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def _fail(source: str, line: int, reason: str) -> KnowledgeBaseError:
    return KnowledgeBaseError(
        f"{source}:{line}: {reason}; fix that line and import again (nothing was imported)"
    )


def _date(text: str, source: str, line: int) -> dt.date:
    if len(text) == 6:
        year = int(text[:2])
        text = f"{2000 + year if year <= _CENTURY_PIVOT else 1900 + year}{text[2:]}"
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        raise _fail(source, line, f"{text!r} is not a valid date") from None


def _codes(code: str, source: str, line: int) -> tuple[str | None, str | None]:
    """(country or body, sector) of a CAMEO-style code."""
    if code.startswith("IGO"):
        body = next((ours for cameo, ours in _igo_by_cameo() if code.startswith(cameo)), code)
        return body, None
    if code == "---":
        return None, None
    if code in load_gazetteer().igos:
        return code, None
    if code.startswith("NGO"):
        return None, "NGO"
    if len(code) == 3 and code in sectors():
        return None, code
    if len(code) % 3:
        raise _fail(source, line, f"code {code!r} is not made of three-letter parts")
    return code[:3], code[3:6] or None


def _dates(text: str | None, source: str, line: int) -> tuple[dt.date | None, dt.date | None]:
    if not text:
        return None, None
    match = _DATE_RANGE.fullmatch(text)
    if match is None:
        raise _fail(source, line, f"dates {text!r} are not A-B, >A or <B (YYMMDD or YYYYMMDD)")
    if match["op"] == ">":
        return _date(match["c"], source, line), None
    if match["op"] == "<":
        return None, _date(match["c"], source, line)
    return _date(match["a"], source, line), _date(match["b"], source, line)


def _phrase(token: str) -> str:
    words = token.strip().strip("_").split("_")
    return " ".join(w.capitalize() if w.isupper() else w for w in words if w)


@dataclass(frozen=True, slots=True)
class _Code:
    country: str | None
    sector: str | None
    start: dt.date | None
    end: dt.date | None
    igo: bool


def _code(number: int, text: str, source: str) -> _Code:
    match = _CODE_BODY.fullmatch(text.strip())
    if match is None:
        raise _fail(source, number, f"[{text}] is not [CODE] or [CODE DATES]")
    country, sector = _codes(match["code"], source, number)
    start, end = _dates(match["dates"], source, number)
    return _Code(country, sector, start, end, match["code"].startswith("IGO"))


class _ActorsParser:
    """Line by line; every line is checked when read, so an error names its line."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.entries: list[KbEntry] = []
        self.name: str | None = None
        self.aliases: list[str] = []
        self.codes: list[_Code] = []
        self.skipping = False

    def feed(self, number: int, raw: str) -> None:
        body = raw.split("#", 1)[0].rstrip()
        if not body.strip() or (self.skipping and body[0] in " \t+"):
            return
        self.skipping = False
        if body[0] in " \t":
            self._code_line(number, body)
        elif body.startswith("+"):
            if self.name is None:
                raise _fail(self.source, number, "an alias ('+') before any actor name")
            self.aliases.append(_phrase(_CODE.sub("", body[1:])))
            self.codes += [_code(number, c, self.source) for c in _CODE.findall(body)]
        else:
            self.flush()
            name = _CODE.split(body)[0]
            if not re.fullmatch(r"[^\[\]{}<>]+", name.strip()) or not _phrase(name):
                raise _fail(self.source, number, f"{body.strip()!r} is not an actor name line")
            codes = [_code(number, c, self.source) for c in _CODE.findall(body)]
            self.name, self.codes = _phrase(name), codes

    def _code_line(self, number: int, body: str) -> None:
        if self.name is None:
            raise _fail(self.source, number, "a code line before any actor name")
        found = _CODE.findall(body)
        if not found or _CODE.sub("", body).strip():
            raise _fail(self.source, number, f"{body.strip()!r} is not a [CODE DATES] line")
        self.codes += [_code(number, c, self.source) for c in found]

    def flush(self) -> None:
        if self.name is not None:
            aliases = tuple(sorted({a for a in self.aliases if a and a != self.name}))
            self.entries += [
                KbEntry(
                    name=self.name,
                    aliases=aliases,
                    country=code.country,
                    sector=code.sector,
                    start=code.start,
                    end=code.end,
                    status="imported",
                    source=self.source,
                    kind="igo" if code.igo else "person",
                )
                for code in self.codes
            ]
        self.name, self.aliases, self.codes = None, [], []


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """The entries of a file and, when bad lines were skipped, why each was."""

    entries: list[KbEntry]
    skipped: list[str]


def parse_actors(text: str, *, source: str, skip_bad: bool = False) -> ParsedFile:
    """Entries of a PETRARCH/Phoenix ``.actors`` dictionary (one per code).

    A malformed line raises, unless ``skip_bad``: then the actor it belongs to is
    left out and the reason listed in ``skipped``.
    """
    parser = _ActorsParser(source)
    skipped: list[str] = []
    lines = text.splitlines()
    for number, raw in enumerate([*lines, "END_OF_FILE_"], start=1):
        try:
            if number > len(lines):
                parser.flush()
            else:
                parser.feed(number, raw)
        except KnowledgeBaseError as exc:
            if not skip_bad:
                raise
            skipped.append(str(exc).split("; fix", 1)[0])
            parser.name, parser.aliases, parser.codes = None, [], []
            parser.skipping = True
    return ParsedFile(with_surnames(parser.entries), skipped)


_NOT_SURNAMES = frozenset(
    {"Army", "Brigade", "Brigades", "Council", "Force", "Forces", "Front", "Group", "Jr", "Sr"}
    | {"League", "Movement", "Network", "Organization", "Party", "Union", "Ii", "Iii", "Iv"}
)


def _surname(name: str) -> str | None:
    """The last word of a person's name ("Zakir Hasanov" -> "Hasanov"), if it can be one."""
    words = name.split()
    last = words[-1] if 2 <= len(words) <= 4 else ""
    usable = len(last) > 2 and last.isalpha() and last[0].isupper() and last[1:].islower()
    return last if usable and last not in _NOT_SURNAMES else None


def with_surnames(entries: list[KbEntry]) -> list[KbEntry]:
    """Person entries of a dictionary with their surname as an alias, where unambiguous.

    A surname is added only when it belongs to one name in the file (the same person
    under several codes counts once) and no actor is called by it already.
    """
    owners: dict[str, set[str]] = {}
    taken = {n.casefold() for e in entries for n in (e.name, *e.aliases)}
    for entry in entries:
        surname = _surname(entry.name) if entry.kind == "person" else None
        if surname is not None:
            owners.setdefault(surname, set()).add(entry.name.casefold())
    out = []
    for entry in entries:
        surname = _surname(entry.name) if entry.kind == "person" else None
        unique = surname is not None and len(owners[surname]) == 1
        if surname is not None and unique and surname.casefold() not in taken:
            entry = entry.with_changes(aliases=(*entry.aliases, surname))
        out.append(entry)
    return out


def parse_csv(text: str, *, source: str, skip_bad: bool = False) -> ParsedFile:
    """Entries of a CSV file with a header row (see the module docs for the columns)."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        return _read_csv(reader, source=source, skip_bad=skip_bad)
    except csv.Error as exc:
        raise _fail(source, reader.line_num + 1, f"not readable as CSV ({exc})") from exc


def _read_csv(reader: csv.DictReader[str], *, source: str, skip_bad: bool) -> ParsedFile:
    header = reader.fieldnames or []
    unknown = [f for f in header if f not in (*_CSV_FIELDS, *_CSV_EXPORT_ONLY)]
    if "name" not in header or unknown:
        why = f"unknown columns {unknown}" if unknown else "no 'name' column"
        raise _fail(source, 1, f"{why}; the columns are {', '.join(_CSV_FIELDS)}")
    entries: list[KbEntry] = []
    skipped: list[str] = []
    for row in reader:
        try:
            entries.append(_csv_entry(row, source, reader.line_num))
        except KnowledgeBaseError as exc:
            if not skip_bad:
                raise
            skipped.append(str(exc).split("; fix", 1)[0])
    return ParsedFile(entries, skipped)


def _csv_entry(row: dict[str, str | None], source: str, line: int) -> KbEntry:
    if None in row:
        raise _fail(source, line, "more fields than columns")
    value = {k: (v or "").strip() for k, v in row.items() if k not in _CSV_EXPORT_ONLY}
    if not value["name"]:
        raise _fail(source, line, "the name is empty")
    country, sector = value.get("country", "").upper(), value.get("sector", "").upper()
    if not country and not sector:
        raise _fail(source, line, "give a country or a sector")
    if country and not re.fullmatch(r"[A-Z]{2,5}", country):
        raise _fail(source, line, f"country {country!r} is not a code like AZE or NATO")
    if sector and sector not in sectors():
        known = ", ".join(sorted(sectors()))
        raise _fail(source, line, f"sector {sector!r} is unknown; use one of {known}")
    start, end = (_iso(value.get(k, ""), k, source, line) for k in ("start", "end"))
    if start and end and end < start:
        raise _fail(source, line, f"end {end} is before start {start}")
    aliases = tuple(a.strip() for a in value.get("aliases", "").split(";") if a.strip())
    return KbEntry(
        name=" ".join(value["name"].split()),
        aliases=aliases,
        country=country or None,
        sector=sector or None,
        role=value.get("role") or None,
        start=start,
        end=end,
        kind=value.get("kind") or "person",
        status="imported",
        source=source,
    )


def _iso(text: str, field: str, source: str, line: int) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise _fail(source, line, f"{field} {text!r} is not YYYY-MM-DD") from None


def parse_file(
    text: str, *, source: str, fmt: str | None = None, skip_bad: bool = False
) -> ParsedFile:
    """Entries of a ``.actors`` or CSV file; ``fmt`` defaults from the file name."""
    kind = fmt or ("csv" if source.lower().endswith(".csv") else "actors")
    if kind == "csv":
        return parse_csv(text, source=source, skip_bad=skip_bad)
    if kind == "actors":
        return parse_actors(text, source=source, skip_bad=skip_bad)
    raise KnowledgeBaseError(f"format {kind!r} is unknown; use csv or actors")


def to_csv(entries: Iterable[KbEntry]) -> str:
    """Entries as CSV (the columns ``parse_csv`` reads, plus ``status`` and ``id``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*_CSV_FIELDS, "status", "id"])
    for e in entries:
        writer.writerow(
            [
                e.name,
                e.country or "",
                e.sector or "",
                e.role or "",
                ";".join(e.aliases),
                e.start.isoformat() if e.start else "",
                e.end.isoformat() if e.end else "",
                e.kind,
                e.status,
                e.entry_id,
            ]
        )
    return out.getvalue()


def to_actors(entries: Iterable[KbEntry]) -> str:
    """Entries as a PETRARCH ``.actors`` dictionary (one block per entry)."""
    lines = []
    for e in entries:
        lines.append(f"{_token(e.name)}_  # {e.status} {e.entry_id}")
        lines += [f"+{_token(a)}_" for a in e.aliases]
        dates = _actors_dates(e.start, e.end)
        igo = load_gazetteer().igos.get(e.country or "")
        code = f"{(igo.cameo if igo and igo.cameo else e.country) or ''}{e.sector or ''}" or "---"
        lines.append(f"\t[{code}{' ' + dates if dates else ''}]")
    return "\n".join(lines) + ("\n" if lines else "")


def _token(name: str) -> str:
    return "_".join(name.upper().split())


def _actors_dates(start: dt.date | None, end: dt.date | None) -> str:
    def fmt(d: dt.date) -> str:
        return d.strftime("%Y%m%d")

    if start and end:
        return f"{fmt(start)}-{fmt(end)}"
    if start:
        return f">{fmt(start)}"
    return f"<{fmt(end)}" if end else ""
