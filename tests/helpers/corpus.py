"""Corpora the reliability tests build: short, varied news items."""

from __future__ import annotations

import json
import random
from pathlib import Path

_ACTORS = [
    ("Azerbaijani President Ilham Aliyev", "Baku"),
    ("Iranian Foreign Minister Hossein Amir-Abdollahian", "Tehran"),
    ("Israeli Defence Minister Benny Gantz", "Jerusalem"),
    ("Turkish President Recep Tayyip Erdogan", "Ankara"),
    ("Armenian Prime Minister Nikol Pashinyan", "Yerevan"),
    ("Georgian Prime Minister Irakli Garibashvili", "Tbilisi"),
    ("Russian Foreign Minister Sergei Lavrov", "Moscow"),
    ("French President Emmanuel Macron", "Paris"),
    ("the German government", "Berlin"),
    ("Kazakh President Kassym-Jomart Tokayev", "Astana"),
    ("the Ukrainian army", "Kyiv"),
    ("Polish Prime Minister Mateusz Morawiecki", "Warsaw"),
]
_COUNTRIES = [
    "Azerbaijan",
    "Iran",
    "Israel",
    "Turkey",
    "Armenia",
    "Georgia",
    "Russia",
    "France",
    "Germany",
    "Kazakhstan",
    "Ukraine",
    "Poland",
]
_ACTS = [
    "visited {place} on {day} for talks on energy and transit",
    "met his counterpart in {place} on {day} to discuss border security",
    "accused {country} on {day} of supporting armed groups near the border",
    "signed an agreement with {country} on {day} on gas deliveries",
    "condemned {country} on {day} for the shelling of villages",
    "expelled four diplomats of {country} on {day}",
    "threatened {country} with sanctions on {day} over the detention of journalists",
    "called on {country} on {day} to release the detained activists",
    "praised {country} on {day} for its help after the earthquake",
    "rejected the proposal of {country} on {day} for a new ceasefire line",
]
_SECOND = [
    "Officials said the talks would continue in {month}.",
    "The ministry gave no further details.",
    "Analysts in {place} expect a reply within weeks.",
    "A joint statement is due in {month}.",
    "",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "3 March", "17 May"]
_MONTHS = ["January", "April", "June", "September", "November"]


def news_item(rng: random.Random, number: int) -> str:
    """One or two sentences of a news report, varied by ``number`` and the seed."""
    actor, _ = rng.choice(_ACTORS)
    act = rng.choice(_ACTS)
    _, place = rng.choice(_ACTORS)
    text = f"{actor} " + act.format(
        place=place, country=rng.choice(_COUNTRIES), day=rng.choice(_DAYS)
    )
    text += f", report {number} said."
    second = rng.choice(_SECOND).format(month=rng.choice(_MONTHS), place=place)
    return f"{text} {second}".strip()


def write_corpus(folder: Path, *, documents: int, seed: int = 10, files: int = 0) -> Path:
    """``documents`` items: ``files`` of them as .txt files, the rest in one JSONL file."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    records = []
    for number in range(documents):
        day = 1 + number % 28
        text = news_item(rng, number)
        if number < files:
            (folder / f"item-{number:05d}.txt").write_text(text + "\n", encoding="utf-8")
        else:
            records.append({"id": f"n{number:05d}", "text": text, "date": f"2023-05-{day:02d}"})
    lines = "\n".join(json.dumps(r) for r in records)
    (folder / "wire.jsonl").write_text(lines + "\n", encoding="utf-8")
    return folder
