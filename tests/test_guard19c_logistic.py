"""The one shared logistic fit (evals/guardrails/logistic.py) that the promotional-family heads and
the coverage comparator both use: it reaches the penalised optimum, its options only change the
stopping rule and conditioning, and both training scripts delegate to it."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from tests.scripts import load_script

HERE = Path(__file__).parents[1] / "evals" / "guardrails"
sys.path.insert(0, str(HERE))
LOGISTIC = load_script("logistic", HERE / "logistic.py")
PROMO = load_script("train_promo", HERE / "train_promo.py")
COVERAGE = load_script("build_coverage_model", HERE / "build_coverage_model.py")


def _data(seed: int = 3, n: int = 120) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 4)) * np.array([1.0, 5.0, 0.2, 1.0])
    y = (x[:, 0] - 0.2 * x[:, 1] + rng.normal(size=n) > 0).astype(float)
    return x, y


def test_fit_reaches_the_penalised_optimum() -> None:
    """At the returned weights the gradient of the penalised log-loss is zero (bias unpenalised)."""
    x, y = _data()
    w, b = LOGISTIC.fit_logistic(x, y, 0.5)
    p = 1 / (1 + np.exp(-(x @ w + b)))
    assert np.abs(x.T @ (p - y) + 0.5 * w).max() < 1e-6
    assert abs(float((p - y).sum())) < 1e-6
    assert w[0] > 0 and w[1] < 0  # the informative columns, with their signs


def test_a_stronger_penalty_shrinks_the_weights() -> None:
    x, y = _data()
    weak, _ = LOGISTIC.fit_logistic(x, y, 0.01)
    strong, _ = LOGISTIC.fit_logistic(x, y, 100.0)
    assert np.linalg.norm(strong) < np.linalg.norm(weak)


def test_standardised_fit_is_the_plain_fit_on_scaled_columns() -> None:
    x, y = _data()
    w, b, mean, std = LOGISTIC.fit_standardised(x, y, 1.0)
    plain_w, plain_b = LOGISTIC.fit_logistic((x - x.mean(axis=0)) / x.std(axis=0), y, 1.0)
    assert np.allclose(w, plain_w) and abs(b - plain_b) < 1e-9
    assert np.allclose(LOGISTIC.predict_standardised(x, (w, b, mean, std)),
                       1 / (1 + np.exp(-(((x - mean) / std) @ w + b))))  # fmt: skip


def test_both_training_scripts_use_the_shared_fit() -> None:
    """train_promo's fit (early stop, tiny ridge) and the coverage build's standardised fit agree with
    the shared function called with their settings, to the bit."""
    x, y = _data(5)
    w, b = PROMO.fit(x, y)
    shared_w, shared_b = LOGISTIC.fit_logistic(x, y, PROMO.L2, PROMO.ITERATIONS, tol=1e-8, ridge=1e-9)
    assert np.array_equal(w, shared_w) and b == shared_b
    built = COVERAGE.fit(x, y)
    shared = LOGISTIC.fit_standardised(x, y, COVERAGE.L2)
    assert all(np.array_equal(a, c) for a, c in zip(built, shared, strict=True))
    assert "def fit_logistic" not in (HERE / "train_promo.py").read_text()
