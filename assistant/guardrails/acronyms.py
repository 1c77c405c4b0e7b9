"""A reader's acronym the label does not define, read through the condition vocabulary.

A question writes "CTEPH", "PH" or "LADA" where the label writes none of them: the label's own
definitions ("pulmonary arterial hypertension (PAH)") and its condition phrases are tried first
(:meth:`.conditions.ConditionMatcher.short_forms`); failing them, the ICD-10-CM index names the
condition, since most clinical acronyms spell one of its names word by word ("chronic
thromboembolic pulmonary hypertension"). Short acronyms spell several names ("PH": pulmonary or
portal hypertension, primary hyperparathyroidism), so a name is chosen only when it is the one
name spelled, or the one whose every word the label itself uses (a PAH label writes "pulmonary"
and "hypertension", not "portal"). No table of acronyms: the vocabulary's names and the label's
words decide.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from functools import lru_cache

from assistant.guardrails.abbreviations import spells
from assistant.guardrails.text import stem
from assistant.guardrails.vocabulary import icd_index, icd_words

_MAX_WORDS = 6
_MIN_MORPHEME = 4


def vocabulary_morpheme(part: str) -> bool:
    """A part of a compound that is a word of the condition vocabulary ("embolic" in thromboembolic)."""
    return len(part) >= _MIN_MORPHEME and stem(part) in icd_words()


@lru_cache(maxsize=1)
def _names_by_initial() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Multi-word vocabulary names (as stemmed word tuples) by the first letter of their first word."""
    out: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for key in icd_index():
        if 1 < len(key) <= _MAX_WORDS and all(w[:1].isalpha() for w in key):
            out[key[0][0]].append(key)
    return {k: tuple(v) for k, v in out.items()}


def _initials_fit(short: str, key: tuple[str, ...]) -> bool:
    """Each word's first letter occurs in the acronym, in order (a cheap filter before spelling)."""
    letters, pos = short.lower(), 0
    for word in key:
        pos = letters.find(word[0], pos)
        if pos < 0:
            return False
        pos += 1
    return True


@lru_cache(maxsize=512)
def spelled_names(short: str, morpheme: Callable[[str], bool]) -> tuple[str, ...]:
    """Vocabulary names the acronym spells word by word (see :func:`.abbreviations.spells`)."""
    letters = [c for c in short if c.isalpha()]
    if len(letters) < 2:
        return ()
    keys = _names_by_initial().get(short[0].lower(), ())
    found = {" ".join(k) for k in keys if len(k) <= len(short) and _initials_fit(short, k)}
    return tuple(sorted(p for p in found if spells(short, p, morpheme)))


def vocabulary_expansion(
    short: str, label_words: frozenset[str] | set[str], morpheme: Callable[[str], bool] = vocabulary_morpheme
) -> str | None:
    """The one vocabulary name ``short`` spells, or the one of several whose every word the label
    uses; None when no name or no single name fits."""
    names = spelled_names(short, morpheme)
    if len(names) == 1:
        return names[0]
    in_label = [n for n in names if all(w in label_words for w in n.split())]
    return in_label[0] if len(in_label) == 1 else None
