"""Regimen checks: a dose is labelled WITH a schedule, FOR an indication, sometimes only IF a situation.

"80 mg" and "every week" may each be in the adalimumab label without "80 mg every
week" being a labelled regimen; "10 mg twice daily" is labelled for UC induction,
not for RA; "160 mg" osimertinib only with a strong CYP3A4 inducer. So every dose
in the text is compared with the label's :class:`~.label_profile.Regimen` pairs
(dose + the schedule written right after it + the subsection and sentence it is
stated in). Also: more tablets at once than the label ever gives, skipping a
labelled titration or starting above the labelled starting dose, a route
the label restricts to one phase ("subcutaneous is for maintenance only") used
for the other, and a push or bolus where the label only infuses.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.guardrails.conditions import STOPWORDS, ConditionMatcher
from assistant.guardrails.label_dosing import _gap
from assistant.guardrails.label_durations import PUSH
from assistant.guardrails.label_profile import (
    _UNITS,
    NUMBER,
    LabelProfile,
    Regimen,
    dose_amounts,
    expanded_stems,
    frequencies,
    hour_intervals,
    regimens,
    routes,
    to_number,
)
from assistant.guardrails.regimen_limits import beyond, other_phase, regimen_limits, situational_maxima
from assistant.guardrails.text import tokenize
from assistant.guardrails.weight_doses import labelled_per_weight, per_weight_doses, per_weight_regimens

Add = Callable[[int, int, str], None]

_FREQUENCY_BEFORE = 20
_SKIP_TITRATION = re.compile(
    r"\b(?:skip\w*|without|bypass\w*|no need for|omit\w*|forgo\w*)\b[^?!]{0,40}\b(?:titrat\w*|escalat\w*|step|steps|"
    r"ramp\w*|lower (?:starting )?dose)\b|\bstart\w* (?:\w+ )?(?:directly|straight|right) (?:at|on|with)\b|"
    r"\bstart\w* (?:\w+ )?(?:at|on|with) (?:the )?(?:full|maintenance|target|maximum|top) dose\b",
    re.I,
)
_START_AT = re.compile(
    r"\bstart\w*\b(?:\s+\w+){0,3}?\s+(?:at|on|with)\s+(\d+(?:\.\d+)?(?:\s*/\s*\d+(?:\.\d+)?)?)\s*mg\b", re.I
)
_INDUCTION = re.compile(
    r"\binduc\w*|\bloading\b|\binitial (?:dose|doses|therapy|treatment)\b|\binstead of (?:the )?(?:iv|intravenous)",
    re.I,
)
_MAINTENANCE = re.compile(r"\bmaint\w*", re.I)
_SITUATION = re.compile(
    r"\binduc\w*|\binhibit\w*|\binteract\w*|\bconcomitant\w*|\bco-?administ\w*|\bunavoidabl\w*", re.I
)


class RegimenChecks:
    """Dose/schedule/indication/situation checks of one text against one label profile."""

    def __init__(self, matcher: ConditionMatcher, has_partner: Callable[[str, LabelProfile], bool]) -> None:
        self.matcher = matcher
        self.has_partner = has_partner

    def run(self, text: str, profile: LabelProfile, spans: list[tuple[int, int]], add: Add) -> None:
        limits = regimen_limits(profile.usage_text)
        for a, b in spans:
            sentence = text[a:b]
            for start, end, message in beyond(limits, sentence):
                add(a + start, a + end, message)
            self._doses(sentence, a, profile, add)
            self._situational_maximum(sentence, a, profile, add)
            self._units(sentence, a, profile, add)
            self._start(sentence, a, profile, add)
            self._phase(sentence, a, profile, add)
            self._interval(sentence, a, profile, add)
            self._per_weight(sentence, a, profile, add)
            self._administration_time(sentence, a, profile, add)

    # --- doses -------------------------------------------------------------------
    def _doses(self, sentence: str, offset: int, profile: LabelProfile, add: Add) -> None:
        conditions = self._indicated(sentence, profile)
        for found in regimens(sentence):
            frequency = found.frequency or self._frequency_before(sentence, found)
            labelled = [r for r in profile.regimens if abs(r.dose - found.dose) < 1e-9]
            if not labelled:
                continue
            start = offset + sentence.find(f"{found.dose:g}")
            end = start + len(f"{found.dose:g}") + 3
            dose = f"{found.dose:g} mg"
            if frequency and _unlabelled_schedule(frequency, labelled):
                schedules = ", ".join(_SCHEDULE.get(s, s) for s in sorted({r.frequency or "" for r in labelled} - {""}))
                add(start, end, f"{dose} {_SCHEDULE.get(frequency, frequency)} is not a labelled regimen "
                    f"(labelled schedules for {dose}: {schedules or 'none'}).")  # fmt: skip
                continue
            candidates = [r for r in labelled if frequency is None or r.frequency == frequency] or labelled
            other = other_phase(sentence, [r.context for r in candidates])
            if other:
                add(start, end, f"{dose} is labelled for the {other} (“{_quote(candidates[0])}”).")
                continue
            if all(r.conditional for r in candidates) and not self._situation(sentence, candidates, profile):
                add(start, end, f"{dose} is labelled only in a specific situation: “{_quote(candidates[0])}”.")
            elif conditions and not self._for_condition(candidates, conditions):
                add(start, end, f"{dose} is labelled for other uses (“{_quote(candidates[0])}”), "
                    f"not for {conditions[0]}.")  # fmt: skip

    @staticmethod
    def _situational_maximum(sentence: str, offset: int, profile: LabelProfile, add: Add) -> None:
        """A dose above a maximum the label states for one situation ("for ritonavir-treated patients
        ... the recommended maximum dose is 25 mg"), in a text naming that situation by a word that
        is rare in the dosing text (the co-medication or population, not "patients" or "dose")."""
        for cap, words, quote in situational_maxima(profile):
            if not words & set(_WORDS.findall(sentence.lower())):
                continue
            for value, m in dose_amounts(sentence):
                if value > cap + 1e-9:
                    add(
                        offset + m.start(),
                        offset + m.end(),
                        f"the labelled maximum in this situation is {cap:g} mg: “{quote}”.",
                    )
                    break

    @staticmethod
    def _frequency_before(sentence: str, found: Regimen) -> str | None:
        """'weekly 80 mg': a schedule written just before the dose."""
        at = sentence.find(f"{found.dose:g}")
        before = [(m.end(), k) for k, m in frequencies(sentence[max(0, at - _FREQUENCY_BEFORE) : at])]
        return max(before)[1] if before and at >= 0 else None

    def _indicated(self, sentence: str, profile: LabelProfile) -> list[str]:
        """Conditions named in the sentence that are labelled indications (others are the condition rail's)."""
        out = []
        for mention in self.matcher.mentions(sentence):
            if not self.matcher.is_generic(mention.text) and self.matcher.coverage(mention.text, profile).indications:
                out.append(mention.text)
        return out

    def _for_condition(self, candidates: list[Regimen], conditions: list[str]) -> bool:
        """When some labelled statements of the dose name a condition, one of them must cover a
        condition of the text ("10 mg twice daily" is stated for UC, so not for RA); when none
        does, the dose is general."""
        synonyms = self.matcher.policy.synonyms
        specific = [
            r for r in candidates if any(not self.matcher.is_generic(m.text) for m in self.matcher.mentions(r.context))
        ]
        if not specific:
            return True  # a general dose ("The recommended dosage is 80 mg once daily")
        return any(
            self.matcher.covers(c, expanded_stems(r.context, synonyms), r.context) for r in specific for c in conditions
        )

    def _situation(self, sentence: str, candidates: list[Regimen], profile: LabelProfile) -> bool:
        """The text names the labelled situation: an interaction word, a combination partner, or a
        distinguishing word of the regimen's own sentence."""
        if _SITUATION.search(sentence) or self.has_partner(sentence, profile):
            return True
        quantities = {q.lower() for r in candidates for q in _QUANTITY.findall(r.context)}
        if quantities & {q.lower() for q in _QUANTITY.findall(sentence)}:
            return True  # "after 12 weeks" names the condition "if no response in 12 weeks"
        words = {t.norm for t in tokenize(sentence) if len(t.text) > 3 and t.lower not in STOPWORDS}
        names = {n.lower() for n in profile.names}
        context = {t.norm for r in candidates for t in tokenize(r.context) if t.lower not in STOPWORDS}
        return bool((words & context) - names - {"dose", "dosage", "daily", "once", "increase"})

    # --- units, starting dose, phase ----------------------------------------------
    def _units(self, sentence: str, offset: int, profile: LabelProfile, add: Add) -> None:
        if profile.max_units is None:
            return
        for m in _UNITS.finditer(sentence):
            if to_number(m.group(1)) > profile.max_units:
                add(offset + m.start(), offset + m.end(),
                    f"the label never gives more than {profile.max_units:g} at a time.")  # fmt: skip

    def _start(self, sentence: str, offset: int, profile: LabelProfile, add: Add) -> None:
        skip = _SKIP_TITRATION.search(sentence)
        if skip and profile.titrated:
            add(
                offset + skip.start(),
                offset + skip.end(),
                "the label starts low and titrates; skipping it is not labelled.",
            )
            return
        m = _START_AT.search(sentence)
        if m and profile.starting_doses:
            value = sum(float(p) for p in re.split(r"\s*/\s*", m.group(1)))
            if all(abs(value - d) > 1e-9 for d in profile.starting_doses):
                starts = ", ".join(f"{d:g} mg" for d in sorted(profile.starting_doses))
                add(offset + m.start(), offset + m.end(), f"the labelled starting dose is {starts}.")

    def _interval(self, sentence: str, offset: int, profile: LabelProfile, add: Add) -> None:
        """Doses closer together than the label's shortest interval ("every 2 hours" where the
        label says "every 4 hours"), or more doses a day than it allows."""
        shortest = profile.min_interval_hours
        for hours, m in hour_intervals(sentence) if shortest is not None else []:
            if hours < shortest - 1e-9:  # type: ignore[operator]
                add(offset + m.start(), offset + m.end(), f"the label doses no closer than every {shortest:g} hours.")
        most = profile.max_daily_doses or (24 / shortest if shortest else None)
        for m in _TIMES_A_DAY.finditer(sentence) if most else []:
            if to_number(m.group(1)) > most + 1e-9:  # type: ignore[operator]
                add(offset + m.start(), offset + m.end(), f"the label allows at most {most:g} doses a day.")

    @staticmethod
    def _per_weight(sentence: str, offset: int, profile: LabelProfile, add: Add) -> None:
        """A per-kg or per-m2 dose above the label's highest one of the same unit ("12 mg/kg every
        week" where the label doses 8 mg/kg at most): no mg dose is named for the mg checks."""
        highest = {**labelled_per_weight(profile.label_text), **labelled_per_weight(profile.usage_text)}
        pairs = per_weight_regimens(profile.usage_text)
        for value, unit, start, end in per_weight_doses(sentence):
            top = highest.get(unit)
            if top is not None and value > top + 1e-9:
                add(offset + start, offset + end,
                    f"{sentence[start:end]} exceeds the highest labelled dose of {top:g} mg/{unit}.")  # fmt: skip
                continue
            following = sorted((f.start(), k) for k, f in frequencies(sentence) if f.start() >= end)
            schedule = following[0][1] if following and _gap(sentence, end, following[0][0]) else None
            labelled = {k for v, u, k in pairs if u == unit and abs(v - value) < 1e-9}
            if schedule and labelled and schedule not in labelled:
                given = ", ".join(_SCHEDULE.get(k, k) for k in sorted(labelled))
                add(offset + start, offset + end,
                    f"{sentence[start:end]} {_SCHEDULE.get(schedule, schedule)} is not a labelled regimen "
                    f"(labelled: {given}).")  # fmt: skip

    @staticmethod
    def _administration_time(sentence: str, offset: int, profile: LabelProfile, add: Add) -> None:
        """Given as a push or bolus when the label infuses over a set time and its directions never
        describe a push ("IV push over 2 minutes"). A time faster than the label's shortest infusion
        ("pushed over 10 minutes" vs "over 60 minutes") is checked with the other dosing checks
        (:meth:`DosingChecks._check_infusion_time`), from the time kept in the profile."""
        if profile.infusion_minutes is None or PUSH.search(profile.usage_text):
            return
        for m in PUSH.finditer(sentence):
            add(offset + m.start(), offset + m.end(), "the label gives the product only as an infusion.")

    def _phase(self, sentence: str, offset: int, profile: LabelProfile, add: Add) -> None:
        for key, m in routes(sentence):
            only = profile.route_only_phase.get(key)
            if only is None:
                continue
            other = _INDUCTION if only == "maintenance" else _MAINTENANCE
            if other.search(sentence) and not (_MAINTENANCE if only == "maintenance" else _INDUCTION).search(sentence):
                add(offset + m.start(), offset + m.end(), f"the {key} route is labelled for {only} only.")


_WORDS = re.compile(r"[a-z]{4,}")
_QUANTITY = re.compile(r"(?<!every )\b\d+\s*(?:weeks?|days?|months?|hours?)\b", re.I)
"""A span of time that is not the schedule itself ("in 12 weeks", not "every 2 weeks")."""
_TIMES_A_DAY = re.compile(r"\b" + NUMBER + r"\s+(?:times|doses)\s+(?:a|per|each|in a)\s+day\b", re.I)
_SCHEDULE = {"bid": "twice daily", "tid": "three times daily", "q2w": "every other week", "q4w": "every 4 weeks",
             "q8w": "every 8 weeks", "q4m": "every 4 months"}  # fmt: skip


_DAILY_WORD = re.compile(r"\bdaily\b|\bper day\b|/\s*day\b", re.I)
_ONE_OFF = re.compile(r"\bday \d+|\bweek 0\b|\bloading\b|\binitial\b|\bsingle\b|\bfirst dose\b", re.I)


def _unlabelled_schedule(frequency: str, labelled: list[Regimen]) -> bool:
    """The text's schedule is none the label gives this dose. When the label pairs the dose with no
    schedule, only a dose the label gives once ("160 mg on Day 1", "a loading dose") is
    contradicted by any schedule; a dose in a table headed "Daily Dose" is given daily, and an
    unscheduled dose elsewhere says nothing about its schedule."""
    if any(r.frequency for r in labelled):
        return not any(r.frequency == frequency for r in labelled)
    if frequency == "daily" and any(_DAILY_WORD.search(r.context) for r in labelled):
        return False
    return all(_ONE_OFF.search(r.context) for r in labelled)


def _quote(regimen: Regimen) -> str:
    return regimen.context if len(regimen.context) < 200 else regimen.context[:197] + "…"
