"""Actors stage: find mentions of countries, bodies and persons and code them.

``find_mentions`` is the entry point; the gazetteer and the persons knowledge base
are data files shipped with the package (see ``detente/actors/data``). A
``KnowledgeBase`` adds what the store knows (``detente.actors.store_kb.load_kb``):
entries learned from earlier documents, added or imported by users.
"""

from detente.actors.gazetteer import Gazetteer, load_gazetteer
from detente.actors.kb import Person, load_persons, lookup_person
from detente.actors.knowledge import Evidence, KbEntry, KnowledgeBase, KnowledgeBaseError
from detente.actors.lessons import lessons
from detente.actors.resolve import find_mentions

__all__ = [
    "Evidence",
    "Gazetteer",
    "KbEntry",
    "KnowledgeBase",
    "KnowledgeBaseError",
    "Person",
    "find_mentions",
    "lessons",
    "load_gazetteer",
    "load_persons",
    "lookup_person",
]
