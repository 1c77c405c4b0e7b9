"""A question's sentence that only describes the patient ("14-year-old girl, 34 kg, uncomplicated
UTI. Can she take X?", "Platelet count of 45,000.", a pasted clinic note before the question).

The population and dosing checks look only at sentences that name the product when a question
has several sentences, so that another medicine's dose or a history mentioned in passing is not
read as this product's use. A sentence stating the patient's own age or body weight, with no
amount of any medicine in it, is different: it is who the product is asked for, and an age or
weight below the label's floor there is the use the question proposes. Answers are left as they
are (their sentences name the product when they present a use).
"""

from __future__ import annotations

import re

from assistant.guardrails.measures import text_measures

_PERSON_AGE = re.compile(
    r"\b\d{1,3}(?:\.\d)?\s*[- ]?(?:y/?o|yrs?[- ]old|years?[- ]old|mo[- ]old|months?[- ]old|weeks?[- ]old)\b"
    r"|\b(?:aged?|age:)\s*\d{1,3}\b",
    re.I,
)
_PERSON_WEIGHT = re.compile(
    r"\b(?:weighs|weighing|weight(?: of|:)?|wt:?)\s*(?:only\s+|about\s+|~\s*)?\d+(?:\.\d+)?\s*kg\b"
    r"|\b\d+(?:\.\d+)?\s*kg\s+(?:child|boy|girl|patient|infant|toddler|adolescent|teen)\b",
    re.I,
)
_AMOUNT = re.compile(
    r"\d\s*(?:mg|mcg|µg|micrograms?|g|grams?|units?|IU|mL|tablets?|capsules?|puffs?)\b|\bmg/kg\b", re.I
)
_STUDY = re.compile(r"\b(?:trials?|stud(?:y|ies)|enrolled|patients were|subjects)\b", re.I)


def describes_patient(kind: str, sentence: str) -> bool:
    """A question sentence that states the patient's age, weight or a measured value ("Platelet
    count of 45,000.") and no medicine amount."""
    if kind != "question" or _AMOUNT.search(sentence) or _STUDY.search(sentence):
        return False
    return bool(_PERSON_AGE.search(sentence) or _PERSON_WEIGHT.search(sentence) or text_measures(sentence))
