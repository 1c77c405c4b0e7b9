"""Everyday English words, so that a casual word of a question is never taken as what it asks about.

"is it ok in kids", "max dose?": the coverage check (:mod:`assistant.retrieval.answer_gaps`)
refuses when the answer does not mention the words naming what is asked, and a word no
stored passage contains weighs most there, since it is usually the most specific word
of the question ("decanoate", "hypercalcemia"). Everyday words ("ok", "max", "pls") are
not in labels either, yet name nothing a label could answer. They are told apart by a
maintained vocabulary that ships with the package: the whole-word entries of the packaged
MiniLM WordPiece vocabulary (about 20,000 frequent English words). Technical and rare
words (drug names, salts, most conditions, abbreviations such as "nnt") are split into
pieces there, so they stay what the question is about.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from assistant.embeddings import packaged_model_files
from assistant.errors import EmbeddingModelError

_WORD_RE = re.compile(r"^[a-z]{2,}$")


@lru_cache(maxsize=1)
def everyday_words() -> frozenset[str]:
    """Whole lower-case words of the packaged WordPiece vocabulary (empty when it is not installed)."""
    try:
        _, tokenizer = packaged_model_files()
        vocab = json.loads(tokenizer.read_text(encoding="utf-8"))["model"]["vocab"]
    except (EmbeddingModelError, OSError, KeyError, ValueError):
        return frozenset()
    return frozenset(word for word in vocab if _WORD_RE.match(word))


def is_everyday(word: str, question: str) -> bool:
    """``word`` is an everyday word as the question writes it: in the vocabulary and not a proper noun.

    A capitalised word inside the question ("in Denmark", "the SATURN trial") names something, so it
    is never everyday; one that opens the question is read in lower case.
    """
    if word.lower() not in everyday_words():
        return False
    for match in re.finditer(rf"\b{re.escape(word)}\b", question, re.IGNORECASE):
        written = match.group(0)
        opening = not question[: match.start()].strip()
        if written[:1].isupper() and not opening:
            return False
    return True
