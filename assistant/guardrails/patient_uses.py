"""Approved uses restated in lay words by the label's own patient-facing sections.

A Medication Guide (LOINC 42231-1) or Patient Information leaflet (42230-3, or a PDF section so
titled) answers "What is X?" in the words patients and field staff use: "an antibiotic used to treat
women and girls ... who have an infection of the bladder (known as an uncomplicated urinary tract
infection)", "used to treat blood clots", "used after menopause to: reduce moderate to severe hot
flashes". Each such restatement is attached to the formal indication it restates (the one sharing
most words or ICD-10-CM codes with it), so a question in lay words is covered by that indication
with all of its limits (ages, sex, biomarkers, prior therapy) instead of being read as an unknown use.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from assistant.guardrails.populations import path_codes
from assistant.guardrails.text import sentences, tokenize
from assistant.guardrails.vocabulary import categories as vocabulary_categories
from assistant.types import Chunk

if TYPE_CHECKING:
    from assistant.guardrails.label_profile import IndicationEntry

PATIENT_CODES = frozenset(["42230-3", "42231-1"])
_PATIENT_TITLE = re.compile(r"\b(?:patient information|medication guide)\b", re.I)
_USE = re.compile(
    r"\b(?:is|are)\b[^.:;]{0,80}?\b(?:used|approved)(?:\s+\w+){0,3}?\s+(?:to|for)\b\s*|"
    r"\b(?:is|are) (?:a |an )?(?:prescription )?medicines? that (?=\w+s\b)",
    re.I,
)
"""'X is a prescription medicine used to treat ...', 'X is used after menopause to:', 'X is a
prescription medicine that is approved for patients with:', 'X is a prescription medicine that
lowers ...'."""
_DENIED = re.compile(r"\b(?:not (?:be )?(?:used|approved|for)|should not|must not|do not (?:take|use))\b", re.I)
_RELATIVE = re.compile(r"\b(?:who|which|that|whose)\b", re.I)
_FINITE = re.compile(r"\b(?:is|are|was|were|has|have|had|can|may|will|would|should|do|does)\b", re.I)
_MAX_ITEM_TOKENS = 24
_BULLET = re.compile(r"^\W+")
_PROSE_START = re.compile(
    r"(?:the|this|these|those|that|it|its|a|an|your|you|some|sometimes|when|if|there|they|we|he|she)\b", re.I
)
_WEAK = frozenset(
    ["treat", "treatment", "use", "used", "adult", "adults", "patient", "patients", "people", "medicine",
     "prescription", "help", "reduce", "lower", "certain", "condition", "conditions", "who", "have", "with",
     "the", "a", "an", "and", "or", "of", "to", "in", "for", "that", "is", "are", "by", "your", "you", "from",
     "it", "this", "these", "those", "when", "as", "at", "on", "be", "can", "may", "who", "which"]
)  # fmt: skip
_MAX_ITEMS = 12


def _patient_section(chunk: Chunk) -> bool:
    return bool(PATIENT_CODES & set(path_codes(chunk))) or bool(_PATIENT_TITLE.search(chunk.section or ""))


def lay_uses(chunks: list[Chunk], names: tuple[str, ...]) -> list[str]:
    """Lay restatements of the product's uses: the part after "used to"/"approved for" of a sentence
    whose subject is the product, and the items of the list a lead ending with a colon introduces
    (each prefixed with the lead's own words, "after menopause"), up to the next question or lead.
    A sentence denying a use ("should not be used to treat people with type 1 diabetes") and another
    medicine's use ("Nitrates are used to treat chest pain") are not kept."""
    subject = re.compile(r"^\W*(?:" + "|".join(re.escape(n) for n in names) + r")\b", re.I)
    out: list[str] = []
    lead: str | None = None
    items = 0
    for sentence in (s for c in chunks if _patient_section(c) for s in sentences(c.text)):
        if "?" in sentence or sentence.rstrip().endswith(":"):
            lead, items = None, 0
        elif lead is not None and items < _MAX_ITEMS:
            item = _BULLET.sub("", sentence)
            if _list_item(item) and not subject.search(item):
                out.append(f"{lead} {item}")
                items += 1
            continue
        statement = sentence.split("?")[-1]
        m = _USE.search(statement)
        if m is None or not subject.search(statement) or _DENIED.search(statement):
            continue
        rest = statement[m.end() :].strip()
        if rest.endswith(":") or not rest:
            lead, items = statement[m.start() : m.end()].strip() + " " + rest.rstrip(":"), 0
            continue
        out.append(rest)
    return out


def _list_item(sentence: str) -> bool:
    """An item of the list a lead introduces ("Reduce moderate or severe hot flashes", "Crohn's
    Disease - children 6 years and older ... who have not responded well"), not the explanatory prose
    a leaflet puts between items ("Estrogens are hormones made by a woman's ovaries")."""
    main = _RELATIVE.split(sentence, maxsplit=1)[0]
    if not sentence[:1].isupper() or _PROSE_START.match(sentence):
        return False  # a wrapped fragment ("attack normal healthy parts") or prose ("This drop ...")
    return len(tokenize(sentence)) <= _MAX_ITEM_TOKENS and not _FINITE.search(main) and not _DENIED.search(sentence)


def _content(text: str) -> frozenset[str]:
    return frozenset(t.norm for t in tokenize(text) if t.text[0].isalpha() and t.lower not in _WEAK)


def restated(
    indications: list[IndicationEntry], lay: list[str], stems_of: Callable[[str], frozenset[str]]
) -> list[IndicationEntry]:
    """The indication entries with the stems of the lay restatements that restate them: each lay
    text joins the entries sharing most content words or ICD-10-CM codes with it; one sharing
    nothing with any entry joins none (it may restate a use in words the entries never use, but
    attaching it to a guessed use could lift that use's limits)."""
    if not indications or not lay:
        return indications
    extra: list[set[str]] = [set() for _ in indications]
    for text in lay:
        words, codes = _content(text), vocabulary_categories(text)
        scores = [len(words & e.stems) + 2 * len(codes & e.categories) for e in indications]
        best = max(scores)
        for i, score in enumerate(scores):
            if best > 0 and score == best:
                extra[i].update(stems_of(text))
    return [replace(e, stems=e.stems | frozenset(x)) if x else e for e, x in zip(indications, extra, strict=True)]
