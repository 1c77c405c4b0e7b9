"""Who a label's approved use is for, read from the whole label, not only Indications and Usage.

Real labels state their population limits in several places: "VIAGRA is not indicated for use
in pediatric patients" (8.4 Pediatric Use, LOINC 34081-0), "...is not indicated for use in
women" (8.1 Pregnancy), "Safety and effectiveness have not been established in pediatric
patients younger than 1 year", an OTC Drug Facts "Do not use" section (50570-1: "in a child
under 4 years of age") or a Directions table row ("children 4 to under 6 years of age: do not
use"). These give the youngest age the label allows and the sexes it excludes, so "a
15-year-old", "a woman" or "my 2-year-old" can be compared with any real label.

Section roles come from the chunk's LOINC codes: ``section_codes`` (the whole section path)
when the ingest provides it, else ``section_code`` plus the path titles.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from assistant.quantities import DECIMAL, LABEL_AGE_UNITS, NUMBER
from assistant.types import Chunk

DO_NOT_USE_CODE = "50570-1"
PEDIATRIC_CODE = "34081-0"
SPECIFIC_POPULATIONS_CODE = "43684-0"
ADULT_AGE = 18.0

_NOT_FOR = re.compile(
    r"\bnot (?:indicated|recommended|approved|intended)(?: for use)? (?:in|for) (?P<who>[^.;]+)"
    r"|\bsafety and (?:effectiveness|efficacy)(?: of [\w/ ]+?)? (?:have|has) not been established in (?P<who2>[^.;]+)"
    r"|\bsafety and (?:effectiveness|efficacy)(?: of [\w/ ]+?)? in (?P<who3>[^.;]+?) (?:have|has) not been established",
    re.I,
)
_QUALIFIED = re.compile(
    r"\b(?:with|who|whose|weighing|receiving|taking|for (?:the |other )?(?!use\b)\w+)\b",
    re.I,
)
"""'pediatric patients with eGFR below 30', '... less than 18 years of age with GAD', 'other indications':
the statement limits one situation or indication, not every use of the product."""
_ROUTE_QUALIFIED = re.compile(
    r"\b(?:of|in|for) (?P<routes>(?:(?:intravenous|oral|iv|parenteral|intramuscular|subcutaneous)"
    r"(?:\s+(?:and|or)\s+)?)+)(?:use|administration)?\b",
    re.I,
)
"""'Safety and effectiveness of intravenous use in pediatric patients have not been established': a
limit for one route only (the oral form may be labelled for children)."""
_ROUTE_KEYS = {"iv": "intravenous", "parenteral": "intravenous"}
_INFANTS_ONLY = re.compile(r"^\W*(?:infants|neonates|newborns)\b", re.I)
_EXCEPT = re.compile(r"\b(?:other than|except|besides|for (?:the )?(?:uses?|indications?) )", re.I)
_BOUND = re.compile(
    r"(?:\b(?:younger than|under|less than|below)\s+|<\s*)" + NUMBER + r"\s*(" + LABEL_AGE_UNITS + ")", re.I
)
"""'less than 12 years', and as PDF Highlights print it, '<1 year of age'."""
PEDIATRIC = re.compile(
    r"\b(?:pediatric|paediatric|children|child|infants?|newborns?|neonates?|adolescents?|juvenile)\b", re.I
)
_DO_NOT_ROW = re.compile(
    r"\b(?:children|child|infants?)\s+(?:(?:" + DECIMAL + r")\s*(?:years?\s*)?to\s+)?"
    r"(?:under|younger than|less than)\s+" + NUMBER + r"\s*(" + LABEL_AGE_UNITS + r")(?:\s+of age)?"
    r"(?:;\s*[A-Za-z ]{1,20}:)?"  # a table row read as "Age: children under 4 years; Dose: do not use"
    r"\W{0,3}\s*(?:do not (?:use|give)|not recommended|ask a doctor)",
    re.I,
)
_IN_CHILD_UNDER = re.compile(
    r"\b(?:in )?(?:a |your )?(?:child|children)\s+under\s+" + NUMBER + r"\s*(" + LABEL_AGE_UNITS + ")", re.I
)
_CHART_SEX = r"|(?<![\d.,$])\b\d{{1,3}}\s?(?:y/?o\s?|yo\s?|y\s?)?(?-i:{})\b"
"""Chart shorthand for a patient's age and sex ("28M", "45 F", "16yo F"): the sex letter is upper case."""
SEX_TERMS = {
    "women": re.compile(
        r"\b(?:wom[ae]n|females?|girls?|lad(?:y|ies)|(?:pre|post|peri)-?menopausal)\b" + _CHART_SEX.format("F"), re.I
    ),
    "men": re.compile(r"\b(?:m[ae]n|males?|boys?)\b" + _CHART_SEX.format("M"), re.I),
}
_NOT_A_PERSON = re.compile(r"\b(?:male|female) (?:rats?|mice|rabbits?|animals?|dogs?|monkeys?)\b", re.I)


@dataclass
class PopulationLimits:
    """The youngest labelled age and the excluded sexes, each with the label sentence behind it."""

    min_age_years: float | None = None
    age_quote: str = ""
    max_age_years: float | None = None
    """Upper end of the dosed ages when Directions dose children only ("children 6 to under 12 years")."""
    excluded_sex: dict[str, str] = field(default_factory=dict)
    route_min_age: dict[str, float] = field(default_factory=dict)
    """Youngest age for one route only ("intravenous use in pediatric patients ... not established")."""


def path_codes(chunk: Chunk) -> set[str]:
    """LOINC codes of the chunk's whole section path (``section_codes`` when the ingest gives them)."""
    codes = set(getattr(chunk, "section_codes", None) or [])
    if chunk.section_code:
        codes.add(chunk.section_code)
    title = (chunk.section or "").lower()
    if "do not use" in title:
        codes.add(DO_NOT_USE_CODE)
    if "pediatric use" in title:
        codes.add(PEDIATRIC_CODE)
    return codes


def _years(value: str, unit: str) -> float:
    return float(value) / 12 if unit.lower().startswith("mo") else float(value)


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+|\s+-\s+|\s+•\s+", text) if s.strip()]


def extract_limits(
    chunks: Iterable[Chunk], indication_ages: list[float | None], indications: list[str]
) -> PopulationLimits:
    """Population limits stated anywhere in the label (see the module docstring)."""
    limits = PopulationLimits()
    has_pediatric_use = any(a is not None and a < ADULT_AGE for a in indication_ages)

    def floor(age: float, quote: str) -> None:
        if limits.min_age_years is None or age > limits.min_age_years:
            limits.min_age_years, limits.age_quote = age, quote

    for chunk in chunks:
        do_not_use = DO_NOT_USE_CODE in path_codes(chunk)
        for sentence in _sentences(chunk.text):
            for m in _DO_NOT_ROW.finditer(sentence):
                floor(_years(m.group(1), m.group(2)), m.group(0))
            if do_not_use:
                for m in _IN_CHILD_UNDER.finditer(sentence):
                    floor(_years(m.group(1), m.group(2)), f"Do not use {m.group(0)}")
            for m in _NOT_FOR.finditer(sentence):
                who = m.group("who") or m.group("who2") or m.group("who3") or ""
                if _EXCEPT.search(who) or _QUALIFIED.search(who):
                    continue
                routes = _limited_routes(m.group(0))
                age = _youngest(who, has_pediatric_use and not routes)
                for route in routes:
                    if age is not None:
                        limits.route_min_age[route] = max(age, limits.route_min_age.get(route, 0.0))
                if routes:
                    continue
                if age is not None:
                    floor(age, sentence)
                for sex in _plain_sexes(who):
                    limits.excluded_sex.setdefault(sex, sentence)
    _sex_from_indications(limits, indications)
    limits.max_age_years = _dosed_children_only(chunks)
    return limits


def _limited_routes(statement: str) -> set[str]:
    """Routes a "not established" statement is limited to; none when it names every route the
    label has ("oral and parenteral use") or none at all."""
    m = _ROUTE_QUALIFIED.search(statement)
    if not m:
        return set()
    named = {_ROUTE_KEYS.get(w.lower(), w.lower()) for w in re.findall(r"[A-Za-z]+", m.group("routes"))}
    named -= {"and", "or"}
    return set() if {"oral", "intravenous"} <= named else named


def _youngest(who: str, pediatric_labelled: bool) -> float | None:
    """The youngest age a "not indicated/established in <who>" statement leaves: its bound ("less
    than 12 years"), one year for infants, adults when pediatric patients are named and no
    indication (of this route) is for children."""
    bound = _BOUND.search(who)
    if bound:
        return _years(bound.group(1), bound.group(2))
    if _INFANTS_ONLY.search(who):
        return 1.0
    if PEDIATRIC.search(who) and not pediatric_labelled:
        return ADULT_AGE
    return None


_DOSED_ROW = re.compile(
    r"\b(?:children|child)\s+(\d+(?:\.\d+)?)\s*(?:years?\s*)?(?:to|-)\s*(?:under|less than|<)?\s*"
    r"(\d+(?:\.\d+)?)\s*years?(?:\s+of age)?\W{0,3}\s*(?!do not|ask)(?:\d|one|two|half|\w+ teaspoon)",
    re.I,
)
_ADULT_ROW = re.compile(r"\badults?\b|\b\d+\s*years?(?: of age)? and (?:over|older)\b", re.I)
DOSAGE_CODE = "34068-7"


def _dosed_children_only(chunks: Iterable[Chunk]) -> float | None:
    """When the dosing directions give doses only for child age bands and never for adults (an OTC
    children's product), the oldest dosed age; else None."""
    dosing = " ".join(c.text for c in chunks if DOSAGE_CODE in path_codes(c))
    bands = [float(m.group(2)) for m in _DOSED_ROW.finditer(dosing)]
    if not bands or _ADULT_ROW.search(dosing):
        return None
    return max(bands)


_PLAIN_SEX = {
    "women": re.compile(r"^(?:adult |the )?(?:women|females)$", re.I),
    "men": re.compile(r"^(?:adult |the )?(?:men|males)$", re.I),
}


def _plain_sexes(who: str) -> list[str]:
    """Sexes named WITHOUT a qualifier in a "not indicated in ..." list: "newborns, children, or
    women" -> women; "postmenopausal women" or "women who are pregnant" -> none."""
    items = [i.strip() for i in re.split(r",|\bor\b|\band\b", who)]
    return [sex for sex, rx in _PLAIN_SEX.items() if any(rx.match(i) for i in items)]


_STATES_USE = re.compile(r"\bindicated\b", re.I)


def _sex_from_indications(limits: PopulationLimits, indications: list[str]) -> None:
    """Every indication names one sex ("in premenopausal women") -> the other is not labelled. The
    sentences that state a use ("is indicated") decide when there are any: an antibacterial's
    stewardship paragraph ("should be used only to treat infections ...") names nobody."""
    stated = [t for t in indications if _STATES_USE.search(t)]
    indications = stated or indications
    if not indications:
        return
    for sex, other in (("women", "men"), ("men", "women")):
        if all(SEX_TERMS[sex].search(t) for t in indications) and not any(
            SEX_TERMS[other].search(t) for t in indications
        ):
            limits.excluded_sex.setdefault(other, indications[0])


def sex_mentions(text: str, excluded: dict[str, str]) -> list[tuple[int, int, str, str]]:
    """(start, end, sex, label sentence) for each mention of an excluded sex."""
    out = []
    for sex, quote in excluded.items():
        for m in SEX_TERMS[sex].finditer(text):
            if not _NOT_A_PERSON.match(text, m.start()):
                out.append((m.start(), m.end(), sex, quote))
    return out
