"""Condition checks of the off-label rail: is a condition the text names one of the product's
indications, a labelled limitation, or not a use at all (a risk, a comorbidity, a procedure,
another medicine's use, a negated or contraindicated mention)?

A mixin of :class:`~assistant.guardrails.off_label.OffLabelRule` like
:class:`~assistant.guardrails.population_checks.PopulationChecks` (it uses the rule's condition
matcher, use context, use target and policy patterns), kept apart so that each module stays readable.
"""

from __future__ import annotations

import re

from assistant.guardrails.condition_names import reading
from assistant.guardrails.conditions import ConditionMatcher, Mention
from assistant.guardrails.contraindications import asks_label
from assistant.guardrails.denials import denies_use, states_contraindication
from assistant.guardrails.dosing_checks import CITED
from assistant.guardrails.dosing_uses import directed_form
from assistant.guardrails.label_profile import LabelProfile, expanded_stems
from assistant.guardrails.label_topics import directed
from assistant.guardrails.limitation_scope import limitation_binds
from assistant.guardrails.marker_checks import states_marker_status
from assistant.guardrails.negations import uncontracted
from assistant.guardrails.policy import OffLabelPolicy
from assistant.guardrails.rail_context import RailContext
from assistant.guardrails.targets import UseTarget
from assistant.guardrails.text import sentence_spans, tokenize
from assistant.guardrails.use_context import UseContext

_CLAIM = ("use", "for", "suitable")
_LIST_GAP = re.compile(r"\s*(?:,|;)?\s*(?:(?:and|or)\s+)?")
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


class ConditionChecks:
    """Condition checks; the rule provides the matcher, use context and target and the policy patterns."""

    policy: OffLabelPolicy
    matcher: ConditionMatcher
    context: UseContext
    target: UseTarget
    negative: list[re.Pattern[str]]
    safety: set[str]
    safety_framing: re.Pattern[str]

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
