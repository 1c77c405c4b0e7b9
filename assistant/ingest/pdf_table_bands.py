"""A table set across a page's middle is read row by row, not column by column.

The layout reader (:mod:`pdf_layout`) takes a vertical gap with text on both sides for a
column gutter and reads the band left column first, then right. On a prescribing
information's full text that gap is almost always the space between a table's columns:
"Placebo | Relative Risk (95% CI)" and every row's last values then come out as a second
table under the first ("0.36 (0.25, 0.53)", "96 (11.6) 0.33 (0.22, 0.48)"), cut off
from the row labels they belong to.

What tells a table from two columns of text is the page's geometry and the lines'
length: a table's right-hand lines sit on the baselines of left-hand lines (they are
cells of the same rows) and are short (figures, a few words); a column of running text
has lines of many words. A band that reads so is put back in page order, top to bottom
and left to right, as one column, so that :func:`pdf_label_lines.rows` joins each row's
cells. Only the full text of a label goes through here (its Highlights and contents,
which are set in two columns, are read apart), and publications keep their reading order.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

from assistant.ingest.pdf_layout import Line

SHARED_ROWS = 0.5
"""Share of right-hand lines that must sit on a left-hand line's baseline for a band to be a table."""
WORDY = 0.25
"""A band with more than this share of lines of running text (``TEXT_WORDS`` words or more) is text."""
TEXT_WORDS = 6
PARAGRAPH_GAP = 0.8
"""A gap wider than this many line heights starts a paragraph (as in ``pdf_layout``)."""


def _bands(lines: list[Line]) -> list[list[Line]]:
    """Runs of lines as the reader emitted them: a full-width line alone, or a band of column 1 then column 2
    lines (a new band starts where column 1 follows column 2)."""
    out: list[list[Line]] = []
    for line in lines:
        band = out[-1] if out else None
        last = band[-1].column if band else None
        if band is not None and line.column and last and not (line.column == 1 and last == 2):
            band.append(line)
        else:
            out.append([line])
    return out


def _on_a_row(line: Line, others: list[Line]) -> bool:
    """``line`` shares its baseline with one of ``others`` (their boxes overlap by half a line height)."""
    return any(min(line.top, o.top) - max(line.bottom, o.bottom) >= 0.5 * min(line.height, o.height) for o in others)


def is_table_band(band: list[Line]) -> bool:
    """Both columns hold lines, most right-hand lines sit on left-hand rows, and few lines are running text."""
    left = [ln for ln in band if ln.column == 1]
    right = [ln for ln in band if ln.column == 2]
    if not left or not right:
        return False
    shared = sum(_on_a_row(ln, left) for ln in right) / len(right)
    wordy = sum(len(ln.text.split()) >= TEXT_WORDS for ln in band) / len(band)
    return shared >= SHARED_ROWS and wordy <= WORDY


def page_order(band: list[Line]) -> list[Line]:
    """The band's lines top to bottom, left to right, as one column (column 0)."""
    ordered = sorted(band, key=lambda ln: (-ln.top, ln.left))
    out = [replace(ordered[0], column=0)]
    for prev, line in pairwise(ordered):
        gap = prev.bottom - line.top
        out.append(replace(line, column=0, new_paragraph=gap > PARAGRAPH_GAP * max(prev.height, line.height)))
    return out


def rejoin_table_bands(lines: list[Line]) -> list[Line]:
    """A page's label lines with every band that is a table read in page order (see the module docstring)."""
    out: list[Line] = []
    for band in _bands(lines):
        out.extend(page_order(band) if is_table_band(band) else band)
    return out
