"""The learned coverage comparator (guard18x): its features compare a mention with an indication
phrase in both directions, its training script is deterministic, and an off-label finding names the
labelled condition the mention was compared with. The invented label below fixes every
expectation; no product of the corpus is named."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.config import Settings
from assistant.guardrails.condition_names import condition_names
from assistant.guardrails.coverage_model import FEATURES, Side, best_cover, coverage_model, features
from assistant.guardrails.engine import GuardrailEngine
from assistant.types import DocumentMeta
from tests.label_engines import engine_for
from tests.scripts import load_script

BUILD = load_script("build_coverage_model", Path(__file__).parents[1] / "evals/guardrails/build_coverage_model.py")
META = DocumentMeta(doc_id="tolvex-label", title="TOLVEX (tolvaprin) tablets", doc_type="label",
                    product="tolvaprin", brand="TOLVEX")  # fmt: skip
LABEL = [
    ("Indications and Usage", ["34067-9"], "TOLVEX is indicated for the treatment of adults with moderate to "
     "severe chronic plaque psoriasis who are candidates for systemic therapy."),
    ("Dosage and Administration", ["34068-7"], "The recommended dose is 20 mg taken once daily."),
]  # fmt: skip
needs_model = pytest.mark.skipif(
    condition_names() is None or coverage_model() is None, reason="condition_names.npz / coverage_model.npz missing"
)


def _side(*words: str, codes: tuple[str, ...] = ()) -> Side:
    vector = np.ones(4, dtype=np.float32) / 2.0
    return Side(vector, words, frozenset(codes), frozenset({"name:" + " ".join(words)}), 1.0)


def _feature(row: np.ndarray, name: str) -> float:
    return float(row[FEATURES.index(name)])


def test_features_tell_a_narrower_mention_from_a_sibling_and_a_broader_one() -> None:
    narrower = features(_side("knee", "osteoarthritis", codes=("M17",)), _side("osteoarthritis", codes=("M1",)))
    sibling = features(_side("type", "1", "diabetes", codes=("E10",)), _side("type", "2", "diabetes", codes=("E11",)))
    broader = features(_side("osteoarthritis", codes=("M1",)), _side("knee", "osteoarthritis", codes=("M17",)))
    assert _feature(narrower, "only_m_extra") == 1.0 and _feature(narrower, "i_code_prefixes_m") == 1.0
    assert _feature(sibling, "both_extra") == 1.0 and _feature(sibling, "i_code_prefixes_m") == 0.0
    assert _feature(sibling, "same_chapter") == 1.0 and _feature(sibling, "same_category") == 0.0
    assert _feature(broader, "m_code_prefixes_i") == 1.0 and _feature(broader, "only_m_extra") == 0.0


def test_training_pairs_and_fit_are_deterministic() -> None:
    known = {
        "type 1 diabetes mellitus",
        "type 2 diabetes mellitus",
        "type 2 diabetes mellitus with hyperosmolarity",
        "type 2 diabetes mellitus with ketoacidosis",
    }
    first = BUILD.icd_pairs(known, np.random.default_rng(0), per_kind=10)
    again = BUILD.icd_pairs(known, np.random.default_rng(0), per_kind=10)
    assert first == again
    kinds = {(m, i): (covered, kind) for m, i, covered, _, kind in first}
    assert kinds[("type 2 diabetes mellitus with ketoacidosis", "type 2 diabetes mellitus")] == (1, "child")
    assert kinds[("type 2 diabetes mellitus", "type 2 diabetes mellitus with ketoacidosis")] == (0, "broader")
    assert kinds[("type 1 diabetes mellitus", "type 2 diabetes mellitus")] == (0, "cousin")
    rng = np.random.default_rng(1)
    x = rng.normal(size=(60, 3))
    y = (x[:, 0] + 0.3 * rng.normal(size=60) > 0).astype(float)
    one, two = BUILD.fit(x, y), BUILD.fit(x, y)
    assert np.array_equal(one[0], two[0]) and one[1] == two[1]
    assert one[0][0] > 0  # the informative column gets the weight


def test_grouped_folds_keep_a_disease_family_in_one_fold() -> None:
    groups = ["E", "E", "M", "M", "M", "J", "K", "K"]
    folds = BUILD.grouped_folds(groups, 3)
    for group in set(groups):
        rows = [i for i, g in enumerate(groups) if g == group]
        assert sum(bool(fold[rows].any()) for fold in folds) == 1


@needs_model
def test_a_synonym_is_judged_closer_than_an_unrelated_indication() -> None:
    best = best_cover("acne inversa", ["hidradenitis suppurativa", "ankylosing spondylitis"], frozenset())
    assert best is not None and best.fragment == "hidradenitis suppurativa"


@needs_model
def test_an_unlisted_condition_finding_names_the_closest_labelled_condition() -> None:
    engine: GuardrailEngine = engine_for(Settings(), META, LABEL)
    result = engine.check("tolvex for atopic dermatitis in adults?", kind="question", product="tolvaprin")
    messages = [f.message for f in result.findings if f.rule == "off_label"]
    assert result.decision == "allow_with_notice"
    assert any("closest labelled condition: “" in m and "psoriasis" in m for m in messages), messages
