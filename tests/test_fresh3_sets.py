"""The fresh3 evaluation sets (five bare FDA label PDFs the code was not written for) stay well-formed.

Checks the files, not the assistant: questions load with the fresh scorer's own reader, every key
fact occurs in the text pypdf extracts from its source PDF (``evals/fresh/key_facts.py``),
guardrail cases load with the case scorer's validator, the promised make-up holds, the PDFs are
the unedited copies listed in their README and carry no sidecar metadata, and held-out and dev sets
share no text with each other or with earlier dev sets. The fourth set (evals/real_labels4 PDFs, fresh4 cases
and questions) gets the label-checksum and no-shared-text checks by parametrisation. Offline; reads local files only.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from scripts import load_script

ROOT = Path(__file__).resolve().parents[1]
FRESH3 = ROOT / "evals" / "fresh3"
GUARD = ROOT / "evals" / "guardrails"
LABELS = ROOT / "evals" / "real_labels3"
LABELS4 = ROOT / "evals" / "real_labels4"
FRESH4 = ROOT / "evals" / "fresh4"


SCORE = load_script("fresh_score_for_fresh3_tests", ROOT / "evals" / "fresh" / "score.py")
KEY_FACTS = load_script("key_facts_for_fresh3", ROOT / "evals" / "fresh" / "key_facts.py")
CASES = load_script("score_cases_for_fresh3", GUARD / "score_cases.py")


def _texts(path: Path, field: str) -> set[str]:
    return {json.loads(line)[field].strip().lower() for line in path.read_text().splitlines() if line.strip()}


@pytest.mark.parametrize(("labels", "at_least"), [(LABELS, 5), (LABELS4, 4)], ids=["real_labels3", "real_labels4"])
def test_labels_are_bare_pdfs_matching_their_readme_checksums(labels: Path, at_least: int) -> None:
    readme = (labels / "README.md").read_text(encoding="utf-8")
    files = sorted(p for p in labels.iterdir() if p.name != "README.md")
    assert len(files) >= at_least and all(p.suffix == ".pdf" for p in files)  # no manifest or sidecar beside them
    for path in files:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert re.search(rf"`{re.escape(path.name)}`.*`{digest}`", readme), path.name


@pytest.mark.parametrize(
    ("folder", "labels", "at_least", "n_dev"),
    [(FRESH3, LABELS, 70, 20), (FRESH4, LABELS4, 60, 15)],
    ids=["fresh3", "fresh4"],
)
def test_questions_load_and_every_key_fact_is_in_its_label(
    folder: Path, labels: Path, at_least: int, n_dev: int
) -> None:
    held = SCORE.load_questions(folder / "questions.jsonl")
    dev = SCORE.load_questions(folder / "dev_questions.jsonl")
    assert len(held) >= at_least and len(dev) == n_dev
    pdfs = {f"evals/{labels.name}/{p.name}" for p in labels.glob("*.pdf")}
    assert sum(i["source"]["file"] in pdfs for i in held) >= at_least // 2
    for items in (held, dev):
        share = sum(i["expected_status"] == "unanswerable" for i in items) / len(items)
        assert 0.12 <= share <= 0.20
        assert {i["source"]["file"] for i in items} <= pdfs
    assert KEY_FACTS.problems(folder) == []


def test_a_fact_absent_from_the_label_is_reported(tmp_path: Path) -> None:
    label = f"evals/real_labels3/{sorted(LABELS.glob('*.pdf'))[0].name}"
    item = {"id": "x-1", "question": "made up", "product": None, "expected_status": "answered",
            "key_facts": [["no such fact anywhere 123"]], "category": "dosing",
            "source": {"file": label, "section": "-", "set": "pdf"}}
    (tmp_path / "dev_questions.jsonl").write_text(json.dumps(item) + "\n")
    (tmp_path / "questions.jsonl").write_text("")
    assert KEY_FACTS.problems(tmp_path) == [f"x-1: no alternative of ['no such fact anywhere 123'] in {label}"]


def test_guardrail_cases_have_the_promised_make_up() -> None:
    held = CASES.load_cases(GUARD / "fresh3_cases.jsonl")
    dev = CASES.load_cases(GUARD / "fresh3_dev_cases.jsonl")
    assert len(held) >= 90 and len(dev) == 30
    for cases in (held, dev):
        assert all(CASES.source_of(c) == "real_label" for c in cases)
        assert 0.40 <= sum(c["expected"] == "allow" for c in cases) / len(cases) <= 0.50
        assert {c["rule"] for c in cases} - {None} == set(CASES.RULES)
        assert len({c["product"] for c in cases}) == len(list(LABELS.glob("*.pdf")))  # every label has cases


def _texts_if_present(path: Path, field: str) -> set[str]:
    return _texts(path, field) if path.exists() else set()


@pytest.mark.parametrize(
    ("questions", "cases", "later_than"),
    [(FRESH3, "fresh3", ()), (FRESH4, "fresh4", ((FRESH3, "fresh3"),))],
    ids=["fresh3", "fresh4"],
)
def test_held_out_and_dev_share_no_text_with_each_other_or_earlier_sets(
    questions: Path, cases: str, later_than: tuple[tuple[Path, str], ...]
) -> None:
    held_q = _texts_if_present(questions / "questions.jsonl", "question")
    dev_q = _texts_if_present(questions / "dev_questions.jsonl", "question")
    held_c, dev_c = _texts(GUARD / f"{cases}_cases.jsonl", "text"), _texts(GUARD / f"{cases}_dev_cases.jsonl", "text")
    assert not held_q & dev_q and not held_c & dev_c
    assert not (held_q | dev_q) & (held_c | dev_c)
    earlier: set[str] = set()
    for path, field in ((GUARD / "fresh_dev_cases.jsonl", "text"), (GUARD / "fresh2_dev_cases.jsonl", "text"),
                        (ROOT / "evals" / "fresh" / "dev_questions.jsonl", "question"),
                        (ROOT / "evals" / "fresh2" / "dev_questions.jsonl", "question"),
                        (ROOT.parent / "shared" / "guardrails" / "dev_cases.jsonl", "text"),
                        *((path, "text") for path in sorted(GUARD.glob("fresh3_*_dev.jsonl"))),
                        *((path, "text") for path in sorted(GUARD.glob("own12*.jsonl"))),
                        *((GUARD / f"{name}_{kind}.jsonl", "text") for _, name in later_than
                          for kind in ("cases", "dev_cases")),
                        *((folder / name, "question") for folder, _ in later_than
                          for name in ("questions.jsonl", "dev_questions.jsonl"))):
        earlier |= _texts_if_present(path, field)
    assert not earlier & (held_q | dev_q | held_c | dev_c)
