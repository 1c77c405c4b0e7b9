"""Qualifiers of an indication that a text contradicts: the label treats "unresectable" disease and
the text names "resectable" disease; "uncomplicated" infections and "complicated" ones; "non-small
cell" and "small cell"; "homozygous" and "heterozygous" familial hypercholesterolemia.

Read from the label's own words, not from a list of terms: an indication word formed with a
negating prefix (``un``, ``non``) or the ``homo``/``hetero`` pair names one side of a distinction;
the same word without the prefix (or with the other one) names the other side. The text's word
counts only next to words of that indication (within a few tokens before them), so "patients
treated with X" is not the opposite of "previously untreated", and only when no indication of the
label covers that other side itself. Numbered classes, closed distinctions (primary/secondary) and
etiologies of the labelled condition are read by :mod:`.subtypes`.
"""

from __future__ import annotations

import re

from assistant.guardrails.abilities import possible_abilities
from assistant.guardrails.label_profile import IndicationEntry
from assistant.guardrails.subtypes import asks_boundary, contrary_classes, foreign_causes, narrowed, opposed_qualifiers
from assistant.guardrails.text import tokenize

__all__ = ["contrary_qualifiers", "label_sides", "narrowed"]

_PREFIXED = re.compile(r"\b(un|non-?|homo)([a-z]{5,})\b", re.I)
_OTHER_SIDE = {"un": "", "non": "", "non-": "", "homo": "hetero"}
_NEGATED_BEFORE = re.compile(r"(?:\bun|\bnon-?|\bnot\s+|\bno\s+|\bhomo)$", re.I)
_WINDOW = 4
"""Tokens after the text's qualifier within which a word of the indication must follow."""


def label_sides(entries: list[IndicationEntry]) -> dict[str, str]:
    """{the other side's word: the indication's word} for every prefixed indication word whose other
    side no indication names ("resectable" -> "unresectable")."""
    texts = [e.text.lower() for e in entries if not e.negative]
    out: dict[str, str] = {}
    for text in texts:
        for m in _PREFIXED.finditer(text):
            other = _OTHER_SIDE[m.group(1).lower()] + m.group(2).lower()
            named = re.compile(r"(?<![\w-])" + re.escape(other) + r"\b")
            if not any(_other_side_named(named, t) for t in texts):
                out[other] = m.group(0).lower()
    return out


def _other_side_named(named: re.Pattern[str], text: str) -> bool:
    return any(not _NEGATED_BEFORE.search(text[: m.start()]) for m in named.finditer(text))


def contrary_qualifiers(
    text: str, entries: list[IndicationEntry], generic: frozenset[str] | set[str]
) -> list[tuple[int, int, str]]:
    """(start, end, the indication's word) of each qualifier in ``text`` naming the other side of a
    distinction the indications draw, next to words of those indications that are not generic
    ("patients", "severe": the policy's generic modifiers, as stems)."""
    out = [*contrary_classes(text, entries, generic), *opposed_qualifiers(text, entries, generic)]
    out += foreign_causes(text, entries, generic) + possible_abilities(text, entries, generic)
    sides = label_sides(entries)
    if not sides:
        return out
    words = frozenset(w for e in entries if not e.negative for w in e.stems if len(w) > 2 and w not in generic)
    tokens = tokenize(text)
    for i, tok in enumerate(tokens):
        labelled = sides.get(tok.lower)
        if labelled is None or _NEGATED_BEFORE.search(text[: tok.start]) or asks_boundary(text, tok.start, labelled):
            continue
        if any(t.norm in words for t in tokens[i + 1 : i + 1 + _WINDOW]):
            out.append((tok.start, tok.end, labelled))
    return out
