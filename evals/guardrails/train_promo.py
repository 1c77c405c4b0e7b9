"""Train the promotional-sentence classifier shipped in ``assistant/guardrails/promo_classifier.npz``.

A logistic regression over the packaged MiniLM sentence embeddings (no torch, no sklearn): the
embedding carries the *function* of a sentence (selling, dismissing risk, promising, pushing
prescribing vs reporting), which a lexicon cannot enumerate. Fitted by Newton's method (IRLS)
with an L2 penalty, so the result is deterministic for a given training file and embedder.
Leave-one-therapeutic-area-out accuracy is printed to show it does not learn area words.

    python evals/guardrails/build_promo_train.py     # (re)writes promo_train.jsonl
    python evals/guardrails/train_promo.py           # fits, prints CV figures, writes the .npz
    python evals/guardrails/train_promo.py --check   # refits and compares with the packaged weights

The adverse-event and injection heads are fitted the same way (``--task adverse_event`` /
``--task prompt_injection``) on the sets ``build_rail_train.py`` writes. Their negatives also include
every sentence of the OTHER training sets (a pitch, a drafting request or an AE report is not an
injection; a promotional claim or an injection is not an AE report), so the head sees a wide range
of ordinary text and does not learn "any question with a patient in it". Their held-out check is
5-fold cross-validation by frame family (a frame's sentences are never split between train and test).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from logistic import fit_logistic  # noqa: E402

from assistant.embeddings import PACKAGED_MODEL, get_embedder  # noqa: E402
from assistant.guardrails.promo_model import HEAD_FILES  # noqa: E402

TRAIN = Path(__file__).with_name("promo_train.jsonl")
HERE = Path(__file__).parent
TASK_SETS = {
    "adverse_event": "ae_train.jsonl",
    "prompt_injection": "injection_train.jsonl",
}
"""Training set of each rail head (the promotional one is ``TRAIN``)."""
ADDRESSEE = HERE / "addressee_train.jsonl"
"""The injection rail's addressee head: short addressee phrases only (``build_addressee_train.py``); its rows are
no negatives of the other heads (a phrase is not a question)."""
CONTRAST = HERE / "claim_contrast_train.jsonl"
"""The second promotional head's own rows (``build_claim_contrast_train.py``); it also learns every row
of ``TRAIN`` with its own label."""
CONTRAST_CLAIM_COPIES = 3
"""Each claim row counts three times in the contrast head's fit: label prose outnumbers claims ~4 to 1,
and unweighted the head learned "mostly neutral" (claims at p 0.5: 0.72 of readable promotional
answers, vs 0.80 weighted, with label sentences at p >= 0.7: 2 vs 6 of 1,955)."""
L2 = 0.1
ITERATIONS = 25


def load(path: Path = TRAIN) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def fit(x: np.ndarray, y: np.ndarray, l2: float = L2) -> tuple[np.ndarray, float]:
    """L2-penalised logistic regression by IRLS (the bias is not penalised): :func:`logistic.fit_logistic`."""
    return fit_logistic(x, y, l2, ITERATIONS, tol=1e-8, ridge=1e-9)


def predict(x: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    return np.asarray(1 / (1 + np.exp(-(x @ w + b))))


def train(path: Path = TRAIN) -> dict[str, np.ndarray]:
    rows = load(path)
    x = get_embedder(PACKAGED_MODEL).embed([str(r["text"]) for r in rows])
    y = np.array([float(r["label"]) for r in rows])  # type: ignore[arg-type]
    w, b = fit(x, y)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return {"weights": w.astype(np.float32), "bias": np.array([b], dtype=np.float32),
            "model": np.array(PACKAGED_MODEL), "train_sha256": np.array(digest)}  # fmt: skip


def task_rows(task: str) -> list[dict[str, object]]:
    """The task's own labelled rows, plus every row of the other rail sets as a negative (the second
    promotional head: its contrast rows plus the first head's rows, each with its own label)."""
    if task == "injection_addressee":
        return load(ADDRESSEE)
    if task == "promo_contrast":
        rows = load(CONTRAST) + load(TRAIN)
        claims = [r for r in rows if r["label"] == 1]
        return rows + claims * (CONTRAST_CLAIM_COPIES - 1)
    own = HERE / TASK_SETS[task]
    others = [HERE / name for name in TASK_SETS.values() if HERE / name != own] + [TRAIN]
    rows = load(own)
    for path in others:
        rows += [{**row, "label": 0, "family": f"other-{path.stem}"} for row in load(path)]
    return rows


def rows_digest(rows: list[dict[str, object]]) -> str:
    """Digest of the (text, label) rows a head learned from (stored with its weights)."""
    return hashlib.sha256(json.dumps([[r["text"], r["label"]] for r in rows]).encode()).hexdigest()


def train_task(task: str) -> dict[str, np.ndarray]:
    """Fit a rail head; the digest covers every file it learned from."""
    rows = task_rows(task)
    x = get_embedder(PACKAGED_MODEL).embed([str(r["text"]) for r in rows])
    y = np.array([float(r["label"]) for r in rows])  # type: ignore[arg-type]
    w, b = fit(x, y)
    digest = rows_digest(rows)
    return {"weights": w.astype(np.float32), "bias": np.array([b], dtype=np.float32),
            "model": np.array(PACKAGED_MODEL), "train_sha256": np.array(digest)}  # fmt: skip


def cross_validate_task(task: str, folds: int = 5) -> dict[str, float]:
    """Accuracy and recall of the positives over folds made of whole frame families."""
    rows = task_rows(task)
    x = get_embedder(PACKAGED_MODEL).embed([str(r["text"]) for r in rows])
    y = np.array([float(r["label"]) for r in rows])  # type: ignore[arg-type]
    families = sorted({str(r["family"]) for r in rows})
    fold_of = {f: i % folds for i, f in enumerate(families)}
    fold = np.array([fold_of[str(r["family"])] for r in rows])
    p = np.zeros(len(rows))
    for k in range(folds):
        w, b = fit(x[fold != k], y[fold != k])
        p[fold == k] = predict(x[fold == k], w, b)
    return {"accuracy": float(((p >= 0.5) == (y == 1)).mean()), "recall@0.5": float((p[y == 1] >= 0.5).mean()),
            "recall@0.3": float((p[y == 1] >= 0.3).mean()), "fpr@0.3": float((p[y == 0] >= 0.3).mean())}  # fmt: skip


def cross_validate(path: Path = TRAIN) -> dict[str, float]:
    """Leave-one-area-out accuracy: train on 15 therapeutic areas, test on the 16th."""
    rows = load(path)
    x = get_embedder(PACKAGED_MODEL).embed([str(r["text"]) for r in rows])
    y = np.array([float(r["label"]) for r in rows])  # type: ignore[arg-type]
    areas = np.array([str(r["area"]) for r in rows])
    correct = 0
    out: dict[str, float] = {}
    for area in sorted(set(areas)):
        test = areas == area
        w, b = fit(x[~test], y[~test])
        hits = (predict(x[test], w, b) >= 0.5) == (y[test] == 1)
        out[area] = float(hits.mean())
        correct += int(hits.sum())
    out["overall"] = correct / len(rows)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="refit and compare with the packaged weights")
    parser.add_argument(
        "--task", choices=["promotional", "promo_contrast", "injection_addressee", *TASK_SETS], default="promotional"
    )
    args = parser.parse_args()
    target = HEAD_FILES[args.task]
    fitted = train() if args.task == "promotional" else train_task(args.task)
    if args.check:
        shipped = np.load(target)
        same = np.allclose(shipped["weights"], fitted["weights"], atol=1e-3) and abs(
            float(shipped["bias"][0]) - float(fitted["bias"][0])) < 1e-3  # fmt: skip
        print("packaged weights reproduced" if same else "packaged weights DIFFER from a refit")
        raise SystemExit(0 if same else 1)
    if args.task == "promotional":
        cv = cross_validate()
        print("leave-one-area-out accuracy:", json.dumps({k: round(v, 3) for k, v in cv.items()}))
    else:
        cv = cross_validate_task(args.task)
        print("5-fold (by frame family) figures:", json.dumps({k: round(v, 3) for k, v in cv.items()}))
    np.savez(target, **fitted)
    print(f"wrote {target} ({target.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
