"""Coder mechanisms added for the ConfliBERT gold set and for speed, on our own sentences
with hand-built mentions (see test_events_frames)."""

from __future__ import annotations

import pytest

from detente.events.code import parse_sentences
from detente.events.lexicon import load_lexicon
from detente.nlp.pipeline import get_nlp
from tests.helpers.frames import code, triples

pytestmark = pytest.mark.model


def test_lifting_sanctions_eases_them() -> None:
    events = code("Norway lifted its sanctions on Chile in March 2024.")
    assert ("NOR", "085", "CHL") in triples(events)
    assert not any(e.cameo_root == "16" for e in events)  # not coded as imposing


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # police force against people it does not name falls on its own public
        ("Chilean police killed two protesters in Lima.", ("CHL", "175", "CHL")),
        ("Norway released two Chilean fishermen.", ("NOR", "0841", "CHL")),
        ("Norway launched air strikes against Chile.", ("NOR", "195", "CHL")),
        ("Norway seized a Chilean ship.", ("NOR", "171", "CHL")),
        ("Norway summoned the Chilean ambassador.", ("NOR", "110", "CHL")),
        ("Norway vetoed the resolution drafted by Chile.", ("NOR", "129", "CHL")),
        # the place left is the other party of a withdrawal; the seller of a purchase
        ("Norway withdrew its peacekeepers from Chile.", ("NOR", "1661", "CHL")),
        ("Norway bought frigates from Chile.", ("NOR", "061", "CHL")),
        # the goods of a measure meet the object condition ("a shipment of vaccines")
        ("Norway donated a shipment of vaccines to Chile.", ("NOR", "073", "CHL")),
        ("Norway handed over 40 tons of medicine to Chile.", ("NOR", "073", "CHL")),
        ("Norway pushed for reforms in Chile.", ("NOR", "020", "CHL")),
    ],
)
def test_new_triggers(text: str, want: tuple[str | None, str, str | None]) -> None:
    assert want in triples(code(text)), triples(code(text))


def test_claiming_responsibility_is_a_statement() -> None:
    events = code("Chile claimed responsibility for the explosion.")
    assert all(e.cameo_root == "01" for e in events), triples(events)


def test_recipient_is_another_party_than_the_agent() -> None:
    # "at Oslo" is Norway's own capital; the talks are with Peru
    events = code("Norway held talks at Oslo with Peru.")
    assert ("NOR", "040", "PER") in triples(events), triples(events)


def test_rejected_talks_are_negated_and_the_rejection_targets_the_other_party() -> None:
    events = code("Chile rejected talks with Peru.")
    assert ("CHL", "120", "PER") in triples(events), triples(events)
    talks = [e for e in events if e.cameo_code.startswith("04")]
    assert all(e.factuality == "negated" for e in talks)


def test_subordinate_verbs_are_less_confident_than_the_main_event() -> None:
    events = code("Chilean police supported by Norway attacked Peru.")
    attack = next(e for e in events if e.cameo_root == "18" or e.cameo_root == "19")
    supported = [e for e in events if e.trigger_text == "supported"]
    assert all(e.confidence < attack.confidence for e in supported)


def test_the_coder_parses_without_the_entity_recogniser() -> None:
    nlp = get_nlp()
    doc, key = next(parse_sentences(nlp, [("Norway attacked Chile on Monday.", 7)]))
    assert key == 7 and not doc.has_annotation("ENT_IOB")
    assert doc[1].lemma_ == "attack" and doc[1].dep_ == "ROOT"
    assert "ner" in nlp.pipe_names  # the shared pipeline itself is untouched


def test_fallback_only_keywords_need_a_nearby_actor() -> None:
    lexicon = load_lexicon()
    assert "deplored" in lexicon.fallback_keywords
    assert "visited" in lexicon.core_keywords and "visited" not in lexicon.fallback_keywords


@pytest.mark.parametrize(
    ("text", "want", "absent"),
    [
        # the appeal carries what it asks for; the act asked for has not happened
        ("Norway urged Chile to lift its sanctions on Peru.", ("NOR", "0254", "CHL"), "085"),
        ("Norway called on Chile to release the Peruvian fishermen.", ("NOR", "0253", "CHL"),
         "0841"),
        ("Norway asked Chile to negotiate with Peru.", ("NOR", "026", "CHL"), "046"),
        ("Norway called for sanctions against Chile.", ("NOR", "1312", "CHL"), "163"),
        # a telephone call on a weekday is no "call on"
        ("Norway called Chile on Monday.", ("NOR", "041", "CHL"), "020"),
    ],
)  # fmt: skip
def test_appeals_and_calls(text: str, want: tuple[str, str, str], absent: str) -> None:
    events = code(text)
    assert want in triples(events), triples(events)
    assert not any(e.cameo_code == absent for e in events), triples(events)


def test_an_option_weighed_is_hypothetical_and_keeps_its_actor() -> None:
    events = code("Norway is exploring the possibility of selling weapons to Chile.")
    assert ("NOR", "062", "CHL") in triples(events), triples(events)
    assert all(e.factuality == "hypothetical" for e in events if e.cameo_code == "062")
    assert not any(e.cameo_code == "090" for e in events)  # no investigation


def test_a_cancelled_visit_is_stored_as_the_cancellers_rejection() -> None:
    events = code("Norway cancelled a planned visit to Chile.")
    (visit,) = [e for e in events if e.trigger_text == "visit"]
    assert (visit.source_country, visit.cameo_code, visit.target_country) == ("NOR", "125", "CHL")
    assert (visit.event_type, visit.factuality) == ("REJECT", "negated")
    assert visit.rule.endswith("+stated:negated")


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Norway will deliver military equipment to Chile.", ("NOR", "0332", "CHL", "future")),
        ("Norway declined to meet with Chile.", ("NOR", "125", "CHL", "negated")),
        ("Norway may launch a military operation against Chile.", ("NOR", "138", "CHL", None)),
    ],
)
def test_acts_not_done_are_coded_as_what_the_text_states(
    text: str, want: tuple[str, str, str, str | None]
) -> None:
    got = [(e.source_country, e.cameo_code, e.target_country, e.factuality) for e in code(text)]
    assert any(g[:3] == want[:3] and want[3] in (None, g[3]) for g in got), got


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # stopping the cooperation, trade, talks or aid a noun names is a sanction
        ("Norway froze all practical cooperation with Chile.", ("NOR", "160", "CHL")),
        ("Norway halted gas exports to Chile.", ("NOR", "160", "CHL")),
        ("Norway suspended the talks with Chile.", ("NOR", "164", "CHL")),
        ("Norway stopped its humanitarian aid to Chile.", ("NOR", "162", "CHL")),
    ],
)
def test_stopping_what_a_noun_names_is_a_sanction(text: str, want: tuple[str, ...]) -> None:
    events = code(text)
    assert want in triples(events), triples(events)
    assert not any(e.event_type == "COOPERATE" for e in events)
    stopped = next(e for e in events if e.cameo_code == want[1])
    assert stopped.factuality == "asserted"


def test_a_stop_that_did_not_happen_is_stated_so() -> None:
    events = code("Norway did not freeze its cooperation with Chile.")
    assert [e.factuality for e in events if e.cameo_root == "16"] == ["negated"]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # "have" carries talks, calls and meetings: its subject holds them
        ("Norway had a phone conversation with Chile.", ("NOR", "041", "CHL")),
        ("Norway had talks with Chile on Monday.", ("NOR", "040", "CHL")),
        # a warning is a threat, given or issued
        ("Norway gave a stern warning to Chile.", ("NOR", "130", "CHL")),
    ],
)
def test_support_verbs_give_an_event_noun_its_agent(text: str, want: tuple[str, ...]) -> None:
    assert want in triples(code(text)), triples(code(text))


def test_have_supports_no_other_event_noun() -> None:
    # an attack Norway "had" is none it carried out
    assert ("NOR", "190", "CHL") not in triples(code("Norway had an attack on Chile in mind."))


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # an appeal with no addressee is addressed to the country it asks something of
        ("Norway called for an immediate ceasefire in Chile.", ("NOR", "0256", "CHL")),
        ("Norway urged restraint in Chile.", ("NOR", "020", "CHL")),
    ],
)
def test_an_appeal_addresses_the_country_where_it_asks_for_something(
    text: str, want: tuple[str, ...]
) -> None:
    assert want in triples(code(text)), triples(code(text))


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # barring trade is an embargo, a sanction in PLOVER, not a domestic ban
        ("Norway banned imports of Chilean wine.", ("NOR", "163", "CHL")),
        ("Norway restricted exports of salmon to Chile.", ("NOR", "163", "CHL")),
    ],
)
def test_barring_trade_is_an_embargo(text: str, want: tuple[str, ...]) -> None:
    events = code(text)
    assert want in triples(events), triples(events)
    assert {e.event_type for e in events} == {"SANCTION"}, triples(events)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # trading or exchanging fire and accusations is done by both sides
        ("Norway and Chile traded fire at the border.", ("NOR", "190", "CHL")),
        ("Norway and Chile traded accusations over the shelling.", ("CHL", "112", "NOR")),
        ("Norway and Chile exchanged accusations.", ("NOR", "112", "CHL")),
    ],
)
def test_reciprocal_fire_and_accusations(text: str, want: tuple[str, ...]) -> None:
    assert want in triples(code(text)), triples(code(text))


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # travel for a meeting: the traveller visits where it went
        ("Norway's president arrived in Chile for a state visit.", ("NOR", "042", "CHL")),
        ("The Norwegian prime minister is in Chile on a two-day visit.", ("NOR", "042", "CHL")),
    ],
)
def test_travel_for_a_visit_is_a_visit(text: str, want: tuple[str, ...]) -> None:
    assert want in triples(code(text)), triples(code(text))
