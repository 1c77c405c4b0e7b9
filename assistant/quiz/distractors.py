"""Plausible-but-wrong options for multiple-choice items.

Two sources, both checked against the product's own approved text so that no
distractor is in fact true:

* the key "done wrong": one mechanistic term flipped (agonist → antagonist,
  inhibits → activates, …) or one number changed (40 mg → 80 mg), which tests
  whether the trainee knows the detail, not just the topic;
* statements about the same topic from *other* products in the corpus, with
  every product name masked so the name does not give the answer away.
"""

from __future__ import annotations

import re

_SWAPS = {
    "agonist": "antagonist", "antagonist": "agonist", "agonists": "antagonists", "antagonists": "agonists",
    "inhibits": "activates", "activates": "inhibits", "inhibitor": "activator", "inhibiting": "activating",
    "inhibition": "activation", "blocks": "stimulates", "blocking": "stimulating", "blocker": "stimulator",
    "increases": "decreases", "decreases": "increases", "increase": "decrease", "decrease": "increase",
    "increased": "decreased", "decreased": "increased", "higher": "lower", "lower": "higher",
    "reduces": "raises", "reduced": "raised", "reduction": "rise", "suppresses": "enhances",
    "selective": "non-selective", "selectively": "non-selectively", "reversible": "irreversible",
    "irreversible": "reversible", "humanized": "murine", "daily": "weekly", "weekly": "daily",
    "subcutaneous": "intravenous", "subcutaneously": "intravenously", "intravenous": "subcutaneous",
    "intravenously": "subcutaneously", "oral": "intravenous", "orally": "intravenously",
    "before": "after", "after": "before", "prevents": "promotes", "degradation": "synthesis",
    "upregulates": "downregulates", "downregulates": "upregulates", "mutant": "wild-type",
    "wild-type": "mutant", "excludes": "includes", "inclusion": "skipping", "increasing": "decreasing",
}  # fmt: skip
_SWAP_RE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _SWAPS), key=len, reverse=True)) + r")\b", re.I)
_NUMBER_RE = re.compile(
    r"(?<![\w.\-/])(\d+(?:\.\d+)?)(?=\s?(?:%|mg|mcg|µg|mL|g\b|units?\b|weeks?\b|months?\b|years?\b|days?\b|hours?\b))"
)
"""A quantity with its unit: doubling "40 mg" is a plausible error, doubling "VCAM-1" or "HR 0.8" is nonsense."""


def _match_case(word: str, template: str) -> str:
    return word.capitalize() if template[:1].isupper() else word


def flip_term(sentence: str, which: int = 0) -> str | None:
    """The sentence with its ``which``-th swappable term flipped, or None if it has none."""
    matches = list(_SWAP_RE.finditer(sentence))
    if which >= len(matches):
        return None
    m = matches[which]
    replacement = _match_case(_SWAPS[m.group(1).lower()], m.group(1))
    return sentence[: m.start()] + replacement + sentence[m.end() :]


def change_number(sentence: str, which: int = 0) -> str | None:
    """The sentence with its ``which``-th quantity doubled (or halved if it is large), or None."""
    matches = [m for m in _NUMBER_RE.finditer(sentence) if float(m.group(1)) != 0.0]
    if which >= len(matches):
        return None
    m = matches[which]
    value = float(m.group(1))
    new = value / 2 if value >= 100 else value * 2
    text = f"{new:g}" if "." in m.group(1) or not new.is_integer() else str(int(new))
    return sentence[: m.start()] + text + sentence[m.end() :]


def perturbations(key: str) -> list[str]:
    """Wrong versions of the key: flipped terms first, then changed numbers."""
    out = [flip_term(key, i) for i in range(3)] + [change_number(key, i) for i in range(2)]
    return [s for s in out if s and s != key]
