"""Train the distortion head shipped in ``assistant/guardrails/promo_distortion_head.npz``.

Each row of ``distortion_train.jsonl`` (``build_distortion_train.py``) is read as the distortion
module reads a sentence at run time (:func:`assistant.guardrails.distortion.features`): its vector
minus the vector of its nearest anchor sentence, and their similarity. Rows taken from a label are
compared with that label's anchors only (as a claim about a product is compared with its own label);
written claims and twins, which name invented products, with every anchor. Each anchor is also read
against its nearest OTHER anchor of its label: a true label statement that is not the sentence it
restates must read as faithful. Positives count twice (they are a quarter of the rows).

Cross-validation holds out whole groups (5 folds of labels and invented areas), so the figures say
how the head transfers to a label, and a voice, it never saw.

    python evals/guardrails/train_distortion.py            # CV figures, writes the .npz
    python evals/guardrails/train_distortion.py --cv-only  # figures only
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from train_promo import fit, predict  # noqa: E402

from assistant.embeddings import PACKAGED_MODEL, get_embedder  # noqa: E402
from assistant.guardrails.distortion import HEAD_FILE, features, unit  # noqa: E402

TRAIN = Path(__file__).with_name("distortion_train.jsonl")
POSITIVE_COPIES = 2
FOLDS = 5
L2 = 0.1


def load() -> list[dict[str, object]]:
    return [json.loads(line) for line in TRAIN.read_text(encoding="utf-8").splitlines() if line.strip()]


def embed(texts: list[str], cache: Path | None = None) -> dict[str, np.ndarray]:
    """Unit vectors of the distinct texts (``cache``: an .npz kept between runs while the texts are the same)."""
    unique = sorted(set(texts))
    digest = hashlib.sha256("\n".join(unique).encode()).hexdigest()
    if cache and cache.exists() and str(np.load(cache)["digest"]) == digest:
        vectors = np.load(cache)["vectors"]
    else:
        vectors = unit(get_embedder(PACKAGED_MODEL, max_tokens=128).embed(unique))
        if cache:
            np.savez(cache, vectors=vectors, digest=np.array(digest))
    return dict(zip(unique, vectors, strict=True))


Design = tuple[np.ndarray, np.ndarray, list[str], list[str]]


def design(rows: list[dict[str, object]], vec: dict[str, np.ndarray]) -> Design:
    """Feature rows, labels, groups and kinds (anchors read against their nearest other anchor)."""
    pools: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        if r["kind"] == "anchor":
            pools[str(r["group"])].append(str(r["text"]))
    everything = np.stack([vec[t] for texts in pools.values() for t in texts])
    xs, ys, groups, kinds = [], [], [], []
    by_group: dict[str, list[dict[str, object]]] = defaultdict(list)
    for r in rows:
        by_group[str(r["group"])].append(r)
    for group, members in sorted(by_group.items()):
        own = np.stack([vec[t] for t in pools[group]]) if group in pools else everything
        for r in members:
            v = vec[str(r["text"])][None, :]
            if r["kind"] == "anchor":
                others = [t for t in pools[group] if t != r["text"]]
                if not others:
                    continue
                x = features(v, np.stack([vec[t] for t in others]))
                kind = "anchor_other"
            else:
                x = features(v, own)
                kind = str(r["kind"])
            xs.append(x[0])
            ys.append(float(r["label"]))  # type: ignore[arg-type]
            groups.append(group)
            kinds.append(kind)
    return np.stack(xs), np.array(ys), groups, kinds


def weighted(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    extra = np.repeat(np.flatnonzero(y == 1), POSITIVE_COPIES - 1)
    return np.vstack([x, x[extra]]), np.concatenate([y, y[extra]])


def cross_validate(x: np.ndarray, y: np.ndarray, groups: list[str], kinds: list[str]) -> dict[str, float]:
    """Held-out figures per kind of row, folds made of whole labels / invented areas."""
    names = sorted(set(groups))
    fold_of = {g: i % FOLDS for i, g in enumerate(names)}
    fold = np.array([fold_of[g] for g in groups])
    p = np.zeros(len(y))
    for k in range(FOLDS):
        w, b = fit(*weighted(x[fold != k], y[fold != k]), l2=L2)
        p[fold == k] = predict(x[fold == k], w, b)
    out = {"accuracy@0.5": float(((p >= 0.5) == (y == 1)).mean())}
    kind_arr = np.array(kinds)
    for kind in sorted(set(kinds)):
        sel = kind_arr == kind
        share = float((p[sel] >= 0.5).mean())
        out[f"{kind} {'recall' if y[sel][0] == 1 else 'fpr'}@0.5"] = share
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv-only", action="store_true")
    parser.add_argument("--cache", type=Path, help="an .npz keeping the training vectors between runs")
    args = parser.parse_args()
    rows = load()
    vec = embed([str(r["text"]) for r in rows], args.cache)
    x, y, groups, kinds = design(rows, vec)
    print(f"{len(y)} rows ({int(y.sum())} distorting); {len(set(groups))} groups")
    print("grouped 5-fold:", json.dumps({k: round(v, 3) for k, v in cross_validate(x, y, groups, kinds).items()}))
    if args.cv_only:
        return
    w, b = fit(*weighted(x, y), l2=L2)
    digest = hashlib.sha256(TRAIN.read_bytes()).hexdigest()
    np.savez(HEAD_FILE, weights=w.astype(np.float32), bias=np.array([b], dtype=np.float32),
             model=np.array(PACKAGED_MODEL), train_sha256=np.array(digest))  # fmt: skip
    print(f"wrote {HEAD_FILE} ({HEAD_FILE.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
