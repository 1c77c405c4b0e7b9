"""PDF text extraction on real papers: pypdf (the old loader) versus the pdfium loader, then a real ingest.

For every PDF in the folder (not shipped with the project; point it at any
folder of real papers) it prints pages/s of both and three quality proxies,
computed the same way on both texts:

* vocab%  — share of alphabetic words (3+ letters) that are one whole word of
  the packaged embedder's WordPiece vocabulary (a maintained English +
  scientific vocabulary): broken words ("e cacy", "treat ment") lower it;
* split‰  — per 1,000 words, adjacent pairs that are not vocabulary words but
  whose concatenation is ("signi ficant", "treat- ment" left unjoined);
* repeat‰ — per 1,000 words, words inside 6-word sequences that occur on 3 or
  more pages (running headers, footers, journal lines) — body text rarely repeats.

Then, unless ``--no-ingest``, the folder is ingested through the real pipeline
(``bench_ingest.run``): pages/s, chunks/s next to the embedder ceiling, peak RSS.
Exits 0 with SKIP when the folder is absent, so ``make bench`` works anywhere.

    .venv/bin/python evals/bench/bench_pdf_extract.py [FOLDER] [--no-ingest] [--max-files N]
    (FOLDER defaults to $ASSISTANT_PDF_DIR, else ../shared/data/pdfs)
"""

from __future__ import annotations

import argparse
import itertools
import os
import re
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from _common import SHARED

from assistant.embeddings import get_embedder
from assistant.ingest.pdf import parse_pdf
from assistant.ingest.pdf_text import join_lines

_WORD = re.compile(r"[A-Za-z]+")


def _pypdf_pages(path: Path) -> list[str]:
    """What the previous loader saw: pypdf's text per page, wrapped lines joined."""
    from pypdf import PdfReader

    def split_word(_: str) -> bool:  # the old loader joined every line-end hyphen before a lower-case letter
        return False

    return [join_lines((page.extract_text() or "").splitlines(), split_word) for page in PdfReader(str(path)).pages]


def _pdfium_pages(path: Path) -> list[str]:
    """The pdfium loader's blocks, grouped back into pages."""
    doc = parse_pdf(path)
    pages: dict[int, list[str]] = {}
    for block in doc.blocks:
        pages.setdefault(block.page or 0, []).append(block.text)
    return [" ".join(pages[p]) for p in sorted(pages)]


class Quality:
    """The three proxies over one text; ``is_word`` is whole-word membership in the embedder vocabulary."""

    def __init__(self, is_word: Callable[[str], bool]) -> None:
        self.is_word = is_word

    def measure(self, pages: list[str]) -> tuple[float, float, float, int]:
        words = [w.lower() for page in pages for w in _WORD.findall(page)]
        long = [w for w in words if len(w) >= 3]
        vocab = sum(map(self.is_word, long)) / max(1, len(long))
        splits = sum(
            1
            for a, b in itertools.pairwise(words)
            if not (self.is_word(a) and self.is_word(b)) and len(a + b) >= 6 and self.is_word(a + b)
        )
        return vocab, 1000 * splits / max(1, len(words)), 1000 * _repeated(pages) / max(1, len(words)), len(words)


def _repeated(pages: list[str], n: int = 6, min_pages: int = 3) -> int:
    """Words covered by n-grams that appear on at least ``min_pages`` different pages."""
    seen: Counter[tuple[str, ...]] = Counter()
    per_page = []
    for page in pages:
        words = [w.lower() for w in _WORD.findall(page)]
        grams = {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}
        per_page.append((words, grams))
        seen.update(grams)
    covered = 0
    for words, _ in per_page:
        hit = [False] * len(words)
        for i in range(len(words) - n + 1):
            if seen[tuple(words[i : i + n])] >= min_pages:
                hit[i : i + n] = [True] * n
        covered += sum(hit)
    return covered


def _vocab_checker() -> Callable[[str], bool]:
    embedder = get_embedder()
    cache: dict[str, bool] = {}

    def is_word(word: str) -> bool:
        if word not in cache:
            cache[word] = embedder.count_tokens(word) == 1
        return cache[word]

    return is_word


def _extract(fn: Callable[[Path], list[str]], path: Path) -> tuple[list[str], float, str]:
    start = time.perf_counter()
    try:
        pages = fn(path)
    except Exception as exc:  # a library failing on one real file is a finding, not a crash
        return [], time.perf_counter() - start, f"{type(exc).__name__}: {str(exc)[:60]}"
    return pages, time.perf_counter() - start, ""


def compare(folder: Path, max_files: int | None) -> None:
    import pypdfium2 as pdfium

    quality = Quality(_vocab_checker())
    files = sorted(folder.rglob("*.pdf"))[:max_files]
    head = f"{'file':34} {'pages':>5} | {'pypdf p/s':>9} {'vocab%':>6} {'split‰':>6} {'repeat‰':>7}"
    print(head + f" | {'pdfium p/s':>10} {'vocab%':>6} {'split‰':>6} {'repeat‰':>7}")
    totals = {"pypdf": [0.0, 0.0, 0.0, 0.0, 0], "pdfium": [0.0, 0.0, 0.0, 0.0, 0]}
    page_total = 0
    for path in files:
        try:
            pages = len(pdfium.PdfDocument(str(path)))
        except pdfium.PdfiumError:
            pages = 0
        row = f"{path.name[:34]:34} {pages:5d}"
        for name, fn in (("pypdf", _pypdf_pages), ("pdfium", _pdfium_pages)):
            texts, seconds, error = _extract(fn, path)
            if error:
                row += f" | FAILED {error[:34]:34}"
                continue
            vocab, split, repeat, words = quality.measure(texts)
            t = totals[name]
            t[0] += seconds
            t[1] += vocab * words
            t[2] += split * words
            t[3] += repeat * words
            t[4] += words  # type: ignore[assignment]
            row += f" | {pages / seconds if seconds else 0:9.1f} {100 * vocab:6.1f} {split:6.2f} {repeat:7.2f}"
        page_total += pages
        print(row)
    print(f"\nall {len(files)} files, {page_total} pages (word-weighted means):")
    for name, (seconds, vocab, split, repeat, words) in totals.items():
        if words:
            print(
                f"  {name:7} {page_total / seconds:7.1f} pages/s  vocab {100 * vocab / words:5.2f}%  "
                f"split {split / words:5.2f}‰  repeat {repeat / words:5.2f}‰"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default = os.environ.get("ASSISTANT_PDF_DIR") or str(SHARED / "data" / "pdfs")
    parser.add_argument("folder", type=Path, nargs="?", default=Path(default))
    parser.add_argument("--no-ingest", action="store_true", help="only compare the extractors")
    parser.add_argument("--max-files", type=int, default=None)
    args = parser.parse_args()
    if not args.folder.is_dir() or not any(args.folder.rglob("*.pdf")):
        print(f"SKIP: no PDFs under {args.folder} (pass a folder of real papers or set ASSISTANT_PDF_DIR)")
        return
    compare(args.folder, args.max_files)
    if not args.no_ingest:
        from bench_ingest import run

        print()
        run(args.folder, args.max_files)


if __name__ == "__main__":
    main()
