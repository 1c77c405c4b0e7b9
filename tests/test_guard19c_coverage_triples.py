"""The pooled coverage triples (evals/guardrails/guard19c_coverage_train.jsonl) come only from the
readable case files, each traceable to its case, and share no text with the held-out sets.

The held-out files are opened by code only, as the scorers do: a failure names the triples' own case
ids and a count, never a held-out sentence."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from tests.scripts import load_script

ROOT = Path(__file__).resolve().parent.parent
GUARDRAILS = ROOT / "evals" / "guardrails"
TRIPLES = GUARDRAILS / "guard19c_coverage_train.jsonl"
HELD_OUT = re.compile(r"(fresh|promo)\d*_cases\.jsonl")
N = 8


def _rows() -> list[dict[str, object]]:
    return [json.loads(line) for line in TRIPLES.read_text(encoding="utf-8").splitlines() if line.strip()]


def _source(name: str) -> Path:
    return (
        ROOT.parent / "shared" / "guardrails" / name[len("shared/") :]
        if name.startswith("shared/")
        else GUARDRAILS / name
    )


def _cases(path: Path) -> dict[str, dict[str, object]]:
    return {c["id"]: c for c in (json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip())}


def _grams(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {tuple(words[i : i + N]) for i in range(len(words) - N + 1)}


def test_every_triple_traces_to_a_readable_case_naming_its_mention() -> None:
    rows = _rows()
    assert len(rows) > 300 and 0 < sum(int(r["covered"]) for r in rows) < len(rows)  # type: ignore[call-overload]
    cache: dict[str, dict[str, dict[str, object]]] = {}
    for row in rows:
        name = str(row["source"])
        assert not HELD_OUT.fullmatch(Path(name).name), name
        assert Path(name).name != "guard19c_dev.jsonl", "the branch's transfer test must not be trained on"
        if not _source(name).exists():
            pytest.skip(f"{name} is not on this machine")
        cases = cache.setdefault(name, _cases(_source(name)))
        case = cases[str(row["id"])]
        assert str(row["mention"]).lower() in str(case["text"]).lower()
        assert (case["expected"] == "allow") == bool(row["covered"])


def test_triples_share_no_8_word_run_with_held_out_sets() -> None:
    held_out = [p for p in GUARDRAILS.glob("*.jsonl") if HELD_OUT.fullmatch(p.name)]
    grams: set[tuple[str, ...]] = set()
    for path in held_out:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                grams |= _grams(json.loads(line)["text"])
    clashes = []
    for row in _rows():
        name = str(row["source"])
        if _source(name).exists():
            text = str(_cases(_source(name))[str(row["id"])]["text"])
            clashes += [row["id"]] if _grams(text) & grams else []
    assert clashes == [], f"{len(clashes)} triples come from case texts that a held-out set repeats: {clashes}"


def test_rescue_threshold_is_set_on_rules_uncovered_negatives_only() -> None:
    """The pooled rescue's threshold lets at most the allowed share of the rules-uncovered
    not-covered pairs through; pairs the rules already cover do not move it."""
    cv = load_script("guard19c_coverage_cv", GUARDRAILS / "guard19c_coverage_cv.py")
    y = np.array([0] * 20 + [1] * 5 + [0] * 5, dtype=float)
    rules = np.array([0] * 25 + [1] * 5)
    p = np.concatenate([np.linspace(0.0, 0.95, 20), np.full(5, 0.99), np.full(5, 0.999)])
    t = cv.threshold_for(p, y, rules)
    assert ((p[:20] >= t).mean()) <= cv.FALSE_COVER and (p[20:25] >= t).all()
