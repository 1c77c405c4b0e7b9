"""How the promotional classifier and the rules combine (issue 12, round 5).

Structural cues (a directive to prescribers, an absolute quantifier, a comparison without data, a
risk played down) count only where the classifier already leans towards a claim and never block on
their own; a sentence that joins a premise to a consequence is also read clause by clause. Stub
probabilities make each combination explicit; the last tests run the packaged heads on sentences
written for them (invented product names).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pytest

from assistant.config import Settings
from assistant.guardrails.adverse_event import AdverseEventRule
from assistant.guardrails.engine import GuardrailEngine
from assistant.guardrails.policy import load_policy
from assistant.guardrails.promotional import PromotionalRule

POLICY = load_policy(None).promotional


def _rule(p_of: Callable[[str], float]) -> PromotionalRule:
    def probabilities(sentences: Sequence[str]) -> np.ndarray:
        return np.array([p_of(s) for s in sentences])

    return PromotionalRule(POLICY, probabilities)


def _blocked(rule: PromotionalRule, text: str, kind: str = "answer") -> bool:
    return bool(rule.scan(text, kind))  # type: ignore[arg-type]


# No pattern of the policy fires on these; only the cues named in each comment.
WITH_CUES = "Your patients will do fine on Zorvexa."  # prescriber_directive ("your patients")
WITHOUT_CUES = "Patients do fine on Zorvexa."
# All four cues and no pattern: a directive, "simply", "more than the older drugs", "just routine".
CROWDED = (
    "Your patients should simply get Zorvexa, which helps more than the older drugs; liver checks are just routine."
)


def _p_short_of_threshold(by: float = 0.2) -> float:
    """The probability at which the learned feature alone falls ``by`` short of the threshold."""
    learned = POLICY.learned
    return learned.floor + (1 - learned.floor) * (POLICY.threshold - by) / learned.weight


def test_cues_lower_the_probability_the_classifier_needs() -> None:
    rule = _rule(lambda s: _p_short_of_threshold())
    assert rule.sentence_score(WITH_CUES)[0] == 0 and rule.sentence_score(WITHOUT_CUES)[0] == 0
    assert _blocked(rule, WITH_CUES)
    assert not _blocked(rule, WITHOUT_CUES)


def test_cues_do_not_count_where_the_classifier_does_not_lean_to_a_claim() -> None:
    rule = _rule(lambda s: POLICY.learned.cue_gate - 0.05)
    assert not _blocked(rule, CROWDED)


def test_cues_never_block_on_their_own() -> None:
    assert POLICY.learned.cue_cap < POLICY.threshold
    rule = _rule(lambda s: POLICY.learned.cue_gate)  # at the gate the classifier itself adds nothing
    assert rule.sentence_score(CROWDED)[0] == 0
    assert rule.cue_hits(CROWDED)[0] == POLICY.learned.cue_cap
    assert not _blocked(rule, CROWDED)


def test_cues_are_discounted_with_data_like_the_classifier() -> None:
    rule = _rule(lambda s: 0.8)
    assert not _blocked(rule, "Your patients had 12% fewer flares on Zorvexa [1].")


def test_a_consequence_clause_pulls_the_sentence_towards_its_claim() -> None:
    pitch = "you can hand it out without asking anyone first"
    text = f"Zorvexa is well studied in adults, so {pitch}."
    rule = _rule(lambda s: 0.99 if pitch in s and s != text else 0.5)
    assert rule.clauses(text) == ["Zorvexa is well studied in adults", f"so {pitch}."]
    assert rule.sentence_probabilities([text]) == [pytest.approx(0.745)]
    assert _rule(lambda s: 0.99 if pitch in s and s != text else 0.2).sentence_probabilities([text]) == [
        pytest.approx(0.595)
    ]


def test_a_neutral_clause_never_lowers_the_sentence() -> None:
    text = "Zorvexa is taken once a day; tablets are swallowed whole with water."
    rule = _rule(lambda s: 0.9 if s == text else 0.1)
    assert rule.sentence_probabilities([text]) == [pytest.approx(0.9)]


def test_short_fragments_are_not_read_alone() -> None:
    assert _rule(lambda s: 0.1).clauses("Take one tablet; swallow it whole.") == []


@pytest.mark.parametrize("target", ["HER2-positive", "GLP-1 class", "CYP3A4 inhibitors"])
def test_a_receptor_or_gene_with_a_number_is_not_a_trial_name(target: str) -> None:
    assert not _rule(lambda s: 0.1).evidence.search(f"Nothing else in the {target} space holds up.")


@pytest.mark.parametrize("trial", ["SUSTAIN-6", "AURA3", "PARADIGM-HF", "FLAURA"])
def test_trial_names_still_count_as_data(trial: str) -> None:
    assert _rule(lambda s: 0.1).evidence.search(f"In {trial}, the primary endpoint was met.")


def test_every_patient_should_be_tested_is_the_labels_instruction() -> None:
    rule = _rule(lambda s: 0.0)
    assert not _blocked(rule, "Every patient should be tested for hepatitis B before starting Zorvexa [1].")
    assert _blocked(rule, "Every patient should be on Zorvexa [1].")


def test_the_packaged_classifier_leaves_a_no_comparison_answer_alone(settings: Settings) -> None:
    engine = GuardrailEngine(settings)
    neutral = "No trial has compared Zorvexa with other gout treatments, so the label does not rank them."
    assert engine.check(neutral, kind="answer").decision == "allow"


@pytest.mark.parametrize(
    ("text", "report"),
    [
        ("Started Zorvexa a fortnight ago and now I get dizzy spells every afternoon.", True),
        ("I'm starting Zorvexa next month; what side effects should I expect?", False),
        ("I've taken Zorvexa for a year without any trouble; can I fly with it?", False),
    ],
)
def test_first_person_self_reports(settings: Settings, text: str, report: bool) -> None:
    engine = GuardrailEngine(settings)
    engine._adverse = AdverseEventRule(engine.policy.adverse_event, {"zorvexa"})
    rules = {f.rule for f in engine.check(text, kind="question").findings}
    assert ("adverse_event" in rules) is report


def test_a_named_form_of_the_product_taken_is_an_exposure() -> None:
    rule = AdverseEventRule(load_policy(None).adverse_event, set())
    text = "My son took the children's night-time syrup and was awake and agitated all night."
    assert rule._exposed(text, text)
