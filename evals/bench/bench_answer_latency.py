"""Answer latency, offline (extractive), over the bundled corpus.

Times ``Assistant.ask`` end to end (question guardrail, retrieval, lexical
sentence composition, answer guardrail, audit append) on ~30 questions spread
over every product in ``evals/golden/questions.jsonl``, and prints p50/p95
overall and per stage, as wall time and as CPU time of the process (all
threads). Goal on 2 cores: p95 <= 300 ms. On a shared machine wall time scales
with the load average printed at the end; CPU time does not.

Measured (2 cores shared, load ~10): before, composing embedded ~11 candidate
sentences with MiniLM per answer: CPU p95 416 ms, wall p95 1768 ms. The
composer now scores sentences lexically with the passage's retrieval score as
prior (no query-time sentence embedding): see the figures this script prints.

    .venv/bin/python evals/bench/bench_answer_latency.py [--data-dir DIR] [--n 30]

``--data-dir`` reuses an ingested state folder (ingesting ``corpus/`` first when
it is empty); without it a temporary one is used.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from collections import Counter
from pathlib import Path

from _common import ROOT, percentile, table

from assistant.api import Assistant
from assistant.config import Settings

GOLDEN = ROOT / "evals" / "golden" / "questions.jsonl"
STAGES = ("guard", "retrieve", "compose", "total")


def spread_questions(n: int) -> list[tuple[str, str | None]]:
    """``n`` golden questions taken round-robin over products, so every product is timed."""
    rows = [json.loads(line) for line in GOLDEN.read_text().splitlines() if line.strip()]
    by_product: dict[str, list[dict]] = {}
    for row in rows:
        by_product.setdefault(row.get("product") or "", []).append(row)
    picked: list[tuple[str, str | None]] = []
    while len(picked) < n and any(by_product.values()):
        for queue in by_product.values():
            if queue and len(picked) < n:
                picked.append((queue.pop(0)["question"], None))
    return picked


def run(data_dir: Path, n: int) -> None:
    assistant = Assistant(Settings(data_dir=data_dir))
    if not assistant.documents():
        started = time.perf_counter()
        assistant.ingest([ROOT / "corpus"])
        print(f"ingested corpus in {time.perf_counter() - started:.1f} s")
    questions = spread_questions(n)
    for question, _ in questions[:3]:  # warm-up: models, BM25, catalog, guardrail profiles
        assistant.ask(question)
    stage_times: dict[str, list[float]] = {s: [] for s in STAGES}
    wall: list[float] = []
    cpu: list[float] = []
    statuses: Counter[str] = Counter()
    for question, product in questions:
        started, cpu_started = time.perf_counter(), time.process_time()
        answer = assistant.ask(question, product)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
        statuses[answer.status] += 1
        if answer.status != "answered":
            print(f"  {answer.status}: {question}")
        for stage in STAGES:
            if stage in answer.timings_ms:
                stage_times[stage].append(answer.timings_ms[stage])
    rows = [
        (stage, len(times), percentile(times, 50), percentile(times, 95))
        for stage, times in [*stage_times.items(), ("wall (incl. audit)", wall), ("CPU time, all threads", cpu)]
        if times
    ]
    print(f"questions: {len(questions)}  statuses: {dict(statuses)}")
    print(table(rows, ["stage", "n", "p50 ms", "p95 ms"]))
    verdict = "meets" if percentile(wall, 95) <= 300 else "misses"
    print(f"answer latency p95 {percentile(wall, 95):.1f} ms ({verdict} the 300 ms goal)")
    load = os.getloadavg()[0]
    print(f"1-minute load average during the run: {load:.1f} on {os.cpu_count()} CPUs (wall times scale with it)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--n", type=int, default=30)
    args = parser.parse_args()
    if args.data_dir is not None:
        run(args.data_dir, args.n)
        return
    with tempfile.TemporaryDirectory(prefix="bench-answer-") as tmp:
        run(Path(tmp), args.n)


if __name__ == "__main__":
    main()
