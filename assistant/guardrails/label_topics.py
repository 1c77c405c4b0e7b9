"""Situations a label gives directions for, read from its section structure.

Dosage and Administration subsections are titled by the situation they direct ("Considerations for
Management of Acute Pain During Maintenance Treatment", "Dosage in Patients with Renal Impairment").
A question about a condition in that situation ("treating acute post-operative pain in someone on
maintenance") asks what the label says; it does not propose a new use, even though the condition is
no indication. The children's maximum daily amount is read here too (it is found the same way, by
section codes), so that the profile builder stays one readable module.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.guardrails.label_dosing import daily_maxima
from assistant.guardrails.populations import DOSAGE_CODE, PEDIATRIC, PEDIATRIC_CODE, path_codes
from assistant.guardrails.text import sentences, tokenize
from assistant.types import Chunk

_MIN_WORD = 4
"""Words of three letters or fewer ("get", "use", "day") locate nothing."""
_FRAME = frozenset(
    ["considerations", "consideration", "management", "dosage", "dosing", "dose", "doses", "recommended",
     "administration", "patients", "patient", "during", "treatment", "instructions", "important", "general",
     "with", "from", "other", "adults", "pediatric", "information", "modifications", "modification"]
)  # fmt: skip
"""Title words that frame a direction rather than name the situation."""


def _words(text: str) -> frozenset[str]:
    return frozenset(
        re.sub(r"[-‐‑–]", "", t.lower) for t in tokenize(text) if len(t.text) >= _MIN_WORD and t.text[0].isalpha()
    )


def dosing_topics(chunks: list[Chunk], names: tuple[str, ...]) -> list[tuple[frozenset[str], frozenset[str]]]:
    """(situation words of a Dosage and Administration subsection title, every word of the title and
    its text) for each titled subsection; product names are no situation."""
    own = {w for n in names for w in _words(n)}
    by_title: dict[str, list[str]] = {}
    for chunk in chunks:
        path = (chunk.section or "").split(" > ")
        if DOSAGE_CODE in path_codes(chunk) and len(path) > 1:
            by_title.setdefault(path[-1], []).append(chunk.text)
    out = []
    for title, texts in by_title.items():
        situation = _words(title) - _FRAME - own
        if situation:
            out.append((situation, _words(title + " " + " ".join(texts))))
    return out


def directed(
    text: str, start: int, mention: str, topics: list[tuple[frozenset[str], frozenset[str]]], names: tuple[str, ...]
) -> bool:
    """The mention is named in a subsection the label titles by a situation the text also names
    ("acute pain" + "maintenance"): the text asks about the label's own directions, unless it makes
    the condition the product's own use ("Can X treat acute pain ...")."""
    claim = re.compile(
        r"(?:"
        + "|".join(re.escape(n) for n in names)
        + r")\s+(?:\w+\s+){0,2}?(?:treats?|for|relieves?)\s+(?:\w+\s+){0,2}$",
        re.I,
    )
    if claim.search(text[max(0, start - 60) : start]):
        return False
    words, named = _words(mention), _words(text)
    return bool(words) and any(
        words <= every and bool((situation - words) & named) and bool(situation & words) for situation, every in topics
    )


def pediatric_maximum(chunk: Chunk, reader: Callable[[str], list[float]] = daily_maxima) -> tuple[float, str] | None:
    """The lowest maximum amount a dosing or pediatric-use chunk states for children: daily by
    default, per administration with :func:`.label_dosing.dose_maxima`."""
    codes = path_codes(chunk)
    if DOSAGE_CODE not in codes and PEDIATRIC_CODE not in codes:
        return None
    pediatric_section = PEDIATRIC.search(chunk.section or "") is not None or PEDIATRIC_CODE in codes
    found = [
        (value, sentence)
        for sentence in sentences(chunk.text)
        if pediatric_section or PEDIATRIC.search(sentence)
        for value in reader(sentence)
    ]
    return min(found, key=lambda f: f[0]) if found else None
