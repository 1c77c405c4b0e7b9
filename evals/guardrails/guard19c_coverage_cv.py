"""Grouped-by-product cross-validation of the coverage comparator on the pooled dev triples.

Reads ``guard19c_coverage_train.jsonl`` (``guard19c_triples.py``): a condition mention, the condition
phrases of a label's indications, and whether a reviewer's case says the label covers it. Each
triple is a bag of (mention, indication phrase) pairs, scored with the comparator's own features
(:func:`assistant.guardrails.coverage_model.features`); the triple's probability is that of its best
pair (the phrase is picked by the model itself, refitted twice: multiple-instance learning in its
simplest form). Folds hold out whole products, so every figure is for labels the fit never saw.

Compared, on the same out-of-fold predictions:
- ``rules``: the rail's rules (token coverage, codes, nearest names, meaning) alone;
- ``hierarchy``: rules, plus a rescue by the packaged ICD-10-CM/HPO comparator at its threshold;
- ``pooled``: rules, plus a rescue by the comparator refitted on the triples, at a threshold chosen
  on the training folds only (false-cover rate on their rules-uncovered negatives <= ``FALSE_COVER``).

    PYTHONPATH=$PWD python evals/guardrails/guard19c_coverage_cv.py [--claims-only]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from build_coverage_model import auc  # noqa: E402
from logistic import Standardised, fit_standardised, predict_standardised  # noqa: E402

from assistant.guardrails.coverage_model import comparable, coverage_model, features, phrase_side  # noqa: E402
from assistant.guardrails.policy import load_policy  # noqa: E402
from assistant.guardrails.text import stem  # noqa: E402

TRIPLES = Path(__file__).with_name("guard19c_coverage_train.jsonl")
L2 = 1.0
FALSE_COVER = 0.05
ROUNDS = 3


def bags(rows: list[dict[str, Any]], embedding: bool = False) -> list[np.ndarray]:
    """Feature rows of each triple's (mention, phrase) pairs; an empty array when nothing compares.
    ``embedding``: each pair row also carries the elementwise product and absolute difference of the
    two phrases' MiniLM vectors (in the name matrix's projected space), for a head over the pair."""
    drop = frozenset(stem(w) for w in load_policy().off_label.generic_modifiers)
    width = 17 + (2 * 192 if embedding else 0)
    out = []
    for row in rows:
        m = phrase_side(row["mention"], drop)
        sides = [s for s in (phrase_side(p, drop) for p in row["indications"]) if s is not None and comparable(s)]
        if m is None or not comparable(m) or not sides:
            out.append(np.zeros((0, width), dtype=np.float32))
            continue
        pairs = [features(m, s) for s in sides]
        if embedding:
            pairs = [
                np.concatenate([f, m.vector * s.vector, np.abs(m.vector - s.vector)])
                for f, s in zip(pairs, sides, strict=True)
            ]
        out.append(np.stack(pairs))
    return out


def best_rows(bag_rows: list[np.ndarray], model: Standardised | None) -> np.ndarray:
    """Each bag's pair the model finds most covering (by cosine before there is a model)."""
    picked = []
    for bag in bag_rows:
        if not len(bag):
            picked.append(np.zeros(bag.shape[1], dtype=np.float32))
            continue
        score = bag[:, 0] if model is None else predict_standardised(bag, model)
        picked.append(bag[int(np.argmax(score))])
    return np.stack(picked)


def fit_bags(bag_rows: list[np.ndarray], y: np.ndarray, l2: float = L2) -> Standardised:
    model: Standardised | None = None
    for _ in range(ROUNDS):
        model = fit_standardised(best_rows(bag_rows, model), y, l2)
    assert model is not None
    return model


def bag_probability(bag_rows: list[np.ndarray], model: Standardised) -> np.ndarray:
    return np.array([float(predict_standardised(b, model).max()) if len(b) else 0.0 for b in bag_rows])


def packaged_probability(bag_rows: list[np.ndarray]) -> np.ndarray:
    model = coverage_model()
    assert model is not None
    return np.array([float(model.probability(b[:, :17]).max()) if len(b) else 0.0 for b in bag_rows])


def threshold_for(p: np.ndarray, y: np.ndarray, rules: np.ndarray) -> float:
    """Lowest threshold at which at most ``FALSE_COVER`` of the rules-uncovered negatives are rescued."""
    negatives = np.sort(p[(y == 0) & (rules == 0)])
    if not len(negatives):
        return 0.5
    return float(negatives[int(np.ceil(len(negatives) * (1 - FALSE_COVER))) - 1]) + 1e-6


def report(name: str, covered: np.ndarray, y: np.ndarray, rules: np.ndarray) -> None:
    acc = float((covered == y).mean())
    false_cover = float(covered[y == 0].mean())
    missed = float((~covered[y == 1].astype(bool)).mean())
    rescued = int(((covered == 1) & (rules == 0) & (y == 1)).sum())
    wrong = int(((covered == 1) & (rules == 0) & (y == 0)).sum())
    print(f"  {name:10s} accuracy={acc:.3f} false-cover={false_cover:.3f} missed-cover={missed:.3f} "
          f"rescues right/wrong={rescued}/{wrong}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=Path, default=TRIPLES)
    parser.add_argument("--embedding", action="store_true", help="a head over the pair's MiniLM vectors too")
    parser.add_argument("--l2", type=float, default=L2)
    parser.add_argument("--test", type=Path, help="triples of a file never trained on: fit on all, score these")
    parser.add_argument("--claims-only", action="store_true", help="only mentions claimed as a use's object")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.triples.read_text().splitlines() if line.strip()]
    if args.claims_only:
        rows = [r for r in rows if r.get("claim_object")]
    y = np.array([r["covered"] for r in rows], dtype=np.float64)
    rules = np.array([r["rules_cover"] for r in rows])
    products = np.array([r["product"] for r in rows])
    bag_rows = bags(rows, args.embedding)
    oof = np.zeros(len(rows))
    threshold = np.zeros(len(rows))
    for product in sorted(set(products)):  # leave one product out
        test = products == product
        train_bags = [b for b, t in zip(bag_rows, test, strict=True) if not t]
        model = fit_bags(train_bags, y[~test], args.l2)
        oof[test] = bag_probability([b for b, t in zip(bag_rows, test, strict=True) if t], model)
        threshold[test] = threshold_for(bag_probability(train_bags, model), y[~test], rules[~test])
    old = packaged_probability(bag_rows)
    hierarchy_threshold = coverage_model().threshold  # type: ignore[union-attr]
    print(f"{len(rows)} triples, {int(y.sum())} covered, {len(set(products))} products (leave one product out)")
    print(
        f"  AUC: pooled comparator {auc(y, oof):.3f}, hierarchy comparator {auc(y, old):.3f}, rules {auc(y, rules):.3f}"
    )
    uncovered = rules == 0
    print(f"  among rules-uncovered ({int(uncovered.sum())}, {int(y[uncovered].sum())} covered): AUC pooled "
          f"{auc(y[uncovered], oof[uncovered]):.3f}, hierarchy {auc(y[uncovered], old[uncovered]):.3f}")  # fmt: skip
    report("rules", rules, y, rules)
    report("hierarchy", np.maximum(rules, old >= hierarchy_threshold).astype(int), y, rules)
    report("pooled", np.maximum(rules, oof >= threshold).astype(int), y, rules)
    report("pooled@0.5", (oof >= 0.5).astype(int), y, rules)
    print(f"  pooled thresholds chosen on training folds: {np.min(threshold):.3f}..{np.max(threshold):.3f}")
    if args.test:
        transfer(args.test, bag_rows, y, rules, args)


def transfer(
    path: Path, bag_rows: list[np.ndarray], y: np.ndarray, rules: np.ndarray, args: argparse.Namespace
) -> None:
    """Fit on every pooled triple, threshold on them, and score a file the fit never saw."""
    model = fit_bags(bag_rows, y, args.l2)
    cut = threshold_for(bag_probability(bag_rows, model), y, rules)
    test = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    test = [r for r in test if r.get("claim_object") or not args.claims_only]
    ty, trules = np.array([r["covered"] for r in test]), np.array([r["rules_cover"] for r in test])
    test_bags = bags(test, args.embedding)
    p, old = bag_probability(test_bags, model), packaged_probability(test_bags)
    print(f"transfer to {path.name}: {len(test)} triples, {int(ty.sum())} covered")
    report("rules", trules, ty, trules)
    report("hierarchy", np.maximum(trules, old >= coverage_model().threshold).astype(int), ty, trules)  # type: ignore[union-attr]
    report("pooled", np.maximum(trules, p >= cut).astype(int), ty, trules)


if __name__ == "__main__":
    main()
