"""Structure of real FDA label PDFs (evals/real_labels3, evals/pdf_dev/labels): headings name text, not cells,
and a line cut by a page break is read once.

Every check runs over every PDF in both folders, so none names a label.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from itertools import pairwise
from pathlib import Path

import pytest

from assistant.ingest import pdf
from assistant.ingest.pdf_label_lines import is_cell_like, is_run_in
from assistant.types import Block, ParsedDocument

ROOT = Path(__file__).resolve().parents[1] / "evals"
PDFS = sorted([*(ROOT / "real_labels3").glob("*.pdf"), *(ROOT / "pdf_dev" / "labels").glob("*.pdf")])
needs_pdfs = pytest.mark.skipif(not PDFS, reason="real label PDFs not present")


@cache
def parsed(path: Path) -> ParsedDocument:
    return pdf.parse_pdf(path)


def _is_prose(block: Block) -> bool:
    text = block.text
    return (
        block.kind == "body"
        and len(text.split()) >= 9
        and "|" not in text
        and (sum(c.isdigit() for c in text) < 0.1 * len(text))
    )


@needs_pdfs
@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_a_run_in_heading_names_text_not_only_table_cells(path: Path) -> None:
    """A table's stub or column head taken for a heading renames every passage up to the next heading; a real
    run-in heading has at least one paragraph of text under it."""
    groups: dict[tuple[str, ...], list[Block]] = defaultdict(list)
    for block in parsed(path).blocks:
        if len(block.section_path) >= 3:
            groups[tuple(block.section_path)].append(block)
    cells_only = [key[-1] for key, blocks in groups.items() if not any(_is_prose(b) for b in blocks)]
    assert len(cells_only) <= max(1, len(groups) // 20), cells_only


def _pages(path: Path) -> list[pdf._Page]:
    document = pdf._open(path)
    try:
        return list(pdf._pages(document, path))
    finally:
        document.close()


def _edge_repeats(pages: list[pdf._Page]) -> int:
    """Page pairs whose lowest line is the next page's highest, both at the page edge."""
    count = 0
    for above, below in pairwise(pages):
        if above.lines and below.lines:
            foot = min(above.lines, key=lambda ln: ln.top)
            head = max(below.lines, key=lambda ln: ln.top)
            edge = pdf.EDGE_BAND
            if foot.text == head.text and foot.top <= edge * above.height and head.bottom >= (1 - edge) * below.height:
                count += 1
    return count


@needs_pdfs
def test_a_line_cut_by_a_page_break_is_read_once() -> None:
    repeated = 0
    for path in PDFS:
        pages = _pages(path)
        copies = [pdf._Page(p.number, list(p.lines), set(p.edges), p.height) for p in pages]
        pdf._strip_once(copies)  # running headers/footers off, as the full strip does first
        repeated += _edge_repeats(copies)
        pdf._strip_furniture(pages)
        assert _edge_repeats(pages) == 0, path.name
    assert repeated >= 3, "the print PDFs do draw cut lines on both pages"


def test_a_short_capitalised_line_before_cells_is_no_heading() -> None:
    assert is_run_in("Risk Summary", "a finished sentence.", "There are no data on use in pregnant women.")
    assert is_run_in("Contraception", "a finished sentence.", "Females")  # a heading right under a heading
    assert not is_run_in("Median", "(n = 235) (n = 234)", "Median | 7.2 | 4.5")
    assert not is_run_in("Primary Endpoint", "done.", "Median | 7.2 | 4.5 | 6.7")
    assert not is_run_in("Study Drug +", "done.", None)  # a trailing sign: half a cell
    assert not is_run_in("(Clinical", "done.", None)  # an unclosed bracket
    assert not is_run_in("Week 32 22 37 26", "done.", None)  # numbers side by side
    assert not is_run_in("Table 12", "done.", "Exploratory Analyses by Subgroup")
    assert is_run_in("Pediatric Patients 2 to Less Than 18 Years of Age", "done.", "The dosage is based on weight.")
    assert is_run_in("Induction Trials (Studies CD-1 and CD-2)", "done.", "In two trials, CD-1 (NCT01234567) and")


def test_cell_like_lines() -> None:
    assert is_cell_like("Active | Placebo")
    assert is_cell_like("11.6 11.2 5.2 5.3")
    assert is_cell_like("(n=359) (n=363)")
    assert not is_cell_like("Females")
    assert not is_cell_like("In two induction trials, CD-1 (NCT01234567) and CD-2 (NCT07654321), patients were")


CORPUS_PDFS = sorted((ROOT.parent / "corpus").glob("*/*.pdf"))


@needs_pdfs
@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_every_label_pdf_is_read_as_a_label_with_or_without_highlights(path: Path) -> None:
    """A print of a label without Highlights is still read section by section, with the sections' codes."""
    blocks = parsed(path).blocks
    assert parsed(path).meta.doc_type == "label"
    coded = [b for b in blocks if b.section_code]
    assert len(coded) >= 0.8 * len(blocks)
    assert len({b.section_path[0] for b in blocks if b.section_path}) >= 8


@pytest.mark.skipif(not CORPUS_PDFS, reason="corpus PDFs not present")
@pytest.mark.parametrize("path", CORPUS_PDFS, ids=lambda p: p.stem)
def test_a_paper_with_a_few_label_like_headings_stays_a_publication(path: Path) -> None:
    assert parsed(path).meta.doc_type == "publication"


@needs_pdfs
def test_carton_panels_sit_in_the_package_label_section_not_the_patient_labeling() -> None:
    panels = [b for path in PDFS for b in parsed(path).blocks if b.text.startswith("PRINCIPAL DISPLAY PANEL")]
    assert panels, "a print PDF carries its carton panels"
    assert all(b.section_code == "51945-4" for b in panels)


LABEL_PDFS = sorted([*PDFS, *(ROOT / "real_labels4").glob("*.pdf")])


@pytest.mark.skipif(not LABEL_PDFS, reason="real label PDFs not present")
@pytest.mark.parametrize("path", LABEL_PDFS, ids=lambda p: p.stem)
def test_every_indication_subsection_states_its_use_in_a_block_of_its_own(path: Path) -> None:
    """An indication stated only in its subsection title (no body text, or only a "Limitation of Use" under it)
    must still reach answers and the approved-use profile: the subsection gets its title as its text."""
    blocks = parsed(path).blocks
    indications = [b for b in blocks if b.section_codes[:1] == ["34067-9"]]
    named = {tuple(b.section_path[:2]) for b in indications if len(b.section_path) >= 2}
    own = {tuple(b.section_path) for b in blocks if len(b.section_path) == 2}
    assert named <= own, sorted(named - own)
