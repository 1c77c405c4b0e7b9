"""Guardrail accuracy on our own cases and on the shared dev cases.

The off-label rail needs label profiles, so the bundled corpus's approved labels
(``corpus/*/label.xml`` with their manifests) are ingested into a temporary
state folder first, through the real ingest pipeline and Store (pass
``--data-dir`` to reuse a state folder that already holds them). The dev set in
``../shared/guardrails/dev_cases.jsonl`` is skipped cleanly when absent.

Goals on both sets: accuracy >= 0.92, recall >= 0.95, false-positive rate <= 0.05.

It also prints the answer rail's false-positive rate on approved label prose: every
sentence of every approved label chunk, checked as ``kind="answer"`` for its own
product, without sources and with its own chunk as the cited source. Every such
sentence restates approved content, so every block is a false positive.

    .venv/bin/python evals/bench/bench_guardrails.py [--data-dir DIR] [--misses]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from _common import ROOT, SHARED

from assistant.api import Assistant
from assistant.config import Settings
from assistant.guardrails.condition_names import nearest_names
from assistant.guardrails.engine import GuardrailEngine
from assistant.guardrails.metrics import score_cases
from assistant.guardrails.promo_model import sentence_vectors
from assistant.retrieval.text import split_sentences
from assistant.types import ChunkFilter

OWN_CASES = ROOT / "evals" / "guardrails" / "cases.jsonl"
DEV_CASES = SHARED / "guardrails" / "dev_cases.jsonl"
MORE_CASES = [
    ("blind cases", ROOT / "evals" / "guardrails" / "blind_cases.jsonl"),
    ("issue-12 cases (incl. real labels)", ROOT / "evals" / "guardrails" / "own12_cases.jsonl"),
    ("issue-12 cases, second batch", ROOT / "evals" / "guardrails" / "own12b_cases.jsonl"),
]
REAL_LABELS = SHARED / "data" / "real_labels"


def load_cases(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def ingest_labels(assistant: Assistant) -> None:
    """Ingest every product folder's current label (manifests give status and names)."""
    labels = sorted((ROOT / "corpus").glob("*/label.xml"))
    started = time.perf_counter()
    report = assistant.ingest(labels)
    print(f"ingested {len(labels)} labels ({report.chunks} chunks) in {time.perf_counter() - started:.0f} s")
    for failure in report.failed:
        print(f"  failed: {failure.path}: {failure.error}")


def print_scores(name: str, scores: dict[str, object], show_misses: bool) -> None:
    print(f"\n== {name}: {scores['n']} cases")
    print(
        f"accuracy {scores['accuracy']}  recall {scores['recall']}  false_positive_rate {scores['false_positive_rate']}"
    )
    for rule, m in scores["per_rule"].items():  # type: ignore[attr-defined]
        print(f"  {rule:17s} precision {m['precision']}  recall {m['recall']}  (n={m['support']})")
    print("  confusion (expected -> got allow / notice / block):")
    for expected, row in scores["confusion"].items():  # type: ignore[attr-defined]
        print(f"    {expected:17s} {row['allow']:4d} {row['allow_with_notice']:4d} {row['block']:4d}")
    misses = scores["misses"]
    print(f"  misses: {len(misses)}")  # type: ignore[arg-type]
    if show_misses:
        for miss in misses:  # type: ignore[attr-defined]
            print(
                f"    {miss['id']}: expected {miss['expected']}/{miss['rule']} got {miss['got']} "
                f"{miss['findings']} :: {miss['text']}"
            )


def latency(engine: GuardrailEngine, texts: list[tuple[str, str, str | None]]) -> None:
    """p50/p95 of one ``check`` per text after warm-up (embedder, ICD index and profiles loaded).

    The sentence-vector cache is emptied first: the accuracy runs above checked these very texts,
    and a text seen before costs no embedding, which would hide what a new text costs."""
    engine.check("warm-up: is it better than the others?", kind="answer")
    engine.check("warm-up question about dosing", kind="question")
    sentence_vectors().clear()
    nearest_names.cache_clear()  # a new text's phrases cost a lookup too
    times = []
    for text, kind, product in texts:
        started = time.perf_counter()
        engine.check(text, kind=kind, product=product)  # type: ignore[arg-type]
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p50, p95 = times[len(times) // 2], times[min(len(times) - 1, int(len(times) * 0.95))]
    print(f"\n== latency per text after warm-up ({len(times)} texts): p50 {p50:.1f} ms  p95 {p95:.1f} ms  "
          f"max {times[-1]:.1f} ms (goal < 50 ms)")  # fmt: skip


def label_sentence_fp(assistant: Assistant, engine: GuardrailEngine, show: bool) -> None:
    """Blocked share of approved label sentences checked as cited answers (without / with sources)."""
    chunks = assistant.store.all_chunks(ChunkFilter(doc_types=["label"]))
    items = [(f"{s} [1]", c) for c in chunks if c.meta.status == "approved" for s in split_sentences(c.text)]
    blocked = {"without sources": 0, "with sources": 0}
    for text, chunk in items:
        for mode, sources in (("without sources", None), ("with sources", [chunk.text])):
            result = engine.check(text, kind="answer", product=chunk.meta.product, sources=sources)
            if result.decision == "block":
                blocked[mode] += 1
                if show:
                    print(f"    [{mode}] {[f'{f.rule}: {f.span}' for f in result.findings]} :: {text[:160]}")
    print(f"\n== approved label sentences as answers: {len(items)} sentences")
    for mode, n in blocked.items():
        print(f"  blocked {mode}: {n} ({n / max(1, len(items)):.2%})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, help="State folder that already holds the corpus labels.")
    parser.add_argument("--misses", action="store_true", help="Print every missed case.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-guard-") as tmp:
        assistant = Assistant(Settings(data_dir=args.data_dir or Path(tmp)))
        if args.data_dir is None:
            ingest_labels(assistant)
            if REAL_LABELS.is_dir():
                assistant.ingest([REAL_LABELS])
        engine = assistant.guardrails
        print(f"label profiles: {', '.join(sorted(engine.profiles))}")
        every: list[tuple[str, str, str | None]] = []
        for name, path in (("own cases", OWN_CASES), ("shared dev cases", DEV_CASES), *MORE_CASES):
            if not path.exists():
                print(f"\nSKIP {name}: {path} not found")
                continue
            started = time.perf_counter()
            cases = load_cases(path)
            every += [(str(c["text"]), str(c.get("kind", "question")), c.get("product")) for c in cases]  # type: ignore[misc]
            scores = score_cases(engine, cases)
            per_case = (time.perf_counter() - started) * 1000 / max(1, len(cases))
            print_scores(name, scores, args.misses)
            print(f"  {per_case:.1f} ms per case")
        latency(engine, every)
        label_sentence_fp(assistant, engine, args.misses)


if __name__ == "__main__":
    main()
