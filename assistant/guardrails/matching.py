"""Matching one weighted policy pattern, with its proximity and veto conditions.

Keyword lists generalise poorly: "minor" is harmless in "minor surgery" but
dismissive in "the infection risk is minor". A pattern may therefore require a
second pattern within a few words (``near``), be vetoed by a third anywhere in
the sentence (``unless``: "quality of life" is a trial endpoint, not a lifestyle
promise, when a questionnaire or score is named), and may count several distinct
cues (``max_count``) so that two weak cues add up where one does not.
"""

from __future__ import annotations

import re

from assistant.guardrails.policy import WeightedPattern

_WORD = re.compile(r"\w+")


def word_gap(a: tuple[int, int], b: tuple[int, int], text: str) -> int:
    """Words strictly between two character spans (0 when they touch or overlap)."""
    left, right = (a, b) if a[0] <= b[0] else (b, a)
    if right[0] <= left[1]:
        return 0
    return len(_WORD.findall(text[left[1] : right[0]]))


def _has_near(pattern: WeightedPattern, match: re.Match[str], text: str) -> bool:
    near = pattern.near_regex
    if near is None:
        return True
    return any(word_gap(match.span(), n.span(), text) <= pattern.window for n in near.finditer(text))


def pattern_matches(pattern: WeightedPattern, text: str) -> list[re.Match[str]]:
    """Distinct qualifying matches of ``pattern`` in ``text``, at most ``pattern.max_count``."""
    if pattern.unless_regex is not None and pattern.unless_regex.search(text):
        return []
    out: list[re.Match[str]] = []
    seen: set[str] = set()
    for match in pattern.regex.finditer(text):
        key = match.group(0).lower()
        if key in seen or not _has_near(pattern, match, text):
            continue
        seen.add(key)
        out.append(match)
        if len(out) >= pattern.max_count:
            break
    return out
