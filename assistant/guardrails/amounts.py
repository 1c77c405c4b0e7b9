"""Ages and treatment durations written in free text, in the units the label uses.

Ages come as "4-year-old", "aged 10", "12 y/o", "a 6 mo old", "as young as 3 years",
"under 2 years"; durations as "for 3 years", "beyond 3 years" (strictly more),
"into a third year" (more than two), "indefinitely" or "used long-term" (unbounded).
"""

from __future__ import annotations

import re

from assistant.guardrails.label_profile import NUMBER, to_number
from assistant.quantities import LABEL_AGE_UNITS

AGE_EXPRESSIONS = [
    re.compile(r"\b" + NUMBER + r"[- ](year|month|week)s?[- ]olds?\b", re.I),
    re.compile(r"\baged? (?:of )?" + NUMBER + r"\b(?:\s*(" + LABEL_AGE_UNITS + "))?", re.I),
    re.compile(r"\b" + NUMBER + r"\s*(" + LABEL_AGE_UNITS + r")\s*(?:of age|old|and older|and above|or older)", re.I),
    re.compile(r"\b" + NUMBER + r"[- ]?(?:y/o|yo|yrs?[- ]old|(mos?|months?)[- ]?old)\b", re.I),
    re.compile(r"\bas young as " + NUMBER + r"\b(?:\s*(years?|months?|weeks?))?", re.I),
    re.compile(r"(?:^|(?<=[\s,(;:]))(\d{1,2}) ?(?:yo ?)?[MF](?=$|[\s,;:)?.])"),
    re.compile(
        r"\b(?:pt|patient|he|she|son|daughter|child|kid|boy|girl)(?:'s|’s| is| was)\s+(?:only |just |now )?"
        r"(\d{1,2})\b"
        r"(?!\s*(?:kg|mg|lbs?|%|cm|weeks?|days?|months?|hours?|mmol|units?|\.\d|/))",
        re.I,
    ),
]
"""Chart shorthand too: "16M", "30F", "45 yo F" (upper-case sex letter) and "pt is 14"."""
UNDER_AGE = re.compile(
    r"\b(?:under|younger than|below|less than)\s*(?:the age of\s*|age\s*)?" + NUMBER
    + r"\s*(" + LABEL_AGE_UNITS + "|yrs?)"
    r"(?!\s*(?:of (?:treatment|therapy|use)|after|since|into))",
    re.I,
)
_GROUP_AGES = {"infant": 0.5, "toddler": 1.5, "child": 17.9, "adolescent": 12.0}
_DURATION = re.compile(
    r"\b(for|beyond|longer than|more than|over|past|exceeding|up to|after)\s+(?:the first\s+)?" + NUMBER
    + r"\s*(days?|weeks?|months?|years?)\b(?!\s*(?:of age|old))",
    re.I,
)  # fmt: skip
_PERSON_BEFORE = re.compile(
    r"\b(?:wom[ae]n|m[ae]n|patients?|adults?|people|persons?|children|those|anyone|someone|individuals|subjects|"
    r"smokers|females?|males?|aged?)\s*$",
    re.I,
)
_ONE_UNIT = re.compile(
    r"\b(for|beyond|longer than|more than|past|exceeding)\s+(?:a|an|another|one)\s+(?:full\s+|whole\s+)?"
    r"(week|month|year)\b(?!\s*(?:of age|old))",
    re.I,
)
"""'for a year', 'beyond a month': one unit written as a word."""
_COURSE_OF = re.compile(r"\b" + NUMBER + r"[- ](day|week|month)s?(?:[- ]long)?\s+(?:course|regimen)\b", re.I)
"""'a 15-day course': a course length written as one adjective."""
_TO_TIME_POINT = re.compile(
    r"\b(to|until|till|through|thru|up to|beyond|past)\s+(?:the\s+)?(?:end of\s+)?(day|week|month|year)\s+"
    + NUMBER
    + r"\b(?!\s*(?:of age|old))",
    re.I,
)
"""'keep going to week 24', 'continue until day 28': a course running from the start to that point."""
_MONTHS = {"day": 1 / 30.4, "week": 7 / 30.4, "month": 1.0, "year": 12.0}
_STRICTLY_MORE = ("beyond", "longer than", "more than", "past", "exceeding", "after")
_ORDINAL_YEAR = re.compile(
    r"\b(?:into|in|during|through) (?:a |the |her |his |their )?(second|third|fourth|fifth|sixth|2nd|3rd|4th|5th)"
    r"\s+(year|month)\b",
    re.I,
)
_SETTING = re.compile(r"\b(?:adjuvant|neoadjuvant|induction|maintenance|loading)\b", re.I)
_ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5}
_UNLIMITED = re.compile(
    r"\b(?:indefinitely|lifelong|for life|for years|forever|without (?:a )?(?:time )?limit|"
    r"with no (?:time )?limit|no stop(?:ping)? date|long[- ]term (?:use|treatment|therapy|dosing|basis))\b|"
    r"\b(?:use[ds]?|given|taken|continued?|treated|stay(?:ed)? on|remain(?:ed)? on|kept on)\b"
    r"[^.?!]{0,25}\blong[- ]term\b",
    re.I,
)


def durations(text: str) -> list[tuple[float, int, int]]:
    """Durations in months: "for 3 years" (36), "beyond 3 years" (just over 36), "into a third
    year" (just over 24), "indefinitely" / "long-term" (unbounded)."""
    out = []
    for m in _DURATION.finditer(text):
        if _PERSON_BEFORE.search(text[max(0, m.start() - 20) : m.start()]):
            continue  # "women over 35 years who smoke": an age, not a duration
        months = to_number(m.group(2)) * _MONTHS[m.group(3).lower().rstrip("s")]
        out.append((months + (0.01 if m.group(1).lower() in _STRICTLY_MORE else 0), m.start(), m.end()))
    for m in _ONE_UNIT.finditer(text):  # "keep going for a year"
        out.append(
            (_MONTHS[m.group(2).lower()] + (0.01 if m.group(1).lower() in _STRICTLY_MORE else 0), m.start(), m.end())
        )
    for m in _COURSE_OF.finditer(text):  # "a 15-day course", "21 days of treatment"
        out.append((to_number(m.group(1)) * _MONTHS[m.group(2).lower().rstrip("s")], m.start(), m.end()))
    for m in _TO_TIME_POINT.finditer(text):  # "to week 24": 24 weeks from the start
        months = to_number(m.group(3)) * _MONTHS[m.group(2).lower()]
        out.append((months + (0.01 if m.group(1).lower() in _STRICTLY_MORE else 0), m.start(), m.end()))
    for m in _ORDINAL_YEAR.finditer(text):
        unit = 12 if m.group(2).lower() == "year" else 1
        out.append(((_ORDINALS[m.group(1).lower()] - 1) * unit + 0.01, m.start(), m.end()))
    out.extend((float("inf"), m.start(), m.end()) for m in _UNLIMITED.finditer(text))
    return out
