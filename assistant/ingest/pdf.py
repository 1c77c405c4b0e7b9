"""PDF publications → ParsedDocument with 1-based pages, sections, captions and a marked reference list.

Text comes from pdfium (``pdf_layout``): lines rebuilt from character boxes and
read column by column, so a two-column journal page reads in order. Running
headers/footers and page numbers are dropped (``pdf_text``), ligatures spelled
out and line-end hyphenation joined. A short line that looks like a heading
("2 Methods", "RESULTS", a larger font) starts a section that carries over
pages. The reference list is kept but marked ``kind="references"`` so it is
searchable yet never used as evidence for an answer. A figure or table caption
("Figure 2.", "Table 1:") is its own block on its own page.

Pages are read one at a time and closed, so a 1,000-page file costs the memory
of its text lines, not of its page objects.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from statistics import median

import pypdfium2 as pdfium

from assistant.errors import ParseError
from assistant.ingest.infer import HEAD_CHARS, label_text_identity
from assistant.ingest.pdf_label import parse_label_pages
from assistant.ingest.pdf_label_parts import PageLines, looks_like_label
from assistant.ingest.pdf_layout import Line, open_document, page_lines
from assistant.ingest.pdf_text import (
    EDGE_LINES,
    Known,
    document_words,
    edge_indices,
    furniture_key,
    is_page_number,
    join_lines,
    known_words,
    normalise,
    repeated_furniture,
)
from assistant.types import Block, BlockKind, DocumentMeta, ParsedDocument

_KNOWN_HEADINGS = {
    "abstract", "background", "introduction", "methods", "materials and methods", "patients and methods",
    "results", "discussion", "conclusion", "conclusions", "references", "acknowledgements",
    "acknowledgments", "limitations", "objective", "objectives", "study design", "summary", "safety",
    "efficacy", "funding", "key points", "disclosures", "bibliography", "literature cited",
    "references and notes", "reference", "supplementary material", "supplementary materials", "appendix",
}  # fmt: skip
_REFERENCE_HEADINGS = {
    "reference",
    "references",
    "bibliography",
    "literature cited",
    "references and notes",
    "works cited",
}
_NUMBERED = re.compile(r"^(\d{1,2}(\.\d{1,2})*\.?|[IVX]{1,4}\.)\s+[A-Z][\w ,:&/()'-]{1,70}$")
_CAPTION = re.compile(r"^(fig\.?|figure|table|supplementary (figure|table)|extended data fig\.?)\s*S?\d+[a-z]?\b", re.I)
_TERMINAL = (".", ":", ";", ",", "?", "!")
_MINOR_WORDS = {"and", "or", "of", "in", "on", "the", "a", "an", "for", "to", "with", "by", "vs", "at"}
EDGE_BAND = 0.15
"""Running headers and footers sit in the outer 15% of the page height."""
HEADING_SIZE_RATIO = 1.15
"""A short line set this much larger than the body text is a heading."""


def _is_title_case(words: list[str]) -> bool:
    significant = [w for w in words if w.lower() not in _MINOR_WORDS]
    return bool(significant) and all(w[0].isupper() or w[0].isdigit() for w in significant)


def heading_key(text: str) -> str:
    """A heading without its number and trailing colon, lower case ("2. Methods:" → "methods")."""
    return re.sub(r"^(\d{1,2}(\.\d{1,2})*\.?|[IVX]{1,4}\.)\s+", "", text.strip()).lower().rstrip(":").strip()


def is_heading(line: str, previous: str | None, larger: bool = False) -> bool:
    """A short line without final punctuation that is numbered, known, larger, ALL CAPS or Title Case."""
    text = line.strip()
    words = text.split()
    if not words or len(words) > 10 or len(text) > 80 or text.endswith(_TERMINAL) or _CAPTION.match(text):
        return False
    if heading_key(text) in _KNOWN_HEADINGS or _NUMBERED.match(text):
        return True
    if not any(c.isalpha() for c in text):
        return False
    if larger and len(words) <= 8:
        return True
    starts_sentence = previous is None or previous.rstrip().endswith((".", ":", "?", "!"))
    if text.isupper() and len(words) <= 8:
        return starts_sentence
    return starts_sentence and 2 <= len(words) <= 8 and _is_title_case(words)


@dataclass
class _Page:
    number: int
    lines: list[Line]
    edges: set[int]
    height: float = 0.0


def _open(path: Path) -> pdfium.PdfDocument:
    try:
        return open_document(str(path))
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise ParseError(path, "encrypted PDF: a password is required; provide an unencrypted copy") from exc
        raise ParseError(path, f"not a readable PDF ({message.rstrip('.')})") from exc


def _pages(document: pdfium.PdfDocument, path: Path) -> Iterator[_Page]:
    """Each page's normalised lines, one page object open at a time."""
    for index in range(len(document)):
        try:
            page = document[index]
        except pdfium.PdfiumError as exc:
            raise ParseError(path, f"page {index + 1} cannot be loaded ({exc})") from exc
        try:
            height = float(page.get_height())
            lines = page_lines(page)
        finally:
            page.close()
        for line in lines:
            line.text = normalise(line.text)
        lines = [ln for ln in lines if ln.text]
        yield _Page(index + 1, lines, _edges(lines, height), height)


def _edges(lines: list[Line], height: float) -> set[int]:
    """Lines that may be headers/footers: among the top or bottom few and inside the page's outer margin band.

    A page with only a few lines has none: its lines are its content (a one-line
    appendix page repeated 1,000 times is not a running header).
    """
    if len(lines) <= 2 * EDGE_LINES:
        return set()
    by_top = sorted(range(len(lines)), key=lambda i: -lines[i].top)
    band = EDGE_BAND * height
    return {
        by_top[i]
        for i in edge_indices(len(lines))
        if lines[by_top[i]].bottom >= height - band or lines[by_top[i]].top <= band
    }


def _strip_furniture(pages: list[_Page]) -> None:
    """Drop running headers/footers and bare page numbers found at the top or bottom of pages.

    Twice: a page number printed above a three-line footer ("Reference ID: …")
    reaches the page edge only once the footer is gone.
    """
    for _ in range(2):
        _strip_once(pages)
        for page in pages:
            page.edges = _edges(page.lines, page.height) if page.height else page.edges
    for above, below in pairwise(pages):
        _drop_cut_line(above, below)


def _drop_cut_line(above: _Page, below: _Page) -> None:
    """Drop a line a page break cut in two, drawn at the foot of one page and again at the head of the next.

    A print of a web page (a DailyMed PI) repeats the line the page boundary cut
    through; read twice it doubles a sentence or a heading. The copy kept is the
    next page's, where the line's section and sentence go on.
    """
    if not above.lines or not below.lines or not above.height or not below.height:
        return
    foot = min(above.lines, key=lambda ln: ln.top)
    head = max(below.lines, key=lambda ln: ln.top)
    at_foot = foot.top <= EDGE_BAND * above.height
    at_head = head.bottom >= (1 - EDGE_BAND) * below.height
    if at_foot and at_head and foot.text.strip() == head.text.strip():
        above.lines = [ln for ln in above.lines if ln is not foot]


def _strip_once(pages: list[_Page]) -> None:
    repeated = repeated_furniture([{furniture_key(p.lines[i].text) for i in p.edges} for p in pages])
    for page in pages:
        page.lines = [
            line
            for i, line in enumerate(page.lines)
            if i not in page.edges or not (is_page_number(line.text) or furniture_key(line.text) in repeated)
        ]


class _Builder:
    """Turns lines into blocks, tracking the section and whether we are in the reference list."""

    def __init__(self, body_size: float, known: Known) -> None:
        self.body_size = body_size
        self.known = known
        self.section: list[str] = []
        self.kind: BlockKind = "body"
        self.blocks: list[Block] = []
        self.pending: list[str] = []
        self.caption = False
        self.page = 0
        self.heading_size = 0.0

    def flush(self) -> None:
        body = join_lines(self.pending, self.known)
        if body:
            self.blocks.append(Block(text=body, section_path=list(self.section), page=self.page, kind=self.kind))
        self.pending.clear()
        self.caption = False

    def _heading(self, line: Line, previous: str | None) -> bool:
        larger = self.body_size > 0 and line.size >= HEADING_SIZE_RATIO * self.body_size and line.new_paragraph
        if self.kind == "references":  # entries look like headings; only a real section heading ends the list
            numbered_caps = bool(_NUMBERED.match(line.text)) and line.text.isupper()  # a label's "16 HOW SUPPLIED"
            return (
                heading_key(line.text) in _KNOWN_HEADINGS
                or numbered_caps
                or (larger and is_heading(line.text, None, True))
            )
        return is_heading(line.text, previous, larger)

    def _continues_heading(self, line: Line) -> bool:
        """A large heading wrapped over two lines (a long title) stays one heading, not heading plus body."""
        return (
            self.heading_size > 0
            and not self.pending
            and bool(self.section)
            and self.body_size > 0
            and line.size >= HEADING_SIZE_RATIO * self.body_size
            and abs(line.size - self.heading_size) < 0.5
        )

    def add_page(self, page: _Page) -> None:
        self.page = page.number
        previous: str | None = None
        for line in page.lines:
            if self._continues_heading(line):
                self.section = [f"{self.section[0]} {line.text.strip()}"]
            elif self._heading(line, previous):
                self.flush()
                self.section = [line.text.strip()]
                self.kind = "references" if heading_key(line.text) in _REFERENCE_HEADINGS else "body"
                self.heading_size = line.size
            elif _CAPTION.match(line.text) and line.new_paragraph:
                self.flush()
                self.caption = True
                self.pending.append(line.text)
            else:
                if self.caption and line.new_paragraph:
                    self.flush()
                self.pending.append(line.text)
            if self.pending:
                self.heading_size = 0.0
            previous = line.text
        self.flush()


def _title(document: pdfium.PdfDocument, pages: list[_Page], path: Path) -> str:
    """The metadata title, else the largest text on the first page with text, else the file name."""
    try:
        meta_title = str(document.get_metadata_dict().get("Title") or "").strip()
    except pdfium.PdfiumError:
        meta_title = ""
    if meta_title and not meta_title.lower().startswith(("microsoft word", "untitled")):
        return meta_title[:200]
    for page in pages:
        if page.lines:
            top = max(line.size for line in page.lines[:40])
            big = [line.text for line in page.lines[:40] if line.size >= top - 0.5]
            return " ".join(big)[:200] or path.stem
    return path.stem


def _label_document(
    pages: list[_Page], known: Known, title: str, path: Path
) -> tuple[DocumentMeta, list[Block]] | None:
    """A prescribing information: blocks coded like SPL sections, identity from its Highlights."""
    label_pages = [PageLines(p.number, p.lines) for p in pages]
    if not looks_like_label(label_pages):
        return None
    parsed = parse_label_pages(label_pages, known)
    if not parsed.blocks:
        return None
    body = "\n".join(b.text for b in parsed.blocks)
    head = parsed.highlights or body[:HEAD_CHARS]
    name, brand, product, date = label_text_identity(head, f"{parsed.highlights}\n{body}", path, parsed.blocks)
    meta = DocumentMeta(
        doc_id="", title=name or title, doc_type="label", product=product, brand=brand, effective_date=date
    )
    return meta, parsed.blocks


def parse_pdf(path: Path) -> ParsedDocument:
    """Parse a PDF; pages without text become warnings, a PDF without any text is an error."""
    document = _open(path)
    try:
        if len(document) == 0:
            raise ParseError(path, "PDF has no pages")
        pages = list(_pages(document, path))
        title = _title(document, pages, path)
    finally:
        document.close()
    _strip_furniture(pages)
    sizes = [line.size for page in pages for line in page.lines if line.size > 0]
    known = known_words(document_words(line.text for page in pages for line in page.lines))
    warnings = [f"page {p.number} has no extractable text (needs OCR)" for p in pages if not p.lines]
    label = _label_document(pages, known, title, path)
    if label is not None:
        return ParsedDocument(meta=label[0], blocks=label[1], warnings=warnings)
    builder = _Builder(median(sizes) if sizes else 0.0, known)
    for page in pages:
        if page.lines:
            builder.add_page(page)
    if not builder.blocks:
        raise ParseError(path, "PDF has no extractable text (scanned? needs OCR)")
    meta = DocumentMeta(doc_id="", title=title, doc_type="publication")
    return ParsedDocument(meta=meta, blocks=builder.blocks, warnings=warnings)
