"""The rail classifiers' training sets share no text with the readable evaluation cases.

A classifier that saw an evaluation sentence (or a frame restating one) would score it from
memory. Every training sentence is checked against every case of the guardrail case files an
engineer may read (the held-out files are never opened here): no run of 8 consecutive words may
occur in both.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUARDRAILS = ROOT / "evals" / "guardrails"
HELD_OUT = re.compile(r"(fresh|promo)\d*_cases\.jsonl")
"""Every held-out set an evaluator writes is named ``fresh<N>_cases.jsonl`` or ``promo<N>_cases.jsonl``;
its dev sets are not."""
N = 8


def _grams(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {tuple(words[i : i + N]) for i in range(len(words) - N + 1)}


def _readable_case_files() -> list[Path]:
    files = [p for p in GUARDRAILS.glob("*.jsonl") if not HELD_OUT.fullmatch(p.name) and "train" not in p.name]
    shared = ROOT.parent / "shared" / "guardrails" / "dev_cases.jsonl"
    return [*files, shared] if shared.exists() else files


TRAIN_SETS = {
    "promo_train.jsonl": 500,
    "ae_train.jsonl": 300,
    "injection_train.jsonl": 100,
    "claim_contrast_train.jsonl": 2000,
    "distortion_train.jsonl": 5000,
}
"""Each training set of a packaged head, with the size it must at least have."""

REBUILD = {
    "claim_contrast_train.jsonl": "a readable case file quotes a label sentence this set holds as neutral prose: run "
    "`python evals/guardrails/build_claim_contrast_train.py --data-dir STORE_S4 --exclude-store STORE_S1` (it leaves "
    "out every sentence a readable case file quotes), then "
    "`python evals/guardrails/train_promo.py --task promo_contrast`",
}
"""What to do when a set overlaps a case file (the frame-built sets are fixed by rewording the frame)."""


@pytest.mark.parametrize("name", sorted(TRAIN_SETS))
def test_training_sentences_share_no_8_word_run_with_eval_cases(name: str) -> None:
    train = [json.loads(line)["text"] for line in (GUARDRAILS / name).read_text().splitlines() if line]
    seen: dict[tuple[str, ...], str] = {g: t for t in train for g in _grams(t)}
    overlaps = []
    for path in _readable_case_files():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                case = json.loads(line)
                overlaps += [(path.name, case["id"], seen[g]) for g in _grams(case["text"]) if g in seen]
    assert overlaps == [], REBUILD.get(name, "rebuild this set with its builder and refit its head")
    assert len(train) > TRAIN_SETS[name]
