"""Population checks of the off-label rail: age, sex, conflicting populations, prior therapy and
indication scope (age band, body weight, care setting), each against the label's profile.

A mixin of :class:`~assistant.guardrails.off_label.OffLabelRule` (it uses the rule's sentence
spans and policy patterns), kept apart so that each module stays readable. Biomarker status
(:mod:`.marker_checks`) and measured windows (:mod:`.measure_checks`) have mixins of their own; the
per-text context that collects findings is :mod:`.rail_context` (its names are re-exported here for
the modules and scripts that import them from this one).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.guardrails.ages import adult_words, text_ages
from assistant.guardrails.aims import aim_conflicts
from assistant.guardrails.conditions import ConditionMatcher
from assistant.guardrails.label_profile import IndicationEntry, routes
from assistant.guardrails.marker_checks import required_markers, states_marker_status
from assistant.guardrails.populations import ADULT_AGE, sex_mentions
from assistant.guardrails.qualifiers import contrary_qualifiers, narrowed
from assistant.guardrails.rail_context import REPRODUCTIVE, TRIAL, RailContext
from assistant.guardrails.scope import outside_scope, person_facts
from assistant.guardrails.text import sentence_spans
from assistant.guardrails.therapy_lines import line_conflicts

__all__ = ["REPRODUCTIVE", "TRIAL", "PopulationChecks", "RailContext", "required_markers", "states_marker_status"]

_USE_OR_DOSE = re.compile(
    r"\b(?:give|given|giving|gave|dose[ds]?|dosing|dosage|take|taken|taking|use|used|using|treat\w*|indicated|"
    r"approved|prescrib\w*|administer\w*|start\w*|initiat\w*|recommended|appropriate|suitable|safe|mg|mL|"
    r"tablets?|capsules?|teaspoons?\w*|apply|applied|inject\w*|infus\w*)\b",
    re.I,
)
"""An answer sentence that does not name the product proposes a use for an age group only with a use
or dosing word: "no adverse effects in infants were noted", "accidental ingestion by children" do not."""
_PARTNER = re.compile(
    r"\bin combination with ([\w-]+)"
    r"|\badjunct to (?:[\w-]+ ){0,5}?other ([\w-]+)(?: [\w()/-]+){0,5}? "
    r"(?:therapies|treatments|drugs|agents|medications)\b",
    re.I,
)
"""A partner the use requires: "in combination with methotrexate", or another drug the product is an
adjunct to ("as an adjunct to diet and exercise and other LDL-C lowering therapies"); an adjunct to
diet and exercise alone requires no other drug."""
_AT_RISK = re.compile(r"\bat (?:high|increased|significantly increased) risk (?:of|for) [^.;,]{3,80}", re.I)
_DENIED_RISK = re.compile(r"\b(?:no|not at|without|low)\s+(?:[\w-]+\s+){0,3}?(?:risk(?: factors?)?|history)\b", re.I)
"""'no GI risk factors', 'no ulcer history', 'low risk': the patient lacks the risk the use requires."""
_ALONE = re.compile(r"\b(?:monotherapy|as a single agent|alone|on its own|by itself)\b", re.I)
_PARTNER_OPTIONAL = re.compile(r"\b(?:unavailable|not available)\b", re.I)
"""'... an adjunct to other lipid-lowering treatments (e.g., LDL apheresis) or if such treatments are
unavailable': the label allows the product without the partner."""
_WITHOUT = re.compile(r"\b(?:without|instead of|no)\s+(?:concomitant\s+|background\s+)?([\w-]+)", re.I)
"""A partner left out by name ("without methotrexate"); only the partner the label requires counts."""
_AGE_LIMIT_STATEMENT = re.compile(
    r"\bnot intended\b|\bcontraindicated\b|\bshould not be (?:used|given)\b|\bexclud\w*|\bwhy\b|\bother than\b|"
    r"\bexcept\b|\boccurred\b|\breported\b|\boverdos\w*|\breach of (?:small |young )?children\b|"
    r"\b(?:not|n't) (?:be )?(?:included|covered|allowed|used|given)\b"
    r"|\b(?:does|do|is|are)\b[^?]{0,40}\b(?:label|labeling|labelling|prescribing information)\b[^?]{0,30}?"
    r"\b(?:cover|covers|include|includes|mention|mentions|address|addresses|say|says)\b",
    re.I,
)
"""'Not intended for children under 3', 'contraindicated in infants', 'why are infants excluded',
'pediatric patients other than infants', 'occurred in a 2 year old child', 'does the label cover
pediatric patients?': the limit itself, stated or asked about, or a case report, not a use in that
age group."""

_STATES_USE = re.compile(r"\b(?:indicated|approved|authori[sz]ed)\b", re.I)
_MONITORING = re.compile(r"\b(?:interrupt\w*|discontinu\w*|withh[oe]ld\w*|laboratory values?|monitor\w*)\b", re.I)
_PREGNANCY = re.compile(r"pregnan|breast[- ]?(?:fe|milk)|lactat|\bmilk\b|fetal|fetus|trimester|mother|maternal", re.I)


def _implied_adult(entries: list[IndicationEntry], indications: list[IndicationEntry]) -> bool:
    """The relevant indications state a use without an age, while the label gives numeric pediatric
    ages to other indications of a different condition (pediatric Crohn's disease from 6 years, and
    rheumatoid arthritis with no age): the unqualified use is for adults. A pediatric indication of
    the same condition (ICD-10-CM code), or relevant sentences that state no use ("the benefit is
    most clearly seen in ..."), leave the age open."""
    pediatric = [e for e in indications if e.min_age_years is not None and 0 < e.min_age_years < ADULT_AGE]
    if not pediatric or not any(_STATES_USE.search(e.text) for e in entries):
        return False
    return not any(e.categories & p.categories for e in entries for p in pediatric)


class PopulationChecks:
    """Population checks; the rule provides spans, sentence tests and the policy patterns."""

    negative: list[re.Pattern[str]]
    first_line: list[re.Pattern[str]]
    populations: list[tuple[str, re.Pattern[str], re.Pattern[str]]]
    age_groups: list[tuple[str, re.Pattern[str]]]
    matcher: ConditionMatcher
    _spans: Callable[..., list[tuple[int, int]]]

    @staticmethod
    def _inside(start: int, spans: list[tuple[int, int]]) -> bool:
        return any(a <= start < b for a, b in spans)

    def _check_age(self, ctx: RailContext, entries: list[IndicationEntry], named: bool = False) -> None:
        """Ages below the youngest labelled age, or (children's directions) at or above the oldest dosed;
        a named condition whose indications state no age may be for adults only (:func:`_implied_adult`)."""
        limits = [e.min_age_years for e in entries if e.min_age_years is not None]
        if named and entries and not limits and _implied_adult(entries, ctx.profile.indications):
            limits = [ADULT_AGE]
        floor = ctx.profile.population.min_age_years
        oldest = ctx.profile.population.max_age_years
        youngest = max(min(limits) if limits else 0.0, floor or 0.0)
        checked = [s for s in sentence_spans(ctx.text) if not self._excluded_for_age(ctx.text[s[0] : s[1]])]
        if ctx.kind == "answer":
            with_product = self._spans(ctx)
            checked = [s for s in checked if s in with_product or _USE_OR_DOSE.search(ctx.text, s[0], s[1])]
        for age, start, end in text_ages(ctx.text, self.age_groups):
            if (limits or floor is not None) and age < youngest and self._inside(start, checked):
                labelled = "adults" if youngest >= 18 else f"patients {youngest:g} years of age and older"
                ctx.add(start, end, f"the labelled population for this use is {labelled}.")
        for key, m in routes(ctx.text) if ctx.profile.population.route_min_age else []:
            route_floor = ctx.profile.population.route_min_age.get(key)
            for age, start, end in self._scope_ages(ctx.text) if route_floor else []:
                if age < route_floor and self._inside(start, checked) and self._inside(m.start(), checked):  # type: ignore[operator]
                    ctx.add(start, end, f"the label has not established {key} use below {route_floor:g} years.")
        people = text_ages(ctx.text, self.age_groups, bounds=False) + adult_words(ctx.text)
        for age, start, end in people if oldest is not None else []:
            if age >= oldest and self._inside(start, checked):  # type: ignore[operator]
                ctx.add(start, end, f"the label's directions dose children under {oldest:g} years only.")

    @staticmethod
    def _sentence_of(text: str, pos: int) -> str:
        return next((text[a:b] for a, b in sentence_spans(text) if a <= pos < b), text)

    def _excluded_for_age(self, sentence: str) -> bool:
        """Trial descriptions, limitation statements and pregnancy/lactation text mention ages
        without proposing a use in that age group."""
        return bool(
            TRIAL.search(sentence)
            or REPRODUCTIVE.search(sentence)
            or _AGE_LIMIT_STATEMENT.search(sentence)
            or any(rx.search(sentence) for rx in self.negative)
        )

    def _not_the_patient(self, sentence: str) -> bool:
        """:meth:`_excluded_for_age` without the newborn wording ("an infant born at 34 weeks" is
        the patient of a neonatal label); a pregnancy's weeks or weights are still not, nor the
        values of a monitoring rule ("ANC less than 500 cells/mm3: discontinue")."""
        return bool(
            TRIAL.search(sentence)
            or _PREGNANCY.search(sentence)
            or _MONITORING.search(sentence)
            or _AGE_LIMIT_STATEMENT.search(sentence)
            or any(rx.search(sentence) for rx in self.negative)
        )

    def _check_populations(self, ctx: RailContext, entries: list[IndicationEntry]) -> None:
        spans = self._spans(ctx, trials=False)
        for start, end, sex, quote in sex_mentions(ctx.text, ctx.profile.population.excluded_sex):
            if self._inside(start, spans):
                ctx.add(start, end, f"{sex} are not in the labelled population (“{quote}”).")
        label = " ".join(e.text for e in entries)
        for name, text_rx, conflict_rx in self.populations:
            m = next(
                (
                    m
                    for m in text_rx.finditer(ctx.text)
                    if not self._excluded_for_age(self._sentence_of(ctx.text, m.start()))
                ),
                None,
            )
            if m and conflict_rx.search(label) and not text_rx.search(label):
                ctx.add(m.start(), m.end(), f"the label restricts use to {conflict_rx.search(label).group(0)} "  # type: ignore[union-attr]
                        f"patients; {name} patients are not in the labelled population.")  # fmt: skip

    def _relevant_entries(self, ctx: RailContext, relevant: set[int]) -> list[IndicationEntry]:
        """The indications of the named condition, minus those whose qualifier the text opposes."""
        named = [ctx.profile.indications[i] for i in sorted(relevant)]
        return narrowed(ctx.text, named, ctx.profile.indications, self.matcher.generic)

    def _check_qualifiers(self, ctx: RailContext, entries: list[IndicationEntry]) -> None:
        """The other side of a distinction the indications draw ("resectable" where the use is for
        unresectable disease, "heterozygous" where it is for homozygous), see :mod:`.qualifiers`."""
        spans = self._spans(ctx, trials=False)
        for start, end, labelled in contrary_qualifiers(ctx.text, entries, self.matcher.generic):
            if self._inside(start, spans):
                ctx.add(start, end, f"the labelled use is for {labelled}" + ("." if " " in labelled else " disease."))

    def _check_prior_therapy(self, ctx: RailContext, entries: list[IndicationEntry]) -> None:
        required = [e.prior_therapy for e in entries if e.min_age_years is not None]
        if not required or any(r is None for r in required):
            return
        for rx in self.first_line:
            m = rx.search(ctx.text)
            if m and not self._excluded_for_age(self._sentence_of(ctx.text, m.start())):
                ctx.add(m.start(), m.end(), f"the label requires prior therapy first ({required[0]}).")
                return

    def _check_partner_required(self, ctx: RailContext, entries: list[IndicationEntry]) -> None:
        """Every indication of the named condition is "in combination with" a partner and none
        allows use alone ("X, in combination with methotrexate, is indicated for ... RA"):
        the product alone ("monotherapy", "without methotrexate") is outside the labelled use."""
        partners = [_PARTNER.search(e.text) for e in entries]
        optional = any(_ALONE.search(e.text) or _PARTNER_OPTIONAL.search(e.text) for e in entries)
        if not entries or not all(partners) or optional:
            return
        needed = {(m.group(1) or m.group(2)).lower() for m in partners if m}
        for a, b in self._spans(ctx, trials=False):
            sentence = ctx.text[a:b]
            m = _ALONE.search(sentence) or next(
                (w for w in _WITHOUT.finditer(sentence) if w.group(1).lower() in needed), None
            )
            if m is not None and not re.match(r"\s+or\b", sentence[m.end() :]):  # "alone or with X?" asks which
                ctx.add(a + m.start(), a + m.end(), f"the label gives this use only “{partners[0].group(0)}”.")  # type: ignore[union-attr]
                return

    def _check_required_risk(self, ctx: RailContext, entries: list[IndicationEntry]) -> None:
        """Every relevant indication is for patients at high risk of something ("in patients at high
        risk of developing NSAID-induced gastric and duodenal ulcers"): a patient the text says has
        no such risk ("no ulcer history and no GI risk factors") is outside the labelled population."""
        risks = [_AT_RISK.search(e.text) for e in entries]
        if not entries or not all(risks):
            return
        for a, b in self._spans(ctx, trials=False):
            m = _DENIED_RISK.search(ctx.text[a:b])
            if m is not None:
                ctx.add(a + m.start(), a + m.end(), f"the labelled use is for patients “{risks[0].group(0)}”.")  # type: ignore[union-attr]
                return

    def _check_scope(self, ctx: RailContext, entries: list[IndicationEntry], named: bool) -> None:
        """The person the text describes (age, body weight, outpatient care) against the age band,
        weight band and care setting of the relevant indications (see :mod:`.scope`)."""
        checked = [s for s in self._spans(ctx, trials=False) if not self._excluded_for_age(ctx.text[s[0] : s[1]])]
        facts = person_facts(ctx.text, self._scope_ages(ctx.text), checked)
        quote = outside_scope(facts, [e.text for e in entries], named)
        if quote is not None:
            start, end = facts.spans[0]
            ctx.add(start, end, f"the labelled use is limited to “{quote}”.")

    def _check_aim(self, ctx: RailContext, entries: list[IndicationEntry]) -> None:
        """Treating what the label only prevents, or preventing what it only treats (:mod:`.aims`); a
        line of therapy the relevant indications do not give (:mod:`.therapy_lines`)."""
        spans = [s for s in self._spans(ctx, trials=False) if not self._excluded_for_age(ctx.text[s[0] : s[1]])]
        profile, generic = ctx.profile, self.matcher.generic
        for start, end, why in [
            *aim_conflicts(ctx.text, spans, entries, profile.indications, profile.usage_text, generic),
            *line_conflicts(ctx.text, spans, entries, profile.limitations),
        ]:
            ctx.add(start, end, why)

    def _scope_ages(self, text: str) -> list[tuple[float, int, int]]:
        """A person's stated age; without one, an age-group word that pins an age down ("a newborn",
        "a toddler"), never "child", which spans every pediatric band."""
        stated = text_ages(text, self.age_groups, bounds=False)
        return stated or [a for a in text_ages(text, [g for g in self.age_groups if g[0] != "child"]) if a[0] < 12]
