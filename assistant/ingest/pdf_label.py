"""Prescribing-information PDFs → blocks addressed by the same LOINC section codes as SPL labels.

A PI PDF follows the layout 21 CFR 201.57 prescribes, whoever typeset it:
"HIGHLIGHTS OF PRESCRIBING INFORMATION", then "FULL PRESCRIBING INFORMATION:
CONTENTS*" (a table of contents), then "FULL PRESCRIBING INFORMATION" with an
optional boxed warning ("WARNING: ...") and numbered sections ("1 INDICATIONS
AND USAGE", "2.1 Recommended Dosage", "12.1 Mechanism of Action"). This module
reads that structure from the page lines:

- Highlights are kept apart: returned as text for the document's identity
  (product line, "Initial U.S. Approval", "Revised:") but not indexed, because
  each Highlights bullet restates a full section (as the SPL loader does).
- The table of contents is navigation, not content: it is dropped, but its
  entries give each section number its full title, so a heading wrapped over two
  lines in the body is read whole.
- Numbered headings become the section path; each section gets its LOINC code
  from its title through the SPL vocabulary (:func:`spl_sections.resolve_code`,
  the same one unclassified SPL sections go through), subsections inherit their
  parent's code unless their title is itself a standard section ("8.1 Pregnancy").
  Older (non-PLR) labels have unnumbered capitalised headings ("INDICATIONS AND
  USAGE", "Nursing Mothers"); a standard name among them starts a section too.
- "Table N: ..." starts a table block: its lines are rows under the caption, so
  a rate table is chunked row by row like an SPL table.

Blocks never cross a page: the chunker cites each page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.ingest.pdf_breaks import join_cut_sentences
from assistant.ingest.pdf_cells import join_wrapped_cells
from assistant.ingest.pdf_grid import read_grid
from assistant.ingest.pdf_label_lines import (
    BULLET,
    CAPTION,
    MINOR,
    TABLE_LABEL,
    TERMINAL,
    by_page,
    caption_goes_on,
    caption_wraps,
    continues_heading,
    heads_text,
    is_cell_like,
    is_prefix,
    is_prose,
    is_run_in,
    is_sentence,
    is_title_case,
    rows,
    starts_table,
    title_runs_on,
    with_columns,
)
from assistant.ingest.pdf_label_parts import (
    BOX,
    NUMBERED,
    PACKAGE_LABEL,
    PageLines,
    contents_titles,
    split_parts,
    top_codes,
)
from assistant.ingest.pdf_layout import Line
from assistant.ingest.pdf_table_bands import rejoin_table_bands
from assistant.ingest.pdf_text import Known, join_lines, resolve_hyphens
from assistant.ingest.spl_sections import (
    BOXED_WARNING,
    INDICATIONS,
    PATIENT_FACING,
    UNCLASSIFIED,
    own_code,
    resolve_code,
    section_name,
    title_code,
)
from assistant.types import Block, BlockKind

MAX_SECTION = 17
"""PLR labels number their sections 1-17 (21 CFR 201.57(c))."""


@dataclass
class LabelText:
    """What a PI PDF holds: indexable blocks and the Highlights text (identity only)."""

    blocks: list[Block]
    highlights: str


@dataclass
class _Section:
    path: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    own: str | None = None
    number: str = ""


def _titled(caption: str | None, title: str) -> str | None:
    """The caption with the table's title lines read under it (a caption wrapped into the table's head)."""
    return f"{caption} {title}".strip() if caption and title else caption or title or None


def _name(title: str, code: str | None, nested: bool) -> str:
    """A top-level section is named by its code's canonical name (as the SPL loader does); a subsection
    keeps its own title."""
    known = section_name(code)
    if known and not nested:
        return known
    return title.strip() or known or ""


class _Builder:
    """Full-text lines → blocks, tracking the section, tables and paragraphs."""

    def __init__(self, contents: dict[str, str], known: Known) -> None:
        self.contents = contents
        self.known = known
        self.section = _Section()
        self.blocks: list[Block] = []
        self.pending: list[str] = []
        self.table: list[Line] | None = None
        self.caption: str | None = None
        self.page = 0
        self.started = False  # a numbered top-level section was seen
        self.base = _Section()  # the numbered (or standard) section run-in headings sit under
        self.previous: str | None = None  # the last body line of this section
        self.heading_open = False  # the last line was a run-in heading (a second line may go on with it)
        self.base_said = False  # a block was written under the base section itself

    # -- output -----------------------------------------------------------
    def _block(self, text: str, kind: BlockKind = "body", caption: str | None = None) -> None:
        s = self.section
        self.base_said = self.base_said or s is self.base
        self.blocks.append(
            Block(
                text=text,
                section_path=list(s.path),
                section_code=s.own,
                section_codes=list(s.codes),
                page=self.page,
                kind=kind,
                caption=caption,
            )
        )

    def flush(self) -> None:
        if self.pending:
            text = join_lines(self.pending, self.known)
            if text:
                self._block(text)
            self.pending = []
        if self.table is not None:
            grid = read_grid(self.table)
            lines = grid.lines() if grid is not None else [r.text.strip() for r in join_wrapped_cells(self.table)]
            rows = [r for r in (resolve_hyphens(t, self.known) for t in lines) if r]
            if rows:
                caption = with_columns(self.caption, rows) if grid is None else _titled(self.caption, grid.title)
                self._block("\n".join([caption or "", *rows]).strip(), kind="table", caption=caption)
            elif self.caption:
                self._block(self.caption)
            self.table = None

    # -- sections ---------------------------------------------------------
    def _enter(self, number: str, title: str) -> None:
        nested = "." in number
        parent = _Section(self.section.path[:1], self.section.codes[:1]) if nested and self.section.path else _Section()
        own = own_code(None, title, parent.codes)
        code = resolve_code(None, title, parent.codes)
        name = _name(title, own, nested)
        self._set_base(_Section([*parent.path, name], [*parent.codes, code], own or UNCLASSIFIED, number))

    def _set_base(self, section: _Section) -> None:
        self.state_bare_indication()
        self.section = self.base = section
        self.previous, self.heading_open, self.base_said = None, False, False

    def state_bare_indication(self) -> None:
        """An indication subsection with no text of its own ("1.1 Treatment of Moderate to Severe Vasomotor
        Symptoms due to Menopause", then the next heading or only a "Limitation of Use") states the approved
        use in its title; the title becomes its text, or answers and the approved-use profile never see it."""
        base = self.base
        if "." in base.number and base.codes[:1] == [INDICATIONS] and not self.base_said:
            self.section = base
            self._block(base.path[-1])

    def _run_in_heading(self, text: str, wrapped: bool = False) -> None:
        """A run-in heading ("Treatment of DVT and PE") names a third level under its section: its passages
        are found by what they are about, and it keeps the section's code (it is no standard section)."""
        self.flush()
        last = self.section.path[-1] if self.heading_open else ""
        self.state_bare_indication()
        base = self.base
        title = f"{last} {text}" if last and (wrapped or last.split()[-1].lower() in MINOR) else text
        self.section = _Section([*base.path, title], [*base.codes, base.codes[-1]], UNCLASSIFIED, base.number)
        self.heading_open = True

    def _numbered(self, text: str) -> tuple[str, str] | None:
        """(number, title) when the line is a numbered heading: listed in the contents, else plausible."""
        match = NUMBERED.match(text)
        if not match:
            return None
        number, title = match.group("num"), match.group("title").strip()
        full = self.contents.get(number, "")
        if full and (is_prefix(title, full) or is_prefix(full, title)):
            return number, title
        major = int(number.split(".")[0])
        if not 1 <= major <= MAX_SECTION or len(title.split()) > 12 or title.endswith(TERMINAL):
            return None
        current = int(self.section.number.split(".")[0]) if self.section.number else 0
        if "." in number:
            return (number, title) if major == current and is_title_case(title) else None
        return (number, title) if major > current and title.isupper() else None

    def _unnumbered(self, text: str) -> str | None:
        """An old-format heading: a short capitalised line that is a standard section name.

        A carton panel is titled with what it shows ("PRINCIPAL DISPLAY PANEL - 5 mg Bottle Label"): its
        standard name is the part before the dash, and it ends the patient labeling before it.
        """
        panel = text.split(" - ")[0].strip()
        if panel.isupper() and title_code(panel) == PACKAGE_LABEL:
            return panel
        if len(text.split()) > 8 or text.endswith(TERMINAL) or not (text.isupper() or is_title_case(text)):
            return None
        code = title_code(text, nested=bool(self.section.path))
        if self.contents:  # a PLR label numbers its sections; only the patient labeling after them is unnumbered
            return text if code in PATIENT_FACING and text.isupper() else None
        return text if code else None

    # -- lines ------------------------------------------------------------
    def add(self, page: int, lines: list[Line]) -> None:
        if page != self.page:
            self.flush()
            self.page = page
        i = 0
        while i < len(lines):
            i = self._line(lines, i)
        self.flush()

    def _line(self, lines: list[Line], i: int) -> int:
        line = lines[i]
        text = line.text.strip()
        heading = self._numbered(text)
        if heading:
            number, title = heading
            i = self._wrapped(lines, i, number, title)
            return i + 1
        if not self.started and BOX.match(text):
            self.flush()
            self._set_base(_Section(["Boxed Warning"], [BOXED_WARNING], BOXED_WARNING, "0"))
            self.pending.append(text)
            self.previous = text
            return i + 1
        old = self._unnumbered(text)
        if old:
            self._enter_unnumbered(old)
            if old != text:  # the rest of the title says what the panel shows
                self.pending.append(text)
            return i + 1
        if CAPTION.match(text) or TABLE_LABEL.fullmatch(text):
            self.flush()
            self.caption, self.table = text, []
            nxt = lines[i + 1].text.strip() if i + 1 < len(lines) else ""
            if caption_goes_on(text, nxt) or (TABLE_LABEL.fullmatch(text) and nxt and not is_cell_like(nxt)):
                self.caption = f"{text} {nxt}"
                return i + 2
            return i + 1
        following = lines[i + 1].text.strip() if i + 1 < len(lines) else None
        if self.table is not None:
            if not self.table and self.caption and caption_wraps(self.caption, line):
                self.caption = f"{self.caption} {text}"
                return i + 1
            if heads_text(text, following) and self.base.path:
                self._run_in_heading(text)
                return i + 1
            if not (is_prose(text) or (self.caption is None and is_sentence(text))):
                self.table.append(line)
                return i + 1
            self.flush()
        if starts_table(text, following):
            self.flush()
            self.caption, self.table = None, [line]
            return i + 1
        if self.heading_open and title_runs_on(self.section.path[-1] if self.section.path else "", line, text):
            self._run_in_heading(text, wrapped=True)  # "... in Patients with Nonvalvular Atrial" / "Fibrillation"
            return i + 1
        if self.base.path and is_run_in(text, self.previous, following):
            self._run_in_heading(text)
            return i + 1
        if self.pending and (line.new_paragraph or BULLET.match(text)):
            self.flush()
        self.pending.append(text)
        self.previous, self.heading_open = text, False
        return i + 1

    def _enter_unnumbered(self, title: str) -> None:
        """An old-format heading: a top-level standard section, or a standard subsection of the current one."""
        self.flush()
        top = title_code(title, nested=False) in top_codes() or not self.section.path
        parent = [] if top else self.section.codes[:1]
        own = own_code(None, title, parent)
        path = [] if top else self.section.path[:1]
        code = resolve_code(None, title, parent)
        self._set_base(_Section([*path, _name(title, own, not top)], [*parent, code], own or UNCLASSIFIED))
        self.started = True

    def _wrapped(self, lines: list[Line], i: int, number: str, title: str) -> int:
        """Enter a numbered section; its title may go on over the next lines. Returns the last line used."""
        self.flush()
        full = self.contents.get(number, "")
        while i + 1 < len(lines):
            nxt = lines[i + 1].text.strip()
            joined = f"{title} {nxt}"
            wraps = is_prefix(joined, full) if full else len(title.split()) >= 5 and continues_heading(nxt)
            if not wraps:
                break
            title, i = joined, i + 1
        if "." not in number:
            self.started = True
        self._enter(number, title)
        return i


def parse_label_pages(pages: list[PageLines], known: Known) -> LabelText:
    """Blocks of a PI's full text (Highlights and contents left out), and its Highlights text."""
    highlights, contents, body = split_parts(pages)
    builder = _Builder(contents_titles(contents), known)
    for number, group in by_page(body):
        builder.add(number, rows(rejoin_table_bands(group)))
    builder.flush()
    builder.state_bare_indication()
    blocks = join_cut_sentences(builder.blocks, known)
    return LabelText(blocks=blocks, highlights=join_lines(highlights, known))
