"""The judge of the fresh evaluation set (evals/fresh/score.py) on hand-made answers.

The scorer decides the issue-11 figure, so its rules are pinned here: a cited
correct answer passes; an uncited sentence, a marker without a citation, a
missing key fact or an answered unanswerable question fails.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scripts import load_script

from assistant.types import Answer, Citation

ROOT = Path(__file__).resolve().parents[1]
FRESH = ROOT / "evals" / "fresh"


score = load_script("fresh_score", FRESH / "score.py")

ITEM = {
    "id": "t-1",
    "question": "whats the titration schedule for ozempic",
    "product": None,
    "expected_status": "answered",
    "key_facts": [["0.25 mg"], ["0.5 mg"]],
    "category": "dose_titration",
}
UNANSWERABLE = dict(ITEM, id="t-2", expected_status="unanswerable", key_facts=[])


def _citation(n: int) -> Citation:
    return Citation(n=n, doc_id="d", title="Label", doc_type="label", quote="Start with 0.25 mg once weekly.")


def _answer(text: str, status: str = "answered", cited: tuple[int, ...] = (1, 2)) -> Answer:
    return Answer(question=ITEM["question"], status=status, answer=text,  # type: ignore[arg-type]
                  citations=[_citation(n) for n in cited])


def test_cited_correct_answer_passes() -> None:
    answer = _answer("Start with 0.25 mg once weekly for 4 weeks [1]. Then increase to 0.5 mg once weekly [2].")
    assert score.judge_answer(ITEM, answer) == []


def test_uncited_sentence_fails() -> None:
    answer = _answer("Start with 0.25 mg once weekly for 4 weeks [1]. Then increase to 0.5 mg once weekly.")
    reasons = score.judge_answer(ITEM, answer)
    assert any("uncited sentence" in r for r in reasons)


def test_marker_without_citation_fails() -> None:
    answer = _answer("Start with 0.25 mg once weekly [1]. Then increase to 0.5 mg once weekly [3].")
    assert any("[3] has no citation" in r for r in score.judge_answer(ITEM, answer))


def test_missing_key_fact_fails() -> None:
    answer = _answer("Start with 0.25 mg once weekly for 4 weeks [1]. The dose can then be raised [2].")
    reasons = score.judge_answer(ITEM, answer)
    assert reasons == ["missing key fact ['0.5 mg']"]


def test_unanswerable_answered_fails_and_refusal_passes() -> None:
    assert score.judge_answer(UNANSWERABLE, _answer("A trial showed X [1].")) == ["answered an unanswerable question"]
    refusal = _answer("The library holds no evidence for this.", status="insufficient_evidence", cited=())
    assert score.judge_answer(UNANSWERABLE, refusal) == []


def test_answerable_refused_fails() -> None:
    refusal = _answer("Not enough evidence.", status="insufficient_evidence", cited=())
    assert score.judge_answer(ITEM, refusal) == ["status insufficient_evidence"]


@pytest.mark.parametrize(
    ("text", "alternative", "expected"),
    [
        ("Start with 0.25mg weekly", "0.25 mg", True),  # unit spacing
        ("binds the alpha4beta7 integrin", "alpha-4 beta-7", False),  # different spelling needs its own alternative
        ("binds the alpha4beta7 integrin", "alpha4beta7", True),
        ("take 2.5 mg", "5 mg", False),  # no match inside a larger number
        ("take 15 mg", "5 mg", False),
        ("hazard ratio 0.80", "0.8", False),
        ("Median PFS months10.2 months", "10.2", True),  # glued table cells
        ("serious infections", "infection", True),  # word prefix
        ("THYROID C‑CELL TUMORS", "thyroid c-cell", True),  # case and non-breaking hyphen
        ("contraindicated in carbon", "arb", False),
    ],
)
def test_contains_fact_normalisation(text: str, alternative: str, expected: bool) -> None:
    assert score.contains_fact(score.normalise(text), alternative) is expected


def test_decimal_points_do_not_split_sentences() -> None:
    sentences = score.split_sentences("Start with 0.25 mg [1]. Then 0.5 mg [2].\n- Maximum 2 mg [1].")
    assert sentences == ["Start with 0.25 mg [1].", "Then 0.5 mg [2].", "Maximum 2 mg [1]."]


def test_title_stops_do_not_split_a_quoted_sentence() -> None:
    """A label sentence quoted verbatim ("St. John's wort") is one cited sentence, not an uncited fragment."""
    answer = "Avoid use with strong CYP3A inducers such as St. John's wort [1]. Dr. Lee's data vs. placebo held [2]."
    assert score.split_sentences(answer) == [
        "Avoid use with strong CYP3A inducers such as St. John's wort [1].",
        "Dr. Lee's data vs. placebo held [2].",
    ]
    assert score.citation_problems(answer, [1, 2]) == []


@pytest.mark.parametrize("name", ["questions.jsonl", "dev_questions.jsonl"])
def test_question_files_are_well_formed(name: str) -> None:
    items = score.load_questions(FRESH / name)
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids))
    for item in items:
        assert item["expected_status"] in {"answered", "unanswerable"}
        if item["expected_status"] == "answered":
            assert 1 <= len(item["key_facts"]) <= 3 and all(item["key_facts"]), item["id"]
        else:
            assert item["key_facts"] == []


def test_summary_counts_and_latency(tmp_path: Path) -> None:
    verdicts = [
        score.Verdict(id="a", correct=True, status="answered", latency_ms=10, category="x", source="corpus",
                      expected_status="answered"),
        score.Verdict(id="b", correct=False, status="answered", latency_ms=30, category="y", source="real_label",
                      expected_status="unanswerable"),
    ]
    summary = score.summarise(verdicts)
    assert summary["correct"] == 0.5
    assert summary["answerable"] == {"n": 1, "correct": 1.0}
    assert summary["unanswerable"] == {"n": 1, "correct": 0.0}
    assert summary["by_source"]["real_label"]["correct"] == 0.0
    assert summary["latency_ms"]["p95"] == 30
    json.dumps(summary)
