"""The per-text context of the off-label rail, which collects its findings, and the sentence
tests every check of the rail shares (trial descriptions, pregnancy and lactation text).

Kept below the rule's check mixins (:mod:`.population_checks`, :mod:`.dosing_checks`,
:mod:`.condition_checks`, ...) so that each can import it without importing the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.guardrails.label_profile import LabelProfile
from assistant.types import Decision, GuardrailFinding, TextKind

TRIAL = re.compile(
    r"\b(?:trials?|enrolled|re-?randomi[sz]ed|randomi[sz]ed|stud(?:y|ies|ied)|cohorts?|comparator|compared|surveillance|"
    r"dose-proportional(?:ly)?|AUC|Cmax|pharmacokinetics?|exposure|volunteers?|dose-(?:related|dependent)|"
    r"overdos(?:e|es|age|ed)|placebo|arms?|rats?|mice|rabbits?|monkeys?|dogs?|animals?)\b|\bN\s*=\s*\d",
    re.I,
)
REPRODUCTIVE = re.compile(
    r"breast[- ]?(?:fe|milk)|in utero|pregnan|lactat|\bmilk\b|\bnurs(?:ed|ing)\b|fetal|placenta|trimester|unborn|"
    r"\bneonatal (?:opioid )?withdrawal|\b(?:infants?|newborns?|neonates?) (?:exposed|born)\b|"
    r"\bfeed (?:your|the|their) bab|\byou and your baby\b",
    re.I,
)
"""Pregnancy, lactation and newborn text ("breastfeeding", "breast milk", "your unborn baby", "infants
exposed to X should be monitored"; not "breast cancer"): a baby named there is exposed, not treated."""


@dataclass
class RailContext:
    text: str
    kind: TextKind
    profile: LabelProfile
    findings: list[GuardrailFinding]

    @property
    def decision(self) -> Decision:
        return "block" if self.kind == "answer" else "allow_with_notice"

    def add(self, start: int, end: int, message: str) -> None:
        if any(f.start == start and f.end == end for f in self.findings):
            return
        verb = "presents" if self.kind == "answer" else "asks about"
        self.findings.append(
            GuardrailFinding(
                rule="off_label",
                span=self.text[start:end],
                start=start,
                end=end,
                message=f"The text {verb} a use outside the approved {self.profile.display} label: {message}",
                decision=self.decision,
            )
        )
