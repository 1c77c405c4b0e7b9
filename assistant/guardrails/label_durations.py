"""How long the label lets a use last: duration limits of Dosage and Administration.

Moved out of :mod:`.label_profile` (which assembles the profile) because reading a duration is its
own piece of text reading: "limited to 24 months", "for up to 12 weeks", an OTC "Stop use ... if
symptoms do not improve within 7 days", and a course the label ends at the first of two events
("4 mg once daily for 14 days or until hospital discharge, whichever occurs first"). A pause of a
dose modification ("withhold for up to 4 weeks") limits nothing.
"""

from __future__ import annotations

import re

from assistant.guardrails.label_dosing import NUMBER, to_number, to_years
from assistant.guardrails.populations import path_codes
from assistant.guardrails.text import sentences
from assistant.types import Chunk

_DURATION_LIMIT = re.compile(
    r"\b(?:limit(?:ed)?(?: use)?(?: \w+){0,3} to|not (?:to )?exceed|longer than|beyond|maximum (?:duration )?of|"
    r"for up to|for a total of)"
    r"\s+" + NUMBER + r"\s*(weeks?|months?|years?)\b(?! of age)",
    re.I,
)
_FIRST_OF = re.compile(
    r"\bfor\s+" + NUMBER + r"\s*(days?|weeks?|months?)\s+or\s+until\b[^.;]{0,80}?"
    r"\bwhichever\s+(?:occurs|comes)\s+first\b",
    re.I,
)
"""'for 14 days or until hospital discharge, whichever occurs first': the course's upper bound."""
_WEEK_MONTHS = 7 / 30.4
_DAY_MONTHS = 1 / 30.4
_MODIFICATION = re.compile(r"\b(?:withh[oe]ld|interrupt|hold|suspend|resum|discontinu|delay)\w*", re.I)
"""'Withhold for up to 4 weeks': a dose modification's pause, not a limit on treatment."""
_DAYS_LIMIT = re.compile(r"\b(?:more than|longer than|within|beyond)\s+" + NUMBER + r"\s*days?\b", re.I)
STOP_USE_CODE = "50566-9"
"""OTC "Stop use and ask a doctor if ... symptoms do not improve within 7 days": the use's time limit."""


def months(value: float, unit: str) -> float:
    """A labelled span in months (the unit every duration check compares in)."""
    unit = unit.lower()
    if unit.startswith("day"):
        return value * _DAY_MONTHS
    return value * _WEEK_MONTHS if unit.startswith("week") else to_years(value, unit) * 12


def duration_limits(dosing: str, chunks: list[Chunk]) -> list[tuple[float, str]]:
    """(months, sentence) of each duration limit of the dosing text and of an OTC Stop use section."""
    out = [
        (months(to_number(m.group(1)), m.group(2)), sentence)
        for sentence in sentences(dosing)
        if not _MODIFICATION.search(sentence)
        for rx in (_DURATION_LIMIT, _FIRST_OF)
        for m in rx.finditer(sentence)
    ]
    stop_use = [s for c in chunks if STOP_USE_CODE in path_codes(c) for s in sentences(c.text)]
    out += [(to_number(m.group(1)) * _DAY_MONTHS, s) for s in stop_use for m in _DAYS_LIMIT.finditer(s)]
    return out
