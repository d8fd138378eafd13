"""The CAMEO table and the trigger lexicon: data files, validation, extension."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import detente.events as events
from detente.errors import CodingError
from detente.events import cameo_table, load_lexicon
from detente.events.lexicon import inflections, parse_entries
from detente.events.sentences import has_keyword, is_headline, split_sentences


def test_public_api_is_sorted_and_complete() -> None:
    assert events.__all__ == sorted(events.__all__)
    assert all(hasattr(events, name) for name in events.__all__)


@pytest.mark.parametrize(
    ("code", "root", "quad", "goldstein", "plover"),
    [
        ("042", "04", 1, 1.9, "CONSULT"),
        ("012", "01", 1, -0.4, ""),
        ("020", "02", 1, 3.0, "REQUEST"),
        ("0254", "02", 1, -0.3, "REQUEST"),
        ("057", "05", 1, 8.0, "SUPPORT"),
        ("062", "06", 2, 7.4, "COOPERATE"),
        ("112", "11", 3, -2.0, "ACCUSE"),
        ("163", "16", 4, -8.0, "SANCTION"),  # the PLOVER manual: sanctions discontinue
        ("173", "17", 4, -5.0, "COERCE"),
        ("180", "18", 4, -9.0, "ASSAULT"),
        ("190", "19", 4, -10.0, "ASSAULT"),
    ],
)
def test_cameo_table_facts(code: str, root: str, quad: int, goldstein: float, plover: str) -> None:
    info = cameo_table()[code]
    assert (info.root, info.quad_class, info.goldstein, info.plover_type) == (
        root,
        quad,
        goldstein,
        plover,
    )


def test_every_root_has_its_quad_class() -> None:
    quads = {info.root: info.quad_class for info in cameo_table().values()}
    assert [quads[f"{n:02d}"] for n in range(1, 21)] == [1] * 5 + [2] * 3 + [3] * 6 + [4] * 6


def test_packaged_lexicon_is_valid_and_versioned() -> None:
    lexicon = load_lexicon()
    assert lexicon.version
    assert all(entry.cameo in cameo_table() for entry in lexicon.entries)
    assert {"visit", "visited", "flew", "arrest", "sanctions"} <= lexicon.keywords


def test_bad_code_names_the_entry() -> None:
    raw = [{"id": "parley.v", "lemma": "parley", "pos": "VERB", "cameo": "999"}]
    with pytest.raises(CodingError, match=r"parley\.v.*'999' does not exist"):
        parse_entries(raw, source="mine.json")


def test_unknown_key_is_rejected() -> None:
    raw = [{"id": "x.v", "lemma": "x", "pos": "VERB", "cameo": "042", "objet": ["a"]}]
    with pytest.raises(CodingError, match="unknown key"):
        parse_entries(raw, source="mine.json")


def test_extra_lexicon_file_adds_entries(tmp_path: Path) -> None:
    extra = tmp_path / "extra.json"
    entry = {"id": "parley.v", "lemma": "parley", "pos": "VERB", "cameo": "040"}
    extra.write_text(json.dumps({"version": "local-1", "entries": [entry]}), encoding="utf-8")
    lexicon = load_lexicon(extra)
    assert lexicon.version.endswith("+local-1")
    assert lexicon.candidates("parley", "VERB")[0].cameo == "040"
    assert "parleyed" in lexicon.keywords


def test_entry_keys_for_sellers_actor_objects_and_strictness(tmp_path: Path) -> None:
    extra = tmp_path / "mine.json"
    extra.write_text(
        json.dumps(
            {
                "version": "t1",
                "entries": [
                    {"id": "lease.v", "lemma": "lease", "pos": "VERB", "cameo": "061",
                     "from": "recipient", "strict": True},
                    {"id": "ring.v", "lemma": "ring", "pos": "VERB", "cameo": "041",
                     "object_actor": True},
                ],
            }
        ),
        encoding="utf-8",
    )  # fmt: skip
    entries = {e.id: e for e in load_lexicon(extra).entries}
    lease, ring = entries["lease.v"], entries["ring.v"]
    assert (lease.from_is_recipient, lease.strict, lease.object_actor) == (True, True, False)
    assert (ring.from_is_recipient, ring.strict, ring.object_actor) == (False, False, True)
    assert ring.specificity == 1 and not entries["order.v"].from_is_recipient
    assert entries["order.v"].strict and entries["order-from.v"].from_is_recipient


def test_a_from_phrase_names_the_agent_or_the_seller(tmp_path: Path) -> None:
    extra = tmp_path / "mine.json"
    entry = {"id": "rebuke-x.n", "lemma": "rebuke", "pos": "NOUN", "cameo": "111"}
    extra.write_text(json.dumps({"version": "t1", "entries": [{**entry, "from": "who"}]}))
    with pytest.raises(CodingError, match='"from" must be one of'):
        load_lexicon(extra)
    entries = {e.id: e for e in load_lexicon().entries}
    assert entries["criticism.n"].from_is_agent and not entries["criticism.n"].from_is_recipient
    assert entries["buy.v"].from_is_recipient and not entries["buy.v"].from_is_agent


def test_missing_extra_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CodingError, match="cannot read lexicon file"):
        load_lexicon(tmp_path / "nope.json")


def test_inflections() -> None:
    assert {"visits", "visited", "visiting"} <= inflections("visit")
    assert {"denied", "denies"} <= inflections("deny")
    # irregular forms come from the packaged table, so "held talks" is a candidate
    assert {"held", "holding"} <= inflections("hold")
    assert {"withdrew", "withdrawn"} <= inflections("withdraw")
    assert "held" in load_lexicon().core_keywords


def test_sentence_split_keeps_offsets() -> None:
    text = "Mr. Smith met Gen. Lee in Kyiv. Then R. M. Jones left.\nNew line here"
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Mr. Smith met Gen. Lee in Kyiv.",
        "Then R. M. Jones left.",
        "New line here",
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)
    assert has_keyword(sentences[0].text, load_lexicon().keywords)


def test_headlines_are_not_sentences_to_code() -> None:
    assert is_headline("Russia's Southern Neighbors Take a Stand")
    assert not is_headline("Russia's southern neighbours took a stand on Monday.")
    assert not is_headline("Turkey and Israel Agree.")
    assert is_headline("Kazakh President pushes for reforms")


def test_fallback_verbs_are_strict_and_never_override_hand_entries() -> None:
    lexicon = load_lexicon()
    fallback = [e for e in lexicon.entries if e.id.startswith("p:")]
    assert len(fallback) > 1000 and all(e.strict for e in fallback)
    hand = {(e.lemma, e.pos) for e in lexicon.entries if not e.id.startswith("p:")}
    assert not any((e.lemma, e.pos) in hand for e in fallback)
    assert len({e.cameo for e in lexicon.entries}) >= 150
