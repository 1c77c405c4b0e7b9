"""Administration times: "over 60 minutes" in Dosage and Administration, "pushed over 10 minutes" in a text.

A label that infuses a product over a set time never describes it given faster or as an IV push
or bolus; a text that does so describes a use outside the label. Times are read from the label's
own directions (the shortest "over N minutes/hours", a range counting by its lower end) and from
the text (a range counting by its upper end: "over 10 to 15 minutes" is at most 15).
"""

from __future__ import annotations

import re

OVER = re.compile(
    r"\bover\s+(?:a period of\s+)?(?:(?:at least|not less than|no less than)\s+)?(\d+(?:\.\d+)?)"
    r"(?:\s*(?:to|-|–)\s*(\d+(?:\.\d+)?))?\s*(minutes?|mins?|hours?|hrs?)\b",
    re.I,
)
PUSH = re.compile(
    r"\b(?:iv|intravenous)\s+(?:push|bolus)\b|\b(?:push(?:ed)?|bolus(?:ed)?)\s+(?:\w+\s+){0,2}?over\s+\d", re.I
)
"""A push or bolus of the product itself ("IV push", "pushed over 10 minutes"); "push the dose up" is titration."""


def minutes(m: re.Match[str], *, upper: bool) -> float:
    """The matched time in minutes, by the upper or the lower end of a range."""
    low = float(m.group(1))
    value = float(m.group(2)) if upper and m.group(2) else low
    return value * 60 if m.group(3).lower().startswith("h") else value


def shortest_minutes(directions: str) -> float | None:
    """The shortest administration time the label's directions give, if any."""
    found = [minutes(m, upper=False) for m in OVER.finditer(directions)]
    return min(found) if found else None
