"""Typed facts inside a sentence: the one thing a quiz item asks about.

A quiz item blanks one *slot* of a cited sentence (a route, a dosing interval,
a dose, a time span, a percentage, a molecular target) and offers values of the
same kind as choices. Slot kinds are recognised by their shape (a quantity with
its unit, "every N weeks", a gene- or receptor-like symbol) and by a small
vocabulary of administration routes taken from the FDA route-of-administration
terms; nothing here names a product.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

SlotKind = Literal["route", "interval", "dose", "duration", "percent", "entity", "monitoring"]
SLOT_KINDS: tuple[SlotKind, ...] = ("entity", "interval", "dose", "route", "duration", "percent", "monitoring")

ROUTES: dict[str, str] = {
    "intrathecal": "intrathecally", "intravenous": "intravenously", "subcutaneous": "subcutaneously",
    "oral": "orally", "intramuscular": "intramuscularly", "intravitreal": "intravitreally",
    "intradermal": "intradermally", "topical": "topically", "sublingual": "sublingually",
    "transdermal": "transdermally", "intranasal": "intranasally", "rectal": "rectally",
    "inhaled": "by inhalation", "intra-articular": "intra-articularly", "epidural": "epidurally",
}  # fmt: skip
"""Adjective → adverb for common FDA routes of administration; options keep the form of the key."""
_ROUTE_ADVERBS = {adv: adj for adj, adv in ROUTES.items()}
_ROUTE_RE = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, [*ROUTES, *ROUTES.values()]), key=len, reverse=True)) + r")\b", re.I
)
_UNIT = r"(?:mg/kg|mg/m2|mg|mcg|µg|g|mL|units?|IU)"
_DOSE_RE = re.compile(rf"(?<![\w.,/])\d+(?:\.\d+)?\s?{_UNIT}(?![\w/])(?:\s?\(\d+(?:\.\d+)?\s?mL\))?")
_TIME = r"(?:minutes?|hours?|days?|weeks?|months?|years?)"
_INTERVAL_RE = re.compile(
    rf"\b(?:(?:once|twice|three times|four times)\s+(?:a\s+|every\s+|per\s+)?(?:daily|weekly|monthly|day|week|month|"
    rf"\d+\s{_TIME}))\b|\bevery\s+(?:other\s+)?(?:\d+\s)?{_TIME}\b|\b\d+-(?:day|week|month)\s+intervals?\b"
)
_DURATION_RE = re.compile(rf"(?<![\w.,/-])\d+(?:\.\d+)?(?:\s?(?:to|-|–)\s?\d+)?\s{_TIME}\b")
_PERCENT_RE = re.compile(r"(?<![\w.,/])\d+(?:\.\d+)?%")
_RATIO_BEFORE = re.compile(r"\d+\s+of\s+\d+\s*\($")
"""'71 of 123 (58%)': the percentage follows from the counts, so it is no question."""
_ENTITY_RE = re.compile(r"(?<![\w-])(?:exon \d+|[A-Za-z]*[A-Z][A-Za-z]*\d*[A-Za-z0-9]*(?:-[A-Za-z]?\d+)?)(?![\w-])")
_MEASURE_RE = re.compile(
    r"\b(?:[A-Za-z][\w-]*\s){0,3}(?:counts?|levels|testing|tests|function|enzymes|parameters|panel|pressure)\b"
)
"""A test or measurement ("platelet count", "liver enzymes", "quantitative spot urine protein testing")."""
_MONITOR_CUE = re.compile(
    r"\b(?:monitor\w*|baseline|periodically|obtain|perform|conduct|check|measure|assess|evaluate)\b", re.I
)
"""Only a sentence that tells the reader to check something makes its measurement a monitoring fact."""
_NOT_MEASURE_WORD = re.compile(
    r"^(?:the|a|an|and|or|of|for|in|on|at|with|to|by|as|any|all|this|these|their|its|your|if|when|perform|obtain|"
    r"conduct|check|measure|assess|evaluate|monitor\w*|consider|repeat|further|before|after|during|each|every|"
    r"periodic|routine|laboratory|lab|including|include|such|abnormal|elevated|increased|decreased|low|high)$",
    re.I,
)
_CONNECTORS = frozenset({"and", "or", "in", "of", "for", "with", "nor"})
_NUMBER_IN = re.compile(r"\d+(?:\.\d+)?")
_RANGE = re.compile(r"\d\s?(?:to|-|–)\s?\d")


@dataclass(frozen=True)
class Slot:
    """One blankable value in a sentence: its kind, text and character span."""

    kind: SlotKind
    value: str
    start: int
    end: int


def is_entity(token: str, names: frozenset[str]) -> bool:
    """A gene-, receptor- or enzyme-like symbol ("EGFR", "GLP-1", "JAK1", "MAdCAM-1", "exon 7").

    Two capitals or a capital and a digit make a symbol; all-capital words of six
    letters or more are brand or trial names, not targets, and so are the
    catalog's product names.
    """
    if token.lower().startswith("exon "):
        return True
    letters = re.sub(r"[^A-Za-z]", "", token)
    caps = sum(ch.isupper() for ch in token)
    digits = any(ch.isdigit() for ch in token)
    if any(part in names for part in [token.lower(), *token.lower().split("-")]) or len(token) < 2 or not letters:
        return False
    if letters.isupper() and len(letters) >= 6 and not digits:
        return False
    if re.fullmatch(r"[IVX]+|[A-Z][a-z]+|[A-Z]{1,2}\d*", token) and not (digits and caps >= 2):
        return False  # roman numerals, capitalised words, "Q4", "A1"
    return caps >= 2 or (caps >= 1 and digits)


def find_slots(sentence: str, names: frozenset[str] = frozenset()) -> list[Slot]:
    """Every typed slot of a sentence, longest match first where two overlap."""
    found: list[Slot] = []
    for kind, pattern in (("interval", _INTERVAL_RE), ("dose", _DOSE_RE), ("duration", _DURATION_RE),
                          ("percent", _PERCENT_RE), ("route", _ROUTE_RE)):  # fmt: skip
        for m in pattern.finditer(sentence):
            if kind == "percent" and _RATIO_BEFORE.search(sentence[: m.start()]):
                continue
            found.append(Slot(kind, m.group(0), m.start(), m.end()))  # type: ignore[arg-type]
    if _MONITOR_CUE.search(sentence):
        for m in _MEASURE_RE.finditer(sentence):
            words = m.group(0).split()
            cut = max((i + 1 for i, w in enumerate(words[:-1]) if w.lower() in _CONNECTORS), default=0)
            words = words[cut:]  # "hemoglobin and liver enzymes" → "liver enzymes"
            while len(words) > 1 and _NOT_MEASURE_WORD.match(words[0]):
                words.pop(0)
            if len(words) > 1:
                start = m.end() - len(" ".join(words))
                found.append(Slot("monitoring", " ".join(words), start, m.end()))
    letters = [ch for ch in sentence if ch.isalpha()]
    shouting = sum(ch.isupper() for ch in letters) > 0.6 * len(letters)  # "DO NOT USE IF ... CAP IS BROKEN"
    for m in [] if shouting else _ENTITY_RE.finditer(sentence):
        defined = f"({m.group(0)})" in sentence
        if is_entity(m.group(0), names) and not defined:  # "(SMN2)" is spelt out just before it: no question
            found.append(Slot("entity", m.group(0), m.start(), m.end()))
    kept: list[Slot] = []
    for slot in sorted(found, key=lambda s: -(s.end - s.start)):
        if all(slot.end <= k.start or slot.start >= k.end for k in kept):
            kept.append(slot)
    return sorted(kept, key=lambda s: s.start)


def blank(sentence: str, value: str, gap: str = "____") -> str:
    """The sentence with every occurrence of the value replaced by a gap (so the stem never gives it away)."""
    return re.sub(rf"(?<![\w./,-]){re.escape(value)}(?![\w/-])", gap, sentence)


def fill(sentence: str, value: str, option: str) -> str:
    """The sentence stating ``option`` where it stated ``value``."""
    return blank(sentence, value, option.replace("\\", "\\\\"))


def same_form(kind: SlotKind, key: str, option: str) -> bool:
    """Options read as the key does: a route adverb for an adverb, a unit for the same unit."""
    if kind == "route":
        return (key.lower() in _ROUTE_ADVERBS) == (option.lower() in _ROUTE_ADVERBS)
    if kind in ("dose", "duration", "interval"):
        ranged = _RANGE.search(key) is not None, _RANGE.search(option) is not None
        return ranged[0] == ranged[1] and (_unit(key) == _unit(option) or kind == "interval")
    if kind == "entity":
        return key.lower().startswith("exon ") == option.lower().startswith("exon ")
    return True


def _unit(value: str) -> str:
    return re.sub(r"[\d.\s()–-]+|to\b", "", value.split("(")[0]).rstrip("s").lower()


def route_options(key: str) -> list[str]:
    """Every other route, in the grammatical form of the key ("intravenously" for "intrathecally")."""
    adverb = key.lower() in _ROUTE_ADVERBS
    pool = list(ROUTES.values()) if adverb else list(ROUTES)
    return [_match_case(p, key) for p in pool if p != key.lower()]


def _match_case(word: str, template: str) -> str:
    return word[:1].upper() + word[1:] if template[:1].isupper() else word


_NUDGES = {
    "dose": lambda v: [v * 2, v / 2, v * 1.5, v * 3, v / 4, v * 4],
    "duration": lambda v: [v * 2, v / 2, v * 3, v * 1.5, *([v + d for d in (1, -1, 2, -2, 3, 4)] if v <= 12 else [])],
    "interval": lambda v: [v * 2, v / 2, v * 3, v * 1.5, *([v + d for d in (1, -1, 2, -2, 3, 4)] if v <= 12 else [])],
    "percent": lambda v: [v + d for d in (-10, 10, -5, 5, -15, 15, -20, 20)],
    "entity": lambda v: [v + 1, v - 1, v + 2, v - 2] if v <= 30 and v.is_integer() else [],
    "route": lambda v: [],
    "monitoring": lambda v: [],
}
"""Per kind, the numbers a trainee might confuse with the key's (a dose halved, an interval one unit off)."""


def near_misses(kind: SlotKind, key: str) -> list[str]:
    """The key with its number nudged (×½, ×2, ±1, ±a step), or its period unit swapped: plausible slips."""
    if kind == "route":
        return route_options(key)
    found = list(_NUMBER_IN.finditer(key))
    if len(found) == 2 and kind in ("duration", "interval", "dose"):
        out = _range_misses(key, found[0], found[1])
    else:
        out = _number_misses(kind, key, found[0]) if found else []
    for a, b in (("day", "week"), ("week", "month"), ("month", "year"), ("daily", "weekly"), ("once", "twice")):
        for x, y in ((a, b), (b, a)):
            if re.search(rf"\b{x}", key):
                out.append(re.sub(rf"\b{x}", y, key, count=1))
    return [o for o in dict.fromkeys(out) if o != key]


def _range_misses(key: str, low: re.Match[str], high: re.Match[str]) -> list[str]:
    """A range with both ends scaled alike ("30 to 60 minutes" → "60 to 120 minutes")."""
    a, b = float(low.group(0)), float(high.group(0))
    out = []
    for f in (2, 0.5, 3, 1.5):
        if (a * f).is_integer() and (b * f).is_integer():
            out.append(
                f"{key[: low.start()]}{int(a * f)}{key[low.end() : high.start()]}{int(b * f)}{key[high.end() :]}"
            )
    return out


def _number_misses(kind: SlotKind, key: str, match: re.Match[str]) -> list[str]:
    """The key with its number replaced by the kind's plausible slips, written with the key's decimals."""
    value = float(match.group(0))
    decimals = len(match.group(0).split(".")[1]) if "." in match.group(0) else 0
    out = []
    for new in _NUDGES[kind](value):
        if new <= 0 or new == value or (kind == "percent" and new >= 100):
            continue
        if decimals:
            out.append(f"{key[: match.start()]}{new:.{decimals}f}{key[match.end() :]}")
        elif float(new).is_integer():
            out.append(f"{key[: match.start()]}{int(new)}{key[match.end() :]}")
    return out


def magnitude(value: str) -> float | None:
    """The first number of a value ("12 mg (5 mL)" → 12.0), None for values without one."""
    match = _NUMBER_IN.search(value)
    return float(match.group(0)) if match else None


def shape(value: str) -> str:
    """A coarse shape of a value: letters → a, digits → 9 ("JAK1" → "a9", "every 4 weeks" → "a 9 a")."""
    return re.sub(r"[A-Za-z]+", "a", re.sub(r"\d+(?:\.\d+)?", "9", value))
