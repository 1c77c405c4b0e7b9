"""The prescribing information before the patient leaflet: a clinical question is answered from the PI.

A label carries, after its prescribing information (PI), the patient labeling: Patient Information,
Medication Guide, Instructions for Use. They restate the PI in plain words ("your healthcare provider
should do blood tests to check your cholesterol levels approximately 12 weeks after you start"), and
plain words often share more with a question than the PI's ("Assessment of lipid parameters should be
performed approximately 12 weeks following initiation"). An MSL answer cites the PI: when the leaflet
sentence leading an answer states figures the PI states too, the PI sentence stating them leads instead.

Which part is which comes from the label's own structure: the LOINC codes of the SPL sections, which
PDF labels get from their section headings (see :mod:`assistant.ingest.spl_sections`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.retrieval.candidates import Candidate
from assistant.retrieval.loinc import INSTRUCTIONS_FOR_USE, MEDICATION_GUIDE, PATIENT_INFORMATION
from assistant.retrieval.text import numbers
from assistant.types import Chunk

LEAFLET_CODES = frozenset({PATIENT_INFORMATION, MEDICATION_GUIDE, INSTRUCTIONS_FOR_USE})
ASKS_LEAFLET_RE = re.compile(
    r"\bpatient (?:information|leaflet|labeling|insert|instructions)\b|\bmedication guide\b|\bleaflet\b"
    r"|\binstructions for use\b|(?-i:\bIFU\b)|\bcounsel\w*"
    r"|\b(?:tell|advise|teach) (?:the )?(?:patients?|caregivers?)\b",
    re.IGNORECASE,
)
"""A question about what patients are told is answered by the patient labeling itself."""


def is_leaflet(chunk: Chunk) -> bool:
    """The passage is part of the label's patient labeling (its section or an ancestor is coded so)."""
    return chunk.meta.doc_type == "label" and bool(LEAFLET_CODES & {chunk.section_code, *chunk.section_codes})


def prescribing_version(best: Candidate, ranked: Sequence[Candidate], question: str) -> Candidate | None:
    """The PI sentence stating every figure of a leaflet sentence ``best`` (the best scoring), or None.

    None when ``best`` is no leaflet sentence, states no figure, or the question asks about the leaflet.
    """
    chunk = best.hit.chunk
    if not is_leaflet(chunk) or ASKS_LEAFLET_RE.search(question):
        return None
    figures = numbers(best.text)
    if not figures:
        return None
    return next(
        (
            c
            for c in ranked
            if c.hit.chunk.doc_id == chunk.doc_id
            and not is_leaflet(c.hit.chunk)
            and c.supports_answer
            and figures <= numbers(c.text)
        ),
        None,
    )
