"""Events stage: trigger lexicon + dependency frames -> coded events.

Public API: :func:`code_document`, :func:`code_docs`, :func:`load_lexicon`,
:func:`cameo_table`, :func:`explain_event`; everything else in this package may change.
"""

from detente.events.code import (
    CodedDocument,
    MentionFinder,
    TimeFinder,
    code_docs,
    code_document,
    coder_version,
)
from detente.events.explain import ActorPath, Explanation, explain_event
from detente.events.factuality import factuality
from detente.events.lexicon import CameoCode, Lexicon, TriggerEntry, cameo_table, load_lexicon

__all__ = [
    "ActorPath",
    "CameoCode",
    "CodedDocument",
    "Explanation",
    "Lexicon",
    "MentionFinder",
    "TimeFinder",
    "TriggerEntry",
    "cameo_table",
    "code_docs",
    "code_document",
    "coder_version",
    "explain_event",
    "factuality",
    "load_lexicon",
]
