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


DENIAL_CORE = ("not", "never", "no")
"""The denial words every denial test of the rails reads; each caller adds the words its sentences
use ("avoid" in a dosing prohibition, "without" in a patient's description, "cannot" in a
limitation)."""


def denial_words(
    *extra: str, contracted: bool = False, chars_to_end: int | None = None, attached: str | None = None
) -> re.Pattern[str]:
    """A case-insensitive pattern for a whole denial word: :data:`DENIAL_CORE` and ``extra``.

    One vocabulary for the rails' denial tests, which differ only in the words they add and in where
    the word may sit: ``contracted`` also reads a contraction ending in "n't" ("isn't", "can't");
    ``chars_to_end`` requires the word within that many word, space or hyphen characters of the end
    of the searched text (the words just before a mention: "not on dialysis", "without severe"); an
    ``attached`` prefix ("non-") also denies when it ends the text ("non-dialysis"). Each word is
    matched as a whole word, so the order of the words never changes a match."""
    words = "|".join(re.escape(word) for word in (*DENIAL_CORE, *extra))
    pattern = r"\b(?:" + words + r")\b" + (r"|n't\b" if contracted else "")
    if chars_to_end is not None:
        pattern = "(?:" + pattern + r")[\w\s-]{0," + str(chars_to_end) + "}$"
    if attached is not None:
        pattern += r"|\b" + re.escape(attached) + "$"
    return re.compile(pattern, re.I)
