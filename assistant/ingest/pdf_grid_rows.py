"""Rows of a PDF table read as a grid (see :mod:`pdf_grid`): lines split into cells become rows.

A line with a row label and values starts a row; a line of values alone continues the row above
(a CI or p-value under its estimate) or, when label lines wait above it, is the row they label; a
label line goes on the row above when it continues its words (lower case, an open bracket, or the
label ended on "or", ",", "-"). Label lines that continue nothing and head the rows below ("Key
secondary composite endpoint", "ACR 20", or one run of words centred over the value columns) are the
group of those rows, until a row is set back at the heading's margin when the group's rows were
indented under it. Each row is then written as an SPL table row is: "Header: label (group);
Header: value; …".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.ingest.pdf_label_lines import MINOR
from assistant.ingest.pdf_layout import Line

_FIGURE = re.compile(r"\d")

TIGHT = 0.9
"""A label line set less than this many line heights under or over its neighbour belongs to the same cell."""
_CONTINUING_END = re.compile(r"(?:[,(/=\-–]|\b(?:" + "|".join(sorted(MINOR)) + r"))$", re.IGNORECASE)
_CONTINUING_START = re.compile(r"^[a-z(≥≤<>+±\-–]")


@dataclass
class Cells:
    """One line split into the grid's columns: column index → text, and the line's box."""

    cells: dict[int, str]
    line: Line
    pieces: int = 0
    """Runs of text set apart by column gaps (a line of one run over every column is a title)."""
    spans_all: bool = False
    """One run of text starting in the first column (a caption's wrapped tail, above the headings)."""
    running: bool = False
    """A run of several words across a column gap without a gap of its own: running text, not cells."""

    @property
    def stub(self) -> str:
        return self.cells.get(0, "")

    @property
    def values(self) -> dict[int, str]:
        return {k: v for k, v in self.cells.items() if k > 0 and v}


@dataclass
class _Row:
    label: list[str] = field(default_factory=list)
    values: dict[int, list[str]] = field(default_factory=dict)
    group: str = ""
    last: Line | None = None

    def add_values(self, values: dict[int, str]) -> None:
        for k, v in values.items():
            self.values.setdefault(k, []).append(v)


def _continues(previous: str, text: str) -> bool:
    """``text`` goes on with the label ``previous`` ("Recurrent VTE or" / "all-cause death")."""
    unclosed = previous.count("(") > previous.count(")")  # "Placebo every 2 weeks (n =" / "281)"
    unit = not re.search(r"[A-Za-z]{2,}", text)  # "%" under "Week 12": how the row's second line is written
    return bool(unclosed or unit or _CONTINUING_START.match(text) or _CONTINUING_END.search(previous.rstrip()))


def _tight(above: Line, below: Line) -> bool:
    return above.bottom - below.top < TIGHT * max(above.height, below.height)


class Rows:
    """Body lines → rows, tracking label lines that wait for their values and the current group."""

    def __init__(self) -> None:
        self.rows: list[_Row] = []
        self.waiting: list[Cells] = []
        self.group = ""
        self.group_left = 0.0
        self.indented: bool | None = None  # are the group's rows indented under its heading (None: no row yet)

    def _label_from_waiting(self, first: str) -> list[str]:
        """The waiting lines that chain into the label (ending with ``first``, "" for none); those before the
        chain are the group of the rows below."""
        chain: list[str] = []
        texts = [c.stub for c in self.waiting]
        nxt = first
        for text in reversed(texts):
            if chain or not nxt or _continues(text, nxt):
                if nxt and not _continues(text, nxt):
                    break
                chain.insert(0, text)
                nxt = text
            else:
                break
        head = self.waiting[: len(texts) - len(chain)]
        if head:
            self.group = " ".join(c.stub for c in head)
            self.group_left, self.indented = head[-1].line.left, None
        self.waiting = []
        return chain

    def _group_for(self, left: float, height: float) -> str:
        """The group a row at ``left`` belongs to: rows indented under their heading leave the group where a
        row is set back at the heading's margin ("MI" after the "Stroke" subtypes)."""
        if not self.group:
            return ""
        inside = left > self.group_left + 0.5 * height
        if self.indented is None:
            self.indented = inside
        elif self.indented and not inside:
            self.group = ""
        return self.group

    def _goes_on(self, last: _Row, cells: Cells) -> bool:
        """The line's label continues the row above it: set tight under it, no label waiting, its words go on."""
        if self.waiting or last.last is None or not _tight(last.last, cells.line):
            return False
        return _continues(last.label[-1] if last.label else "", cells.stub)

    def add(self, cells: Cells) -> None:
        last = self.rows[-1] if self.rows else None
        if not cells.stub and cells.pieces == 1 and not _FIGURE.search(" ".join(cells.values.values())):
            # one run of words over the value columns ("Total Back Pain" centred over the table): a group heading
            self.group = next(iter(cells.values.values()))
            self.group_left, self.indented = cells.line.left, None
            return
        if cells.stub and last is not None and self._goes_on(last, cells):
            last.label.append(cells.stub)  # "Recurrent VTE or" / "all-cause death | p<0.0001"
            last.add_values(cells.values)
            last.last = cells.line
            return
        if cells.stub and not cells.values:
            self.waiting.append(cells)
            return
        if not cells.stub:
            if last is not None and not self.waiting:
                last.add_values(cells.values)
                last.last = cells.line
                return
            first = self.waiting[0].line.left if self.waiting else cells.line.left
            label = self._label_from_waiting("")
            row = _Row(label=label, group=self._group_for(first, cells.line.height), last=cells.line)
        else:
            first = self.waiting[0].line.left if self.waiting else cells.line.left
            label = self._label_from_waiting(cells.stub)
            left = first if label else cells.line.left
            row = _Row(label=[*label, cells.stub], group=self._group_for(left, cells.line.height), last=cells.line)
        row.add_values(cells.values)
        self.rows.append(row)

    def leftover(self) -> list[str]:
        return [c.stub for c in self.waiting]


def row_text(row: _Row, headers: list[str]) -> str:
    label = " ".join(row.label).strip()
    if row.group and label:
        label = f"{label} ({row.group})"
    elif row.group:
        label = row.group
    parts = [f"{headers[0]}: {label}" if headers and headers[0] and label else label] if label else []
    for col in sorted(row.values):
        value = " ".join(row.values[col]).strip()
        head = headers[col] if col < len(headers) else ""
        parts.append(f"{head}: {value}" if head else value)
    return "; ".join(p for p in parts if p)
