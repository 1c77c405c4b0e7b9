"""Section awareness: how well a chunk's label section answers the question's intents.

The retriever turns a match into a score *boost*, never a filter, so a question
whose wording misleads the intent still finds its passage. What the question
asks is read in :mod:`assistant.retrieval.intents`; the section codes are in
:mod:`assistant.retrieval.loinc`.
"""

from __future__ import annotations

import re

from assistant.retrieval.intents import SectionIntent, detect_intents
from assistant.retrieval.loinc import ANIMAL_PHARMACOLOGY, CARCINOGENESIS, NONCLINICAL_TOXICOLOGY
from assistant.retrieval.text import content_terms
from assistant.types import Chunk

PRIMARY = 1.0
"""Boost strength for the section that answers the intent."""
SECONDARY = 0.5
"""Boost strength for a section that often also answers it (e.g. renal dosing in D&A)."""


def expansion_terms(intents: list[SectionIntent]) -> str:
    """Words of the answering sections' titles, appended to the BM25 query.

    Chunks are BM25-indexed with their section path, so "how does relugolix work?"
    plus "mechanism of action" reaches the Mechanism of Action passage that shares
    no word with the question but the drug name.
    """
    words: list[str] = []
    for intent in intents:
        for word in intent.titles[0].split() if intent.titles else []:
            if word not in words:
                words.append(word)
    return " ".join(words)


def _title_matches(section: str, titles: tuple[str, ...]) -> bool:
    """A title at a word start: "indications" is in "indications and usage", not in "contraindications"."""
    return any(re.search(rf"(?<![a-z]){re.escape(title)}", section) for title in titles)


def _without(section: str, unlike: tuple[str, ...]) -> str:
    """The section path without the titles of other sections that contain the intent's own."""
    for title in unlike:
        section = section.replace(title, " ")
    return section


def section_match(chunk: Chunk, intents: list[SectionIntent]) -> float:
    """How well the chunk's section answers the question's intents: 1.0, 0.5 or 0.0.

    Codes are compared with the chunk's own section code; titles with its whole
    section path, so a subsection ("8.6 Renal Impairment", code unclassified)
    inside "8 USE IN SPECIFIC POPULATIONS" still matches.
    """
    best = 0.0
    section = (chunk.section or "").lower()
    codes = chunk_codes(chunk)
    for intent in intents:
        titled = _title_matches(_without(section, intent.unlike), intent.titles)
        if codes & set(intent.codes) or titled:
            return PRIMARY
        if _title_matches(section, intent.titles):
            best = max(best, SECONDARY)  # "Clinical Trials Experience": trial rates, of harms
        if chunk.meta.doc_type in intent.doc_types:
            best = max(best, SECONDARY)
        if codes & set(intent.secondary_codes) or _title_matches(section, intent.secondary_titles):
            best = max(best, SECONDARY)
    return best


def names_section(chunk: Chunk, intent: SectionIntent) -> bool:
    """The chunk's own section is the intent's: its own code, or its own title starting with the intent's."""
    leaf = _without((chunk.section or "").split(" > ")[-1].strip().lower(), intent.unlike)
    return chunk.section_code in intent.codes or any(leaf.startswith(title) for title in intent.titles)


def chunk_codes(chunk: Chunk) -> set[str]:
    """LOINC codes of the chunk's whole section path when the loader records them, else its own code.

    Subsections of real labels are mostly "unclassified" (42229-5); the path's codes
    ("8 Use in Specific Populations" > "8.1 Pregnancy") say what they are.
    """
    path = getattr(chunk, "section_codes", None)
    codes = set(path) if path else set()
    if chunk.section_code:
        codes.add(chunk.section_code)
    return codes


def titled_with_asked(chunk: Chunk, question_terms: set[str], populations: frozenset[str] = frozenset()) -> bool:
    """A label subsection whose own title is what the question names ("7.2 Grapefruit Juice" for "grapefruit
    juice and <drug>"): its sentences are about what was asked, as a row is about its label.

    A title word naming a population the question asks about in other words ("Pediatric Ulcerative
    Colitis" for "a child with UC": ``populations`` are the question's population intents) is named too.
    """
    if chunk.meta.doc_type != "label" or " > " not in (chunk.section or ""):
        return False
    words = re.findall(r"[A-Za-z][\w'-]*", (chunk.section or "").split(" > ")[-1].strip())
    named = [w for w in words if set(content_terms(w)) <= question_terms]
    if not any(content_terms(w) for w in named):
        return False
    return all(w in named or _names_population(w, populations) for w in words if content_terms(w))


def _names_population(word: str, populations: frozenset[str]) -> bool:
    return bool(populations) and bool({i.name for i in detect_intents(word)} & populations)


NONCLINICAL_CODES = frozenset({NONCLINICAL_TOXICOLOGY, CARCINOGENESIS, ANIMAL_PHARMACOLOGY})
_NONCLINICAL_TITLE_RE = re.compile(r"\b(?:animal|nonclinical|non-clinical|preclinical)\b", re.IGNORECASE)


def is_nonclinical(chunk: Chunk) -> bool:
    """The passage reports animal or nonclinical data: Nonclinical Toxicology, or a subsection the label itself
    titles as animal data ("8.1 Pregnancy > Animal Data", "Juvenile Animal Data").

    A dose given to pregnant rabbits is no evidence of a human dose, route or use; the label's structure (LOINC
    codes, the subsection's own title) says which passages are such data, whatever species they name.
    """
    return bool(chunk_codes(chunk) & NONCLINICAL_CODES) or bool(_NONCLINICAL_TITLE_RE.search(chunk.section or ""))
