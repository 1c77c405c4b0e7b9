"""One L2-penalised logistic regression, fitted by Newton's method (IRLS), for every packaged head.

The promotional, contrast, adverse-event, injection and distortion heads (``train_promo.py``,
``train_distortion.py``) and the coverage comparator (``build_coverage_model.py``) all fit the same
model; they differ only in whether the features are standardised first and in the stopping rule,
which are arguments here. No randomness: a given training set and embedder give the same weights.
"""

from __future__ import annotations

import numpy as np


def fit_logistic(
    x: np.ndarray, y: np.ndarray, l2: float, rounds: int = 25, *, tol: float = 0.0, ridge: float = 0.0
) -> tuple[np.ndarray, float]:
    """Weights and bias of an L2 logistic regression (the bias is not penalised).

    ``tol``: stop once no weight moves by ``tol`` or more (0: always ``rounds`` steps); ``ridge``:
    a tiny multiple of the identity added to the Hessian so that a rank-deficient embedding matrix
    still solves."""
    xb = np.hstack([x.astype(np.float64), np.ones((len(x), 1))])
    w = np.zeros(xb.shape[1])
    penalty = np.full(xb.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(rounds):
        p = 1 / (1 + np.exp(-(xb @ w)))
        grad = xb.T @ (p - y) + penalty * w
        hessian = (xb * (p * (1 - p))[:, None]).T @ xb + np.diag(penalty)
        if ridge:
            hessian = hessian + ridge * np.eye(xb.shape[1])
        step = np.linalg.solve(hessian, grad)
        w -= step
        if np.abs(step).max() < tol:
            break
    return w[:-1], float(w[-1])


Standardised = tuple[np.ndarray, float, np.ndarray, np.ndarray]
"""(weights, bias, mean, std) of a fit on standardised features."""


def fit_standardised(x: np.ndarray, y: np.ndarray, l2: float, rounds: int = 25) -> Standardised:
    """:func:`fit_logistic` on features scaled to zero mean and unit variance (a constant column
    keeps scale 1): hand-made features of different ranges then share one penalty fairly."""
    mean, std = x.mean(axis=0), x.std(axis=0)
    std[std < 1e-6] = 1.0
    w, b = fit_logistic((x - mean) / std, y, l2, rounds)
    return w, b, mean, std


def predict_standardised(x: np.ndarray, model: Standardised) -> np.ndarray:
    w, b, mean, std = model
    return np.asarray(1.0 / (1.0 + np.exp(-(((x - mean) / std) @ w + b))))
