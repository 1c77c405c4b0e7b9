"""Retrieval latency on the bundled corpus and at 100,000 chunks; answer latency when the chain exists.

1. Bundled corpus: ``corpus/`` is ingested into a state folder, then MSL-style
   questions (templates x every product the catalog learnt) are timed through
   ``HybridRetriever.retrieve`` and, if ``assistant/chain.py`` exists, through
   ``Assistant.ask`` (extractive, offline).
2. 100k chunks: synthetic passages with random unit vectors are written through
   the real ``Store.write_documents`` (Chroma + registry + bm25s) in a temp
   folder; only the embedding step is replaced, so the search path is the real one.

Goals on 2 cores: retrieve() p95 <= 300 ms on the corpus, <= 1 s at 100k chunks.

    .venv/bin/python evals/bench/bench_latency.py [--chunks 100000] [--skip-large]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from _common import ROOT, open_store, percentile

from assistant.config import Settings
from assistant.retrieval.retriever import HybridRetriever
from assistant.types import Chunk, DocumentMeta

if TYPE_CHECKING:
    from assistant.ingest.store import Store

TEMPLATES = (
    "What is the recommended dose of {name}?",
    "What are the contraindications of {name}?",
    "What is the mechanism of action of {name}?",
    "What are the most common adverse reactions with {name}?",
    "Can {name} be used during pregnancy?",
    "What is the half-life of {name}?",
    "What were the main efficacy results for {name}?",
    "Does {name} interact with strong CYP3A inhibitors?",
)
GENERIC_QUESTIONS = (
    "Which treatments reduce cardiovascular death?",
    "What should be monitored during treatment?",
    "How should missed doses be handled?",
    "What is the evidence in elderly patients?",
)


def timed(fn: Callable[[str], object], questions: list[str], warmup: int = 2) -> list[float]:
    for q in questions[:warmup]:
        fn(q)
    out = []
    for q in questions:
        started = time.perf_counter()
        fn(q)
        out.append((time.perf_counter() - started) * 1000)
    return out


def report(label: str, times: list[float]) -> None:
    print(f"{label:<48} n={len(times):<4} p50 {percentile(times, 50):7.1f} ms   p95 {percentile(times, 95):7.1f} ms")


def bench_corpus(state: Path) -> None:
    from assistant.api import Assistant

    assistant = Assistant(Settings(data_dir=state))
    started = time.perf_counter()
    result = assistant.ingest([ROOT / "corpus"])
    print(f"corpus: {assistant.store.count()} chunks in {len(assistant.documents())} documents "
          f"(ingest {time.perf_counter() - started:.1f} s, {len(result.failed)} failures)")
    names: list[str] = []
    for info in assistant.retriever.catalog.products:
        names += [info.product] + ([info.brand] if info.brand else [])
    questions = [t.format(name=n) for n in names for t in TEMPLATES] + list(GENERIC_QUESTIONS)
    retriever = assistant.retriever
    report("retrieve() on the bundled corpus", timed(retriever.retrieve, questions))
    if (ROOT / "assistant" / "chain.py").exists():
        report("Assistant.ask() extractive, bundled corpus", timed(assistant.ask, questions[::3]))


def synthetic_vocabulary(rng: random.Random, size: int = 20000) -> list[str]:
    syllables = ["ka", "lo", "mi", "ne", "ta", "ri", "so", "vu", "ze", "pha", "cro", "lin", "mab", "tin", "zol"]
    words = {"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(size * 2)}
    return sorted(words)[:size]


def fill_synthetic(store: Store, n_chunks: int, per_doc: int = 100, seed: int = 7) -> None:
    """Write ``n_chunks`` Zipf-worded passages with random vectors through the real write path."""
    rng = random.Random(seed)
    vocab = synthetic_vocabulary(rng)
    weights = [1 / (i + 1) for i in range(len(vocab))]
    vectors = np.random.default_rng(seed)

    def random_vectors(chunks: list[Chunk]) -> list[list[float]]:
        v = vectors.standard_normal((len(chunks), 384)).astype(np.float32)
        return (v / np.linalg.norm(v, axis=1, keepdims=True)).tolist()

    store.embed_chunks = random_vectors  # type: ignore[method-assign]  # the one step replaced
    n_docs = n_chunks // per_doc
    started = time.perf_counter()
    for start in range(0, n_docs, 50):
        batch = []
        for d in range(start, min(start + 50, n_docs)):
            product = f"product{d % 40:02d}"
            meta = DocumentMeta(doc_id=f"syn-{d}", title=f"Synthetic label {d}", doc_type="label", product=product,
                                status="approved" if d % 10 else "expired")
            chunks = [
                Chunk(chunk_id=f"syn-{d}:{i}", doc_id=meta.doc_id, ordinal=i, meta=meta,
                      text=" ".join(rng.choices(vocab, weights=weights, k=120)), section=f"Section {i % 12}")
                for i in range(per_doc)
            ]
            batch.append((meta, chunks, "synthetic"))
        store.write_documents(batch)
    store.finish_writes()
    print(f"synthetic: {store.count()} chunks written in {time.perf_counter() - started:.0f} s")


def bench_large(state: Path, n_chunks: int) -> None:
    settings = Settings(data_dir=state, collection="latency")
    store = open_store(settings)
    if store.count() < n_chunks:
        fill_synthetic(store, n_chunks)
    rng = random.Random(3)
    vocab = synthetic_vocabulary(random.Random(7))
    plain = [" ".join(rng.choices(vocab[:3000], k=8)) + " dose" for _ in range(60)]
    named = [f"What is the dose of product{i % 40:02d}? " + " ".join(rng.choices(vocab[:3000], k=5)) for i in range(60)]
    retriever = HybridRetriever(store, settings)
    retriever.catalog  # noqa: B018  # built once per store version, like in the app
    report(f"retrieve() at {store.count()} chunks, no product", timed(retriever.retrieve, plain))
    report(f"retrieve() at {store.count()} chunks, product named", timed(retriever.retrieve, named))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--state", type=Path, default=None, help="reuse this folder (default: a temp folder)")
    parser.add_argument("--skip-large", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="msl-latency-") as tmp:
        root = args.state or Path(tmp)
        bench_corpus(root / "corpus-state")
        if not args.skip_large:
            bench_large(root / "large-state", args.chunks)


if __name__ == "__main__":
    main()
