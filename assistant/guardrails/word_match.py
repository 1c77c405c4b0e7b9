"""Word-level matching of a condition mention against a label sentence.

Two judgements ``conditions.ConditionMatcher.covers`` makes per word, kept apart from the
mention extraction: whether a word is a derivation of one the sentence uses ("depression" and
the label's "depressive"), and whether an absent marker ("HER2-negative") is stated as absent
in the sentence too.
"""

from __future__ import annotations

import re
from functools import lru_cache

_POLARITY = re.compile(r"(?<![\w-])([A-Za-z][\w/]*)[\s-](negative|null|wild-type|wildtype)\b", re.I)


def polarity_ok(phrase: str, text: str) -> bool:
    """An absent marker binds to the marker: "HER2-negative" is not covered by a sentence on
    "HER2 overexpressing ... node negative", where "negative" qualifies another word. Only
    absence ("negative", "null", "wild-type"): "positive" often restates the label's own
    "overexpressing"/"mutated". Checked when the label sentence is at hand (``text``)."""
    if not text:
        return True
    for m in _POLARITY.finditer(phrase):
        marker, status = re.escape(m.group(1)), re.escape(m.group(2))
        if not re.search(r"(?<![\w-])" + marker + r"[\s-]*" + status, text, re.I):
            return False
    return True


_SHARED_ROOT = 8
_SUFFIX = 4


@lru_cache(maxsize=8192)
def _roots(stems: frozenset[str]) -> frozenset[str]:
    """The eight-letter roots of a label sentence's stems, once per sentence (a set lookup per word)."""
    return frozenset(w[:_SHARED_ROOT] for w in stems if len(w) >= _SHARED_ROOT)


def _derivation(a: str, b: str) -> bool:
    """One word's derivations: a shared root of eight letters or more and endings of at most four
    ("depression" and the label's "depressive"); not "hyperlip-oproteinemia" / "hyperlip-idemia"."""
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n >= _SHARED_ROOT and len(a) - n <= _SUFFIX and len(b) - n <= _SUFFIX


def derived_in(word: str, stems: frozenset[str]) -> bool:
    """A derivation of ``word`` is among a label sentence's stems ("depression" / "depressive")."""
    root = word[:_SHARED_ROOT]
    if len(word) < _SHARED_ROOT or root not in _roots(stems):
        return False
    return any(w.startswith(root) and _derivation(w, word) for w in stems)
