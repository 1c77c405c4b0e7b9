"""Negations written as contractions, read the way the label's negative cues are written.

The policy's negative cues ("not recommended", "not indicated") mark a sentence that states or
asks about a limitation; a reader writes "isn't recommended", and in a question the subject sits
between the two: "why isn't X recommended for smokers?".
"""

from __future__ import annotations

import re

_CONTRACTED = re.compile(r"n[’']t\b", re.I)
_INVERTED = re.compile(
    r"n[’']t\s+((?:[\w-]+\s+){1,3}?)(?=(?:recommended|indicated|approved|established|studied)\b)", re.I
)


def uncontracted(sentence: str) -> str:
    """The sentence with "isn't recommended" (and, in a question, "why isn't X recommended") read
    as "is not recommended", "X not recommended", for the label's negative cues."""
    return _CONTRACTED.sub(" not", _INVERTED.sub(r" \1not ", sentence))


_DENIAL_WORD = r"(?:\b(?:not|no|never|cannot|nor)\b|n[’']t\b)"
DENIAL = re.compile(_DENIAL_WORD, re.I)
"""Any denial word: a label sentence holding one ("not intended to be used for treatment of ...")
states a limit, not a use, so it cannot show the label pairing a use with a condition."""
_DENIED_BEFORE = re.compile(_DENIAL_WORD + r"\s+(?:\w+\s+){0,2}$", re.I)


def negated_before(prefix: str) -> bool:
    """A denial word ends ``prefix`` or sits at most two words before its end: the cue that follows
    is denied ("it does not treat", "won't really prevent"), so the sentence restates a limit."""
    return bool(_DENIED_BEFORE.search(prefix))
