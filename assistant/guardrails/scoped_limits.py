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
from assistant.guardrails.weight_doses import _NONCLINICAL, per_weight_doses
from assistant.types import Chunk

Scoped = tuple[tuple[str, RegimenLimit], ...]


def chunk_limits(chunk: Chunk) -> Scoped:
    """(subsection title, limit) of each amount-per-period cap of one dosing chunk, and of its
    highest per-weight dose of each unit (kind "per_weight": "Adult XLH: 1 mg/kg ... every four
    weeks" where the pediatric subsection goes to 2 mg/kg)."""
    title = (chunk.section or "").split(" > ")[-1]
    out = [(title, lim) for lim in regimen_limits(chunk.text) if lim.kind == "amount"]
    highest: dict[str, tuple[float, str]] = {}
    for line in chunk.text.splitlines():
        if _NONCLINICAL.search(line):
            continue
        for value, unit, _, _ in per_weight_doses(line):
            if unit not in highest or value > highest[unit][0]:
                highest[unit] = (value, line.strip())
    out += [(title, RegimenLimit("per_weight", v, unit, line)) for unit, (v, line) in highest.items()]
    return tuple(out)


def beyond_per_weight(
    text: str, scoped: Scoped, named: set[str], weighed: dict[str, float]
) -> list[tuple[int, int, str]]:
    """(start, end, message) of each per-weight dose above the highest one of the subsections the
    text names (``named``, see :func:`named_titles`), for units the label doses by weight throughout
    (``weighed``: its label-wide highest per unit); the label-wide highest is checked elsewhere."""
    out = []
    for value, unit, start, end in per_weight_doses(text) if named else []:
        caps = [lim for title, lim in scoped if lim.kind == "per_weight" and lim.unit == unit and title in named]
        if not caps or unit not in weighed:
            continue
        top = max(caps, key=lambda lim: lim.value)
        if top.value + 1e-9 < value <= weighed[unit] + 1e-9:
            quote = top.sentence.strip(" •")[:200]
            out.append((start, end, f"the labelled dose for this use is at most {top.value:g} mg/{unit} (“{quote}”)."))
    return out


def beyond_scoped(text: str, scoped: Scoped, binds: Callable[[str], bool]) -> list[tuple[int, int, str]]:
    """(start, end, message) of each amount of the text above the largest cap that binds it;
    ``binds`` says whether a cap's "title: sentence" concerns the text's use."""
    out = []
    for value, unit, start, end in amounts_per_period(text):
        caps = [
            lim
            for title, lim in scoped
            if lim.kind == "amount" and lim.unit == unit and binds(f"{title}: {lim.sentence}")
        ]
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


_POPULATION = {"adult": "adult", "adults": "adult", "pediatric": "pediatric", "paediatric": "pediatric",
               "children": "pediatric", "child": "pediatric", "kids": "pediatric", "adolescents": "adolescent",
               "adolescent": "adolescent", "infants": "infant", "infant": "infant"}  # fmt: skip
"""Population words are stop words elsewhere but tell "Adult XLH" from "Pediatric XLH" here."""


def _keys(text: str, abbreviations: dict[str, str]) -> set[str]:
    words = []
    for word in re.findall(r"[A-Za-z][\w-]*", _PARENS.sub(" ", text)):
        words.append(abbreviations.get(word, word))
    population = {_POPULATION[w.lower()] for w in words if w.lower() in _POPULATION}
    keys = {w[:5] for w in stems(" ".join(words)) if len(w) > 2 and not w.isdigit()}
    return (keys - {w[:5] for w in _GENERIC | STOPWORDS}) | population


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
    titles = {title for title, lim in scoped if lim.kind == "amount"}
    named = named_titles(text, titles, abbreviations)
    if not named:
        return same_use
    return lambda quote: quote.split(": ", 1)[0] in named or not _keys(quote.split(": ", 1)[0], abbreviations)
