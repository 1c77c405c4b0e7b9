"""Metric functions of the evaluation suite on hand-made answers and texts (no corpus needed)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from assistant.evaluation.golden import GoldenSetError, load_golden, load_guardrail_cases
from assistant.evaluation.project_metrics import citation_counts, citation_summary, percentile
from assistant.evaluation.ragas_offline import OfflineRagasMetrics, PartialAlignmentSimilarity
from assistant.types import Answer, Citation

LABEL_DOSE = (
    "The recommended dosage of TAGRISSO is 80 mg taken orally once daily, with or without food, "
    "at approximately the same time each day."
)
LABEL_ILD = (
    "Interstitial lung disease (ILD) or pneumonitis occurred in 3.7% of 1479 patients who received "
    "TAGRISSO as a single agent in clinical trials; 0.3% of cases were fatal."
)
UNRELATED = (
    "ENTRESTO is contraindicated together with an angiotensin-converting enzyme inhibitor. When switching, "
    "leave at least 36 hours between the last ACE inhibitor dose and the first ENTRESTO dose."
)


def _citation(n: int, quote: str) -> Citation:
    return Citation(n=n, doc_id=f"doc-{n}", title="Label", doc_type="label", quote=quote)


def test_citation_counts_judge_each_sentence_against_its_own_quote() -> None:
    answer = Answer(
        question="dose and ILD?",
        status="answered",
        answer=(
            "The recommended dosage is 80 mg orally once daily [1]. "
            "Interstitial lung disease occurred in 9.9% of patients [2]. "
            "Take it at approximately the same time each day."
        ),
        citations=[_citation(1, LABEL_DOSE), _citation(2, LABEL_ILD)],
    )
    counts = citation_counts(answer)
    # sentence 2 cites a passage that does not contain 9.9; sentence 3 cites nothing
    assert (counts.sentences, counts.cited, counts.supported) == (3, 2, 1)
    assert counts.precision == pytest.approx(0.5)
    assert counts.coverage == pytest.approx(2 / 3)


def test_citation_to_wrong_passage_is_not_supported() -> None:
    answer = Answer(
        question="washout?",
        status="answered",
        answer="Leave at least 36 hours between the last ACE inhibitor dose and the first ENTRESTO dose [1].",
        citations=[_citation(1, LABEL_DOSE)],
    )
    assert citation_counts(answer).precision == 0.0


def test_refusals_have_no_sentences_to_score_and_summary_micro_averages() -> None:
    refusal = Answer(question="price?", status="insufficient_evidence", answer="Not in the documents.")
    good = Answer(
        question="dose?",
        status="answered",
        answer="The recommended dosage of TAGRISSO is 80 mg taken orally once daily [1].",
        citations=[_citation(1, LABEL_DOSE)],
    )
    counts = [citation_counts(refusal), citation_counts(good)]
    assert counts[0].precision is None and counts[0].coverage is None
    assert citation_summary(counts) == {"citation_precision": 1.0, "citation_coverage": 1.0}
    assert citation_summary([counts[0]]) == {"citation_precision": None, "citation_coverage": None}


def test_percentile_uses_nearest_rank() -> None:
    values = [float(v) for v in range(1, 21)]  # 1..20
    assert percentile(values, 50) == 10.0
    assert percentile(values, 95) == 19.0
    assert percentile([], 95) is None


def test_partial_alignment_finds_a_snippet_inside_a_long_chunk() -> None:
    from ragas.dataset_schema import SingleTurnSample

    metric = PartialAlignmentSimilarity()
    chunk = f"{UNRELATED} {LABEL_DOSE} {LABEL_ILD}"
    inside = metric.single_turn_score(SingleTurnSample(reference=chunk, response=LABEL_DOSE.upper()))
    outside = metric.single_turn_score(SingleTurnSample(reference=UNRELATED, response=LABEL_ILD))
    assert inside == pytest.approx(1.0)
    assert outside < 0.7


def test_ragas_context_metrics_reward_retrieving_the_reference_first() -> None:
    metrics = OfflineRagasMetrics()
    common = {"question": "What is the dose?", "reference": "80 mg once daily.", "response": "80 mg daily [1]."}
    first = metrics.score(
        **common, retrieved_contexts=[LABEL_DOSE, UNRELATED, LABEL_ILD], reference_contexts=[LABEL_DOSE]
    )
    last = metrics.score(
        **common, retrieved_contexts=[UNRELATED, LABEL_ILD, LABEL_DOSE], reference_contexts=[LABEL_DOSE]
    )
    missing = metrics.score(**common, retrieved_contexts=[UNRELATED, LABEL_ILD], reference_contexts=[LABEL_DOSE])
    assert first["context_recall"] == last["context_recall"] == 1.0
    assert first["context_precision"] == pytest.approx(1.0)
    assert last["context_precision"] == pytest.approx(1 / 3)
    assert missing["context_recall"] == 0.0 and missing["context_precision"] == pytest.approx(0.0)


def test_ragas_answer_similarity_and_rouge_ignore_citation_markers() -> None:
    metrics = OfflineRagasMetrics()
    ref = "Monitor lithium levels during combined use."
    same = metrics.score(
        question="q", response=f"{ref} [1]", reference=ref, retrieved_contexts=[], reference_contexts=[]
    )
    other = metrics.score(
        question="q", response="Angioedema was rare.", reference=ref, retrieved_contexts=[], reference_contexts=[]
    )
    assert same["rouge_l"] == pytest.approx(1.0) and same["answer_similarity"] == pytest.approx(1.0)
    assert other["rouge_l"] < 0.2 and other["answer_similarity"] < 0.6
    assert same["context_recall"] is None  # nothing to compare: not a zero


def _write(path: Path, rows: list[object]) -> Path:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n")
    return path


GOOD_ROW = {
    "id": "q1",
    "question": "What is the dose?",
    "product": "osimertinib",
    "category": "dosing",
    "reference_answer": "80 mg once daily.",
    "reference_contexts": [{"doc_id": "osimertinib-label-2024", "text": LABEL_DOSE}],
    "expected_status": "answered",
}


def test_load_golden_names_file_line_and_field(tmp_path: Path) -> None:
    bad_json = _write(tmp_path / "a.jsonl", [GOOD_ROW, "{not json"])
    with pytest.raises(GoldenSetError, match=r"a\.jsonl:2: invalid JSON"):
        load_golden(bad_json)
    bad_field = _write(tmp_path / "b.jsonl", [{**GOOD_ROW, "category": "pricing"}])
    with pytest.raises(GoldenSetError, match=r"b\.jsonl:1: field 'category'"):
        load_golden(bad_field)
    no_context = _write(tmp_path / "c.jsonl", [{**GOOD_ROW, "reference_contexts": []}])
    with pytest.raises(GoldenSetError, match="reference context"):
        load_golden(no_context)
    dup = _write(tmp_path / "d.jsonl", [GOOD_ROW, GOOD_ROW])
    with pytest.raises(GoldenSetError, match="duplicate id 'q1'"):
        load_golden(dup)


def test_guardrail_cases_merge_by_id_later_file_wins(tmp_path: Path) -> None:
    first = _write(
        tmp_path / "one.jsonl",
        [{"id": "x", "kind": "question", "text": "a", "expected": "allow", "rule": None}],
    )
    second = _write(
        tmp_path / "two.jsonl",
        [
            {"id": "x", "kind": "question", "text": "b", "expected": "block", "rule": "pii"},
            {"id": "y", "kind": "answer", "text": "c", "expected": "allow"},
        ],
    )
    cases = load_guardrail_cases([first, tmp_path / "absent.jsonl", second])
    assert {c.id: c.expected for c in cases} == {"x": "block", "y": "allow"}


def test_metric_values_are_finite_numbers() -> None:
    scores = OfflineRagasMetrics().score(
        question="q",
        response=LABEL_ILD,
        reference=LABEL_ILD,
        retrieved_contexts=[LABEL_ILD],
        reference_contexts=[LABEL_ILD],
    )
    assert all(v is not None and math.isfinite(v) and 0.0 <= v <= 1.0 + 1e-9 for v in scores.values())
