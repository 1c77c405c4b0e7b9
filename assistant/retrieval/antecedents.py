"""What a sentence is about from the sentences before it in its section: the trial named, the endpoint defined.

A label's clinical-studies prose names a trial once and then reports it sentence by sentence:
"In the Treating to New Targets Study (TNT), the effect of … was assessed in 10,001 subjects …
Treatment with LIPITOR 80 mg/day significantly reduced the rate of MCVE … HR 0.78". Only the first
sentence says "TNT", so for "TNT hazard ratio" it outscores the one holding the ratio. Likewise an
endpoint is defined once ("The primary endpoint was the proportion of patients who died or
progressed to …") and its result restates the definition without the word "primary" ("The estimated
proportion of patients who died or progressed to … was lower with baricitinib (27.8%) …").

A reader takes both from the text before: each later sentence of the section is read under the trial
last introduced, as under a heading, and a sentence stating a figure that restates most of an
endpoint's definition is read under that endpoint's name. The names come from the text's own
introductions ("… Study (TNT)", "EBBINGHAUS (NCT02207634)", "the PreSAP trial"), never from a list.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from assistant.retrieval.candidates import Candidate
from assistant.retrieval.scoring import states_figure
from assistant.retrieval.text import content_terms, split_sentences
from assistant.retrieval.trials import is_name
from assistant.types import Chunk

_INTRODUCED_RE = re.compile(
    r"\b(?:Trial|Study)(?:\s+\d+)?\s*\((?P<a>[^\s,;)]+)"  # "… Study (TNT)", "Study 1 (FOURIER, NCT…)"
    r"|\b(?P<b>[A-Za-z][\w-]*)\s*\(NCT\d"  # "EBBINGHAUS (NCT02207634)"
    r"|\b(?P<c>[A-Za-z][\w-]*)\s+(?:trial|study|substudy)\b"  # "the PreSAP trial"
)
"""How a label introduces a trial by name; the name must be written as one (see :func:`trials.is_name`)."""
_DEFINITION_RE = re.compile(
    r"\b(?P<name>(?:(?:key|major|main)\s+)?(?:co-?)?(?:primary|secondary)\s+(?:(?:composite|efficacy)\s+)?"
    r"(?:endpoint|end point|outcome(?:\s+measure)?)s?)\b(?P<rest>.*)",
    re.IGNORECASE,
)
_VERB_RE = re.compile(r"\b(?:was|were|is|are)\b\s+", re.IGNORECASE)
MIN_DEFINITION_TERMS = 3
RESTATES_SHARE = 0.6
"""A figure-stating sentence naming this share of an endpoint's definition reports that endpoint."""


def introduced_trial(sentence: str, own: frozenset[str]) -> frozenset[str] | None:
    """Terms of the first trial the sentence introduces by name (not the product's own name), or None."""
    for match in _INTRODUCED_RE.finditer(sentence):
        name = next(g for g in match.groups() if g is not None)
        terms = frozenset(content_terms(name))
        if is_name(name) and terms and not terms & own:
            return terms
    return None


def defined_endpoint(sentence: str) -> tuple[frozenset[str], frozenset[str]] | None:
    """(name terms, definition terms) of "The primary endpoint was …", or None for another sentence."""
    match = _DEFINITION_RE.search(sentence)
    if match is None:
        return None
    verb = _VERB_RE.search(match.group("rest"))
    if verb is None:
        return None
    what = frozenset(content_terms(match.group("rest")[verb.end() :]))
    if len(what) < MIN_DEFINITION_TERMS:
        return None
    return frozenset(content_terms(match.group("name"))), what


def _in_reading_order(pool: Iterable[Candidate]) -> dict[tuple[str, str], list[Candidate]]:
    groups: dict[tuple[str, str], list[Candidate]] = defaultdict(list)
    for c in pool:
        chunk = c.hit.chunk
        if chunk.meta.doc_type == "label" and chunk.kind != "table" and chunk.section:
            groups[(chunk.doc_id, chunk.section)].append(c)
    for group in groups.values():
        group.sort(key=lambda c: (c.hit.chunk.ordinal, c.position))
    return groups


class _Reading:
    """The trial last introduced and the endpoints defined so far, sentence by sentence."""

    def __init__(self, own: frozenset[str]) -> None:
        self.own = own
        self.trial: frozenset[str] | None = None
        self.endpoints: list[tuple[frozenset[str], frozenset[str]]] = []

    def read(self, sentence: str, terms: frozenset[str]) -> frozenset[str]:
        """Take in one sentence; return what it is read under (empty when it says it itself)."""
        named = introduced_trial(sentence, self.own)
        under: frozenset[str] = frozenset()
        if named is not None:
            self.trial, self.endpoints = named, []  # a new trial's endpoints are its own
        elif self.trial is not None:
            under = self.trial
        defined = defined_endpoint(sentence)
        if defined is not None:
            self.endpoints.append(defined)
        elif self.endpoints and states_figure(sentence):
            restated = [name for name, what in self.endpoints if len(what & terms) >= RESTATES_SHARE * len(what)]
            if restated:
                under = under | restated[-1]
        return under

    def skim(self, chunks: Iterable[Chunk]) -> None:
        """Read passages that were not retrieved, for what they introduce."""
        for chunk in chunks:
            for sentence in split_sentences(chunk.text):
                self.read(sentence, frozenset(content_terms(sentence)))


def read_on(
    pool: Sequence[Candidate], own: frozenset[str], chunks_of: Callable[[str], list[Chunk]] | None = None
) -> None:
    """Read each label sentence under the trial introduced and the endpoint defined before it (in place).

    ``own`` are the terms of the products' names: "In the REPATHA group" introduces no trial.
    ``chunks_of`` gives a document's passages: those of the section before and between the retrieved
    ones are read for what they introduce. Without it a gap between retrieved passages starts afresh.
    """
    documents: dict[str, list[Chunk]] = {}
    for (doc_id, section), group in _in_reading_order(pool).items():
        section_chunks: list[Chunk] = []
        if chunks_of is not None:
            if doc_id not in documents:
                documents[doc_id] = sorted(chunks_of(doc_id), key=lambda c: c.ordinal)
            section_chunks = [c for c in documents[doc_id] if c.section == section and c.kind != "table"]
        reading = _Reading(own)
        last: int | None = None
        for c in group:
            ordinal = c.hit.chunk.ordinal
            if ordinal != last:
                skipped = [k for k in section_chunks if (last is None or k.ordinal > last) and k.ordinal < ordinal]
                if last is not None and ordinal > last + 1 and not skipped:
                    reading = _Reading(own)  # passages between them unseen: what they introduced is unknown
                reading.skim(skipped)
                last = ordinal
            c.heading = c.heading | reading.read(c.text, c.terms)
