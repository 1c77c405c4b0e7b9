"""Weight- and surface-based doses ("5 mg/kg", "2.5 mg per kg", "175 mg/m2", "0.15 mg/kg/day").

Infusions and pediatric doses are written per kilogram or per square metre, which the mg
checks cannot compare: "12 mg/kg every week" names no mg dose at all. A label's own
per-weight doses are read from its text, leaving out lines about animals and nonclinical
studies ("rats given 100 mg/kg/day", "rhesus monkeys ... 10 mg/kg first dose") and overdose
reports ("overdosages of less than 250 mg/kg") and pharmacokinetic ranges ("single infusions of
3 mg/kg to 20 mg/kg showed a linear relationship"), which are no dose for patients. Units are
kept apart: "mg/kg" per dose, "mg/kg/day" per day, "mg/m2" per dose, "mg/m2/day" per day.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.guardrails.label_dosing import _gap, frequencies

_PER_WEIGHT = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?)\s*(?:mg|milligrams?)\s*(?:/|per|a|an|for each)\s*"
    r"(kg|kilograms?|kilo|m\s?2|m²|square met(?:er|re)s?)\b"
    r"(\s*(?:/|per|a|each)\s*day\b)?",
    re.I,
)
_NONCLINICAL = re.compile(
    r"\b(?:rats?|mice|mouse|rabbits?|dogs?|monkeys?|animals?|nonclinical|non-clinical|LD\s?50|carcinogen\w*|"
    r"teratogen\w*|fertility|MRHD|RHD|times the|overdos\w*|toxic\w*|hamsters?|minipigs?|in vitro|"
    r"pharmacokinetic\w*|linear\w*|half-life|clearance)\b",
    re.I,
)
MIN_LABELLED = 2
"""A weight-dosed label states several per-weight doses (initial, maintenance, bands); one lone value
is a limit or a study detail, too little to call every higher value unlabelled."""


def per_weight_doses(text: str) -> list[tuple[float, str, int, int]]:
    """(value, unit key, start, end) of each per-weight dose: unit "kg", "kg/day", "m2" or "m2/day"."""
    out = []
    for m in _PER_WEIGHT.finditer(text):
        unit = "kg" if m.group(2).lower().startswith("k") else "m2"
        out.append((float(m.group(1).replace(",", "")), unit + ("/day" if m.group(3) else ""), m.start(), m.end()))
    return out


@lru_cache(maxsize=64)
def labelled_per_weight(label_text: str) -> dict[str, float]:
    """Highest per-weight dose of each unit in the label's patient dosing text, for units the
    label states at least :data:`MIN_LABELLED` distinct values of."""
    values: dict[str, set[float]] = {}
    for line in label_text.splitlines():
        if _NONCLINICAL.search(line):
            continue
        for value, unit, _, _ in per_weight_doses(line):
            values.setdefault(unit, set()).add(value)
    return {unit: max(found) for unit, found in values.items() if len(found) >= MIN_LABELLED}


@lru_cache(maxsize=64)
def per_weight_regimens(dosing: str) -> frozenset[tuple[float, str, str]]:
    """(value, unit, schedule) pairs of the label's per-weight doses whose schedule follows within a
    few words ("600 mg/m2 intravenously every 3 weeks"), like the mg pairs of :func:`.label_dosing.regimens`."""
    out = set()
    for line in dosing.splitlines():
        if _NONCLINICAL.search(line):
            continue
        schedule = frequencies(line)
        for value, unit, _, end in per_weight_doses(line):
            after = [(f.start(), k) for k, f in schedule if f.start() >= end and _gap(line, end, f.start())]
            if after:
                out.add((value, unit, min(after)[1]))
    return frozenset(out)
