"""Build the demo corpus's PDFs and slide decks from their text sources.

Sources live in ``corpus/_src/<slug>/`` and are the files people edit and review:

* ``<name>.md``   -> ``corpus/<slug>/<name>.pdf`` (a publication summary; fpdf2)
* ``<name>.yaml`` -> ``corpus/<slug>/<output or name.pptx>`` (a slide deck; python-pptx)

Built files are committed so that ingest needs neither fpdf2 nor this script.
``--check`` rebuilds into a temporary folder and compares the *extracted text*
(pypdf per page, python-pptx per slide including speaker notes) with the
committed files. Bytes may differ between library versions; text must not,
because text is what the assistant indexes and cites.

Usage::

    python corpus/build.py                 # rebuild everything
    python corpus/build.py --only semaglutide
    python corpus/build.py --check         # exit 1 naming files that drifted
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import yaml

CORPUS = Path(__file__).resolve().parent
SRC = CORPUS / "_src"
DEMO_LINE = "Demo content for software evaluation; not approved labeling or medical information."
BUILD_DATE = datetime(2025, 1, 1, tzinfo=UTC)
"""Fixed creation/modification date so rebuilds are reproducible."""

# Core PDF fonts only cover latin-1; these are the characters our sources use outside it.
# fmt: off
_LATIN1_MAP = {
    "\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2011": "-", "\u2010": "-", "\u2212": "-",
    "\u2265": ">=", "\u2264": "<=", "\u2192": "->", "\u2190": "<-", "\u2194": "<->",
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2026": "...",
    "\u03bc": "\u00b5", "\u03b1": "alpha", "\u03b2": "beta", "\u03ba": "kappa", "\u03b3": "gamma",
    "\u0394": "delta ", "\u2022": "-", "\u2122": "(TM)", "\u00a0": " ", "\u2009": " ", "\u202f": " ",
    "\u2248": "~", "\u2260": "!=", "\u2032": "'", "\u2191": "up", "\u2193": "down",
}
# fmt: on


class BuildError(Exception):
    """A source file cannot be built; the message names the file and the problem."""


def to_latin1(text: str, source: Path) -> str:
    """Map typographic characters to latin-1 so core Helvetica can render them."""
    out = "".join(_LATIN1_MAP.get(ch, ch) for ch in text)
    try:
        out.encode("latin-1")
    except UnicodeEncodeError as exc:
        bad = out[exc.start]
        raise BuildError(f"{source}: character {bad!r} (U+{ord(bad):04X}) has no latin-1 mapping") from exc
    return out


# --------------------------------------------------------------------------- markdown -> PDF
@dataclass
class MdBlock:
    """One block of the restricted markdown dialect our publication sources use."""

    kind: str  # title | heading | subheading | para | bullets | table | pagebreak
    text: str = ""
    items: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def _split_row(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def parse_markdown(text: str) -> list[MdBlock]:
    """Split the source into blocks: headings, paragraphs, bullet lists, pipe tables, page breaks."""
    blocks: list[MdBlock] = []
    para: list[str] = []

    def flush_para() -> None:
        if para:
            blocks.append(MdBlock("para", " ".join(para)))
            para.clear()

    for raw in text.splitlines():
        line = raw.rstrip()
        stripped = line.strip()
        if stripped == "<!-- pagebreak -->":
            flush_para()
            blocks.append(MdBlock("pagebreak"))
        elif not stripped:
            flush_para()
        elif stripped.startswith("### "):
            flush_para()
            blocks.append(MdBlock("subheading", stripped[4:]))
        elif stripped.startswith("## "):
            flush_para()
            blocks.append(MdBlock("heading", stripped[3:]))
        elif stripped.startswith("# "):
            flush_para()
            blocks.append(MdBlock("title", stripped[2:]))
        elif stripped.startswith("- "):
            flush_para()
            if not blocks or blocks[-1].kind != "bullets":
                blocks.append(MdBlock("bullets"))
            blocks[-1].items.append(stripped[2:])
        elif stripped.startswith("|"):
            flush_para()
            if _TABLE_RULE.match(stripped):
                continue
            if not blocks or blocks[-1].kind != "table":
                blocks.append(MdBlock("table"))
            blocks[-1].rows.append(_split_row(stripped))
        elif line.startswith("  ") and blocks and blocks[-1].kind == "bullets" and not para:
            blocks[-1].items[-1] += " " + stripped  # continuation of a bullet
        else:
            para.append(stripped)
    flush_para()
    return blocks


def _plain(text: str) -> str:
    """Drop inline markdown emphasis markers we do not render."""
    return text.replace("**", "").replace("`", "")


def build_pdf(source: Path, target: Path) -> None:
    """Render one markdown source as a multi-page PDF with page footers."""
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    blocks = parse_markdown(source.read_text(encoding="utf-8"))
    titles = [b.text for b in blocks if b.kind == "title"]
    if not titles:
        raise BuildError(f"{source}: no '# Title' line")
    title = to_latin1(_plain(titles[0]), source)
    running_head = title.split(":")[0][:70]

    class _Pdf(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("Helvetica", size=7)
            self.cell(0, 5, f"{running_head} | Page {self.page_no()} of {{nb}}", align="C")

    pdf = _Pdf(format="A4")
    pdf.set_creation_date(BUILD_DATE)
    pdf.set_title(title)
    pdf.set_author("MSL Assistant demo corpus")
    pdf.set_subject(DEMO_LINE)
    pdf.set_creator("corpus/build.py")
    pdf.set_producer("fpdf2")
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_margins(18, 18, 18)
    pdf.add_page()

    def write(text: str, size: float, style: str = "", height: float = 5.0) -> None:
        pdf.set_font("Helvetica", style=style, size=size)
        pdf.multi_cell(0, height, to_latin1(_plain(text), source), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    for index, block in enumerate(blocks):
        if block.kind == "title":
            write(block.text, 16, "B", 7.5)
            if index == 0:
                pdf.ln(1)
                pdf.set_text_color(150, 0, 0)
                write(DEMO_LINE, 9, "I")
                pdf.set_text_color(0, 0, 0)
            pdf.ln(2)
        elif block.kind == "heading":
            pdf.ln(2)
            write(block.text, 12, "B", 6)
            pdf.ln(1)
        elif block.kind == "subheading":
            pdf.ln(1)
            write(block.text, 10, "B")
        elif block.kind == "para":
            write(block.text, 9.5)
            pdf.ln(1.5)
        elif block.kind == "bullets":
            pdf.set_font("Helvetica", size=9.5)
            for item in block.items:
                pdf.set_x(pdf.l_margin + 3)
                pdf.cell(4, 5, "-")
                pdf.multi_cell(0, 5, to_latin1(_plain(item), source), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(1.5)
        elif block.kind == "table":
            _pdf_table(pdf, block.rows, source)
        elif block.kind == "pagebreak":
            pdf.add_page()
    target.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(target))


def _pdf_table(pdf: object, rows: list[list[str]], source: Path) -> None:
    width = max(len(r) for r in rows)
    if any(len(r) != width for r in rows):
        raise BuildError(f"{source}: table rows have different cell counts: {rows[0]}")
    pdf.set_font("Helvetica", size=8.5)  # type: ignore[attr-defined]
    with pdf.table(text_align="LEFT", line_height=4.5, first_row_as_headings=True) as table:  # type: ignore[attr-defined]
        for cells in rows:
            row = table.row()
            for cell in cells:
                row.cell(to_latin1(_plain(cell), source))
    pdf.ln(3)  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- YAML -> PPTX
def load_deck(source: Path) -> dict:
    """Read and validate a deck source; errors name the file and the field."""
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not data.get("title"):
        raise BuildError(f"{source}: a deck needs a top-level 'title'")
    slides = data.get("slides")
    if not isinstance(slides, list) or not slides:
        raise BuildError(f"{source}: a deck needs a non-empty 'slides' list")
    for number, slide in enumerate(slides, start=2):
        if not isinstance(slide, dict) or not slide.get("title"):
            raise BuildError(f"{source}: slide {number} needs a 'title'")
        table = slide.get("table")
        if table is not None:
            columns = table.get("columns") or []
            for row in table.get("rows") or []:
                if len(row) != len(columns):
                    raise BuildError(f"{source}: slide {number} table row {row} does not match columns")
    return data


def deck_target(source: Path) -> str:
    data = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    return str(data.get("output") or f"{source.stem}.pptx")


def build_pptx(source: Path, target: Path) -> None:
    """Title slide (with the demo line) then one title+content slide per entry, notes included."""
    from pptx import Presentation
    from pptx.util import Inches, Pt

    deck = load_deck(source)
    prs = Presentation()
    first = prs.slides.add_slide(prs.slide_layouts[0])
    first.shapes.title.text = deck["title"]
    subtitle = "\n".join(s for s in (deck.get("subtitle", ""), DEMO_LINE) if s)
    first.placeholders[1].text = subtitle
    first.notes_slide.notes_text_frame.text = deck.get("notes", DEMO_LINE)

    for spec in deck["slides"]:
        slide = prs.slides.add_slide(prs.slide_layouts[1])
        slide.shapes.title.text = spec["title"]
        body = slide.placeholders[1]
        bullets = [str(b) for b in spec.get("bullets") or []]
        table = spec.get("table")
        frame = body.text_frame
        frame.word_wrap = True
        size = Pt(20 if len(bullets) <= 4 and not table else 16 if not table else 14)
        for i, text in enumerate(bullets):
            para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            para.text = text
            para.font.size = size
        if table:
            if bullets:
                body.height = Inches(0.45 * len(bullets) + 0.3)
                top = body.top + body.height + Inches(0.1)
            else:
                body._element.getparent().remove(body._element)
                top = Inches(1.6)
            _add_table(
                slide, table, top, int(prs.slide_width or Inches(10)), int(prs.slide_height or Inches(7.5))
            )
        slide.notes_slide.notes_text_frame.text = str(spec.get("notes", ""))

    props = prs.core_properties
    props.title = deck["title"]
    props.subject = DEMO_LINE
    props.author = "MSL Assistant demo corpus"
    props.last_modified_by = "corpus/build.py"
    props.created = BUILD_DATE.replace(tzinfo=None)
    props.modified = BUILD_DATE.replace(tzinfo=None)
    props.revision = 1
    target.parent.mkdir(parents=True, exist_ok=True)
    prs.save(str(target))


def _add_table(slide: object, spec: dict, top: int, slide_width: int, slide_height: int) -> None:
    from pptx.util import Inches, Pt

    columns = [str(c) for c in spec["columns"]]
    rows = [[str(c) for c in r] for r in spec["rows"]]
    left = Inches(0.5)
    width = slide_width - 2 * left
    height = min(Inches(0.4) * (len(rows) + 1), slide_height - top - Inches(0.3))
    shape = slide.shapes.add_table(len(rows) + 1, len(columns), left, top, width, height)  # type: ignore[attr-defined]
    grid = shape.table
    for r, values in enumerate([columns, *rows]):
        for c, value in enumerate(values):
            cell = grid.cell(r, c)
            cell.text = value
            for para in cell.text_frame.paragraphs:
                para.font.size = Pt(12 if len(rows) < 6 else 10)


# --------------------------------------------------------------------------- text extraction
def _norm(text: str) -> str:
    return " ".join(text.split())


def pdf_text(path: Path) -> list[str]:
    """Text of each page, whitespace-normalised; index 0 is page 1."""
    from pypdf import PdfReader

    return [_norm(page.extract_text() or "") for page in PdfReader(str(path)).pages]


def pptx_text(path: Path) -> list[str]:
    """Text of each slide (shapes, table cells, then speaker notes), whitespace-normalised."""
    from pptx import Presentation

    slides = []
    for slide in Presentation(str(path)).slides:
        parts: list[str] = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                parts.extend(cell.text for row in shape.table.rows for cell in row.cells)
        if slide.has_notes_slide:
            parts.append("NOTES: " + slide.notes_slide.notes_text_frame.text)
        slides.append(_norm(" ".join(parts)))
    return slides


def extract_text(path: Path) -> list[str]:
    return pdf_text(path) if path.suffix.lower() == ".pdf" else pptx_text(path)


# --------------------------------------------------------------------------- driver
def sources(slugs: Iterable[str] | None = None, src_root: Path = SRC) -> list[tuple[Path, str]]:
    """Every buildable source with its output path relative to the corpus folder."""
    wanted = set(slugs) if slugs else None
    found: list[tuple[Path, str]] = []
    if not src_root.is_dir():
        return found
    for folder in sorted(p for p in src_root.iterdir() if p.is_dir()):
        if wanted is not None and folder.name not in wanted:
            continue
        for src in sorted(folder.iterdir()):
            if src.suffix == ".md":
                found.append((src, f"{folder.name}/{src.stem}.pdf"))
            elif src.suffix in (".yaml", ".yml"):
                found.append((src, f"{folder.name}/{deck_target(src)}"))
    if wanted:
        missing = wanted - {s.parent.name for s, _ in found}
        if missing:
            raise BuildError(f"no sources under {src_root} for: {', '.join(sorted(missing))}")
    return found


def build_one(source: Path, target: Path) -> None:
    if source.suffix == ".md":
        build_pdf(source, target)
    else:
        build_pptx(source, target)


def build(slugs: Iterable[str] | None = None, out_root: Path = CORPUS, src_root: Path = SRC) -> list[Path]:
    """Build every (or the chosen products') source into ``out_root``; returns the written files."""
    written = []
    for source, rel in sources(slugs, src_root):
        target = out_root / rel
        build_one(source, target)
        written.append(target)
    return written


def check(slugs: Iterable[str] | None = None, corpus: Path = CORPUS, src_root: Path = SRC) -> list[str]:
    """Rebuild into a temp folder; return one message per committed file whose text differs or is missing."""
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for source, rel in sources(slugs, src_root):
            fresh = Path(tmp) / rel
            build_one(source, fresh)
            committed = corpus / rel
            if not committed.exists():
                problems.append(f"{rel}: missing (built from {source.relative_to(src_root.parent)})")
                continue
            want, have = extract_text(fresh), extract_text(committed)
            if len(want) != len(have):
                problems.append(
                    f"{rel}: drifted ({len(have)} pages/slides committed, {len(want)} from source)"
                )
                continue
            for number, (w, h) in enumerate(zip(want, have, strict=True), start=1):
                if w != h:
                    problems.append(f"{rel}: drifted (page/slide {number} differs from its source)")
                    break
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="compare committed files with a fresh build")
    parser.add_argument("--only", nargs="+", metavar="SLUG", help="limit to these product folders")
    args = parser.parse_args(argv)
    try:
        if args.check:
            problems = check(args.only)
            for problem in problems:
                print(problem, file=sys.stderr)
            print(f"{len(problems)} file(s) drifted or missing" if problems else "corpus matches its sources")
            return 1 if problems else 0
        for path in build(args.only):
            print(path.relative_to(CORPUS))
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
