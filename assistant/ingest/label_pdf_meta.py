"""What a label PDF says about itself outside its Highlights: the title block and the revision date.

A DailyMed print PDF opens with the SPL title block, "NAME- generic form,
qualifier" ("GENERIC SODIUM- generic sodium tablet", "BRAND- generic
calcium tablet, film coated"), followed by the labeler. It is the only place a
label without Highlights (an older format) names its product, so without it the
product stays unknown and every question about it is refused.

The revision date is the first "Revised: 8/2022" / "Revised: November 2013" in
reading order: the Highlights' or the full prescribing information's, not an
appended patient leaflet's nor a distributor's print stamp at the end. A short
"Revised: ..." line is often read as a heading, so headings are searched too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pypdfium2 as pdfium

from assistant.ingest import label_meta
from assistant.types import Block

HIGHLIGHTS_PAGES = 3
"""Highlights, with their "Revised:" line, fill the first page or two."""
TITLE_BLOCK_CHARS = 400
"""The title block is the document's first line or two."""

_TITLE_BLOCK = re.compile(
    r"^\s*(?P<name>[A-Z0-9][A-Z0-9 .,&/'+\-]*?)\s*[®™]?\s*-\s+(?P<generic>[a-z][a-z0-9 ,/'+\-]*?)(?=\s+[A-Z]|\s*$)"
)
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
         "november", "december")
    )
}  # fmt: skip
_REVISED = re.compile(
    r"\bRevised:?\s*(?:(?P<month>\d{1,2})\s*/\s*(?:\d{1,2}\s*/\s*)?(?P<year>\d{4})|"
    r"(?P<name>[A-Z][a-z]+)\.?\s+(?P<year2>\d{4}))\b"
)


def title_block_identity(head: str, body: str) -> tuple[str | None, str | None]:
    """(brand, product) from a leading "NAME- generic form" title block, or (None, None).

    The generic part ends before its dosage form (its last word: "tablet",
    "injection") and any ", qualifier"; the product is its active moiety as the
    label itself uses it (see :func:`label_meta.moiety_by_usage`). NAME is the
    brand when it is not just the generic name in capitals.
    """
    match = _TITLE_BLOCK.match(head[:TITLE_BLOCK_CHARS])
    if not match:
        return None, None
    generic_words = match.group("generic").split(",")[0].split()
    if len(generic_words) < 2:
        return None, None
    generic = " ".join(generic_words[:-1])
    product = label_meta.product_from_generic(generic, body)
    if not product:
        return None, None
    name = label_meta.clean(match.group("name")).strip(" -")
    same = set(label_meta.words(name)) <= set(label_meta.words(generic))
    return (None if same or not name else name), product


def _date(match: re.Match[str]) -> str | None:
    if match.group("month"):
        month, year = int(match.group("month")), int(match.group("year"))
    else:
        month, year = _MONTHS.get(match.group("name").lower(), 0), int(match.group("year2"))
    return f"{year}-{month:02d}" if 1 <= month <= 12 and 1900 < year < 2200 else None


def revised_date_on_first_pages(path: Path, pages: int = HIGHLIGHTS_PAGES) -> str | None:
    """ "YYYY-MM" of the first revision statement on the PDF's first pages (where Highlights end), raw text.

    Read from the page text itself, before any heading or furniture logic, so a
    "Revised: 10/ 2010" line that layout analysis files away is still seen.
    """
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        return None
    try:
        for index in range(min(pages, len(document))):
            page = document[index]
            textpage = page.get_textpage()
            try:
                text = str(textpage.get_text_range())
            finally:
                textpage.close()
                page.close()
            for match in _REVISED.finditer(text):
                if date := _date(match):
                    return date
    finally:
        document.close()
    return None


def revised_date_in_blocks(blocks: Iterable[Block]) -> str | None:
    """ "YYYY-MM" of the first revision statement in reading order (headings included)."""
    seen_heading = ""
    for block in blocks:
        heading = block.section_path[-1] if block.section_path else ""
        texts = [block.text] if heading == seen_heading else [heading, block.text]
        seen_heading = heading
        for text in texts:
            for match in _REVISED.finditer(text):
                if date := _date(match):
                    return date
    return None
