"""Real-world-shaped broken and awkward PDFs, generated on the fly (fpdf2 + byte surgery) for the ingest tests."""

from __future__ import annotations

import re
from pathlib import Path

from ingest_samples import write_pdf

PARAGRAPH = (
    "Patients randomised to the active arm had fewer exacerbations than those on placebo, and the "
    "difference persisted through week fifty-two of treatment in every prespecified subgroup. "
)

WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"]


def _fpdf():  # type: ignore[no-untyped-def]
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=10)
    pdf.set_auto_page_break(False)
    return pdf


def write_two_column(path: Path, pages: int = 3) -> Path:
    """A journal-like page: running header, page number footer, title across, two columns, a caption, references."""
    pdf = _fpdf()
    for number in range(1, pages + 1):
        pdf.add_page()
        pdf.set_xy(10, 6)
        pdf.cell(0, 5, "Journal of Imaginary Therapeutics 2024; 12: 100-110")
        pdf.set_xy(10, 285)
        pdf.cell(0, 5, str(number), align="C")
        top = 20
        if number == 1:
            pdf.set_font("Helvetica", "B", 16)
            pdf.set_xy(10, 14)
            pdf.cell(0, 8, "Zylofenib in Chronic Fatigue: a Randomised Trial")
            pdf.set_font("Helvetica", size=10)
            top = 30
        word = WORDS[number - 1]
        left = f"Left column {word} starts here. {PARAGRAPH * 3}Left column {word} ends here."
        right = f"Right column {word} starts here. {PARAGRAPH * 3}Right column {word} ends here."
        pdf.set_xy(10, top)
        pdf.multi_cell(90, 5, left)
        pdf.set_xy(110, top)
        pdf.multi_cell(90, 5, right)
        if number == 2:
            pdf.set_xy(10, 200)
            pdf.multi_cell(190, 5, "Figure 2. Exacerbation rate by week in the two treatment arms.")
        if number == pages:
            pdf.set_xy(10, 230)
            pdf.set_font("Helvetica", "B", 12)
            pdf.cell(0, 6, "References")
            pdf.set_font("Helvetica", size=10)
            pdf.set_xy(10, 238)
            pdf.multi_cell(190, 5, "1. Smith J, Jones K. Fatigue trials. N Engl J Med. 2020;382:1-10.")
    pdf.output(str(path))
    return path


def write_many_pages(path: Path, pages: int = 1000) -> Path:
    pdf = _fpdf()
    for number in range(1, pages + 1):
        pdf.add_page()
        pdf.cell(0, 10, f"Appendix listing {number}: subject {number * 7} completed the visit schedule.")
    pdf.output(str(path))
    return path


def _image_page(path: Path, image_size: tuple[int, int], text: str | None) -> Path:
    from PIL import Image

    pdf = _fpdf()
    pdf.add_page()
    if text:
        pdf.multi_cell(0, 5, text)
    pdf.image(Image.new("RGB", image_size, (200, 30, 30)), x=10, y=60 if text else 0, w=100)
    pdf.output(str(path))
    return path


def write_huge_image(path: Path) -> Path:
    """A page of text plus a 6000 x 6000 pixel image (the image is never decoded for text)."""
    return _image_page(path, (6000, 6000), "Baseline characteristics were balanced. " + PARAGRAPH)


def write_scan(path: Path) -> Path:
    """A 'scanned' paper: only an image, no text layer."""
    return _image_page(path, (800, 1100), None)


def write_oversized_stream(path: Path) -> Path:
    """One page whose content stream holds 40,000 line paths (~280,000 tokens, the kind that trips pypdf's limit)."""
    pdf = _fpdf()
    pdf.add_page()
    pdf.multi_cell(0, 5, "Dense vector figure follows. " + PARAGRAPH)
    pdf.set_line_width(0.01)
    for i in range(40_000):
        x = 10 + (i % 400) * 0.45
        y = 80 + (i // 400) * 1.5
        pdf.line(x, y, x + 0.3, y + 0.3)
    pdf.output(str(path))
    return path


def write_broken_xref(path: Path) -> Path:
    """A valid PDF whose cross-reference offsets all point to the wrong bytes."""
    good = write_pdf(path)
    data = good.read_bytes()
    data = re.sub(rb"(\d{10}) 00000 n", lambda m: b"%010d 00000 n" % (int(m.group(1)) + 7), data)
    data = re.sub(rb"startxref\s+\d+", b"startxref\n12", data)
    path.write_bytes(data)
    return path


def write_truncated(path: Path) -> Path:
    """The first 40% of a PDF, as left by an interrupted download."""
    whole = write_two_column(path.with_suffix(".full.tmp"))
    data = whole.read_bytes()
    whole.unlink()
    path.write_bytes(data[: int(len(data) * 0.4)])
    return path
