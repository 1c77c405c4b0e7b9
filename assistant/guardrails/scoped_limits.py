"""Amount-per-day limits scoped to the dosing subsection that states them.

A label may cap the same unit differently per use: "Ovulation Induction: do not exceed 300
International Units daily" and "ART: do not exceed 450 International Units daily". The label-wide
reader (:func:`.regimen_limits.regimen_limits`) keeps the largest, which binds every text; here
each cap keeps the title of the subsection it is written under, so a text about one use is held
to that use's cap. A text names a subsection when it shares most of the title's words (the label's
own abbreviations spelt out, words compared by their first five letters so "induce" meets
"Induction"); titles are often purposes ("Ovulation Induction") that no condition vocabulary
knows. When no title is named, the caller's condition test decides; when several caps bind, the
largest does (a text naming no use may be about any of them).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.guardrails.regimen_limits import RegimenLimit, amounts_per_period, regimen_limits
from assistant.guardrails.stopwords import STOPWORDS
from assistant.guardrails.text import stems
from assistant.types import Chunk

Scoped = tuple[tuple[str, RegimenLimit], ...]


def chunk_limits(chunk: Chunk) -> Scoped:
    """(subsection title, limit) of each amount-per-period cap of one dosing chunk."""
    title = (chunk.section or "").split(" > ")[-1]
    return tuple((title, lim) for lim in regimen_limits(chunk.text) if lim.kind == "amount")


def beyond_scoped(text: str, scoped: Scoped, binds: Callable[[str], bool]) -> list[tuple[int, int, str]]:
    """(start, end, message) of each amount of the text above the largest cap that binds it;
    ``binds`` says whether a cap's "title: sentence" concerns the text's use."""
    out = []
    for value, unit, start, end in amounts_per_period(text):
        caps = [lim for title, lim in scoped if lim.unit == unit and binds(f"{title}: {lim.sentence}")]
        if not caps:
            continue
        top = max(caps, key=lambda lim: lim.value)
        if value > top.value + 1e-9:
            quote = top.sentence.strip(" •")
            out.append((start, end, f"it exceeds the labelled maximum for this use (“{quote[:200]}”)."))
    return out


_GENERIC = frozenset(
    ["dosage", "dose", "dosing", "recommended", "administration", "general", "information", "usage", "regimen",
     "maximum", "starting", "initial", "modification", "important", "instruction", "preparation", "patient",
     "treatment", "use", "and", "older", "year", "month", "age", "of"]
)  # fmt: skip
_PARENS = re.compile(r"\([^)]*\)")


def _keys(text: str, abbreviations: dict[str, str]) -> set[str]:
    words = []
    for word in re.findall(r"[A-Za-z][\w-]*", _PARENS.sub(" ", text)):
        words.append(abbreviations.get(word, word))
    keys = {w[:5] for w in stems(" ".join(words)) if len(w) > 2 and not w.isdigit()}
    return keys - {w[:5] for w in _GENERIC | STOPWORDS}


def named_titles(text: str, titles: set[str], abbreviations: dict[str, str]) -> set[str]:
    """The subsection titles the text names best (at least half of a title's words), else none."""
    mine = _keys(text, abbreviations)
    scores: dict[str, float] = {}
    for title in titles:
        keys = _keys(title, abbreviations)
        if keys:
            scores[title] = len(keys & mine) / len(keys)
    best = max(scores.values(), default=0.0)
    return {t for t, v in scores.items() if v == best} if best >= 0.5 else set()


def scoped_binds(
    text: str, scoped: Scoped, abbreviations: dict[str, str], same_use: Callable[[str], bool]
) -> Callable[[str], bool]:
    """The ``binds`` test of :func:`beyond_scoped` for one text: the named titles' caps (and caps
    under titles of no distinctive words), else the caller's condition test."""
    titles = {title for title, _ in scoped}
    named = named_titles(text, titles, abbreviations)
    if not named:
        return same_use
    return lambda quote: quote.split(": ", 1)[0] in named or not _keys(quote.split(": ", 1)[0], abbreviations)
