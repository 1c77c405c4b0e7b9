"""A PDF table's lines → its grid: columns from the page's geometry, rows that keep together.

A PDF has no table markup, only characters at positions. Read line by line, a table
comes apart: a row label wrapped over three lines interleaves with the values of the
rows around it, a confidence interval printed under its estimate becomes a row of its
own, and a label set beside the middle of its values ("Time to first occurrence" /
"of cardiovascular death," / values / "myocardial infarction," / "stroke") splits in
two. This module rebuilds the grid the typesetter drew:

* **Columns** are the vertical strips of white space that run through every line
  holding figures: no character of any such line falls in them, and in some lines
  they are a gap as wide as a column gap (an aligned word space is not a column).
  Every character of a row then belongs to the column it sits in, so "Recurrent
  VTE or 32 (3.8)", set as one run of text, still splits into its label and value.
* **Headers** are the lines above the first row with figures: each column's header
  is its header cells top to bottom ("ELIQUIS" / "2.5 mg bid" / "N=840"), a cell
  spanning several columns ("Relative Risk (95% CI)") heading each of them.
* **Rows**: a line with a row label and values starts a row; a line of values alone
  continues the row above (a CI or p-value under its estimate) or, when label lines
  wait above it, is the row they label; a label line goes on the row above when it
  continues its words (lower case, or the label ended on "or", ",", "-"). Label lines
  that do not continue anything and head the rows below ("Key secondary composite
  endpoint", "ACR 20") are the group of those rows.

Each row is written as an SPL table row is (:mod:`spl_tables`): "Header: label
(group); Header: value; …", so it is quoted and retrieved as one unit whatever the
PDF's layout. When no grid can be read (one column, no figures) the caller keeps the
line-by-line reading.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import pairwise
from statistics import median

from assistant.ingest.pdf_grid_rows import Cells, Rows, row_text
from assistant.ingest.pdf_label_lines import char_xs, is_prose
from assistant.ingest.pdf_layout import Line

MIN_STRIP = 0.3
"""A column strip is at least this many line heights wide (a narrow space between words may align by chance)."""
CROSSING = 0.1
"""Share of the lines with figures that may cross a column strip (a wrapped label, a spanning heading)."""
_BIN = 0.5
"""Resolution, in points, of the page's x axis when column strips are looked for."""
COLUMN_GAP = 1.0
"""In at least one line a strip is a gap this many line heights wide: a column gap, not a word space."""
HEAD_SPACE = 0.5
"""In a heading line, a space this many line heights wide at a column cut parts two columns' headings."""
TEXT_WORDS = 9
"""Words of a run across columns that make it running text (a heading over the columns is shorter)."""
_SEPARATOR = " | "
_FOOTNOTE = re.compile(r"^(?:[*†‡§¶#]|[a-z]\s|\w{1,6}\s?=\s?[A-Za-z])")
"""A footnote under a table ("* Patients with…", "a Includes…", "CRNM = clinically relevant…")."""
_COUNT = re.compile(r"^\(?\s*[Nn]\s*=\s*[\d,]+\s*\)?$")
_FIGURE = re.compile(r"\d")
_NOTATION = re.compile(r"\(?\s*\d+\s*%\s*CI\s*\)?|\bn\s*\(%\)", re.IGNORECASE)
"""How values are written, in a heading: "(95% CI)", "n (%)"."""
_UNIT = re.compile(r"(?<=\d)\s*[A-Za-z]{1,3}\.?\s*$")
"""A short unit after a value ("8.6/100 py", "12 mg"); a dose in a heading has more words ("2.5 mg bid")."""


@dataclass
class Grid:
    """What a table's lines say: one self-describing line per row, then its notes."""

    rows: list[str]
    notes: list[str]
    title: str = ""
    """Heading lines over every column (the caption's wrapped tail)."""

    def lines(self) -> list[str]:
        return [*self.rows, *self.notes]


def _is_note(line: Line) -> bool:
    """A footnote, or a line of running text (many words, few figures)."""
    text = line.text.strip()
    return bool(_FOOTNOTE.match(text)) or (_SEPARATOR not in text and is_prose(text))


def _coverage(line: Line) -> list[tuple[float, float]]:
    """The x intervals the line's characters cover (spaces and " | " separators cover nothing)."""
    text = line.text.replace(_SEPARATOR, " " * len(_SEPARATOR))
    xs = char_xs(line)
    out = []
    for i, ch in enumerate(text):
        if ch.isspace():
            continue
        end = xs[i + 1] if i + 1 < len(xs) and xs[i + 1] > xs[i] else xs[i] + 0.5 * line.height
        out.append((xs[i], min(end, xs[i] + line.height)))
    return out


def _gaps(line: Line) -> list[tuple[float, float]]:
    """The x intervals between the line's characters that are at least a column gap wide."""
    spans = sorted(_coverage(line))
    return [(a[1], b[0]) for a, b in pairwise(spans) if b[0] - a[1] >= COLUMN_GAP * line.height]


def column_cuts(lines: list[Line]) -> list[float]:
    """x positions between the table's columns (see the module docstring); [] when there is one column."""
    data = [ln for ln in lines if _FIGURE.search(ln.text) and _gaps(ln) and not _is_note(ln)]
    if len(data) < 2:
        return []
    height = median(ln.height for ln in data)
    left = min(ln.left for ln in data)
    bins = [0] * (int((max(ln.right for ln in data) - left) / _BIN) + 2)
    for ln in data:
        for start, end in _coverage(ln):
            for b in range(max(0, int((start - left) / _BIN)), min(len(bins), int((end - left) / _BIN) + 1)):
                bins[b] += 1
    strips = _strips(bins, int(CROSSING * len(data)), int(COLUMN_GAP * height / _BIN))
    gaps = [gap for ln in data for gap in _gaps(ln)]
    need = 1 if len(data) < 4 else 2
    cuts = []
    column = max(1, int(2 * height / _BIN))  # the start of the column that follows a strip
    for low, high in strips:
        if (high - low) * _BIN < MIN_STRIP * height:
            continue
        narrow = (high - low) * _BIN < COLUMN_GAP * height
        if narrow and len(data) >= 3 and max(bins[high : high + column], default=0) < 2:
            continue  # a word space, and what follows is one line's word, not a column: inside the longest label
        if sum(1 for a, b in gaps if a <= left + high * _BIN and b >= left + low * _BIN) >= need:
            cuts.append(left + _middle_of_least(bins, low, high) * _BIN)
    return cuts


def _middle_of_least(bins: list[int], low: int, high: int) -> float:
    """The middle of the widest run of least-crossed bins in ``bins[low:high]``: headings are centred over
    their column, so the cut goes midway between the columns, not against either."""
    least = min(bins[low:high])
    best, start = (0, low), None
    for b in range(low, high + 1):
        if b < high and bins[b] == least:
            start = b if start is None else start
        elif start is not None:
            best = max(best, (b - start, start))
            start = None
    return best[1] + best[0] / 2


def _strips(bins: list[int], allowed: int, join: int) -> list[tuple[int, int]]:
    """Runs of bins crossed by at most ``allowed`` lines, runs less than ``join`` bins apart merged (one gap
    between columns, however ragged the labels that end in it); the page's margins are no strips."""
    runs: list[list[int]] = []
    start = None
    for b, count in enumerate([*bins, allowed + 1]):
        if count <= allowed and start is None:
            start = b
        elif count > allowed and start is not None:
            if start > 0 and b < len(bins):
                if runs and start - runs[-1][1] < join:
                    runs[-1][1] = b
                else:
                    runs.append([start, b])
            start = None
    return [(a, b) for a, b in runs]


def _split(line: Line, cuts: list[float], spanning: bool) -> Cells:
    """The line's text cut at the column positions. A header run crossing a cut (``spanning``: one cell over
    several columns, "Relative Risk (95% CI)") is kept whole and heads each column it covers."""
    text = line.text.replace(_SEPARATOR, " " * len(_SEPARATOR))
    xs = char_xs(line)
    pieces: list[tuple[int, int, str]] = []  # (first column, last column, text)
    run: list[str] = []
    cols: list[int] = []
    last_x = None
    space_x = None  # where the white space before this character starts
    for i, ch in enumerate(text):
        if ch.isspace():
            if run:
                run.append(ch)
                space_x = xs[i] if space_x is None else space_x
            continue
        col = bisect_right(cuts, xs[i])
        wide = last_x is not None and xs[i] - last_x >= COLUMN_GAP * line.height
        # A cut inside a word is a label reaching into the gap; in the headings a cut splits only where the words
        # are set apart more than words are ("ELIQUIS, n (%)   Enoxaparin, n (%)"), not inside a spanning heading.
        space = xs[i] - space_x if space_x is not None else 0.0
        at_word = space > (HEAD_SPACE * line.height if spanning else 0.0)
        if run and (wide or (col != cols[-1] and at_word)):
            pieces.append((cols[0], cols[-1], "".join(run).strip()))
            run, cols = [], []
        run.append(ch)
        cols.append(col)
        last_x, space_x = xs[i] + 0.5 * line.height, None
    if run:
        pieces.append((cols[0], cols[-1], "".join(run).strip()))
    cells: dict[int, str] = {}
    for first, last, piece in pieces:
        for col in range(first, (last if spanning else first) + 1):
            cells[col] = f"{cells[col]} {piece}".strip() if col in cells else piece
    spans_all = len(pieces) == 1 and pieces[0][0] == 0
    crossing = any(first != last and len(re.findall(r"[A-Za-z]{2,}", t)) >= TEXT_WORDS for first, last, t in pieces)
    return Cells(cells, line, len(pieces), spans_all, crossing)


def _figure_cell(cell: str) -> bool:
    """A value: figures, signs and at most single letters ("32 (3.8)", "p<0.0001", "−47%"); not a count heading
    a column ("N=840"), a dose in a heading ("2.5 mg bid") or notation ("(95% CI)")."""
    cell = _UNIT.sub("", _NOTATION.sub(" ", cell))
    return bool(_FIGURE.search(cell)) and not _COUNT.match(cell.strip()) and not re.search(r"[A-Za-z]{2,}", cell)


def _is_body(cells: Cells) -> bool:
    """A row of the table's body: values that are figures (not counts heading a column, not doses in a header)."""
    return any(_figure_cell(v) for v in cells.values.values())


def _headers(head: list[Cells], width: int) -> list[str]:
    """Per column, its header cells' distinct texts top to bottom."""
    out = []
    for col in range(width):
        parts: list[str] = []
        for cells in head:
            text = cells.cells.get(col, "")
            if text and text not in parts:
                parts.append(text)
        out.append(" ".join(parts))
    return out


def read_grid(lines: list[Line]) -> Grid | None:
    """The table's rows and notes (see the module docstring), or None when its lines hold no grid."""
    cuts = column_cuts(lines)
    if not cuts:
        return None
    body_start = None
    split: list[Cells | None] = []
    for line in lines:
        if _is_note(line):
            split.append(None)
            continue
        cells = _split(line, cuts, spanning=body_start is None)
        if body_start is None:
            flat = _split(line, cuts, spanning=False)
            above = split[-1] if split else None
            labelled = bool(flat.stub) or (above is not None and bool(above.stub) and not above.values)
            if _is_body(flat) and labelled:
                cells, body_start = flat, len(split)
        split.append(cells)
    if body_start is None:
        return None
    head_end = body_start
    # label lines right over the first row are its label or its group ("Stroke" over "Ischemic"), not headings
    while head_end > 0 and (prev := split[head_end - 1]) is not None and prev.stub and not prev.values:
        head_end -= 1
    head = [c for c in split[:head_end] if c is not None]
    top = 0
    while top < len(head) and head[top].spans_all:  # the caption's tail, over the column headings
        top += 1
    title = [c.line.text.strip() for c in head[:top]]
    headers = _headers(head[top:], len(cuts) + 1)
    reader = Rows()
    notes: list[str] = []
    for line, found in zip(lines[head_end:], split[head_end:], strict=True):
        if found is None or notes or found.running:  # footnotes or text close a table: what follows is theirs
            notes.append(line.text.strip())
        else:
            reader.add(found)
    rows = [row_text(r, headers) for r in reader.rows]
    return Grid(rows=[r for r in rows if r], notes=[*reader.leftover(), *notes], title=" ".join(title))
