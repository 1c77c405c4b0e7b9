"""A question that names another drug beside the product asks how the two interact.

"can someone on warfarin take ibuprofen?", "blujepa and digoxin together?", "<drug> plus
itraconazole, ok?" carry none of the wording the interaction intent is read from
(:mod:`assistant.retrieval.intents`: "interact", "concomitant", "co-administered"…), and the
prototype classifier often takes them for dosing questions. What tells them apart is the
other drug, and no word list is needed to recognise it: the product's own label names it
where it discusses interactions (Drug Interactions, or the drug-interaction studies of
Clinical Pharmacology), often as an example in a table ("NSAIDs: celecoxib, ibuprofen …").

A question word is such a co-medication when, among the product's label passages that
contain it, a good share discuss interactions: passages of an interaction section, or a
sentence that says so itself ("… following concomitant use with itraconazole", "in
combination with anakinra or abatacept"). A word the label uses everywhere ("hypoglycemia",
"pregnancy") is mostly found elsewhere; an everyday word ("insulin", "juice", "alcohol": whole
words of the packaged WordPiece vocabulary, see :mod:`assistant.retrieval.common_words`) or a word
found in more than 1% of the library's passages is too common to name a drug; an acronym
("pcJIA") names a condition or a trial more often than a drug. None of them turns a question
into an interaction question; a drug name the label mentions as an interacting drug does.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable

from assistant.retrieval.common_words import is_everyday
from assistant.retrieval.intents import INTENTS, SectionIntent
from assistant.retrieval.sections import section_match
from assistant.retrieval.text import content_terms, split_sentences
from assistant.types import Chunk

INTERACTIONS: SectionIntent = next(i for i in INTENTS if i.name == "interactions")
MIN_INTERACTION_SHARE = 0.25
"""Share of a product's label passages holding the term that must be interaction passages."""
MIN_IDF = math.log(100)
"""A drug name is rare: in at most 1% of the library's passages."""
_INTERACTION_PATH_RE = re.compile(r"\binteraction", re.IGNORECASE)
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*")
_ACRONYM_RE = re.compile(r"^.+[A-Z]")


def is_interaction_passage(chunk: Chunk) -> bool:
    """A passage of Drug Interactions, or of a drug-interaction study ("12.3 … Drug Interaction Studies")."""
    return section_match(chunk, [INTERACTIONS]) >= 1.0 or bool(_INTERACTION_PATH_RE.search(chunk.section or ""))


class CoMedicationIndex:
    """Per product: for each label term, how many label passages hold it and how many of them discuss interactions.

    A product's counts are made the first time a question names it (``label_passages`` gives its label
    passages), so no question pays for the labels of the whole library.
    """

    def __init__(self, label_passages: Callable[[str], Iterable[Chunk]]) -> None:
        self._label_passages = label_passages
        self._counts: dict[str, dict[str, list[int]]] = {}
        self._passages: dict[tuple[str, str], list[str]] = defaultdict(list)

    def _of(self, product: str) -> dict[str, list[int]]:
        key = product.lower()
        if key not in self._counts:
            counts: dict[str, list[int]] = {}
            for chunk in self._label_passages(product):
                if (chunk.meta.product or "").lower() != key or chunk.meta.doc_type != "label" or not chunk.answerable:
                    continue
                terms = set(content_terms(chunk.text))
                for term in terms:
                    counts.setdefault(term, [0, 0])[0] += 1
                for term in terms & _interaction_terms(chunk):
                    counts[term][1] += 1
                    self._passages[(key, term)].append(chunk.chunk_id)
            self._counts[key] = counts
        return self._counts[key]

    def other_drugs(self, question: str, products: Iterable[str], idf: Callable[[str], float]) -> list[str]:
        """Stems of the question's words that the products' labels name where they discuss interactions.

        ``question`` has its product names masked; ``idf`` is the library's (see
        :class:`assistant.retrieval.relevance.TermStatistics`).
        """
        stems: list[str] = []
        for word in _WORD_RE.findall(question):
            if _ACRONYM_RE.match(word) or is_everyday(word, question):
                continue
            stems += [t for t in content_terms(word) if t not in stems and idf(t) >= MIN_IDF]
        found: list[str] = []
        for product in products if stems else ():
            counts = self._of(product)
            for term in stems:
                total, interaction = counts.get(term, (0, 0))
                if interaction and interaction >= MIN_INTERACTION_SHARE * total and term not in found:
                    found.append(term)
        return found

    def passages(self, product: str, term: str) -> list[str]:
        """Ids of the product's label passages that name ``term`` where they discuss interactions."""
        self._of(product)
        return self._passages.get((product.lower(), term), [])


def _interaction_terms(chunk: Chunk) -> set[str]:
    """Terms the passage names where it discusses interactions: all of an interaction section's, else
    those of its sentences that say they are about concomitant use."""
    if is_interaction_passage(chunk):
        return set(content_terms(chunk.text))
    if not INTERACTIONS.pattern.search(chunk.text):
        return set()
    return {t for s in split_sentences(chunk.text) if INTERACTIONS.pattern.search(s) for t in content_terms(s)}
