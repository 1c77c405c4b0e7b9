"""Questions about a population are not adverse-event reports; dismissed precautions are claims (guard13q).

In a question, an indefinite person the question is about ("the most doses for an 8 year old", "can a
patient who had hives on X take it again?") stands for a population, so neither the AE rules nor the AE
head treat it as a report, while the asker's own patient still is one. A claim whose consequence is that
a safety action is not needed ("so there's no reason to check ...") is promotional whatever the
classifier says. Product names are invented.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from assistant.guardrails.adverse_event import AdverseEventRule
from assistant.guardrails.policy import load_policy
from assistant.guardrails.promotional import PromotionalRule

PRODUCTS = {"zorvexa", "tamlicor"}


def _always(p: float) -> Callable[[Sequence[str]], np.ndarray]:
    def probabilities(texts: Sequence[str]) -> np.ndarray:
        return np.full(len(texts), p)

    return probabilities


def _ae(p: float = 0.9) -> AdverseEventRule:
    return AdverseEventRule(load_policy(None).adverse_event, PRODUCTS, probabilities=_always(p))


def test_population_question_is_not_a_report_for_rules_or_head() -> None:
    rule = _ae(0.9)
    for text in (
        "Zorvexa syrup: what's the most doses in a day for an 8 year old?",
        "Can a patient who had hives on Zorvexa take it again?",
        "What does the label say about a patient whose potassium rose after starting Tamlicor?",
    ):
        assert rule.scan(text) == [], text
        assert rule.learned_candidate(text) is None, text
        assert rule.scan_learned(text) == [], text


def test_the_askers_own_patient_is_still_a_report() -> None:
    rule = _ae(0.9)
    assert rule.scan("I have a patient who had hives on Zorvexa last week - can she take it again?")
    assert rule.scan("My 8 year old had two doses of Zorvexa and now he is seeing things.")
    # The same indefinite person narrated in a statement is a report.
    assert rule.scan("A patient who started Tamlicor in March developed jaundice.")
    # The head still judges a question about the asker's own patient.
    assert rule.learned_candidate("my patient on Tamlicor seems off since the last dose, is that listed?")


def _promo(p: float) -> PromotionalRule:
    return PromotionalRule(load_policy(None).promotional, _always(p))


def test_dismissed_precaution_blocks_even_where_the_classifier_does_not_lean() -> None:
    rule = _promo(0.1)
    for text in (
        "Zorvexa doesn't slow breathing at usual doses, so there is no reason to watch patients after an increase.",
        "Because the tablet skips the liver, clots are not something you need to ask women about before Tamlicor.",
        "Tamlicor patients never need extra INR checks when an antibiotic is added.",
    ):
        assert rule.scan(text, "answer"), text


def test_label_instructions_and_no_adjustment_statements_pass() -> None:
    rule = _promo(0.1)
    for text in (
        "No dosage adjustment is needed for patients with mild hepatic impairment [1].",
        "Ask about previous hypersensitivity to penicillins before starting Zorvexa [1].",
        "Monitor for respiratory depression, so that it is recognised early, for 72 hours after an increase [1].",
    ):
        assert rule.scan(text, "answer") == [], text
    # Asking whether the claim may be made is not making it.
    assert rule.scan("Can we say Tamlicor never needs any INR checks?", "question") == []


def test_missed_dose_question_is_not_judged_by_the_head_but_a_narrated_event_still_reports() -> None:
    rule = _ae(0.9)
    for text in (
        "She forgot her Tamlicor patch for two days - how should she restart?",
        "He skipped his evening Zorvexa tablet; does he double up this morning?",
    ):
        assert rule.learned_candidate(text) is None, text
        assert rule.scan(text) == [] and rule.scan_learned(text) == [], text
    assert rule.scan("He missed two days of Zorvexa and now he is sweating and shaking.")


def test_suspected_causality_in_a_person_is_an_event_but_a_label_question_is_not() -> None:
    rule = _ae(0.0)
    assert rule.scan("The Zorvexa I gave my daughter seems to have given her hives on both arms.")
    assert rule.scan("What might have caused the liver injury cases described in the Zorvexa label?") == []
    assert rule.scan("If a patient on Tamlicor gets sweats, could the drug have caused it?") == []
