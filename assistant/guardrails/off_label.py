"""Off-label rail: is the use described in the text inside the product's approved label?

Checks, each against the product's :class:`LabelProfile` (never a hard-coded list):
condition/indication, explicit "not indicated" limitations, population (age
below the labelled one, conflicting populations such as postmenopausal vs
premenopausal, patients *without* the labelled condition), dose above the
labelled maximum, dosing frequency and route absent from Dosage and
Administration, duration beyond a labelled limit, line of therapy (first-line
where the label requires prior therapy) and combination partners the label never
mentions. Without a profile only lexical cues ("off-label", "not approved for")
apply. A question gets ``allow_with_notice`` (an unsolicited request may be
answered by Medical Information); an answer that presents the use is blocked.

The checks live in mixins, one module per family: conditions (:mod:`.condition_checks`),
populations (:mod:`.population_checks`), biomarker status (:mod:`.marker_checks`), measured
windows (:mod:`.measure_checks`) and dosing (:mod:`.dosing_checks`); this class composes them and
keeps the sentence selection they share and the setting, purpose, forbidden-use and combination checks.
"""

from __future__ import annotations

import re

from assistant.guardrails.boundaries import asks_which_side
from assistant.guardrails.combination import _RESTRICTIVE, CombinationJudge
from assistant.guardrails.condition_checks import ConditionChecks
from assistant.guardrails.conditions import STOPWORDS, ConditionMatcher
from assistant.guardrails.contraindications import (
    asks_label_about,
    dose_requests,
    forbidden_uses,
    names_exclusion,
)
from assistant.guardrails.denials import restricts
from assistant.guardrails.dosing_checks import DosingChecks
from assistant.guardrails.exclusion_checks import excluded_uses
from assistant.guardrails.label_profile import LabelProfile
from assistant.guardrails.marker_checks import MarkerChecks
from assistant.guardrails.measure_checks import MeasureChecks
from assistant.guardrails.negations import uncontracted
from assistant.guardrails.patient_context import describes_patient
from assistant.guardrails.policy import OffLabelPolicy, compile_ci
from assistant.guardrails.population_checks import PopulationChecks
from assistant.guardrails.rail_context import REPRODUCTIVE, TRIAL, RailContext
from assistant.guardrails.regimen import RegimenChecks
from assistant.guardrails.roles import role_conflicts
from assistant.guardrails.targets import UseTarget
from assistant.guardrails.text import sentence_spans, tokenize
from assistant.guardrails.use_context import UseContext
from assistant.types import Decision, GuardrailFinding, TextKind

_COMBINATION = re.compile(
    r"\b(?:in combination with|combined with|plus|added to|add(?:ed)?[- ]on to|together with|alongside|"
    r"concomitant(?:ly)? with|with concomitant|co-?administered with|stacked with|on top of)\s+((?:[\w-]+\s*){1,3})",
    re.I,
)
_THERAPY_SETTING = re.compile(
    r"\b(neo-?adjuvant|adjuvant|perioperative|consolidation|salvage|maintenance|induction|bridging)(?:ly)?\b", re.I
)
_DEIXIS = re.compile(
    r"\b(?:this|the) (?:[\w'’-]+ ){0,2}?(?:product|medicines?|medications?|drugs?|syrups?|tablets?|pills?|capsules?|"
    r"injections?|pens?|infusions?|treatment)\b",
    re.I,
)
_QUANTITY_OF = re.compile(r"\s+of\s+(?:about\s+|up to\s+|at least\s+)?\d", re.I)
"""A noun followed by "of <number>" ("a total of 10 days", "a period of 6 months") names a quantity."""


class OffLabelRule(ConditionChecks, PopulationChecks, MarkerChecks, MeasureChecks, DosingChecks):
    """Off-label detection for one policy; profiles are passed per call."""

    def __init__(self, policy: OffLabelPolicy, product_names: set[str]) -> None:
        self.policy = policy
        self.matcher = ConditionMatcher(policy, product_names)
        self.context = UseContext(policy, product_names)
        self.target = UseTarget(policy, product_names)
        self.combination = CombinationJudge(policy)
        self.purposes = [(name, compile_ci(rx)) for name, rx in policy.purpose_claims.items()]
        self.regimen = RegimenChecks(self.matcher, lambda text, profile: bool(self.combination.partners(text, profile)))
        self.restrictive = _RESTRICTIVE
        self.cues = [compile_ci(p) for p in policy.lexical_cues]
        self.first_line = [compile_ci(p) for p in policy.first_line_cues]
        self.safety = set(policy.safety_cues)
        self.negative = [compile_ci(p) for p in policy.negative_label_cues]
        self.safety_framing = compile_ci(policy.safety_framing)
        self.populations = [(p.name, compile_ci(p.text), compile_ci(p.conflicts_with)) for p in policy.populations]
        self.age_groups = [(name, compile_ci(rx)) for name, rx in policy.pediatric_terms.items()]

    def scan(self, text: str, kind: TextKind, profile: LabelProfile | None) -> list[GuardrailFinding]:
        decision: Decision = "block" if kind == "answer" else "allow_with_notice"
        findings = [
            GuardrailFinding(
                rule="off_label", span=m.group(0), start=m.start(), end=m.end(), decision=decision,
                message="The text explicitly refers to an unapproved (off-label) use of the product.",
            )
            for rx in self.cues for m in rx.finditer(text)
            if not (kind == "answer" and m.group(0).lower().startswith("not"))  # "not approved for": no claim
        ]  # fmt: skip
        if profile is None:
            return findings
        lexical = len(findings)
        ctx = RailContext(text, kind, profile, findings)
        relevant = self._check_conditions(ctx)
        entries = self._relevant_entries(ctx, relevant) or profile.indications
        self._check_age(ctx, entries, named=bool(relevant))
        self._check_populations(ctx, entries)
        self._check_biomarkers(ctx, profile.indications)
        self._check_qualifiers(ctx, entries)
        self._check_prior_therapy(ctx, entries)
        self._check_partner_required(ctx, entries)  # unnamed condition: every indication must require one
        self._check_required_risk(ctx, entries)
        self._check_scope(ctx, entries, named=bool(relevant))
        self._check_aim(ctx, entries)
        self._check_measures(ctx, entries)
        self._check_dosing(ctx)
        self._check_purposes(ctx)
        if kind == "question":  # a question naming an excluded population asks about the restriction
            excused = [
                names_exclusion(text, f.start or 0, f.span, profile.forbidden)
                or asks_label_about(text, f.start or 0, f.span, profile.forbidden)
                or asks_which_side(text, f.start or 0, f.end or 0, profile)
                for f in ctx.findings[lexical:]
            ]
            ctx.findings[lexical:] = [f for f, e in zip(ctx.findings[lexical:], excused, strict=True) if not e]
        self._check_label_limits(ctx)
        self._check_forbidden(ctx)
        self._check_settings(ctx)
        self._check_combination(ctx)
        self._check_roles(ctx)
        for start, end, why in excluded_uses(ctx.text, kind, profile):  # the label's excluded sets
            ctx.add(start, end, why)
        return ctx.findings

    def _check_roles(self, ctx: RailContext) -> None:
        """A timing or partner role the label does not give the product (see :mod:`.roles`)."""
        profile, spans = ctx.profile, self._spans(ctx, trials=False)
        for start, end, why in role_conflicts(ctx.text, spans, profile.usage_text, profile.label_text, profile.names):
            ctx.add(start, end, why)

    def _spans(self, ctx: RailContext, *, trials: bool = True, reproductive: bool = True) -> list[tuple[int, int]]:
        """Sentences a population/dosing check applies to: not limitation statements ("not
        recommended", "do not inject IV"), optionally not trial descriptions or pregnancy/lactation
        text, and in answers (or multi-sentence questions) only sentences that name the product."""
        spans = sentence_spans(ctx.text)
        names = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in ctx.profile.names) + r")(?!\w)", re.I)
        need_product = ctx.kind == "answer" or len(spans) > 1
        out = []
        for a, b in spans:
            sentence = ctx.text[a:b]
            if any(rx.search(uncontracted(sentence)) for rx in self.negative) or restricts(sentence):
                continue
            if (not trials and TRIAL.search(sentence)) or (not reproductive and REPRODUCTIVE.search(sentence)):
                continue
            if (
                need_product
                and not names.search(sentence)
                and not describes_patient(ctx.kind, sentence)
                and not (len(spans) == 1 and _DEIXIS.search(sentence))
            ):
                continue  # a one-sentence answer may name the product as "this syrup", "the tablets"
            out.append((a, b))
        return out

    def _check_purposes(self, ctx: RailContext) -> None:
        """Non-disease purposes ("as a contraceptive", "for weight loss") are uses too: flagged
        when no indication sentence names the purpose."""
        spans = self._spans(ctx)
        for name, rx in self.purposes:
            for m in rx.finditer(ctx.text):
                if not self._inside(m.start(), spans):
                    continue
                if not any(self.matcher.covers(name, e.stems, e.text) for e in ctx.profile.indications):
                    ctx.add(m.start(), m.end(), f"{name} is not an indication in Indications and Usage.")
        for mention in self.matcher.stated_purposes(ctx.text, ctx.profile):
            if _QUANTITY_OF.match(ctx.text, mention.end):
                continue  # "for a total of 10 days": a quantity, not a purpose
            if self._inside(mention.start, spans) and not self._negated_sentence(ctx.text, mention):
                ctx.add(mention.start, mention.end, f"“{mention.text}” is not described by any indication.")

    @staticmethod
    def _check_forbidden(ctx: RailContext) -> None:
        """An answer presenting a contraindicated condition, an excluded population or a forbidden
        site as acceptable; a question only asks, and is what an MSL should answer, unless it asks
        for the dose to give there as if the use were approved."""
        if not ctx.profile.forbidden:
            return
        if ctx.kind == "question":
            for start, end, item in dose_requests(ctx.text, ctx.profile.forbidden):
                ctx.add(start, end, f"the label says: {item.sentence[:160]}")
            return
        names = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in ctx.profile.names) + r")(?!\w)", re.I)
        for start, end, item in forbidden_uses(ctx.text, ctx.profile.forbidden, names):
            what = _FORBIDDEN_WHAT[item.kind]
            ctx.add(start, end, f"the label says the product {what} this: {item.sentence[:160]}")

    def _check_settings(self, ctx: RailContext) -> None:
        """A treatment setting the label never mentions ("neoadjuvant", "perioperative")."""
        label = ctx.profile.label_text.lower()
        spans = self._spans(ctx, trials=False)
        for m in _THERAPY_SETTING.finditer(ctx.text):
            if m.group(1).lower() not in label and self._inside(m.start(), spans):  # "perioperatively" too
                ctx.add(m.start(), m.end(), f"the {m.group(1).lower()} setting is not in the label.")

    def _check_combination(self, ctx: RailContext) -> None:
        """Partners named as drugs or classes are judged by the label's wording about them or their
        class (see :mod:`.combination`); any other partner word the label never uses is undescribed."""
        allowed = self._spans(ctx, trials=False)
        stated = [(a, b) for a, b in sentence_spans(ctx.text) if self.restrictive.search(ctx.text[a:b])]
        known: list[tuple[int, int]] = []
        for partner in self.combination.partners(ctx.text, ctx.profile):
            known.append((partner.start, partner.end))
            if not self._inside(partner.start, allowed) or self._inside(partner.start, stated):
                continue
            verdict, quote = self.combination.judge(ctx.profile, partner)
            if verdict == "restricted":
                ctx.add(partner.start, partner.end, f"the label restricts combination with {partner.term}: “{quote}”.")
            elif verdict == "undescribed":
                kind = f" ({', '.join(partner.classes)})" if partner.classes else ""
                ctx.add(partner.start, partner.end,
                        f"combination with {partner.term}{kind} is not described in the label.")  # fmt: skip
        label = _plain(ctx.profile.label_text)
        for m in _COMBINATION.finditer(ctx.text):
            if not self._inside(m.start(), allowed) or any(a <= m.end(1) and m.start(1) <= b for a, b in known):
                continue
            words = [
                t for t in tokenize(m.group(1))
                if not self.matcher.is_head(t) and t.lower not in self.matcher.product_names
                and len(t.text) > 3 and t.lower not in _FILLER and t.norm not in self.matcher.generic
                and t.lower not in STOPWORDS
            ][:1]  # fmt: skip
            if words and _plain(words[0].text) not in label:  # "long-acting" is the label's "long acting"
                ctx.add(m.start(), m.start() + len(m.group(0).rstrip()),
                        f"combination with {words[0].text} is not described in the label.")  # fmt: skip


def _plain(text: str) -> str:
    """Lower case with hyphens and dashes as spaces: labels and texts hyphenate compounds differently."""
    return re.sub(r"[-‐‑–—]", " ", text.lower())


_FORBIDDEN_WHAT = {
    "condition": "is contraindicated in",
    "excluded": "is not recommended in",
    "site": "must not be applied to",
}
_FILLER = frozenset(
    ["other", "another", "standard", "usual", "their", "your", "high", "dose", "doses", "low", "daily", "weekly",
     "oral", "agents", "agent", "drug", "drugs", "therapy", "therapies", "treatment"]
)  # fmt: skip
