"""Files, folders and records -> documents; decoding errors; ids; the HTML extractor."""

from __future__ import annotations

import datetime as dt
import gzip
import pickle
from pathlib import Path

import pytest

import detente.ingest as ingest
from detente.errors import IngestError
from detente.ingest import (
    Extracted,
    InputItem,
    extract_html,
    extract_path,
    iter_inputs,
    read_documents,
    text_id,
    to_document,
)
from detente.models import Document, Failure

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
ARTICLE = (
    "Azerbaijan Expels Iranian Diplomats\n\nBy Jane Roe\n\nApril 6, 2023\n\n"
    "Azerbaijan expelled four Iranian diplomats on Thursday, accusing them of provocative "
    "actions against the state.\n"
)


def test_public_api_is_sorted_and_complete() -> None:
    public = {name for name in dir(ingest) if not name.startswith("_")}
    modules = {"decode", "dateline", "extract", "language", "plaintext", "sources"}
    modules |= {"dedup", "feeds", "fetch", "gather", "warc", "charset", "metadata", "furniture"}
    modules |= {"records"}

    assert ingest.__all__ == sorted(ingest.__all__)
    assert set(ingest.__all__) == public - modules


def test_html_example_page(examples_dir: Path) -> None:
    extracted = extract_path(examples_dir / "turkey_armenia_envoys.html")

    assert extracted.title == "Turkey and Armenia agree to open border to third-country citizens"
    assert extracted.author == "Samuel Okafor"
    assert extracted.date == dt.date(2022, 7, 2)
    assert extracted.sitename == "Caspian Wire"
    assert extracted.language == "en"
    assert extracted.text.startswith("VIENNA")
    assert "Serdar K\u0131l\u0131\u00e7" in extracted.text
    assert extracted.text.endswith("urged both sides to build on it.")
    for furniture in ("Related stories", "Caspian summit", "All rights reserved", "Subscribe"):
        assert furniture not in extracted.text


def test_html_without_an_article_raises() -> None:
    with pytest.raises(IngestError, match=r"^page\.html: no article text"):
        extract_html(
            "<html><head><title>Home</title></head><body></body></html>", source="page.html"
        )


def test_extracted_json_dict_follows_the_contract() -> None:
    record = Extracted(title="T", date=dt.date(2023, 5, 23), text="Body.").to_json_dict()

    assert list(record) == [
        "title",
        "author",
        "date",
        "section",
        "sitename",
        "url",
        "language",
        "encoding",
        "text",
    ]
    assert record["date"] == "2023-05-23"


def test_latin1_file_names_the_byte_and_the_way_out(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(("x" * 812 + "caf\u00e9 au lait").encode("latin-1"))

    with pytest.raises(IngestError) as info:
        extract_path(path)

    reason = (
        "not valid UTF-8 (byte 0xe9 at offset 815); re-save it as UTF-8 or pass --encoding latin-1"
    )
    assert (info.value.source, info.value.reason) == (str(path), reason)
    assert str(info.value) == f"{path}: {reason}"
    copy = pickle.loads(pickle.dumps(info.value))  # as a worker process sends it back
    assert (type(copy), copy.source, copy.reason) == (IngestError, str(path), reason)


def test_a_failure_names_its_source_once(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(("x" * 812 + "caf\u00e9 au lait").encode("latin-1"))

    (failure,) = read_documents([path])

    assert failure == Failure(
        source=str(path),
        stage="ingest",
        reason="not valid UTF-8 (byte 0xe9 at offset 815); re-save it as UTF-8 or pass "
        "--encoding latin-1",
    )


def test_latin1_file_with_encoding_given(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(ARTICLE.replace("Jane Roe", "Jos\u00e9 Roe").encode("latin-1"))

    assert extract_path(path, encoding="latin-1").author == "Jos\u00e9 Roe"


def test_utf8_bom_is_allowed(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"))

    assert extract_path(path).title == "Azerbaijan Expels Iranian Diplomats"


@pytest.mark.parametrize("content", [b"", b"  \n\t\n", b"\xef\xbb\xbf\n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)

    with pytest.raises(IngestError, match=r"empty\.txt: empty file"):
        extract_path(path)


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))

    with pytest.raises(IngestError, match=r"image\.txt: binary file, not text"):
        extract_path(path)


def test_unsupported_suffix(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.7")

    with pytest.raises(IngestError, match="unsupported file type"):
        extract_path(path)


def test_gzipped_text_and_broken_gzip(tmp_path: Path) -> None:
    good = tmp_path / "article.txt.gz"
    good.write_bytes(gzip.compress(ARTICLE.encode("utf-8")))
    broken = tmp_path / "broken.txt.gz"
    broken.write_bytes(b"not gzip at all")

    assert extract_path(good).date == dt.date(2023, 4, 6)
    with pytest.raises(IngestError, match="not a valid gzip file"):
        extract_path(broken)


def test_jsonl_with_bad_lines_keeps_going() -> None:
    path = FIXTURES / "records_with_errors.jsonl"

    results = list(read_documents([path]))

    documents = [r for r in results if isinstance(r, Document)]
    failures = [r for r in results if isinstance(r, Failure)]
    assert [d.doc_id for d in documents] == ["a1", "a5"]
    assert [d.source for d in documents] == [f"{path}:1", f"{path}:6"]
    assert documents[0].date == dt.date(2022, 7, 5)
    assert [f.source for f in failures] == [f"{path}:2", f"{path}:4", f"{path}:5"]
    assert all(f.stage == "ingest" and "\n" not in f.reason for f in failures)
    assert failures[0].reason.startswith("not valid JSON")
    assert "not YYYY-MM-DD" in failures[1].reason
    assert "expected a JSON object" in failures[2].reason


def test_folder_walk_is_sorted_recursive_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "one.md").write_text(ARTICLE.replace("four", "five"), encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "README.md").write_text("# About these files\n", encoding="utf-8")
    (tmp_path / "notes.csv").write_text("a,b\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")

    results = list(iter_inputs([tmp_path, tmp_path / "missing.txt"]))

    assert [r.source for r in results] == [
        str(tmp_path / "b" / "two.txt"),
        str(tmp_path / "empty.txt"),
        str(tmp_path / "one.md"),
        str(tmp_path / "missing.txt"),
    ]
    assert isinstance(results[-1], Failure)
    assert "no such file" in results[-1].reason


def test_read_documents_turns_each_bad_file_into_a_failure(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"caf\xe9")
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")

    results = list(read_documents([tmp_path]))

    assert isinstance(results[0], Failure)
    assert results[0].reason.startswith("not valid UTF-8 (byte 0xe9 at offset 3)")
    assert isinstance(results[1], Document)
    assert results[1].author == "Jane Roe"


def test_doc_id_ignores_whitespace_and_case() -> None:
    first = to_document(_text_item("Baku and Tel Aviv\nsigned  a deal.\n"))
    second = to_document(_text_item("  baku and tel aviv signed a deal. "))

    assert first.doc_id == second.doc_id == text_id("Baku and Tel Aviv signed a deal.")
    assert len(first.doc_id) == 16
    assert first.raw_hash != second.raw_hash


def test_non_english_document_is_skipped_with_its_language() -> None:
    item = _text_item(
        "Die Europäische Union hat am Freitag neue Sanktionen gegen Russland beschlossen, "
        "und Moskau kündigte eine Antwort an."
    )

    document = to_document(item)

    assert (document.language, document.status) == ("de", "skipped")


def test_examples_folder_reads_without_failures(examples_dir: Path) -> None:
    results = list(read_documents([examples_dir]))

    assert not [r for r in results if isinstance(r, Failure)]
    documents = [r for r in results if isinstance(r, Document)]
    assert len(documents) == 11
    assert [d.doc_id for d in documents if d.status == "skipped"] == ["ex-005"]
    assert len({d.doc_id for d in documents}) == len(documents)


def _text_item(text: str) -> InputItem:
    return InputItem(source="mem.txt", kind="text", raw=text.encode("utf-8"))
