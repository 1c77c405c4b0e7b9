"""Is a condition named in a text presented as a USE of the product, or as risk context?

The off-label rail must flag "Adalimumab works well for cardiac sarcoidosis" but
not "do not coadminister with aliskiren in patients with diabetes",
"hypoglycemia occurred in patients with diabetes", "contraindicated in patients
with a history of angioedema" or "a dose adjustment in end-stage renal disease":
there the condition is a risk, a comorbidity or a dosing population, not the
thing being treated. The decision is lexical and explainable, like the rest of
the rail: the nearest cue word before the mention in its clause governs it
(words like "in", "with", "patients" are transparent), with policy lexicons for
use cues ("for", "treat", "used", "works"), risk cues ("contraindicated",
"occurred", "avoid", "monitor") and weak dosing cues ("dose adjustment",
"administration"). "for" after a risk word ("monitor for", "screen for") is risk
context.
"""

from __future__ import annotations

import re
from typing import Literal

from assistant.guardrails.conditions import Mention
from assistant.guardrails.policy import OffLabelPolicy, compile_ci
from assistant.guardrails.text import sentence_spans, tokenize
from assistant.guardrails.use_requests import topic_question

Governor = Literal["use", "for", "risk", "weak", "suitable"]
_PARENTHETICAL = re.compile(r"\([^()]*\)")
_WINDOW = 9
_SUITABLE = frozenset(["ok", "okay", "fine", "alright", "appropriate", "suitable", "safe", "dangerous", "risky"])


class UseContext:
    """Classifies the context of condition mentions with the policy's cue lexicons."""

    def __init__(self, policy: OffLabelPolicy, product_names: set[str]) -> None:
        self.use = {w.lower() for w in policy.use_claim_cues}
        self.risk = {w.lower() for w in policy.risk_context_cues}
        self.weak = {w.lower() for w in policy.weak_risk_cues}
        self.products = {n.lower() for n in product_names}
        self.transparent = {w.lower() for w in policy.context_transparent} | self.products
        self.links = {w.lower() for w in policy.comorbidity_links}
        self.subtypes = {w.lower() for w in policy.subtype_words}
        self.safety_after = {w.lower() for w in policy.safety_cues}
        self.claims_after = {
            "improves", "improved", "reduces", "reduced", "works", "worked", "treats", "helps", "helped",
            "benefits", "controls", "reverses", "slows", "prevents", "cures", "effective", "beneficial",
        }  # fmt: skip
        self.procedure_after = compile_ci(policy.procedure_after)
        self.generic = {w.lower() for w in policy.generic_modifiers}
        """'BPH symptoms', 'disease activity': a modifier after the name is no event ('pancreatitis occurred')."""

    @staticmethod
    def clause_before(text: str, pos: int) -> str:
        """The clause leading up to ``pos``: from its sentence start or last ';', with closed
        parentheticals removed ("Contraindicated: high risk (smokers, hypertension), pregnancy, X")."""
        a = next((a for a, b in sentence_spans(text) if a <= pos < b), 0)
        before = text[a:pos]
        while _PARENTHETICAL.search(before):
            before = _PARENTHETICAL.sub(" ", before)
        return before.rsplit(";", 1)[-1]

    def governor(self, text: str, mention: Mention) -> Governor | None:
        """The cue governing the mention: nearest use/risk/weak word before it in its clause.

        A bare "for" is its own, weaker use cue ("responders for dysmenorrhea" in a trial
        description); after a risk word ("monitor all patients for", "discontinue X for") it is risk.
        """
        toks = [t.lower for t in tokenize(self.clause_before(text, mention.start))][-_WINDOW:]
        for i in range(len(toks) - 1, -1, -1):
            word = toks[i]
            if word == "in" and i > 0 and toks[i - 1] in self.products:
                # "Entresto in pulmonary hypertension" is a use; "avoid VELOR in patients with X" is not
                return "risk" if self.risk.intersection(toks[max(0, i - 3) : i - 1]) else "use"
            if word == "for":
                previous = next((w for w in reversed(toks[:i]) if w not in self.transparent), "")
                if previous in self.risk:
                    return "risk"
                direct = not any(w in self.transparent for w in toks[i + 1 :])
                if not direct and previous in _SUITABLE:
                    return "suitable"  # "is Viagra ok for a man with kidney disease": a safety question
                if direct and previous in self.use:
                    return "use"  # "approved for BPH", "used for X": the condition itself is the target
                if previous in self.weak:
                    return "for" if direct else "weak"  # "a low dose for BPH" vs "a dose for patients with X"
                return "for"
            if word in self.risk:
                return "risk"
            if word in self.use:
                if i > 0 and toks[i - 1] == "before":
                    continue  # "ask a doctor before use if ...": a precaution heading, not a use claim
                return "use"
            if word in self.weak:
                return "weak"
        return "use" if self.topic_question(text, mention) else None

    def use_after(self, text: str, mention: Mention) -> bool:
        """'In patients with diabetes, VELOR improves glucose control': the claim follows the condition.
        In a question the condition may open it as the topic and the request come later: "eczema
        pt, would VELOR work?", "fever in a 4 yo, can parents use VELOR?" (see :meth:`topic_question`)."""
        end = next((b for a, b in sentence_spans(text) if a <= mention.start < b), len(text))
        after = [t.lower for t in tokenize(text[mention.end : end])]
        return bool(self.claims_after.intersection(after[:6])) or self.topic_question(text, mention)

    def topic_question(self, text: str, mention: Mention) -> bool:
        """The condition opens a question whose request is a use of the product (see :mod:`.use_requests`)."""
        return topic_question(text, mention.start, mention.end, self.products, self.use, self.risk)

    def risk_after(self, text: str, mention: Mention) -> bool:
        """'Pancreatitis occurred ...', 'hypoglycemia has been reported': the event comes after the name."""
        end = next((b for a, b in sentence_spans(text) if a <= mention.start < b), len(text))
        after = [t.lower for t in tokenize(text[mention.end : end]) if t.lower not in self.generic][:3]
        return bool(self.safety_after.intersection(after[:2]) or self.risk.intersection(after[:2]))

    def is_procedure(self, text: str, mention: Mention) -> bool:
        """'tumour resection', 'cancer screening': the condition word names a procedure or test.

        (``match`` at a position: the policy pattern must not start with ``^``.)"""
        return bool(self.procedure_after.match(text, mention.end))

    def is_comorbidity(self, text: str, mention: Mention, indicated: list[Mention]) -> bool:
        """A condition joined to a labelled indication's population: 'HF patients with diabetes',
        'patients with RA who have ILD', 'patients with heart failure and diabetes'."""
        if any(t.lower in self.subtypes for t in tokenize(mention.text)):
            return False  # "NSCLC with an EGFR exon 20 insertion": a subtype, judged as its own use
        sentence_start = next((a for a, b in sentence_spans(text) if a <= mention.start < b), 0)
        for other in indicated:
            if not (sentence_start <= other.start and other.end <= mention.start):
                continue
            between = [t.lower for t in tokenize(text[other.end : mention.start])]
            if not between or not all(w in self.transparent or w in self.links for w in between):
                continue
            before_other = [t.lower for t in tokenize(text[sentence_start : other.start])][-3:]
            population = any(w in ("with", "have", "has", "having") for w in before_other)
            links = [w for w in between if w in self.links and w != "and"]
            if links or ("and" in between and population):
                return True
        return False
