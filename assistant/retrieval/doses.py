"""Dose statements: which sentences give a dose, and the doses a dosing answer must carry.

Split from :mod:`assistant.retrieval.completeness`: a dosing answer states a dose as it is
given (an amount with its schedule, route or per-weight unit), and a question about a
progression ("how is it started and titrated?") gets the passage's dose steps in order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.retrieval.candidates import Candidate
from assistant.retrieval.completeness import FACET_CUTOFF, MAX_LIST_SENTENCES, is_duplicate, words_of
from assistant.retrieval.text import word_count
from assistant.types import Chunk

STEPS_RE = re.compile(
    r"titrat|escalat|schedul|increas|start|initiat|loading|maintenance|regimen|steps?\b|then\b", re.IGNORECASE
)
"""Wording of a dosing question about a progression of doses (start, steps, maintenance)."""
_DOSE_RE = re.compile(r"\d\s?(?:mg|mcg|µg|g|ml|units?|iu|mg/kg|mg/m2)\b", re.IGNORECASE)
_REGIMEN_RE = re.compile(
    r"/\s?(?:kg|m2|day|d)\b|\b(?:daily|day|days|weekly|week|weeks|hours?|every|once|twice|times|loading|maintenance"
    r"|per dose|bolus)\b",
    re.IGNORECASE,
)
"""When and how an amount is given: "5 mg/kg", "once daily", "on Day 1". "Supplied as 100 mg vials" states
an amount but no dose."""


ASKS_AMOUNT_RE = re.compile(r"\b(?:doses?|dosages?|dosing|how much)\b", re.IGNORECASE)
"""Wording of a question asking for an amount to give ("dose for …", "how much …"), not how or when."""
DOSE_LEAD_CUTOFF = 0.6
"""A sentence of the dosage section stating a dose leads a dose question when it scores at least this share
of the best sentence: a population section's trial sentence ("elderly patients received 10 to 20 mg") or a
sentence about dosing that states none ("information on dosing in children is supported by …") shares
more of the question's words, and the prescribing sentence ("10 mg/day is the recommended dose for most
elderly patients") answers it."""


def dose_lead(ranked: Sequence[Candidate], prescribing: Callable[[Candidate], bool]) -> Candidate | None:
    """The sentence that should lead a question asking for a dose, when the best one should not.

    ``ranked`` is best first; ``prescribing`` says whether a sentence comes from the section that
    prescribes doses (the label's Dosage and Administration). The best sentence keeps the lead when it
    states a dose there; otherwise the best prescribing sentence stating a dose, about the asked
    population or situation (not ``aside``) and close enough in score, leads.
    """
    if not ranked:
        return None
    best = ranked[0]
    if states_a_dose(best.text) and prescribing(best) and best.fit >= 0.0:
        return None
    return next(
        (
            c
            for c in ranked[1:]
            if not c.aside
            and c.fit >= 0.0  # not the dose of a band that excludes the asked patient ("10–17 years" for 6)
            and states_a_dose(c.text)
            and prescribing(c)
            and c.score >= best.score * DOSE_LEAD_CUTOFF
        ),
        None,
    )


def states_a_dose(sentence: str) -> bool:
    """The sentence gives an amount ("12 mg", "1.6 mg/kg"): what a dosing question asks for."""
    return bool(_DOSE_RE.search(sentence))


def states_a_regimen(sentence: str) -> bool:
    """The sentence gives a dose as it is given ("2.5 mg/kg once daily from Day 2"), not only a strength."""
    return states_a_dose(sentence) and bool(_REGIMEN_RE.search(sentence))


def continue_doses(chosen: list[Candidate], pool: Sequence[Candidate], max_words: int) -> list[Candidate]:
    """For "how is it started and titrated?": the best passage's other dose statements, in document order.

    The passage is the whole table when the best sentence is a row (see :func:`same_passage`).
    """
    if not chosen or chosen[0].hit.scores.get("section", 0.0) < 1.0:
        return chosen
    lead = chosen[0].hit.chunk
    steps = sorted(
        (
            c
            for c in pool
            if same_passage(c.hit.chunk, lead) and c not in chosen and not c.aside and states_a_dose(c.text)
        ),
        key=lambda c: (c.table_row, c.hit.chunk.ordinal, c.position),
    )
    for c in steps:
        if len(chosen) >= MAX_LIST_SENTENCES:
            break
        if words_of(chosen) + word_count(c.text) <= max_words and not is_duplicate(c, chosen):
            chosen.append(c)
    return chosen


def same_passage(chunk: Chunk, other: Chunk) -> bool:
    """The same passage, or row groups of one table: a table is chunked a few rows at a time, so the
    maintenance row of a dosing schedule may sit in the chunk after its loading rows."""
    if chunk.chunk_id == other.chunk_id:
        return True
    return (
        chunk.kind == other.kind == "table"
        and chunk.doc_id == other.doc_id
        and bool(chunk.caption)
        and chunk.caption == other.caption
    )


def with_a_dose(chosen: list[Candidate], pool: Sequence[Candidate], max_words: int) -> list[Candidate]:
    """A dosing answer states a dose: when no chosen sentence gives one as given (an amount with its
    schedule, route or per-weight unit, see :func:`states_a_regimen`), the best one that does joins.

    "Reduce the dosage as described in Dosage and Administration" or "Use the dosage
    reductions below" point at the dose; the sentence or row giving it answers.
    """
    if not chosen or any(states_a_regimen(c.text) for c in chosen):
        return chosen
    doses = [c for c in pool if c not in chosen and c.supports_answer and c.fit >= 0.0 and states_a_regimen(c.text)]
    if not doses:
        return chosen
    pick = max(doses, key=lambda c: c.score)
    if pick.score < chosen[0].score * FACET_CUTOFF:
        return chosen
    while len(chosen) > 1 and words_of(chosen) + word_count(pick.text) > max_words:
        chosen = chosen[:-1]
    return [*chosen, pick] if words_of(chosen) + word_count(pick.text) <= max_words else chosen
