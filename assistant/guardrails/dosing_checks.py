"""Dosing checks of the off-label rail: dose (mg and mg/kg) above the labelled maximum, the
children's maximum daily amount, schedule, route, duration, kidney-function limits and forbidden
administration methods, each against the label's profile.

A mixin of :class:`~assistant.guardrails.off_label.OffLabelRule` like
:class:`~assistant.guardrails.population_checks.PopulationChecks` (it uses the rule's sentence
spans, condition matcher and regimen checks), kept apart so that each module stays readable.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.guardrails.ages import text_ages
from assistant.guardrails.amounts import _SETTING, durations
from assistant.guardrails.conditions import ConditionMatcher
from assistant.guardrails.label_dosing import AMOUNT as _NUMBER
from assistant.guardrails.label_dosing import daily_amounts, describes_dose, doses_per_kg
from assistant.guardrails.label_durations import infusion_spans
from assistant.guardrails.label_limits import amounts, forbidden_values, handles_form, kidney_values, methods, proposes
from assistant.guardrails.label_profile import LabelProfile, dose_amounts, frequencies, routes, to_number
from assistant.guardrails.label_routes import label_names_form
from assistant.guardrails.population_checks import RailContext
from assistant.guardrails.population_floors import named_use_floor
from assistant.guardrails.populations import ADULT_AGE
from assistant.guardrails.regimen import RegimenChecks
from assistant.guardrails.required_partners import allows_alone, dropped_partners
from assistant.guardrails.scoped_limits import beyond_per_weight, beyond_scoped, named_titles, scoped_binds
from assistant.guardrails.starting_regimens import skipped_lead_in
from assistant.guardrails.targets import UseTarget
from assistant.guardrails.text import sentence_spans, stems, tokenize
from assistant.guardrails.weight_doses import labelled_per_weight

_DOSE_CONTEXT = re.compile(
    r"\b(?:dose|doses|dosing|dosed|given|administered|injected|taken|take|regimen|schedule|mg|every|daily|"
    r"weekly|monthly|twice|(?:once|times) (?:a|per) (?:day|week))\b",
    re.I,
)
_ORAL_NOUN = re.compile(
    r"\boral(?=\s+(?:(?:\w+\s+)?(?:dose|dosing|formulation|version|form|tablets?|use|"
    r"administration|route)\b|[.?!]|$))|\borally\b|\bby mouth\b",
    re.I,
)
_OTHER_ROUTE_OBJECT = re.compile(
    r"\s+(?:\w+\s+){0,2}?(?:vaccines?|agents?|medications?|drugs?|contrast|fluids?|iron|antibiotics?|steroids?|"
    r"corticosteroids?|dosing|administration of|immunoglobulin)\b",
    re.I,
)
_CONTRASTED = re.compile(r"\b(?:rather than|instead of|not|never|versus|vs\.?|compared (?:with|to)|than)\s+$", re.I)
_ABOVE = r"(?:\b(?:above|over|greater than|more than|higher than|exceeding|in excess of)|>)"
_ABOVE_BEFORE = re.compile(r"\b(?:at|with|on)\s+(?:\w+\s+)?(?:doses?|dosages?|dosing)\s+" + _ABOVE + r"\s*$", re.I)
"""The amount bounds a circumstance ("at doses above 200 mg"), not a target ("can we go above 200 mg")."""
_ELAPSED = re.compile(r"after\b", re.I)
_OF_TREATMENT = re.compile(r"\s+(?:of|on)\s", re.I)
_CONTRAST_WORD = re.compile(r"\b(?:instead|rather|than|not|versus|vs|compared|unlike|while|whereas)\b", re.I)
_RECOMMENDED = re.compile(r"\brecommended (?:adult |starting )?(?:dosage|dose|regimen)\b(?![^.]*\bif needed\b)", re.I)
_LABEL_ABOVE = re.compile(_ABOVE + r"\s*(" + _NUMBER + r")\s*mg\b", re.I)


def label_threshold(text: str, m: re.Match[str], value: float, label_text: str) -> bool:
    """The amount is a threshold the label itself states ("at doses above 200 mg/day, QT ..."):
    a question about what happens beyond it asks about the label's own words, it proposes no dose."""
    if not _ABOVE_BEFORE.search(text, 0, m.start()):
        return False
    return any(abs(to_number(lm.group(1)) - value) < 1e-9 for lm in _LABEL_ABOVE.finditer(label_text))


_OWNER = re.compile(r"([A-Za-z][\w-]{3,})\s*[®™]?\s*\(\s*$")
_DOSE_WORDS = frozenset(
    ["dose", "doses", "dosage", "dosages", "dosing", "daily", "regimen", "strength", "strengths", "tablet", "tablets",
     "capsule", "capsules", "once", "twice", "maximum", "total", "starting", "initial", "increase", "increased", "up"]
)  # fmt: skip


def other_owner(text: str, m: re.Match[str], names: tuple[str, ...] | list[str]) -> bool:
    """The amount stands in parentheses right after another word that names what it belongs to:
    "Cimetidine (800 mg) ... increased sildenafil concentrations", "aspirin (150 mg)" is another
    medicine's amount; "VIAGRA (50 mg)" and "a higher dose (200 mg)" stay the product's."""
    owner = _OWNER.search(text, 0, m.start())
    if owner is None:
        return False
    word = owner.group(1).lower()
    return word not in _DOSE_WORDS and word not in {n.lower() for n in names}


CITED = re.compile(r"\[\d+\]")
"""A citation marker: the sentence restates a cited passage."""


class DosingChecks:
    """Dosing checks; the rule provides spans, the matcher, regimen checks and age groups."""

    matcher: ConditionMatcher
    target: UseTarget
    regimen: RegimenChecks
    age_groups: list[tuple[str, re.Pattern[str]]]
    _spans: Callable[..., list[tuple[int, int]]]
    _inside: Callable[[int, list[tuple[int, int]]], bool]
    _excluded_for_age: Callable[[str], bool]

    # --- dosing ------------------------------------------------------------------
    def _check_dosing(self, ctx: RailContext) -> None:
        p = ctx.profile
        max_dose = p.max_dose_mg
        dose_spans = self._spans(ctx, trials=False)
        for value, m in dose_amounts(ctx.text):
            if max_dose is not None and value > max_dose + 1e-9 and self._inside(m.start(), dose_spans):
                if ctx.kind == "question" and label_threshold(ctx.text, m, value, p.label_text):
                    continue  # "what monitoring at doses above 200 mg?": the label's own threshold
                if other_owner(ctx.text, m, p.names):
                    continue  # "cimetidine (800 mg)": another medicine's amount
                ctx.add(m.start(), m.end(), f"{m.group(0)} exceeds the highest labelled dose ({max_dose:g} mg).")
        per_kg = p.max_dose_per_kg
        for value, m in doses_per_kg(ctx.text) if per_kg is not None else []:
            if value > per_kg + 1e-9 and self._inside(m.start(), dose_spans):  # type: ignore[operator]
                ctx.add(m.start(), m.end(), f"{m.group(0)} exceeds the highest labelled dose ({per_kg:g} mg/kg).")
        self._check_pediatric_maximum(ctx, dose_spans)
        self.regimen.run(ctx.text, p, dose_spans, ctx.add)
        self._check_scoped(ctx, dose_spans)
        if p.frequencies and _DOSE_CONTEXT.search(ctx.text):
            schedule_spans = self._spans(ctx, trials=False)
            for key, m in frequencies(ctx.text):
                if key in p.frequencies or not describes_dose(ctx.text, m, p.names):
                    continue
                if self._inside(m.start(), schedule_spans):
                    ctx.add(m.start(), m.end(), f"“{m.group(0)}” dosing is not a labelled schedule.")
        if p.routes:
            for key, m in routes(ctx.text):
                named = re.match(r"\s+(?:" + "|".join(map(re.escape, p.names)) + r")\b", ctx.text[m.end() :], re.I)
                if key == "oral" and not (_ORAL_NOUN.match(ctx.text, m.start()) or named):
                    continue  # "oral" the adjective ("oral contraceptives", "oral candidiasis")
                if _OTHER_ROUTE_OBJECT.match(ctx.text, m.end()) or not self._inside(m.start(), dose_spans):
                    continue
                if self._route_of_other(ctx.text, m, p):
                    continue  # "insulin aspart given subcutaneously", "intravenous bolus dose of heparin"
                if _CONTRASTED.search(ctx.text[max(0, m.start() - 20) : m.start()]):
                    continue  # "into the spinal fluid rather than intravenously"
                end = next((b for a, b in sentence_spans(ctx.text) if a <= m.start() < b), len(ctx.text))
                if p.routes_inferred and CITED.search(ctx.text, m.start(), end + 8):
                    continue  # a route read from the dosage form only; a cited sentence restates the label
                if label_names_form(ctx.text, m, key, p.label_text):
                    continue  # "IV <ingredient> stress test": the label's own instruction on that form
                if key not in p.routes:
                    labelled = ", ".join(sorted(p.routes))
                    ctx.add(m.start(), m.end(), f"the {key} route is not in Dosage and Administration "
                            f"(this label is {labelled} only); a {key} form would be a different product "
                            "that this label does not cover.")  # fmt: skip
        self._check_duration(ctx)
        self._check_infusion_time(ctx)
        self._check_use_floor(ctx)

    def _check_use_floor(self, ctx: RailContext) -> None:
        """An age below the floor of the use the text names by the label's own words when the
        condition vocabulary names none (a rare disease known by its label abbreviation), on a
        label whose uses have different floors (see :func:`.population_floors.named_use_floor`)."""
        p = ctx.profile
        if self._indicated(ctx.text, p):
            return  # a recognised indication: the age check used its own entries
        entry = named_use_floor(ctx.text, p.indications, p.abbreviations, p.names)
        if entry is None or not entry.min_age_years:
            return
        spans = [s for s in self._spans(ctx, trials=False) if not self._excluded_for_age(ctx.text[s[0] : s[1]])]
        for age, start, end in text_ages(ctx.text, self.age_groups, bounds=False):
            if age < entry.min_age_years and self._inside(start, spans):
                ctx.add(start, end, f"the labelled population for this use is from {entry.min_age_years:g} years "
                        f"(“{entry.text[:200]}”).")  # fmt: skip

    def _check_scoped(self, ctx: RailContext, dose_spans: list[tuple[int, int]]) -> None:
        """Limits bound to one dosing subsection (a use's daily maximum, a population's per-kg
        maximum, see :mod:`.scoped_limits`) and co-medication the directions require
        (:mod:`.required_partners`)."""
        p = ctx.profile
        binds = scoped_binds(ctx.text, p.scoped_limits, p.abbreviations, lambda s: self._same_use(ctx, s))
        for a, b in dose_spans if p.scoped_limits else []:
            for start, end, message in beyond_scoped(ctx.text[a:b], p.scoped_limits, binds):
                ctx.add(a + start, a + end, message)
        titles = named_titles(ctx.text, {t for t, lim in p.scoped_limits if lim.kind == "per_weight"}, p.abbreviations)
        weighed = {**labelled_per_weight(p.label_text), **labelled_per_weight(p.usage_text)}
        for a, b in dose_spans if titles else []:
            for start, end, message in beyond_per_weight(ctx.text[a:b], p.scoped_limits, titles, weighed):
                ctx.add(a + start, a + end, message)
        for a, b in dose_spans:
            for at, first in skipped_lead_in(ctx.text[a:b], p.usage_text):
                ctx.add(a + max(at, 0), b, f"the label starts this regimen at {first} and steps up later.")
        alone = allows_alone(p.usage_text) if p.requirements else False
        dropped = dropped_partners(
            ctx.text, dose_spans, p.requirements, alone, p.abbreviations, lambda s: self._same_use(ctx, s)
        )
        for start, end, message in dropped:
            ctx.add(start, end, message)

    def _route_of_other(self, text: str, m: re.Match[str], profile: LabelProfile) -> bool:
        """The route belongs to another medicine: the medicine word nearest to it in its clause is
        another medicine, not the product ("intravenous bolus dose of heparin", "insulin aspart given
        subcutaneously"; but "give X subcutaneously instead of insulin": the contrast ends the phrase)."""
        names = {n.lower() for n in profile.names} | self.target.products
        end = next((b for a, b in sentence_spans(text) if a <= m.start() < b), len(text))
        after = _CONTRAST_WORD.split(re.split(r"[;:]", re.sub(r"\([^)]*\)", " ", text[m.end() : end]))[0])[0]
        sides = [tokenize(after)[:5], list(reversed(tokenize(re.split(r"[,;:()]", text[: m.start()])[-1])))[:6]]
        for i in range(6):
            for toks in sides:
                if i < len(toks) and toks[i].lower in names:
                    return False
                if i < len(toks) and self.target.is_agent(toks[i], profile):
                    return True
        return False

    def _check_pediatric_maximum(self, ctx: RailContext, spans: list[tuple[int, int]]) -> None:
        """A daily amount, or an amount per administration, above the label's maximum for children,
        for a child the text describes (an amount per day is compared with the daily maximum only)."""
        daily, per_dose = ctx.profile.pediatric_max_daily, ctx.profile.pediatric_max_dose
        if daily is None and per_dose is None:
            return
        if not any(age < ADULT_AGE for age, _, _ in text_ages(ctx.text, self.age_groups, bounds=False)):
            return
        per_day = daily_amounts(ctx.text)
        found = [(daily, value, m) for value, m in per_day] if daily else []
        days = {m.start() for _, m in per_day}
        if per_dose:
            found += [(per_dose, value, m) for value, m in dose_amounts(ctx.text) if m.start() not in days]
        for (limit, quote), value, m in found:
            if value > limit + 1e-9 and self._inside(m.start(), spans):
                ctx.add(m.start(), m.end(), f"it exceeds the labelled maximum for children: “{quote.strip(' •')}”")

    def _check_infusion_time(self, ctx: RailContext) -> None:
        """An infusion given faster than the label's shortest infusion time ("pushed over 10 to 15
        minutes" where the label infuses over 60 minutes)."""
        shortest = ctx.profile.infusion_minutes
        if shortest is None:
            return
        spans = self._spans(ctx, trials=False)
        for _, longest, a, b in infusion_spans(ctx.text):
            if longest < shortest and self._inside(a, spans):
                ctx.add(a, b, f"the label gives the infusion over no less than {shortest:.0f} minutes.")

    def _check_label_limits(self, ctx: RailContext) -> None:
        """A kidney-function value the label forbids, or an administration method it forbids."""
        spans = [(a, b) for a, b in self._spans(ctx) if proposes(ctx.text[a:b])]
        for value, a, b in kidney_values(ctx.text):
            if not self._inside(a, spans):
                continue
            limits = forbidden_values(ctx.profile.kidney_limits, value, ctx.text)
            limit = next((k for k in limits if self._same_use(ctx, k.sentence)), None)
            if limit is not None:
                ctx.add(a, b, f"the label says: “{limit.sentence.strip(' •')}”")
        for key, a, b in methods(ctx.text):
            quote = ctx.profile.forbidden_methods.get(key)
            if quote is None or not self._inside(a, spans):
                continue
            if handles_form(ctx.text, a, key, quote, ctx.profile.names):
                ctx.add(a, b, f"the label says: “{quote.strip(' •')}”")

    def _indicated(self, text: str, profile: LabelProfile) -> set[int]:
        return {i for m in self.matcher.mentions(text) for i in self.matcher.coverage(m.text, profile).indications}

    def _same_use(self, ctx: RailContext, sentence: str) -> bool:
        """A limit stated for one indication ("not recommended in patients with rheumatoid arthritis
        and severe renal impairment") binds a text about that indication or about none; a text
        about another indication (for which the label doses at that kidney function) is not bound."""
        limited = self._indicated(sentence, ctx.profile)
        named = self._indicated(ctx.text, ctx.profile) if limited else set()
        return not limited or not named or bool(limited & named)

    def _check_duration(self, ctx: RailContext) -> None:
        """A duration beyond a labelled limit; a limit stated for one indication applies to it only."""
        mentions = [m.text for m in self.matcher.mentions(ctx.text)]
        spans = self._spans(ctx, trials=False)
        named = amounts(ctx.text)
        limits = [(v, s, False) for v, s in ctx.profile.duration_limits]
        limits += [(v, s, True) for v, s in ctx.profile.course_limits]
        for limit, sentence, course in limits:
            strengths = amounts(sentence)
            limit_conditions = self.matcher.mentions(sentence)
            # "continue 10 mg twice daily ... for a maximum of 16 weeks" binds that dose only; a use's
            # whole recommended course ("in COVID-19: ... 4 mg ... for 14 days") also binds a text about
            # that use naming no dose (the condition test below keeps it to that use)
            whole_course = not named and bool(limit_conditions) and bool(_RECOMMENDED.search(sentence))
            if strengths and not strengths & named and not (course and not named) and not whole_course:
                continue
            text_stems = frozenset(stems(ctx.text))
            if limit_conditions and not (
                any(self.matcher.covers(m, frozenset(stems(sentence)), sentence) for m in mentions)
                or any(
                    self.matcher.covers(c.text, text_stems, ctx.text)
                    and self.matcher.coverage(c.text, ctx.profile).indications
                    for c in limit_conditions
                )
            ):
                continue  # "HER2-positive breast cancer" falls under a limit stated for "Breast Cancer"
            settings = {w.lower() for w in _SETTING.findall(sentence)}
            if settings and not settings & {w.lower() for w in _SETTING.findall(ctx.text)}:
                continue  # "Adjuvant treatment is limited to 3 years" says nothing about metastatic use
            for months, start, end in durations(ctx.text):
                if _ELAPSED.match(ctx.text, start) and _OF_TREATMENT.match(ctx.text, end):
                    continue  # "still symptomatic after 4 weeks of 20 mg": treatment already given
                if months > limit and self._inside(start, spans):
                    span = f"{limit * 30.4:.0f} days" if limit < 1 else f"{limit:.3g} months"
                    ctx.add(start, end, f"it exceeds the labelled duration of {span} (“{sentence}”).")
