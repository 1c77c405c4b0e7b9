"""Loaders (SPL, PDF, PPTX, Markdown) and the chunker on real generated files."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_samples import PDF_PAGES, SPL_XML, write_pdf, write_pptx, write_spl

from assistant.embeddings import get_embedder
from assistant.errors import ParseError
from assistant.ingest.chunking import chunk_blocks, embed_text, split_sentences
from assistant.ingest.pdf import parse_pdf
from assistant.ingest.readers import discover, parse_file
from assistant.ingest.slides import parse_pptx
from assistant.ingest.spl import parse_spl
from assistant.ingest.text import parse_text
from assistant.types import DocumentMeta


def test_spl_sections_codes_tables_and_products(tmp_path: Path) -> None:
    doc = parse_spl(write_spl(tmp_path / "label.xml"))
    assert doc.meta.brand == "ZYLOPRIN"  # the listing says "Zyloprin"; spelt as the title spells it
    assert doc.meta.product == "zylofenib hydrochloride"
    assert doc.meta.effective_date == "2024-03-15"
    assert doc.meta.title.startswith("ZYLOPRIN")
    paths = {(tuple(b.section_path), b.section_code, b.kind) for b in doc.blocks}
    assert (("Indications and Usage",), "34067-9", "body") in paths
    assert (("Indications and Usage", "Limitations of Use"), "99999-1", "body") in paths
    table = next(b for b in doc.blocks if b.kind == "table")
    assert table.section_path == ["Dosage and Administration"]
    assert table.text.splitlines() == [
        "Table 1: Recommended dosage",
        "Population: Adults; Dose: 2.5 mg once daily",
        "Population: Elderly; Dose: 1.25 mg once daily",
    ]
    bullets = next(b for b in doc.blocks if b.text.startswith("- "))
    assert bullets.text == "- Do not combine with strong inhibitors.\n- Avoid in pregnancy."
    assert all("LISTINGONLYTOKEN" not in b.text for b in doc.blocks)


def test_spl_malformed_xml_names_line(tmp_path: Path) -> None:
    bad = write_spl(tmp_path / "bad.xml", SPL_XML.replace("</title>\n  <effectiveTime", "\n  <effectiveTime", 1))
    with pytest.raises(ParseError) as exc:
        parse_spl(bad)
    assert "line" in exc.value.reason and str(bad) in str(exc.value)


def test_spl_rejects_non_spl_xml(tmp_path: Path) -> None:
    other = tmp_path / "other.xml"
    other.write_text("<root><a>text</a></root>")
    with pytest.raises(ParseError, match="not an SPL document"):
        parse_spl(other)


def test_pdf_pages_and_sections(tmp_path: Path) -> None:
    doc = parse_pdf(write_pdf(tmp_path / "p.pdf"))
    assert doc.meta.title == "Zylofenib phase 3 trial"
    pages = sorted({b.page for b in doc.blocks if b.page is not None})
    assert pages[0] == 1 and pages[-1] >= len(PDF_PAGES)
    first = next(b for b in doc.blocks if "oral inhibitor" in b.text)
    assert first.page == 1 and first.section_path == ["Introduction"]
    results = next(b for b in doc.blocks if "primary endpoint" in b.text)
    assert results.section_path == ["Results"] and results.page == pages[-1]
    methods = [b for b in doc.blocks if "randomised" in b.text]
    assert all(b.section_path == ["2 Methods"] for b in methods)


def test_pdf_blank_page_warns_and_textless_pdf_fails(tmp_path: Path) -> None:
    doc = parse_pdf(write_pdf(tmp_path / "gap.pdf", [("Intro", "Some text here."), ("", "")]))
    assert doc.warnings == ["page 2 has no extractable text (needs OCR)"]
    with pytest.raises(ParseError, match="no extractable text"):
        parse_pdf(write_pdf(tmp_path / "blank.pdf", [("", "")]))


def test_pdf_encrypted_and_corrupt(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="encrypted"):
        parse_pdf(write_pdf(tmp_path / "locked.pdf", password="s3cret"))
    corrupt = tmp_path / "corrupt.pdf"
    corrupt.write_bytes(b"%PDF-1.4\nthis is not really a pdf\n")
    with pytest.raises(ParseError):
        parse_pdf(corrupt)


def test_pptx_slides_tables_and_notes(tmp_path: Path) -> None:
    doc = parse_pptx(write_pptx(tmp_path / "d.pptx"))
    first = [b for b in doc.blocks if b.slide == 1]
    assert [b.kind for b in first] == ["body", "notes"]
    assert first[0].section_path == ["Mechanism of action"]
    assert "- Selective over related kinases" in first[0].text
    assert "NOTESONLYTOKEN" in first[1].text and "NOTESONLYTOKEN" not in first[0].text
    second = [b for b in doc.blocks if b.slide == 2]
    assert [b.kind for b in second] == ["table"]
    assert "Endpoint: Fatigue score; Difference: 2.5" in second[0].text
    assert any(b.slide == 3 and "Headache" in b.text for b in doc.blocks)


def test_markdown_headings_and_plain_text(tmp_path: Path) -> None:
    md = tmp_path / "guide.md"
    md.write_text("# Guide\nIntro.\n\n## Storage\nKeep cold.\n\n### Travel\nUse a cool bag.\n\n## Disposal\nBin it.\n")
    doc = parse_text(md)
    assert doc.meta.title == "Guide"
    assert [b.section_path for b in doc.blocks] == [
        ["Guide"], ["Guide", "Storage"], ["Guide", "Storage", "Travel"], ["Guide", "Disposal"]
    ]  # fmt: skip
    txt = tmp_path / "notes.txt"
    txt.write_text("Just text.\nMore text.")
    assert [b.section_path for b in parse_text(txt).blocks] == [["notes"]]


def test_empty_file_fails(tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    with pytest.raises(ParseError, match="empty"):
        parse_file(empty)


def test_discover_skips_private_folders_readmes_and_manifests(tmp_path: Path) -> None:
    for rel in ["a/x.md", "a/README.md", "a/manifest.yaml", "a/x.md.meta.yaml", "_src/y.md", ".git/z.md", "b/c.png"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("# t\nx\n")
    assert [p.relative_to(tmp_path).as_posix() for p in discover(tmp_path)] == ["a/x.md"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dose is 2.5 mg daily. Take with food.", ["Dose is 2.5 mg daily.", "Take with food."]),
        ("Common (e.g. Headache) events vs. placebo. See Fig. 2 now.", None),
        ("Given 1 mg/kg IV. Then stop!", ["Given 1 mg/kg IV.", "Then stop!"]),
    ],
)
def test_sentence_splitting_keeps_abbreviations(text: str, expected: list[str] | None) -> None:
    if expected is None:
        expected = ["Common (e.g. Headache) events vs. placebo.", "See Fig. 2 now."]
    assert split_sentences(text) == expected


def test_chunks_never_cross_boundaries_and_fit_embedder(tmp_path: Path) -> None:
    embedder = get_embedder()
    doc = parse_pdf(write_pdf(tmp_path / "p.pdf"))
    meta = DocumentMeta(doc_id="p", title="Zylofenib phase 3 trial", product="zylofenib")
    chunks = chunk_blocks(meta, doc.blocks, embedder.count_tokens, budget=120, overlap=30)
    assert len(chunks) > len(PDF_PAGES)  # the long Methods page had to be split
    for chunk in chunks:
        sources = [b for b in doc.blocks if b.page == chunk.page and " > ".join(b.section_path) == chunk.section]
        # every sentence of the chunk comes from blocks of its own page and section
        assert all(any(s in b.text for b in sources) for s in split_sentences(chunk.text))
        assert embedder.count_tokens(chunk.text) <= 120
        assert embedder.count_tokens(embed_text(chunk, embedder.count_tokens)) <= 120 + 32 + 1
    assert [c.ordinal for c in chunks] == list(range(len(chunks)))
    again = chunk_blocks(meta, doc.blocks, embedder.count_tokens, budget=120, overlap=30)
    assert [c.chunk_id for c in again] == [c.chunk_id for c in chunks]
    methods = [c for c in chunks if c.section == "2 Methods"]
    first_tail = split_sentences(methods[0].text)[-1]
    assert split_sentences(methods[1].text)[0] == first_tail  # whole-sentence overlap
