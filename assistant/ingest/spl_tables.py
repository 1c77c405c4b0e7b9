"""SPL ``<table>`` → a caption and one self-describing line per body row.

A clinical-studies or adverse-reactions table answers a question one row at a
time ("FLOW: cardiovascular death, HR 0.71"), so each row is written as it would
be quoted: every cell prefixed by its column header, "Endpoint: CV death;
OZEMPIC 1 mg (N = 1,767) n (%): 123; Hazard ratio (95% CI): 0.71 (0.56-0.89)".
The chunker (:mod:`assistant.ingest.chunking`) then repeats the caption above
every small group of rows, so a row is retrievable and citable on its own.

Real labels are not as tidy as the demo corpus, so the grid is read as a browser
would lay it out:

* ``colspan``/``rowspan`` are expanded; a column header is the top-to-bottom
  join of its header cells ("At rest" over "Baseline" → "At rest Baseline"), and
  a header split over two rows ("VIAGRA" over "N=734") is kept whole;
* without ``<thead>`` or ``<th>``, a first row of short labels without figures
  ("Age | Dose") is the header;
* a row whose only text is one cell ("Cardiac", "Gastrointestinal disorders")
  names the group of the rows below it, and qualifies each of them;
* ``<footnote>`` text is taken out of its cell (it is no part of the value) and
  kept as a note line after the rows; ``<br/>`` separates words;
* a table without a caption borrows the sentence that introduces it
  ("… in systolic blood pressure were as follows:").
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from lxml import etree

from assistant.ingest.label_meta import clean

NS = {"v3": "urn:hl7-org:v3"}
_V3 = "{urn:hl7-org:v3}"
_HEADER_CELL_MAX_WORDS = 4
"""A header label is short ("Age", "Dose", "Adverse reaction"); a longer first row is data."""
_EMPTY_VALUE = re.compile(r"^[-\u2010-\u2015\u2212]+$")
"""A cell holding only a dash reports nothing ("Hazard ratio: -")."""
_INTRO_MAX_WORDS = 60
"""An introducing sentence longer than this is a paragraph, not a caption."""


@dataclass
class Table:
    """What a table says, ready to be written as lines: caption, rows, notes."""

    caption: str = ""
    rows: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """Caption (when any), rows, notes: the text of the table's block."""
        return [*([self.caption] if self.caption else []), *self.rows, *self.notes]


@dataclass(frozen=True)
class _Cell:
    """One laid-out grid position: the text of the cell covering it and that cell's identity."""

    text: str
    origin: int
    header: bool = False


def local_name(el: etree._Element) -> str:
    """'{urn:hl7-org:v3}td' → 'td'."""
    tag = el.tag
    return tag.split("}", 1)[1] if isinstance(tag, str) and "}" in tag else str(tag)


def _cell_text(cell: etree._Element, notes: list[str]) -> str:
    """A cell's words: footnotes moved to ``notes``, line breaks as spaces."""
    cell = copy.deepcopy(cell)
    for note in cell.iter(f"{_V3}footnote"):
        text = clean("".join(note.itertext()))
        if text and text not in notes:
            notes.append(text)
    for note in list(cell.iter(f"{_V3}footnote")):
        parent = note.getparent()
        if parent is not None:
            tail = note.tail or ""
            prev = note.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail
            parent.remove(note)
    for br in cell.iter(f"{_V3}br"):
        br.tail = " " + (br.tail or "")
    return clean("".join(cell.itertext()))


def _span(cell: etree._Element, name: str) -> int:
    try:
        return max(1, int(cell.get(name) or 1))
    except ValueError:
        return 1


def _fill_carried(out: list[_Cell], carried: dict[int, tuple[int, _Cell]]) -> None:
    """Append the cells that rows above span down into the next positions of ``out``."""
    while len(out) in carried:
        left, cell = carried[len(out)]
        out.append(cell)
        if left <= 1:
            del carried[len(out) - 1]
        else:
            carried[len(out) - 1] = (left - 1, cell)


def _grid(rows: list[etree._Element], notes: list[str], start: int = 0) -> list[list[_Cell]]:
    """Rows laid out as a grid: spanned cells fill every position they cover (ids number cells from ``start``)."""
    grid: list[list[_Cell]] = []
    carried: dict[int, tuple[int, _Cell]] = {}  # column -> (rows still covered, cell)
    origin = start
    for tr in rows:
        out: list[_Cell] = []
        for el in tr:
            if local_name(el) not in ("td", "th"):
                continue
            _fill_carried(out, carried)
            cell = _Cell(_cell_text(el, notes), origin, local_name(el) == "th")
            origin += 1
            down = _span(el, "rowspan")
            for _ in range(_span(el, "colspan")):
                if down > 1:
                    carried[len(out)] = (down - 1, cell)
                out.append(cell)
        _fill_carried(out, carried)
        grid.append(out)
    return grid


def _is_label_row(row: list[_Cell]) -> bool:
    """Short labels without figures ("Age | Dose"): a header written as an ordinary first row."""
    texts = [c.text for c in row]
    return (
        len(texts) >= 2
        and all(texts)
        and all(len(t.split()) <= _HEADER_CELL_MAX_WORDS and not re.search(r"\d", t) for t in texts)
    )


def _is_th_row(row: list[_Cell]) -> bool:
    """Every cell with text is a ``<th>``, and one has text."""
    filled = [c for c in row if c.text]
    return bool(filled) and all(c.header for c in filled)


def _split_header(grid: list[list[_Cell]], has_thead: bool) -> tuple[list[list[_Cell]], list[list[_Cell]]]:
    """(header rows, body rows) of a table without ``<thead>``: leading all-``<th>`` rows, or a label row."""
    if has_thead or not grid:
        return [], grid
    count = 0
    while count < len(grid) - 1 and _is_th_row(grid[count]):
        count += 1
    if count == 0 and len(grid) > 2 and _is_label_row(grid[0]):
        count = 1
    return grid[:count], grid[count:]


def _column_headers(head: list[list[_Cell]], width: int) -> list[str]:
    """Per column, its header cells' distinct texts, top to bottom."""
    headers: list[str] = []
    for col in range(width):
        parts: list[str] = []
        for row in head:
            text = row[col].text if col < len(row) else ""
            if text and text not in parts:
                parts.append(text)
        headers.append(" ".join(parts))
    return headers


def _group_label(row: list[_Cell]) -> str | None:
    """The text of a row that holds a single cell's text (a group heading such as "Cardiac"), else None."""
    texts = {c.origin: c.text for c in row if c.text}
    if len(row) < 2 or len(texts) != 1:
        return None
    return next(iter(texts.values()))


def _row_line(row: list[_Cell], headers: list[str], group: str | None) -> str:
    """'Header: value; …' with cells spanning several columns written once under their joint header."""
    parts: list[str] = []
    i = 0
    while i < len(row):
        cell = row[i]
        j = i
        while j + 1 < len(row) and row[j + 1].origin == cell.origin:
            j += 1
        names = [h for h in dict.fromkeys(headers[i : j + 1]) if h]
        if cell.text and not _EMPTY_VALUE.match(cell.text):
            head = ", ".join(names)
            value = f"{cell.text} ({group})" if group and not parts else cell.text
            parts.append(f"{head}: {value}" if head and head != cell.text else value)
        i = j + 1
    return "; ".join(parts)


def read_table(table: etree._Element, intro: str = "", heading: str = "") -> Table:
    """The caption (or ``heading`` and ``intro``, what introduces it), one line per body row, and notes."""
    notes: list[str] = []
    caption_el = table.find("v3:caption", NS)
    caption = _cell_text(caption_el, notes) if caption_el is not None else ""
    head_rows = table.findall("v3:thead/v3:tr", NS)
    body_rows = table.findall("v3:tbody/v3:tr", NS) or table.findall("v3:tr", NS)
    head = _grid(head_rows, notes)
    body = _grid(body_rows, notes, start=sum(len(r) for r in head) + 1)
    extra_head, body = _split_header(body, bool(head_rows))
    head += extra_head
    width = max((len(r) for r in [*head, *body]), default=0)
    headers = _column_headers(head, width)
    result = Table(caption=caption or _intro_caption(intro, heading))
    group: str | None = None
    grouped = 0  # rows written under the current group
    for row in body:
        label = _group_label(row)
        if label is not None and len(body) > 1:
            if group is not None and not grouped:
                result.rows.append(group)  # a heading over nothing (a figure legend) is content itself
            group, grouped = label, 0
            continue
        line = _row_line(row, headers, group)
        if line:
            result.rows.append(line)
            grouped += 1
    if group is not None and not grouped:
        result.rows.append(group)
    foot = table.find("v3:tfoot", NS)
    if foot is not None:
        text = _cell_text(foot, notes)
        if text:
            notes.append(text)
    result.notes = notes
    return result


def _intro_caption(intro: str, heading: str = "") -> str:
    """What stands for a missing caption: the run-in ``heading`` over the table ("Study 2: X with Y")
    and the last sentence of a paragraph that introduces it ("… were as follows:"), else ""."""
    text = clean(intro)
    sentence = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text)[-1] if text.endswith(":") else ""
    sentence = sentence if len(sentence.split()) <= _INTRO_MAX_WORDS else ""
    heading = clean(heading)
    return f"{heading} — {sentence}" if heading and sentence else heading or sentence
