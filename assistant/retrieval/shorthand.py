"""Question words the answer says in full: clipped words, prescription shorthand, the shape of a quantity.

MSLs type "wk 24", "HD pts", "pre-op", "q2w", "pbo", "soln"; labels print "Week 24", "hemodialysis",
"preoperative", "every 2 weeks", "placebo", "solution". The coverage check
(:func:`assistant.retrieval.answer_gaps.coverage_gap`) refuses when the answer does not say what the
question asks, and a clipped word no label writes weighs most there, so an answer that quotes exactly the
right sentence was declined. Three readings, none tied to a product or a question, find such words said:

* **Clipped words** are read the way Schwartz and Hearst (2003) read abbreviations (see
  :func:`assistant.retrieval.scope.stands_for`), against the answer's own words: the short form opens the
  longer word and its other letters follow in order ("wk" in "weeks", "soln" in "solution", "hd" in
  "hemodialysis"), or a two-letter form gives the initials of two words ("yo": "years old"). Only words
  outside the packaged everyday vocabulary (:mod:`assistant.retrieval.common_words`) are read so ("soon"
  is no clipped "solution"), and two-letter words, which in a clinical question are all short forms.
  A hyphenated clipping ("pre-op") is read whole ("preoperative"), and a word made with an English prefix
  ("redose") is said where its root is ("skip the dose"), and a word by the answer's word made of it
  with a prefix ("hold": "withhold").
* **Prescription shorthand** is a closed Latin notation with a grammar, not a word list to grow:
  "q<N><unit>" is "every N <unit>" ("q2w", "q12h", "q4wk"), and "qd", "bid", "tid", "qid", "qw", "qod"
  are once, twice, three and four times daily, once weekly and every other day; a numeral ordinal ("1st")
  is its word ("first").
* **The shape of a quantity** ("range", "minimum", "threshold", "window", "spacing", "floor", "cutoff")
  says what form the answer takes, not what it is about: a label states "10 to 80 mg", "at least 5
  months", "12 hours apart", "<500 cells/µL" without ever saying "range" or "threshold". Such a word is
  answered by an answer that states a figure; one that states none still leaves it unanswered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import pairwise

from assistant.retrieval.common_words import everyday_words, is_everyday
from assistant.retrieval.text import STOPWORDS, content_terms

SHAPE_WORDS: frozenset[str] = frozenset(
    content_terms(
        "range ranges min minimum minimal max maximum threshold thresholds cutoff cutoffs cut-off floor ceiling limit"
        " limits bound bounds window windows spacing spaced interval intervals gap gaps lowest highest upper"
        " lower soon earliest latest length duration"
    )
)
"""Stems of words that ask for the form of a quantity (a bound, a span, a spacing), not for a topic."""

_FIGURE_RE = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|once|twice)\b", re.I)

_UNITS = {
    "h": "hours?",
    "hr": "hours?",
    "d": "days?",
    "w": "weeks?",
    "wk": "weeks?",
    "m": "months?",
    "mo": "months?",
}
_EVERY_N_RE = re.compile(r"^q(\d{1,2})(hr|h|d|wk|w|mo|m)$")
_NUMBER_WORDS = {
    "1": "one",
    "2": "two",
    "3": "three",
    "4": "four",
    "6": "six",
    "8": "eight",
    "12": "twelve",
}
_LATIN: dict[str, str] = {
    "qd": r"once (?:a |per )?daily|once (?:a|per) day|every 24 hours|\bdaily\b",
    "od": r"once (?:a |per )?daily|once (?:a|per) day|every 24 hours",
    "bid": r"twice (?:a |per )?daily|twice (?:a|per) day|two times (?:a |per )?day|every 12 hours",
    "tid": r"three times (?:a |per )?(?:daily|day)|every 8 hours",
    "qid": r"four times (?:a |per )?(?:daily|day)|every 6 hours",
    "qw": r"once (?:a |per )?week(?:ly)?|every week|\bweekly\b",
    "qod": r"every other day",
}
"""Prescription Latin: quaque die, bis/ter/quater in die, quaque septimana, quaque altera die."""


_ORDINAL_RE = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)$")
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def _ordinal_re(word: str) -> re.Pattern[str] | None:
    """What the label writes for a numeral ordinal ("1st": "first"), or None."""
    match = _ORDINAL_RE.match(word)
    if not match:
        return None
    number = int(match.group(1))
    spelled = f"|\\b{_ORDINALS[number - 1]}\\b" if 1 <= number <= len(_ORDINALS) else ""
    return re.compile(rf"\b{number}(?:st|nd|rd|th)\b{spelled}", re.IGNORECASE)


def _schedule_re(word: str) -> re.Pattern[str] | None:
    """What the label writes for a prescription abbreviation ("q2w": "every 2 weeks"), or None."""
    if word in _LATIN:
        return re.compile(_LATIN[word], re.IGNORECASE)
    match = _EVERY_N_RE.match(word)
    if not match:
        return None
    number, unit = match.groups()
    count = number if number not in _NUMBER_WORDS else f"(?:{number}|{_NUMBER_WORDS[number]})"
    return re.compile(rf"\bevery {count}[\s-]*{_UNITS[unit]}|\bq{number}\s?{unit}\b", re.IGNORECASE)


def clips(short: str, word: str) -> bool:
    """``short`` is ``word`` clipped: it opens ``word``, which is longer, and its other letters follow in order."""
    if len(word) <= len(short) or word[0] != short[0]:
        return False
    pos = 1
    for char in word[1:]:
        if pos < len(short) and char == short[pos]:
            pos += 1
    return pos == len(short)


def _readable_as_clipped(word: str, question: str) -> bool:
    """A question word that may be a clipped form: two letters, or not an everyday word."""
    if not word.isalpha():
        return False
    return len(word) == 2 or (3 <= len(word) <= 5 and not is_everyday(word, question))


def readable_as_clipped(word: str) -> bool:
    """A lower-case word of 3 to 5 letters outside the everyday vocabulary ("pbo", "soln", "hgb")."""
    return word.isalpha() and 3 <= len(word) <= 5 and word not in everyday_words()


_PREFIX_RE = re.compile(r"^(?:re|pre|post|un|non|over|under|co|with)(?=[a-z]{3,}$)")
"""English prefixes: "redose" is dosing again, answered where the dose is ("skip the dose")."""


def _compounds(question: str) -> dict[str, str]:
    """Hyphenated words of the question, each part mapped to the whole written without hyphens ("op": "preop")."""
    found: dict[str, str] = {}
    for match in re.finditer(r"\b([A-Za-z]{2,5})-([A-Za-z]{1,4})\b", question):
        whole = (match.group(1) + match.group(2)).lower()
        for part in match.groups():
            found.setdefault(part.lower(), whole)
    return found


def _said_clipped(word: str, question: str, words: Sequence[str], pairs: Sequence[tuple[str, str]]) -> bool:
    compounds = _compounds(question)
    forms = [form for form in (word, compounds.get(word)) if form]
    for form in forms:
        if not _readable_as_clipped(form, question):
            continue
        if len(form) == 2:
            if any(a[0] == form[0] and b[0] == form[1] for a, b in pairs):
                return True
            if any(len(w) >= 4 and clips(form, w) for w in words):  # "wk": weeks, "hd": hemodialysis
                return True
        elif any(clips(form, w) for w in words):
            return True
    return False


def said_in_shorthand(question: str, missing: Iterable[tuple[str, str]], texts: Sequence[str]) -> set[str]:
    """Stems of the missing question words that ``texts`` (the answer sentences) say in full.

    ``missing`` holds (stem, word as written) of the question's key terms the answer does not mention.
    """
    joined = " ".join(texts)
    words = sorted({w.lower() for w in re.findall(r"[A-Za-z]{3,}", joined)} - STOPWORDS)
    sequence = [w.lower() for w in re.findall(r"[A-Za-z]+", joined)]
    pairs = [(a, b) for a, b in pairwise(sequence) if a not in STOPWORDS and b not in STOPWORDS]
    said = set(content_terms(joined))
    found: set[str] = set()
    for stem, word in missing:
        low = word.lower()
        schedule = _schedule_re(low) or _ordinal_re(low)
        if schedule is not None:
            if schedule.search(joined):
                found.add(stem)
            continue
        if stem in SHAPE_WORDS:
            if _FIGURE_RE.search(joined):
                found.add(stem)
            continue
        if _said_clipped(low, question, words, pairs):
            found.add(stem)
            continue
        prefix = _PREFIX_RE.match(low)
        if prefix and set(content_terms(low[prefix.end() :])) & said:
            found.add(stem)
        elif len(low) >= 4 and any(_PREFIX_RE.sub("", w) == low for w in words if w != low):
            found.add(stem)  # "hold" said by "withhold", "operative" by "preoperative"
    return found
