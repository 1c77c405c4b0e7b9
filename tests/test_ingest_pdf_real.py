"""Journal-shaped PDFs read in order, and a batch of broken PDFs never ends the run (real Store, real files)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ingest_samples import assert_consistent, write_pdf
from pdf_breakage import (
    write_broken_xref,
    write_huge_image,
    write_many_pages,
    write_oversized_stream,
    write_scan,
    write_truncated,
    write_two_column,
)

from assistant.config import Settings
from assistant.embeddings import get_embedder
from assistant.ingest import readers
from assistant.ingest.pdf import parse_pdf
from assistant.ingest.pdf_text import document_words, join_lines, known_words, normalise, resolve_hyphens
from assistant.ingest.pipeline import describe_failure, ingest_paths
from assistant.ingest.store import Store


@pytest.fixture
def store(settings: Settings) -> Store:
    return Store(settings, get_embedder())


def test_two_columns_read_in_order_without_furniture(tmp_path: Path) -> None:
    doc = parse_pdf(write_two_column(tmp_path / "paper.pdf"))
    text = "\n".join(b.text for b in doc.blocks)
    order = [text.index(f"{side} column {word} {edge}") for word in ("alpha", "bravo") for side in ("Left", "Right")
             for edge in ("starts", "ends")]  # fmt: skip
    assert order == sorted(order)  # left column top to bottom, then the right one, page after page
    assert "Journal of Imaginary Therapeutics" not in text  # running header dropped
    assert not any(re.fullmatch(r"\d+", b.text) for b in doc.blocks)  # page numbers dropped
    assert doc.meta.title == "Zylofenib in Chronic Fatigue: a Randomised Trial"
    caption = next(b for b in doc.blocks if b.text.startswith("Figure 2."))
    assert caption.page == 2 and caption.text == "Figure 2. Exacerbation rate by week in the two treatment arms."
    refs = [b for b in doc.blocks if b.kind == "references"]
    assert refs and all(b.section_path == ["References"] for b in refs)
    assert any("Smith J, Jones K" in b.text for b in refs)
    assert not any("Smith J" in b.text for b in doc.blocks if b.kind != "references")


def test_ligatures_and_line_end_hyphens() -> None:
    known = known_words(document_words(["the placebo arm", "first-line"]))
    text = normalise("e\ufb03cacy of \ufb01rst-line thera\ufffe py in COVID\ufffe19, a placebo\ufffecontrolled trial")
    assert resolve_hyphens(text, known) == "efficacy of first-line therapy in COVID-19, a placebo-controlled trial"
    lines = ["pharmaco-", "kinetics were dose-", "dependent in this treat-", "ment arm"]
    assert join_lines(lines, known) == "pharmacokinetics were dose-dependent in this treatment arm"
    assert document_words(["a thera\ufffepy with treat-"]) == {"a", "with"}  # halves of split words are not words


def test_reference_chunks_are_stored_but_never_answerable(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "pubs"
    folder.mkdir()
    write_two_column(folder / "paper.pdf")
    report = ingest_paths(store, [folder])
    assert report.added == 1 and not report.failed
    chunks = store.all_chunks()
    refs = [c for c in chunks if c.kind == "references"]
    assert refs and not any(c.answerable for c in refs)
    assert all(c.answerable for c in chunks if c.kind == "body")
    hits = store.bm25_search("Smith Jones fatigue trials N Engl J Med", k=5)
    assert all(h.chunk.kind != "references" for h in hits)  # searchable for audit, filtered from evidence


def test_broken_batch_completes_and_reports_every_file(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    write_two_column(folder / "a_good_paper.pdf")
    write_oversized_stream(folder / "b_oversized_stream.pdf")
    write_broken_xref(folder / "c_broken_xref.pdf")
    write_huge_image(folder / "d_huge_image.pdf")
    write_scan(folder / "e_scan.pdf")
    write_many_pages(folder / "f_thousand_pages.pdf")
    write_truncated(folder / "g_truncated.pdf")
    write_pdf(folder / "h_encrypted.pdf", password="s3cret")
    (folder / "i_not_a_pdf.pdf").write_bytes(b"<html>403 Forbidden</html>")
    write_pdf(folder / "j_last_good.pdf")

    report = ingest_paths(store, [folder])

    failed = {Path(f.path).name: f.error for f in report.failed}
    assert set(failed) == {"e_scan.pdf", "g_truncated.pdf", "h_encrypted.pdf", "i_not_a_pdf.pdf"}
    assert "needs OCR" in failed["e_scan.pdf"] and "encrypted" in failed["h_encrypted.pdf"]
    assert "not a readable PDF" in failed["g_truncated.pdf"] and "not a readable PDF" in failed["i_not_a_pdf.pdf"]
    stored = {Path(d.meta.source_path).name for d in store.documents()}
    assert stored == {
        "a_good_paper.pdf", "b_oversized_stream.pdf", "c_broken_xref.pdf", "d_huge_image.pdf",
        "f_thousand_pages.pdf", "j_last_good.pdf",
    }  # fmt: skip
    assert report.added == 6 and report.exit_code == 2
    pages = {Path(f.path).name: f.pages for f in report.files}
    assert pages["f_thousand_pages.pdf"] == 1000
    thousand = [c for c in store.all_chunks() if c.meta.source_path.endswith("f_thousand_pages.pdf")]
    assert {c.page for c in thousand} == set(range(1, 1001))
    assert_consistent(store)


def test_library_error_in_one_file_is_a_readable_failure(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A parser library blowing up with its own exception type (as pypdf's LimitReachedError did) is isolated."""
    from pypdf.errors import LimitReachedError

    real = readers.PARSERS[".pdf"]

    def flaky(path: Path):  # type: ignore[no-untyped-def]
        if "explodes" in path.name:
            raise LimitReachedError("Reached maximum number of tokens per stream")
        return real(path)

    monkeypatch.setitem(readers.PARSERS, ".pdf", flaky)
    folder = tmp_path / "lib"
    folder.mkdir()
    write_pdf(folder / "a.pdf")
    write_pdf(folder / "explodes.pdf")
    write_pdf(folder / "z.pdf")
    report = ingest_paths(store, [folder])
    assert report.added == 2 and [Path(f.path).name for f in report.failed] == ["explodes.pdf"]
    assert report.failed[0].error == (
        "could not parse this file: Reached maximum number of tokens per stream (pypdf LimitReachedError); "
        "it was skipped and nothing stored for it changed"
    )
    assert describe_failure("parse", MemoryError()).startswith("could not parse this file: no details given")


def test_failed_reingest_keeps_the_stored_version(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "keep"
    folder.mkdir()
    write_two_column(folder / "paper.pdf")
    write_pdf(folder / "other.pdf")
    ingest_paths(store, [folder])
    before = assert_consistent(store)

    write_truncated(folder / "paper.pdf")  # an interrupted download replaces the good copy
    report = ingest_paths(store, [folder])
    assert [Path(f.path).name for f in report.failed] == ["paper.pdf"] and report.removed == 0
    assert assert_consistent(store) == before

    # the embedder fails on the new version of one file: the batch is retried file by file
    write_two_column(folder / "paper.pdf", pages=2)
    write_pdf(folder / "other.pdf", [("Intro", "A changed abstract about dosing.")])
    real_embed = store.embed_chunks

    def embed(chunks):  # type: ignore[no-untyped-def]
        if any(c.meta.source_path.endswith("paper.pdf") for c in chunks):
            raise RuntimeError("onnxruntime ran out of memory")
        return real_embed(chunks)

    monkeypatch.setattr(store, "embed_chunks", embed)
    report = ingest_paths(store, [folder])
    assert [Path(f.path).name for f in report.failed] == ["paper.pdf"]
    assert "could not embed and store this file: onnxruntime ran out of memory" in report.failed[0].error
    assert report.updated == 1  # other.pdf went through
    after = assert_consistent(store)
    old_paper = {cid for cid in before if cid.startswith("paper")}
    assert old_paper and old_paper <= after  # the paper's stored chunks are all still there
