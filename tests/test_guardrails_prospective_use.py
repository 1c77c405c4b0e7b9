"""A product named only in a question about starting or dosing it does not expose the person.

"My patient had a stroke last spring; which dose range does the label give?" narrates an event that
happened before any exposure: the product is what the asker wants to START. Naming it there must
not turn the person's history into an adverse-event report, for the rules or the learned head
(given p = 1 here so the test shows the head is never asked). A clause that links the product to
the event, exposure wording outside the question, or a declarative clause naming the product
still make a report. Product names are invented.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from assistant.guardrails.adverse_event import AdverseEventRule
from assistant.guardrails.policy import load_policy

PRODUCTS = {"zelvora", "quintrax"}


def _rule() -> AdverseEventRule:
    def certain(texts: Sequence[str]) -> np.ndarray:
        return np.ones(len(texts))

    return AdverseEventRule(load_policy(None).adverse_event, PRODUCTS, probabilities=certain)


def _reported(text: str) -> bool:
    rule = _rule()
    return bool(rule.scan(text) or rule.scan_learned(text))


@pytest.mark.parametrize(
    "text",
    [
        "My patient had a stroke last spring and his LDL is 160; which Zelvora dose range does the label give?",
        "My patient tested positive for latent TB at screening; can Quintrax be started after treatment begins?",
        "She has been low since her father died; what Zelvora dose does the label recommend for older adults?",
        # the event happened on ANOTHER therapy; the product is only what the asker wants to start
        "My patient's cancer got worse on morvantib last month; is Zelvora an option now?",
        "Our patient was hospitalized for heart failure last week while on another drug; when can Quintrax be started?",
    ],
)
def test_product_named_only_as_a_prospective_use_is_no_exposure(text: str) -> None:
    assert not _reported(text)


@pytest.mark.parametrize(
    "text",
    [
        "Lady on Zelvora showed up with big bruises on both arms - how do we handle the next dose?",
        "Quintrax cycle 6 and her ejection fraction has dropped to 45% - what does the label say about holding doses?",
        "My patient developed a rash last week; could Zelvora have caused it?",
        "My patient had a seizure two days after his dose was increased; should Zelvora be stopped?",
        # re-dosing or adjusting: the person is on the product
        "She developed hives after her second infusion last week; can Quintrax be given again?",
        "He became very drowsy after the dose went up yesterday; should the next Zelvora dose be reduced?",
    ],
)
def test_reports_naming_the_product_stay_reports(text: str) -> None:
    assert _reported(text)
