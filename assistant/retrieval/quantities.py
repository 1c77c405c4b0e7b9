"""Bands of body weight, age or renal function, in questions and in table rows, and whether they fit.

"Pediatric Entresto dosing under 40 kg" shares "40 kg" with two rows of the
dosing table ("less than 40 kg" and "at least 40 kg and less than 50 kg") and
its words with all three, so term overlap cannot tell which row answers. The
rows are bands, and so is the question: read both as intervals of one unit and
the row whose band holds the question's band is the answer ("a 25 kg child" is
in "20 kg to less than 40 kg"; "under 40 kg" is "less than 40 kg", not "at
least 40 kg"). Only units that define patient bands in labels are read:
weight, age and creatinine clearance.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_NUMBER = r"(\d+(?:\.\d+)?)"
_UNITS = {
    "kg": "kg",
    "kilograms": "kg",
    "lb": "lb",
    "lbs": "lb",
    "pounds": "lb",
    "year": "year",
    "years": "year",
    "yrs": "year",
    "yr": "year",
    "month": "month",
    "months": "month",
    "ml/min": "ml/min",
    "ml/minute": "ml/min",
}
_UNIT = r"(kg|kilograms|lbs?|pounds|years?|yrs?|months?|ml/min(?:ute)?)(?![a-z])"
_BELOW = r"(?:less than|under|below|younger than|lighter than|<)"
_BELOW_OR_AT = r"(?:up to|at most|no more than|not more than|≤|<=)"
_ABOVE = r"(?:more than|greater than|over|above|older than|heavier than|>)"
_ABOVE_OR_AT = r"(?:at least|no less than|≥|>=)"
_OR_MORE = r"(?:(?:or|and) (?:more|older|over|above|greater|heavier|higher)|\+)"
_OR_LESS = r"(?:(?:or|and) (?:less|younger|under|below|lower|lighter))"
_ALTERNATE_UNIT = re.compile(r"\s*\(\s*\d+(?:\.\d+)?\s*(?:lbs?|pounds|kg)\s*\)", re.IGNORECASE)
"""'10 kg (22 lbs)': the same weight again in another unit."""
_OF_AGE = re.compile(r"\b(years?|months?)(?:\s+(?:of age|old))\b", re.IGNORECASE)


LISTED_SHARE = 0.5
"""What holding the asked band is worth in a sentence that also states bands beside it."""


@dataclass(frozen=True)
class Band:
    """An interval of one unit; ``low``/``high`` may be infinite; closed ends are inclusive."""

    unit: str
    low: float = -math.inf
    high: float = math.inf
    low_closed: bool = True
    high_closed: bool = True

    @property
    def is_point(self) -> bool:
        return self.low == self.high

    def holds(self, other: Band) -> bool:
        """``other`` lies within this band."""
        above = other.low > self.low or (other.low == self.low and (self.low_closed or not other.low_closed))
        below = other.high < self.high or (other.high == self.high and (self.high_closed or not other.high_closed))
        return above and below

    def overlap(self, other: Band) -> float:
        """Length of the intersection (0 when they meet at a point or not at all)."""
        low, high = max(self.low, other.low), min(self.high, other.high)
        if math.isinf(low) and math.isinf(high) and low < high:
            return math.inf
        return max(0.0, high - low)


_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"{_ABOVE_OR_AT}\s*{_NUMBER}\s*(?:{_UNIT})?\s*and\s*{_BELOW}\s*{_NUMBER}\s*{_UNIT}", re.I), "[)"),
    (re.compile(rf"between\s*{_NUMBER}\s*(?:{_UNIT})?\s*and\s*{_NUMBER}\s*{_UNIT}", re.I), "[]"),
    (re.compile(rf"{_NUMBER}\s*(?:{_UNIT})?\s*to\s*(?:less than|under|below|<)\s*{_NUMBER}\s*{_UNIT}", re.I), "[)"),
    (re.compile(rf"{_NUMBER}\s*(?:{_UNIT})?\s*(?:to|-|–)\s*{_NUMBER}\s*{_UNIT}", re.I), "[]"),
    # a weight-band table row written "10 < 20 kg": from 10 to less than 20 kg
    (re.compile(rf"(?<![\d.<>])(?<![<>]\s){_NUMBER}\s*(?:{_UNIT})?\s*<\s*{_NUMBER}\s*{_UNIT}", re.I), "[)"),
    (re.compile(rf"{_BELOW}\s*{_NUMBER}\s*{_UNIT}", re.I), "<"),
    (re.compile(rf"{_BELOW_OR_AT}\s*{_NUMBER}\s*{_UNIT}", re.I), "<="),
    (re.compile(rf"{_ABOVE_OR_AT}\s*{_NUMBER}\s*{_UNIT}", re.I), ">="),
    (re.compile(rf"{_ABOVE}\s*{_NUMBER}\s*{_UNIT}", re.I), ">"),
    (re.compile(rf"{_NUMBER}\s*{_UNIT}\s*{_OR_MORE}", re.I), ">="),
    (re.compile(rf"{_NUMBER}\s*{_UNIT}\s*{_OR_LESS}", re.I), "<="),
    (re.compile(rf"{_NUMBER}\s*[- ]?{_UNIT}", re.I), "="),
]
"""Most specific first: a span read by one pattern is not read again by a later one."""


_RENAL_MEASURE = r"\b(?:e?GFR|CrCl|CLcr|creatinine clearance|glomerular filtration rate)"
_RENAL_VALUE = re.compile(
    rf"({_RENAL_MEASURE}\s*(?:of|is|was|at|=|:)?\s*){_NUMBER}(?![\d.])(?!\s*(?:-|–|to\b|and\b|[a-z%/<]))", re.I
)
"""A renal function value written without its unit ("eGFR of 40", "CrCl 25"): labels band these in mL/min."""


def _renal_units(text: str) -> str:
    """ "eGFR of 40" read as "eGFR of 40 mL/min" (the unit every label writes these bands in)."""
    return _RENAL_VALUE.sub(lambda m: f"{m.group(0)} mL/min", text)


_UNITLESS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"{_NUMBER}\s*to\s*(?:less than|under|below|<)\s*{_NUMBER}(?!\s*[a-z%/])", re.I), "[)"),
    (re.compile(rf"{_BELOW}\s*{_NUMBER}(?!\s*[a-z%/])", re.I), "<"),
]
"""A question may leave the unit to the table ("children 6 to under 12"): ANY_UNIT then."""
ANY_UNIT = ""


def _band(kind: str, groups: tuple[str | None, ...]) -> Band | None:
    numbers = [float(g) for g in groups if g and re.fullmatch(r"\d+(?:\.\d+)?", g)]
    units = [_UNITS[g.lower()] for g in groups if g and g.lower() in _UNITS] or [ANY_UNIT]
    if not numbers:
        return None
    unit = units[-1]
    if kind in ("[)", "[]"):
        low, high = numbers[0], numbers[1]
        return Band(unit, low, high, True, kind == "[]") if low <= high else None
    value = numbers[0]
    return {
        "<": Band(unit, high=value, high_closed=False),
        "<=": Band(unit, high=value),
        ">": Band(unit, low=value, low_closed=False),
        ">=": Band(unit, low=value),
        "=": Band(unit, value, value),
    }[kind]


def bands(text: str, unitless: bool = False) -> list[Band]:
    """Every band of weight, age or creatinine clearance the text states (``unitless``: also bare ones)."""
    text = _renal_units(_OF_AGE.sub(r"\1", _ALTERNATE_UNIT.sub("", text)))
    taken: list[tuple[int, int]] = []
    found: list[Band] = []
    for pattern, kind in [*_PATTERNS, *(_UNITLESS if unitless else [])]:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            band = _band(kind, match.groups())
            if band is not None:
                taken.append(match.span())
                found.append(band)
    return found


def fit(asked: list[Band], stated: list[Band]) -> float:
    """How well a row's bands answer the question's: 1 holds it, 0 says nothing of it, -1 excludes it.

    For every unit the question asks about and the row states, the row's best band
    counts: holding the asked band (a point in range, "under 40" in "less than 40")
    scores 1; covering most of a bounded asked band ("between 40 and 50 kg" by
    "at least 40 and less than 50") or sharing the asked side of an open one scores
    less; a band beside it scores -1.
    """
    scores: list[float] = []
    for question in asked:
        rows = [b for b in stated if question.unit in (b.unit, ANY_UNIT) and not b.is_point]
        if not rows:
            continue
        matches = [_match(question, row) for row in rows]
        best = max(matches)
        # A sentence listing every band ("3.1 mg/kg under 40 kg; 72/78 mg for 40 to 50 kg …")
        # answers the asked one less specifically than the row stating it alone.
        scores.append(best * LISTED_SHARE if best > 0 and min(matches) < 0 else best)
    return min(scores) if scores else 0.0


WIDER_SHARE = 0.9
"""What holding an asked band (not a single value) is worth for a wider open-ended band: "GFR <30 mL/min" holds
"below 10 mL/min" as "less than 10 mL/min" does, but says less about it."""


def _match(question: Band, row: Band) -> float:
    if row.holds(question):
        open_ended = math.isinf(row.low) or math.isinf(row.high)
        same = (row.low, row.high) == (question.low, question.high)
        return WIDER_SHARE if open_ended and not same and not question.is_point else 1.0
    shared = question.overlap(row)
    if shared <= 0:
        return -1.0
    width = question.high - question.low
    if not math.isinf(width) and width > 0:
        return shared / width
    same_side = (question.high == row.high and not math.isinf(row.high)) or (
        question.low == row.low and not math.isinf(row.low)
    )
    return 0.75 if same_side else 0.25
