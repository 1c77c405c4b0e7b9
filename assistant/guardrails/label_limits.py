"""Limits a label states as numbers or methods anywhere in its text (contraindications, dosage,
warnings): kidney-function thresholds ("contraindicated in patients with an eGFR below 30
mL/min/1.73 m2") and administration methods it forbids ("Do not administer as an intravenous push or
bolus", "Routine use of loading doses is not recommended"). A text placing a patient inside such a
threshold, or proposing a forbidden method, is outside the approved use whatever the label's format
(SPL or PDF)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.guardrails.kidney_stages import proposed_stage_values, stage_ranges

_KIDNEY = r"(?:\be?GFR\b|\bCrCl\b|\bcreatinine clearance\b|\bglomerular filtration rate\b)"
_FORBIDS = re.compile(r"\bcontraindicated\b|\bnot recommended\b|\b(?:do|should|must) not\b|\bnot be used\b", re.I)
_AVOID = re.compile(r"\bavoid(?:ed)?\s+(?:the\s+)?(?:use|using|administ\w*|giving|concomitant)\b", re.I)
"""'Avoid use of X in patients with severe renal impairment (eGFR <30 mL/min)' limits like 'not recommended'."""
_INITIATION = re.compile(r"\binitiat\w*|\bstart\w*\b|\bbegin\w*\b|\bnew(?:ly)?\b", re.I)
_NUM = r"(\d+(?:\.\d+)?)"
_BELOW = re.compile(r"(?:\bbelow|\bless than|\bunder|<)\s*" + _NUM)
_BETWEEN = re.compile(r"\bbetween\s+" + _NUM + r"\s*(?:to|and|-|–)\s*" + _NUM)
_VALUE = re.compile(_KIDNEY + r"(?:\s*\([^)]*\))?[^\d.?;]{0,25}?" + _NUM, re.I)
_ASKS_RECOMMENDATION = re.compile(
    r"^\W*(?:is|are|would|was)\b[^.?]{0,60}\b(?:recommended|contraindicated|advised|allowed)\b", re.I
)
"""'Is X recommended in children with an eGFR below 30?': a question about the label's own limit."""
_NOT_A_PROPOSAL = re.compile(
    r"\b(?:falls?|drops?|declines?|decreases?|worsens?|why|not|never|avoid\w*|monitor\w*|check\w*|assess\w*"
    r"|contraindicated|what (?:does|do|should)|when should|how should|adjust\w*|studied|data|guidance"
    r"|pharmacokinetic\w*|label\w* (?:says?|states?|recommends?))\b|n't\b",
    re.I,
)
"""A sentence asking what the label says about a threshold or a method, or about monitoring a
falling value, proposes nothing: "What should happen if eGFR falls below 30?", "Why not as a push?",
"Does it need a dose adjustment in ESRD?", "Was it studied in dialysis patients?";
nor does the restriction stated ("X is contraindicated in patients with an eGFR below 30")."""
_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:mg|mcg|g)\b", re.I)
_METHODS = {
    "push": re.compile(r"\bpush\b", re.I),
    "bolus": re.compile(r"\bbolus\b", re.I),
    "loading dose": re.compile(r"\bloading doses?\b", re.I),
    "crushing": re.compile(r"\bcrush(?:ed|es|ing)?\b(?!-)", re.I),
    "chewing": re.compile(r"\bchew(?:ed|s|ing)?\b(?!-)", re.I),
    "splitting": re.compile(r"\b(?:split(?:s|ting)?|cut(?:s|ting)?|halv(?:e|ed|es|ing)|in half)\b(?!-)", re.I),
    "opening": re.compile(r"\bopen(?:ed|s|ing)?\b(?!-)", re.I),
    "dissolving": re.compile(r"\bdissolv(?:e|ed|es|ing)\b(?!-)", re.I),
}
"""Ways of giving a product a label may forbid: "Do not administer as an intravenous push or bolus",
"Routine use of loading doses is not recommended", "Do not open, chew, crush, or dissolve the
capsule", "do not crush, split or chew them"."""
_HANDLED = frozenset(["crushing", "chewing", "splitting", "opening", "dissolving"])
_DOSAGE_FORM = re.compile(r"\b(?:tablets?|capsules?|patch(?:es)?|pellets?|film|granules|contents)\b", re.I)
"""A handling method binds when the forbidding sentence is about the dosage form ("Do not cut the
pouch with scissors" forbids nothing about the patch)."""
_FORM_WORD = re.compile(r"\b[A-Z]{2,}\b")
_NOT_FORM = frozenset(["DO", "NOT", "OR", "AND", "USP", "IV", "NG"])


@dataclass(frozen=True)
class KidneyLimit:
    """Kidney-function values in [low, high) the label forbids (``initiation``: only for starting)."""

    low: float
    high: float
    initiation: bool
    sentence: str
    strengths: frozenset[str] = frozenset()
    """Amounts the sentence names ("The 875 mg tablet should not be used ..."): it binds only them."""


def kidney_limits(sentences: list[str]) -> list[KidneyLimit]:
    out = []
    for sentence in sentences:
        if not (_FORBIDS.search(sentence) or _AVOID.search(sentence)):
            continue
        initiation = bool(_INITIATION.search(sentence))
        strengths = amounts(sentence)
        out += [KidneyLimit(low, high, initiation, sentence, strengths) for low, high in stage_ranges(sentence)]
        if not re.search(_KIDNEY, sentence, re.I):
            continue
        out += [KidneyLimit(0.0, float(m.group(1)), initiation, sentence, strengths) for m in _BELOW.finditer(sentence)]
        out += [
            KidneyLimit(float(m.group(1)), float(m.group(2)), initiation, sentence, strengths)
            for m in _BETWEEN.finditer(sentence)
        ]
    return out


def kidney_values(text: str) -> list[tuple[float, int, int]]:
    """(value, start, end) of each kidney-function value in the text; "GFR under 30" is just below 30."""
    out = []
    for m in _VALUE.finditer(text):
        value = float(m.group(1))
        if _BELOW.search(text[m.start() : m.end()]):
            value -= 0.1
        out.append((value, m.start(), m.end()))
    numbered = [(a, b) for _, a, b in out]
    out += [
        (v, a, b)
        for v, a, b in proposed_stage_values(text)
        if not any(x <= b + 40 and a <= y + 40 for x, y in numbered)
    ]
    return out


def proposes(sentence: str) -> bool:
    return not _NOT_A_PROPOSAL.search(sentence) and not _ASKS_RECOMMENDATION.search(sentence)


def amounts(text: str) -> frozenset[str]:
    return frozenset(m.group(1) for m in _AMOUNT.finditer(text))


def forbidden_values(limits: list[KidneyLimit], value: float, text: str) -> list[KidneyLimit]:
    """The limits the value falls in; an initiation limit binds a text about starting, a
    strength-specific one a text naming that strength."""
    begins, named = bool(_INITIATION.search(text)), amounts(text)
    return [
        k
        for k in limits
        if k.low <= value < k.high and (begins or not k.initiation) and (not k.strengths or bool(k.strengths & named))
    ]


def forbidden_methods(sentences: list[str]) -> dict[str, str]:
    """Method -> the sentence forbidding it ("Do not administer as an intravenous push or bolus").
    A handling method counts only where the denial governs it ("Do not open, chew, crush ... the
    capsule", not "Open the capsule" after "are not swallowed whole") and the sentence is about the
    dosage form."""
    out: dict[str, str] = {}
    for sentence in sentences:
        if not _FORBIDS.search(sentence):
            continue
        for key, rx in _METHODS.items():
            m = rx.search(sentence)
            if m is None:
                continue
            if key in _HANDLED and not _denied_handling(sentence, m.start()):
                continue
            out.setdefault(key, sentence)
    return out


_DENIAL = re.compile(r"\b(?:not|never)\s+(?:be\s+)?((?:\w+\s*(?:,\s*(?:or\s+|and\s+)?|\s(?:or|and)\s+))*)$", re.I)
_OBJECT = re.compile(
    r"^\w+(?:\s*(?:,\s*(?:or\s+|and\s+)?|\s(?:or|and)\s+)\w+)*\s+(?:(them|it)\b|(?:the|a|an|your)\s+(\w+))", re.I
)


def _denied_handling(sentence: str, start: int) -> bool:
    """ "Do not open, chew, crush, or dissolve the capsule": the denial governs the method (only other
    methods between them) and its object is the dosage form ("the capsule", "them"); "Do not open
    the pouch" and "should not handle crushed tablets" forbid no way of taking the product."""
    if not _DENIAL.search(sentence[max(0, start - 60) : start]):
        return False
    obj = _OBJECT.match(sentence[start:])
    if obj is None:
        return sentence[start:].split(" ", 1)[0].endswith("ed") and bool(_DOSAGE_FORM.search(sentence[:start]))
    return bool(obj.group(1)) or bool(_DOSAGE_FORM.fullmatch(obj.group(2) or ""))


def form_words(sentence: str, names: tuple[str, ...]) -> frozenset[str]:
    """Capitalised words of a forbidding sentence that name a form of the product ("XR" in "Swallow
    X XR tablets whole; do not crush, split or chew them"), not the product itself."""
    lowered = {w for n in names for w in re.findall(r"\w+", n.lower())}
    return frozenset(w for w in _FORM_WORD.findall(sentence) if w not in _NOT_FORM and w.lower() not in lowered)


def handles_form(text: str, start: int, key: str, quote: str, names: tuple[str, ...]) -> bool:
    """A handling method in a text sentence that is about the product's dosage form, and names the
    form the label's sentence forbids it for ("XR" tablets; the immediate-release ones are not
    concerned); an administration method (push, bolus, loading dose) needs neither."""
    if key not in _HANDLED:
        return True
    a = max(text.rfind(".", 0, start), text.rfind("?", 0, start), text.rfind("!", 0, start)) + 1
    ends = [i for i in (text.find(c, start) for c in ".?!") if i >= 0]
    sentence = text[a : min(ends) if ends else len(text)]
    if not _DOSAGE_FORM.search(sentence):
        return False
    return all(re.search(r"\b" + w + r"\b", sentence, re.I) for w in form_words(quote, names))


def methods(text: str) -> list[tuple[str, int, int]]:
    return [(key, m.start(), m.end()) for key, rx in _METHODS.items() for m in rx.finditer(text)]
