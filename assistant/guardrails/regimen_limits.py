"""Typed regimen limits of Dosage and Administration, and the regimen a text proposes against them.

The label bounds a regimen in ways a single dose cannot carry: how many doses a use may have
("Limit the duration of use to 12 monthly doses", "a maximum of 5 doses"), how much of a
product may be used in a period ("Do not use more than 60 grams per week", "do not exceed
4,000 mg in 24 hours") and how much of the body a topical product may cover ("affected areas of
up to 20% body surface area"). Each is read into a :class:`RegimenLimit` (kind, value, unit,
sentence) from the label's dosing text, by the same number reader as every other dosing check
(:data:`.label_dosing.AMOUNT`), and a text's own counts, amounts and areas are read into the same
kinds and units, so that "18 monthly injections", "80 g a week" or "30% BSA" is compared with the
limit in one unit. A text restating the limit (the same value) is not beyond it.

Sentences that only describe (trials, storage, preparation, overdose) state no limit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from assistant.guardrails.label_dosing import AMOUNT, NUMBER, to_number
from assistant.guardrails.negations import denial_words
from assistant.guardrails.stopwords import STOPWORDS
from assistant.guardrails.text import sentences

if TYPE_CHECKING:
    from assistant.guardrails.label_profile import LabelProfile


@dataclass(frozen=True)
class RegimenLimit:
    """One upper bound of a labelled regimen."""

    kind: str
    """"doses" (a count per use), "amount" (a quantity per period) or "area" (% body surface)."""
    value: float
    unit: str
    """"doses"; "g/day", "mg/day", "units/day" or "ml/day" (weekly amounts are divided by 7); "%bsa"."""
    sentence: str


_CAP = (
    r"(?:up to|no more than|not (?:to )?exceed(?:ing)?|more than|"
    r"maximum(?:\s+(?:recommended|daily|total))?(?:\s+dose)?(?:\s+(?:of|is))?|max\.?|"
    r"limit(?:ed)?\b[^.;]{0,40}?\bto|≤|<=)"
)
"""Words that make the number after them an upper bound (a prohibition's "more than" is one too)."""
_COUNT_WORDS = (
    r"(?:(?:monthly|weekly|daily|total|consecutive|separate|single|subcutaneous|intravenous|intramuscular)\s+)?"
)
_DOSE_NOUNS = r"(?:doses|injections|infusions|administrations|shots)"
_NOT_PER = r"\b(?!\s+(?:per|a|in|each|every|within)\b)"
_LABEL_COUNT = re.compile(
    r"\b" + _CAP + r"\s+(?:a total of\s+|a maximum of\s+)?" + NUMBER + r"\s+" + _COUNT_WORDS + _DOSE_NOUNS + _NOT_PER,
    re.I,
)
"""'limit the duration of use to 12 monthly doses', 'a maximum of 5 doses'; 'more than 6 doses in
24 hours' is a daily frequency (read as one elsewhere), not a count per use."""
_PER_DAY = r"(?:per|a|each|every|/|in)\s*(?:24\s*hours?|day)"
_PER_WEEK = r"(?:per|a|each|every|/|in (?:a|one|1))\s*week"
_UNIT = r"(mg|milligrams?|g|grams?|international units?|IU|units?|mL)"
_AMOUNT_PERIOD = re.compile(
    r"(?<![\d,.])(" + AMOUNT + r")\s*" + _UNIT + r"\b(?:\s+(?:of\s+)?[\w-]+){0,2}?\s*"
    r"(" + _PER_DAY + "|" + _PER_WEEK + r")\b",
    re.I,
)
_UNITS_DAILY = re.compile(
    r"(?<![\d,.])(" + AMOUNT + r")\s*(international units?|IU|units?)\s+(?:once\s+)?(daily)\b"
    r"|\bmaximum\s+daily\s+(?:dose|dosage|amount)\s+(?:of\s+|is\s+)?(" + AMOUNT + r")\s*"
    r"(international units?|IU|units?)\b",
    re.I,
)
"""Units given "daily" ("450 IU daily") or as a "maximum daily dose of 300 International Units": a
per-day amount. Kept to units (IU, insulin units): an mg dose "daily" is the mg checks' concern."""
_AREA = re.compile(
    r"(?<![\d,.])(\d+(?:\.\d+)?)\s*%\s*(?:of\s+(?:the\s+|her\s+|his\s+|their\s+|a\s+)?(?:patient'?s?\s+)?)?"
    r"(?:total\s+)?(?:body[- ]surface(?:[- ]area)?|BSA|body\b|skin\b)",
    re.I,
)
_CAP_BEFORE = re.compile(
    r"(?:" + _CAP + r"|above|greater than|higher than|exceeding|in excess of)\s*(?:a total of\s+|a maximum of\s+)?$",
    re.I,
)
_COMPARATIVE = re.compile(r"^(?:more than|above|greater than|higher than|exceeding|in excess of)", re.I)
_PROHIBITION = denial_words("avoid")
""""more than" bounds only in a prohibition ("do not use more than 60 g"); "patients requiring more than
150 units per day" names who the product is for, a lower bound."""


def _caps(sentence: str, start: int, cap: str | None = None) -> bool:
    """Does a cap word (``cap``, else the one just before ``start``) make the number an upper bound?"""
    if cap is None:
        found = _CAP_BEFORE.search(sentence[max(0, start - 40) : start])
        if not found:
            return False
        cap = found.group(0)
    if not _COMPARATIVE.match(cap):
        return True
    # "do not use more than 60 g", "doses above 300 IU per day are not recommended": a prohibition
    # before the amount or after it in the same sentence
    return bool(_PROHIBITION.search(sentence))


_NOT_A_LIMIT = re.compile(
    r"\b(?:stud(?:y|ies|ied)|trials?|enrolled|subjects|randomi[sz]ed|stor(?:e|ed|age)|refrigerat\w*|"
    r"room temperature|discard|dilut\w*|reconstitut\w*|overdos\w*|rats?|mice|animals?|in vitro|"
    r"pharmacokinetic\w*|exposure|concentration\w*|shelf|stable|expir\w*)\b",
    re.I,
)
_UNITS = {"mg": "mg", "milligram": "mg", "g": "g", "gram": "g", "unit": "units", "ml": "ml", "iu": "units",
          "international unit": "units"}  # fmt: skip


def _unit(raw: str, period: str) -> tuple[str, float]:
    """('g/day', divisor) for an amount unit and its period: a weekly amount is divided by 7."""
    return f"{_UNITS[raw.lower().rstrip('s')]}/day", 7.0 if "week" in period.lower() else 1.0


def amounts_per_period(text: str) -> list[tuple[float, str, int, int]]:
    """(value per day, unit, start, end) of each amount the text gives per day or per week
    ("80 g a week" -> 11.4 g/day, "4,000 mg in 24 hours" -> 4000 mg/day)."""
    out = []
    for m in _AMOUNT_PERIOD.finditer(text):
        unit, divisor = _unit(m.group(2), m.group(3))
        out.append((to_number(m.group(1)) / divisor, unit, m.start(), m.end()))
    seen = {start for _, _, start, _ in out}
    for m in _UNITS_DAILY.finditer(text):
        value, raw = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(5))
        start = m.start(1) if m.group(1) else m.start(4)
        if start not in seen:
            out.append((to_number(value), _unit(raw, "day")[0], start, m.end()))
    return sorted(out, key=lambda found: found[2])


def areas(text: str) -> list[tuple[float, int, int]]:
    """(% body surface area, start, end) the text names ("30% BSA", "35% of her body")."""
    return [(float(m.group(1)), m.start(), m.end()) for m in _AREA.finditer(text)]


_TEXT_COUNT = re.compile(r"(?<![\d,.])" + NUMBER + r"\s+" + _COUNT_WORDS + _DOSE_NOUNS + _NOT_PER, re.I)
_ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
             "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13}  # fmt: skip
_TEXT_ORDINAL = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)\s+"
    + _COUNT_WORDS
    + r"(?:dose|injection|infusion|shot)\b|\b("
    + "|".join(_ORDINALS)
    + r")\s+"
    + _COUNT_WORDS
    + r"(?:dose|injection|infusion|shot)\b",
    re.I,
)


def dose_counts(text: str) -> list[tuple[float, int, int]]:
    """(number of doses, start, end) a text proposes: "18 monthly injections", "a 13th dose"."""
    out = [(to_number(m.group(1)), m.start(), m.end()) for m in _TEXT_COUNT.finditer(text)]
    for m in _TEXT_ORDINAL.finditer(text):
        value = float(m.group(1)) if m.group(1) else float(_ORDINALS[m.group(2).lower()])
        out.append((value, m.start(), m.end()))
    return out


@lru_cache(maxsize=64)
def regimen_limits(dosing: str) -> tuple[RegimenLimit, ...]:
    """Every count, amount-per-period and body-area bound of the dosing text; when the label
    states several of one unit (a child's and an adult's maximum), the largest binds any text."""
    found: dict[tuple[str, str], RegimenLimit] = {}

    def keep(limit: RegimenLimit) -> None:
        old = found.get((limit.kind, limit.unit))
        if old is None or limit.value > old.value:
            found[(limit.kind, limit.unit)] = limit

    for sentence in sentences(dosing):
        if _NOT_A_LIMIT.search(sentence):
            continue
        for m in _LABEL_COUNT.finditer(sentence):
            if _caps(sentence, m.start(), m.group(0)):
                keep(RegimenLimit("doses", to_number(m.group(1)), "doses", sentence))
        for value, unit, start, _ in amounts_per_period(sentence):
            if _caps(sentence, start):
                keep(RegimenLimit("amount", value, unit, sentence))
        for value, start, _ in areas(sentence):
            if _caps(sentence, start):
                keep(RegimenLimit("area", value, "%bsa", sentence))
    return tuple(found.values())


def monthly_count_months(dosing: str) -> list[tuple[float, str]]:
    """(months, sentence) of a count limit of monthly doses ("12 monthly doses" is 12 months of
    treatment), for the duration checks that compare months."""
    out = []
    for sentence in sentences(dosing):
        if _NOT_A_LIMIT.search(sentence):
            continue
        for m in _LABEL_COUNT.finditer(sentence):
            if re.search(r"\bmonthly\b", m.group(0), re.I):
                out.append((to_number(m.group(1)), sentence))
    return out


_MORE_BEFORE = re.compile(r"\b(?:more than|over|above|exceeding|in excess of|beyond)\s*$", re.I)
_DENIED = denial_words("don't", "avoid")


def _strictly_more(text: str, start: int) -> float:
    """A small step past the value when the text proposes going beyond it ("can she use more than
    60 g a week?"); none in a prohibition ("do not use more than 60 g"), which restates the limit."""
    if _MORE_BEFORE.search(text, max(0, start - 20), start) and not _DENIED.search(text, 0, start):
        return 1e-3
    return 0.0


def beyond(limits: tuple[RegimenLimit, ...], text: str) -> list[tuple[int, int, str]]:
    """(start, end, message) of each count, amount or area of the text above a limit of its kind."""
    by_key = {(lim.kind, lim.unit): lim for lim in limits}
    out = []
    doses = by_key.get(("doses", "doses"))
    for value, a, b in dose_counts(text) if doses else []:
        if value + _strictly_more(text, a) > doses.value + 1e-9:  # type: ignore[union-attr]
            out.append((a, b, f"the label limits the use to {doses.value:g} doses (“{_short(doses.sentence)}”)."))  # type: ignore[union-attr]
    for value, unit, a, b in amounts_per_period(text):
        lim = by_key.get(("amount", unit))
        if lim is not None and value + _strictly_more(text, a) > lim.value + 1e-9:
            out.append((a, b, f"it exceeds the labelled maximum amount (“{_short(lim.sentence)}”)."))
    area = by_key.get(("area", "%bsa"))
    for value, a, b in areas(text) if area else []:
        if value + _strictly_more(text, a) > area.value + 1e-9:  # type: ignore[union-attr]
            out.append((a, b, f"it exceeds the labelled treated area (“{_short(area.sentence)}”)."))  # type: ignore[union-attr]
    return out


def _short(sentence: str) -> str:
    sentence = sentence.strip(" •")
    return sentence if len(sentence) < 200 else sentence[:197] + "…"


_ORDINAL_NUMBERS = {"first": 1, "1st": 1, "initial": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4}
_PHASE = re.compile(
    r"\b(first|1st|initial|second|2nd|third|3rd|fourth)\s+(?:[A-Za-z]{2,12}\s+)?"
    r"(season|year|course|cycle|dose|trimester)s?\b",
    re.I,
)
"""An ordinal phase of treatment: "first RSV season", "second season", "first dose", "second course"."""


def phases(text: str) -> set[tuple[str, int]]:
    """(noun, ordinal) of each ordinal phase the text names."""
    return {(m.group(2).lower(), _ORDINAL_NUMBERS[m.group(1).lower()]) for m in _PHASE.finditer(text)}


def other_phase(sentence: str, contexts: list[str]) -> str | None:
    """The labelled phase of a dose the text gives in another phase of the same kind: every
    labelled statement of the dose names its phase ("second RSV season: 200 mg") and none names
    the text's ("200 mg in the first season"); None when the label does not tie the dose to a phase."""
    named = phases(sentence)
    if not named or not contexts:
        return None
    labelled = [phases(c) for c in contexts]
    for noun, ordinal in sorted(named):
        own = [{o for n, o in found if n == noun} for found in labelled]
        if all(own) and not any(ordinal in o for o in own):
            first = min(min(o) for o in own)
            word = next(k for k, v in _ORDINAL_NUMBERS.items() if v == first)
            return f"{word} {noun}"
    return None


_SITUATION_MAX = re.compile(r"\bmaximum (?:recommended )?(?:single )?dose (?:is|of)\s+(" + AMOUNT + r")\s*mg\b", re.I)
_RARE = 2
"""A situation word appears in at most this many dosing sentences (a co-medication, a population)."""
_GENERIC = frozenset(
    ["dose", "doses", "dosage", "maximum", "recommended", "single", "period", "hour", "hours", "minutes", "days",
     "weeks", "within", "because", "increased", "increase", "blood", "levels", "plasma", "concentrations",
     "administration", "concomitant", "coadministration", "prior", "treated", "patients", "therapy", "times", "fold",
     "activity", "taken", "given", "should", "greater", "studied", "population"]
)  # fmt: skip
"""Dosing words that say how, not for whom: never a situation word."""
_WORD = re.compile(r"[a-z]{4,}")
_XREF = re.compile(r"[\[(]\s*see [^\])]*[\])]", re.I)


def situational_maxima(profile: LabelProfile) -> tuple[tuple[float, frozenset[str], str], ...]:
    """(cap, situation words, sentence) of each maximum dose the label states below its overall
    highest dose for one situation, see :func:`_situational_maxima`."""
    return _situational_maxima(profile.usage_text, profile.max_dose_mg or 0.0, tuple(n.lower() for n in profile.names))


@lru_cache(maxsize=64)
def _situational_maxima(
    dosing: str, highest: float, names: tuple[str, ...]
) -> tuple[tuple[float, frozenset[str], str], ...]:
    """Situation words are the sentence's words that occur in at most :data:`_RARE` dosing
    sentences, are not stop words nor the product's names nor numbers."""
    all_sentences = [_XREF.sub(" ", s) for s in sentences(dosing)]
    counts: dict[str, int] = {}
    for s in all_sentences:
        for word in set(_WORD.findall(s.lower())):
            counts[word] = counts.get(word, 0) + 1
    out = []
    for s in all_sentences:
        for m in _SITUATION_MAX.finditer(s):
            cap = to_number(m.group(1))
            if cap >= highest:
                continue
            words = frozenset(
                w for w in _WORD.findall(s.lower())
                if w not in STOPWORDS and w not in names and counts.get(w, 0) <= _RARE and w not in _GENERIC
            )  # fmt: skip
            if words:
                out.append((cap, words, s.strip()))
    return tuple(out)
