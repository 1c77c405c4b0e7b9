"""Real prescribing-information PDFs dropped in bare are labels addressed like SPL labels.

The two PDFs under evals/pdf_dev/labels are unedited published copies (see its
README): an FDA-site copy with "Reference ID" footers and a manufacturer's Word
export. Nothing here names a rule after them; the tests check what any PI PDF
must give: inferred identity, LOINC-coded sections, no Highlights or contents
as content, no page furniture, page-bound chunks and readable table rows.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.ingest.chunking import chunk_blocks
from assistant.ingest.infer import infer_metadata
from assistant.ingest.pdf import parse_pdf
from assistant.types import ParsedDocument

LABELS = Path(__file__).resolve().parents[1] / "evals" / "pdf_dev" / "labels"
FDA_COPY = LABELS / "eliquis-apixaban-pi.pdf"
WORD_EXPORT = LABELS / "rinvoq-upadacitinib-pi.pdf"


@pytest.fixture(scope="module")
def fda_copy() -> ParsedDocument:
    return infer_metadata(parse_pdf(FDA_COPY), FDA_COPY)


@pytest.fixture(scope="module")
def word_export() -> ParsedDocument:
    return infer_metadata(parse_pdf(WORD_EXPORT), WORD_EXPORT)


def _codes_of(parsed: ParsedDocument, section: str) -> set[str]:
    return {c for b in parsed.blocks if section in " > ".join(b.section_path) for c in b.section_codes}


def test_identity_is_inferred_from_the_highlights(fda_copy: ParsedDocument, word_export: ParsedDocument) -> None:
    meta = fda_copy.meta
    assert meta.doc_type == "label"
    assert (meta.product, meta.brand, meta.effective_date) == ("apixaban", "ELIQUIS", "2021-04")
    assert meta.title.startswith("ELIQUIS (apixaban) tablets") and "highlights" not in meta.title.lower()
    assert {"doc_type", "title", "product", "brand"} <= set(meta.inferred)
    assert word_export.meta.product == "upadacitinib"
    assert word_export.meta.brand and word_export.meta.brand.startswith("RINVOQ")


@pytest.mark.parametrize(
    ("section", "code"),
    [
        ("Boxed Warning", "34066-1"),
        ("Indications and Usage", "34067-9"),
        ("Dosage and Administration", "34068-7"),
        ("Contraindications", "34070-3"),
        ("Adverse Reactions", "34084-4"),
        ("Drug Interactions", "34073-7"),
        ("Lactation", "77290-5"),
        ("Mechanism of Action", "43679-0"),
        ("Pharmacokinetics", "43682-4"),
        ("Clinical Studies", "34092-7"),
        ("How Supplied/Storage and Handling", "34069-5"),
    ],
)
def test_sections_carry_the_spl_loinc_codes(
    fda_copy: ParsedDocument, word_export: ParsedDocument, section: str, code: str
) -> None:
    assert code in _codes_of(fda_copy, section)
    assert code in _codes_of(word_export, section)


def test_highlights_and_contents_are_not_content(fda_copy: ParsedDocument, word_export: ParsedDocument) -> None:
    for parsed, first_full_page in ((fda_copy, 3), (word_export, 4)):
        assert min(b.page or 0 for b in parsed.blocks) == first_full_page
        text = "\n".join(b.text for b in parsed.blocks)
        assert "FULL PRESCRIBING INFORMATION: CONTENTS" not in text
        assert "These highlights do not include" not in text


def test_running_footers_and_page_numbers_are_dropped(fda_copy: ParsedDocument) -> None:
    for block in fda_copy.blocks:
        assert "Reference ID" not in block.text
        assert "may not be the latest approved" not in block.text
        assert not re.fullmatch(r"\d{1,2}", block.text.strip())


def test_numbered_headings_are_read_whole(fda_copy: ParsedDocument) -> None:
    paths = {" > ".join(b.section_path) for b in fda_copy.blocks}
    assert "Dosage and Administration > Missed Dose" in paths
    wrapped = "Indications and Usage > Prophylaxis of Deep Vein Thrombosis Following Hip or Knee Replacement Surgery"
    assert wrapped in paths
    assert not any(b.text.startswith(("2.2 ", "1 1.1")) for b in fda_copy.blocks)


def test_chunks_cite_one_page_each(fda_copy: ParsedDocument) -> None:
    meta = fda_copy.meta.model_copy(update={"doc_id": "pi"})
    chunks = chunk_blocks(meta, fda_copy.blocks, lambda t: len(t.split()), 120, 20)
    assert chunks and all(c.page for c in chunks)
    by_page = {b.page: b.text for b in fda_copy.blocks}
    for chunk in chunks:
        first_line = chunk.text.split("\n")[0][:40]
        assert any(first_line in b.text for b in fda_copy.blocks if b.page == chunk.page), by_page.get(chunk.page)


def test_rate_tables_keep_their_rows(fda_copy: ParsedDocument, word_export: ParsedDocument) -> None:
    tables = [b for b in fda_copy.blocks if b.kind == "table"]
    assert any(b.caption and b.caption.startswith("Table 1") for b in tables)
    # each value under its column heading, as an SPL row reads (pdf_grid)
    major = re.compile(r"Major\W+; ELIQUIS[^:;]*: 327 \(2\.13\); Warfarin[^:;]*: 462 \(3\.09\)")
    assert any(major.search(b.text) for b in tables)
    rows = [line for b in word_export.blocks if b.kind == "table" for line in b.text.split("\n")]
    assert any(re.match(r"(?:[^:;]+: )?Upper respiratory tract infection[^;]*;.*: 13\.5\b", line) for line in rows)
