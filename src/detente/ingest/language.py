"""A small, dependency-free language guess: the writing system first, then stopwords.

Good enough to route documents (the coder reads English), not a language identifier
for linguistics: short or mixed texts may come back as None.
"""

from __future__ import annotations

import re
from collections import Counter

_SAMPLE_CHARS = 20_000
_MIN_LETTERS = 20
_MIN_SCRIPT_SHARE = 0.3
_MIN_HITS = 3
_MIN_HIT_SHARE = 0.08
_MARKER_SHARE = 0.005

# Writing systems that (nearly) name one language, as (first, last) code points.
_SCRIPTS: tuple[tuple[str, int, int], ...] = (
    ("el", 0x0370, 0x03FF),
    ("cyrillic", 0x0400, 0x04FF),
    ("hy", 0x0530, 0x058F),
    ("he", 0x0590, 0x05FF),
    ("arabic", 0x0600, 0x06FF),
    ("hi", 0x0900, 0x097F),
    ("th", 0x0E00, 0x0E7F),
    ("ka", 0x10A0, 0x10FF),
    ("ko", 0xAC00, 0xD7AF),
    ("ja", 0x3040, 0x30FF),
    ("zh", 0x4E00, 0x9FFF),
)
_UKRAINIAN = frozenset("іїєґ")
_PERSIAN = frozenset("پچژگ")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STOPWORDS: dict[str, frozenset[str]] = {
    "en": _words(
        "the of and to in is that for it was on with as by at from this are be have has "
        "not but which were been their its they will would an or"
    ),
    "de": _words(
        "der die das und ist nicht sich mit auf für den dem des ein eine einer auch "
        "von zu im wird wurde sind bei aus nach oder wie über noch"
    ),
    "fr": _words(
        "le la les et des est une dans pour qui que pas sur par au aux du ce cette "
        "sont avec il elle ont été plus leur ses nous vous"
    ),
    "es": _words(
        "el la los las y que del en es por con para una un se su al lo como más "
        "pero sus fue ha son este esta entre"
    ),
    "it": _words(
        "il lo la gli le di che e è per una un del della dei non con sono nel nella "
        "alla anche come più ha questo questa"
    ),
    "pt": _words(
        "o a os as e de do da dos das que em um uma para com não por se mais foi "
        "são ao na no como seu sua pelo pela"
    ),
    "nl": _words(
        "de het een en van is dat op te in voor niet met zijn er aan ook als bij "
        "door maar om nog wordt werd naar heeft"
    ),
    "tr": _words(
        "ve bir bu da de için ile olarak olan gibi daha çok ama değil kadar sonra "
        "her ise en göre taraf\u0131ndan"
    ),
    "pl": _words(
        "i w z na się nie to że do jest jak o od po za przez dla oraz jego jej "
        "są był była tym które"
    ),
    "sv": _words(
        "och att det som en på är av för med till den har inte om ett var de "
        "vid men från kan också sina"
    ),
}
_WORD = re.compile(r"[^\W\d_]+")


def guess_language(text: str) -> str | None:
    """ISO 639-1 code of the language ``text`` is most likely in, or None if unsure."""
    sample = text[:_SAMPLE_CHARS]
    letters = [char for char in sample if char.isalpha()]
    if len(letters) < _MIN_LETTERS:
        return None
    script = _dominant_script(letters)
    if script is not None:
        return _refine_script(script, letters)
    return _by_stopwords(sample)


def _dominant_script(letters: list[str]) -> str | None:
    counts: Counter[str] = Counter()
    for char in letters:
        code = ord(char)
        for name, first, last in _SCRIPTS:
            if first <= code <= last:
                counts[name] += 1
                break
    if not counts:
        return None
    name, count = counts.most_common(1)[0]
    if count / len(letters) < _MIN_SCRIPT_SHARE:
        return None
    if name == "zh" and counts["ja"]:
        return "ja"
    return name


def _refine_script(script: str, letters: list[str]) -> str:
    if script == "cyrillic":
        return "uk" if _share(letters, _UKRAINIAN) > _MARKER_SHARE else "ru"
    if script == "arabic":
        return "fa" if _share(letters, _PERSIAN) > _MARKER_SHARE else "ar"
    return script


def _share(letters: list[str], markers: frozenset[str]) -> float:
    return sum(1 for char in letters if char in markers) / len(letters)


def _by_stopwords(sample: str) -> str | None:
    words = [word.casefold() for word in _WORD.findall(sample)]
    if not words:
        return None
    counts = Counter(words)
    scores = {
        lang: sum(counts[word] for word in stopwords) for lang, stopwords in _STOPWORDS.items()
    }
    lang, hits = max(scores.items(), key=lambda item: item[1])
    if hits < _MIN_HITS or hits / len(words) < _MIN_HIT_SHARE:
        return None
    return lang
