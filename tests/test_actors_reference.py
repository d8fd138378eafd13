"""Actors against ../shared: the sample article and the data build (skip when absent)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from detente.actors import find_mentions

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT.parent / "shared" / "reference" / "actors"
DATA = ROOT / "src" / "detente" / "actors" / "data"


def _build_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_actor_data", ROOT / "scripts" / "build_actor_data.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def sample_mentions(sample_path: Path) -> dict[str, list[str]]:
    text = sample_path.read_text("utf-8")
    found: dict[str, list[str]] = {}
    for mention in find_mentions(text, date=dt.date(2023, 5, 23)):
        found.setdefault(mention.text, []).append(f"{mention.actor}|{mention.rule}")
    return found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Israeli foreign minister Eli Cohen", "ISRGOV|role:compound"),
        ("Israeli defense minister Benny Gantz", "ISRGOV|role:compound"),
        ("Israel\u2019s finance minister Avigdor Lieberman", "ISRGOV|role:compound"),
        ("President Ilham Aliyev", "AZEGOV|kb:person"),
        ("President Aliyev", "AZEGOV|doc:apposition"),
        ("foreign minister Cohen", "ISRGOV|doc:apposition"),
        ("Gantz", "ISRGOV|doc:apposition"),
        ("Azerbaijani officials", "AZEGOV|role:compound"),
        ("Iranian officials", "IRNGOV|role:compound"),
        ("Tehran regime", "IRNGOV|role:compound"),
        ("military forces of the Republic of Armenia", "ARMMIL|role:compound"),
        ("police", "IRNCOP|role:coordination"),
        ("intelligence services of the Iranian state", "IRNSPY|role:compound"),
        ("member of Azerbaijan\u2019s parliament", "AZELEG|role:compound"),
        ("Azerbaijani media", "AZEJRN|role:compound"),
        ("Iran\u2019s intelligence ministry", "IRNSPY|role:compound"),
        ("Teheran", "IRNGOV|gazetteer:capital"),
        ("Yerevan", "ARMGOV|gazetteer:capital"),
        ("Ashgabat", "TKMGOV|gazetteer:capital"),
        ("Russian", "RUS|gazetteer:demonym"),
        ("Chinese", "CHN|gazetteer:demonym"),
        ("Turkish", "TUR|gazetteer:demonym"),
    ],
)
def test_sample_article_mentions(
    sample_mentions: dict[str, list[str]], text: str, expected: str
) -> None:
    assert expected in sample_mentions.get(text, [])


def test_sample_article_has_no_central_asian_country(sample_mentions: dict[str, list[str]]) -> None:
    assert not any("Central Asia" in text for text in sample_mentions)


def test_build_reproduces_the_shipped_data(tmp_path: Path) -> None:
    if not REFERENCE.is_dir():
        pytest.skip("../shared/reference/actors is not present")
    build = _build_module()
    assert build.main(["--reference", str(REFERENCE), "--out", str(tmp_path)]) == 0
    for name in ("gazetteer.json", "igos.json", "persons.json"):
        assert (tmp_path / name).read_text("utf-8") == (DATA / name).read_text("utf-8"), name


def test_build_reports_a_missing_reference_folder(tmp_path: Path) -> None:
    build = _build_module()
    assert build.main(["--reference", str(tmp_path / "absent"), "--out", str(tmp_path)]) == 2
