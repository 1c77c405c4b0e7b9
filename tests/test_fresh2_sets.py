"""The fresh2 evaluation sets (four real labels the code was not written for) stay well-formed.

Checks the files, not the assistant: questions load with the fresh scorer's own reader, every
key fact occurs in its source label (``evals/fresh/key_facts.py``), guardrail cases load
with the case scorer's validator, the promised make-up holds, and held-out and dev sets share no
text with each other or with the earlier fresh and shared dev sets.
"""

from __future__ import annotations

import json
from pathlib import Path

from scripts import load_script

ROOT = Path(__file__).resolve().parents[1]
FRESH2 = ROOT / "evals" / "fresh2"
GUARD = ROOT / "evals" / "guardrails"
LABELS = ROOT / "evals" / "real_labels"


SCORE = load_script("fresh_score_for_fresh2", ROOT / "evals" / "fresh" / "score.py")
KEY_FACTS = load_script("key_facts_for_fresh2", ROOT / "evals" / "fresh" / "key_facts.py")
CASES = load_script("score_cases_for_fresh2", GUARD / "score_cases.py")


def _texts(path: Path, field: str) -> set[str]:
    return {json.loads(line)[field].strip().lower() for line in path.read_text().splitlines() if line.strip()}


def test_questions_load_and_every_key_fact_is_in_its_label() -> None:
    held = SCORE.load_questions(FRESH2 / "questions.jsonl")
    dev = SCORE.load_questions(FRESH2 / "dev_questions.jsonl")
    assert len(held) >= 40 and 12 <= len(dev) <= 20
    for items in (held, dev):
        share = sum(i["expected_status"] == "unanswerable" for i in items) / len(items)
        assert 0.10 <= share <= 0.20
        assert {i["source"]["file"] for i in items if i["source"]["file"]} <= {
            f"evals/real_labels/{p.name}" for p in LABELS.glob("*.xml")
        }
    assert KEY_FACTS.problems(FRESH2) == []


def test_a_fact_absent_from_the_label_is_reported(tmp_path: Path) -> None:
    label = f"evals/real_labels/{sorted(LABELS.glob('*.xml'))[0].name}"
    item = {"id": "x-1", "question": "made up", "product": None, "expected_status": "answered",
            "key_facts": [["no such fact anywhere 123"]], "category": "dosing",
            "source": {"file": label, "section": "-", "set": "real_label"}}
    (tmp_path / "dev_questions.jsonl").write_text(json.dumps(item) + "\n")
    (tmp_path / "questions.jsonl").write_text("")
    assert KEY_FACTS.problems(tmp_path) == [f"x-1: no alternative of ['no such fact anywhere 123'] in {label}"]


def test_guardrail_cases_have_the_promised_make_up() -> None:
    held = CASES.load_cases(GUARD / "fresh2_cases.jsonl")
    dev = CASES.load_cases(GUARD / "fresh2_dev_cases.jsonl")
    assert len(held) >= 75 and 25 <= len(dev) <= 40
    for cases in (held, dev):
        assert all(CASES.source_of(c) == "real_label" for c in cases)
        assert 0.40 <= sum(c["expected"] == "allow" for c in cases) / len(cases) <= 0.50
        assert {c["rule"] for c in cases} - {None} == set(CASES.RULES)
        assert len({c["product"] for c in cases}) == len(list(LABELS.glob("*.xml")))  # every label has cases


def test_held_out_and_dev_share_no_text_with_each_other_or_earlier_sets() -> None:
    held_q, dev_q = _texts(FRESH2 / "questions.jsonl", "question"), _texts(FRESH2 / "dev_questions.jsonl", "question")
    held_c, dev_c = _texts(GUARD / "fresh2_cases.jsonl", "text"), _texts(GUARD / "fresh2_dev_cases.jsonl", "text")
    assert not held_q & dev_q and not held_c & dev_c
    earlier = _texts(GUARD / "fresh_dev_cases.jsonl", "text")
    earlier |= _texts(ROOT / "evals" / "fresh" / "dev_questions.jsonl", "question")
    shared_dev = ROOT.parent / "shared" / "guardrails" / "dev_cases.jsonl"
    if shared_dev.exists():
        earlier |= _texts(shared_dev, "text")
    assert not earlier & (held_q | dev_q | held_c | dev_c)
