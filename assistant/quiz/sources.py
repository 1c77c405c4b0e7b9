"""Where quiz facts come from: typed slots in sentences of a product's approved passages.

A fact must be something the trainee can be held to, so candidates are whole
sentences from approved, citable chunks (labels, publications, decks; never
unapproved speaker notes or tables) in the sections that own a topic, and the
thing asked is one typed slot of that sentence (see :mod:`assistant.quiz.slots`):
a target in the mechanism or indication, a route, interval or dose in Dosage
and Administration, a time span or rate in the safety and efficacy sections.
Sections are recognised by the same LOINC codes and titles the retriever uses.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from math import sqrt

from assistant.quiz.models import Topic
from assistant.quiz.slots import Slot, SlotKind, find_slots
from assistant.retrieval import loinc as sec
from assistant.retrieval.text import content_terms, split_sentences, word_count
from assistant.types import Chunk

TOPIC_SECTIONS: dict[Topic, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "moa": (
        (sec.MECHANISM, sec.INDICATIONS, sec.PHARMACODYNAMICS),
        ("mechanism", "mode of action", "how it works", "moa", "indications"),
    ),
    "dosing": (
        (sec.DOSAGE_ADMINISTRATION, sec.DOSAGE_FORMS),
        ("dosage and administration", "dosing", "dose", "administration"),
    ),
    "safety": (
        (sec.BOXED_WARNING, sec.WARNINGS_PRECAUTIONS, sec.WARNINGS, sec.ADVERSE_REACTIONS, sec.CONTRAINDICATIONS),
        ("boxed warning", "warnings", "adverse reactions", "safety", "contraindications", "monitoring"),
    ),
    "efficacy": ((sec.CLINICAL_STUDIES,), ("clinical studies", "results", "efficacy", "primary endpoint")),
}
"""Per topic: the SPL section codes, and section-title words for PDFs and decks without codes."""

TOPIC_SLOTS: dict[Topic, tuple[SlotKind, ...]] = {
    "moa": ("entity",),
    "dosing": ("route", "interval", "dose", "duration", "monitoring"),
    "safety": ("monitoring", "interval", "duration", "percent", "entity"),
    "efficacy": ("percent", "duration"),
}
"""Which slot kinds make a question on each topic (a percentage in a dosing section is no dosing fact)."""

_ANAPHORIC = re.compile(r"^(?:This|These|That|Those|Such|Both|It|They)\b")
"""A sentence opening with "This …" leans on the one before it and cannot stand alone as a key."""
_NOISE = re.compile(r"demo content|not approved labeling|see full prescribing|\bsection \d|\(\s*\d+\.\d+\s*\)", re.I)
MIN_WORDS, MAX_WORDS = 6, 40
LIST_ITEM_WORDS = 8
"""A line without a full stop is a claim only from this many words (shorter ones are headings)."""
CONTEXT_SPAN = 3
STUDY_SHARE = 0.25
"""Share of a symbol's context weight on study words above which it is a study name."""
_STUDY_TERMS = frozenset(content_terms("study studies trial trials randomized open-label extension cohort"))
"""Content words each side of a target that make up its context profile."""


@dataclass(frozen=True)
class Fact:
    """One askable fact: a slot of a sentence, the chunk that proves it, and its topic."""

    sentence: str
    chunk: Chunk
    slot: Slot
    topic: Topic


def belongs_to_topic(chunk: Chunk, topic: Topic) -> bool:
    """Whether the chunk's section (code, or title for documents without codes) owns the topic."""
    codes, titles = TOPIC_SECTIONS[topic]
    if chunk.section_code and chunk.section_code in codes:
        return True
    section = (chunk.section or "").lower()
    if topic == "efficacy" and chunk.meta.doc_type == "publication" and "result" in section:
        return True
    return any(title in section for title in titles)


def chunk_topic(chunk: Chunk, topics: tuple[Topic, ...]) -> Topic | None:
    """The first of ``topics`` whose sections hold the chunk."""
    return next((t for t in topics if belongs_to_topic(chunk, t)), None)


def usable_sentences(chunk: Chunk) -> list[str]:
    """Sentences that stand alone as a statement: whole, not anaphoric, not boilerplate, not too long."""
    lines_are_items = chunk.meta.doc_type == "slide_deck"
    out: list[str] = []
    for sentence in split_sentences(chunk.text, lines_are_items=lines_are_items):
        s = sentence.strip()
        least = MIN_WORDS + 2 if lines_are_items else MIN_WORDS  # a short slide line is a title, not a claim
        if _NOISE.search(s) or _ANAPHORIC.match(s) or not least <= word_count(s) <= MAX_WORDS:
            continue
        if not lines_are_items and not s.endswith(".") and (word_count(s) < LIST_ITEM_WORDS or s.endswith(":")):
            continue  # a heading, or a fragment; a long list item ("symptoms do not improve within 7 days") is a claim
        out.append(s)
    return out


def facts(chunks: list[Chunk], topics: tuple[Topic, ...], names: frozenset[str]) -> list[Fact]:
    """Every askable fact of the chunks, in document order; a sentence seen twice counts once."""
    seen: set[str] = set()
    found: list[Fact] = []
    for chunk in chunks:
        if not chunk.answerable or chunk.kind == "table":
            continue
        topic = chunk_topic(chunk, topics)
        if topic is None:
            continue
        for sentence in usable_sentences(chunk):
            norm = " ".join(sentence.lower().split())
            if norm in seen:
                continue
            seen.add(norm)
            for slot in find_slots(sentence, names):
                if slot.kind in TOPIC_SLOTS[topic]:
                    found.append(Fact(sentence, chunk, slot, topic))
    return found


_CENTRAL = (
    sec.BOXED_WARNING,
    sec.CONTRAINDICATIONS,
    sec.MECHANISM,
    sec.DOSAGE_ADMINISTRATION,
    sec.WARNINGS_PRECAUTIONS,
)
_PERIPHERAL = (sec.ADVERSE_REACTIONS, sec.DOSAGE_FORMS)
_TRIVIA = re.compile(r"\b(?:age[ds]?|old|older|younger|mean|median|enrolled|randomi[sz]ed)\b", re.I)
"""Enrolment ages and demographics are no fact a trainee needs to know about a medicine."""


def priority(fact: Fact) -> int:
    """0 for facts from the sections a trainer asks about first (boxed warning, mechanism, dosing), 2 for trivia."""
    if _TRIVIA.search(fact.sentence):
        return 2
    if fact.chunk.section_code in _CENTRAL:
        return 0
    return 2 if fact.chunk.section_code in _PERIPHERAL else 1


class SlotVocabulary:
    """Per slot kind, every value the documents use, and for targets the words they keep company with.

    Two symbols that appear next to the same words ("… receptor antagonist",
    "inhibits …") are of the same class; "ALT" (next to "elevations", "liver")
    is not a plausible stand-in for a receptor. The profiles are learnt from the
    stored documents, so a new label brings its own vocabulary.
    """

    def __init__(self, chunks: list[Chunk], names: frozenset[str]) -> None:
        self.values: dict[SlotKind, set[str]] = {}
        self.contexts: dict[str, Counter[str]] = {}
        for chunk in chunks:
            if not chunk.answerable:
                continue
            for sentence in usable_sentences(chunk):
                for slot in find_slots(sentence, names):
                    self.values.setdefault(slot.kind, set()).add(slot.value)
                    if slot.kind == "entity":
                        self._learn(slot.value, sentence, slot)

    def _learn(self, value: str, sentence: str, slot: Slot) -> None:
        before = content_terms(sentence[: slot.start])[-CONTEXT_SPAN:]
        after = content_terms(sentence[slot.end :])[:CONTEXT_SPAN]
        profile = self.contexts.setdefault(value.lower(), Counter())
        for i, term in enumerate(reversed(before)):
            profile[term] += 3 if i == 0 else 1
        for i, term in enumerate(after):
            profile[term] += 3 if i == 0 else 1

    def names_a_study(self, value: str) -> bool:
        """A symbol mostly met next to "study" or "trial" ("GAIN", "SHINE") names a study, not a target."""
        profile = self.contexts.get(value.lower())
        if not profile:
            return False
        study = sum(profile[t] for t in _STUDY_TERMS)
        return study >= STUDY_SHARE * sum(profile.values())

    def similarity(self, a: str, b: str) -> float:
        """Cosine of the two values' context profiles (0 when either was never seen)."""
        pa, pb = self.contexts.get(a.lower()), self.contexts.get(b.lower())
        if not pa or not pb:
            return 0.0
        dot = sum(v * pb[k] for k, v in pa.items() if k in pb)
        return dot / (sqrt(sum(v * v for v in pa.values())) * sqrt(sum(v * v for v in pb.values())))
