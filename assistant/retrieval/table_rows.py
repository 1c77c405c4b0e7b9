"""Table rows as an answer quotes them: one whole row at a time, each value under its column heading.

Split from :mod:`assistant.retrieval.candidates`. An SPL table is stored with its rows
written "Header: value; Header: value", so a row read alone says what each figure is. A
table read from a PDF has no markup: the loader writes its rows as cells set apart by
" | " ("Nausea | 2.2 | 3.5") and names the column headings in the caption ("… (columns:
Placebo | RINVOQ)", see ``ingest.pdf_label_lines.with_columns``). Such a row is read here
with its headings put back ("Nausea; Placebo: 2.2; RINVOQ: 3.5"), so it quotes as a row
does and its label (the first cell) says what it reports.

A PDF table whose heading cells wrap over several lines ("ROS1 Inhibitor | ROS1 Inhibitor" / "Naïve
Patients | Pretreated Patients" / "(N=71) | (N=56)") gets no "(columns: …)" from the loader. Its
headings are read here from the " | " lines that open the passage and state no figure (a count "N=71"
heads a column): stacked column-wise, a line of fewer cells under the columns it ends ("First | Second"
under "Dose Reduction"), the first column being the stub.

A short line between a PDF table's rows ("Trial 1", "Trial 2", "Nervous System Disorders") heads the
rows below it: they are quoted with it ("Trial 2 — Clinical cure; BLUJEPA: 199/292 (68.2); …"), so a
row says which trial or group it reports.

A PDF table whose cells wrap over several lines (a class in one column, the drugs it holds listed
in the next: "Nonsteroidal Anti-Inflammatory Agents | celecoxib, diclofenac, …") comes out as lines
that are neither rows nor sentences. A line listing names ("ibuprofen, indomethacin, ketoprofen,")
still says that what it names is among what the table's caption names ("Drugs that Can Increase the
Risk of Bleeding"): it is quoted as a fragment, and the answer heads it with the caption.

A PDF table's headings often leave out the label column (the stub): a row then has one
cell more than there are headings, its first cell is the label and the headings name the
values after it. A row with as many cells as headings is read the same way when its first
cell is words (figures only in its notation: "Hazard ratio (95% CI)", "1-sided p-value") and
the others figures (the last two values ran together, or one value spans the columns);
otherwise the headings name its cells one by one.
"""

from __future__ import annotations

import re

from assistant.retrieval.readable import MAX_ROW_WORDS, MIN_WORDS, is_readable_row, is_readable_sentence, is_table_row
from assistant.retrieval.text import split_sentences

_COLUMNS_RE = re.compile(r"\(columns: (?P<header>.+)\)\s*$")
_CELL_SEP = " | "
_NAME_ITEM_RE = re.compile(r"^[A-Za-z][A-Za-z/-]*(?: [A-Za-z][A-Za-z/-]*){0,2}$")
MIN_LISTED = 2
"""Names a line must list to be read as a list of names."""
SENTENCE_BREAK_RE = re.compile(r"[.!?]\s+[A-Z(\"']")


def column_headings(caption: str | None) -> list[str]:
    """The column headings a PDF table's caption names ("… (columns: A | B)" -> ["A", "B"])."""
    match = _COLUMNS_RE.search(caption or "")
    return [h.strip() for h in match.group("header").split(_CELL_SEP)] if match else []


def without_columns(caption: str) -> str:
    """The caption as printed, without the column headings the loader appended to it."""
    return _COLUMNS_RE.sub("", caption).rstrip()


def labelled_row(line: str, headings: list[str]) -> str:
    """A " | " row with each value under its heading, or the line unchanged when they do not line up."""
    if _CELL_SEP not in line or not headings:
        return line
    cells = [c.strip() for c in line.split(_CELL_SEP)]
    if [c.casefold() for c in cells] == [h.casefold() for h in headings]:
        return line  # the heading row itself
    stub = len(cells) == len(headings) + 1 or (
        len(cells) == len(headings) and is_label_cell(cells[0]) and all(re.search(r"\d", c) for c in cells[1:])
    )
    if stub:
        values = [f"{h}: {c}" for h, c in zip(headings, cells[1:], strict=False)]
        return "; ".join([cells[0], *values])
    if len(cells) == len(headings):
        return "; ".join(f"{h}: {c}" for h, c in zip(headings, cells, strict=True))
    return line


_NOTATION_RE = re.compile(r"\([^()]*\)|\b\d+-(?=[A-Za-z])")
"""What a row label writes of how its figures are given, not a figure: "(95% CI)", "(%)", "1-sided"."""


def is_label_cell(cell: str) -> bool:
    """A cell that names what its row reports ("Hazard ratio (95% CI)", "1-sided p-value", "ORR (%)"):
    words, with figures only in the notation of how the values are written. "Week 24" or "15 mg" is a
    value of the first column, not a label."""
    return bool(re.search(r"[A-Za-z]{3,}", cell)) and not re.search(r"\d", _NOTATION_RE.sub(" ", cell))


def table_lines(text: str, caption: str | None) -> list[tuple[int, str, bool, int]]:
    """(position, text, is a row, line number) for each quotable row or sentence of a table passage.

    A row is quoted whole, whatever its full stops; a cell of several sentences ("Avoid. If
    unavoidable, …") is quoted sentence by sentence, each carrying its own citation. Other lines
    (footnotes) must read as sentences.
    """
    lines = [line.strip() for line in text.splitlines()]
    headings, body = (column_headings(caption), 0) if column_headings(caption) else stacked_headings(lines)
    out: list[tuple[int, str, bool, int]] = []
    position = 0
    group = ""
    for number, raw in enumerate(lines):
        if (number < body or _notation_row(raw)) and _CELL_SEP in raw:
            continue  # a line of the stacked headings, or one saying how the values are written
        if number >= body and stub_above(lines, number):
            continue  # "Median" over "11.0 | 13.5": the row's own label, read with it below
        if number >= body and is_group_line(raw):
            group = raw
        if number >= body and stub_above(lines, number - 1):
            raw = f"{lines[number - 1]}{_CELL_SEP}{raw}"
        line = labelled_row(raw, headings)
        if group and _CELL_SEP in raw and line != raw:
            line = f"{group} — {line}"  # "Trial 2 — Clinical cure; BLUJEPA: 199/292 (68.2); …"
        for piece in split_sentences(line) if SENTENCE_BREAK_RE.search(line) else [line]:
            if is_readable_row(piece):
                out.append((position, piece, True, number))
            elif piece and is_readable_sentence(piece, row=True):
                out.append((position, piece, is_table_row(piece), number))
            elif is_stub_row(piece):
                out.append((position, piece, True, number))
            elif is_name_list(piece):
                out.append((position, f"… {piece.rstrip(',; ')} …", True, number))
            position += 1
    return out


def is_stub_row(line: str) -> bool:
    """A row whose column headings were lost, its label cell then its figures ("Complete response rate (%);
    6 (2.4); 2 (0.8)", "Terminal Half-life (hours); 9.3 (1.3)"): it states what it reports, as a row
    "Header: value" does, and is quoted whole."""
    cells = [c.strip() for c in line.split("; ") if c.strip()]
    words = line.split()
    return (
        len(cells) >= 2
        and is_label_cell(cells[0])
        and all(_states_figures(c) for c in cells[1:])
        and MIN_WORDS <= len(words) <= MAX_ROW_WORDS
    )


_COUNT_RE = re.compile(r"\(?\s*\bn\s*=\s*[\d,]+\s*\)?", re.IGNORECASE)


def _states_figures(cell: str) -> bool:
    """A figure, not a count heading a column ("N=71") nor a digit of a name ("ROS1", "CYP3A4")."""
    return bool(re.search(r"(?<![A-Za-z\d])\d", _COUNT_RE.sub("", cell)))


def stacked_headings(lines: list[str]) -> tuple[list[str], int]:
    """The value columns' headings of a table whose heading cells wrap (see the module docstring), and
    the number of the first line below them; ([], 0) when the lines open with no such headings."""
    heads: list[list[str]] = []
    split = [[c.strip() for c in line.split(_CELL_SEP)] if _CELL_SEP in line else [] for line in lines]
    body = next((n for n, cells in enumerate(split) if any(_states_figures(c) for c in cells[1:])), None)
    if body is None:
        return [], 0
    width = len(split[body])
    heads = [cells for cells in split[:body] if cells]  # single lines: the caption's tail, a spanning title
    if not heads or width < 2 or any(len(h) > width for h in heads):
        return [], 0
    columns = [""] * width
    for cells in heads:
        for i, cell in enumerate(cells, start=width - len(cells)):
            columns[i] = f"{columns[i]} {cell}".strip()
    return (columns[1:], body) if all(columns[1:]) else ([], 0)


MAX_GROUP_WORDS = 6


def is_group_line(line: str) -> bool:
    """A line of a PDF table that heads the rows below it ("Trial 2", "Nervous System Disorders", "Duration
    of Response (DOR)"): one short cell with no figure beyond a number in a name, no list, no sentence."""
    words = line.split()
    return (
        _CELL_SEP not in line
        and 1 <= len(words) <= MAX_GROUP_WORDS
        and line[:1].isupper()
        and not line.rstrip().endswith((",", ";", ".", ":"))
        and not _states_figures(re.sub(r"^\S+\s+\d+$", "", line))
        and len(re.findall(r"[A-Za-z]", line)) >= 3
    )


def stub_above(lines: list[str], number: int) -> bool:
    """Line ``number`` is the label of the row below it, set on its own line ("Median" / "11.0 | 13.5",
    "95% CI (mos.)" / "(9.4, 12.5) | (11.7, 15.7)"): a short line of no cells over a row of figures only.

    A PDF table whose stub cell sits above its value cells reads so; taking the label for a group
    heading would put "Median" before every row down to the next heading (the hazard ratio's too).
    """
    if number < 0 or number + 1 >= len(lines):
        return False
    line, below = lines[number], lines[number + 1]
    if _CELL_SEP in line or _CELL_SEP not in below or not 1 <= len(line.split()) <= MAX_GROUP_WORDS:
        return False
    cells = [c.strip() for c in below.split(_CELL_SEP)]
    figures_only = all(_states_figures(c) and not re.search(r"[A-Za-z]{3,}", c) for c in cells)
    return figures_only and bool(re.search(r"[A-Za-z]{2,}", line))


def _notation_row(line: str) -> bool:
    """A heading line under the column headings saying how values are written ("Study Endpoint | n/N (%) |
    n/N (%)"): its value cells hold no figure and no word, only notation."""
    cells = [c.strip() for c in line.split(_CELL_SEP)][1:]
    return bool(cells) and all(c and not re.search(r"\d|[A-Za-z]{3,}", c) for c in cells)


def is_name_list(line: str) -> bool:
    """A line of a wrapped table cell that lists names ("ibuprofen, indomethacin, ketoprofen,")."""
    items = [i.strip() for i in re.split(r",\s*|\s+(?:and|or)\s+", line.strip().rstrip(",;")) if i.strip()]
    return (
        len(items) >= MIN_LISTED
        and "," in line
        and all(_NAME_ITEM_RE.match(i) for i in items)
        and sum(i[:1].islower() for i in items) >= len(items) - 1
    )


def row_label(row: str) -> str:
    """What a "Header: value; …" row reports on: the value of its first cell ("Headache")."""
    first = row.split("; ", 1)[0]
    return first.split(": ", 1)[1] if ": " in first else first
