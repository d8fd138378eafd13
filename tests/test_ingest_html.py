"""HTML pages in any charset they come in, and titles without the site's name."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from detente.errors import IngestError
from detente.ingest import extract_bytes, extract_path
from detente.ingest.charset import Sniffed, declared_charsets, html_encoding
from detente.ingest.furniture import drop_furniture, is_furniture
from detente.ingest.metadata import PageFacts, clean_title, page_facts

GERMAN = (
    "Die Gemeinde Überlingen hat am Dienstag beschlossen, die Straßenbeleuchtung bis zum "
    "Frühjahr auf sparsame Leuchten umzustellen. Der Bürgermeister sagte, die Kosten würden "
    "sich nach fünf Jahren rechnen, und die Anwohner äußerten sich überwiegend zufrieden. "
)
CHINESE = (
    "河北省各市的巡回演出昨日结束。观众反响强烈。演出团在保定、承德和张家口等地共演出二十场。"
    "当地干部群众纷纷表示深受感动。主办方表示。明年将继续在全省各地开展类似的文化活动。"
)


def _page(
    body: str, *, head: str = "", title: str = "Neue Leuchten für die Stadt", heading: str = ""
) -> str:
    paragraphs = "".join(f"<p>{body}{n}</p>" for n in range(4))
    return (
        f"<html><head>{head}<title>{title}</title></head><body><article>"
        f"<h1>{heading or title}</h1>{paragraphs}</article></body></html>"
    )


def test_latin1_page_without_a_charset_is_read_as_cp1252() -> None:
    raw = _page(GERMAN).encode("latin-1")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")

    result = extract_bytes(raw, kind="html", source="alt.html")

    assert result.encoding == "cp1252"
    assert "Überlingen" in result.text and "äußerten" in result.text
    assert "\ufffd" not in result.text


def test_inner_charset_wins_over_a_wrappers_utf8() -> None:
    wrapper = '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
    inner = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    raw = _page(CHINESE, head=wrapper + inner, title="巡演结束").encode("gb2312")

    result = extract_bytes(raw, kind="html", source="archive.html")

    assert declared_charsets(raw) == ["gb18030"]  # gb2312 read as its superset, as browsers do
    assert result.encoding == "gb18030"
    assert "河北省各市的巡回演出昨日结束" in result.text


def test_a_few_broken_bytes_in_a_utf8_page_are_replaced_not_misread() -> None:
    raw = _page(GERMAN).encode("utf-8").replace(b"</article>", b"<p>K\xfcchenblogs</p></article>")

    assert html_encoding(raw) == Sniffed("utf-8", "replace")
    assert "Überlingen" in extract_bytes(raw, kind="html", source="blog.html").text


def test_a_declared_central_european_charset_is_used() -> None:
    polish = "Sejm zagłosował za ustawą o funduszach; posłowie przyjęli też poprawki Senatu. " * 3
    head = '<meta http-equiv="content-type" content="text/html; charset=iso-8859-2">'
    raw = _page(polish, head=head, title="Sejm zagłosował").encode("iso-8859-2")

    result = extract_bytes(raw, kind="html", source="rp.html")

    assert result.encoding == "iso8859_2"
    assert "zagłosował za ustawą" in result.text


def test_utf16_and_utf8_bom_pages() -> None:
    page = _page(GERMAN)
    assert html_encoding(codecs.BOM_UTF8 + page.encode()).codec == "utf-8-sig"
    utf16 = extract_bytes(page.encode("utf-16"), kind="html", source="w.html")
    assert utf16.encoding == "utf-16" and "Überlingen" in utf16.text


def test_latin1_text_file_stays_strict(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(GERMAN.encode("latin-1"))

    with pytest.raises(IngestError, match="--encoding latin-1"):
        extract_path(path)
    assert extract_path(path, encoding="latin-1").encoding == "latin-1"


@pytest.mark.parametrize(
    ("title", "facts", "expected"),
    [
        (
            "Batteriespeicher - daheim Solar",
            PageFacts(canonical="https://www.daheim-solar.de/batteriespeicher"),
            "Batteriespeicher",
        ),
        (
            "Hope! | TagesWoche",
            PageFacts(sitename="TagesWoche"),
            "Hope!",
        ),
        (
            "Fachmeldungen - Verkündung des Gesetzes",
            PageFacts(headings=("Verkündung des Gesetzes",)),
            "Verkündung des Gesetzes",
        ),
        (
            "Remote Support \u2013 AR-Kundenservice der Zukunft? - Management Circle Blog",
            PageFacts(headings=("Remote Support \u2013 AR-Kundenservice der Zukunft?",)),
            "Remote Support \u2013 AR-Kundenservice der Zukunft?",
        ),
        (
            "Talks in Baku - a new start?",
            PageFacts(sitename="Caucasus Review"),
            "Talks in Baku - a new start?",
        ),
        ("Tbilisi", PageFacts(sitename="Tbilisi"), "Tbilisi"),
    ],
)
def test_clean_title_drops_the_site_name_only(title: str, facts: PageFacts, expected: str) -> None:
    assert clean_title(title, facts=facts) == expected


def test_page_facts_and_the_extracted_title() -> None:
    head = (
        '<meta property="og:site_name" content="Stadtanzeiger">'
        '<link rel="canonical" href="https://www.stadtanzeiger.example/leuchten">'
    )
    title = "Neue Leuchten für die Stadt | Stadtanzeiger"
    html = _page(GERMAN, head=head, title=title, heading="Stadtanzeiger")  # the h1 is the logo

    facts = page_facts(html)
    result = extract_bytes(html.encode(), kind="html", source="s.html")

    assert facts.sitename == "Stadtanzeiger"
    assert facts.canonical == "https://www.stadtanzeiger.example/leuchten"
    assert result.title == "Neue Leuchten für die Stadt"
    assert result.encoding == "utf-8"
    headed = _page(GERMAN, title=title, heading="Neue Leuchten für die ganze Stadt")
    assert extract_bytes(headed.encode(), kind="html", source="h.html").title == (
        "Neue Leuchten für die ganze Stadt"
    )


@pytest.mark.parametrize(
    "paragraph",
    [
        "Read more: Ministers meet in Baku to discuss the corridor",
        "Lesen Sie auch: Neue Leuchten in der Altstadt",
        "Lea más: El Congreso aprueba la reforma",
        "(Credit: Jane Roe / Caucasus Review)",
        "Foto: Stadtarchiv",
        "\u00a9 2023 Caucasus Review. All rights reserved.",
        "Subscribe now to our weekly edition for the full story.",
    ],
)
def test_furniture_paragraphs_are_recognised(paragraph: str) -> None:
    assert is_furniture(paragraph)


def test_article_paragraphs_are_kept_even_when_they_mention_the_words() -> None:
    kept = [
        "Officials said they would read more of the report before the vote on Tuesday.",
        "The photo: a convoy on the road to Lachin, taken by a local reporter, was shared widely.",
        "Source: " + "the ministry said the talks would continue next week in Ankara " * 3,
    ]
    assert drop_furniture(kept) == kept


def test_extracted_html_body_has_no_furniture() -> None:
    extra = "<p>Lesen Sie auch: Neue Radwege</p><p>Foto: Stadtarchiv</p>"
    html = _page(GERMAN).replace("</article>", extra + "</article>")

    text = extract_bytes(html.encode(), kind="html", source="f.html").text

    assert "Überlingen" in text
    assert "Lesen Sie auch" not in text and "Stadtarchiv" not in text
