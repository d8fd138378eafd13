"""Frames, arguments and factuality on parses built by hand: no model is loaded.

Each sentence is a spaCy ``Doc`` made from words, heads, dependency labels, parts of
speech and lemmas written out here, the way spaCy's own unit tests build them, so these
tests pin what the frame stage does with a given parse, whatever a model would parse.
"""

from __future__ import annotations

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from detente.events.args import SentenceActors
from detente.events.factuality import cameo_as_stated, factuality, factuality_cue
from detente.events.frames import Frame, find_frames
from detente.events.lexicon import Lexicon, load_lexicon
from detente.models import Mention

# name -> (actor, country, sector, kind)
ACTORS: dict[str, tuple[str, str, str | None, str]] = {
    "Baku": ("AZEGOV", "AZE", "GOV", "capital"),
    "Azerbaijan": ("AZE", "AZE", None, "country"),
    "Gantz": ("ISRGOV", "ISR", "GOV", "person"),
    "Israel": ("ISR", "ISR", None, "country"),
    "Iran": ("IRN", "IRN", None, "country"),
    "Iranian": ("IRN", "IRN", None, "country"),
    "Turkey": ("TUR", "TUR", None, "country"),
    "Pakistan": ("PAK", "PAK", None, "country"),
}

# word, lemma, POS, dependency label, head (absolute index)
Token = tuple[str, str, str, str, int]


def parse(tokens: list[Token], *, ents: list[str] | None = None) -> Doc:
    """A parsed ``Doc`` from hand-written tokens, on a blank vocabulary."""
    words = [t[0] for t in tokens]
    spaces = [i + 1 < len(tokens) and tokens[i + 1][2] != "PUNCT" for i in range(len(tokens))]
    return Doc(
        Vocab(),
        words=words,
        spaces=spaces,
        lemmas=[t[1] for t in tokens],
        pos=[t[2] for t in tokens],
        tags=[_TAGS.get(t[2], "XX") for t in tokens],
        deps=[t[3] for t in tokens],
        heads=[t[4] for t in tokens],
        ents=ents,
    )


_TAGS = {"PROPN": "NNP", "NOUN": "NN", "VERB": "VBD", "AUX": "VBD", "ADJ": "JJ", "ADP": "IN"}


def mentions_of(doc: Doc) -> list[Mention]:
    """One mention per token that names a known actor (character offsets)."""
    found = []
    for token in doc:
        if token.text in ACTORS:
            actor, country, sector, kind = ACTORS[token.text]
            found.append(
                Mention(
                    text=token.text,
                    start=token.idx,
                    end=token.idx + len(token.text),
                    actor=actor,
                    country=country,
                    sector=sector,
                    name=token.text,
                    kind=kind,
                    rule=f"test:{kind}",
                )
            )
    return found


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


def frames_of(tokens: list[Token], lexicon: Lexicon) -> list[Frame]:
    doc = parse(tokens)
    actors = SentenceActors(
        doc, offset=0, mentions=mentions_of(doc), agent_nouns=lexicon.agent_nouns
    )
    return find_frames(actors, lexicon)


def summary(frame: Frame) -> tuple[str, str, tuple[str | None, ...], tuple[str | None, ...]]:
    """(trigger, CAMEO, agent countries, recipient countries) of a frame."""
    return (
        frame.trigger.text,
        frame.cameo,
        tuple(a.mention.country for a in frame.agents),
        tuple(r.mention.country for r in frame.recipients),
    )


PASSIVE: list[Token] = [
    ("Baku", "Baku", "PROPN", "nsubjpass", 2),
    ("was", "be", "AUX", "auxpass", 2),
    ("visited", "visit", "VERB", "ROOT", 2),
    ("by", "by", "ADP", "agent", 2),
    ("Gantz", "Gantz", "PROPN", "pobj", 3),
    (".", ".", "PUNCT", "punct", 2),
]


def test_the_model_is_not_needed() -> None:
    doc = parse(PASSIVE, ents=["B-GPE", "O", "O", "O", "B-PERSON", "O"])
    assert doc.vocab.strings["visit"] and [t.dep_ for t in doc][:3] == [
        "nsubjpass",
        "auxpass",
        "ROOT",
    ]
    assert [e.label_ for e in doc.ents] == ["GPE", "PERSON"]


def test_passive_agent_is_the_by_phrase_and_the_subject_is_visited(lexicon: Lexicon) -> None:
    [frame] = frames_of(PASSIVE, lexicon)
    assert summary(frame) == ("visited", "042", ("ISR",), ("AZE",))
    assert frame.rule == "visit.v/by-nsubjpass"
    assert factuality(frame.trigger) == "asserted"


def test_nominal_event_with_a_possessive_agent(lexicon: Lexicon) -> None:
    tokens: list[Token] = [
        ("Gantz", "Gantz", "PROPN", "poss", 2),
        ("'s", "'s", "PART", "case", 0),
        ("visit", "visit", "NOUN", "nsubj", 5),
        ("to", "to", "ADP", "prep", 2),
        ("Baku", "Baku", "PROPN", "pobj", 3),
        ("ended", "end", "VERB", "ROOT", 5),
        (".", ".", "PUNCT", "punct", 5),
    ]
    [frame] = frames_of(tokens, lexicon)
    assert summary(frame) == ("visit", "042", ("ISR",), ("AZE",))
    assert frame.rule == "visit.n/poss-to"


def test_nominal_event_with_a_by_phrase_agent_below_its_head(lexicon: Lexicon) -> None:
    tokens: list[Token] = [
        ("The", "the", "DET", "det", 1),
        ("visit", "visit", "NOUN", "nsubj", 9),
        ("by", "by", "ADP", "prep", 1),
        ("Israel", "Israel", "PROPN", "poss", 6),
        ("'s", "'s", "PART", "case", 3),
        ("finance", "finance", "NOUN", "compound", 6),
        ("minister", "minister", "NOUN", "pobj", 2),
        ("to", "to", "ADP", "prep", 1),
        ("Baku", "Baku", "PROPN", "pobj", 7),
        ("was", "be", "AUX", "ROOT", 9),
        ("short", "short", "ADJ", "acomp", 9),
        (".", ".", "PUNCT", "punct", 9),
    ]
    [frame] = frames_of(tokens, lexicon)
    assert summary(frame) == ("visit", "042", ("ISR",), ("AZE",))
    assert frame.agents[0].how == "by"


def test_coordinated_agents_of_a_reciprocal_trigger(lexicon: Lexicon) -> None:
    tokens: list[Token] = [
        ("Turkey", "Turkey", "PROPN", "nsubj", 3),
        ("and", "and", "CCONJ", "cc", 0),
        ("Azerbaijan", "Azerbaijan", "PROPN", "conj", 0),
        ("signed", "sign", "VERB", "ROOT", 3),
        ("an", "an", "DET", "det", 5),
        ("agreement", "agreement", "NOUN", "dobj", 3),
        (".", ".", "PUNCT", "punct", 3),
    ]
    [frame] = frames_of(tokens, lexicon)  # "agreement" is the sign frame's object, not an event
    assert summary(frame) == ("signed", "057", ("TUR", "AZE"), ())
    assert frame.reciprocal and frame.rule == "sign-agreement.v/nsubj-reciprocal"


def test_relative_clause_takes_the_noun_it_modifies_as_agent(lexicon: Lexicon) -> None:
    tokens: list[Token] = [
        ("Azerbaijan", "Azerbaijan", "PROPN", "nsubj", 1),
        ("bought", "buy", "VERB", "ROOT", 1),
        ("drones", "drone", "NOUN", "dobj", 1),
        ("from", "from", "ADP", "prep", 1),
        ("Israel", "Israel", "PROPN", "pobj", 3),
        (",", ",", "PUNCT", "punct", 4),
        ("which", "which", "PRON", "nsubj", 7),
        ("condemned", "condemn", "VERB", "relcl", 4),
        ("Iran", "Iran", "PROPN", "dobj", 7),
        (".", ".", "PUNCT", "punct", 1),
    ]
    frames = frames_of(tokens, lexicon)
    assert [summary(f) for f in frames] == [
        ("bought", "062", ("AZE",), ("ISR",)),  # drones: military purchase, from Israel
        ("condemned", "111", ("ISR",), ("IRN",)),
    ]


def test_negation(lexicon: Lexicon) -> None:
    tokens: list[Token] = [
        ("Iran", "Iran", "PROPN", "nsubj", 3),
        ("did", "do", "AUX", "aux", 3),
        ("not", "not", "PART", "neg", 3),
        ("attack", "attack", "VERB", "ROOT", 3),
        ("Azerbaijan", "Azerbaijan", "PROPN", "dobj", 3),
        (".", ".", "PUNCT", "punct", 3),
    ]
    [frame] = frames_of(tokens, lexicon)
    assert summary(frame) == ("attack", "190", ("IRN",), ("AZE",))
    assert factuality_cue(frame.trigger) == ("negated", "negation 'not' on 'attack'")
    assert cameo_as_stated(frame.cameo, "negated") is None  # CAMEO has no "did not attack"


def test_modality(lexicon: Lexicon) -> None:
    tokens: list[Token] = [
        ("Azerbaijan", "Azerbaijan", "PROPN", "nsubj", 3),
        ("may", "may", "AUX", "aux", 3),
        ("have", "have", "AUX", "aux", 3),
        ("bought", "buy", "VERB", "ROOT", 3),
        ("drones", "drone", "NOUN", "dobj", 3),
        ("from", "from", "ADP", "prep", 3),
        ("Israel", "Israel", "PROPN", "pobj", 5),
        (".", ".", "PUNCT", "punct", 3),
    ]
    [frame] = frames_of(tokens, lexicon)
    assert summary(frame) == ("bought", "062", ("AZE",), ("ISR",))  # the seller
    assert factuality_cue(frame.trigger) == ("hypothetical", "modal 'may' on 'bought'")


def test_reported_speech_codes_the_reported_event_not_the_speaker(lexicon: Lexicon) -> None:
    tokens: list[Token] = [
        ("Officials", "official", "NOUN", "nsubj", 1),
        ("said", "say", "VERB", "ROOT", 1),
        ("Iran", "Iran", "PROPN", "nsubj", 3),
        ("attacked", "attack", "VERB", "ccomp", 1),
        ("Azerbaijan", "Azerbaijan", "PROPN", "dobj", 3),
        (".", ".", "PUNCT", "punct", 1),
    ]
    [frame] = frames_of(tokens, lexicon)  # the statement is subsumed by what it reports
    assert summary(frame) == ("attacked", "190", ("IRN",), ("AZE",))
    assert factuality_cue(frame.trigger) == ("reported", "reporting verb 'said' on 'attacked'")


def test_reported_would_is_a_future_not_a_hypothesis(lexicon: Lexicon) -> None:
    tokens: list[Token] = [
        ("Pakistan", "Pakistan", "PROPN", "nsubj", 1),
        ("said", "say", "VERB", "ROOT", 1),
        ("it", "it", "PRON", "nsubj", 4),
        ("would", "would", "AUX", "aux", 4),
        ("withdraw", "withdraw", "VERB", "ccomp", 1),
        ("troops", "troop", "NOUN", "dobj", 4),
        (".", ".", "PUNCT", "punct", 1),
    ]
    [frame] = frames_of(tokens, lexicon)
    assert summary(frame) == ("withdraw", "0874", ("PAK",), ())
    assert factuality(frame.trigger) == "future"
    assert cameo_as_stated(frame.cameo, "future") == "0356"  # intent to de-escalate


def test_readiness_is_an_intent_and_the_agent_comes_through_the_adjective(
    lexicon: Lexicon,
) -> None:
    tokens: list[Token] = [
        ("Pakistan", "Pakistan", "PROPN", "nsubj", 1),
        ("is", "be", "AUX", "ROOT", 1),
        ("willing", "willing", "ADJ", "acomp", 1),
        ("to", "to", "PART", "aux", 4),
        ("withdraw", "withdraw", "VERB", "xcomp", 2),
        ("its", "its", "PRON", "poss", 6),
        ("troops", "troop", "NOUN", "dobj", 4),
        (".", ".", "PUNCT", "punct", 1),
    ]
    [frame] = frames_of(tokens, lexicon)
    assert summary(frame) == ("withdraw", "0874", ("PAK",), ())
    assert frame.agents[0].how == "ctrl"
    assert factuality_cue(frame.trigger) == ("future", "future verb 'willing' on 'withdraw'")


def test_several_events_in_one_sentence(lexicon: Lexicon) -> None:
    tokens: list[Token] = [
        ("Turkey", "Turkey", "PROPN", "nsubj", 1),
        ("criticized", "criticize", "VERB", "ROOT", 1),
        ("Iran", "Iran", "PROPN", "dobj", 1),
        ("and", "and", "CCONJ", "cc", 1),
        ("Azerbaijan", "Azerbaijan", "PROPN", "nsubj", 5),
        ("expelled", "expel", "VERB", "conj", 1),
        ("Iranian", "iranian", "ADJ", "amod", 7),
        ("diplomats", "diplomat", "NOUN", "dobj", 5),
        (".", ".", "PUNCT", "punct", 1),
    ]
    frames = frames_of(tokens, lexicon)
    assert [summary(f) for f in frames] == [
        ("criticized", "111", ("TUR",), ("IRN",)),
        ("expelled", "166", ("AZE",), ("IRN",)),
    ]
    assert {factuality(f.trigger) for f in frames} == {"asserted"}


@pytest.mark.parametrize(
    ("cameo", "fact", "stated"),
    [
        ("0841", "future", "0353"),  # will release -> intent to release
        ("0841", "negated", "1243"),  # refused to release
        ("073", "future", "0333"),
        ("073", "hypothetical", "014"),  # considering sending aid
        ("163", "future", "1312"),  # will impose sanctions -> threat
        ("190", "future", "138"),
        ("042", "negated", "125"),
        ("111", "future", "111"),
        ("042", "reported", "042"),
        ("010", "negated", "010"),
    ],
)
def test_cameo_as_stated(cameo: str, fact: str, stated: str) -> None:
    assert cameo_as_stated(cameo, fact) == stated  # type: ignore[arg-type]


def test_an_unnamed_victim_is_kept_as_the_target_phrase(lexicon: Lexicon) -> None:
    tokens: list[Token] = [
        ("Iran", "Iran", "PROPN", "nsubj", 1),
        ("killed", "kill", "VERB", "ROOT", 1),
        ("six", "six", "NUM", "nummod", 3),
        ("soldiers", "soldier", "NOUN", "dobj", 1),
        ("who", "who", "PRON", "nsubj", 5),
        ("patrolled", "patrol", "VERB", "relcl", 3),
        ("the", "the", "DET", "det", 7),
        ("border", "border", "NOUN", "dobj", 5),
        (".", ".", "PUNCT", "punct", 1),
    ]
    [frame] = frames_of(tokens, lexicon)
    assert summary(frame) == ("killed", frame.cameo, ("IRN",), ())
    assert frame.cameo.startswith(("18", "19", "20"))
    assert frame.target_phrase == "six soldiers"  # the relative clause is cut
    assert frame.rule.endswith("-none")  # no recipient actor: the rule says so


def test_the_target_phrase_of_a_pattern_object_is_its_against_phrase(lexicon: Lexicon) -> None:
    tokens: list[Token] = [
        ("Pakistan", "Pakistan", "PROPN", "nsubj", 1),
        ("launched", "launch", "VERB", "ROOT", 1),
        ("an", "an", "DET", "det", 3),
        ("offensive", "offensive", "NOUN", "dobj", 1),
        ("against", "against", "ADP", "prep", 3),
        ("militants", "militant", "NOUN", "pobj", 4),
        ("in", "in", "ADP", "prep", 5),
        ("Waziristan", "Waziristan", "PROPN", "pobj", 6),
        ("on", "on", "ADP", "prep", 1),
        ("Friday", "Friday", "PROPN", "pobj", 8),
        (".", ".", "PUNCT", "punct", 1),
    ]
    [frame] = frames_of(tokens, lexicon)
    assert frame.agents[0].mention.country == "PAK" and not frame.recipients
    assert frame.target_phrase == "militants in Waziristan"


def test_a_said_or_agreed_object_and_a_date_are_not_target_phrases(lexicon: Lexicon) -> None:
    tokens: list[Token] = [
        ("Turkey", "Turkey", "PROPN", "nsubj", 1),
        ("expressed", "express", "VERB", "ROOT", 1),
        ("concern", "concern", "NOUN", "dobj", 1),
        ("on", "on", "ADP", "prep", 1),
        ("Friday", "Friday", "PROPN", "pobj", 3),
        (".", ".", "PUNCT", "punct", 1),
    ]
    [frame] = frames_of(tokens, lexicon)
    assert frame.agents[0].mention.country == "TUR"
    assert frame.target_phrase is None
    agreed: list[Token] = [
        ("Pakistan", "Pakistan", "PROPN", "nsubj", 1),
        ("agreed", "agree", "VERB", "ROOT", 1),
        ("a", "a", "DET", "det", 4),
        ("trade", "trade", "NOUN", "compound", 4),
        ("deal", "deal", "NOUN", "dobj", 1),
        (".", ".", "PUNCT", "punct", 1),
    ]
    frames = frames_of(agreed, lexicon)
    assert frames and all(f.target_phrase is None for f in frames)


def test_a_resolved_recipient_leaves_no_target_phrase(lexicon: Lexicon) -> None:
    [frame] = frames_of(PASSIVE, lexicon)
    assert frame.recipients and frame.target_phrase is None


def test_an_appeal_is_coded_with_what_it_asks_for_and_that_act_is_not(
    lexicon: Lexicon,
) -> None:
    # "Iran urged Turkey to lift sanctions on Pakistan."
    tokens: list[Token] = [
        ("Iran", "Iran", "PROPN", "nsubj", 1),
        ("urged", "urge", "VERB", "ROOT", 1),
        ("Turkey", "Turkey", "PROPN", "dobj", 1),
        ("to", "to", "PART", "aux", 4),
        ("lift", "lift", "VERB", "xcomp", 1),
        ("sanctions", "sanction", "NOUN", "dobj", 4),
        ("on", "on", "ADP", "prep", 5),
        ("Pakistan", "Pakistan", "PROPN", "pobj", 6),
        (".", ".", "PUNCT", "punct", 1),
    ]
    [frame] = frames_of(tokens, lexicon)
    # 0254 appeal for easing of sanctions, to Turkey; nobody lifted anything
    assert summary(frame) == ("urged", "0254", ("IRN",), ("TUR",))
    assert frame.rule == "urge.v/nsubj-dobj+asks:lift-sanctions.v"


def test_the_object_of_a_control_verb_is_the_agent_of_its_infinitive(lexicon: Lexicon) -> None:
    # "Israel helped Azerbaijan to attack Iran.": Azerbaijan attacks, not Israel
    tokens: list[Token] = [
        ("Israel", "Israel", "PROPN", "nsubj", 1),
        ("helped", "help", "VERB", "ROOT", 1),
        ("Azerbaijan", "Azerbaijan", "PROPN", "dobj", 1),
        ("to", "to", "PART", "aux", 4),
        ("attack", "attack", "VERB", "xcomp", 1),
        ("Iran", "Iran", "PROPN", "dobj", 4),
        (".", ".", "PUNCT", "punct", 1),
    ]
    attack = next(f for f in frames_of(tokens, lexicon) if f.trigger.text == "attack")
    assert summary(attack)[2:] == (("AZE",), ("IRN",))
    assert attack.agents[0].how == "ctrl-obj"


def test_a_call_for_sanctions_against_a_party_is_a_threat_to_it(lexicon: Lexicon) -> None:
    # "Turkey called for sanctions against Iran."
    tokens: list[Token] = [
        ("Turkey", "Turkey", "PROPN", "nsubj", 1),
        ("called", "call", "VERB", "ROOT", 1),
        ("for", "for", "ADP", "prep", 1),
        ("sanctions", "sanction", "NOUN", "pobj", 2),
        ("against", "against", "ADP", "prep", 3),
        ("Iran", "Iran", "PROPN", "pobj", 4),
        (".", ".", "PUNCT", "punct", 1),
    ]
    [frame] = frames_of(tokens, lexicon)
    assert summary(frame) == ("called", "1312", ("TUR",), ("IRN",))


def test_a_date_is_not_the_party_of_a_preposition_pattern(lexicon: Lexicon) -> None:
    # "Turkey called Iran on Monday.": a telephone call, not "call on"
    tokens: list[Token] = [
        ("Turkey", "Turkey", "PROPN", "nsubj", 1),
        ("called", "call", "VERB", "ROOT", 1),
        ("Iran", "Iran", "PROPN", "dobj", 1),
        ("on", "on", "ADP", "prep", 1),
        ("Monday", "Monday", "PROPN", "pobj", 3),
        (".", ".", "PUNCT", "punct", 1),
    ]
    [frame] = frames_of(tokens, lexicon)
    assert summary(frame) == ("called", "041", ("TUR",), ("IRN",))
    assert frame.entry.id == "call-phone.v"
    # "called Iran a threat" names Iran; it is no telephone call
    naming = [*tokens[:3], ("a", "a", "DET", "det", 4), ("threat", "threat", "NOUN", "oprd", 1)]
    assert not [f for f in frames_of(naming, lexicon) if f.entry.id == "call-phone.v"]


def test_a_dative_to_phrase_is_a_recipient(lexicon: Lexicon) -> None:
    # "Turkey provided training to Azerbaijan.": spaCy labels "to" dative here
    tokens: list[Token] = [
        ("Turkey", "Turkey", "PROPN", "nsubj", 1),
        ("provided", "provide", "VERB", "ROOT", 1),
        ("training", "training", "NOUN", "dobj", 1),
        ("to", "to", "ADP", "dative", 1),
        ("Azerbaijan", "Azerbaijan", "PROPN", "pobj", 3),
        (".", ".", "PUNCT", "punct", 1),
    ]
    [frame] = frames_of(tokens, lexicon)
    assert summary(frame)[2:] == (("TUR",), ("AZE",))


def test_a_place_in_the_recipient_phrase_says_where_not_with_whom(lexicon: Lexicon) -> None:
    # "Turkey held talks in Baku with Gantz.": the talks are with Israel's minister
    tokens: list[Token] = [
        ("Turkey", "Turkey", "PROPN", "nsubj", 1),
        ("held", "hold", "VERB", "ROOT", 1),
        ("talks", "talk", "NOUN", "dobj", 1),
        ("in", "in", "ADP", "prep", 2),
        ("Baku", "Baku", "PROPN", "pobj", 3),
        ("with", "with", "ADP", "prep", 2),
        ("Gantz", "Gantz", "PROPN", "pobj", 5),
        (".", ".", "PUNCT", "punct", 1),
    ]
    [frame] = frames_of(tokens, lexicon)
    assert summary(frame) == ("held", "040", ("TUR",), ("ISR",))


def test_they_is_the_group_or_state_that_governs_its_clause(lexicon: Lexicon) -> None:
    # "Turkey said they expelled Iranian diplomats."
    tokens: list[Token] = [
        ("Turkey", "Turkey", "PROPN", "nsubj", 1),
        ("said", "say", "VERB", "ROOT", 1),
        ("they", "they", "PRON", "nsubj", 3),
        ("expelled", "expel", "VERB", "ccomp", 1),
        ("Iranian", "iranian", "ADJ", "amod", 5),
        ("diplomats", "diplomat", "NOUN", "dobj", 3),
        (".", ".", "PUNCT", "punct", 1),
    ]
    [expelled] = frames_of(tokens, lexicon)
    assert summary(expelled) == ("expelled", "166", ("TUR",), ("IRN",))
    assert expelled.agents[0].how == "nsubj+anaphor"
    # a person is not "they": Gantz said they expelled diplomats names no agent
    person = [("Gantz", "Gantz", "PROPN", "nsubj", 1), *tokens[1:]]
    assert [summary(f)[2] for f in frames_of(person, lexicon)] == [()]


def test_force_posture_and_human_shields(lexicon: Lexicon) -> None:
    # "Turkey put its army on alert." / "Iran used civilians as human shields."
    alert: list[Token] = [
        ("Turkey", "Turkey", "PROPN", "nsubj", 1),
        ("put", "put", "VERB", "ROOT", 1),
        ("its", "its", "PRON", "poss", 3),
        ("army", "army", "NOUN", "dobj", 1),
        ("on", "on", "ADP", "prep", 1),
        ("alert", "alert", "NOUN", "pobj", 4),
        (".", ".", "PUNCT", "punct", 1),
    ]
    [posture] = frames_of(alert, lexicon)
    assert (summary(posture), posture.target_phrase) == (("put", "152", ("TUR",), ()), None)
    shields: list[Token] = [
        ("Iran", "Iran", "PROPN", "nsubj", 1),
        ("used", "use", "VERB", "ROOT", 1),
        ("civilians", "civilian", "NOUN", "dobj", 1),
        ("as", "as", "ADP", "prep", 1),
        ("human", "human", "ADJ", "amod", 5),
        ("shields", "shield", "NOUN", "pobj", 3),
        (".", ".", "PUNCT", "punct", 1),
    ]
    [used] = frames_of(shields, lexicon)
    assert (summary(used), used.target_phrase) == (("used", "184", ("IRN",), ()), "civilians")


def test_an_object_condition_holds_for_a_compound_before_the_head(lexicon: Lexicon) -> None:
    # "Iran violated the ceasefire agreement.": a violated ceasefire, no target phrase
    tokens: list[Token] = [
        ("Iran", "Iran", "PROPN", "nsubj", 1),
        ("violated", "violate", "VERB", "ROOT", 1),
        ("the", "the", "DET", "det", 4),
        ("ceasefire", "ceasefire", "NOUN", "compound", 4),
        ("agreement", "agreement", "NOUN", "dobj", 1),
        (".", ".", "PUNCT", "punct", 1),
    ]
    [frame] = frames_of(tokens, lexicon)
    assert (summary(frame), frame.target_phrase) == (("violated", "196", ("IRN",), ()), None)


def test_a_statement_that_someone_must_act_is_a_demand_on_them(lexicon: Lexicon) -> None:
    # "Iran said Turkey must withdraw troops.": no withdrawal happened
    tokens: list[Token] = [
        ("Iran", "Iran", "PROPN", "nsubj", 1),
        ("said", "say", "VERB", "ROOT", 1),
        ("Turkey", "Turkey", "PROPN", "nsubj", 4),
        ("must", "must", "AUX", "aux", 4),
        ("withdraw", "withdraw", "VERB", "ccomp", 1),
        ("troops", "troop", "NOUN", "dobj", 4),
        (".", ".", "PUNCT", "punct", 1),
    ]
    [demand] = frames_of(tokens, lexicon)
    # 1056 demand de-escalation of military engagement, the mirror of intent 0356
    assert summary(demand) == ("said", "1056", ("IRN",), ("TUR",))
    assert demand.rule == "say.v/nsubj-demanded-nsubj+asks:withdraw-troops.v"
    # without the speech verb, "Turkey must withdraw troops" has not happened either
    alone: list[Token] = [
        ("Turkey", "Turkey", "PROPN", "nsubj", 2),
        ("must", "must", "AUX", "aux", 2),
        ("withdraw", "withdraw", "VERB", "ROOT", 2),
        ("troops", "troop", "NOUN", "dobj", 2),
        (".", ".", "PUNCT", "punct", 2),
    ]
    [withdraw] = frames_of(alone, lexicon)
    assert factuality(withdraw.trigger) == "hypothetical"
