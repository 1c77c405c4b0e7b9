"""The dosing vocabulary of a label: amounts, schedules, routes and the dose + schedule pairs of
Dosage and Administration.

The same readers parse the label (to build the approved regimen in :mod:`.label_profile`) and the
text being checked (in :mod:`.off_label` and :mod:`.regimen`), so a schedule or an amount means
the same thing on both sides. Kept apart from the profile builder because it is the one part of
the profile that is pure text reading with no notion of sections or products.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.guardrails.label_routes import routes
from assistant.guardrails.text import sentences

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "twenty-four": 24,
}  # fmt: skip
NUMBER = r"(\d+(?:\.\d+)?|" + "|".join(_WORD_NUMBERS) + r")"
_AMOUNT = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?"
"""A number as labels print it: "2,550" is two thousand five hundred and fifty, not 550."""
AMOUNT = _AMOUNT
"""Public for readers of the thresholds a label states ("at doses above 200 mg")."""
_DOSE = re.compile(r"(?<![\d,.])(" + _AMOUNT + r"(?:\s*/\s*(?:" + _AMOUNT + r"))*)\s*mg\b(?!\s*/)", re.I)
_PACKAGE = re.compile(
    r"\s*(?:(?:single|multiple|multi)[- ](?:dose|use)\s+)?vials?\b|\s*(?:of\s+(?:the\s+)?\w+\s+)?per\s+vial\b", re.I
)
"""'each 440 mg vial', '100 mg single-dose vial': a package strength, not a dose."""
_VIAL_CONTAINS = re.compile(r"\bvials?\s+(?:contains?|delivers?|holds?)\s*$", re.I)
_PER_KG = re.compile(r"(?<![\d,.])(\d+(?:\.\d+)?)\s*mg\s*/\s*kg\b(?!\s*/)", re.I)
_EVERY_HOURS = re.compile(r"\bevery\s+" + NUMBER + r"(?:\s*(?:to|-|or)\s*" + NUMBER + r")?\s*(?:hours?|hrs?|h)\b", re.I)
_PER_DAY = re.compile(
    r"\b(?:more than|exceed|over)\s+" + NUMBER + r"\s+(?:doses|times)\s+(?:in|per|a|each)\s+(?:24\s*hours|day)\b", re.I
)
_FREQUENCIES: list[tuple[str, re.Pattern[str]]] = [
    ("tid", re.compile(
        r"\b(?:three|3) times (?:a |per )?day\b|\b(?:three|3) times daily\b|\btid\b|\bt\.i\.d\b\.?", re.I)),
    ("bid", re.compile(
        r"\btwice (?:a |per )?day\b|\btwice[- ]daily\b|\b(?:two|2) times (?:a |per )?day\b|\bbid\b|\bb\.i\.d\b\.?",
        re.I)),
    ("daily", re.compile(
        r"\b(?<!twice )(?<!twice-)(?<!times )(?:once )?daily\b|\bonce (?:a|per) day\b|\bevery day\b|\bqd\b|\bq\.d\b\.?",
        re.I)),
    ("biw", re.compile(r"\btwice[- ](?:a |per |every )?week(?:ly)?\b|\btwo times (?:a |per )?week\b|\bbiw\b", re.I)),
    ("tiw", re.compile(r"\bthree times (?:a |per )?week(?:ly)?\b|\btiw\b", re.I)),
    ("qod", re.compile(r"\bevery other day\b|\bevery (?:2|two|second) days\b|\bqod\b", re.I)),
    ("q2w", re.compile(r"\bevery (?:other|2|two) weeks?\b|\bbiweekly\b|\bfortnightly\b", re.I)),
    ("weekly", re.compile(
        r"\b(?<!twice )(?<!twice-)(?<!times )(?:once[- ])?weekly\b|\bevery week\b|\bonce (?:a|per) week\b", re.I)),
    ("q3w", re.compile(r"\bevery (?:3|three) weeks\b|\bq3w\b", re.I)),
    ("q4w", re.compile(r"\bevery (?:4|four) weeks\b|\bmonthly\b|\bevery month\b|\bonce (?:a|per) month\b", re.I)),
    ("q6w", re.compile(r"\bevery (?:6|six) weeks\b|\bq6w\b", re.I)),
    ("q8w", re.compile(r"\bevery (?:8|eight) weeks\b|\bevery (?:2|two) months\b", re.I)),
    ("q4m", re.compile(r"\bevery (?:4|four) months\b", re.I)),
    ("q12m", re.compile(r"\bevery (?:12|twelve) months\b|\bonce (?:a|per|every) year\b|\bonce[- ]yearly\b", re.I)),
]  # fmt: skip
"""Yearly dosing is named with "once" or a number; "annually" is left out, labels use it for monitoring."""


def to_number(raw: str) -> float:
    word = _WORD_NUMBERS.get(raw.lower())
    return float(word) if word is not None else float(raw.replace(",", ""))


def to_years(value: float, unit: str | None) -> float:
    return value / 12 if unit and unit.lower().startswith("mo") else value


def hour_intervals(text: str) -> list[tuple[float, re.Match[str]]]:
    """Dosing intervals in hours ("every 4 hours", "every 4 to 6 hours" -> the shorter one)."""
    return [(to_number(m.group(1)), m) for m in _EVERY_HOURS.finditer(text)]


def doses_mg(text: str) -> list[tuple[float, re.Match[str]]]:
    """Every mg amount; '97/103 mg' (a fixed combination) counts as its total, while a
    descending sequence such as '160/80/40 mg' (loading then maintenance) counts as its largest step."""
    out = []
    for m in _DOSE.finditer(text):
        parts = [to_number(p) for p in re.split(r"\s*/\s*", m.group(1))]
        regimen = len(parts) > 2 or (len(parts) == 2 and parts[0] > parts[1])
        out.append((max(parts) if regimen else sum(parts), m))
    return out


def dose_amounts(text: str) -> list[tuple[float, re.Match[str]]]:
    """:func:`doses_mg` without package strengths ("each 440 mg vial", "each vial contains 100 mg"):
    a weight-based product's vial size is no dose a patient receives."""
    return [
        (value, m)
        for value, m in doses_mg(text)
        if not _PACKAGE.match(text, m.end()) and not _VIAL_CONTAINS.search(text[max(0, m.start() - 25) : m.start()])
    ]


def doses_per_kg(text: str) -> list[tuple[float, re.Match[str]]]:
    """Weight-based amounts ("8 mg/kg"); per-day rates ("30 mg/kg/day") are a different unit."""
    return [(float(m.group(1)), m) for m in _PER_KG.finditer(text)]


_PER_DAY_UNIT = r"\s*mg\b(?:\s+(?:of\s+)?[\w/-]+){0,3}?\s*(?:per day|a day|/\s*day|daily|each day|in divided doses)"
_DAILY_MAXIMUM = re.compile(
    r"\b(?:maximum|max\.?|up to|not (?:to )?exceed|no more than)\b(?:\s+[\w-]+){0,4}?\s+("
    + _AMOUNT
    + r")"
    + _PER_DAY_UNIT,
    re.I,
)
_DAILY_DOSE_OF = re.compile(
    r"\bmaximum (?:recommended )?(?:total )?daily (?:dose|dosage) (?:of|is)\s+(" + _AMOUNT + r")\s*mg\b", re.I
)
_DAILY_AMOUNT = re.compile(r"(?<![\d,.])(" + _AMOUNT + r")" + _PER_DAY_UNIT, re.I)


_DOSE_MAXIMUM = re.compile(
    r"\bmaximum (?:recommended )?(?:single )?(?:dose|dosage)\s*(?:is|of|:)?\s*(" + _AMOUNT + r")\s*mg\b(?!\s*/)", re.I
)


def dose_maxima(sentence: str) -> list[float]:
    """Labelled maximum amounts per administration ("The maximum dosage is 1.5 mg once weekly",
    "maximum recommended dose: 20 mg once daily"); daily totals are :func:`daily_maxima`'s."""
    if daily_maxima(sentence):
        return []
    return [to_number(m.group(1)) for m in _DOSE_MAXIMUM.finditer(sentence)]


def daily_maxima(sentence: str) -> list[float]:
    """Labelled maximum daily amounts ("up to a maximum of 2,000 mg per day")."""
    found = [*_DAILY_MAXIMUM.finditer(sentence), *_DAILY_DOSE_OF.finditer(sentence)]
    return [to_number(m.group(1)) for m in found]


def daily_amounts(text: str) -> list[tuple[float, re.Match[str]]]:
    """Amounts a text gives per day ("2,550 mg of metformin a day", "1000 mg daily")."""
    return [(to_number(m.group(1)), m) for m in _DAILY_AMOUNT.finditer(text)]


def frequencies(text: str) -> list[tuple[str, re.Match[str]]]:
    """Schedules named in the text; any other dosing "every N days/weeks/months" is its own
    schedule ("every 12 weeks" is neither of the label's "every 8 weeks" nor "every 4 months";
    "every 21 days" is every 3 weeks). Only after a dosing word: "LVEF every 6 months" is monitoring."""
    found = [(key, m) for key, rx in _FREQUENCIES for m in rx.finditer(text)]
    named = [m.span() for _, m in found]
    for m in _EVERY_N.finditer(text):
        dosing = _DOSING_BEFORE.search(text, max(0, m.start() - 60), m.start()) or _DOSING_AFTER.match(text, m.end())
        if dosing is None or any(a <= m.start() < b for a, b in named):
            continue
        count, unit = int(_COUNTS.get(m.group(1).lower(), m.group(1))), m.group(2)[0].lower()
        if unit == "d" and count % 7 == 0:
            count, unit = count // 7, "w"
        found.append(("weekly" if (count, unit) == (1, "w") else f"q{count}{unit}", m))
    return found


_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
_COUNTS = {w: str(i) for i, w in enumerate(_WORDS)}
_DOSING_BEFORE = re.compile(
    r"\b(?:dos\w*|given|administer\w*|infus\w*|inject\w*|taken|take|appl(?:y|ied)|inhal\w*|mg|units?|maintenance)\b",
    re.I,
)
_DOSING_AFTER = re.compile(r"\s+(?:dos(?:e|es|ing)|injections?|infusions?)\b", re.I)  # "every 3 months dosing"
_CLAUSE_BREAK = re.compile(r"[.;:!?\u2014\u2013]|\s-\s")


def describes_dose(text: str, m: re.Match[str], names: tuple[str, ...]) -> bool:
    """A plain "every week/month" is a dosing schedule only when its clause names the dosing (a dosing
    word or the product) before it: in "her cramps come back every month; what dose ..." the period
    is the condition's, not a regimen's. Named schedules ("once daily", "bid") are always dosing."""
    if not m.group(0).lower().startswith("every") or _DOSING_AFTER.match(text, m.end()):
        return True
    breaks = [b.end() for b in _CLAUSE_BREAK.finditer(text, 0, m.start())]
    clause = text[breaks[-1] if breaks else 0 : m.start()]
    if _DOSING_BEFORE.search(clause):
        return True
    return any(re.search(r"(?<!\w)" + re.escape(n) + r"(?!\w)", clause, re.I) for n in names)


_EVERY_N = re.compile(r"\bevery (\d{1,3}|" + "|".join(_COUNTS) + r") (days|weeks|months)\b", re.I)


_LATIN_SCHEDULE = re.compile(r"\b([bBtTqQ]\.[iI]\.[dD]|[qQ]\.[dD])\.(?=\s+[a-z(])")


def plain_schedules(text: str) -> str:
    """Read "0.5 mg to 2 mg b.i.d. or t.i.d." as "bid or tid": the abbreviations' last period ends no
    sentence, and a split there would part a dose from its alternative schedule."""
    return _LATIN_SCHEDULE.sub(lambda m: m.group(1).replace(".", ""), text)


@dataclass(frozen=True)
class Regimen:
    """One labelled dose with the schedule written right after it and where it is stated."""

    dose: float
    frequency: str | None
    context: str
    """Subsection title and sentence: the indication or situation the dose belongs to."""
    conditional: bool
    """Stated only for a situation ("If concomitant use is unavoidable, increase to 160 mg")."""


# A dose for a situation: "if ...", or a group on some treatment that "may" start it. "If needed"
# ("an additional 200 mg dose if needed on the first day") is the regimen's own as-needed step, no
# situation: the sentence's doses are the use's ordinary regimen. So is a condition that only says
# what is NOT known ("if the patient's genotypes are not known, the initial dose is usually 2 to 5 mg"):
# that is the default case every prescriber starts from, not a specific situation.
_CONDITIONAL = re.compile(
    r"\b(?:if(?! (?:needed|necessary|required)\b)(?![^,;.]{0,80}?\b(?:(?:is|are) not (?:known|available)|"
    r"(?:is|are) unknown|unavailable)\b)|unless|unavoidable|"
    r"when (?:co-?administered|used|given|taken) with)\b|"
    r"\bpatients (?:on|receiving|undergoing|taking|treated with) [\w-]+(?: [\w-]+)? may\b",
    re.I,
)
_FREQUENCY_GAP = 30
_UNITS = re.compile(
    r"\b"
    + NUMBER
    + r"\s+(?:(?!mg\b|ml\b|mcg\b|g\b)[A-Za-z]+\s+)?(?:tablets?|capsules?|pills?|injections?|pens?|syringes?|vials?|"
    r"teaspoon(?:ful)?s?|tablespoon(?:ful)?s?)\b",
    re.I,
)
_STARTING = re.compile(r"\b(?:start\w*|initiat\w*|initial|first)\b", re.I)
_TITRATION = re.compile(r"\btitrat\w*|\bescalat\w*|\bincrease (?:the dose )?to\b|\bdouble the dose\b", re.I)
_NO_TITRATION = re.compile(r"\bno\b[^.;]{0,30}\btitrat", re.I)
_ONLY_PHASE = re.compile(r"\bfor (maintenance|induction) only\b|\bnot used for (induction|maintenance)\b", re.I)
NEGATED = re.compile(r"\b(?:do not|don't|not for|never|must not|should not)\b", re.I)


_PARENTHESISED = re.compile(r"\([^()]*$")
"""A dose inside parentheses after another restates it ("1,500 mg (two 750 mg tablets) ... twice daily")."""


def _gap(text: str, start: int, end: int) -> bool:
    """The schedule follows the dose within a few words, a parenthesis between not counted."""
    return len(re.sub(r"\([^()]*\)", "", text[start:end])) <= _FREQUENCY_GAP


def regimens(text: str, title: str = "") -> list[Regimen]:
    """Dose + schedule pairs of one sentence: the schedule must follow the dose within a few words
    with no other dose between ("40 mg every week or 80 mg every other week" -> two pairs), a
    parenthesised dose not counting (it restates the one before). The
    context is the clause holding the dose (table rows list several situations, split by ';')."""
    out: list[Regimen] = []
    found = dose_amounts(text)
    schedule = frequencies(text)
    for i, (value, m) in enumerate(found):
        later = [n.start() for _, n in found[i + 1 :] if not _PARENTHESISED.search(text, m.end(), n.start())]
        limit = later[0] if later else len(text)
        after = [(k, f) for k, f in schedule if m.end() <= f.start() <= limit and _gap(text, m.end(), f.start())]
        keys = _alternatives(text, sorted(after, key=lambda kf: kf[1].start())) if after else [_before(text, m, found)]
        clause_start = text.rfind(";", 0, m.start()) + 1
        clause_end = text.find(";", m.end())
        clause = text[clause_start : clause_end if clause_end >= 0 else len(text)].strip()
        out.extend(Regimen(value, key, f"{title}: {clause}", bool(_CONDITIONAL.search(text))) for key in keys)
    return out


def _before(text: str, m: re.Match[str], found: list[tuple[float, re.Match[str]]]) -> str | None:
    """A schedule written just before a dose that has none after it ("once-daily maintenance doses of
    <product> 100 mg"), when no other dose stands near it (then it is that dose's schedule)."""
    near = [(f.end(), k, f.start()) for k, f in frequencies(text[max(0, m.start() - _BEFORE) : m.start()])]
    if not near:
        return None
    _, key, start = max(near)
    window = max(0, m.start() - _BEFORE) + start - _FREQUENCY_GAP
    return None if any(window <= d.start() < m.start() for _, d in found) else key


_BEFORE = 45
_OR = re.compile(r"\s*(?:,|or|and/or)\s*", re.I)


def _alternatives(text: str, after: list[tuple[str, re.Match[str]]]) -> list[str | None]:
    """The schedule right after a dose and those offered as its alternatives ("2 mg b.i.d. or
    t.i.d." is both twice and three times daily)."""
    keys: list[str | None] = [after[0][0]]
    end = after[0][1].end()
    for key, f in after[1:]:
        if not _OR.fullmatch(text[end : f.start()]):
            break
        keys.append(key)
        end = f.end()
    return keys


_START_AMOUNT = re.compile(
    r"(?<![\d,./])((?:" + _AMOUNT + r")(?:\s*(?:,|or|to|-|–)\s*(?:" + _AMOUNT + r"))*)\s*mg\b(?:\s*/\s*day\b)?", re.I
)
_START_WINDOW = 60


def starting_amounts(sentence: str) -> list[float]:
    """Doses a starting cue names: every alternative of "10 or 20 mg once daily" and a per-day
    amount ("the recommended starting dose is 10 mg/day"), which :func:`dose_amounts` leaves out
    (its unit is a rate); the first amount within a few words after each cue."""
    out: list[float] = []
    for cue in _STARTING.finditer(sentence):
        first = next(((v, d) for v, d in dose_amounts(sentence) if d.start() >= cue.end()), None)
        if first is not None and first[1].start() <= cue.end() + _START_WINDOW:
            out.append(first[0])  # "97/103 mg" counts as its total, as everywhere else
        m = _START_AMOUNT.search(sentence, cue.end(), cue.end() + _START_WINDOW + 20)
        if m is None or m.start() > cue.end() + _START_WINDOW or _PACKAGE.match(sentence, m.end()):
            continue
        out.extend(to_number(n) for n in re.findall(_AMOUNT, m.group(1)))
    return sorted(set(out))


@dataclass
class DosingFacts:
    """Facts of the Dosage and Administration text beyond dose + schedule pairs."""

    starting_doses: frozenset[float] = frozenset()
    min_interval_hours: float | None = None
    max_daily_doses: float | None = None
    max_units: float | None = None
    titrated: bool = False
    route_only_phase: dict[str, str] = field(default_factory=dict)


def dosing_facts(dosing: str) -> DosingFacts:
    """Starting doses, the shortest interval, the most doses a day, the largest unit count,
    titration and phase-restricted routes, read from sentences that are not prohibitions."""
    allowed = [s for s in sentences(dosing) if not NEGATED.search(s)]
    facts = DosingFacts()
    facts.starting_doses = frozenset(v for s in allowed for v in starting_amounts(s))
    intervals = [hours for s in allowed for hours, _ in hour_intervals(s)]
    facts.min_interval_hours = min(intervals) if intervals else None
    limits = [to_number(m.group(1)) for m in _PER_DAY.finditer(dosing)]
    facts.max_daily_doses = min(limits) if limits else None
    units = [to_number(m.group(1)) for s in allowed for m in _UNITS.finditer(s)]
    facts.max_units = max(units) if units else None
    facts.titrated = any(_TITRATION.search(s) and not _NO_TITRATION.search(s) for s in allowed)
    for s in sentences(dosing):
        for only in _ONLY_PHASE.finditer(s):
            phase = only.group(1) or ("maintenance" if only.group(2).lower() == "induction" else "induction")
            before = [(m.start(), key) for key, m in routes(s[: only.start()])]
            if before:
                facts.route_only_phase.setdefault(max(before)[1], phase.lower())
    return facts
