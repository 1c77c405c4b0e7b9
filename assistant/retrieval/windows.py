"""Whether a sentence's stated age or weight window holds a patient's measured value.

"<drug> in a 10 kg child?" is answered by "pediatric patients weighing 3.5 kg to less than 40 kg", though
the sentence never states "10 kg"; "aged 12 years and older" does not hold "an 8 yo". The off-label answer
check (:func:`assistant.retrieval.answer_gaps.off_label_gap`) reads a patient's value as addressed when an
on-use sentence states it, or a window holding it.
"""

from __future__ import annotations

import re

_FAMILIES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(?:y|yo|y/o|yrs?|years?)$", re.I), r"(?:years?|yrs?)"),
    (re.compile(r"^(?:mos?|months?)$", re.I), r"months?"),
    (re.compile(r"^(?:wks?|weeks?)$", re.I), r"weeks?"),
    (re.compile(r"^(?:days?)$", re.I), r"days?"),
    (re.compile(r"^(?:kg|kgs|kilograms?)$", re.I), r"(?:kg|kilograms?)"),
)
_NUMBER = r"(\d+(?:\.\d+)?)"
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
        rf"{_NUMBER}\s*(?:{spelled})?\s*(?:to|-|–|through)\s*(less than\s*|<\s*)?{_NUMBER}\s*{spelled}", re.I
    )
    for match in ranges.finditer(text):
        low, below, high = float(match.group(1)), bool(match.group(2)), float(match.group(3))
        if low <= value and (value < high or (not below and value == high)):
            return True
    text = ranges.sub(" ", text)  # "less than 40 kg" closing a range is no ceiling of its own
    floors = re.compile(
        rf"(?:(?:at least|≥|>=)\s*{_NUMBER}\s*{spelled})|(?:{_NUMBER}\s*{spelled}(?:\s+of\s+age)?\s+(?:and|or)\s+"
        rf"(?:older|greater|above|more|over))",
        re.I,
    )
    if any(value >= float(match.group(1) or match.group(2)) for match in floors.finditer(text)):
        return True
    if _NOT_ESTABLISHED_RE.search(text):
        return False
    ceilings = re.compile(rf"(?:less than|younger than|under|<)\s*{_NUMBER}\s*{spelled}", re.I)
    return any(value < float(m.group(1)) for m in ceilings.finditer(text))
