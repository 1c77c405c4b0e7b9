"""Wrapped table cells and wrapped run-in headings of PI PDFs are read whole.

Synthetic lines (boxes in PDF points, as the layout reader yields them) pin the rules; the
real-PDF check runs over every label PDF in the eval folders, so none names a label.
"""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest

from assistant.ingest import pdf
from assistant.ingest.pdf_cells import cells, continues_cell, join_wrapped_cells
from assistant.ingest.pdf_label_lines import is_run_in
from assistant.ingest.pdf_layout import Line

ROOT = Path(__file__).resolve().parents[1] / "evals"
PDFS = sorted([*(ROOT / "real_labels3").glob("*.pdf"), *(ROOT / "pdf_dev" / "labels").glob("*.pdf")])


def _line(text: str, top: float, left: float = 78.0, spans: list[tuple[float, str]] | None = None) -> Line:
    """A line of ~5 pt characters from ``left``; ``spans`` places cells at given x positions instead."""
    xs: list[float] = []
    if spans:
        pieces = []
        for i, (x, cell) in enumerate(spans):
            if i:
                pieces.append(" ")
                xs.append(xs[-1] + 5)
            pieces.append(cell)
            xs.extend(x + 5 * k for k in range(len(cell)))
        text = "".join(pieces)
    else:
        xs = [left + 5 * k for k in range(len(text))]
    return Line(text, xs[0], top - 11, xs[-1] + 5, top, 10.0, 0, False, xs)


ROW = [(78.0, "10 kg to less"), (172.0, "3 mg twice daily"), (371.0, "Not recommended")]


def test_a_row_is_split_into_cells_at_wide_gaps() -> None:
    row = _line("", 200, spans=ROW)
    assert [t for _, t in cells(row)] == ["10 kg to less", "3 mg twice daily", "Not recommended"]


def test_a_label_wrapped_under_its_row_goes_back_into_the_first_cell() -> None:
    row = _line("", 200, spans=ROW)
    wrapped = _line("than 20 kg", 186.5)  # 2.5 pt under the row: tight
    next_row = _line("", 165, spans=[(78.0, "20 kg to less"), (172.0, "4 mg twice daily")])
    joined = join_wrapped_cells([row, wrapped, next_row])
    assert [line.text for line in joined] == [
        "10 kg to less than 20 kg | 3 mg twice daily | Not recommended",
        "20 kg to less 4 mg twice daily",
    ]


def test_lines_that_are_rows_of_their_own_stay_rows() -> None:
    row = _line("", 200, spans=ROW)
    assert not continues_cell(row, _line("than 20 kg", 178))  # a row's spacing below: a new row
    assert not continues_cell(row, _line("Than 20 kg", 186.5))  # a capitalised label starts a row
    assert not continues_cell(row, _line("a Trial RA-I only", 186.5))  # a footnote marker
    assert not continues_cell(row, _line("py=patient years", 186.5))  # a footnote definition
    spanning = _line("", 186.5, spans=[(78.0, "amiodarone, capecitabine"), (371.0, "rifampin")])
    assert not continues_cell(row, spanning)  # lower-case cells across the columns: drug lists of a row
    assert not continues_cell(_line("Enzyme only header", 200), _line("than 20 kg", 186.5))  # no cells above


def test_a_run_in_heading_may_follow_a_bulleted_item_and_repeat_a_long_title() -> None:
    title = "Prophylaxis of Deep Vein Thrombosis Following Hip or Knee Replacement Surgery"
    assert is_run_in(title, "• serum creatinine greater than or equal to 1.5 mg/dL", "The recommended dose is 2.5 mg.")
    assert not is_run_in(title, "the dose of the drug was increased for", "The recommended dose is 2.5 mg.")
    too_long = (
        "Reduction of Risk of Stroke and Systemic Embolism in Patients with Nonvalvular Atrial Fibrillation and Flutter"
    )
    assert not is_run_in(too_long, "done.", None)  # 15 words: a heading is never this long on one line


@pytest.mark.skipif(not PDFS, reason="real label PDFs not present")
@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_no_row_of_a_real_label_is_the_wrapped_end_of_the_label_above(path: Path) -> None:
    """A weight band or reaction cut in two left a row like "than 20 kg" under "10 kg to less | 3 mg …"."""
    for block in pdf.parse_pdf(path).blocks:
        if block.kind != "table":
            continue
        lines = block.text.splitlines()[1:]
        for above, row in pairwise(lines):
            fragment = row[:1].islower() and len(row.split()) <= 3 and not re.search(r"[|=\d]", row)
            assert not (fragment and above.count("|") >= 2), (path.name, above, row)
