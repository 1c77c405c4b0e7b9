"""Measured windows that define an approved population or regimen, and the same measures in a text.

Labels define who a use is for by quantities, not only by disease words: "premature infants with a
birth weight between 500 and 1500 g who are no more than 32 weeks gestational age", "patients
requiring more than 200 units of insulin per day", "initiation is not recommended in patients with
an ANC <1000 cells/µL", "for patients ≥10 kg to ≤25 kg the recommended dose is 50 mg twice daily".
One reader handles them all: a quantity (number + unit) is classified into a *measure* by its unit
and the words around it, its comparator ("at least", "no more than", "<", "between … and …", "or
more") turns it into a window, and the sentence's role decides what the window means:

* indication sentences give **approved** windows (a value must fall inside one of them);
* "not recommended / not established / should not be initiated" sentences give **excluded** windows;
* Dosage sentences and table rows that pair a body-weight band with a mg dose give **dose bands**.

Sentences about trials, pharmacokinetics, animals or overdoses define nobody's use and are skipped
(a trial that enrolled infants "of 24 to 34 weeks" does not widen a 32-week window). The text side
reads the same measures about the patient ("a 1700 g preterm", "born at 34 weeks", "needing 120
units/day", "an ANC of 800"); a value after "more than"/"below" is read just past the bound. Age in
years stays with :mod:`.ages` / :mod:`.populations` (floors) and :mod:`.scope` (bands), which read
the label's many age phrasings; this module adds the measures those never read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.quantities import WEEKS

NUM = r"(\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?)"
_UNITS = {
    "mass": r"(?:kg|kilograms?|g|grams?|gm|lbs?|pounds)\b(?!\s*(?:/|per\b)|\s*(?:of|body))",
    "weeks": r"(?:" + WEEKS + r")\b['’]?",
    "daily_units": r"(?:units?|u)\b(?:\s+of\s+[a-z]+)?\s*(?:/\s*(?:day|d)\b|(?:per|a|each|every)\s+day\b|daily\b)",
    "total_units": r"(?:units?|u)\b",
    "count": r"(?:cells?\s*)?/\s*(?:µL|μL|uL|mcL|mm3|mm\^3|mm³|microliter)|(?:cells?\s*)?(?:x|×)\s*10\^?9\s*/\s*L|"
    r"cells?\b|K\b",
}
_QUANTITY = re.compile(
    r"(?<![\w.,])" + NUM + r"\s*(?:(?:-|to|–)\s*(?:less than\s*|<\s*)?" + NUM + r"\s*)?-?"
    r"(?:(?P<daily_units>" + _UNITS["daily_units"] + r")|(?P<mass>" + _UNITS["mass"] + r")|"
    r"(?P<weeks>" + _UNITS["weeks"] + r")|(?P<count>" + _UNITS["count"] + r")|(?P<total_units>" + _UNITS["total_units"]
    + r"))",
    re.I,
)  # fmt: skip
_LOW_CLOSED = re.compile(
    r"(?:at least|≥|>=|no (?:less|fewer) than|not less than|minimum of|from|(?:greater|more) than or equal to)\s*$",
    re.I,
)
_LOW_OPEN = re.compile(r"(?:more than|greater than|over|above|exceeding|in excess of|>)\s*$", re.I)
_HIGH_OPEN = re.compile(r"(?:less than|fewer than|under|below|younger than|<)\s*$", re.I)
_HIGH_CLOSED = re.compile(
    r"(?:up to|no (?:more|greater) than|not more than|at most|≤|<=|not exceeding|maximum of)\s*$", re.I
)
_AFTER_LOW = re.compile(r"^\s*(?:or|and)\s+(?:more|greater|higher|above|over|older)\b", re.I)
_AFTER_HIGH = re.compile(r"^\s*(?:or|and)\s+(?:less|fewer|below|under|younger)\b", re.I)
_GESTATION = re.compile(r"\bgestation(?:al)?\b|\bGA\b|\bborn at\b|\bpreterm\b|\bpremature\b|\bpreemies?\b", re.I)
_POSTMENSTRUAL = re.compile(r"\bpost-?menstrual\b|\bPMA\b", re.I)
_COUNTS = {
    "ANC": re.compile(r"\b(?:ANC|absolute neutrophil count|neutrophils?(?: count)?)\b", re.I),
    "lymphocyte count": re.compile(r"\b(?:ALC|absolute lymphocyte count|lymphocytes?(?: count)?)\b", re.I),
    "platelet count": re.compile(r"\bplatelets?(?: counts?)?\b|\bPLT\b", re.I),
    "eosinophil count": re.compile(
        r"\b(?:AEC|absolute eosinophil count|(?:blood )?eosinophils?(?: counts?)?|eos)\b", re.I
    ),
}
_WEIGHT_CONTEXT = re.compile(
    r"\bweigh\w*|\bweight\b|\bpatients?\b|\binfants?\b|\bchild\w*|\bbab(?:y|ies)\b|\bneonates?\b|\bnewborns?\b|"
    r"\bpreterms?\b|\bpremature\b|\bpreemies?\b|\btoddlers?\b|\bkids?\b|\bboys?\b|\bgirls?\b|\bteens?\b|\badults?\b|"
    r"\b\d+[- ](?:year|month|week)s?[- ]olds?\b|\b\d+\s*(?:yo|y/o|yrs? old)\b|\bpts?\b|\badolescents?\b|\bsons?\b|"
    r"\bdaughters?\b",
    re.I,
)
"""A person near the kilograms ("a 25 kg 8-year-old", "pt 18 kg") makes them a body weight."""
_NEONATAL = re.compile(
    r"\bweigh\w*|\bweight\b|\binfants?\b|\bbab(?:y|ies)\b|\bneonates?\b|\bnewborns?\b|\bpreterms?\b|"
    r"\bprematures?\b|\bpreemies?\b|\bNICU\b|\bgestation\w*|\bborn\b",
    re.I,
)
"""A weight in grams is a newborn's; elsewhere grams are an amount of drug or of a nutrient."""
_DOSE_AFTER = re.compile(
    r"\s*(?:of [a-z]+\s+)?(?:once|twice|three times|daily|every|q\d|IV\b|intravenous\w*|orally|by mouth|dose|"
    r"loading|per dose|/day)",
    re.I,
)
_DAILY_CONTEXT = re.compile(r"\b(?:total daily dose|TDD|daily (?:insulin )?(?:dose|requirements?))\b", re.I)
_NOT_A_USE = re.compile(
    r"\b(?:trials?|enrolled|stud(?:y|ies|ied)|randomi[sz]ed|pharmacokinetic\w*|exposure|volunteers?|subjects|"
    r"rats?|mice|rabbits?|monkeys?|dogs?|animals?|overdos\w*|AUC|Cmax|clearance|half-life|were|was)\b",
    re.I,
)
_EXCLUDING = re.compile(
    r"\bnot (?:been )?recommended\b|\bshould not be (?:initiated|started|used|given)\b|"
    r"\b(?:do not|avoid) (?:initiat\w*|start\w*|use)\b",
    re.I,
)
_STATES_USE = re.compile(r"\b(?:indicated|approved|authori[sz]ed|for (?:use|the treatment))\b", re.I)
_MG_DOSE = re.compile(r"(?<![\d.,/])" + NUM + r"\s*mg\b(?!\s*(?:/|per)\s*(?:kg|m))", re.I)
_TERM = {
    re.compile(r"\b(?:full[- ]term|term)\s+(?:infants?|neonates?|newborns?|bab(?:y|ies))\b", re.I): 39.0,
    re.compile(r"\blate[- ]preterm\b", re.I): 35.0,
}
"""Gestational-age words: a term infant is 37+ weeks (39 taken), a late-preterm one 34-36 weeks."""
NAMES = {
    "weight_kg": ("body weight", "kg"),
    "gestational_weeks": ("gestational age", "weeks"),
    "postmenstrual_weeks": ("postmenstrual age", "weeks"),
    "daily_units": ("daily requirement", "units/day"),
}
_EPS = 1e-6


@dataclass(frozen=True)
class Window:
    """Values of one measure a label sentence bounds; ``excluded`` windows are where it is not
    recommended, ``dose`` (mg) marks a dosing band."""

    measure: str
    low: float | None
    high: float | None
    low_open: bool = False
    high_open: bool = False
    quote: str = ""
    excluded: bool = False
    dose: float | None = None

    def contains(self, value: float) -> bool:
        if self.low is not None and (value < self.low or (self.low_open and value <= self.low)):
            return False
        return not (self.high is not None and (value > self.high or (self.high_open and value >= self.high)))

    @property
    def bounded(self) -> bool:
        return self.low is not None and self.high is not None


@dataclass(frozen=True)
class Measure:
    """One value the text states about the patient, in the measure's unit."""

    measure: str
    value: float
    start: int
    end: int
    bound: float | None = None
    """The number of a comparator ("below 1000" -> 1000): the text may restate a label's limit."""


def _number(raw: str) -> float:
    return float(raw.replace(",", ""))


def _measure(m: re.Match[str], sentence: str) -> str | None:
    """Which measure a quantity is, from its unit and the words of its sentence."""
    near = sentence[max(0, m.start() - 60) : m.end() + 40]
    if m.group("mass"):
        if _DOSE_AFTER.match(sentence, m.end()):
            return None  # "1 g twice daily", "2 g IV": an amount of drug
        grams = not m.group("mass").lower().startswith(("k", "l", "p"))
        return "weight_kg" if (_NEONATAL if grams else _WEIGHT_CONTEXT).search(near) else None
    if m.group("weeks"):
        after = sentence[m.end() : m.end() + 30]
        if re.match(r"[\s-]*(?:old|of (?:age|life)|postnatal|after birth)", after, re.I):
            return None  # "a 6-week-old preterm infant": an age since birth, not a gestation
        if _POSTMENSTRUAL.search(after) or _POSTMENSTRUAL.search(sentence[max(0, m.start() - 25) : m.start()]):
            return "postmenstrual_weeks"
        if _GESTATION.search(after) or re.search(r"born at\s*$|\bGA\s*(?:of\s*)?$", sentence[: m.start()], re.I):
            return "gestational_weeks"
        return None
    if m.group("daily_units"):
        return "daily_units"
    if m.group("total_units"):
        before = sentence[max(0, m.start() - 40) : m.start()]
        return "daily_units" if _DAILY_CONTEXT.search(before) else None
    if m.group("count"):
        before = sentence[max(0, m.start() - 45) : m.start()]
        hits = [(rx_m.end(), name) for name, rx in _COUNTS.items() for rx_m in rx.finditer(before)]
        return max(hits)[1] if hits else None
    return None


def _scale(m: re.Match[str], measure: str, value: float) -> float:
    """Values in the measure's unit: weights in kg, counts per µL."""
    unit = (m.group("mass") or m.group("count") or "").strip().lower()
    if measure == "weight_kg":
        if unit.startswith(("lb", "pound")):
            return value / 2.2046
        if unit.startswith(("g", "gm")) and not unit.startswith("k"):
            return value / 1000
    if measure in _COUNTS and ("10" in unit or unit == "k"):
        return value * 1000
    return value


def _window(measure: str, first: float, before: str, after: str) -> Window:
    """The window one value and its comparator state ("no more than 32", "<1000", "40 or more")."""
    if _HIGH_CLOSED.search(before) or _AFTER_HIGH.match(after):  # before "more than": "no more than"
        return Window(measure, None, first)
    if _LOW_CLOSED.search(before) or _AFTER_LOW.match(after):  # before "less than": "no less than"
        return Window(measure, first, None)
    if _LOW_OPEN.search(before):
        return Window(measure, first, None, low_open=True)
    if _HIGH_OPEN.search(before):
        return Window(measure, None, first, high_open=True)
    return Window(measure, first, first)


_BARE_COUNT = re.compile(
    r"\b(?:ANC|ALC|AEC|absolute (?:neutrophil|lymphocyte|eosinophil) count|neutrophils?|lymphocytes?|platelets?|PLT|"
    r"(?:blood )?eosinophils?|eos)"
    r"(?:\s+counts?)?(?:\s*\((?:ANC|ALC)\))?\s*(?:of|is|was|=|:|at)?\s*(?:(?:less|fewer|lower|more|greater) than|"
    r"under|below|above|over|[<>≤≥])?\s*" + NUM + r"(?![\d.,]|\s*(?:%|mg|g\b|mm|cells|/|x|×|K\b|per))",
    re.I,
)
"""'ANC of 800', 'platelets 90,000': a count written without its unit."""


def quantities(sentence: str) -> list[tuple[str, Window, int, int]]:
    """(measure, window, start, end) for each classified quantity of a sentence; a single value
    without a comparator is the window [v, v]."""
    out = []
    for m in _QUANTITY.finditer(sentence):
        measure = _measure(m, sentence)
        if measure is None:
            continue
        first = _scale(m, measure, _number(m.group(1)))
        before, after = sentence[max(0, m.start() - 25) : m.start()], sentence[m.end() : m.end() + 20]
        if m.group(2):  # "500 to 1500 g", "3.5 to less than 40 kg"
            second = _scale(m, measure, _number(m.group(2)))
            window = Window(measure, first, second, high_open=bool(re.search(r"less than|<", m.group(0))))
        else:
            window = _window(measure, first, before, after)
        out.append((measure, window, m.start(), m.end()))
    for m in _BARE_COUNT.finditer(sentence):
        measure = next((n for n, rx in _COUNTS.items() if rx.match(sentence, m.start())), None)
        if measure is None or any(a <= m.start(1) < b for _, _, a, b in out):
            continue
        value = _number(m.group(1))
        value = value * 1000 if value < 1000 and measure == "platelet count" else value  # "90" = 90 x 10^9/L
        before = sentence[max(0, m.start(1) - 25) : m.start(1)]
        out.append((measure, _window(measure, value, before, sentence[m.end() : m.end() + 20]), m.start(), m.end()))
    return out


def _split(text: str, lines: bool = False) -> list[str]:
    """Sentences (PDF line breaks joined), or lines for table rows."""
    if not lines:
        text = re.sub(r"\s*\n\s*", " ", text)
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|;\s+(?!" + _FIELD + r")|\n+|\s•\s", text) if s.strip()]


_FIELD = r"(?:Dos(?:e|es|age|ing)|Recommended dos\w+|Starting dos\w+)\s*:"
"""'Body weight: 20 kg to less than 40 kg; Dosage: 4 mg twice daily': a table row's cells joined by ';'
stay one row, so the band keeps its dose."""
_POUNDS = re.compile(r"\s*\(\s*\d+(?:\.\d+)?\s*(?:lbs?|pounds?)\s*\)", re.I)
"""'10 kg (22 lbs) to less than 15 kg (33 lbs)': the conversion in parentheses would split the range."""


_UNIT_WORD = r"(kg|kilograms?|g|grams?|weeks?)"
_RANGES = [
    (re.compile(r"\bbetween\s+" + NUM + r"\s*" + _UNIT_WORD + r"?\s*and\s+" + NUM, re.I), r"\1 to \3"),
    (re.compile(NUM + r"\s*" + _UNIT_WORD + r"\s*(?:to|-|–|through)\s*(less than\s*|<\s*)?" + NUM + r"\s*\2", re.I),
     r"\1 to \3\4 \2"),
    (re.compile(r"(?:≥|>=)\s*" + NUM + r"\s*" + _UNIT_WORD + r"\s*to\s*(?:≤|<=)\s*" + NUM + r"\s*\2", re.I),
     r"\1 to \3 \2"),
]  # fmt: skip
"""'between 500 and 1500 g', '3.5 kg to less than 40 kg', '≥10 kg to ≤25 kg': one range, unit once."""


def _normalise(sentence: str) -> str:
    sentence = _POUNDS.sub("", sentence)
    for rx, repl in _RANGES:
        sentence = rx.sub(repl, sentence)
    return sentence


def _bounds(sentence: str) -> list[Window]:
    """Windows a label sentence states (single values without a comparator are no bound)."""
    found = quantities(_normalise(sentence))
    return [replace_quote(w, sentence) for _, w, _, _ in found if not (w.low == w.high and w.low is not None)]


def replace_quote(window: Window, sentence: str) -> Window:
    return Window(window.measure, window.low, window.high, window.low_open, window.high_open, sentence.strip()[:240],
                  window.excluded, window.dose)  # fmt: skip


_BAND_ROW = re.compile(
    r"(?:(?<![\d.])" + NUM + r"\s*(?:kg)?\s*(?:<|to|-|–)\s*" + NUM + r"|(?:>|≥|>=)\s*" + NUM + r")\s*kg\s*\|?\s*"
    + NUM + r"\s*mg\b(?!\s*/)",
    re.I,
)  # fmt: skip
"""A weight-band table row as PDF and SPL tables reach the profile: '10 < 20 kg | 10 mg', '> 20 kg | 20 mg'."""


def _dose_bands(line: str) -> list[Window]:
    """'For patients ≥10 kg to ≤25 kg the recommended dose is 50 mg', '5 < 10 kg | 5 mg 10 < 20 kg |
    10 mg': body-weight bands and the mg dose given to each."""
    rows = []
    for m in _BAND_ROW.finditer(line):
        if m.group(3):
            rows.append(
                Window(
                    "weight_kg", _number(m.group(3)), None, low_open=True, quote=m.group(0), dose=_number(m.group(4))
                )
            )
        else:
            low, high, amount = (_number(m.group(i)) for i in (1, 2, 4))
            rows.append(Window("weight_kg", low, high, high_open=True, quote=m.group(0), dose=amount))
    if rows:
        return rows
    weights = [w for w in _bounds(line) if w.measure == "weight_kg"]
    dose = _MG_DOSE.search(line)
    if len(weights) != 1 or dose is None or not (re.search(r"\bdos(?:e|age|ing)\b", line, re.I) or _ROW.search(line)):
        return []
    if _sequence_row(line):
        return []
    w = weights[0]
    return [Window(w.measure, w.low, w.high, w.low_open, w.high_open, w.quote, dose=_number(dose.group(1)))]


_ROW = re.compile(r"^\W*(?:body\s+)?weight\b[^:|;]{0,60}\bkg\b[^:|;]{0,12}[:|]", re.I)
"""A weight-band row that names no dose word ("Weight 38 kg to less than 50 kg: 375 mg/20 mg twice
daily"): the row's amount is the band's dose; for a fixed combination its first strength."""


def _sequence_row(line: str) -> bool:
    """A weight band dosed by a sequence ("Day 1: 80 mg; Day 15: 40 mg; then 20 mg every other week"):
    no one dose of the band, and a sign that the label doses several uses by weight, each in its own
    subsection, so that a row of one use's table says nothing of another use's dose at that weight."""
    weights = [w for w in _bounds(line) if w.measure == "weight_kg"]
    return len(weights) == 1 and len({_number(d.group(1)) for d in _MG_DOSE.finditer(line)}) > 1


@lru_cache(maxsize=64)
def label_windows(label_texts: tuple[str, ...], indications: tuple[str, ...], dosing: str = "") -> tuple[Window, ...]:
    """Approved windows (from ``indications``), excluded windows (from limiting statements anywhere
    in ``label_texts``) and dose bands (from ``dosing``); see the module docstring."""
    out: list[Window] = []
    for text in indications:
        for sentence in _split(text):
            if _NOT_A_USE.search(sentence) and not _STATES_USE.search(sentence):
                continue
            out.extend(_bounds(sentence) if not _EXCLUDING.search(sentence) else [])
    for text in label_texts:
        for sentence in _split(text):
            if _EXCLUDING.search(sentence) and not _NOT_A_USE.search(sentence):
                out.extend(Window(w.measure, w.low, w.high, w.low_open, w.high_open, w.quote, excluded=True)
                           for w in _bounds(sentence))  # fmt: skip
    rows = [line for line in _split(dosing, lines=True) if not _NOT_A_USE.search(line)]
    if not any(_sequence_row(line) for line in rows):  # several weight-dosed uses: no band binds alone
        out.extend(band for line in rows for band in _dose_bands(line))
    return tuple(out)


def text_measures(text: str) -> list[Measure]:
    """Values the text states: a single value (a bound is read just past it: 'more than 200
    units/day' -> 200+, 'ANC below 1000' -> 1000-), plus gestational-age words ('term infant')."""
    out = []
    for measure, window, start, end in quantities(text):
        if window.low is not None and window.high is not None and window.low != window.high:
            continue  # a range in a text is a question about a band, not the patient's value
        bound = None
        if window.low is not None and window.high is None:
            value, bound = window.low + (_EPS if window.low_open else 0.0), window.low
        elif window.high is not None and window.low is None:
            value, bound = window.high - (_EPS if window.high_open else 0.0), window.high
        else:
            value = window.low or 0.0
        out.append(Measure(measure, value, start, end, bound))
    for rx, weeks in _TERM.items():
        out.extend(Measure("gestational_weeks", weeks, m.start(), m.end()) for m in rx.finditer(text))
    return sorted(out, key=lambda m: m.start)


def describe(window: Window) -> str:
    """'gestational age ≤ 32 weeks' for a finding's message, with the label sentence."""
    name, unit = NAMES.get(window.measure, (window.measure, "cells/µL"))
    if window.low is not None and window.high is not None:
        span = f"{window.low:g} to {window.high:g} {unit}"
    elif window.low is not None:
        span = f"{'>' if window.low_open else '≥'} {window.low:g} {unit}"
    else:
        span = f"{'<' if window.high_open else '≤'} {window.high:g} {unit}"
    return f"{name} {span} (“{window.quote}”)"
