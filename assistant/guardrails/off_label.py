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
"""

from __future__ import annotations

import re

from assistant.guardrails.combination import _RESTRICTIVE, CombinationJudge
from assistant.guardrails.condition_names import reading
from assistant.guardrails.conditions import STOPWORDS, ConditionMatcher, Mention
from assistant.guardrails.contraindications import (
    asks_label,
    asks_label_about,
    dose_requests,
    forbidden_uses,
    names_exclusion,
)
from assistant.guardrails.denials import denies_use, restricts, states_contraindication
from assistant.guardrails.dosing_checks import CITED, DosingChecks
from assistant.guardrails.dosing_uses import directed_form
from assistant.guardrails.exclusion_checks import excluded_uses
from assistant.guardrails.label_profile import LabelProfile, expanded_stems
from assistant.guardrails.label_topics import directed
from assistant.guardrails.limitation_scope import limitation_binds
from assistant.guardrails.negations import uncontracted
from assistant.guardrails.patient_context import describes_patient
from assistant.guardrails.policy import OffLabelPolicy, compile_ci
from assistant.guardrails.population_checks import (
    REPRODUCTIVE,
    TRIAL,
    PopulationChecks,
    RailContext,
    states_marker_status,
)
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
_CLAIM = ("use", "for", "suitable")
_DEIXIS = re.compile(
    r"\b(?:this|the) (?:[\w'’-]+ ){0,2}?(?:product|medicines?|medications?|drugs?|syrups?|tablets?|pills?|capsules?|"
    r"injections?|pens?|infusions?|treatment)\b",
    re.I,
)
_LIST_GAP = re.compile(r"\s*(?:,|;)?\s*(?:(?:and|or)\s+)?")
_QUANTITY_OF = re.compile(r"\s+of\s+(?:about\s+|up to\s+|at least\s+)?\d", re.I)
"""A noun followed by "of <number>" ("a total of 10 days", "a period of 6 months") names a quantity."""
_SAFETY_COMPARISON = re.compile(r"\b(?:safe|safer|safest|safely|riskier|risky|tolerated|better tolerated)\b", re.I)
_FOR_PEOPLE_WITH = re.compile(
    r"\bfor (?:a |an |the )?(?:patients?|people|persons?|someone|adults?|children|men|women|those|individuals)"
    r"(?: \w+)?\s+(?:with|who have|who has|having)\s+(?:\w+\s+){0,2}$",
    re.I,
)
_ABSENT = re.compile(r"\b(?:without|no)\s+([^,;.]{3,80})", re.I)
_NEGATION = re.compile(
    r"\b(?:without|no|not have|do not have|don't have|free of)\s+(?:\w+\s+)?$|\bnot\s+$|\bnon-$", re.I
)


class OffLabelRule(PopulationChecks, DosingChecks):
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

    # --- condition ---------------------------------------------------------------
    def _safety_context(self, text: str, mention: Mention, in_label: bool) -> bool:
        """A condition named as a risk or event is not a use: 'risk of pancreatitis', 'developed TB',
        or a condition the label itself lists (e.g. among adverse reactions) in a safety-framed sentence."""
        a, b = next(((a, b) for a, b in sentence_spans(text) if a <= mention.start < b), (0, len(text)))
        before = [t.lower for t in tokenize(text[a : mention.start])][-self.policy.cue_window :]
        after = [t.lower for t in tokenize(text[mention.end : b])][:2]
        if self.safety.intersection(before) or self.safety.intersection(after):
            return True
        if in_label and CITED.search(text[a : b + 8]):
            return True  # a cited sentence quoting the label's own wording (e.g. a clinical study)
        return in_label and bool(self.safety_framing.search(text[a:b]))

    @staticmethod
    def _safety_population(text: str, mention: Mention) -> bool:
        """A safety question about people who have the condition: "safer ... for patients with X"."""
        a, b = next(((a, b) for a, b in sentence_spans(text) if a <= mention.start < b), (0, len(text)))
        before = text[a : mention.start]
        return bool(_SAFETY_COMPARISON.search(text[a:b]) and _FOR_PEOPLE_WITH.search(before))

    def _negated_sentence(self, text: str, mention: Mention) -> bool:
        """'X is not indicated for Y' states the limitation; it does not present the use."""
        a, b = next(((a, b) for a, b in sentence_spans(text) if a <= mention.start < b), (0, len(text)))
        sentence = text[a:b]
        return (
            any(rx.search(uncontracted(sentence)) for rx in self.negative)
            or denies_use(sentence)
            or states_contraindication(sentence, mention.start - a)
        )

    def _presented_as_use(self, ctx: RailContext, mention: Mention, in_label: bool, indicated: list[Mention]) -> bool:
        """Risk context, comorbidities, procedures, dosing populations and other medicines' uses
        are not uses of the product (see UseContext and UseTarget)."""
        text = ctx.text
        if self.context.is_procedure(text, mention) or self.context.is_comorbidity(text, mention, indicated):
            return False
        if self.target.treatment_outcome(mention, ctx.profile):
            return False  # "after methotrexate failure": therapy history
        if self.context.risk_after(text, mention) or self.target.other_agents_use(text, mention, ctx.profile):
            return False
        governor = self.context.governor(text, mention)
        if governor == "for" and self._safety_population(text, mention):
            governor = "suitable"  # "is X safer than Y for patients with heart disease?"
        if governor == "suitable":  # "ok for a man with kidney disease" unless it is "prediabetes"
            return self.target.variant_of_indication(mention, ctx.profile)
        if self.target.comorbidity(text, mention, indicated, governor is not None):
            return False
        if governor == "use" or (governor == "for" and not in_label):
            return True
        if governor == "risk" or (governor == "weak" and in_label):
            return False
        if governor is None and in_label and not self.context.use_after(text, mention):
            return False  # no use claim, and the label names it (an adverse reaction, a warning topic)
        if governor is None and ctx.kind == "question" and asks_label(text, mention.start):
            return False  # no use claim in a question asking what the label says: the patient's context
        return not self._safety_context(text, mention, in_label)

    def _check_conditions(self, ctx: RailContext) -> set[int]:
        relevant: set[int] = set()
        mentions = [
            m for m in self.matcher.mentions(ctx.text)
            if not self.matcher.is_generic(m.text) and not self._status_only(m, ctx.profile)
            and not self._negated_sentence(ctx.text, m)
        ]  # fmt: skip
        vocabulary = [
            m
            for m in self.matcher.vocabulary_mentions(ctx.text, mentions, ctx.profile.vocabulary)
            if not self._negated_sentence(ctx.text, m)
        ]
        mentions += vocabulary
        mentions += [
            m for m in self.matcher.abbreviated(ctx.text, self.matcher.short_forms(ctx.text, ctx.profile), mentions)
            if not self._negated_sentence(ctx.text, m)
            and (self.matcher.coverage(m.text, ctx.profile).indications or self.target.directly_claimed(ctx.text, m))
        ]  # fmt: skip
        mentions += [
            m for m in self.matcher.claimed_objects(ctx.text, ctx.profile.vocabulary)
            if not any(o.start < m.end and m.start < o.end for o in mentions)
            and not self._negated_sentence(ctx.text, m)
        ]  # fmt: skip
        coverage = [self.matcher.coverage(m.text, ctx.profile) for m in mentions]
        indicated = [m for m, cov in zip(mentions, coverage, strict=True) if cov.indications]
        listed = self._listed_risks(ctx.text, mentions)
        for mention, cov in zip(mentions, coverage, strict=True):
            if mention.start in listed:
                continue  # "adverse reactions ... were infections, nasopharyngitis and headache"
            if not cov.indications and cov.limitation is None:
                directed_hits = directed_form(self.matcher, mention.text, ctx.profile, self.policy.synonyms)
                if directed_hits:  # "non-valvular AF": the label's own directions name the form
                    relevant.update(directed_hits)
                    continue
            if cov.limitation is not None and (
                not cov.indications
                or limitation_binds(ctx.text, mention, ctx.profile, cov.limitation, cov.indications, self.negative)
            ):
                governor = self.context.governor(ctx.text, mention)
                if governor == "risk":
                    continue
                if ctx.profile.limitations[cov.limitation].elsewhere and governor not in ("use", "for"):
                    continue  # a denial from a warning binds a use claim, not a question about the warning
                if ctx.kind == "question" and asks_label(ctx.text, mention.start):
                    continue  # "what does the label say about using it in dementia?": asks for the limitation
                quote = ctx.profile.limitations[cov.limitation].text
                ctx.add(mention.start, mention.end, f"the label's limitations of use say: “{quote}”.")
            elif cov.indications:
                relevant.update(cov.indications)
                negated = _NEGATION.search(ctx.text[max(0, mention.start - 30) : mention.start])
                if negated and not self._labelled_absence(ctx.profile, mention, cov.indications):
                    ctx.add(mention.start, mention.end,
                            f"patients without {mention.text} are outside the labelled population.")  # fmt: skip
            elif mention in vocabulary and not self._vocabulary_claim(ctx.text, mention, cov.elsewhere):
                continue
            elif ctx.kind == "question" and directed(
                ctx.text, mention.start, mention.text, ctx.profile.dosing_topics, ctx.profile.names
            ):
                continue  # "acute pain ... on maintenance": the label's own directions for the situation
            elif self._presented_as_use(ctx, mention, cov.elsewhere, indicated):
                compared = self.matcher.closest_indication(mention.text, ctx.profile)  # explains, never decides
                closest = f" (closest labelled condition: “{compared.fragment}”)" if compared else ""
                why = f"“{mention.text}” is not among the indications in Indications and Usage{closest}."
                ctx.add(mention.start, mention.end, why)
        return relevant

    def _status_only(self, mention: Mention, profile: LabelProfile) -> bool:
        """'HER2-negative disease': a biomarker status (the biomarker rule's) of no named condition."""
        if not self.matcher.is_generic(reading(mention.text) or mention.text):
            return False
        return states_marker_status(mention.text, [e.text for e in profile.indications])

    def _labelled_absence(self, profile: LabelProfile, mention: Mention, hits: tuple[int, ...]) -> bool:
        """The indication itself is for patients without the condition ("in adult patients without
        clinically evident coronary heart disease, but with multiple risk factors"): naming its
        absence restates the labelled population."""
        for i in hits:
            for m in _ABSENT.finditer(profile.indications[i].text):
                if self.matcher.covers(mention.text, expanded_stems(m.group(1), self.policy.synonyms), m.group(1)):
                    return True
        return False

    def _listed_risks(self, text: str, mentions: list[Mention]) -> set[int]:
        """Starts of mentions coordinated after a risk-governed one ("reactions were infections,
        nasopharyngitis, diarrhea and headache"): the members of one list share its governor."""
        out: set[int] = set()
        previous: Mention | None = None
        for m in sorted(mentions, key=lambda m: m.start):
            if previous is not None and _LIST_GAP.fullmatch(text[previous.end : m.start]):
                risky = previous.start in out or self.context.governor(text, previous) == "risk"
                if risky:
                    out.add(m.start)
            previous = m
        return out

    def _vocabulary_claim(self, text: str, mention: Mention, in_label: bool) -> bool:
        """A vocabulary-only name counts when claimed as a use: for a condition unknown to the label
        any claim cue ("for", "suitable for"); for one the label discusses elsewhere (an adverse
        reaction such as nausea or delirium) only as the object of a use-claim phrase ("useful for",
        "works for", "used to treat"), never a bare "for" ("monitor for nausea") nor a use verb with
        another object ("used during pregnancy only if ...")."""
        governor = self.context.governor(text, mention)
        if not in_label:
            return governor in _CLAIM
        return governor in ("use", "for") and self.matcher.is_claim_object(text, mention)

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
