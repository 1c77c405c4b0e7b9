"""Numbers in the margin of a PI PDF: submission line numbers to drop, section numbers to join to their title.

Split from :mod:`assistant.ingest.pdf_layout` (which builds the page's visual lines): both
kinds of number are fragments read apart from the text they belong to or interrupt.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.ingest.pdf_layout import Line

_MIN_NUMBERED_LINES = 5
"""Margin integers counting up the page needed before they are read as line numbers."""
_SECTION_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2}){0,2}\.?$")
_NUMBER_REACH = 0.3
"""A bare section number joins the text on its row up to this share of the page width away (a tab stop)."""


def _integer(text: str) -> int | None:
    return int(text) if text.isdigit() and len(text) <= 5 else None


def margin_line_numbers(fragments: list[Line]) -> set[int]:
    """Indices of submission line numbers: a column of integers beside the text, counting down the page.

    Regulatory "Word to PDF" labels number every line in the margin; read into
    the text they split phrases ("clear to 98 slightly opalescent"). A number is
    one of them when it sits in a narrow column left (or right) of all body
    text, and the column, read top to bottom, counts up.
    """
    numbers = [i for i, f in enumerate(fragments) if _integer(f.text) is not None]
    body = [f for i, f in enumerate(fragments) if _integer(f.text) is None]
    if len(numbers) < _MIN_NUMBERED_LINES or not body:
        return set()
    body_left = sorted(f.left for f in body)[len(body) // 20]
    body_right = sorted(f.right for f in body)[-1 - len(body) // 20]
    for side in (lambda f: f.right <= body_left + 1.0, lambda f: f.left >= body_right - 1.0):
        column = sorted((i for i in numbers if side(fragments[i])), key=lambda i: -fragments[i].top)
        values = [_integer(fragments[i].text) or 0 for i in column]
        rising = sum(1 for a, b in pairwise(values) if 0 < b - a <= 3)
        if len(column) >= _MIN_NUMBERED_LINES and rising >= 0.8 * (len(column) - 1):
            return set(column)
    return set()


def attach_numbers(lines: list[Line], width: float) -> list[Line]:
    """A bare section number ("2.2") joined to the heading on its row, however wide the tab between them.

    Word-processor labels set "2.2<tab>Missed Dose" as two fragments far apart,
    and the content stream may even emit the title first; read apart, the number
    lands in the previous paragraph and the heading loses its number. Only a
    number that starts its row and is followed by a capitalised title is joined:
    a number in a table row ("14.0") stays in its cell. The column
    is not compared: a table on the page can make the gutter test split a
    heading row, and a section number reaches no further than a tab stop.
    """
    out = list(lines)
    for number in [ln for ln in lines if _SECTION_NUMBER.match(ln.text)]:
        row = [ln for ln in out if ln is not number and on_row(ln, number)]
        if any(ln.right <= number.left for ln in row):
            continue  # a value in a table row, not a number that starts a heading
        mates = [
            ln
            for ln in row
            if ln.left > number.right and ln.left - number.right <= _NUMBER_REACH * width and ln.text[:1].isupper()
        ]
        if not mates or number not in out:
            continue
        title = min(mates, key=lambda ln: ln.left)
        title.text = f"{number.text} {title.text}"
        title.left, title.bottom = number.left, min(title.bottom, number.bottom)
        title.top = max(title.top, number.top)
        out.remove(number)
    return out


def on_row(a: Line, b: Line) -> bool:
    return min(a.top, b.top) - max(a.bottom, b.bottom) >= 0.4 * min(a.height, b.height)
