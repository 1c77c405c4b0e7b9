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
    """Per product and asked term: how many label passages name the term and which of them discuss interactions.

    Counted the first time a question asks (``label_passages`` gives a product's label passages): a
    word-start match of the term's stem, so no question pays for stemming whole labels.
    """

    def __init__(self, label_passages: Callable[[str], Iterable[Chunk]]) -> None:
        self._label_passages = label_passages
        self._labels: dict[str, list[Chunk]] = {}
        self._counts: dict[tuple[str, str], tuple[int, list[str]]] = {}

    def _count(self, product: str, term: str) -> tuple[int, list[str]]:
        """(label passages naming ``term``, ids of those naming it where they discuss interactions)."""
        key = (product.lower(), term)
        if key not in self._counts:
            if key[0] not in self._labels:
                self._labels[key[0]] = [
                    c
                    for c in self._label_passages(product)
                    if (c.meta.product or "").lower() == key[0] and c.meta.doc_type == "label" and c.answerable
                ]
            named = re.compile(rf"\b{re.escape(term)}", re.IGNORECASE)
            passages = [c for c in self._labels[key[0]] if named.search(c.text)]
            self._counts[key] = (len(passages), [c.chunk_id for c in passages if _discusses(c, named)])
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
            for term in stems:
                total, interaction = self._count(product, term)
                if interaction and len(interaction) >= MIN_INTERACTION_SHARE * total and term not in found:
                    found.append(term)
        return found

    def passages(self, product: str, term: str) -> list[str]:
        """Ids of the product's label passages that name ``term`` where they discuss interactions."""
        return self._count(product, term)[1]


def _discusses(chunk: Chunk, named: re.Pattern[str]) -> bool:
    """The passage names the term where it discusses interactions: anywhere in an interaction section,
    else in a sentence that says it is about concomitant use."""
    if is_interaction_passage(chunk):
        return True
    if not INTERACTIONS.pattern.search(chunk.text):
        return False
    return any(named.search(s) and INTERACTIONS.pattern.search(s) for s in split_sentences(chunk.text))
