"""PubMedQA PQA-L as a retrieval task: does the question find its own abstract?

The 1,000 abstracts (CONTEXTS joined) go through the ingest chunker and the real
Store; each QUESTION is asked of the hybrid retriever (and of its dense and BM25
halves); an abstract's rank is that of its best chunk. Prints Recall@1,
Recall@10 and MRR. Abstract-level references: BM25 R@1 0.947, MiniLM 0.971 —
chunking must not lose that.

    .venv/bin/python evals/bench/bench_pubmedqa.py [--state /tmp/msl-bench/pubmedqa]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from _common import (
    doc_ranking,
    index_documents,
    mean,
    open_store,
    percentile,
    recall_at,
    reciprocal_rank,
    shared_file,
    table,
)

from assistant.config import Settings
from assistant.retrieval.retriever import HybridRetriever, RetrievalWeights
from assistant.types import Block, ChunkFilter, DocumentMeta


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--state", type=Path, default=Path("/tmp/msl-bench/pubmedqa"), help="reusable index folder")
    args = parser.parse_args()
    data = json.loads(shared_file("data", "pubmedqa", "ori_pqal.json").read_text())
    settings = Settings(data_dir=args.state, collection="pubmedqa")
    store = open_store(settings)
    stored = {s.meta.doc_id for s in store.documents()}
    todo = [pmid for pmid in data if f"pq-{pmid}" not in stored]
    if todo:
        print(f"indexing {len(todo)} abstracts through chunker + Store")
        index_documents(
            store,
            [
                # The title is deliberately neutral: PQA-L questions are the papers' titles.
                (DocumentMeta(doc_id=f"pq-{pmid}", title=f"PubMed {pmid}", doc_type="publication"),
                 [Block(text="\n".join(data[pmid]["CONTEXTS"]))])
                for pmid in todo
            ],
        )
    print(f"{len(data)} abstracts -> {len(store.all_chunks())} chunks")

    k = settings.candidate_k
    lists = {}
    for pmid, item in data.items():
        q = item["QUESTION"]
        lists[pmid] = (store.dense_search(q, k, ChunkFilter()), store.bm25_search(q, k, ChunkFilter()))
    variants = {
        "dense only": RetrievalWeights(bm25=0.0),
        "BM25 only": RetrievalWeights(dense=0.0),
        "hybrid RRF (shipped default)": RetrievalWeights(),
    }
    rows: list[list[object]] = []
    for name, weights in variants.items():
        retriever = HybridRetriever(store, settings, weights)
        r1, r10, rr = [], [], []
        for pmid, item in data.items():
            dense, sparse = lists[pmid]
            fused = retriever.fuse(dense, sparse, retriever.plan(item["QUESTION"]), k=2 * k)
            ranking = [d.removeprefix("pq-") for d in doc_ranking(fused)]
            rel = {pmid: 1}
            r1.append(recall_at(ranking, rel, 1))
            r10.append(recall_at(ranking, rel, 10))
            rr.append(reciprocal_rank(ranking, rel))
        rows.append([name, mean(r1), mean(r10), mean(rr)])
    print(table(rows, ["configuration", "R@1", "R@10", "MRR"]))

    retriever = HybridRetriever(store, settings)
    times, r1 = [], []
    for pmid, item in data.items():
        started = time.perf_counter()
        results = retriever.retrieve(item["QUESTION"], k=10)
        times.append((time.perf_counter() - started) * 1000)
        r1.append(recall_at([d.removeprefix("pq-") for d in doc_ranking(results)], {pmid: 1}, 1))
    print(f"end to end retrieve(): R@1 {mean(r1):.3f}; latency p50 {percentile(times, 50):.0f} ms, "
          f"p95 {percentile(times, 95):.0f} ms over {len(times)} questions")


if __name__ == "__main__":
    main()
