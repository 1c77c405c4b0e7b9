"""Line-level reading of a PI PDF: table rows, run-in headings, captions, prose.

Split from :mod:`pdf_label` (which tracks sections): these helpers only look at
one line or one row of lines, so they are testable and reusable on their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise

from assistant.ingest.pdf_layout import Line
from assistant.ingest.spl_titles import normalise_title

CAPTION = re.compile(r"^(?i:table)\s+\d+(?i:[a-z])?(?:\s*[:.]|\s+(?=[A-Z][a-z]))")
"""A table caption ("Table 4: Adverse Reactions ...", or "Table 3 Adverse Reactions ..." set without a
colon: a capitalised word follows, where a sentence citing it goes on in lower case, "Table 3 shows");
matched whole, it is the caption's label alone."""
TABLE_LABEL = re.compile(r"(?i:table)\s+\d+(?i:[a-z])?(?:\s*\((?:cont[’']?d|continued)\))?")
"""A table's label on a line of its own ("Table 3", "Table 3 (cont'd)"), its title on the next line."""
_FIGURE = re.compile(r"^(?:figure|fig\.|table)\s*\d", re.IGNORECASE)
"""A figure's caption or a table's label alone ("Table 11"): neither is a heading."""
_FOOTNOTE = re.compile(r"^[*†‡§¶#]|^[a-z]\s")
_FIGURES = re.compile(r"\d\s*%|\(\s*\d|=\s*\d|\d{4,}|\d\.\d")
"""Counts, percentages, N=, decimals and long numbers: a table row or an address, never a heading."""
MINOR = {"and", "or", "of", "in", "on", "the", "a", "an", "for", "to", "with", "by", "vs", "at", "from"}
TERMINAL = (".", ":", ";", ",", "?", "!")
ROW_GAP = 1.5
"""Fragments on one row further apart than this many line heights are table cells."""
RUN_IN_WORDS = 14
"""A run-in heading may repeat an indication's full title ("Prophylaxis of Deep Vein Thrombosis Following Hip
or Knee Replacement Surgery", 11 words); a sentence is never title-cased throughout."""
BULLET = re.compile(r"^[•\-–◦▪●o]\s")
PROSE_WORDS = 9
"""A line of this many words with few digits is running text: it ends a table."""


def is_title_case(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w'/-]*", text) if w.lower() not in MINOR]
    return bool(words) and all(w[0].isupper() for w in words)


def is_prefix(title: str, full: str) -> bool:
    a, b = normalise_title(title), normalise_title(full)
    return bool(a) and b.startswith(a)


def continues_heading(text: str) -> bool:
    """A heading's second line: a few capitalised words without a sentence end."""
    return 0 < len(text.split()) <= 8 and not text.endswith(TERMINAL) and is_title_case(text)


def is_run_in(text: str, previous: str | None, following: str | None = None) -> bool:
    """A run-in heading ("Treatment of DVT and PE", "Risk Summary"): a short capitalised line without a
    sentence end, after a finished sentence, that is no table row (cells, counts, percentages), figure
    caption or footnote ("a Trial RA-I, ...").

    A table's stub or column head ("Median", "Baseline", "IHC 3+") passes those tests, and as a heading it
    would rename every passage up to the next heading; what tells it apart is what comes next: a heading
    is followed by text, a cell by more cells (see :func:`is_cell_like`)."""
    if previous is not None and not previous.rstrip().endswith((".", ":", ")")) and not BULLET.match(previous):
        return False  # a bulleted item ends without a full stop ("• body weight less than 60 kg")
    if "|" in text or _FIGURES.search(text) or _FIGURE.match(text) or not (text[:1].isupper() or text[:1] == "("):
        return False
    if _fragment(text) or (following is not None and is_cell_like(following)):
        return False
    return 0 < len(text.split()) <= RUN_IN_WORDS and not text.endswith(TERMINAL) and is_title_case(text)


_NUMBERS = re.compile(r"(?<![\w.-])\d+(?:\.\d+)?\s+\d+(?:\.\d+)?(?![\w.])")
"""Bare numbers side by side ("32 22 37"): cells of a row, never the words of a title ("2 to 18 Years")."""


def _fragment(text: str) -> bool:
    """Part of a cell or a wrapped line, not a title: an unclosed bracket ("(Clinical"), a trailing sign
    ("Brand +", "Genotypes *") or a run of bare numbers ("Week 32 22 37")."""
    if text.count("(") != text.count(")"):
        return True
    if not (text[-1:].isalnum() or text.endswith(")")):
        return True
    return bool(_NUMBERS.search(text))


def is_cell_like(text: str) -> bool:
    """A line that reads as table cells rather than text: cells, mostly figures with few words, or no word.

    A single word is no evidence either way (it may be the next heading: "Contraception" then "Females")."""
    text = text.strip()
    if "|" in text:
        return True
    words = len(re.findall(r"[A-Za-z]{2,}", text))
    digits = sum(c.isdigit() for c in text)
    return bool(text) and (words == 0 or (digits > 0.2 * len(text) and words < PROSE_WORDS // 2))


def rows(lines: list[Line]) -> list[Line]:
    """Fragments of one row (table cells, a caption's label and text) joined left to right.

    Cells set apart by a wide gap are joined with " | " so a table row reads as a row.
    """
    groups: list[list[Line]] = []
    for line in lines:
        group = groups[-1] if groups else None
        if group and all(_same_row(member, line) for member in group[:1]):
            group.append(line)
        else:
            groups.append([line])
    return [_join_row(group) for group in groups]


def _same_row(a: Line, b: Line) -> bool:
    overlap = min(a.top, b.top) - max(a.bottom, b.bottom)
    return a.column == b.column and overlap >= 0.5 * min(a.height, b.height)


def _join_row(group: list[Line]) -> Line:
    if len(group) == 1:
        return group[0]
    cells = sorted(group, key=lambda ln: ln.left)
    text, xs = cells[0].text, char_xs(cells[0])
    for left, right in pairwise(cells):
        wide = right.left - left.right > ROW_GAP * max(left.height, right.height)
        gap = " | " if wide and not CAPTION.fullmatch(left.text.strip()) else " "
        text += gap + right.text
        xs += [right.left] * len(gap) + char_xs(right)
    first = group[0]
    return Line(
        text,
        min(c.left for c in cells),
        min(c.bottom for c in cells),
        max(c.right for c in cells),
        max(c.top for c in cells),
        first.size,
        first.column,
        any(c.new_paragraph for c in cells),
        xs,
    )


def char_xs(line: Line) -> list[float]:
    """Left x of each character of ``line`` (spread over its box when extraction kept none), so a joined
    row still knows where each cell starts (see :mod:`pdf_cells`)."""
    n = len(line.text)
    if len(line.xs) == n:
        return list(line.xs)
    step = (line.right - line.left) / max(n, 1)
    return [line.left + i * step for i in range(n)]


def caption_goes_on(caption: str, following: str) -> bool:
    """A caption wrapped onto a second line: a few words without figures, cells or a sentence end."""
    if not following or caption.endswith(".") or "|" in following or any(c.isdigit() for c in following):
        return False
    return len(following.split()) <= 6 and not is_prose(following)


def with_columns(caption: str | None, rows: list[str]) -> str | None:
    """The caption followed by the column headings ("Brand | Comparator | Hazard Ratio"): every chunk of a
    table repeats its caption, so a row read alone still says which arm each number belongs to."""
    header = rows[0] if len(rows) > 1 and "|" in rows[0] and not any(c.isdigit() for c in rows[0]) else ""
    if not caption or not header:
        return caption
    return f"{caption} (columns: {header})"


def is_prose(text: str) -> bool:
    """Running text after a table: many words, few digits, not a footnote, not a row of short cells (a
    table's heading row read across the page: "Endpoint | Hip Replacement Surgery | Knee Replacement Surgery")."""
    if _FOOTNOTE.match(text) or len(text.split()) < PROSE_WORDS or _short_cells(text):
        return False
    digits = sum(c.isdigit() for c in text)
    return digits < 0.05 * len(text)


def _short_cells(text: str) -> bool:
    """Cells set apart by " | ", none of them a line of running text."""
    cells = text.split(" | ")
    return len(cells) >= 2 and all(len(c.split()) < PROSE_WORDS for c in cells)


_FIGURE_CELL = re.compile(r"[\d\s.,%()\[\]<>≤≥=±+\-−–/*†‡§#~:a-zA-Z]{0,3}[\d\s.,%()\[\]<>≤≥=±+\-−–/*†‡§#~:]+")
"""A cell that is a figure: a rate, a count with its percentage, a CI, "N=840", "<1" (a footnote mark
or a short unit may go with it)."""


def is_row(text: str) -> bool:
    """A line of table cells (set apart by wide gaps, joined with " | ") with a figure in a cell after the
    first: a row of rates, counts or doses. A cell of words beside a cell of words is text set in a
    grid (a dose-modification table, a patient leaflet's two columns), read better as running text."""
    cells = [c.strip() for c in text.split("|")]
    return len(cells) >= 2 and any(_FIGURE_CELL.fullmatch(c) and any(d.isdigit() for d in c) for c in cells[1:])


def starts_table(text: str, following: str | None) -> bool:
    """A table without a caption the loader could read ("Incidence of CHF", a caption set in a box beside
    it) starts at its first row of cells: figures in cells, or a column head of cells over such a row.

    Read as running text its rows would be joined into one paragraph, a reaction's name and its rates
    lost in one long "sentence"; as a table each row is a line of its own, as in an SPL table."""
    if "|" not in text or is_prose(text.replace("|", " ")):
        return False
    return is_row(text) or (following is not None and is_row(following))


def is_sentence(text: str) -> bool:
    """A line of running text even if it is full of figures ("Store at 20°C to 25°C (68°F-77°F);
    excursions permitted ..."): many words, no cells, not a footnote. It ends a table found by its
    cells alone (no caption says where the table is), whose rows are cells or a few words."""
    if "|" in text or _FOOTNOTE.match(text) or is_cell_like(text):
        return False
    return len(text.split()) >= PROSE_WORDS


def heads_text(text: str, following: str | None) -> bool:
    """A line after a table's rows that is a run-in heading ("Cough", "Previously Treated Metastatic
    Breast Cancer (Study 6)") over running text, not a row label: the table ends there."""
    if "|" in text or following is None or _FOOTNOTE.match(text) or _fragment(text) or is_cell_like(text):
        return False
    return continues_heading(text) and is_prose(following)


def caption_wraps(caption: str, line: Line) -> bool:
    """The next line of a caption read before any row: set tight under it, no cells, and the caption or the
    line does not end its sentence ("Table 1. Common Adverse Reactions ... in Patients with" / "Type 2
    Diabetes Mellitus (excluding Hypoglycemia) Treated with ...")."""
    text = line.text.strip()
    if line.new_paragraph or "|" in text or not text or caption.endswith(".") or is_cell_like(text):
        return False
    return caption.split()[-1].lower() in MINOR or caption.endswith((",", "-", "(")) or not text.endswith(".")


WRAPPED_TITLE_WORDS = 8
"""A run-in heading this long may have wrapped at the margin; a shorter one ended where it stopped."""


def title_runs_on(title: str, line: Line, text: str) -> bool:
    """The run-in heading ``title`` just read wraps onto ``line``: a long title (it ran to the margin) goes
    on, set tight under it, with a few more capitalised words."""
    return len(title.split()) >= WRAPPED_TITLE_WORDS and not line.new_paragraph and continues_heading(text)


def by_page(body: Iterable[tuple[int, Line]]) -> list[tuple[int, list[Line]]]:
    """(page number, its lines) groups of a (page, line) sequence, in order."""
    out: list[tuple[int, list[Line]]] = []
    for number, line in body:
        if not out or out[-1][0] != number:
            out.append((number, []))
        out[-1][1].append(line)
    return out
