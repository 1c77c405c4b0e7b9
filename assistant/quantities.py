"""Ages and body weights written as a number and a unit: the spellings and the window reader that the
answer checks (:mod:`assistant.retrieval`) and the guardrails' age and measure readers share.

Kept below both (it imports nothing of the assistant) so that retrieval need not import guardrails nor
the guardrails retrieval to read the same "12 years", "6 mo", "3.5 kg to less than 40 kg". The unit
fragments are alternations without a group; each reader wraps them in the group and the terminator it
needs (a capture for the unit, ``\\b``, "old"), so the readers keep their own grammar while the
spellings live in one place.

"<drug> in a 10 kg child?" is answered by "pediatric patients weighing 3.5 kg to less than 40 kg", though
the sentence never states "10 kg"; "aged 12 years and older" does not hold "an 8 yo". The off-label answer
check (:func:`assistant.retrieval.answer_gaps.off_label_gap`) reads a patient's value as addressed when an
on-use sentence states it, or a window (:func:`holds`) holding it.
"""

from __future__ import annotations

import re

DECIMAL = r"\d+(?:\.\d+)?"
NUMBER = r"(" + DECIMAL + r")"
"""A plain number (no thousands separators, no number words), captured."""
YEARS = r"years?|yrs?"
MONTHS = r"months?|mos?"
WEEKS = r"weeks?|wks?"
DAYS = r"days?"
KILOGRAMS = r"kg|kilograms?"
POUNDS = r"lbs?|pounds?"
AGE_SHORTHAND = r"yo|y/o"
"""Chart shorthand for "years old" ("an 8 yo", "12 y/o")."""
LABEL_AGE_UNITS = r"years?|months?"
"""The units labels write an age limit in ("younger than 12 years", "children under 6 months")."""

STATED_AGE = re.compile(
    r"\b" + DECIMAL + r"[\s-]*(?:" + "|".join((YEARS, MONTHS, WEEKS, DAYS)) + r")[\s-]*old\b"
    r"|\b\d+[\s-]*(?:" + AGE_SHORTHAND + r")\b",
    re.I,
)
"""A patient of a stated age ("a 12 year old", "an 8 yo", "6-month-old")."""

_FAMILIES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(?:y|" + AGE_SHORTHAND + "|" + YEARS + r")$", re.I), r"(?:" + YEARS + r")"),
    (re.compile(r"^(?:" + MONTHS + r")$", re.I), r"months?"),
    (re.compile(r"^(?:" + WEEKS + r")$", re.I), r"weeks?"),
    (re.compile(r"^(?:" + DAYS + r")$", re.I), r"days?"),
    (re.compile(r"^(?:kgs|" + KILOGRAMS + r")$", re.I), r"(?:" + KILOGRAMS + r")"),
)
"""Each unit as a question writes it (matched whole) and as labels spell it."""
_NOT_ESTABLISHED_RE = re.compile(r"\bnot\s+(?:been\s+)?(?:established|recommended|approved|studied)\b", re.I)


def unit_pattern(unit: str) -> str | None:
    """The label's spellings of an age or weight unit a question wrote ("yo": years), or None."""
    return next((spelled for written, spelled in _FAMILIES if written.match(unit)), None)


def holds(text: str, value: float, unit: str) -> bool:
    """``text`` states a window of ``unit`` that holds ``value``: a range, a floor or a ceiling.

    A ceiling ("younger than 6 years") in a sentence saying safety and effectiveness "have not been
    established" (or that use is not recommended) holds no use for the patient asked about."""
    spelled = unit_pattern(unit)
    if spelled is None:
        return False
    ranges = re.compile(
        rf"{NUMBER}\s*(?:{spelled})?\s*(?:to|-|–|through)\s*(less than\s*|<\s*)?{NUMBER}\s*{spelled}", re.I
    )
    for match in ranges.finditer(text):
        low, below, high = float(match.group(1)), bool(match.group(2)), float(match.group(3))
        if low <= value and (value < high or (not below and value == high)):
            return True
    text = ranges.sub(" ", text)  # "less than 40 kg" closing a range is no ceiling of its own
    floors = re.compile(
        rf"(?:(?:at least|≥|>=)\s*{NUMBER}\s*{spelled})|(?:{NUMBER}\s*{spelled}(?:\s+of\s+age)?\s+(?:and|or)\s+"
        rf"(?:older|greater|above|more|over))",
        re.I,
    )
    if any(value >= float(match.group(1) or match.group(2)) for match in floors.finditer(text)):
        return True
    if _NOT_ESTABLISHED_RE.search(text):
        return False
    ceilings = re.compile(rf"(?:less than|younger than|under|<)\s*{NUMBER}\s*{spelled}", re.I)
    return any(value < float(m.group(1)) for m in ceilings.finditer(text))
