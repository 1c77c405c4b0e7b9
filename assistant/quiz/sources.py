"""Where quiz keys come from: sentences of approved passages about one topic of one product.

A key must be a statement the trainee can be held to, so candidates are whole
sentences from approved, citable chunks (labels, publications, decks; never
unapproved speaker notes) in the sections that own the topic, filtered for
substance (a mechanism sentence names a target or an action; a dosing sentence
carries a dose). Sections are recognised by the same LOINC codes and titles
the retriever's section awareness uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.quiz.models import Topic
from assistant.retrieval import sections as sec
from assistant.retrieval.text import split_sentences, word_count
from assistant.types import Chunk

TOPIC_SECTIONS: dict[Topic, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "moa": ((sec.MECHANISM,), ("mechanism", "mode of action", "how it works", "moa")),
    "dosing": ((sec.DOSAGE_ADMINISTRATION,), ("dosage and administration", "dosing", "dose")),
    "safety": (
        (sec.BOXED_WARNING, sec.WARNINGS_PRECAUTIONS, sec.ADVERSE_REACTIONS, sec.CONTRAINDICATIONS),
        ("boxed warning", "warnings and precautions", "adverse reactions", "safety", "contraindications"),
    ),
    "efficacy": ((sec.CLINICAL_STUDIES,), ("clinical studies", "results", "efficacy", "primary endpoint")),
}
"""Per topic: the SPL section codes, and section-title words for PDFs and decks without codes."""

_SUBSTANCE: dict[Topic, re.Pattern[str]] = {
    "moa": re.compile(
        r"\b(?:bind|binds|binding|inhibit\w*|agonist|antagonist|block\w*|receptor\w*|enzyme|target\w*|"
        r"selective\w*|antibod\w*|antisense|oligonucleotide|kinase|integrin|prodrug|"
        r"suppress\w*|stimulat\w*|activat\w*|modulat\w*|splic\w*)\b",
        re.IGNORECASE,
    ),
    "dosing": re.compile(r"\d+(?:\.\d+)?\s?(?:mg|mcg|µg|mL|units?)\b", re.IGNORECASE),
    "safety": re.compile(
        r"\b(?:risk|infection\w*|malignan\w*|discontinu\w*|monitor\w*|contraindicat\w*|adverse|"
        r"toxicit\w*|serious|fatal|reaction\w*|occurred|incidence)\b",
        re.IGNORECASE,
    ),
    "efficacy": re.compile(r"\d", re.IGNORECASE),
}
_OFF_TOPIC: dict[Topic, re.Pattern[str]] = {
    # A mechanism slide or section may also mention metabolism or dosing; those are not the mechanism.
    "moa": re.compile(r"\b(?:CYP\w*|metaboli[sz]\w*|half-life|clearance|dos(?:e|es|ing)|\d+\s?mg)\b", re.I),
}
_ANAPHORIC = re.compile(r"^(?:This|These|That|Those|Such|Both)\b")
"""A sentence opening with "This …" leans on the one before it and cannot stand alone as a key."""
_NOISE = re.compile(r"demo content|not approved labeling|see full prescribing|\bsection \d", re.IGNORECASE)
MIN_WORDS, MAX_WORDS = 8, 45


@dataclass(frozen=True)
class KeyCandidate:
    """A sentence that could be a quiz key, with the chunk that proves it."""

    sentence: str
    chunk: Chunk


def belongs_to_topic(chunk: Chunk, topic: Topic) -> bool:
    """Whether the chunk's section (code, or title for documents without codes) owns the topic."""
    codes, titles = TOPIC_SECTIONS[topic]
    if chunk.section_code and chunk.section_code in codes:
        return True
    section = (chunk.section or "").lower()
    if topic == "efficacy" and chunk.meta.doc_type == "publication" and "result" in section:
        return True
    return any(title in section for title in titles)


def key_candidates(chunks: list[Chunk], topic: Topic) -> list[KeyCandidate]:
    """Substantive sentences of the topic's sections, in document order, without repeats."""
    seen: set[str] = set()
    found: list[KeyCandidate] = []
    for chunk in chunks:
        if not chunk.answerable or chunk.kind == "table" or not belongs_to_topic(chunk, topic):
            continue
        for sentence in split_sentences(chunk.text):
            norm = " ".join(sentence.lower().split())
            off_topic = _OFF_TOPIC.get(topic)
            if norm in seen or _NOISE.search(sentence) or _ANAPHORIC.match(sentence):
                continue
            if not _SUBSTANCE[topic].search(sentence):
                continue
            if off_topic is not None and off_topic.search(sentence):
                continue
            if not MIN_WORDS <= word_count(sentence) <= MAX_WORDS or not sentence.rstrip().endswith("."):
                continue
            seen.add(norm)
            found.append(KeyCandidate(sentence.strip(), chunk))
    return found
