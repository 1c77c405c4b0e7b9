"""The regimen a titrated label starts with, and a text that starts at a later step's regimen.

"160 mg orally once daily for 14 days, then increase to 160 mg twice daily" starts at 160 mg once
daily: the same 160 mg is labelled twice daily only after the lead-in. The starting-dose check
(:meth:`.regimen.RegimenChecks._start`) compares amounts only, so "start at 160 mg twice daily from
day 1" passed it. Here each dosing sentence with a step cue ("then increase", "titrate",
"escalate") gives its first dose + schedule pair as a starting regimen and the later pairs as
steps; a text that starts (start, begin, initiate, from day 1) on a step's pair that is no
starting regimen skips the lead-in.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.guardrails.label_dosing import NEGATED, regimens
from assistant.guardrails.text import sentences

_STEP = re.compile(r"\bthen\s+(?:\w+\s+){0,2}?(?:increase|escalate|titrate)\w*|\btitrat\w*|\bescalat\w*", re.I)
_TEXT_START = re.compile(
    r"\b(?:start\w*|begin\w*|initiat\w*|commenc\w*)\b"
    r"|\bfrom (?:the )?(?:first day|day (?:1|one))\b|\bon day (?:1|one)\b",
    re.I,
)
Pair = tuple[float, str]


@lru_cache(maxsize=64)
def starting_pairs(dosing: str) -> tuple[frozenset[Pair], frozenset[Pair]]:
    """(starting dose+schedule pairs, later-step pairs) of the label's stepped dosing sentences."""
    starts: set[Pair] = set()
    steps: set[Pair] = set()
    for sentence in sentences(dosing):
        if not _STEP.search(sentence) or NEGATED.search(sentence):
            continue
        pairs = [(r.dose, r.frequency) for r in regimens(sentence) if r.frequency is not None]
        if len(pairs) < 2:
            continue
        starts.add(pairs[0])
        steps.update(p for p in pairs[1:] if p != pairs[0])
    return frozenset(starts), frozenset(steps - starts)


def skipped_lead_in(sentence: str, dosing: str) -> list[tuple[int, str]]:
    """(position, labelled start) where a sentence starts on a later step's dose and schedule and
    names no labelled start."""
    if not _TEXT_START.search(sentence):
        return []
    starts, steps = starting_pairs(dosing)
    found = regimens(sentence) if steps else []
    if any((r.dose, r.frequency) in starts for r in found):
        return []  # the text names the labelled start too: it describes the steps
    out = []
    for r in found:
        pair = (r.dose, r.frequency)
        if r.frequency and pair in steps and pair not in starts:
            first = next((s for s in sorted(starts, key=str) if s[0] == r.dose), None) or min(starts, key=str)
            out.append((sentence.find(f"{r.dose:g}"), f"{first[0]:g} mg {first[1]}"))
    return out
