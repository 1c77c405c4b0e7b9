"""Table cells of a PI PDF that wrap onto a second line, put back into the cell they continue.

A PDF table cell too narrow for its text wraps: a weight band "10 kg to less" / "than 20 kg", a
reaction "Anemia (including postoperative and hemorrhagic anemia," / "and respective laboratory
parameters)". Extraction yields the second line as a row of its own, so the band reads "10 kg to
less" beside a dose and "than 20 kg" beside nothing, and a question about a 15 kg child matches
no row. The wrapped line is told apart from the next row by the page's geometry and its text:

* it sits tight under the row (a gap well under a line height; rows are set further apart), and
* it starts in lower case, as the rest of a phrase does (a new row starts with its label, which
  is capitalised or a figure); a footnote marker line ("a Trial RA-I …") is not a continuation.

Only the row's label (its first cell) is put back, when the wrapped line sits under it alone: a
lower-case line across the columns is a row of its own (drug names listed under a header).
Cells are runs of characters set apart by a wide gap, or by " | ".
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.ingest.pdf_label_lines import char_xs
from assistant.ingest.pdf_layout import Line

TIGHT = 0.75
"""A wrapped line sits less than this many line heights under the row it continues."""
CELL_GAP = 1.5
"""Characters further apart than this many line heights belong to different cells (as in ``rows``)."""
_FOOTNOTE = re.compile(r"^[a-z]\s|^[\w.]+\s?=")
"""A footnote under a table: a marker letter ("a Trial RA-I …") or a definition ("py=patient years")."""
_SEPARATOR = " | "


def cells(line: Line) -> list[tuple[float, str]]:
    """The cells of a row as (left x, text): split at " | " and at gaps wider than ``CELL_GAP``."""
    text, xs = line.text, char_xs(line)
    out: list[tuple[float, str]] = []
    start, last = 0, None
    i = 0
    while i < len(text):
        if text.startswith(_SEPARATOR, i):
            out.append((xs[start], text[start:i]))
            start = i = i + len(_SEPARATOR)
            last = None
            continue
        if not text[i].isspace():
            if last is not None and xs[i] - xs[last] > CELL_GAP * line.height and i > start:
                out.append((xs[start], text[start:i]))
                start = i
            last = i
        i += 1
    out.append((xs[start] if start < len(xs) else line.right, text[start:]))
    return [(x, t.strip()) for x, t in out if t.strip()]


def continues_cell(row: Line, line: Line) -> bool:
    """``line`` is the wrapped rest of one or more cells of ``row`` (see the module docstring)."""
    text = line.text.strip()
    if not text[:1].islower() or _FOOTNOTE.match(text):
        return False
    gap = row.bottom - line.top
    if not -0.5 * line.height < gap < TIGHT * min(row.height, line.height) or row.column != line.column:
        return False
    # Only the row's label wraps this way: one fragment, under the first cell and clear of the second. A
    # lower-case line spanning the columns is a row of its own (a list of drug names under its header).
    row_cells, own = cells(row), cells(line)
    if len(row_cells) < 2 or len(own) != 1:
        return False
    tolerance = 0.5 * line.height
    return abs(own[0][0] - row_cells[0][0]) <= tolerance and line.right < row_cells[1][0]


def into_first_cell(row: Line, line: Line) -> Line:
    """``row`` with ``line`` appended to its first cell, the cells joined by " | "."""
    merged = cells(row)
    merged[0] = (merged[0][0], f"{merged[0][1]} {line.text.strip()}")
    text = _SEPARATOR.join(t for _, t in merged)
    xs: list[float] = []
    for i, (left, t) in enumerate(merged):
        xs.extend([left] * (len(t) + (len(_SEPARATOR) if i else 0)))
    return replace(row, text=text, bottom=min(row.bottom, line.bottom), xs=xs)


def join_wrapped_cells(lines: list[Line]) -> list[Line]:
    """Table rows with their wrapped cell lines put back (see the module docstring)."""
    out: list[Line] = []
    for line in lines:
        if out and continues_cell(out[-1], line):
            out[-1] = into_first_cell(out[-1], line)
        else:
            out.append(line)
    return out
