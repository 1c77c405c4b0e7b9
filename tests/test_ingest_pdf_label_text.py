"""Text quality of real FDA label PDFs read bare (evals/real_labels3): what a reader sees, not page debris.

Every check runs over every PDF in the folder, so none names a label: margin line
numbers stay out of the text, symbolic-font glyphs become the characters they draw,
cross-references stay inside their sentence, list items keep their own line, and
each label gets a product and a revision date from its own text.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from assistant.ingest.infer import infer_metadata
from assistant.ingest.label_pdf_meta import title_block_identity
from assistant.ingest.pdf import parse_pdf
from assistant.ingest.pdf_glyphs import BULLET, readable
from assistant.ingest.pdf_layout import Line, _merge_visual, margin_line_numbers, open_document, page_lines
from assistant.ingest.pdf_text import document_words, join_lines, known_words, normalise
from assistant.types import ParsedDocument

LABELS = Path(__file__).resolve().parents[1] / "evals" / "real_labels3"
PDFS = sorted(LABELS.glob("*.pdf"))
pytestmark = pytest.mark.skipif(not PDFS, reason="evals/real_labels3 not present")


@cache
def parsed(path: Path) -> ParsedDocument:
    return infer_metadata(parse_pdf(path), path)


def _text(doc: ParsedDocument) -> str:
    return "\n".join(b.text for b in doc.blocks)


def _with_headings(doc: ParsedDocument) -> str:
    return "\n".join(" ".join([*b.section_path, b.text]) for b in doc.blocks)


def _numbered_pages(path: Path) -> dict[int, set[str]]:
    """Page -> the margin line numbers the layout reader found (and drops) on it."""
    from assistant.ingest.pdf_layout import _runs

    found: dict[int, set[str]] = {}
    document = open_document(str(path))
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            fragments = _runs(textpage)
            textpage.close()
            page.close()
            numbers = margin_line_numbers(fragments)
            if numbers:
                found[index + 1] = {fragments[i].text for i in numbers}
    finally:
        document.close()
    return found


def test_line_numbers_are_found_only_where_the_margin_counts_lines() -> None:
    per_pdf = {path: _numbered_pages(path) for path in PDFS}
    numbered = [p for p, pages in per_pdf.items() if len(pages) >= 10]
    assert numbered, "a submission PDF with numbered lines is among the real labels"
    assert any(not pages for pages in per_pdf.values()), "labels without line numbers get none"
    for path in numbered:
        doc = parsed(path)
        for page, numbers in per_pdf[path].items():
            text = " ".join(b.text for b in doc.blocks if b.page == page)
            tokens = Counter(re.findall(r"(?<![\w.,/])\d+(?![\w.,/%])", text))
            leaked = [n for n in numbers if int(n) >= 20 and tokens[n]]
            assert len(leaked) <= max(1, len(numbers) // 20), (path.name, page, leaked[:10])


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_label_text_has_no_private_glyphs_or_dangling_cross_references(path: Path) -> None:
    text = _text(parsed(path))
    assert not re.search(r"[\ue000-\uf8ff]", text), "symbolic-font glyphs are read as characters"
    assert not re.search(r"\(\s+\d{1,2}(?:\.\d{1,2})?\s*\)", text), "'( 2.3)' is closed up"
    assert not re.search(r"[a-z]\.\s+\(\d{1,2}(?:\.\d{1,2})?(?:,\s*\d{1,2}(?:\.\d{1,2})?)*\)\s+[A-Z]", text), (
        "a cross-reference stays with the sentence it ends, not the next"
    )
    for line in text.splitlines():
        assert not re.match(r"^[●▪■◦‣∙·]", line), "list glyphs are the one bullet the answer layer strips"


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_every_label_pdf_gets_a_product_and_a_revision_date_from_its_text(path: Path) -> None:
    meta = parsed(path).meta
    assert meta.doc_type == "label"
    assert meta.product, "product inferred (Highlights product line, else the title block)"
    text = _text(parsed(path)).lower()
    assert text.count(meta.product.split("/")[0]) >= 5
    assert meta.effective_date and re.fullmatch(r"(19|20)\d\d-(0[1-9]|1[0-2])", meta.effective_date)
    year, month = meta.effective_date.split("-")
    stated = {f"revised: {int(month)}/{year}", f"revised: {int(month)}/ {year}", f"revised {int(month)}/{year}"}
    month_name = [date(2000, m, 1).strftime("%B").lower() for m in range(1, 13)]
    stated |= {f"revised: {month_name[int(month) - 1]} {year}", f"revised {month_name[int(month) - 1]} {year}"}
    headings = " ".join(" ".join(b.section_path) for b in parsed(path).blocks).lower()
    first_pages = open_document(str(path))
    try:
        head = " ".join(first_pages[i].get_textpage().get_text_range() for i in range(2)).lower()
    finally:
        first_pages.close()
    assert any(s in f"{text} {headings} {head}" for s in stated), "the date is one the label states"


def _first_pages_text(path: Path, pages: int = 2) -> str:
    """The raw text of a PDF's first pages, lower-cased (Highlights are not indexed as blocks)."""
    document = open_document(str(path))
    try:
        return " ".join(document[i].get_textpage().get_text_range() for i in range(pages)).lower()
    finally:
        document.close()


def test_a_label_without_highlights_is_named_by_its_title_block() -> None:
    without = [p for p in PDFS if "highlights of prescribing information" not in _first_pages_text(p)]
    assert without, "one real label PDF has no Highlights"
    for path in without:
        head = _text(parsed(path))[:400]
        _, product = title_block_identity(head, _text(parsed(path)))
        assert product and product == parsed(path).meta.product


def test_no_split_words_against_the_documents_own_vocabulary() -> None:
    for path in PDFS:
        text = _text(parsed(path))
        counts = Counter(w.lower() for w in re.findall(r"[A-Za-z]{2,}", text))
        split = [
            f"{a} {b}"
            for a, b in re.findall(r"\b([a-z]{2,})\s([a-z]{2,})\b", text)
            if counts[a + b] >= 3 and counts[a] <= 1 and counts[b] <= 1
        ]
        assert len(split) <= 2, (path.name, split[:5])


def test_superscripts_are_put_back_into_their_line() -> None:
    """No line of a parsed label is a lone superscript/subscript number left over from its line."""
    for path in PDFS:
        document = open_document(str(path))
        try:
            for index in range(min(3, len(document))):
                lines = page_lines(document[index])
                small = [ln for ln in lines if re.fullmatch(r"\d{1,2}", ln.text) and ln.size > 1.0]
                body = [ln.size for ln in lines if len(ln.text) > 20]
                if body:
                    assert not [ln for ln in small if ln.size < min(body)], (path.name, index + 1)
        finally:
            document.close()


# --- the mechanisms on synthetic geometry -------------------------------------------------------


def _line(text: str, left: float, bottom: float, height: float = 10.0, size: float = 10.0) -> Line:
    width = 5.0 * len(text)
    return Line(
        text, left, bottom, left + width, bottom + height, size=size, xs=[left + 5.0 * i for i in range(len(text))]
    )


def test_margin_numbers_must_count_up_to_be_line_numbers() -> None:
    body = [_line("Body text of the label line", 72, 700 - 14 * i) for i in range(8)]
    rising = [_line(str(10 + i), 45, 700 - 14 * i) for i in range(8)]
    assert margin_line_numbers(body + rising) == set(range(8, 16))
    shuffled = [_line(str(n), 45, 700 - 14 * i) for i, n in enumerate((7, 3, 9, 1, 8, 2, 6, 4))]
    assert margin_line_numbers(body + shuffled) == set()  # a column of values (a table) is kept
    inside = [_line(str(10 + i), 150, 700 - 14 * i) for i in range(8)]
    assert margin_line_numbers(body + inside) == set()  # numbers within the text column are content


def test_fragments_of_one_visual_line_are_joined_in_reading_order() -> None:
    tail = _line("tastatic Gastric Cancer", 84, 500)
    head = _line("Me", 74, 500)
    superscript = _line("2", 90.5, 494, height=6.0, size=7.0)
    unit = _line("1.73 m (2.3)", 60, 490)
    merged = _merge_visual([tail, head, superscript, unit], None)
    assert [m.text for m in merged] == ["Metastatic Gastric Cancer", "1.73 m2 (2.3)"]


def test_symbolic_glyphs_and_list_items() -> None:
    assert readable("\uf061", "ABCDEF+SymbolMT") == "α"
    assert readable("\uf0b3", "SymbolMT") == "≥"
    assert readable("\uf0b7", "SymbolMT") == BULLET
    assert readable("\uf02d", "TimesNewRomanPSMT") == "-"
    assert readable("\uf0a7", "Wingdings-Regular") == BULLET
    known = known_words(set())
    raw = ("Starting dose: 500 mg twice a day ( 2.1)", "Increase weekly ( 2.1)", "● Lactic acidosis. ( 5.1)",
           "-----CONTRAINDICATIONS-----", "None. (4)")  # fmt: skip
    lines = [normalise(x) for x in raw]
    assert join_lines(lines, known).split("\n") == [
        "Starting dose: 500 mg twice a day (2.1)",
        "Increase weekly (2.1)",
        "• Lactic acidosis (5.1).",
        "CONTRAINDICATIONS",
        "None (4).",
    ]


def test_words_split_or_run_together_are_restored_from_the_documents_own_usage() -> None:
    lines = ["Do not take two doses.", "Do not take it with food.", "You should not take more.",
             "Tell us before any surgery.", "Stop it before any surgery.", "After surgery, any dose."]  # fmt: skip
    known = known_words(document_words([*lines, "Product T ype and the multi-dose vial"]))
    assert (
        join_lines(["Do nottake a double dose before anysurgery."], known)
        == "Do not take a double dose before any surgery."
    )
    assert join_lines(["Product T ype"], known) == "Product Type"
    assert join_lines(["a multidose vial with a placebo arm"], known) == "a multidose vial with a placebo arm"


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_a_table_of_contents_entry_does_not_make_the_label_a_reference_list(path: Path) -> None:
    blocks = parsed(path).blocks
    references = [b for b in blocks if b.kind == "references"]
    assert len(references) <= 0.1 * len(blocks), "only the label's own references section is a reference list"
    assert any(b.kind == "body" and b.page and b.page > len({x.page for x in blocks}) // 2 for b in blocks)


def test_a_blank_band_across_both_columns_parts_the_page() -> None:
    from assistant.ingest.pdf_layout import _reading_order

    def column(tag: str, left: float, top: float, n: int, gap_after: int | None = None) -> list[Line]:
        lines, y = [], top
        for i in range(n):
            lines.append(_line(f"{tag}{i}", left, y))
            y -= 40.0 if i == gap_after else 12.0
        return lines

    boxed = column("A", 40, 700, 8, gap_after=3) + column("B", 320, 700, 8, gap_after=3)
    order = [ln.text for ln in _reading_order(boxed, 300.0)]
    assert order == ["A0", "A1", "A2", "A3", "B0", "B1", "B2", "B3", "A4", "A5", "A6", "A7", "B4", "B5", "B6", "B7"]
    flowing = column("A", 40, 700, 8, gap_after=3) + column("B", 320, 700, 8, gap_after=5)
    order = [ln.text for ln in _reading_order(flowing, 300.0)]
    assert order == [f"A{i}" for i in range(8)] + [f"B{i}" for i in range(8)]  # gaps that do not line up: columns


def test_an_all_caps_title_wrapped_over_two_lines_stays_one_title() -> None:
    lines = [
        "WARNING: (A) EARLY STOPPING OF DRUGX RAISES THE",
        "RISK OF CLOTS (B) SPINAL HEMATOMA",
        "Stopping any oral anticoagulant early raises the risk of clots.",
    ]
    text = join_lines(lines, known_words(document_words(lines)))
    assert text.splitlines()[0] == "WARNING: (A) EARLY STOPPING OF DRUGX RAISES THE RISK OF CLOTS (B) SPINAL HEMATOMA"
    assert text.splitlines()[1].startswith("Stopping any oral anticoagulant")
    separate = ["The dose is 5 mg.", "CONTRAINDICATIONS", "None."]
    assert join_lines(separate, known_words(document_words(separate))).splitlines() == separate
