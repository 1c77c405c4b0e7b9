"""BEIR SciFact through the full retrieval pipeline: nDCG@10 and Recall@100.

Each abstract becomes a ``publication`` document (title in the metadata, abstract
as one block), is chunked by the ingest chunker and written through the real
``Store`` (Chroma + bm25s). A query runs ``Store.dense_search`` and
``Store.bm25_search`` once; every variant is then scored by replaying those two
lists through ``HybridRetriever.fuse`` (so the ablation measures the shipped
fusion code). Document score = its best chunk. Fusion parameters are tuned on
the *train* qrels and reported on *test*; the default configuration is also run
end to end through ``HybridRetriever.retrieve``.

    .venv/bin/python evals/bench/bench_scifact.py [--state /tmp/msl-bench/scifact]

First run embeds 5,183 abstracts (~10 min on 2 cores); the state folder is reused after.
Published (test, nDCG@10): BM25 0.665, all-MiniLM-L6-v2 0.645, BM25+CE 0.688.
"""

from __future__ import annotations

import argparse
import csv
import json
import time
from collections import defaultdict
from itertools import product
from pathlib import Path
from typing import TYPE_CHECKING

from _common import (
    doc_ranking,
    index_documents,
    mean,
    ndcg_at,
    open_store,
    percentile,
    recall_at,
    shared_file,
    table,
)

from assistant.config import Settings
from assistant.retrieval.retriever import HybridRetriever, RetrievalWeights
from assistant.types import Block, ChunkFilter, DocumentMeta, ScoredChunk

if TYPE_CHECKING:
    from assistant.ingest.store import Store

Lists = dict[str, tuple[list[ScoredChunk], list[ScoredChunk]]]


def load(folder: Path) -> tuple[list[dict[str, str]], dict[str, str], dict[str, dict[str, dict[str, int]]]]:
    corpus = [json.loads(line) for line in (folder / "corpus.jsonl").open()]
    queries = {q["_id"]: q["text"] for q in map(json.loads, (folder / "queries.jsonl").open())}
    qrels: dict[str, dict[str, dict[str, int]]] = {}
    for split in ("train", "test"):
        rels: dict[str, dict[str, int]] = defaultdict(dict)
        path = folder / "qrels" / f"{split}.tsv"
        if path.exists():
            for row in csv.DictReader(path.open(), delimiter="\t"):
                rels[row["query-id"]][row["corpus-id"]] = int(row["score"])
        qrels[split] = dict(rels)
    return corpus, queries, qrels


def ensure_indexed(store: Store, corpus: list[dict[str, str]]) -> None:
    stored = {s.meta.doc_id for s in store.documents()}
    todo = [d for d in corpus if f"sf-{d['_id']}" not in stored]
    if not todo:
        return
    print(f"indexing {len(todo)} abstracts through chunker + Store (embeds; slow on first run)")
    docs = [
        (
            DocumentMeta(doc_id=f"sf-{d['_id']}", title=d["title"] or d["_id"], doc_type="publication"),
            [Block(text=d["text"] or d["title"])],
        )
        for d in todo
    ]
    index_documents(store, docs)


def candidate_lists(store: Store, queries: dict[str, str], ids: list[str], k: int) -> Lists:
    flt = ChunkFilter()
    return {q: (store.dense_search(queries[q], k, flt), store.bm25_search(queries[q], k, flt)) for q in ids}


def evaluate(
    retriever: HybridRetriever, lists: Lists, queries: dict[str, str], qrels: dict[str, dict[str, int]]
) -> tuple[float, float]:
    ndcg, recall = [], []
    for qid, rel in qrels.items():
        dense, sparse = lists[qid]
        fused = retriever.fuse(dense, sparse, retriever.plan(queries[qid]), k=len(dense) + len(sparse))
        ranking = [d.removeprefix("sf-") for d in doc_ranking(fused)]
        ndcg.append(ndcg_at(ranking, rel, 10))
        recall.append(recall_at(ranking, rel, 100))
    return mean(ndcg), mean(recall)


def plain_bm25(
    corpus: list[dict[str, str]], queries: dict[str, str], qrels: dict[str, dict[str, int]]
) -> tuple[float, float]:
    """Document-level bm25s over title + abstract, the usual BEIR baseline."""
    import bm25s
    import Stemmer

    stemmer = Stemmer.Stemmer("english")
    ids = [d["_id"] for d in corpus]
    index = bm25s.BM25()
    texts = [f"{d['title']} {d['text']}" for d in corpus]
    index.index(bm25s.tokenize(texts, stopwords="en", stemmer=stemmer, show_progress=False), show_progress=False)
    qids = list(qrels)
    tokens = bm25s.tokenize([queries[q] for q in qids], stopwords="en", stemmer=stemmer, show_progress=False)
    docs, _ = index.retrieve(tokens, k=100, show_progress=False)
    ndcg = [ndcg_at([ids[int(i)] for i in row], qrels[q], 10) for q, row in zip(qids, docs, strict=True)]
    recall = [recall_at([ids[int(i)] for i in row], qrels[q], 100) for q, row in zip(qids, docs, strict=True)]
    return mean(ndcg), mean(recall)


def tune(
    store: Store, settings: Settings, lists: Lists, queries: dict[str, str], train: dict[str, dict[str, int]]
) -> list[tuple[str, Settings, RetrievalWeights, float]]:
    """Best RRF and best convex configuration on the train split (nDCG@10)."""
    best: dict[str, tuple[float, Settings, RetrievalWeights]] = {}
    rrf_grid = product((10, 30, 60, 100), (0.5, 0.75, 1.0, 1.5))
    for rrf_k, w_dense in rrf_grid:
        s = settings.model_copy(update={"rrf_k": rrf_k})
        w = RetrievalWeights(dense=w_dense, bm25=1.0)
        score = evaluate(HybridRetriever(store, s, w), lists, queries, train)[0]
        if score > best.get("rrf", (-1.0,))[0]:
            best["rrf"] = (score, s, w)
    for alpha in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7):
        w = RetrievalWeights(dense=alpha, bm25=1 - alpha, method="convex")
        score = evaluate(HybridRetriever(store, settings, w), lists, queries, train)[0]
        if score > best.get("convex", (-1.0,))[0]:
            best["convex"] = (score, settings, w)
    return [(name, s, w, score) for name, (score, s, w) in best.items()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--state", type=Path, default=Path("/tmp/msl-bench/scifact"), help="reusable index folder")
    parser.add_argument("--candidates", type=int, default=300, help="chunks per retriever (Recall@100 needs many)")
    args = parser.parse_args()
    corpus, queries, qrels = load(shared_file("data", "scifact"))
    settings = Settings(data_dir=args.state, collection="scifact", candidate_k=args.candidates)
    store = open_store(settings)
    ensure_indexed(store, corpus)
    print(f"{len(corpus)} abstracts -> {len(store.all_chunks())} chunks; "
          f"{len(qrels['train'])} train / {len(qrels['test'])} test queries")

    ids = sorted(set(qrels["train"]) | set(qrels["test"]))
    started = time.perf_counter()
    lists = candidate_lists(store, queries, ids, args.candidates)
    print(f"candidate lists: {len(ids)} queries in {time.perf_counter() - started:.0f} s")

    test = qrels["test"]
    rows: list[list[object]] = []
    ndcg, rec = plain_bm25(corpus, queries, test)
    rows.append(["plain bm25s, doc level (title+abstract)", "-", ndcg, rec])
    fixed = {
        "dense only (chunks, store)": RetrievalWeights(bm25=0.0),
        "BM25 only (chunks, store)": RetrievalWeights(dense=0.0),
        "RRF k=60, equal weights, no section boost": RetrievalWeights(section_boost=0.0),
        "RRF k=60, equal weights (shipped default)": RetrievalWeights(),
    }
    for name, weights in fixed.items():
        rows.append([name, "-", *evaluate(HybridRetriever(store, settings, weights), lists, queries, test)])
    for name, s, w, train_score in tune(store, settings, lists, queries, qrels["train"]):
        label = f"{name} tuned on train (rrf_k={s.rrf_k}, w_dense={w.dense}, w_bm25={w.bm25})"
        rows.append([label, train_score, *evaluate(HybridRetriever(store, s, w), lists, queries, test)])
    print(table(rows, ["configuration", "train nDCG@10", "test nDCG@10", "test R@100"]))

    end_to_end(store, settings, queries, test)


def end_to_end(store: Store, settings: Settings, queries: dict[str, str], test: dict[str, dict[str, int]]) -> None:
    """The shipped default through ``retrieve()`` itself, with its latency."""
    retriever = HybridRetriever(store, settings)
    ndcg, recall, times = [], [], []
    for qid, rel in test.items():
        started = time.perf_counter()
        results = retriever.retrieve(queries[qid], k=2 * settings.candidate_k)
        times.append((time.perf_counter() - started) * 1000)
        ranking = [d.removeprefix("sf-") for d in doc_ranking(results)]
        ndcg.append(ndcg_at(ranking, rel, 10))
        recall.append(recall_at(ranking, rel, 100))
    print(f"end to end retrieve() on test: nDCG@10 {mean(ndcg):.3f}  R@100 {mean(recall):.3f}  "
          f"latency p50 {percentile(times, 50):.0f} ms p95 {percentile(times, 95):.0f} ms "
          f"(candidate_k={settings.candidate_k})")


if __name__ == "__main__":
    main()
