"""Restore a plausible casing to text written in one case.

Some archives and feeds are all lower case; headlines and wire copy often all capitals.
The stages read case: the actor scanner looks for capitalised names, the sentence
splitter for a capital after a full stop, the time recogniser for month names.
:func:`restore_case` finds the single-case runs of a text (the whole document when it
is written in one case, else each line of at least six words that is, or every such
line, lower-case lines that keep their acronyms included, when they make up most of the
text) and recases them from detente's own data:

* sentence starts (after a full stop that ends no abbreviation, and at a line start)
  and the pronoun "I";
* the gazetteer's countries, demonyms, capitals, cities and international bodies, with
  acronyms in capitals (NATO, UN, EU, U.S.), and the named groups (Taliban, IDF);
* the full names of the persons knowledge base and its one-word names that are no
  English words ("Putin"), and, later in the same document, every word of a person so
  named ("Xi");
* two or three unknown words after a title ("president william ruto"), unless they are
  function, time or trigger words ("the minister said"); a title before a name is
  capitalised ("Defence Minister Suren Papikyan");
* the products of ``products.json`` ("Iron Dome", "S-400");
* a wire's dateline, in capitals ("BRUSSELS (AP) —", "YEREVAN, April 12 —");
* a headline (a line of a few words without final punctuation), in title case;
* months and weekdays ("may" and "march" only beside a number or a date word);
* "us" as the United States after "the", before a hyphen, a role ("us officials") or
  "and" and a name ("us and uk"), or opening a sentence.

An all-capitals run is first lower-cased, then recased the same way. Words the data
does not know stay as the run left them: an unknown name in lower case is not found,
as a capitalised one would be.

Every change swaps a letter for its other case, and only where both have the same
length, so the restored text is as long as the original and every offset computed on
it points at the same characters of the original. :func:`original_events` and
:func:`original_mentions` put the original text back into what was found in a restored
one. Mixed-case text is
returned unchanged (the same object) after one pass over its lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from typing import Literal

from detente.models import Event, Mention
from detente.nlp.abbreviations import abbreviation_before
from detente.nlp.case_names import TOKEN, NameIndex, longest_name, name_index

Case = Literal["lower", "upper"]

_LINE = re.compile(r"[^\n]+")
# A capitalised word ("Israel", "McDonald"), a quick test before ``_capitalised``.
_CAPITALISED = re.compile(r"\b[A-Z\u00c0-\u00de][\w'\u2019-]*?[a-z\u00df-\u00ff]")
_ACRONYM_BEFORE = re.compile(r"\b[a-z](?:\.[a-z])+\.$", re.IGNORECASE)  # "e.e.z." ends no sentence
# A wire dateline: "brussels (ap) —", "yerevan, april 12, 2023 —", "gaza city, gaza strip
# —", "bandar seri begawan —" (a city alone), written in capitals as wires print it.
_DATELINE = re.compile(
    "^[ \t]*(?P<place>[^\\W\\d][\\w .'-]{0,30}?)"
    "(?:\\s*\\((?P<agency>[\\w .]{1,20})\\)\\s*"
    "|,(?P<rest>[^\\n\u2013\u2014]{2,40}?)\\s|(?P<bare>\\s))"
    "[-\u2013\u2014]\\s",
    re.MULTILINE,
)
# A headline or sidebar line: no final punctuation, a few words.
_HEADLINE_WORDS = (3, 15)
_REGION_WORDS = frozenset(
    {"strip", "city", "region", "province", "state", "district", "county", "oblast", "island"}
)
_FINAL = frozenset(".!?:;,\u2026\"'\u201d\u2019)]")
_HEADLINE_WORD = re.compile(r"[^\W\d_][\w'\u2019]*")
_SENTENCE_END = re.compile("[.!?][\"'\u201d\u2019)\\]]*\\s+[\"'\u201c\u2018(\\[]*(?=\\w)")
_MIN_WORDS = 6  # a single-case line in mixed text: a heading or a feed's line, not "read more"
_DOMINANT = 0.5  # share of the text in single-case lines above which every such line is recased
_WORD_SPAN = 24  # how far back from a full stop a dotted acronym is looked for
_MIN_NAME_WORD = 2  # "Xi"
_MIN_NAME_WORDS, _MAX_NAME_WORDS = 2, 3  # an unknown name after a title: first and last name
_US = ("us", "US")  # the pronoun, or the United States in context
_PAIRING = frozenset({"and", "or", ","})
_SENTENCE_STOPS = frozenset({".", "!", "?", ":", "\u2014", "\u2013"})
_OPENERS = frozenset("\"'\u201c\u2018([")


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text written in one case."""

    start: int
    end: int
    case: Case


def single_case_runs(text: str) -> list[Run]:
    """The runs of ``text`` to recase: all of it, or its single-case lines.

    A line is in one case when it is all lower or all upper case, or when it holds no
    capitalised word (lower case with acronyms: "nato and the EU said"); the latter count
    only in a text written mostly in one case, where every such line is recased. In a
    mixed text only all-lower or all-upper lines of six words or more are.
    """
    if text.islower():
        return [Run(0, len(text), "lower")]
    if text.isupper():
        return [Run(0, len(text), "upper")]
    strict: list[Run] = []
    loose: list[Run] = []
    for match in _LINE.finditer(text):
        line = match.group()
        if line.islower():
            strict.append(Run(match.start(), match.end(), "lower"))
        elif line.isupper():
            strict.append(Run(match.start(), match.end(), "upper"))
        elif (
            line != line.upper()  # a lower-case letter
            and not _CAPITALISED.search(line)
            and not any(map(_capitalised, line.split()))
        ):
            loose.append(Run(match.start(), match.end(), "lower"))
    if sum(run.end - run.start for run in (*strict, *loose)) >= _DOMINANT * len(text):
        return sorted((*strict, *loose), key=lambda run: run.start)
    return [run for run in strict if len(text[run.start : run.end].split()) >= _MIN_WORDS]


def _capitalised(word: str) -> bool:
    """Whether ``word`` is capitalised: "A", "Israel", "İmamoğlu"; not "NATO", "e.g."."""
    letters = [ch for ch in word if ch.isalpha()]
    return bool(letters) and letters[0].isupper() and (len(letters) == 1 or not word.isupper())


def restore_case(text: str, *, not_names: Sequence[AbstractSet[str]] = ()) -> str:
    """``text`` with its single-case runs recased; the same length, letter for letter.

    ``not_names`` are sets of lower-case words that never start or continue a name
    after a title (the coder passes its trigger keywords: "minister said", "president
    visited")."""
    runs = single_case_runs(text)
    if not runs:
        return text
    chars = list(text)
    for run in runs:
        if run.case == "upper":
            for at in range(run.start, run.end):
                _set(chars, at, chars[at].lower())
    restored = "".join(chars)
    recaser = _Recaser(chars, name_index(), not_names)
    tokens = [list(_tokens(restored, run)) for run in runs]
    for run, run_tokens in zip(runs, tokens, strict=True):
        _sentence_starts(chars, restored, run)
        recaser.names(run_tokens)
        _datelines(chars, restored, run, recaser.index)
        _headlines(chars, restored, run, recaser.index)
    for run_tokens in tokens:
        for word, start, _ in run_tokens:
            form = recaser.learned.get(word)
            if form is not None:
                _set(chars, start, form)
    return "".join(chars)


def original_events(events: Iterable[Event], *, original: str, restored: str) -> list[Event]:
    """``events`` coded from ``restored`` with their text fields taken from ``original``
    (the same offsets: the sentence, trigger, source, target and location as written)."""
    return [_original_event(event, original, restored) for event in events]


def original_mentions(mentions: Iterable[Mention], *, original: str) -> list[Mention]:
    """``mentions`` found in a restored text, with their text as ``original`` writes it."""
    return [replace(m, text=original[m.start : m.end]) for m in mentions]


def _original_event(event: Event, original: str, restored: str) -> Event:
    start, end = event.sentence_start, event.sentence_end

    def written(value: str | None) -> str | None:
        if not value:
            return value
        at = restored.find(value, start, end)
        if at < 0:
            at = restored.rfind(value, 0, end)  # a mention before the sentence (anaphora)
        return original[at : at + len(value)] if at >= 0 else value

    return replace(
        event,
        sentence=original[start:end],
        trigger_text=written(event.trigger_text) or event.trigger_text,
        source_text=written(event.source_text),
        target_text=written(event.target_text),
        location_name=written(event.location_name),
    )


def _set(chars: list[str], start: int, form: str) -> None:
    """Give ``chars`` from ``start`` the case of ``form``, letter by letter, where the
    letters agree and the case change keeps the length."""
    for offset, want in enumerate(form[: len(chars) - start]):
        have = chars[start + offset]
        if have != want and have.lower() == want.lower() and len(want) == 1:
            chars[start + offset] = want


def _tokens(text: str, run: Run) -> Iterator[tuple[str, int, int]]:
    for match in TOKEN.finditer(text, run.start, run.end):
        yield match.group().lower(), match.start(), match.end()


def _sentence_starts(chars: list[str], text: str, run: Run) -> None:
    starts = [m.start() for m in _LINE.finditer(text, run.start, run.end)]
    for match in _SENTENCE_END.finditer(text, run.start, run.end):
        stop = match.start() + 1
        acronym = _ACRONYM_BEFORE.search(text, max(run.start, stop - _WORD_SPAN), stop)
        if acronym is None and not abbreviation_before(text, stop):
            starts.append(match.end())
    for at in starts:
        while at < run.end and (text[at].isspace() or text[at] in _OPENERS):
            at += 1
        if at < run.end and text[at].isalpha():
            _set(chars, at, text[at].upper())


@dataclass(slots=True)
class _Recaser:
    """Recases names in the tokens of a run; learns the words of the persons named."""

    chars: list[str]
    index: NameIndex
    not_names: Sequence[AbstractSet[str]]
    learned: dict[str, str] = field(default_factory=dict)

    def names(self, tokens: Sequence[tuple[str, int, int]]) -> None:
        words = [word for word, _, _ in tokens]
        i = 0
        while i < len(words):
            size, form = longest_name(words, i, self.index)
            if form is not None:
                self._write(tokens[i : i + size], form)
                if tuple(words[i : i + size]) in self.index.persons:
                    self._learn(form)
                i += size
                continue
            title = self._title_end(words, i)
            if title:
                named = self._unknown_name(words, title)
                if named > title:
                    form = tuple(w[:1].upper() + w[1:] for w in words[title:named])
                    self._write(tokens[title:named], form)
                    self._learn(form)
                if named > title or self._person_at(words, title):  # "Defence Minister X"
                    self._capitalise(tokens[i:title])
                i = named or i + 1
                continue
            opens = i == 0 or "\n" in "".join(self.chars[tokens[i - 1][2] : tokens[i][1]])
            word = _context_word(words, i, self.index, opens=opens)
            if word is not None:
                _set(self.chars, tokens[i][1], word)
            i += 1

    def _person_at(self, words: list[str], k: int) -> bool:
        size, form = longest_name(words, k, self.index) if k < len(words) else (0, None)
        return form is not None and tuple(words[k : k + size]) in self.index.persons

    def _capitalise(self, tokens: Sequence[tuple[str, int, int]]) -> None:
        """A title before a name, as news prints it ("Foreign Minister", "President")."""
        for word, start, _ in tokens:
            if word.isalpha() and word not in self.index.common:
                _set(self.chars, start, word[0].upper())

    def _write(self, tokens: Sequence[tuple[str, int, int]], form: tuple[str, ...]) -> None:
        for (_, start, end), token in zip(tokens, form, strict=True):
            if len(token) == end - start and not any(ch.isdigit() for ch in token):
                _set(self.chars, start, token)

    def _learn(self, form: tuple[str, ...]) -> None:
        """A person's words name them later in the document ("Xi", "Aliyev")."""
        for token in form:
            key = token.lower()
            if token[:1].isupper() and len(key) >= _MIN_NAME_WORD and key not in self.index.common:
                self.learned[key] = token

    def _title_end(self, words: list[str], i: int) -> int:
        """The end of a title ("foreign minister", "president") starting at ``i``, or 0."""
        for size in self.index.title_lengths.get(words[i], ()):
            if tuple(words[i : i + size]) in self.index.titles:
                return i + size
        return 0

    def _unknown_name(self, words: list[str], k: int) -> int:
        """The end of two or three name-like words at ``k`` after a title ("president
        donald trump said": "donald trump"); ``k`` when there are fewer."""
        end = k
        while end < min(len(words), k + _MAX_NAME_WORDS) and self._name_like(words, end):
            end += 1
        return end if end - k >= _MIN_NAME_WORDS else k

    def _name_like(self, words: list[str], k: int) -> bool:
        word = words[k]
        if not word.isalpha() or len(word) < _MIN_NAME_WORD or word in self.index.common:
            return False
        if word in self.index.role_heads or longest_name(words, k, self.index)[1] is not None:
            return False
        return not any(word in words_ for words_ in self.not_names)


def _headlines(chars: list[str], text: str, run: Run, index: NameIndex) -> None:
    """A line of a few words without final punctuation is a headline, a sidebar title or
    a caption: title case, as pages print them ("Kazakhstan Steps In as Host of Peace
    Talks"), so that the coder's headline test sees it. The text's last line is not one
    (an excerpt cut short)."""
    last = len(text.rstrip())
    for match in _LINE.finditer(text, run.start, run.end):
        line = match.group().rstrip()
        words = _HEADLINE_WORD.findall(line)
        if match.start() + len(line) >= last or not line or line[-1] in _FINAL:
            continue
        if not _HEADLINE_WORDS[0] <= len(words) <= _HEADLINE_WORDS[1]:
            continue
        for word in _HEADLINE_WORD.finditer(text, match.start(), match.start() + len(line)):
            if word.group().lower() not in index.common:
                _set(chars, word.start(), word.group()[0].upper())


def _datelines(chars: list[str], text: str, run: Run, index: NameIndex) -> None:
    """A known place opening a line, then an agency in brackets, or a comma and a date or
    a region, or nothing when it is a city, then a dash, is a wire's dateline: the place
    in capitals as wires print it, the region capitalised, and a sentence after it
    ("GAZA CITY, Gaza Strip — The")."""
    for match in _DATELINE.finditer(text, run.start, run.end):
        rest = match.group("rest")
        region = rest is not None and not any(ch.isdigit() for ch in rest)
        place = _words(match.group("place"))
        if not _is_name(place, 0, index) or (region and not _is_region(rest, index)):
            continue
        if match.group("bare") and tuple(place) not in index.cities:
            continue  # "iran — the new axis" is a headline; "kabul — ..." a dateline
        for group in ("place", "agency"):
            if match.group(group):
                _set(chars, match.start(group), match.group(group).upper())
        if region:
            for word in _HEADLINE_WORD.finditer(text, match.start("rest"), match.end("rest")):
                _set(chars, word.start(), word.group()[0].upper())
        after = (
            match.end()
            + len(text[match.end() : run.end])
            - len(text[match.end() : run.end].lstrip())
        )
        if after < run.end:
            _set(chars, after, text[after].upper())


def _words(phrase: str) -> list[str]:
    return [m.group().lower() for m in TOKEN.finditer(phrase)]


def _is_region(phrase: str, index: NameIndex) -> bool:
    """A place after a dateline's comma: a known name, then perhaps a word such as
    "strip" or "province" ("Gaza Strip", "Ukraine")."""
    words = _words(phrase)
    size, form = longest_name(words, 0, index) if words else (0, None)
    return form is not None and (
        size == len(words) or (size + 1 == len(words) and words[-1] in _REGION_WORDS)
    )


def _context_word(words: list[str], i: int, index: NameIndex, *, opens: bool) -> str | None:
    """A word that is a name only in context: "I", "May 5", "the us", "us troops", "us
    and uk", "us" opening a line or sentence (``opens``: first of its run or line)."""
    word = words[i]
    before = words[i - 1] if i > 0 else ""
    after = words[i + 1] if i + 1 < len(words) else ""
    if word == _US[0]:
        paired = after in _PAIRING and i + 2 < len(words) and _is_name(words, i + 2, index)
        opens = opens or before in _SENTENCE_STOPS
        if opens or paired or before == "the" or after == "-" or after in index.role_heads:
            return _US[1]
        return None
    if word == "i" or word.startswith(("i'", "i\u2019")):
        return "I" + word[1:]
    if word in index.dated:
        dated = before in index.date_cues or before.isdigit() or after.isdigit()
        return index.dated[word] if dated else None
    return None


def _is_name(words: list[str], i: int, index: NameIndex) -> bool:
    return longest_name(words, i, index)[1] is not None
