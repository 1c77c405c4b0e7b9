"""Promotional rail: claims and requests an MSL may not make or produce.

A word list alone over-fires on scientific prose ("superior PFS, HR 0.46"), so
each sentence is scored: every policy pattern that matches adds its weight once;
comparative patterns are discounted when the sentence carries data (percentages,
HR/CI/p-values, a citation marker); claims inside an interrogative sentence are
discounted too (asking "is it a cure?" is not claiming it). A sentence whose
score reaches the policy threshold is promotional and blocked; requests to write
promotional material carry enough weight to block on their own.
"""

from __future__ import annotations

from assistant.guardrails.policy import PromotionalPolicy, compile_ci
from assistant.guardrails.text import sentence_spans
from assistant.types import GuardrailFinding, TextKind

_EXPLANATIONS = {
    "promo_request": "a request to produce promotional material (slogans, ad copy, sales pitches)",
    "persuade_prescribers": "a request to persuade prescribers, which is a promotional activity",
    "sales_goal": "a sales objective, which medical affairs content may not serve",
    "superlative": "an unqualified superlative claim",
    "hype": "hyperbolic language not supported by labeling",
    "cure_claim": "a cure/permanent-benefit claim not supported by labeling",
    "absolute_claim": "an absolute efficacy claim (guaranteed, always works)",
    "certainty": "an overstated certainty without supporting data",
    "minimised_risk": "a claim that minimises or omits risk (no fair balance)",
    "absolute_comparative": "a comparative claim against all alternatives without head-to-head evidence",
    "comparative_claim": "a comparative claim without supporting data",
    "exclusivity": "a claim that excludes alternatives",
    "call_to_action": "a call to action aimed at prescribers or patients",
    "emotional_appeal": "an emotional or lifestyle appeal",
    "disparaging": "disparagement of competing products",
}


class PromotionalRule:
    def __init__(self, policy: PromotionalPolicy) -> None:
        self.policy = policy
        self.evidence = compile_ci(policy.evidence_pattern)

    def sentence_score(self, sentence: str) -> tuple[float, list[tuple[str, int, int]]]:
        """Score of one sentence and the (pattern name, start, end) hits behind it."""
        has_data = bool(self.evidence.search(sentence))
        interrogative = sentence.rstrip().endswith("?")
        score = 0.0
        hits: list[tuple[str, int, int]] = []
        for pattern in self.policy.patterns:
            m = pattern.regex.search(sentence)
            if not m:
                continue
            weight = pattern.weight
            if pattern.comparative and has_data:
                weight *= 1 - self.policy.data_discount
            if interrogative and not pattern.request:
                weight *= self.policy.question_factor
            score += weight
            hits.append((pattern.name, m.start(), m.end()))
        return score, hits

    def scan(self, text: str, kind: TextKind) -> list[GuardrailFinding]:
        findings: list[GuardrailFinding] = []
        for a, b in sentence_spans(text):
            score, hits = self.sentence_score(text[a:b])
            if score < self.policy.threshold:
                continue
            for name, start, end in hits:
                reason = _EXPLANATIONS.get(name, f"promotional language ({name})")
                findings.append(
                    GuardrailFinding(
                        rule="promotional",
                        span=text[a + start : a + end],
                        start=a + start,
                        end=a + end,
                        message=f"Promotional content: {reason} (sentence score {score:.1f} ≥ "
                        f"{self.policy.threshold:g}); scientific exchange must be balanced and consistent "
                        "with the approved labeling.",
                        decision="block",
                    )
                )
        return findings
