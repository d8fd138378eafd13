"""Build detente's casing data, ``src/detente/nlp/data/casing.json``.

The truecaser (``detente.nlp.casing``) restores names from the actor data; this file
holds what it needs besides: the English function words that must never be taken for
a name ("us" is not the United States, "let" not Lashkar-e-Taiba), the common words
that also spell a name in the actor data (a place, a body, a person's one-word alias, a weapon)
or follow a title ("the minister yesterday"),
and the month and weekday names. Sources:
spaCy's English stop-word list (MIT; a build-time tool) and the hand-kept lists below.

Run it again when the lists change::

    python scripts/build_casing_data.py
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "detente" / "nlp" / "data" / "casing.json"
VERSION = "1"
# Common words that are also a place, a body or an acronym in the actor data.
COLLISIONS = (
    *("ana", "arb", "camo", "car", "cornerstone", "douglas", "ela", "elf", "emetic", "erg"),
    *("foundation", "gam", "hamilton", "hum", "ice", "island", "jersey", "let", "lightning"),
    *("machete", "mann", "pace", "paradise", "reunion", "stanley", "victoria", "zero"),
    *("valley", "bottom", "plymouth", "nice", "mobile", "reading", "split", "bath"),
)
# One-word aliases of the persons knowledge base that are English words ("Said", "Major").
PERSON_WORDS = (
    *("alley", "begin", "bird", "bishop", "blah", "bourgeois", "brand", "brown", "buffet"),
    *("burger", "canal", "chambers", "christian", "cook", "council", "don", "english"),
    *("ferry", "gill", "goblet", "government", "grant", "gross", "hammer", "hay", "heath"),
    *("hilly", "horn", "islam", "junta", "key", "king", "lama", "long", "luna", "major"),
    *("mane", "manning", "mara", "may", "mesa", "mills", "min", "noon", "note", "otter"),
    *("park", "parts", "pilgrim", "plaza", "posse", "pot", "price", "quay", "regency"),
    *("roman", "rumor", "said", "sen", "shah", "sierra", "skate", "sol", "talon"),
    *("thorn", "triumvirate", "usher", "villa", "viola", "ward", "win", "woo", "ford"),
)
# One-word product names that are English words ("spike in prices", "a patriot").
PRODUCT_WORDS = (
    *("apache", "blackhawk", "brimstone", "chinook", "harpoon", "harpy", "heron", "javelin"),
    *("mistral", "orbiter", "patriot", "pegasus", "spike", "stinger", "switchblade"),
    *("taurus", "tomahawk"),
)
# Words that follow a title without being a name ("arrested by the minister yesterday").
NOT_NAMES = (
    *("yesterday", "today", "tonight", "tomorrow", "morning", "afternoon", "evening"),
    *("night", "week", "weekend", "month", "year", "elect", "designate", "emeritus"),
    *("earlier", "later", "recently", "previously", "reportedly", "personally", "publicly"),
    *("separately", "jointly", "directly", "immediately", "himself", "herself", "themselves"),
)
MONTHS = (
    *("January", "February", "April", "June", "July", "August", "September", "October"),
    *("November", "December"),
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Months that are also common words: a name only next to a date word or a number.
DATED = ("March", "May")
DATE_CUES = ("in", "mid", "early", "late", "last", "next", "since", "until", "of", "from")


def main() -> None:
    from spacy.lang.en.stop_words import STOP_WORDS

    data = {
        "version": VERSION,
        "common_words": sorted(
            {*STOP_WORDS, *COLLISIONS, *PERSON_WORDS, *PRODUCT_WORDS, *NOT_NAMES}
        ),
        "names": [*MONTHS, *WEEKDAYS],
        "dated_names": list(DATED),
        "date_cues": list(DATE_CUES),
    }
    OUT.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(data['common_words'])} common words")


if __name__ == "__main__":
    main()
