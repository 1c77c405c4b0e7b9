"""Conditions recognised and compared by their nearest maintained name (guard17o): the shipped
matrix of MiniLM vectors of ICD-10-CM and HPO names (``condition_names.npz``). The invented label
below fixes every expectation; no product is named.
"""

from __future__ import annotations

import numpy as np
import pytest

from assistant.config import Settings
from assistant.guardrails.condition_names import condition_names, phrase_keys, quantize, recognised, reduce
from assistant.guardrails.engine import GuardrailEngine
from assistant.types import DocumentMeta
from tests.label_engines import engine_for

META = DocumentMeta(doc_id="zorvan-label", title="ZORVAN (zorvafen) tablets", doc_type="label",
                    product="zorvafen", brand="ZORVAN")  # fmt: skip
LABEL = [
    ("Indications and Usage", ["34067-9"], "ZORVAN is indicated for the treatment of primary dysmenorrhea and "
     "for the relief of the signs and symptoms of osteoarthritis in adults."),
    ("Dosage and Administration", ["34068-7"], "The recommended dose is 200 mg taken once daily."),
    ("Adverse Reactions", ["34084-4"], "The most common adverse reactions were headache, low blood sugar and "
     "high blood pressure."),
]  # fmt: skip

needs_matrix = pytest.mark.skipif(condition_names() is None, reason="condition_names.npz not installed")


@pytest.fixture(scope="module")
def engine() -> GuardrailEngine:
    return engine_for(Settings(), META, LABEL)


def _off_label(engine: GuardrailEngine, text: str) -> bool:
    result = engine.check(text, kind="question", product="zorvafen")
    return any(f.rule == "off_label" for f in result.findings)


def test_quantized_projection_keeps_cosines() -> None:
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(400, 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    mean, axes, projected = reduce(vectors, 32)  # all axes: only the centring and int8 rounding change cosines
    matrix, scale = quantize(projected)
    restored = matrix.astype(np.float32) * scale.astype(np.float32)[:, None]
    restored /= np.linalg.norm(restored, axis=1, keepdims=True)
    exact = ((vectors - mean) @ axes)[:5]
    exact /= np.linalg.norm(exact, axis=1, keepdims=True)
    assert np.abs(exact @ restored.T - projected[:5] @ projected.T).max() < 0.02
    assert matrix.dtype == np.int8


@needs_matrix
def test_everyday_name_reaches_a_vocabulary_name() -> None:
    near = recognised("high blood sugar")
    assert near is not None and "R739" in near.codes
    assert recognised("maintenance") is None
    assert recognised("a 50 yo") is None


@needs_matrix
def test_reader_name_and_label_name_share_a_reading() -> None:
    assert phrase_keys("period pain") & phrase_keys("painful menstruation")
    assert not phrase_keys("rheumatoid arthritis") & phrase_keys("osteoarthritis")


@needs_matrix
def test_claimed_condition_no_index_holds_is_compared(engine: GuardrailEngine) -> None:
    """Every word of "high blood sugar" is in the label (an adverse reaction), and no index holds
    the phrase: only its nearest name makes it a condition, which no indication names."""
    assert _off_label(engine, "zorvan for high blood sugar?")


@needs_matrix
def test_reader_synonym_of_an_indication_is_on_label(engine: GuardrailEngine) -> None:
    assert not _off_label(engine, "zorvan for period pain in a 25 yo?")
    assert _off_label(engine, "zorvan for rheumatoid arthritis in a 50 yo?")  # another disease, not a synonym
