"""Ages named in a question or answer, in years, for the population checks of the off-label rail.

"a 4-year-old", "aged 10", "12 y/o", "under 2 years" and age-group words ("toddler", "teenager")
are compared with the youngest labelled age; a person's own age and adult words ("adults", "my
husband") are compared with the oldest age a children's product doses.
"""

from __future__ import annotations

import re

from assistant.guardrails.amounts import _GROUP_AGES, AGE_EXPRESSIONS, UNDER_AGE
from assistant.guardrails.label_profile import to_number, to_years

AGE_TOKEN = re.compile(r"\d{1,3}(?:y/o|yo|yrs?|y|mos?|wks?)?(?-i:[MF])?(?<=\D)", re.I)
"""One token of chart shorthand for a patient's age, or age and sex ("13yo", "7y", "15F", "62M"); never a
bare number ("type 2 diabetes" keeps its 2)."""
CHART_MARKER = re.compile(r"(?:[a-z]/[a-z]|pts?|hx|dx|pmh)", re.I)
"""One token of chart shorthand that introduces a patient's condition without naming one: "h/o" (history
of), "s/p" (status post), "c/o" (complains of), "pt", "hx", "dx", "PMH". Before a condition ("h/o T2D")
it is no modifier of the condition's name, as a patient's age token is not."""
_UPPER_BOUND = re.compile(r"(?:under|to|than|through|-|–)\s*$", re.I)
_ADULTS = re.compile(r"\b(?:adults?|grown[- ]ups?|teen(?:ager)?s?|my (?:wife|husband))\b", re.I)


def text_ages(
    text: str, age_groups: list[tuple[str, re.Pattern[str]]], bounds: bool = True
) -> list[tuple[float, int, int]]:
    """(years, start, end) of each age in the text; without ``bounds`` only a person's age ("my
    14 year old"), not the upper end of a band ("under 12 years") nor an age-group word."""
    out = []
    for rx in AGE_EXPRESSIONS:
        for m in rx.finditer(text):
            if not bounds and _UPPER_BOUND.search(text[max(0, m.start() - 12) : m.start()]):
                continue
            unit = m.group(2) if m.lastindex and m.lastindex >= 2 else None
            out.append((to_years(to_number(m.group(1)), unit), m.start(), m.end()))
    if not bounds:
        return out
    for m in UNDER_AGE.finditer(text):
        out.append((to_years(to_number(m.group(1)), m.group(2)) - 0.01, m.start(), m.end()))
    for name, rx in age_groups:
        out.extend((_GROUP_AGES[name], m.start(), m.end()) for m in rx.finditer(text))
    return out


def adult_words(text: str) -> list[tuple[float, int, int]]:
    """Adults named as such: 18 years for the comparison with a children's product."""
    return [(18.0, m.start(), m.end()) for m in _ADULTS.finditer(text)]
