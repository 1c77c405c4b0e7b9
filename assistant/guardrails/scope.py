"""Who and where one indication is for: age band, body-weight band and care setting.

Labels qualify a use beyond the disease: "boys and postmenarchal girls, 10 to 17 years of age",
"hospitalized pediatric patients weighing 3.5 kg to less than 40 kg or hospitalized pediatric
patients less than 12 years of age weighing at least 3.5 kg" (an Emergency Use Authorization's
scope), "hospitalized pediatric patients, other than infants", "COVID-19 requiring
hospitalization". Each indication sentence is read into one or more :class:`Scope` alternatives
(split at "or" before a new population), and the person a text describes ("an outpatient
child", "a 2 kg newborn", "an 8-year-old girl") is compared with them: a use is inside the label
when SOME alternative of a relevant indication admits every fact the text states. A sentence
that states no qualifier admits everyone, so a label without such wording never triggers this.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from assistant.guardrails.label_profile import NUMBER, to_number, to_years

_AGE_FROM = re.compile(r"\b" + NUMBER + r"\s*(years?|months?)\s*(?:of age\s*)?(?:and|or)\s*(?:older|above)", re.I)
_AGE_RANGE = re.compile(
    r"\b" + NUMBER + r"\s*(?:years?\s*)?(?:to|-|–|through)\s*(?:less than\s*)?" + NUMBER + r"\s*(years?|months?)", re.I
)
_AGE_BELOW = re.compile(r"\b(?:less than|younger than|under|below)\s*" + NUMBER + r"\s*(years?|months?)", re.I)
_AGE_UP_TO = re.compile(
    r"\b(?:up to|through)\s*(?:the age of\s*)?" + NUMBER + r"\s*(years?|months?)\s*(?:of age|old)\b", re.I
)
"""'children up to 24 months of age': an inclusive upper age (a child of 24 months is still in)."""
_ADULT_PERSON = re.compile(
    r"\b(?:an?|for|in|to|give|get|gets|on)\s+(?:(?:otherwise\s+)?healthy\s+|older\s+)?(?:adults?|grown[- ]ups?)\b"
    r"(?!\s*(?:dos\w*|formulations?|strengths?|versions?|products?|labels?|indications?|studies|trials?)\b)",
    re.I,
)
"""'Can an adult get it?', 'for adults': adults as the people a use is for (an age of 18), not 'the adult dose'."""
_KG = r"\s*(?:kg|kilograms?)\b(?:\s*\(kg\))?"
"""'40 kg' or, as some labels spell it, 'at least 40 kilograms (kg)'."""
_WEIGHT_RANGE = re.compile(
    r"\b(\d+(?:\.\d+)?)" + _KG + r"\s*(?:to|-|–|through)\s*(less than\s*|<\s*)?(\d+(?:\.\d+)?)" + _KG, re.I
)
_WEIGHT_FROM = re.compile(
    r"\b(?:at least|≥|>=)\s*(\d+(?:\.\d+)?)"
    + _KG
    + r"|\b(\d+(?:\.\d+)?)"
    + _KG
    + r"\s*(?:and|or)\s*(?:higher|more|above|over)",
    re.I,
)
_GRAM_RANGE = re.compile(
    r"\b(?:between|weighing|weight of)\s+(\d[\d,]*)\s*(?:g|grams?)?\s*(?:and|to|-|–)\s*(\d[\d,]*)\s*(?:g|grams?)\b",
    re.I,
)
"""'premature infants weighing between 500 and 1500 g': a neonatal weight band written in grams."""
_WEIGHT_BELOW = re.compile(r"\b(?:less than|under|below|<)\s*(\d+(?:\.\d+)?)" + _KG, re.I)
_INPATIENT = re.compile(r"\bhospitali[sz]ed\b|\brequiring hospitali[sz]ation\b|\binpatients?\b", re.I)
_PEDIATRIC = re.compile(r"\b(?:pediatric|paediatric|children|child)\b", re.I)
_ADULTS_ONLY = re.compile(r"\badults?\b", re.I)
_OTHER_THAN_INFANTS = re.compile(r"\b(?:other than|excluding|except(?: for)?)\s+infants\b", re.I)
_ALTERNATIVE = re.compile(
    r"\bor\s+(?=(?:hospitali[sz]ed\s+)?(?:pediatric|paediatric|adults?|adolescents?|children|patients)\b)", re.I
)
_ADULTS_AND = re.compile(r"(?<=\badults)\s+and\s+(?=(?:in\s+)?(?:pediatric|paediatric|adolescents?|children)\b)", re.I)
"""Adults joined to a younger population ("in adults and in adolescents 12 to 17 years of age",
"adults and pediatric patients 12 years and older weighing at least 40 kg"): the younger group's
age and weight bounds are its own, so the adults are an alternative of their own; a care setting
stated for the pair ("... who are hospitalized") holds for both."""

_OUTPATIENT = re.compile(
    r"\b(?:outpatients?|out-patients?|ambulatory|non-?hospitali[sz]ed|not (?:been |being )?hospitali[sz]ed|"
    r"at home|(?:is|are|was|were)(?:n't| not) (?:\w+ ){0,3}(?:admitted|hospitali[sz]ed)|not (?:\w+ ){0,3}admitted|"
    r"without (?:being )?(?:admitted|admission|hospitali[sz]ation)|never admitted|sent home)\b",
    re.I,
)
_WEIGHT_OF_PERSON = re.compile(
    r"(?<!at least )(?<!less than )(?<!more than )(?<!under )(?<!over )(?<!to )"
    r"\b(\d+(?:\.\d+)?)[- ]?(kg|kilograms?|lbs?|pounds|g|grams?)\b"
    r"(?!\s*(?:(?:to|and (?:higher|more|above)|or more)\b|[-–]\s*\d))",
    re.I,
)
_PERSON_NEAR = re.compile(
    r"\bweigh(?:s|ing|ed)?\b|\b(?:child|children|toddlers?|infants?|babies|baby|newborns?|neonates?|"
    r"kids?|boys?|girls?|patients?|adolescents?|teens?|adults?|man|woman|son|daughter|preterms?|premature|preemies?)\b",
    re.I,
)
_LB_PER_KG = 2.2046
_STATES_USE = re.compile(r"\b(?:indicated|authori[sz]ed|approved|effective)\b", re.I)


@dataclass(frozen=True)
class Scope:
    """One alternative of an indication's population: bounds in years and kg (upper bounds
    exclusive), whether the use is for hospitalized patients, and whether infants are excluded."""

    min_age: float | None = None
    max_age: float | None = None
    min_weight: float | None = None
    max_weight: float | None = None
    inpatient: bool = False
    no_infants: bool = False

    @property
    def qualified(self) -> bool:
        return self != Scope()

    def admits(self, facts: PersonFacts) -> bool:
        for age in facts.ages:
            if (self.min_age is not None and age < self.min_age) or (self.max_age is not None and age >= self.max_age):
                return False
            if self.no_infants and age < 1:
                return False
        for kg in facts.weights:
            if (self.min_weight is not None and kg < self.min_weight) or (
                self.max_weight is not None and kg >= self.max_weight
            ):
                return False
        return not (self.inpatient and facts.outpatient)


def _alternative(text: str) -> Scope:
    """The bounds one population phrase states."""
    min_age = max_age = min_weight = max_weight = None
    for m in _AGE_FROM.finditer(text):
        min_age = to_years(to_number(m.group(1)), m.group(2))
    for m in _AGE_RANGE.finditer(text):
        unit = m.group(3)
        min_age = to_years(to_number(m.group(1)), unit)
        max_age = to_years(to_number(m.group(2)), unit) + (0 if "less than" in m.group(0).lower() else 1)
    for m in _AGE_BELOW.finditer(text):
        max_age = to_years(to_number(m.group(1)), m.group(2))
    for m in _AGE_UP_TO.finditer(text):
        unit = m.group(2).lower()
        max_age = to_years(to_number(m.group(1)), unit) + (1 / 12 if unit.startswith("mo") else 1.0)
    if max_age is None and _PEDIATRIC.search(text) and not _ADULTS_ONLY.search(text):
        max_age = 18.0
    adults_only = _ADULTS_ONLY.search(text) and not _PEDIATRIC.search(text) and "adolescent" not in text.lower()
    if min_age is None and adults_only:
        min_age = 18.0
    for m in _WEIGHT_RANGE.finditer(text):
        min_weight, max_weight = float(m.group(1)), float(m.group(3)) + (0 if m.group(2) else 1e-6)
    for m in _GRAM_RANGE.finditer(text):
        low, high = (float(g.replace(",", "")) / 1000 for g in m.groups())
        min_weight, max_weight = low, high + 1e-6
    for m in _WEIGHT_FROM.finditer(text):
        min_weight = float(m.group(1) or m.group(2))
    for m in _WEIGHT_BELOW.finditer(text):
        if max_weight is None:
            max_weight = float(m.group(1))
    return Scope(
        min_age, max_age, min_weight, max_weight, bool(_INPATIENT.search(text)), bool(_OTHER_THAN_INFANTS.search(text))
    )


def scopes(sentence: str) -> tuple[Scope, ...]:
    """The population alternatives of one indication sentence ("... or hospitalized pediatric
    patients less than 12 years ..." is a second alternative); a bound stated in only one
    alternative is not carried into the other."""
    out: list[Scope] = []
    for part in (p for p in _ALTERNATIVE.split(sentence) if p.strip()):
        pair = [_alternative(p) for p in _ADULTS_AND.split(part) if p.strip()]
        inpatient = any(s.inpatient for s in pair)
        out += [replace(s, inpatient=inpatient) for s in pair]
    return tuple(out)


@dataclass(frozen=True)
class PersonFacts:
    """What a question or answer says about the patient: ages (years), weights (kg), and whether
    the patient is treated outside hospital; ``spans`` locate each fact for the finding."""

    ages: tuple[float, ...] = ()
    weights: tuple[float, ...] = ()
    outpatient: bool = False
    spans: tuple[tuple[int, int], ...] = ()

    @property
    def any(self) -> bool:
        return bool(self.ages or self.weights or self.outpatient)


def weights_kg(text: str) -> list[tuple[float, int, int]]:
    """A person's body weight ("a 10 kg toddler", "weighing 60 kg", "a 2-kg newborn"), not a
    band's bound ("at least 40 kg", "3.5 kg to less than 40 kg") nor a per-kg dose ("5 mg/kg")."""
    out = []
    for m in _WEIGHT_OF_PERSON.finditer(text):
        if text[max(0, m.start() - 1) : m.start()] == "/":
            continue  # "mg/kg" never matches; "/10 kg" is a ratio, not a person
        window = text[max(0, m.start() - 25) : m.end() + 25]
        if not _PERSON_NEAR.search(window):
            continue
        value = float(m.group(1))
        unit = m.group(2).lower()
        kg = value / _LB_PER_KG if unit.startswith(("lb", "pound")) else value / 1000 if unit.startswith("g") else value
        out.append((kg, m.start(), m.end()))
    return out


def outpatient_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _OUTPATIENT.finditer(text)]


@lru_cache(maxsize=2048)
def entry_scopes(sentence: str) -> tuple[Scope, ...]:
    """:func:`scopes`, once per label sentence."""
    return scopes(sentence)


def person_facts(text: str, ages: list[tuple[float, int, int]], spans: list[tuple[int, int]]) -> PersonFacts:
    """Ages (given), weights and an outpatient setting stated inside ``spans`` (the sentences that
    propose a use of the product)."""

    def inside(start: int) -> bool:
        return any(a <= start < b for a, b in spans)

    kept_ages = [(v, a, b) for v, a, b in ages if inside(a)]
    if not kept_ages:  # no stated age: "can an adult get it?" places the person at 18
        kept_ages = [(18.0, m.start(), m.end()) for m in _ADULT_PERSON.finditer(text) if inside(m.start())]
    kept_weights = [(v, a, b) for v, a, b in weights_kg(text) if inside(a)]
    settings = [(a, b) for a, b in outpatient_spans(text) if inside(a)]
    return PersonFacts(
        tuple(v for v, _, _ in kept_ages),
        tuple(v for v, _, _ in kept_weights),
        bool(settings),
        tuple([(a, b) for _, a, b in kept_weights] + settings + [(a, b) for _, a, b in kept_ages]),
    )


def outside_scope(facts: PersonFacts, sentences: list[str], named: bool) -> str | None:
    """The label sentence whose scope the person falls outside, else None. With ``named`` (the
    sentences are the indications of the condition the text names) an unqualified sentence admits
    everyone; otherwise (no condition named: every indication) only an unqualified sentence that
    states a use ("is indicated for", "is authorized for") does: preambles, bullet fragments and
    cross-references ("For more information, see ...") qualify no one."""
    if not facts.any:
        return None
    alternatives = [(s, alt) for s in sentences for alt in entry_scopes(s)]
    open_use = [s for s, alt in alternatives if not alt.qualified and (named or _STATES_USE.search(s))]
    if open_use:
        return None  # an indication for anyone (a preamble or cross-reference states no use)
    alternatives = [(s, alt) for s, alt in alternatives if alt.qualified]
    if not alternatives:
        return None
    if any(alt.admits(facts) for _, alt in alternatives):
        return None
    return alternatives[0][0]
