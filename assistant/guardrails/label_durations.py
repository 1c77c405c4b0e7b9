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
from assistant.guardrails.label_limits import amounts
from assistant.guardrails.negations import denial_words
from assistant.guardrails.populations import DOSAGE_CODE, path_codes
from assistant.guardrails.regimen_limits import monthly_count_months
from assistant.guardrails.text import sentences
from assistant.types import Chunk

_DURATION_LIMIT = re.compile(
    r"\b(?:limit(?:ed)?(?: use)?(?: \w+){0,3} to|not (?:to )?exceed|longer than|beyond|maximum (?:duration )?of|"
    r"for up to|for a total of|(?:total )?(?:treatment )?duration of up to)"
    r"\s+" + NUMBER + r"\s*(days?|weeks?|months?|years?)\b(?! of age)(?!\s+(?:additional|more|further)\b)",
    re.I,
)
_NOT_TREATMENT = re.compile(
    r"\b(?:stor(?:e|ed|age)|refrigerat\w*|room temperature|stable|dilut\w*|reconstitut\w*|discard|expir\w*|"
    r"monitor\w*|follow-?up|observ\w*|contracept\w*|after (?:the )?(?:last|final) dose|"
    r"(?:date of |after )?first use|(?:after|once|since) (?:first )?(?:open\w*|punctur\w*)|in[- ]use)\b",
    re.I,
)
"""Storage, preparation, monitoring and contraception spans ("store for up to 14 days", "use
contraception for up to 4 weeks after the last dose") bound no treatment, nor does the in-use life
of an opened container or a device ("the inhaler can be used for up to 15 days from the date of
first use", "use within 28 days after opening"): the patient goes on with a new one."""
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


def _dose_titles(chunks: list[Chunk]) -> dict[str, str]:
    """Sentence -> "<subsection title>: " for dose-naming sentences of Dosage and Administration
    subsections. "The recommended dosage ... is 4 mg once daily ... for 14 days" under "Dosage
    Recommendations in COVID-19" limits that use only; the title carries the condition the sentence
    leaves out, so the limit binds a text about that condition and not one about another indication."""
    out = {}
    for chunk in chunks:
        path = (chunk.section or "").split(" > ")
        if DOSAGE_CODE not in path_codes(chunk) or len(path) < 2:
            continue
        for sentence in sentences(chunk.text):
            if amounts(sentence):
                out[sentence] = f"{path[-1]}: "
    return out


def duration_limits(dosing: str, chunks: list[Chunk]) -> list[tuple[float, str]]:
    """(months, sentence) of each duration limit of the dosing text and of an OTC Stop use section."""
    titles = _dose_titles(chunks)
    out = [
        (months(to_number(m.group(1)), m.group(2)), titles.get(sentence, "") + sentence)
        for sentence in sentences(dosing)
        if not _MODIFICATION.search(sentence) and not _NOT_TREATMENT.search(sentence)
        for rx in (_DURATION_LIMIT, _FIRST_OF)
        for m in rx.finditer(sentence)
    ]
    out += monthly_count_months(dosing)  # "limit the duration of use to 12 monthly doses": 12 months
    stop_use = [s for c in chunks if STOP_USE_CODE in path_codes(c) for s in sentences(c.text)]
    out += [(to_number(m.group(1)) * _DAY_MONTHS, s) for s in stop_use for m in _DAYS_LIMIT.finditer(s)]
    return out


_COURSE = re.compile(
    r"\d\s*(?:mg|mcg|g|units?|tablets?|capsules?)\b[^.;]{0,80}?\b(?:daily|a day|per day|every \d+ hours|"
    r"(?:once|twice|three times|four times)\b[^.;]{0,20})[^.;]{0,40}?(?<!least )(?<!to )\bfor\s+"
    + NUMBER
    + r"\s*(days?|weeks?)\b",
    re.I,
)
"""'1,500 mg ... twice daily (approximately 12 hours apart) for 5 days': a fixed course."""
_EXTENDS = re.compile(
    r"\b(?:additional|longer|extend\w*|continu\w*|repeat\w*|at least|until|maintenance|maintain\w*|up to|beyond|"
    r"as long as|or more|minimum|further|re-?treat\w*|long-term|chronic\w*|indefinite\w*)\b",
    re.I,
)
"""Any wording that lets a course run longer or be repeated: then no fixed course bounds the use."""
_SPAN = re.compile(r"\b\d+\s*(?:days?|weeks?|months?|years?)\b(?! of age)|\b(?:course|duration)\b", re.I)
"""A sentence about how long treatment lasts (not an age): where an extension would be stated."""


def course_limits(dosing: str) -> list[tuple[float, str]]:
    """(months, sentence) of the label's fixed courses ("... twice daily for 5 days") when Dosage and
    Administration gives the course as the whole treatment: no sentence of it about time lets the
    course be extended, continued or repeated (:data:`_EXTENDS`), and every course it states is the
    same length. A longer course is then a regimen the label does not have."""
    if any(_EXTENDS.search(s) for s in sentences(dosing) if _SPAN.search(s)):
        return []
    found = [(months(to_number(m.group(1)), m.group(2)), s) for s in sentences(dosing) for m in _COURSE.finditer(s)]
    return found if len({round(v, 6) for v, _ in found}) == 1 else []


_OVER = re.compile(
    r"\bover (?:at least |a period of |approximately |about )?(\d+(?:\.\d+)?)(?:\s*(?:to|-|–)\s*(\d+(?:\.\d+)?))?"
    r"\s*(minutes?|mins?|hours?|hrs?)\b",
    re.I,
)
_GIVING = re.compile(r"\b(?:infus\w*|push\w*|inject\w*|administ\w*|given|give|bolus)\b", re.I)
_NOT = denial_words()


def infusion_spans(text: str) -> list[tuple[float, float, int, int]]:
    """(shortest, longest minutes, start, end) of each "over N minutes" a sentence gives a dose in."""
    out = []
    for m in _OVER.finditer(text):
        if not _GIVING.search(text[max(0, m.start() - 80) : m.start()]):
            continue
        scale = 60.0 if m.group(3).lower().startswith("h") else 1.0
        low = float(m.group(1)) * scale
        out.append((low, float(m.group(2)) * scale if m.group(2) else low, m.start(), m.end()))
    return out


PUSH = re.compile(
    r"\b(?:iv|intravenous)\s+(?:push|bolus)\b|\b(?:push(?:ed)?|bolus(?:ed)?)\s+(?:\w+\s+){0,2}?over\s+\d", re.I
)
"""A push or bolus of the product itself ("IV push", "pushed over 10 minutes"); "push the dose up" is titration."""


def shortest_infusion(dosing: str) -> float | None:
    """The shortest time the label gives an infusion ("over 60 minutes"); None when it gives none.
    A slower infusion is allowed ("the rate may be slowed"); a faster one is not labelled."""
    times = [low for s in sentences(dosing) if not _NOT.search(s) for low, _, _, _ in infusion_spans(s)]
    return min(times) if times else None
