"""Ingest throughput versus the embedder's ceiling.

Ingests the bundled corpus (or a generated synthetic one when ``corpus/`` has no
ingestible files, or with ``--synthetic N``) into a temporary state folder
through the real pipeline, and prints:

* documents/s, pages/s (PDF pages + slides) and chunks/s of the whole ingest;
* the share of ingest time spent inside ``Embedder.embed`` and in token counting;
* the embedder's raw throughput on the very same chunk texts (the ceiling);
* peak resident memory (``ru_maxrss``).

Goal: ingest chunks/s >= 75% of the embedding ceiling.

    .venv/bin/python evals/bench/bench_ingest.py [--corpus DIR] [--synthetic N] [--max-files N]
"""

from __future__ import annotations

import argparse
import functools
import itertools
import resource
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _common import ROOT

from assistant.config import Settings
from assistant.embeddings import get_embedder
from assistant.ingest.chunking import embed_text
from assistant.ingest.pipeline import ingest_paths
from assistant.ingest.readers import discover
from assistant.ingest.store import Store

_WORDS = [
    "patients",
    "randomized",
    "placebo",
    "dose",
    "weekly",
    "hazard",
    "ratio",
    "confidence",
    "interval",
    "adverse",
    "reactions",
    "nausea",
    "renal",
    "hepatic",
    "impairment",
    "efficacy",
    "endpoint",
    "baseline",
    "week",
    "cardiovascular",
    "mortality",
    "reduction",
    "trial",
]


def _sentence(i: int) -> str:
    words = [_WORDS[(i * 7 + k * 3) % len(_WORDS)] for k in range(12 + i % 9)]
    return f"In cohort {i} the {' '.join(words)} was {i % 50}.{i % 10} mg."


def make_synthetic(root: Path, n_docs: int) -> Path:
    """PDFs (4 pages), PPTX decks (6 slides, with notes) and SPL labels (5 sections), round robin."""
    from fpdf import FPDF
    from pptx import Presentation

    root.mkdir(parents=True, exist_ok=True)
    for d in range(n_docs):
        kind = ("pdf", "pptx", "xml")[d % 3]
        if kind == "pdf":
            pdf = FPDF()
            pdf.set_font("Helvetica", size=10)
            for p in range(4):
                pdf.add_page()
                pdf.multi_cell(
                    0, 5, f"{p + 1} Section {p}\n" + " ".join(_sentence(d * 100 + p * 20 + s) for s in range(18))
                )
            pdf.output(str(root / f"paper{d}.pdf"))
        elif kind == "pptx":
            deck = Presentation()
            for s in range(6):
                slide = deck.slides.add_slide(deck.slide_layouts[1])
                slide.shapes.title.text = f"Slide topic {s}"
                slide.placeholders[1].text_frame.text = " ".join(_sentence(d * 100 + s * 5 + k) for k in range(4))
                slide.notes_slide.notes_text_frame.text = _sentence(d + s)
            deck.save(str(root / f"deck{d}.pptx"))
        else:
            sections = "".join(
                f'<component><section><code code="3406{s}-1"/><title>{s + 1} SECTION {s}</title><text>'
                + "".join(f"<paragraph>{_sentence(d * 100 + s * 10 + k)}</paragraph>" for k in range(10))
                + "</text></section></component>"
                for s in range(5)
            )
            (root / f"label{d}.xml").write_text(
                '<document xmlns="urn:hl7-org:v3"><title>Synthetic label</title><effectiveTime value="20240101"/>'
                f"<component><structuredBody>{sections}</structuredBody></component></document>"
            )
    return root


class _Timer:
    """Accumulates wall time spent inside wrapped callables."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def wrap(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start

        return timed


def _pages(files: list[Path]) -> int:
    import pypdfium2 as pdfium
    from pptx import Presentation

    total = 0
    for f in files:
        try:
            if f.suffix == ".pdf":
                total += len(pdfium.PdfDocument(str(f)))
            elif f.suffix == ".pptx":
                total += len(Presentation(str(f)).slides)
        except Exception:  # a file the ingest will report as failed
            continue
    return total


def _select(corpus: Path, max_files: int | None, work: Path) -> Path:
    """The corpus itself, or a copy of its first ``max_files`` files (with their manifests)."""
    files = list(discover(corpus))
    if max_files is None or len(files) <= max_files:
        return corpus
    for f in files[:max_files]:
        rel = f.relative_to(corpus)
        (work / "subset" / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(f, work / "subset" / rel)
        manifest = f.parent / "manifest.yaml"
        if manifest.exists():
            shutil.copy2(manifest, work / "subset" / rel.parent / "manifest.yaml")
    return work / "subset"


CEILING_SAMPLE = 2000
"""Chunks re-embedded to measure the embedder's ceiling (a sample keeps a 200 MB folder's run short)."""


def run(corpus: Path, max_files: int | None = None) -> None:
    """Ingest ``corpus`` into a temporary state folder and print throughput, ceiling and memory."""
    work = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    try:
        corpus = _select(corpus, max_files, work)
        files = list(discover(corpus))
        pages = _pages(files)

        settings = Settings(data_dir=work / "state")
        embedder = get_embedder(settings.embed_model, settings.embed_max_tokens, settings.embed_batch_size)
        embedder.embed(["warm up the model"])
        store = Store(settings, embedder)
        embed_timer, count_timer = _Timer(), _Timer()
        raw_embed, raw_count = embedder.embed, embedder.count_tokens
        embedder.embed = embed_timer.wrap(raw_embed)  # type: ignore[method-assign]
        embedder.count_tokens = count_timer.wrap(raw_count)  # type: ignore[method-assign]

        start = time.perf_counter()
        report = ingest_paths(store, [corpus])
        elapsed = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        embedder.embed, embedder.count_tokens = raw_embed, raw_count  # type: ignore[method-assign]

        texts = [embed_text(c, raw_count) for c in itertools.islice(store.iter_chunks(), CEILING_SAMPLE)]
        start = time.perf_counter()
        raw_embed(texts)
        ceiling = len(texts) / (time.perf_counter() - start)
        rate = report.chunks / elapsed
        size_mb = sum(f.stat().st_size for f in files) / 2**20

        print(f"corpus: {corpus}  files={len(files)} ({size_mb:.0f} MB) pages+slides={pages} chunks={report.chunks}")
        print(f"failed: {len(report.failed)}")
        for failure in report.failed:
            print(f"  {Path(failure.path).name}: {failure.error}")
        slowest = sorted(report.files, key=lambda f: -f.seconds)[:5]
        print("slowest files to read+chunk: " + "; ".join(
            f"{Path(f.path).name} {f.pages or 0} p {f.seconds:.1f} s" for f in slowest
        ))  # fmt: skip
        print(f"ingest wall time          {elapsed:8.1f} s")
        print(f"documents/s               {len(files) / elapsed:8.2f}")
        print(f"pages/s (PDF pages+slides){pages / elapsed:8.2f}")
        print(f"chunks/s (ingest)         {rate:8.2f}")
        print(f"chunks/s (embed ceiling)  {ceiling:8.2f}   (on {len(texts)} of the stored chunks)")
        print(f"ingest / ceiling          {rate / ceiling:8.1%}   (goal >= 75%)")
        print(f"time in Embedder.embed    {embed_timer.seconds / elapsed:8.1%}")
        print(f"time in count_tokens      {count_timer.seconds / elapsed:8.1%}")
        print(f"peak RSS (end of ingest)  {peak_mb:8.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--synthetic", type=int, default=0, help="generate N synthetic documents instead")
    parser.add_argument("--max-files", type=int, default=None, help="ingest only the first N files")
    args = parser.parse_args()
    corpus = args.corpus
    with tempfile.TemporaryDirectory(prefix="bench-synthetic-") as tmp:
        if args.synthetic or not (corpus.is_dir() and any(discover(corpus))):
            corpus = make_synthetic(Path(tmp) / "synthetic", args.synthetic or 30)
        run(corpus, args.max_files)


if __name__ == "__main__":
    main()
