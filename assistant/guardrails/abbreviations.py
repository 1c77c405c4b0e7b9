"""Abbreviations a label defines for itself: "erectile dysfunction (ED)", "monoamine oxidase inhibitor (MAOI)".

A policy synonym list can never know every label's short forms, but every label spells its own
out at first use. The long form is found the way Schwartz and Hearst (2003) find it: the
shortest run of words before the parenthesis whose first word starts with the abbreviation's
first letter and that contains the abbreviation's letters in order. Only abbreviations written
in capitals (2 to 8 characters, lower-case letters allowed between capitals as in "HoFH") are
kept, so that a reader's "ED" or "MAOI" can be read as the label's own term while ordinary words
in parentheses ("(fibroids)") are not.

Readers also shorten what the label never abbreviates ("OA" for the label's osteoarthritis, "T1D"
for type 1 diabetes, "COVID" for COVID-19): :func:`spells` reads such an acronym as one of the
label's own condition phrases when it spells that phrase word by word.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_DEFINITION = re.compile(r"((?:[A-Za-z][\w'’-]*[\s,]+){1,8})\(\s*([A-Z][A-Za-z0-9-]{1,7})\s*\)")
_CAPITALS = re.compile(r"^(?![A-Za-z0-9-]*[a-z]{3})[A-Z][A-Za-z0-9-]*[A-Z0-9]s?$")
_READER_ACRONYM = re.compile(r"^(?![A-Za-z0-9]*[a-z]{3})(?=(?:[^A-Z]*[A-Z]){2})[A-Z][A-Za-z0-9]{1,6}$")
""""OA", "HeFH", "T1D", "COVID": two capitals or more, no run of three lower-case letters."""
_PHRASE_WORD = re.compile(r"[a-z0-9]+")


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


def reader_acronym(token: str) -> bool:
    """The token is shaped like a clinical acronym a reader may write ("OA", "HeFH", "T2DM")."""
    return bool(_READER_ACRONYM.match(token))


def spells(short: str, phrase: str, morpheme: Callable[[str], bool]) -> bool:
    """``short`` abbreviates ``phrase`` word by word: its first letter starts the phrase, every
    word of the phrase starts one of its letters, and the other letters follow inside the words,
    in order. A capital inside a word must start a part that is a word of its own (``morpheme``:
    "OA" is osteo-Arthritis, "MI" is not mIgraine, "BID" is not BIpolar Disorder); a lower-case
    letter may sit anywhere in its syllable ("HeFH": HEterozygous Familial Hypercholesterolemia).
    A trailing number of the phrase ("COVID-19") may be left out when the short form is the word."""
    words = _PHRASE_WORD.findall(phrase.lower())
    while len(words) > 1 and words[-1].isdigit() and not short[-1].isdigit():
        words.pop()
    if not words or len(words) > len(short) or words[0][0] != short[0].lower():
        return False
    if len(words) == 1 and words[0] == short.lower():
        return True
    return _spell(short[1:], words, 0, 1, morpheme)


def _spell(letters: str, words: list[str], word: int, at: int, morpheme: Callable[[str], bool]) -> bool:
    """The rest of the short form matched from ``words[word][at:]`` on, then the next words."""
    if not letters:
        return word == len(words) - 1
    want, current = letters[0].lower(), words[word]
    for pos in range(at, len(current)):
        if current[pos] != want or (letters[0].isupper() and not morpheme(current[pos:])):
            continue
        if _spell(letters[1:], words, word, pos + 1, morpheme):
            return True
    nxt = word + 1
    return nxt < len(words) and words[nxt][0] == want and _spell(letters[1:], words, nxt, 1, morpheme)
