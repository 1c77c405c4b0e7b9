"""Per-use population floors in Indications and Usage: lists of uses in one sentence, and uses
whose population word is given its age (and weight) once elsewhere in the section.

"X is indicated for: the treatment of A in adult and pediatric patients 6 months of age and
older; the treatment of B in adult and pediatric patients 2 years of age and older" is one
sentence with two uses and two floors; read whole, its last floor bound both (a child of 18
months with A looked outside the label). :func:`split_uses` makes one entry per use, each with the
lead-in. "X is indicated in adult and adolescent patients 12 years of age and older weighing at
least 38 kg, requiring ...; ... indicated for: A in adults; B in adolescent patients" states the
adolescents' floor once: :func:`inherit_floors` gives an entry whose population word has no number
("in adolescent patients") the bounds stated with the same word in another entry, so a two-part
floor (age AND weight) binds the use that names the population only by its word.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from assistant.guardrails.label_dosing import to_number, to_years
from assistant.guardrails.text import stem

if TYPE_CHECKING:
    from assistant.guardrails.label_profile import IndicationEntry

_LEAD_IN = re.compile(r"^(?P<lead>[^:;]{0,200}?\bindicated\b[^:;]{0,80}?:)\s*(?P<rest>.+)$", re.I | re.S)
_MIN_CLAUSE_WORDS = 4


def split_uses(sentence: str) -> list[str]:
    """One sentence per use of an "indicated for: A; B; C" list (each with the lead-in)."""
    m = _LEAD_IN.match(sentence)
    if m is None or ";" not in m.group("rest"):
        return [sentence]
    clauses = [c.strip(" •") for c in m.group("rest").split(";")]
    if len(clauses) < 2 or any(len(c.split()) < _MIN_CLAUSE_WORDS for c in clauses if c):
        return [sentence]
    return [f"{m.group('lead')} {c}" for c in clauses if c]


_GROUP = r"(?:adolescents?|pediatric|paediatric|children|child)"
_BOUNDED_GROUP = re.compile(
    r"\b(?P<group>" + _GROUP + r")\b(?:\s+(?:patients|subjects))?\s+"
    r"(?P<age>(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>years?|months?)\s*(?:of age\s*)?(?:and|or)\s*(?:older|above))"
    r"(?P<weight>,?\s*(?:and\s+)?weighing\s+(?:at least|≥|>=)\s*\d+(?:\.\d+)?\s*kg)?",
    re.I,
)
_BARE_GROUP = re.compile(r"\b(?:in|for)\s+(?P<group>" + _GROUP + r")\b(?:\s+(?:patients|subjects))?(?!\s+\d)", re.I)
_NUMBERED = re.compile(r"\d+(?:\.\d+)?\s*(?:years?|months?|kg)\b", re.I)


def _word(group: str) -> str:
    g = group.lower()
    return "adolescent" if g.startswith("adolescent") else "child" if g.startswith("child") else "pediatric"


def inherit_floors(entries: list[IndicationEntry]) -> list[IndicationEntry]:
    """Entries naming a population word without any number take the bounds stated with that word
    in another entry (the youngest such floor when several are stated)."""
    stated: dict[str, tuple[float, str]] = {}
    for e in entries:
        for m in _BOUNDED_GROUP.finditer(e.text):
            years = to_years(to_number(m.group("n")), m.group("unit"))
            key = _word(m.group("group"))
            if key not in stated or years < stated[key][0]:
                stated[key] = (years, f"{m.group('group')} {m.group('age')}{m.group('weight') or ''}")
    if not stated:
        return entries
    out = []
    for e in entries:
        bare = None if _NUMBERED.search(e.text) else _BARE_GROUP.search(e.text)
        found = stated.get(_word(bare.group("group"))) if bare else None
        if found is None or e.negative:
            out.append(e)
            continue
        years, phrase = found
        out.append(replace(e, text=f"{e.text} ({phrase})", min_age_years=years))
    return out


_WORD_RX = re.compile(r"[A-Za-z][A-Za-z0-9-]+")
_GENERIC = frozenset(
    ["treatment", "patients", "patient", "adult", "adults", "pediatric", "children", "child", "adolescent",
     "adolescents", "years", "year", "months", "month", "age", "older", "indicated", "associated", "related",
     "with", "and", "the", "for", "that", "who", "whose", "have", "has", "been", "cannot", "not", "or", "in", "of",
     "daily", "dose", "doses", "dosing", "dosage", "label", "labelled", "labeled", "within", "use", "take", "given",
     "can", "should", "could", "would", "what", "this", "patient", "year-old", "month-old", "old"]
)  # fmt: skip


def _keys(text: str, abbreviations: dict[str, str], names: frozenset[str] = frozenset()) -> set[str]:
    words = []
    for w in _WORD_RX.findall(text):
        words.append(w)
        words.extend(_WORD_RX.findall(abbreviations.get(w, "")))
    kept = (stem(w) for w in words if len(w) > 2 and w.lower() not in _GENERIC and w.lower() not in names)
    return {w[:6] for w in kept}


def named_use_floor(
    text: str, entries: list[IndicationEntry], abbreviations: dict[str, str], product_names: tuple[str, ...] = ()
) -> IndicationEntry | None:
    """The entry of the use the text names by its own words (label abbreviations included) when
    the label gives its uses different floors: the entry whose distinctive words (those not in
    every entry, nor the product's names) the text shares most, the one with the lowest floor on a
    tie; None when no
    distinctive word is shared or the floors do not differ."""
    dated = [e for e in entries if not e.negative and e.min_age_years is not None]
    if len({e.min_age_years for e in dated}) < 2:
        return None
    names = frozenset(w.lower() for n in product_names for w in _WORD_RX.findall(n))
    keys = [_keys(e.text, abbreviations, names) for e in dated]
    common = set.intersection(*keys)
    mine = _keys(text, abbreviations, names)
    scores = [len((k - common) & mine) for k in keys]
    best = max(scores)
    if best == 0:
        return None
    tied = [e for e, s in zip(dated, scores, strict=True) if s == best]
    return min(tied, key=lambda e: e.min_age_years or 0.0)
