"""Store at scale: open, memory and per-query cost of the search paths at 100,000 chunks.

Fills a state folder with synthetic chunks through the real write path (the
retrieval benchmark's ``fill_synthetic``: real Chroma, registry and bm25s, only
the embedding replaced by random unit vectors), or reuses one given with
``--state``. Then, in this process, prints for each step its wall time and the
resident memory (VmRSS) after it:

* ``Store(...)`` open (includes the reconcile check);
* the first and the warm ``bm25_search`` / ``dense_search``, unfiltered and
  with a product filter (every query with a new product: no per-filter cache hit);
* ``all_chunks()`` (the whole registry as Chunk objects: the O(N) path).

Goal: per-query cost independent of N apart from the search itself (no
deserialising the registry per query); open < 2 s; no all-chunk load for search.

    .venv/bin/python evals/bench/bench_store_scale.py [--chunks 100000] [--state DIR]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from _common import open_store, percentile

from assistant.config import Settings
from assistant.types import ChunkFilter, DocStatus

T = TypeVar("T")
COLLECTION = "latency"  # the collection bench_latency.py fills, so one filled folder serves both


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def step(label: str, fn: Callable[[], T]) -> T:
    started = time.perf_counter()
    out = fn()
    print(f"{label:<52} {(time.perf_counter() - started) * 1000:9.1f} ms   RSS {rss_mb():7.0f} MB", flush=True)
    return out


def timed(label: str, fn: Callable[[int], object], n: int) -> None:
    times = []
    for i in range(n):
        started = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - started) * 1000)
    print(f"{label:<52} n={n:<3} p50 {percentile(times, 50):7.1f} ms  p95 {percentile(times, 95):7.1f} ms  "
          f"RSS {rss_mb():7.0f} MB", flush=True)  # fmt: skip


def fill(state: Path, n_chunks: int) -> None:
    """Fill in a child process, so the measured open below is a cold one, as in a new CLI call."""
    from assistant.ingest.registry import Registry

    settings = Settings(data_dir=state, collection=COLLECTION)
    if settings.registry_path.exists() and Registry(settings.registry_path).count() >= n_chunks:
        return
    code = (
        "import sys; from pathlib import Path; from bench_latency import fill_synthetic;"
        "from _common import open_store; from assistant.config import Settings;"
        f"fill_synthetic(open_store(Settings(data_dir=Path(sys.argv[1]), collection={COLLECTION!r})), int(sys.argv[2]))"
    )
    subprocess.run([sys.executable, "-c", code, str(state), str(n_chunks)], cwd=Path(__file__).parent, check=True)


def measure(state: Path, queries: int) -> None:
    settings = Settings(data_dir=state, collection=COLLECTION)
    print(f"{'baseline (interpreter)':<52} {'':>12}   RSS {rss_mb():7.0f} MB")
    step("import Store and chromadb", lambda: __import__("assistant.ingest.store"))
    store = step("Store open", lambda: open_store(settings))
    print(f"  {store.count()} chunks, registry version {store.version}")
    rng = random.Random(5)
    words = ["dose", "renal", "hepatic", "weekly", "placebo", "kalo", "mine", "tari", "sovu", "zecro"]
    texts = [" ".join(rng.choices(words, k=6)) for _ in range(queries)]
    step("bm25_search first (loads the saved index)", lambda: store.bm25_search(texts[0], 40))
    timed("bm25_search warm, no filter", lambda i: store.bm25_search(texts[i], 40), queries)
    product = ChunkFilter(products=["product01"])
    approved: list[DocStatus] = ["approved"]
    step("bm25_search first with a product filter", lambda: store.bm25_search(texts[0], 40, product))
    timed("bm25_search, same product filter", lambda i: store.bm25_search(texts[i], 40, product), queries)
    timed(
        "bm25_search, a new product filter per query",
        lambda i: store.bm25_search(texts[i], 40, ChunkFilter(products=[f"product{i % 40:02d}"], statuses=approved)),
        queries,
    )
    step("dense_search first (loads HNSW)", lambda: store.dense_search(texts[0], 40))
    timed("dense_search warm, no filter", lambda i: store.dense_search(texts[i], 40), queries)
    timed(
        "dense_search, a new product filter per query",
        lambda i: store.dense_search(texts[i], 40, ChunkFilter(products=[f"product{i % 40:02d}"])),
        queries,
    )
    chunks = step("all_chunks() (every chunk as an object)", store.all_chunks)
    print(f"  {len(chunks)} chunks in memory")
    step("all_chunks(product filter) again (cached)", lambda: store.all_chunks(product))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--state", type=Path, default=None, help="reuse (or fill) this folder")
    parser.add_argument("--queries", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="msl-scale-") as tmp:
        state = args.state or Path(tmp) / "state"
        fill(state, args.chunks)
        measure(state, args.queries)


if __name__ == "__main__":
    main()
