"""Adverse-event rail: a question that reports something that happened to a real person on a product.

Pharmacovigilance needs every such report within one business day, so the
question is answered but carries the reporting notice. The signal is a
narrative: a specific person (singular subject: "a patient", "my patient's",
"a 54-year-old", "Mrs. K", "I") + an event verb in the past ("developed",
"dropped", "was hospitalised") + exposure to the product ("on adalimumab",
"three months into", "after the second injection", or the product named in the
sentence). Generic safety questions ("How often does ILD occur?") and
hypotheticals ("if a patient develops ...", "in trials ...") lack the narrative.
"""

from __future__ import annotations

import re

from assistant.guardrails.policy import AdverseEventPolicy, compile_ci
from assistant.guardrails.text import sentence_spans
from assistant.types import GuardrailFinding


class AdverseEventRule:
    def __init__(self, policy: AdverseEventPolicy, product_names: set[str]) -> None:
        self.policy = policy
        self.subject = compile_ci(policy.subject_pattern)
        self.event = compile_ci(policy.event_pattern)
        self.exposure = compile_ci(policy.exposure_pattern)
        self.hypothetical = compile_ci(policy.hypothetical_pattern)
        self.not_event = compile_ci(policy.not_event_pattern)
        names = sorted((re.escape(n) for n in product_names if n), key=len, reverse=True)
        self.product = re.compile(r"\b(?:" + "|".join(names) + r")\b", re.I) if names else None

    def _exposed(self, sentence: str, text: str) -> bool:
        if self.exposure.search(sentence):
            return True
        return bool(self.product and (self.product.search(sentence) or self.product.search(text)))

    def _event_after(self, sentence: str, subject: re.Match[str]) -> re.Match[str] | None:
        window_end = subject.end() + self.policy.max_gap_chars
        for event in self.event.finditer(sentence, subject.end(), min(len(sentence), window_end)):
            if not self.not_event.search(sentence[event.end() :]):
                return event
        return None

    def scan(self, text: str) -> list[GuardrailFinding]:
        for a, b in sentence_spans(text):
            sentence = text[a:b]
            for subject in self.subject.finditer(sentence):
                if self.hypothetical.search(sentence[: subject.start()]):
                    continue
                event = self._event_after(sentence, subject)
                if event is None or not self._exposed(sentence, text):
                    continue
                start, end = a + subject.start(), a + event.end()
                return [
                    GuardrailFinding(
                        rule="adverse_event",
                        span=text[start:end],
                        start=start,
                        end=end,
                        message="Possible adverse event report: the text describes an event in an identifiable "
                        "person exposed to the product; it must be forwarded to Drug Safety within one "
                        "business day.",
                        decision="allow_with_notice",
                    )
                ]
        return []
