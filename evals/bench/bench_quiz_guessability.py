"""Quiz guessability: can a test-taker who knows nothing about a product pass its quiz?

For every product in the store, quizzes of ``--n`` items (default 5) for
``--seeds`` seeds are attacked by the naive strategies of
:mod:`assistant.quiz.guessing` (longest option, most similar to the stem, most
similar to the product's label text by MiniLM embedding, best passage and
centroid, and lexical overlap with the label). Each sees only the stem, the
options, the product name and the label text; none knows which option is
right. Goal: every strategy <= 0.40 overall (chance is 0.25 for four options).

Prints figures per product and overall and writes
``evals/reports/quiz_guessability.{json,md}`` (shown on the Evaluations page).

    .venv/bin/python evals/bench/bench_quiz_guessability.py [--data-dir DIR] [--n 5] [--seeds 5]

``--data-dir`` reuses an ingested state folder (ingesting ``corpus/`` first when
it is empty); without it a temporary one is used.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from _common import ROOT, table

from assistant.api import Assistant
from assistant.config import Settings
from assistant.quiz.guessing import measure
from assistant.types import ChunkFilter

REPORT = ROOT / "evals" / "reports" / "quiz_guessability"


def label_passages(assistant: Assistant, product: str) -> list[str]:
    """The product's approved label text (all its approved documents when it has no label)."""
    chunks = assistant.store.all_chunks(ChunkFilter(products=[product]))
    labels = [c.text for c in chunks if c.meta.doc_type == "label"]
    return labels or [c.text for c in chunks]


def markdown(result: dict) -> str:
    """The report as a Markdown page."""
    names = list(result["overall"])
    lines = [
        "# Quiz guessability (naive test-takers)",
        "",
        f"{result['items']} multiple-choice items: {len(result['per_product'])} products x "
        f"{len(result['seeds'])} seeds x {result['n']} items. Chance {result['chance']:.2f}; "
        f"goal: every strategy <= {result['goal']:.2f}. Worst strategy overall: {result['worst']:.3f}.",
        "",
        "Reproduce: `python evals/bench/bench_quiz_guessability.py --data-dir $ASSISTANT_DATA_DIR`",
        "",
        "| product | " + " | ".join(names) + " | items |",
        "|---|" + "---|" * (len(names) + 1),
    ]
    for product, row in [
        *result["per_product"].items(),
        ("**overall**", {**result["overall"], "items": result["items"]}),
    ]:
        lines.append(f"| {product} | " + " | ".join(f"{row[n]:.2f}" for n in names) + f" | {row['items']} |")
    lines += [
        "",
        "Per fact kind:",
        "",
        "| fact | " + " | ".join(names) + " | items |",
        "|---|" + "---|" * (len(names) + 1),
    ]
    for fact, row in result["per_fact"].items():
        lines.append(f"| {fact} | " + " | ".join(f"{row[n]:.2f}" for n in names) + f" | {row['items']} |")
    return "\n".join(lines) + "\n"


def run(data_dir: Path, n: int, seeds: int, write: bool) -> dict:
    assistant = Assistant(Settings(data_dir=data_dir))
    if not assistant.documents():
        assistant.ingest([ROOT / "corpus"])
    products = [p.product for p in assistant.retriever.catalog.products]
    started = time.perf_counter()
    result = measure(
        lambda product, seed: assistant.quiz(product, n=n, seed=seed).questions,
        lambda product: label_passages(assistant, product),
        assistant.embedder,
        products,
        list(range(seeds)),
    )
    result["n"] = n
    names = list(result["overall"])
    rows = [(p, *(r[k] for k in names), r["items"]) for p, r in result["per_product"].items()]
    rows.append(("OVERALL", *(result["overall"][k] for k in names), result["items"]))
    print(table(rows, ["product", *names, "items"]))
    print("\nper fact kind:")
    print(
        table(
            [(f, *(r[k] for k in names), r["items"]) for f, r in result["per_fact"].items()], ["fact", *names, "items"]
        )
    )
    verdict = "meets" if result["worst"] <= result["goal"] else "MISSES"
    print(
        f"\nchance {result['chance']:.3f}; worst strategy {result['worst']:.3f} "
        f"({verdict} the <= {result['goal']} goal)"
    )
    print(f"{time.perf_counter() - started:.0f} s")
    if write:
        REPORT.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n")
        REPORT.with_suffix(".md").write_text(markdown(result))
        print(f"wrote {REPORT.with_suffix('.json')} and .md")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--n", type=int, default=5, help="Items per quiz.")
    parser.add_argument("--seeds", type=int, default=5, help="Quizzes per product (seeds 0..N-1).")
    parser.add_argument("--no-write", action="store_true", help="Print only; do not update evals/reports.")
    args = parser.parse_args()
    if args.data_dir is not None:
        run(args.data_dir, args.n, args.seeds, not args.no_write)
        return
    with tempfile.TemporaryDirectory(prefix="bench-quiz-") as tmp:
        run(Path(tmp), args.n, args.seeds, not args.no_write)


if __name__ == "__main__":
    main()
