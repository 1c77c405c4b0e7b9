"""Helpers shared by the retrieval benchmarks: data location, indexing through the
real chunker and Store, IR metrics and percentiles.

Benchmarks print figures and exit 0 with a message when their data is absent,
so ``make bench`` works on a machine without ``../shared``.
"""

from __future__ import annotations

import math
import os
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from assistant.config import Settings  # noqa: E402
from assistant.types import Block, DocumentMeta, ScoredChunk  # noqa: E402

if TYPE_CHECKING:
    from assistant.ingest.store import Store

SHARED = Path(os.environ.get("ASSISTANT_SHARED_DIR", ROOT.parent / "shared"))


def shared_file(*parts: str) -> Path:
    """A file under ../shared, or exit cleanly saying what is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        print(f"SKIP: {path} not found (set ASSISTANT_SHARED_DIR to the folder holding data/)")
        raise SystemExit(0)
    return path


def open_store(settings: Settings) -> Store:
    """The real Store with the configured offline embedder."""
    from assistant.embeddings import get_embedder
    from assistant.ingest.store import Store

    embedder = get_embedder(settings.embed_model, settings.embed_max_tokens, settings.embed_batch_size)
    return Store(settings, embedder)


def index_documents(store: Store, docs: Sequence[tuple[DocumentMeta, list[Block]]], batch: int = 256) -> None:
    """Chunk with the ingest chunker and write through ``Store.write_documents`` (embeds).

    The fingerprint is a constant: benchmark documents are never re-ingested incrementally.
    """
    from assistant.ingest.chunking import chunk_blocks, chunk_budget

    settings = store.settings
    count = store.embedder.count_tokens
    budget = chunk_budget(settings)
    started = time.perf_counter()
    for start in range(0, len(docs), batch):
        part = [
            (meta, chunk_blocks(meta, blocks, count, budget, settings.chunk_overlap_tokens), "bench")
            for meta, blocks in docs[start : start + batch]
        ]
        store.write_documents(part)
        done = min(start + batch, len(docs))
        print(f"  indexed {done}/{len(docs)} documents ({time.perf_counter() - started:.0f} s)", flush=True)
    store.finish_writes()


def doc_ranking(results: Iterable[ScoredChunk], key: str = "fused") -> list[str]:
    """Documents in order of their best chunk (results must already be ranked best first)."""
    seen: list[str] = []
    known: set[str] = set()
    for scored in results:
        doc_id = scored.chunk.doc_id
        if doc_id not in known:
            known.add(doc_id)
            seen.append(doc_id)
    return seen


def ndcg_at(ranking: Sequence[str], relevant: dict[str, int], k: int = 10) -> float:
    """nDCG@k with graded gains (BEIR's definition: gain = relevance, log2 discount)."""
    dcg = sum(relevant.get(d, 0) / math.log2(i + 2) for i, d in enumerate(ranking[:k]))
    ideal = sorted(relevant.values(), reverse=True)[:k]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall_at(ranking: Sequence[str], relevant: dict[str, int], k: int) -> float:
    wanted = {d for d, g in relevant.items() if g > 0}
    return len(wanted & set(ranking[:k])) / len(wanted) if wanted else 0.0


def reciprocal_rank(ranking: Sequence[str], relevant: dict[str, int]) -> float:
    for i, doc in enumerate(ranking, start=1):
        if relevant.get(doc, 0) > 0:
            return 1.0 / i
    return 0.0


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in [0, 100])."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def mean(values: Iterable[float]) -> float:
    vals = list(values)
    return sum(vals) / len(vals) if vals else float("nan")


def table(rows: Sequence[Sequence[object]], header: Sequence[str]) -> str:
    """A fixed-width text table (figures as printed in the reports)."""
    cells = [[str(c) for c in header]] + [[f"{c:.3f}" if isinstance(c, float) else str(c) for c in r] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
