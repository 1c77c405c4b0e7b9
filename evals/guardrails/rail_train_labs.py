"""Lab-result frames for the adverse-event head's training set (``build_rail_train.py`` adds them).

Clinicians often report an event as a number rather than a symptom: the LAB is the grammatical subject
("her creatinine went from 1.0 to 1.9 ...", "INR came back at 9 for ..."), the person is written in chart
shorthand ("72yo", "pt", "58F") and the product sits in a prepositional phrase ("on X"). The head trained
on symptom narratives gave such reports p < 0.1. This family teaches the function (an abnormal value or a
change in a specific person exposed to the product) against the same labs, values and persons used in ways
that report nothing: thresholds the label gives, monitoring schedules, a baseline value before the product,
a value that is stable on treatment, trial frequencies.

Products are the invented names of ``build_rail_train.DRUGS``; no frame is copied from an evaluation case.
"""

from __future__ import annotations

import random

# (lab as written, value before, abnormal value after, a value in range)
LABS = [
    ("creatinine", "1.0", "2.1", "0.9"),
    ("ALT", "32", "388", "24"),
    ("AST", "28", "512", "22"),
    ("CK", "140", "11,200", "110"),
    ("INR", "2.6", "8.7", "2.4"),
    ("potassium", "4.4", "6.6", "4.1"),
    ("sodium", "138", "119", "140"),
    ("lactate", "1.1", "7.2", "0.9"),
    ("platelet count", "240", "31", "260"),
    ("ANC", "3.4", "0.4", "3.8"),
    ("hemoglobin", "13.1", "7.4", "13.5"),
    ("ejection fraction", "61%", "41%", "60%"),
    ("QTc", "425 ms", "548 ms", "420 ms"),
    ("eGFR", "74", "26", "80"),
    ("bilirubin", "0.7", "4.6", "0.6"),
    ("lipase", "45", "1,130", "38"),
    ("glucose", "110", "38", "104"),
    ("triglycerides", "150", "1,900", "140"),
]

SHORTHAND = ["72yo", "pt", "58F", "Mr. T", "66M", "my pt", "a 49 y/o", "Mrs. R", "our 81-year-old", "the 34F"]
POSSESSIVE = ["her", "his", "their", "my patient's", "the child's", "our patient's", "Mr. V's", "the pt's"]
EXPOSED = ["three weeks into {d}", "after the fourth {d} infusion", "since {d} was started", "on {d} 40 mg",
           "two months after switching to {d}", "a week after the {d} dose went up", "while on {d}",
           "after the first cycle of {d}"]  # fmt: skip
WHEN = ["this morning", "today", "on Friday", "this week", "overnight", "at the last visit"]

LAB_POSITIVE = [
    "{Poss} {lab} went from {a} to {b} {x}.",
    "{Lab} came back at {b} for {p} {x}; what now?",
    "{S} on {d}, {lab} {b} {when} (was {a}). next steps?",
    "{S} on {d} admitted {when} with a {lab} of {b}.",
    "Labs {when} for {p} on {d}: {lab} {b}, up from {a} before treatment.",
    "{X}, {poss} {lab} is {b} - is {d} the cause?",
    "{S}, {d} x 6 wks, {lab} now {b}; hold?",
    "{P} has had a {lab} of {b} {x}; the last value before it was {a}.",
    "Just got {poss} {lab} back: {b} {x}.",
    "{Poss} {lab} dropped from {a} to {b} {x}.",
]

LAB_NEGATIVE = [
    "At what {lab} should {d} be held, per the label?",
    "If {lab} reaches {b} on {d}, what does the label advise?",
    "{Poss} baseline {lab} is {b} before any {d}; can treatment begin?",
    "How often should {lab} be checked during {d} therapy?",
    "{Poss} {lab} has stayed at {n} on {d} for a year; when is the next check due?",
    "What {lab} cut-off excluded patients from the {d} trials?",
    "In the {d} studies, how many patients had a {lab} of {b} or worse?",
    "{S} w/ {lab} {b} at baseline, ok to start {d}?",
    "Does {d} need a dose change when {lab} is {b}?",
    "Which {lab} range does the {d} label call normal for monitoring?",
    "{S} starting {d} next week, {lab} {n} today; anything else to test first?",
    "What proportion of {d}-treated patients had {lab} changes in the label's table?",
]


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def fill_lab(frame: str, rng: random.Random, drugs: list[str], persons: list[str]) -> str:
    """One sentence of ``frame`` with a random product, person, lab and values."""
    d = rng.choice(drugs)
    lab, before, after, normal = rng.choice(LABS)
    p, poss, short = rng.choice(persons), rng.choice(POSSESSIVE), rng.choice(SHORTHAND)
    x = rng.choice(EXPOSED).format(d=d)
    return frame.format(d=d, lab=lab, Lab=_cap(lab), a=before, b=after, n=normal, p=p, P=_cap(p), poss=poss,
                        Poss=_cap(poss), S=_cap(short), x=x, X=_cap(x), when=rng.choice(WHEN))  # fmt: skip
