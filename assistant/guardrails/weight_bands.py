"""Doses a label gives by body-weight band ("For patients >=10 kg to <=25 kg the recommended dose is
50 mg twice daily", a table row "20 kg to less than 40 kg  4 mg twice daily").

Children's doses are commonly fixed amounts chosen by weight band, not mg/kg rates, so neither the
overall mg maximum (an adult dose) nor the per-kg check sees a child given the next band's or the
adult amount. A text naming a patient's weight and a mg dose is compared with the bands holding that
weight: a dose above every amount those bands give is outside the label. Only labels with at least
two bands count (one lone weight is a threshold, not a banded schedule), amounts per kilogram are
left to the per-kg check, and an open-ended top band ("40 kg or more") binds only a text describing a
child, since adults given adult doses fall in it too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.guardrails.label_dosing import dose_amounts

_N = r"(\d+(?:\.\d+)?)"
_GE = r"(?:≥|>=|>|at least|more than|greater than|over)"
_LT = r"(?:<|≤|<=|less than|up to|under|below|and less than|to less than|to under)"
_RANGE = re.compile(
    r"(?:" + _GE + r"\s*)?" + _N + r"\s*(?:kg|kilograms?)?(?:\s*\([^)]{0,12}\))?\s*(?:to|-|–|and|through)\s*"
    r"(?:" + _LT + r"\s*)?"
    + _N + r"\s*(?:kg|kilograms?)\b"
    r"|" + _GE + r"\s*" + _N + r"\s*(?:kg|kilograms?)\b"
    r"|" + _N + r"\s*(?:kg|kilograms?)(?:\s*\([^)]{0,12}\))?\s*(?:or more|or greater|and (?:above|over|more|greater))"
    r"|" + _LT + r"\s*" + _N + r"\s*(?:kg|kilograms?)\b",
    re.I,
)  # fmt: skip
_PER_WEIGHT = re.compile(r"mg\s*/\s*(?:kg|m2|m²)|per\s+(?:kg|kilogram)", re.I)
_WEIGHT = re.compile(
    r"(?<![\d./])(\d+(?:\.\d+)?)\s*(?:kg|kilograms?)\b(?!\s*/)"
    r"(?!\s*(?:or more|or greater|and above|(?:to|-|–)\s*(?:less than\s*)?\d))",
    re.I,
)
_NOT_A_WEIGHT_BEFORE = re.compile(r"(?:mg|mcg|/)\s*$|\bper\s*$|\b(?:less than|under|<|>|≥|≤|over)\s*$", re.I)
MIN_BANDS = 2


@dataclass(frozen=True)
class WeightBand:
    """Patients from ``low`` to ``high`` kg (``high`` None: open-ended) get at most ``most`` mg a dose."""

    low: float
    high: float | None
    most: float
    line: str


def _band(m: re.Match[str]) -> tuple[float, float | None]:
    g = m.groups()
    if g[0] is not None:
        return float(g[0]), float(g[1])
    if g[2] is not None:
        return float(g[2]), None
    if g[3] is not None:
        return float(g[3]), None
    return 0.0, float(g[4])


@lru_cache(maxsize=64)
def weight_bands(dosing: str) -> tuple[WeightBand, ...]:
    """Bands of the label's dosing text: each weight range with the mg amounts that follow it up to
    the next range on its line or sentence; ranges followed by per-weight amounts are no fixed band."""
    out: list[WeightBand] = []
    for line in re.split(r"(?<=\.)\s+|\n", dosing):  # a table row may put ";" between weight and dose
        found = list(_RANGE.finditer(line))
        for i, m in enumerate(found):
            end = found[i + 1].start() if i + 1 < len(found) else len(line)
            segment = line[m.end() : end]
            if _PER_WEIGHT.search(segment):
                continue
            amounts = [v for v, _ in dose_amounts(segment)]
            if amounts:
                low, high = _band(m)
                out.append(WeightBand(low, high, max(amounts), line.strip()))
    return tuple(out) if len(out) >= MIN_BANDS else ()


def text_weights(text: str) -> list[float]:
    """A patient's weight the text names ("a 25 kg 8-year-old", "weighing 18 kg"), not a band bound."""
    return [
        float(m.group(1))
        for m in _WEIGHT.finditer(text)
        if not _NOT_A_WEIGHT_BEFORE.search(text[max(0, m.start() - 12) : m.start()])
    ]


def above_band(text: str, bands: tuple[WeightBand, ...], child: bool) -> list[tuple[re.Match[str], WeightBand]]:
    """mg amounts in the text above every band holding the patient's weight, with the band giving
    the most; an open-ended band binds only when the text describes a child."""
    if not bands:
        return []
    out = []
    for weight in text_weights(text):
        holding = [b for b in bands if b.low <= weight and (b.high is None or weight <= b.high)]
        if not holding or (not child and any(b.high is None for b in holding)):
            continue
        top = max(holding, key=lambda b: b.most)
        for value, m in dose_amounts(text):
            if value > top.most + 1e-9:
                out.append((m, top))
    return out
