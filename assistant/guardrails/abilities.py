"""What the labelled disease cannot undergo, and a text whose disease can: "tumors that cannot be
curatively resected or localized" (or "unresectable", "inoperable") against "a tumour that can be
fully resected" or "a resectable tumour".

:mod:`.qualifiers` reads the prefixed adjective ("unresectable" -> "resectable") and only when the
text's word stands before the indication's words. Labels often write the limit as a clause instead
("... that cannot be curatively resected", "not amenable to surgery"), and a text states the other
side as a clause too, often after the disease ("TIO where the tumour can be completely removed by
surgery" is no word-for-word mirror). So the verb is read from the label's own clause or prefixed
adjective, and the text's other side is any form of that verb said to be possible: the adjective
without the negating prefix ("resectable", "localizable"), or "can/could/may be (adverb) <verb>ed",
anywhere in a sentence that also names a word of the indication. A question naming both sides
("resectable or unresectable?") asks where the labelled population ends and is left alone.
"""

from __future__ import annotations

import re

from assistant.guardrails.label_profile import IndicationEntry
from assistant.guardrails.stopwords import STOPWORDS
from assistant.guardrails.text import sentence_spans, stem, tokenize

Generic = frozenset[str] | set[str]
Hits = list[tuple[int, int, str]]

_ADVERB = r"(?:\w+ly\s+)?"
_CANNOT = re.compile(r"\b(?:cannot|can ?not|could not|can't|are not|is not)\s+be\s+" + _ADVERB + r"(\w{4,}?)ed\b"
                     r"(?:\s+(?:or|and|nor)\s+(?:be\s+)?" + _ADVERB + r"(\w{4,}?)ed\b)?", re.I)  # fmt: skip
"""A label's limit as a clause: "cannot be curatively resected or localized" -> resect. Only the first
verb of a coordination counts: a tumour that "can be localized" may still be unresectable (labelled),
while one that "can be resected" has been found as well."""
_UNABLE = re.compile(r"\b(?:un|in|non-?)(\w{4,}?)able\b", re.I)
"""A label's limit as a prefixed adjective: "unresectable" -> resect, "inoperable" -> oper."""
_NEGATED = re.compile(r"(?:\b(?:not|no|cannot|never|un|in|non-?)\s*|n't\s+)(?:be\s+)?" + _ADVERB + r"$", re.I)


def limited_verbs(entries: list[IndicationEntry]) -> dict[str, str]:
    """{verb stem: the label's limiting words} of every indication that limits its disease to one
    that cannot undergo something ("resect": "cannot be curatively resected")."""
    out: dict[str, str] = {}
    for e in entries:
        if e.negative:
            continue
        for m in _CANNOT.finditer(e.text):
            before = re.search(r"(?:\w+\s+){0,2}$", e.text[: m.start()])
            quote = (before.group(0) if before else "") + m.group(0)  # "tumors that cannot be ... resected"
            out.setdefault(m.group(1).lower(), quote)  # see _CANNOT: the first verb only
        for m in _UNABLE.finditer(e.text):
            out.setdefault(m.group(1).lower(), m.group(0) + " disease")
    return out


def _other_side(verb: str) -> re.Pattern[str]:
    """The verb said to be possible: "resectable", "can be (completely) resected"."""
    v = re.escape(verb)
    possible = rf"\b(?:can|could|may|might)\s+(?:still\s+)?be\s+{_ADVERB}{v}e?d\b"
    return re.compile(rf"(?<![\w-]){v}(?:e)?able\b|" + possible, re.I)


def _indication_words(entries: list[IndicationEntry], generic: Generic) -> frozenset[str]:
    return frozenset(
        w for e in entries if not e.negative for w in e.stems if len(w) > 2 and w not in generic and w not in STOPWORDS
    )


def possible_abilities(text: str, entries: list[IndicationEntry], generic: Generic) -> Hits:
    """(start, end, the label's limiting words) of each statement that the text's disease can
    undergo what the labelled one cannot, in a sentence naming a word of the indications."""
    verbs = limited_verbs(entries)
    if not verbs:
        return []
    words = _indication_words(entries, generic)
    out: Hits = []
    for a, b in sentence_spans(text):
        sentence = text[a:b]
        named = {stem(t.text) for t in tokenize(sentence)}
        if not named & words:
            continue
        for verb, limit in verbs.items():
            hits = [m for m in _other_side(verb).finditer(sentence) if not _NEGATED.search(sentence[: m.start()])]
            if hits and not _both_sides(sentence, verb):
                out += [(a + m.start(), a + m.end(), limit) for m in hits]
    return out


def _both_sides(sentence: str, verb: str) -> bool:
    """A question that names the labelled side as well ("resectable or unresectable TIO?")."""
    if not sentence.rstrip().endswith("?"):
        return False
    v = re.escape(verb)
    limited = re.compile(rf"\b(?:un|in|non-?){v}e?able\b|\b(?:cannot|not)\s+be\s+{_ADVERB}{v}", re.I)
    return bool(limited.search(sentence))


_INABLE = re.compile(r"(?:non-?|un|in)(\w{4,}?)e?able", re.I)


def labelled_inability(word: str, text: str) -> bool:
    """``word`` ("non-localizable") is the label sentence's own limit written as a clause ("tumors
    that cannot be curatively resected or localized"): a text restating the labelled disease in
    the adjective names no other condition (any verb of the coordination counts here)."""
    m = _INABLE.fullmatch(word)
    if m is None or not text:
        return False
    verbs = {v.lower() for c in _CANNOT.finditer(text) for v in (c.group(1), c.group(2)) if v}
    return m.group(1).lower() in verbs
