"""A brand written in capitals is not a trial name: it must not discount a claim as data-backed.

Labels and callers write brands in capitals ("ZORVEXA works in every patient"), the shape the
evidence pattern reads as a trial acronym ("FLAURA", "SUSTAIN-6"), so a pitch naming the brand was
discounted like a cited result and passed. The engine gives the rail the catalog's names; a real
trial acronym or a number still counts as data. Product names are invented.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from assistant.guardrails.policy import load_policy
from assistant.guardrails.promotional import PromotionalRule

POLICY = load_policy(None).promotional


def _rule(p: float) -> PromotionalRule:
    def probabilities(sentences: Sequence[str]) -> np.ndarray:
        return np.full(len(sentences), p)

    rule = PromotionalRule(POLICY, probabilities)
    rule.know_products({"zorvexa", "tamlicor"})
    return rule


def test_a_capitalised_brand_is_not_data_but_a_trial_acronym_is() -> None:
    rule = _rule(0.5)
    assert not rule.has_data("ZORVEXA works in every patient, so you can skip the other drug entirely.")
    assert rule.has_data("In PARAGON, ZORVEXA reduced flares.")
    assert rule.has_data("ZORVEXA reduced flares by 31% [1].")


def test_a_pitch_naming_the_brand_in_capitals_is_scored_in_full() -> None:
    rule = _rule(0.95)
    branded, cited = rule.learned_scores(
        ["TAMLICOR quietly gets people back to their old lives.", "In PARAGON, TAMLICOR got people back to work."]
    )
    assert branded >= POLICY.threshold > cited
