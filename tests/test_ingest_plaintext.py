"""The plain-text cleaner: the sample scrape, our own example scrape, Unicode, fuzzing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from detente.ingest import clean_plaintext, extract_path, guess_language, normalise_unicode

RUSSIAN = "Министр иностранных дел России заявил о переговорах."  # noqa: RUF001
CHINESE = "外交部长表示，双方将在明年春天继续举行会谈和磋商。"  # noqa: RUF001


def test_sample_scrape_matches_the_gold_document(sample_path: Path) -> None:
    gold = json.loads(sample_path.with_name(sample_path.stem + ".gold.json").read_text())
    expected = gold["document"]

    clean = clean_plaintext(sample_path.read_text(encoding="utf-8"))

    assert clean.title == expected["title"]
    assert clean.author == expected["author"]
    assert clean.date == dt.date.fromisoformat(expected["date"])
    assert clean.section == expected["section"]
    assert clean.text.startswith(expected["body_starts_with"])
    assert clean.text.endswith(expected["body_ends_with"])
    for text in gold["must_not"]:
        assert text not in clean.text
    assert "\u00a0" not in clean.text
    assert "Read 5725 times" not in clean.text


def test_sample_without_its_read_counter_still_ends_at_the_body(sample_path: Path) -> None:
    """No end marker at all: the sidebar, blurb and bio are trimmed from the end."""
    gold = json.loads(sample_path.with_name(sample_path.stem + ".gold.json").read_text())
    markers = ("Read ", "Visit also", "Staff Publications", "Sign up")
    lines = sample_path.read_text(encoding="utf-8").split("\n")
    text = "\n".join(line for line in lines if not line.startswith(markers))

    clean = clean_plaintext(text)

    assert clean.text.endswith(gold["document"]["body_ends_with"])


def test_example_scrape_drops_the_site_furniture(examples_dir: Path) -> None:
    extracted = extract_path(examples_dir / "caspian_review_scrape.txt")

    assert extracted.title == "Kazakhstan Steps In as Host of Armenia-Azerbaijan Peace Talks"
    assert extracted.author == "Dana Seitkali"
    assert extracted.date == dt.date(2024, 5, 15)
    assert extracted.section == "Regional Briefs"
    assert extracted.language == "en"
    assert extracted.text.startswith("On May 10, 2024, the foreign ministers of Armenia")
    assert extracted.text.endswith("before a treaty is signed.")
    for furniture in (
        "Almaty talks small",
        "is a Senior Analyst",
        "Read 2314 times",
        "Why Astana Talks to Everyone",
        "monthly publication",
        "Sign up",
    ):
        assert furniture not in extracted.text
    assert "Tokayev received" in extracted.text  # zero-width space removed
    assert "Kazakhstan\u2019s President" in extracted.text  # curly quote kept


def test_wire_dateline_gives_the_date(examples_dir: Path) -> None:
    extracted = extract_path(examples_dir / "armenia_azerbaijan_border_clash.txt")

    assert extracted.title == "Armenia and Azerbaijan trade blame after deadly clash on border"
    assert extracted.date == dt.date(2023, 4, 12)
    assert extracted.text.startswith("YEREVAN, April 12, 2023")


def test_markdown_heading_and_emphasised_date_line(examples_dir: Path) -> None:
    extracted = extract_path(examples_dir / "turkey_israel_normalisation.md")

    assert extracted.title == "Turkey and Israel restore full diplomatic relations"
    assert extracted.date == dt.date(2022, 8, 18)
    assert "A year of visits" not in extracted.text
    assert extracted.text.startswith("Turkey and Israel agreed on August 17, 2022")


def test_byline_with_date_and_outlet() -> None:
    text = (
        "Baku recalls its envoy\n\nBy Jane Roe, Caspian Wire | 3 March 2024\n\n"
        "Azerbaijan recalled its ambassador from Tehran on Sunday after the embassy attack.\n"
    )

    clean = clean_plaintext(text)

    assert (clean.title, clean.author, clean.date) == (
        "Baku recalls its envoy",
        "Jane Roe",
        dt.date(2024, 3, 3),
    )
    assert clean.text == (
        "Azerbaijan recalled its ambassador from Tehran on Sunday after the embassy attack."
    )


def test_hard_wrapped_paragraphs_are_joined() -> None:
    text = (
        "Israel and Turkey sign a deal\n\n"
        "Israel and Turkey signed an aviation agreement\n"
        "in Ankara on Tuesday, officials in both countries said.\n\n"
        "The deal lets Israeli airlines fly to more Turkish cities.\n"
    )

    clean = clean_plaintext(text)

    assert clean.text == (
        "Israel and Turkey signed an aviation agreement in Ankara on Tuesday, officials in "
        "both countries said.\n\nThe deal lets Israeli airlines fly to more Turkish cities."
    )


def test_normalise_unicode_keeps_quotes_and_glued_words() -> None:
    raw = "Israel\u00a0 supplied\u200b 60\u2009percent \u201carms\u201d AMSilk\r\nnext\u2028line"

    assert (
        normalise_unicode(raw) == "Israel supplied 60 percent \u201carms\u201d AMSilk\nnext\nline"
    )


def test_normalise_unicode_composes_to_nfc() -> None:
    assert normalise_unicode("C\u0327avus\u0327og\u0306lu") == "\u00c7avu\u015fo\u011flu"


def test_language_guess_tells_english_from_german_and_french() -> None:
    english = "The minister said that the talks with Iran would continue in the spring."
    german = "Der Minister sagte, dass die Gespräche mit dem Iran im Frühjahr weitergehen."
    french = "Le ministre a dit que les discussions avec l'Iran vont continuer au printemps."

    assert guess_language(english) == "en"
    assert guess_language(german) == "de"
    assert guess_language(french) == "fr"


def test_language_guess_by_script() -> None:
    assert guess_language(RUSSIAN) == "ru"
    assert guess_language("قال وزير الخارجية إن المحادثات ستستمر في الربيع المقبل") == "ar"
    assert guess_language(CHINESE) == "zh"
    assert guess_language("ok") is None


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_clean_plaintext_never_raises(text: str) -> None:
    clean = clean_plaintext(text)

    assert isinstance(clean.text, str)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "By Jane Roe",
                "Published in News",
                "May 23, 2023",
                "Read 12 times",
                "Visit also",
                "Short caption",
                "Jane Roe is a Senior Fellow at the Institute.",
                "Azerbaijan and Israel signed an agreement on security cooperation in Baku.",
                "",
            ]
        ),
        max_size=30,
    )
)
def test_clean_plaintext_never_raises_on_scrape_shaped_text(lines: list[str]) -> None:
    clean = clean_plaintext("\n".join(lines))

    assert "Read 12 times" not in clean.text
