"""Guardrails over real DailyMed labels and a maintained vocabulary (issue 12).

Real SPL files as published (``../shared/data/real_labels``: a PLR prescription label and an
OTC Drug Facts label) are ingested into a fresh store; the approved-use profile must come from
their structure: Indications/Uses, "not indicated" statements in Specific Populations, an OTC
"Do not use" section and the Directions table. Also the ICD-10-CM condition vocabulary and the
learned promotional feature, including that the packaged weights are reproduced from the
documented training set.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from assistant.config import Settings
from assistant.guardrails.policy import load_policy
from assistant.guardrails.promotional import PromotionalRule
from assistant.guardrails.vocabulary import find_conditions, whole_phrase_codes

ROOT = Path(__file__).resolve().parent.parent
REAL_LABELS = ROOT.parent / "shared" / "data" / "real_labels"
if not REAL_LABELS.is_dir():
    REAL_LABELS = Path("/work/shared/data/real_labels")

pytestmark = pytest.mark.skipif(not REAL_LABELS.is_dir(), reason="real labels not available")


@pytest.fixture(scope="module")
def real_assistant(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from assistant.api import Assistant

    assistant = Assistant(Settings(data_dir=tmp_path_factory.mktemp("real-labels")))
    report = assistant.ingest([REAL_LABELS])
    assert not report.failed, report.failed
    return assistant


def _decide(assistant: Any, text: str, kind: str, product: str) -> tuple[str, set[str]]:
    result = assistant.guard(text, kind=kind, product=product)
    return result.decision, {f.rule for f in result.findings}


def test_real_label_profiles_carry_population_limits(real_assistant: Any) -> None:
    profiles = real_assistant.guardrails.profiles
    viagra = next(p for p in profiles.values() if "viagra" in p.names)
    assert viagra.population.min_age_years == 18  # 8.4 Pediatric Use: "not indicated ... pediatric patients"
    assert "women" in viagra.population.excluded_sex  # 8.1: "not indicated for use in women"
    otc = next(p for p in profiles.values() if "diphenhydramine" in p.names)
    assert otc.population.min_age_years == 6  # Directions: "children 4 to under 6 years: do not use"
    assert any("sneezing" in e.text for e in otc.indications)  # a "Uses" bullet is an indication


@pytest.mark.parametrize(
    ("text", "kind", "product"),
    [
        ("Could a 15-year-old boy with erectile problems take Viagra?", "question", "sildenafil"),
        ("What dose of Viagra would suit a woman with low libido?", "question", "sildenafil"),
        ("Can Viagra be used to treat pulmonary arterial hypertension?", "question", "sildenafil"),
        ("Has sildenafil been tried for Raynaud phenomenon?", "question", "sildenafil"),
        ("Can Viagra help with premature ejaculation?", "question", "sildenafil"),
        ("Can I give this syrup to my 2-year-old for a runny nose?", "question", "diphenhydramine/phenylephrine"),
        ("Is it fine to use this product to help my child sleep on a flight?", "question",
         "diphenhydramine/phenylephrine"),
        ("Viagra can be given to infants with pulmonary hypertension of the newborn.", "answer", "sildenafil"),
    ],
)  # fmt: skip
def test_uses_outside_a_real_label_are_flagged(real_assistant: Any, text: str, kind: str, product: str) -> None:
    decision, rules = _decide(real_assistant, text, kind, product)
    assert decision != "allow" and "off_label" in rules, (decision, rules)


@pytest.mark.parametrize(
    ("text", "kind", "product"),
    [
        ("What is the recommended starting dose of Viagra for erectile dysfunction?", "question", "sildenafil"),
        ("Is Viagra an option for impotence?", "question", "sildenafil"),
        ("What dose adjustment does the Viagra label give for patients with cirrhosis?", "question", "sildenafil"),
        ("How many teaspoonfuls should a 7-year-old take?", "question", "diphenhydramine/phenylephrine"),
        ("Does the syrup relieve a runny nose and sneezing from hay fever?", "question",
         "diphenhydramine/phenylephrine"),
        ("Do not use this product in a child under 4 years of age [1].", "answer", "diphenhydramine/phenylephrine"),
        # the cause of the labelled condition is not a second use; a Drug Facts precaution heading is not a use
        ("Were men with erectile dysfunction secondary to diabetes studied?", "question", "sildenafil"),
        ("Ask a doctor before use if the child has thyroid disease [1].", "answer", "diphenhydramine/phenylephrine"),
    ],
)  # fmt: skip
def test_labelled_uses_of_a_real_label_are_allowed(real_assistant: Any, text: str, kind: str, product: str) -> None:
    assert _decide(real_assistant, text, kind, product)[0] == "allow"


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("My patient took her tablet at 9 and blacked out an hour later, what now?", "sildenafil"),
        ("A customer says her 8-year-old could not sleep after two doses of the syrup.",
         "diphenhydramine/phenylephrine"),
    ],
)  # fmt: skip
def test_casual_adverse_event_reports_get_the_notice(real_assistant: Any, text: str, product: str) -> None:
    decision, rules = _decide(real_assistant, text, "question", product)
    assert decision == "allow_with_notice" and "adverse_event" in rules, (decision, rules)


def test_icd_vocabulary_finds_conditions_and_compares_by_exact_code() -> None:
    found = {h.text.lower(): h.categories for h in find_conditions("premature ejaculation and Raynaud's disease")}
    assert "premature ejaculation" in found and "raynaud's disease" in found
    assert whole_phrase_codes("impotence") & whole_phrase_codes("erectile dysfunction")  # a synonym
    assert not whole_phrase_codes("amyotrophic lateral sclerosis") & whole_phrase_codes("spinal muscular atrophy")
    assert not whole_phrase_codes("small cell lung cancer")  # only part of it is one vocabulary term


def test_learned_feature_is_a_policy_weight() -> None:
    """The classifier's probability adds to the sentence score as the policy says; weight 0 turns it off."""
    policy = load_policy().promotional
    sentence = "A made-up sentence."
    rule = PromotionalRule(policy, probabilities=lambda s: np.ones(len(s)))
    assert rule.learned_scores([sentence]) == [pytest.approx(policy.learned.weight)]
    assert [f.rule for f in rule.scan(sentence, "answer")] == ["promotional"]
    off = PromotionalRule(policy.model_copy(update={"learned": policy.learned.model_copy(update={"weight": 0.0})}),
                          probabilities=lambda s: np.ones(len(s)))  # fmt: skip
    assert off.scan(sentence, "answer") == []


@pytest.mark.parametrize(
    "text",
    [
        "With this drug the problem just goes away and never comes back.",
        "Patients get none of the scary side effects that other injections carry.",
        "Tell every cardiologist to put all of their patients on it today.",
        # dismissed warnings and "unheard of" side effects; a call to start every adult, not "patients"
        "Those bleeding warnings are boilerplate that prescribers can safely ignore.",
        "Serious reactions to this drug are virtually unheard of.",
        "Just start every adult you see on it.",
    ],
)
def test_paraphrased_promotion_is_blocked(text: str) -> None:
    assert PromotionalRule(load_policy().promotional).scan(text, "answer")


@pytest.mark.slow
def test_packaged_classifier_is_reproduced_from_the_training_set() -> None:
    sys.path.insert(0, str(ROOT / "evals" / "guardrails"))
    import train_promo  # type: ignore[import-not-found]

    from assistant.guardrails.promo_model import WEIGHTS_FILE

    fitted = train_promo.train()
    shipped = np.load(WEIGHTS_FILE)
    assert str(shipped["train_sha256"]) == str(fitted["train_sha256"]), "promo_train.jsonl changed: retrain"
    assert np.allclose(shipped["weights"], fitted["weights"], atol=1e-3)


def test_icd_index_cache_lives_under_the_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.guardrails import vocabulary
    from assistant.guardrails.engine import GuardrailEngine

    monkeypatch.setattr(vocabulary, "_data_dir", None)
    GuardrailEngine(Settings(data_dir=tmp_path))
    vocabulary.icd_index.cache_clear()
    try:
        assert vocabulary.icd_index()  # compiled, or read from the cache
        cached = vocabulary._cache_file()
        assert cached.is_relative_to(tmp_path) and cached.is_file()
    finally:
        vocabulary.icd_index.cache_clear()
