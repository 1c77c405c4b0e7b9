"""One PDF page → its text lines in reading order, from pdfium's character boxes.

Why geometry: a journal page has two columns, a running header, page numbers
and figure captions; the order of text in the content stream (what pypdf
returns) often interleaves them. pdfium gives each character with its box, so
lines are rebuilt from positions, a vertical gutter with (almost) no text
crossing it marks a two-column page, and lines are then read band by band:
everything between two full-width lines is read left column first, then right.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from assistant.ingest.pdf_glyphs import font_name, is_private, readable
from assistant.ingest.pdf_numbers import attach_numbers, margin_line_numbers

_LINE_BREAKS = "\r\n"
_GAP_SPLIT = 1.5
"""A horizontal gap wider than this many line heights splits a visual line (it is a column gutter)."""
_MIN_COLUMN_LINES = 4
"""Lines each side of a gutter needed before a page is read as two columns."""
_MERGE_GAP = 4.0
_CUT_LINES = 2.5
"""A blank band this many line heights tall across both columns parts the page into pieces read one by one."""
"""Fragments on one baseline closer than this many line heights are one line (unless a gutter parts them)."""


@dataclass
class Line:
    """A visual line: text, box in PDF points (origin bottom-left), font size and column."""

    text: str
    left: float
    bottom: float
    right: float
    top: float
    size: float = 0.0
    column: int = 0  # 0 spans the page (or single column), 1 left, 2 right
    new_paragraph: bool = False
    xs: list[float] = field(default_factory=list)
    """Left x of each character of ``text`` (where a superscript or a stray fragment is put back)."""

    @property
    def height(self) -> float:
        return max(self.top - self.bottom, 1.0)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


def _char_texts(textpage: pdfium.PdfTextPage, count: int) -> str:
    """Text with exactly one character per pdfium character index (surrogate pairs are rare; fall back)."""
    text = str(textpage.get_text_range(0, count))
    if len(text) == count:
        return text
    return "".join(str(textpage.get_text_range(i, 1))[:1] or " " for i in range(count))


class _Run:
    """Characters accumulating into one line fragment."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.xs: list[float] = []
        self.box: list[float] | None = None
        self.first_index = -1

    def add(self, char: str, box: tuple[float, float, float, float] | None, index: int) -> None:
        self.chars.append(char)
        self.xs.append(box[0] if box is not None else (self.box[2] if self.box is not None else 0.0))
        if box is not None:
            if self.box is None:
                self.box, self.first_index = list(box), index
            else:
                b = self.box
                b[0], b[1], b[2], b[3] = min(b[0], box[0]), min(b[1], box[1]), max(b[2], box[2]), max(b[3], box[3])

    def line(self, textpage: pdfium.PdfTextPage) -> Line | None:
        raw = "".join(self.chars)
        text = raw.strip()
        if not text or self.box is None:
            return None
        start = len(raw) - len(raw.lstrip())
        size = float(pdfium_c.FPDFText_GetFontSize(textpage.raw, self.first_index))
        xs = self.xs[start : start + len(text)]
        return Line(text, self.box[0], self.box[1], self.box[2], self.box[3], size=size, xs=xs)

    def breaks_at(self, box: tuple[float, float, float, float], last: tuple[float, float, float, float] | None) -> bool:
        """Does a character at ``box`` start a new fragment (a gutter-wide gap, a jump back or off the line)?

        Text is written left to right along one baseline; a character far to the
        left of the previous one, or beside the run's height entirely, was put
        there by the content stream (a margin line number, the next line), not by
        the reading order. Characters stacked over each other (text set sideways)
        stay one fragment, so a sideways label is still recognised as one.
        """
        if self.box is None or last is None:
            return False
        height = max(self.box[3] - self.box[1], 1.0)
        if box[0] - last[2] > _GAP_SPLIT * height:
            return True
        if min(box[2], last[2]) > max(box[0], last[0]):  # overlapping in x: stacked or overprinted
            return False
        return last[2] - box[2] > height or box[1] >= self.box[3] or box[3] <= self.box[1]


def _runs(textpage: pdfium.PdfTextPage) -> list[Line]:
    """Fragments in content order, split at pdfium's line breaks and at gutter-wide horizontal gaps."""
    count = textpage.count_chars()
    if count <= 0:
        return []
    text = _char_texts(textpage, count)
    lines: list[Line] = []
    run = _Run()
    last: tuple[float, float, float, float] | None = None
    for index, char in enumerate(text):
        if char in _LINE_BREAKS:
            if (line := run.line(textpage)) is not None:
                lines.append(line)
            run, last = _Run(), None
            continue
        if is_private(char):
            char = readable(char, font_name(textpage, index))
        box: tuple[float, float, float, float] | None = None
        if not char.isspace():
            left, bottom, right, top = textpage.get_charbox(index)
            if right > left or top > bottom:
                box = (left, bottom, right, top)
        if box is not None and run.breaks_at(box, last):
            if (line := run.line(textpage)) is not None:
                lines.append(line)
            run = _Run()
        run.add(char, box, index)
        if box is not None:
            last = box
    if (line := run.line(textpage)) is not None:
        lines.append(line)
    return lines


def _same_line(a: Line, b: Line, gutter: float | None) -> bool:
    """b continues a on the same visual line (a superscript, a font change, a wide space after "2.1")."""
    overlap = min(a.top, b.top) - max(a.bottom, b.bottom)
    if overlap < 0.4 * min(a.height, b.height):
        return False
    if gutter is not None and a.right <= gutter <= b.left:
        return False
    return -2.0 <= b.left - a.right <= _MERGE_GAP * max(a.height, b.height)


def _join(a: Line, b: Line) -> None:
    """Append fragment ``b`` (to the right of ``a`` on its visual line) to ``a``."""
    spaced = b.left - a.right > 0.15 * a.height
    a.xs = [*a.xs, *([a.right] if spaced else []), *b.xs]
    a.text = f"{a.text} {b.text}" if spaced else a.text + b.text
    a.left, a.bottom = min(a.left, b.left), min(a.bottom, b.bottom)
    a.right, a.top = max(a.right, b.right), max(a.top, b.top)
    a.size = max(a.size, b.size)


def _merge(fragments: list[Line], gutter: float | None) -> list[Line]:
    """Fragments of one visual line joined (never across the column gutter)."""
    merged: list[Line] = []
    for frag in fragments:
        prev = merged[-1] if merged else None
        if prev is not None and _same_line(prev, frag, gutter):
            _join(prev, frag)
        else:
            merged.append(frag)
    return merged


def _inside(line: Line, small: Line) -> bool:
    """``small`` is a superscript or subscript set within ``line`` ("m2", "B12"), written out of order."""
    overlap = min(line.top, small.top) - max(line.bottom, small.bottom)
    return (
        len(small.text) <= 4
        and small.height < 0.9 * line.height
        and overlap > 0
        and line.left < small.left
        and small.right <= line.right + 1.0
        and len(line.xs) == len(line.text)
    )


def _insert(line: Line, small: Line) -> None:
    """Put ``small`` back into ``line`` at its x position, against the character before it ("m2 (2.3)")."""
    at = next((i for i, x in enumerate(line.xs) if x >= small.left and not line.text[i].isspace()), len(line.text))
    while at > 0 and line.text[at - 1].isspace():
        at -= 1
    line.text = line.text[:at] + small.text + line.text[at:]
    line.xs = [*line.xs[:at], *small.xs, *line.xs[at:]]
    line.bottom, line.top = min(line.bottom, small.bottom), max(line.top, small.top)


def _merge_visual(lines: list[Line], gutter: float | None) -> list[Line]:
    """Fragments that share a visual line joined whatever their order in the content stream.

    A word drawn in two pieces ("Me" + "tastatic"), a superscript written after
    its line, a cell continued later: the content order is the producer's, the
    visual line is the reader's.
    """
    out: list[Line] = []
    for line in sorted(lines, key=lambda ln: (-ln.top, ln.left)):
        for other in reversed(out[-8:]):
            if _same_line(other, line, gutter):
                _join(other, line)
                break
            if _same_line(line, other, gutter):
                _join(line, other)
                out[out.index(other)] = line
                break
            if _inside(other, line):
                _insert(other, line)
                break
            if _inside(line, other):
                _insert(line, other)
                out[out.index(other)] = line
                break
        else:
            out.append(line)
    return out


def find_gutter(lines: list[Line], width: float) -> float | None:
    """x of a vertical gap in the middle of the page that body lines fall on either side of, if any."""
    if len(lines) < 2 * _MIN_COLUMN_LINES:
        return None
    bins = int(width) + 1
    cover = [0] * bins
    for line in lines:
        for x in range(max(0, int(line.left)), min(bins, int(line.right) + 1)):
            cover[x] += 1
    lo, hi = int(width * 0.3), int(width * 0.7)
    if hi <= lo:
        return None
    best = min(range(lo, hi), key=lambda x: (cover[x], abs(x - width / 2)))
    left = sum(1 for ln in lines if ln.right <= best)
    right = sum(1 for ln in lines if ln.left >= best)
    crossing = len(lines) - left - right
    if left < _MIN_COLUMN_LINES or right < _MIN_COLUMN_LINES or crossing > 0.25 * (left + right):
        return None
    return float(best)


def _reading_order(lines: list[Line], gutter: float | None) -> list[Line]:
    """Top to bottom; on a two-column page each band between full-width lines is read column by column."""
    ordered_top = sorted(lines, key=lambda ln: (-ln.top, ln.left))
    if gutter is None:
        return ordered_top
    out: list[Line] = []
    band: list[Line] = []

    def flush() -> None:
        for column in (1, 2):
            out.extend(ln for ln in band if ln.column == column)
        band.clear()

    for line in ordered_top:
        line.column = 1 if line.right <= gutter else 2 if line.left >= gutter else 0
    cuts = _shared_gaps(ordered_top)
    for line in ordered_top:
        while cuts and line.top < cuts[0]:
            flush()
            cuts.pop(0)
        if line.column == 0:
            flush()
            out.append(line)
        else:
            band.append(line)
    flush()
    return out


def _shared_gaps(ordered_top: list[Line]) -> list[float]:
    """Heights (top to bottom) of blank bands both columns share, wide enough to part two pieces of the page.

    A Highlights box in two columns followed by a two-column table of contents
    has no full-width line between them, only white space across both columns;
    without a cut there the contents would be read into the middle of the Highlights.
    """
    heights = sorted(ln.height for ln in ordered_top)
    if not heights:
        return []
    least = _CUT_LINES * heights[len(heights) // 2]
    gaps: list[list[tuple[float, float]]] = []
    for column in (1, 2):
        lines = [ln for ln in ordered_top if ln.column in (0, column)]
        gaps.append([(b.top, a.bottom) for a, b in pairwise(lines) if a.bottom - b.top >= least])
    cuts = []
    for low, high in gaps[0]:
        for low2, high2 in gaps[1]:
            if min(high, high2) - max(low, low2) >= least:
                cuts.append((min(high, high2) + max(low, low2)) / 2)
    return sorted(cuts, reverse=True)


def _mark_paragraphs(lines: list[Line]) -> None:
    """A line starts a paragraph when it changes column or follows a gap wider than a line."""
    prev: Line | None = None
    for line in lines:
        if prev is None or line.column != prev.column:
            line.new_paragraph = True
        else:
            gap = prev.bottom - line.top
            line.new_paragraph = gap > 0.8 * max(prev.height, line.height) or gap < -prev.height
        prev = line


def _vertical(line: Line) -> bool:
    """Text set sideways in the margin (arXiv stamps, journal side marks): a tall, narrow box holding a word."""
    return len(line.text) >= 4 and (line.top - line.bottom) > 3 * max(line.right - line.left, 1.0)


def page_lines(page: pdfium.PdfPage) -> list[Line]:
    """The page's visual lines in reading order (an empty list for a page without a text layer)."""
    textpage = page.get_textpage()
    try:
        fragments = _runs(textpage)
    finally:
        textpage.close()
    fragments = [f for f in fragments if not _vertical(f)]
    numbered = margin_line_numbers(fragments)
    fragments = [f for i, f in enumerate(fragments) if i not in numbered]
    gutter = find_gutter(fragments, float(page.get_width()))
    width = float(page.get_width())
    ordered = attach_numbers(_reading_order(_merge_visual(_merge(fragments, gutter), gutter), gutter), width)
    _mark_paragraphs(ordered)
    return ordered


def open_document(path: str, password: str | None = None) -> pdfium.PdfDocument:
    """pdfium document opened from the file (pdfium reads pages on demand, so memory stays small)."""
    return pdfium.PdfDocument(path, password=password)
