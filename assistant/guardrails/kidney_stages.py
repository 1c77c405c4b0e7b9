"""Kidney function named as a stage instead of a number: "on hemodialysis", "ESRD", "severe renal
insufficiency", "CKD stage 4".

Labels state their kidney limits both ways: with a threshold ("not recommended ... eGFR of less than
30 mL/min") and in words alone ("not recommended in patients with severe renal insufficiency", "Avoid
use ... in patients with severe renal impairment or kidney failure"); people ask the same way ("RA
patient on dialysis", "an ESRD patient"). Without this reading a patient described by stage has no
kidney value, and a label limit written in words has no range, so the numeric check of
:mod:`.label_limits` could not compare them. The stages map to the conventional eGFR bands (KDIGO:
severe = 15 to <30, kidney failure / dialysis = <15 mL/min/1.73 m2); only these two stages are read,
because "moderate" spans bands (30 to <60) that labels split differently.
"""

from __future__ import annotations

import re

from assistant.guardrails.negations import denial_words

_FAILURE = (
    r"(?:end[- ]stage (?:renal|kidney) disease|\bESRD\b|\bESKD\b|(?:kidney|renal) failure|"
    r"(?:on|receiving|requiring|undergoing|needing|in|via) (?:\w+ ){0,2}?(?:hemo|haemo|peritoneal )?dialysis|"
    r"\b(?:hemo|haemo)dialysis|\bdialysis[- ]dependent|(?:renal|kidney) replacement therapy|\bRRT\b|"
    r"\b(?:CKD|chronic kidney disease) (?:stage )?5|"
    r"\bstage 5 (?:CKD|chronic kidney disease))"
)
_SEVERE = (
    r"(?:severe(?:ly)? (?:impaired )?(?:renal|kidney) (?:impairment|insufficiency|dysfunction|disease|function)|"
    r"\b(?:CKD|chronic kidney disease) (?:stage )?4|\bstage 4 (?:CKD|chronic kidney disease))"
)
FAILURE_VALUE = 10.0
SEVERE_VALUE = 22.0
"""A representative eGFR inside each band (kidney failure < 15; severe 15 to < 30)."""
_STAGES = [(re.compile(_FAILURE, re.I), FAILURE_VALUE, 15.0), (re.compile(_SEVERE, re.I), SEVERE_VALUE, 30.0)]
_NEGATED = denial_words("without", "nor", "non", chars_to_end=12, attached="non-")
"""'not on dialysis', 'without kidney failure', 'non-dialysis': the stage is denied."""
_ACUTE = re.compile(r"\bacute\s+$", re.I)
"""'acute renal failure' is an event (an adverse reaction), not a patient's lasting kidney stage."""
_FORBIDDING_IN = re.compile(
    r"(?i:\bcontraindicated|\bnot recommended|\bnot be used|\b(?:do|should|must) not (?:be )?(?:use|used|give|given|"
    r"administer|administered|start|initiate)|\bavoid(?:ed)?)\b"
    r"(?:[^.;:]{0,60}?)\s(?:in|for)\s(?:use in\s)?(?:[^.;:]{0,80}?)$"
)
"""A forbidding phrase governing the stage through a lower-case "in"/"for" ("not recommended in
patients with ...", "Avoid use of X ... in patients with ..."). Case-sensitive on purpose: in a
flattened dosing table "Not recommended In patients receiving hemodialysis, give the dose after
dialysis" joins two cells, and the capitalised "In" starts the second, which doses such patients."""
_CONDITIONAL = re.compile(r"\b(?:if|when|unless|before|after|during|prior to)\b[^.;:]{0,40}$", re.I)


def stage_values(text: str) -> list[tuple[float, int, int]]:
    """(representative eGFR, start, end) of each kidney stage the text places a patient in."""
    out: list[tuple[float, int, int]] = []
    taken: list[tuple[int, int]] = []
    for rx, value, _ in _STAGES:
        for m in rx.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            before = text[max(0, m.start() - 30) : m.start()]
            if _NEGATED.search(before) or _ACUTE.search(before):
                continue
            taken.append((m.start(), m.end()))
            out.append((value, m.start(), m.end()))
    return out


_USE_CUE = re.compile(
    r"\b(?:start\w*|begin\w*|initiat\w*|prescrib\w*|giv(?:e|en|ing)|use[ds]?|using|tak(?:e|en|ing)|treat\w*|"
    r"ok|okay|fine|appropriate|reasonable|choice|option|switch\w*|continu\w*|add(?:ed|ing)?|dos(?:e|ed|ing)|"
    r"can (?:he|she|they|we|i|you)|should (?:he|she|they|we|i)|recommend\w*|suitable)\b|\d\s*mg\b",
    re.I,
)
"""A sentence that puts the product to use ("can he start", "fine to give", "2 mg"): a bare "X in severe
renal insufficiency?" asks where the label's population ends and proposes nothing."""


def proposed_stage_values(text: str) -> list[tuple[float, int, int]]:
    """:func:`stage_values` of sentences that propose a use (see :data:`_USE_CUE`)."""
    out = []
    for value, start, end in stage_values(text):
        a = max(text.rfind(c, 0, start) for c in ".?!\n") + 1
        ends = [i for i in (text.find(c, end) for c in ".?!\n") if i >= 0]
        if _USE_CUE.search(text, a, min(ends) if ends else len(text)):
            out.append((value, start, end))
    return out


def stage_ranges(sentence: str) -> list[tuple[float, float]]:
    """eGFR ranges [low, high) a forbidding label sentence names by stage ("not recommended in
    patients with severe renal insufficiency" -> [0, 30)); a sentence that only conditions the
    forbidding on an event ("do not use ... if kidney failure develops") names no patient stage."""
    out: list[tuple[float, float]] = []
    for rx, _, high in _STAGES:
        for m in rx.finditer(sentence):
            before = sentence[max(0, m.start() - 200) : m.start()]
            if not _FORBIDDING_IN.search(before) or _CONDITIONAL.search(before):
                continue
            if _NEGATED.search(sentence[max(0, m.start() - 30) : m.start()]) or _ACUTE.search(before[-10:]):
                continue
            out.append((0.0, high))
    return out
