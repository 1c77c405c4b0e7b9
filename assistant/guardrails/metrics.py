"""Scoring guardrail cases (the ``dev_cases.jsonl`` format) for benchmarks and release gates.

A case is ``{"id", "kind", "product", "text", "expected", "rule"}``; ``expected``
is the decision and ``rule`` the rail that should produce it (null for allow).
A case is *caught* when the decision matches and, for non-allow cases, the
expected rule is among the findings.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Protocol

from assistant.types import GuardrailResult

DECISIONS = ("allow", "allow_with_notice", "block")


class _Checker(Protocol):
    def check(self, text: str, kind: Any = "question", product: str | None = None) -> GuardrailResult: ...


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def score_cases(engine: _Checker, cases: list[dict[str, Any]]) -> dict[str, Any]:
    """Accuracy, per-rule precision/recall, overall recall, false-positive rate, confusion, misses."""
    confusion: Counter[tuple[str, str]] = Counter()
    fired: Counter[str] = Counter()
    fired_correct: Counter[str] = Counter()
    expected_rules: Counter[str] = Counter()
    caught_rules: Counter[str] = Counter()
    correct = non_allow = non_allow_caught = allow = false_positives = 0
    misses: list[dict[str, Any]] = []
    for case in cases:
        result = engine.check(case["text"], kind=case.get("kind", "question"), product=case.get("product"))
        expected, rule = case["expected"], case.get("rule")
        rules = {f.rule for f in result.findings}
        confusion[(expected, result.decision)] += 1
        for r in rules:
            fired[r] += 1
            fired_correct[r] += r == rule
        decision_ok = result.decision == expected
        caught = decision_ok and (rule is None or rule in rules)
        correct += caught
        if expected == "allow":
            allow += 1
            false_positives += result.decision != "allow"
        else:
            non_allow += 1
            non_allow_caught += caught
        if rule:
            expected_rules[rule] += 1
            caught_rules[rule] += caught
        if not caught:
            misses.append({
                "id": case.get("id"), "text": case["text"], "expected": expected, "rule": rule,
                "got": result.decision, "findings": [f"{f.rule}: {f.span}" for f in result.findings],
            })  # fmt: skip
    all_rules = sorted(set(fired) | set(expected_rules))
    return {
        "n": len(cases),
        "accuracy": _ratio(correct, len(cases)),
        "recall": _ratio(non_allow_caught, non_allow),
        "false_positive_rate": _ratio(false_positives, allow),
        "per_rule": {
            r: {
                "precision": _ratio(fired_correct[r], fired[r]),
                "recall": _ratio(caught_rules[r], expected_rules[r]),
                "support": expected_rules[r],
            }
            for r in all_rules
        },
        "confusion": {e: {g: confusion[(e, g)] for g in DECISIONS} for e in DECISIONS},
        "misses": misses,
    }
