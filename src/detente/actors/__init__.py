"""Actors stage: find mentions of countries, bodies and persons and code them.

``find_mentions`` is the entry point; the gazetteer and the persons knowledge base
are data files shipped with the package (see ``detente/actors/data``).
"""

from detente.actors.gazetteer import Gazetteer, load_gazetteer
from detente.actors.kb import Person, load_persons, lookup_person
from detente.actors.resolve import find_mentions

__all__ = [
    "Gazetteer",
    "Person",
    "find_mentions",
    "load_gazetteer",
    "load_persons",
    "lookup_person",
]
