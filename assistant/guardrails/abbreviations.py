"""Abbreviations a label defines for itself: "erectile dysfunction (ED)", "monoamine oxidase inhibitor (MAOI)".

A policy synonym list can never know every label's short forms, but every label spells its own
out at first use. The long form is found the way Schwartz and Hearst (2003) find it: the
shortest run of words before the parenthesis whose first word starts with the abbreviation's
first letter and that contains the abbreviation's letters in order. Only abbreviations written
in capitals (2 to 8 characters) are kept, so that a reader's "ED" or "MAOI" can be read as the
label's own term while ordinary words in parentheses ("(fibroids)") are not.
"""

from __future__ import annotations

import re

_DEFINITION = re.compile(r"((?:[A-Za-z][\w'’-]*[\s,]+){1,8})\(\s*([A-Z][A-Za-z0-9-]{1,7})\s*\)")
_CAPITALS = re.compile(r"^[A-Z][A-Z0-9-]*[A-Z0-9]s?$")


def _letters_in_order(short: str, long: str) -> bool:
    """Every letter of the short form occurs in the long form, in order (Schwartz-Hearst)."""
    pos = 0
    low = long.lower()
    for ch in short.lower():
        if not ch.isalnum():
            continue
        pos = low.find(ch, pos)
        if pos < 0:
            return False
        pos += 1
    return True


def long_form(short: str, before: str) -> str | None:
    """The shortest word run ending ``before`` that spells ``short`` (None when no run does)."""
    words = before.replace(",", " ").split()
    letters = [c for c in short if c.isalpha()]
    if not letters:
        return None
    for n in range(1, min(len(words), len(letters) + 2) + 1):
        candidate = words[-n:]
        if candidate[0][0].lower() != letters[0].lower():
            continue
        text = " ".join(candidate)
        if _letters_in_order(short.rstrip("s"), text):
            return text
    return None


def defined_abbreviations(text: str) -> dict[str, str]:
    """Short form -> long form for every capitalised abbreviation the text defines."""
    out: dict[str, str] = {}
    for m in _DEFINITION.finditer(text):
        short = m.group(2)
        if not _CAPITALS.match(short):
            continue
        found = long_form(short, m.group(1))
        if found:
            out.setdefault(short.rstrip("s") if short.endswith("s") and short[:-1].isupper() else short, found)
    return out
