"""Short forms read through what they stand for: the label's own definitions first, then standard notation.

MSLs ask in the short forms trial reports use ("PFS", "OS HR", "6MWD", "eGFR 45", "t1/2"), while a
label's table rows and sentences often spell the long form out ("Progression Free Survival", "Hazard
ratio (95% CI) (Overall survival)", "6-Minute Walk Distance", "Estimated Glomerular Filtration Rate",
"Terminal Half-life"). Read word for word, the row that answers shares nothing with the asked short
form: the composer ranks a neighbouring row first and the coverage check declines the right one.

Two sources say what a short form stands for, neither tied to a product or a question:

* **the label's own definitions**: a label defines a short form once, "progression free survival
  (PFS)", "6-Minute Walk Distance (6MWD)", "uncomplicated urinary tract infections (uUTI)". The long
  form is the shortest run of words before the parenthesis whose openings give the short form's
  letters and digits in order (Schwartz and Hearst, 2003; a glue word such as "of" or "the" may give
  a letter or none: "area under the curve (AUC)", "duration of response (DOR)");
* **standard notation** (:data:`STANDARD`): the statistics and pharmacokinetic short forms labels use
  without defining them ("HR", "CI", "CR", "Cmax", "t1/2"), a closed set fixed by convention, as
  prescription Latin is (see :mod:`assistant.retrieval.shorthand`). A label's own definition wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

from assistant.retrieval.shorthand import clips
from assistant.retrieval.text import STOPWORDS, content_terms
from assistant.retrieval.understanding import GENERIC_FRAMING
from assistant.types import Chunk, ScoredChunk

STANDARD: dict[str, tuple[str, ...]] = {
    "hr": ("hazard ratio",),
    "ci": ("confidence interval",),
    "or": ("odds ratio",),  # written "OR": the lower-case "or" is a glue word
    "rr": ("relative risk",),
    "orr": ("objective response rate", "overall response rate"),
    "cr": ("complete response",),
    "pr": ("partial response",),
    "dor": ("duration of response",),
    "pfs": ("progression free survival",),
    "os": ("overall survival",),
    "auc": ("area under the curve",),
    "cmax": ("peak concentration",),
    "tmax": ("time to peak",),
    "t1/2": ("half-life",),
    "vss": ("volume of distribution",),
    "egfr": ("estimated glomerular filtration rate",),
    "crcl": ("creatinine clearance",),
    "uln": ("upper limit of normal",),
    "lln": ("lower limit of normal",),
    "ls": ("least squares",),
}
"""Statistics and pharmacokinetics short forms of clinical reports (ICH E3 usage) that labels print in
table headings without a definition. Keyed by the lower-case short form."""

_DEFINED_RE = re.compile(r"\(\s*([A-Za-z0-9][A-Za-z0-9/\-]{1,9})\s*\)")
"""A parenthesised short form after its long form: "(PFS)", "(6MWD)", "(uUTI)", "(T2DM)"."""
_WORD_RE = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
_QUESTION_FORM_RE = re.compile(r"(?<![\w/])[A-Za-z0-9]{2,9}(?:/\d)?(?![\w/])")
_UNIT_AFTER_NUMBER_RE = re.compile(r"\d\s*$")
_GLUE = frozenset({"of", "the", "and", "to", "in", "for", "with", "on", "at", "a", "an", "by"})
"""Words a long form may skip when they give no letter ("area under the curve": AUC)."""


def _key(short: str) -> str:
    return re.sub(r"[\s\-]", "", short).lower()


def _is_short_form(short: str) -> bool:
    """Two capitals or more, or a digit with a capital ("PFS", "eGFR", "6MWD", "T2DM"); not a number."""
    capitals = sum(ch.isupper() for ch in short)
    return capitals >= 2 or (capitals >= 1 and any(ch.isdigit() for ch in short))


def _in_order(letters: str, word: str) -> bool:
    pos = 0
    for char in word:
        if pos < len(letters) and char == letters[pos]:
            pos += 1
    return pos == len(letters)


def _covers(letters: str, words: list[str]) -> bool:
    """Every word opens with the next letter of ``letters`` (and may give more from inside, in order);
    a glue word may give none; all letters are used."""
    if not words:
        return not letters
    word, rest = words[0], words[1:]
    if word in _GLUE and _covers(letters, rest):
        return True
    if not letters or word[0] != letters[0]:
        return False
    for k in range(1, len(letters) + 1):
        if k > 1 and not _in_order(letters[1:k], word[1:]):
            break
        if _covers(letters[k:], rest):
            return True
    return False


def stands_for(short: str, phrase: str) -> bool:
    """``short`` (letters and digits) abbreviates ``phrase`` word by word ("6mwd": "6-minute walk distance")."""
    words = [w.lower() for w in _WORD_RE.findall(phrase)]
    letters = re.sub(r"[^a-z0-9]", "", short.lower())
    return bool(words) and len(letters) >= 2 and words[0][0] == letters[0] and _covers(letters, words)


def definitions(texts: Iterable[str]) -> dict[str, set[str]]:
    """Short forms the texts define, each with its long forms ("pfs": {"progression free survival"})."""
    found: dict[str, set[str]] = {}
    for text in texts:
        for match in _DEFINED_RE.finditer(text):
            short = match.group(1)
            if not _is_short_form(short):
                continue
            letters = re.sub(r"[^a-z0-9]", "", short.lower())
            words = _WORD_RE.findall(text[max(0, match.start() - 160) : match.start()])
            for size in range(1, min(len(words), len(letters) + 3) + 1):
                phrase = " ".join(words[-size:])
                if stands_for(letters, phrase):
                    found.setdefault(_key(short), set()).add(phrase.lower())
                    break
    return found


def long_forms(question: str, texts: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """For each short form of the question, what it stands for, keyed by the stem the question's key terms
    use for it ("t1/2" under "t1"): the label's definitions (``texts``) first, then :data:`STANDARD`."""
    defined = definitions(texts)
    found: dict[str, tuple[str, ...]] = {}
    for match in _QUESTION_FORM_RE.finditer(question):
        word = match.group(0)
        key = _key(word)
        if key.isdigit() or _UNIT_AFTER_NUMBER_RE.search(question[: match.start()]):
            continue  # "12 hr" is hours, not a hazard ratio
        if key in STOPWORDS and not word.isupper():
            continue  # "or" joins words; "OR" is an odds ratio
        # a two-letter word in lower case ("pt", "hr") is read only as standard notation: a label's own
        # definition of it ("prothrombin time (PT)") names something else as often as not
        own = defined.get(key) if len(key) > 2 or not word.islower() else None
        meanings = own or set(STANDARD.get(key, ()))
        meanings = {m for m in meanings if _key(m) != key}
        stems = content_terms(word)
        if meanings and stems:
            found[stems[0]] = tuple(sorted(meanings))
    return found


class _Sentence(Protocol):
    terms: frozenset[str]
    caption: frozenset[str]
    table_row: bool


def read_in_full(sentences: Iterable[_Sentence], found: dict[str, tuple[str, ...]]) -> None:
    """Give each table row that spells out an asked short form that short form's stem, in place.

    The short form and its long form are one thing asked: a row labelled "Progression Free Survival"
    states the asked "PFS" as one that prints "PFS" does. Only rows are read so: a table labels its
    rows in full where prose uses the short form it defined, while every sentence of a label names its
    indication in full ("rheumatoid arthritis" for an asked "RA"), which tells no sentence apart.
    """
    wanted = {stem: [set(content_terms(p)) for p in phrases] for stem, phrases in found.items()}
    for sentence in sentences:
        if not sentence.table_row:
            continue
        said = sentence.terms | sentence.caption
        extra = {stem for stem, forms in wanted.items() if any(f and f <= said for f in forms)}
        if extra - sentence.terms:
            sentence.terms = sentence.terms | frozenset(extra)


def said_in_full(found: dict[str, tuple[str, ...]], missing: Iterable[str], mentioned: set[str], text: str) -> set[str]:
    """Stems of the ``missing`` short forms the answer says: a long form's words are all mentioned, or the
    short form is printed with a space or hyphen inside ("6 MWD" for "6MWD")."""
    said: set[str] = set()
    for stem in missing:
        if stem not in found:
            continue  # only a short form is printed spaced ("6 MWD"); "insomnia" is said as written
        phrases = [set(content_terms(p)) for p in found[stem]]
        spaced = r"(?<![A-Za-z0-9])" + r"[\s\-]?".join(map(re.escape, stem)) + r"(?![A-Za-z0-9])"
        if any(p and p <= mentioned for p in phrases) or (len(stem) >= 3 and re.search(spaced, text, re.I)):
            said.add(stem)
    return said


def spelled_with_digits(short: str, texts: Iterable[str]) -> bool:
    """Some text spells out a short form holding a digit ("T2DM": "type 2 diabetes mellitus", "6MWD":
    "6-minute walk distance"); short forms of letters only are read by :func:`assistant.retrieval.scope.spells_out`."""
    letters = re.sub(r"[^a-z0-9]", "", short.lower())
    if not (any(ch.isdigit() for ch in letters) and any(ch.isalpha() for ch in letters) and len(letters) <= 6):
        return False
    for text in texts:
        words = [w.lower() for w in _WORD_RE.findall(text)]
        for i, word in enumerate(words):
            if word[0] != letters[0]:
                continue
            for size in range(2, len(letters) + 3):
                if i + size <= len(words) and _covers(letters, words[i : i + size]):
                    return True
    return False


def contracts_generic(word: str) -> bool:
    """``word`` is a contraction of a word framing questions of every kind ("pt", "pts": patient, patients).

    A contraction keeps the word's first and last letters and some between, in order; "ef" is no
    contraction of "effect" (ejection fraction), "dr" none of "drug"."""
    if not (2 <= len(word) <= 4 and word.isalpha()):
        return False
    forms = [f for stem in GENERIC_FRAMING for f in (stem, f"{stem}s")]
    return any(f[-1] == word[-1] and len(f) > len(word) and clips(word, f) for f in forms)


def document_texts(
    hits: Sequence[ScoredChunk], chunks_of: Callable[[str], list[Chunk]] | None, limit: int
) -> list[str]:
    """The passages of the first ``limit`` documents answering (where a label defines its short forms), or
    the hits alone when the documents cannot be read."""
    if chunks_of is None:
        return [h.chunk.text for h in hits]
    docs = list(dict.fromkeys(h.chunk.doc_id for h in hits))[:limit]
    return [c.text for doc in docs for c in chunks_of(doc)]
