"""The parts of a prescribing-information PDF: Highlights, the table of contents, the full text.

Split from :mod:`pdf_label` (which tracks sections inside the full text): whether a PDF is a label
at all, where its Highlights and contents end, and the section titles the contents give, all read
from the headings 21 CFR 201.57 prescribes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.ingest.pdf_layout import Line
from assistant.ingest.spl_sections import BOXED_WARNING, PATIENT_FACING, TOP_LEVEL_ONLY, title_code

_HIGHLIGHTS = re.compile(r"^highlights\s+of\s+prescribing\s+information\b", re.IGNORECASE)
_CONTENTS = re.compile(r"^full\s+prescribing\s+information\s*:?\s*contents\b", re.IGNORECASE)
_FPI = re.compile(r"^full\s+prescribing\s+information\s*$", re.IGNORECASE)
NUMBERED = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2})?)\.?\s+(?P<title>[A-Z(][^\s].*)$")
BOX = re.compile(r"^WARNING\s*:\s*\S")
_TOC_NOTE = re.compile(r"^\*\s*sections?\s+or\s+subsections?\s+omitted", re.IGNORECASE)
PACKAGE_LABEL = "51945-4"
"""LOINC: package label, principal display panel (carton and bottle text, after the patient labeling)."""


@dataclass
class PageLines:
    """One page's lines after running headers/footers were removed."""

    number: int
    lines: list[Line]


def looks_like_label(pages: list[PageLines]) -> bool:
    """A PI: the Highlights heading, or a "FULL PRESCRIBING INFORMATION" line, on its first pages; else
    the label's own structure: several standard section headings set in capitals (a print of a label
    without Highlights: "1 INDICATIONS AND USAGE", "4 CONTRAINDICATIONS", "6 ADVERSE REACTIONS")."""
    for page in pages[:4]:
        for line in page.lines:
            text = line.text.strip()
            if _HIGHLIGHTS.match(text) or _CONTENTS.match(text) or _FPI.match(text):
                return True
    return len(_standard_headings(pages)) >= MIN_STANDARD_HEADINGS


MIN_STANDARD_HEADINGS = 4
"""Distinct standard sections named by capitalised heading lines that make a PDF a label: a paper may
have a "SAFETY" or "RESULTS" heading, not four label sections."""


def _standard_headings(pages: list[PageLines]) -> set[str]:
    """LOINC codes of the top-level label sections that short ALL-CAPS lines (numbered or not) name."""
    codes: set[str] = set()
    for page in pages:
        for line in page.lines:
            text = line.text.strip()
            match = NUMBERED.match(text)
            title = match.group("title") if match else text
            if title.isupper() and len(title.split()) <= 6:
                code = title_code(title)
                if code in top_codes():
                    codes.add(code)
    return codes


def contents_titles(lines: list[str]) -> dict[str, str]:
    """Section number → full title from the table of contents (wrapped entries re-joined)."""
    titles: dict[str, str] = {}
    last: str | None = None
    for text in lines:
        match = NUMBERED.match(text)
        if match:
            last = match.group("num")
            titles[last] = match.group("title").strip()
        elif last and not _TOC_NOTE.match(text) and not BOX.match(text) and not text.isdigit():
            titles[last] = f"{titles[last]} {text.strip()}"
    return titles


def split_parts(pages: list[PageLines]) -> tuple[list[str], list[str], list[tuple[int, Line]]]:
    """(Highlights lines, contents lines, full-text (page, line)s) of a PI.

    On the page where the contents start, Highlights may go on in the right
    column above the contents heading's level: those lines stay Highlights.
    A PDF without the "FULL PRESCRIBING INFORMATION" heading is all full text.
    """
    if not any(_FPI.match(ln.text.strip()) for p in pages for ln in p.lines):
        return [], [], [(p.number, ln) for p in pages for ln in p.lines]
    highlights: list[str] = []
    contents: list[str] = []
    body: list[tuple[int, Line]] = []
    part = "highlights"
    contents_at: tuple[int, float] | None = None
    for page in pages:
        for line in page.lines:
            text = line.text.strip()
            if part != "body" and _FPI.match(text):
                part = "body"
                continue
            if part == "highlights" and _CONTENTS.match(text):
                part, contents_at = "contents", (page.number, line.top)
                continue
            if part == "contents":
                assert contents_at is not None
                above = page.number == contents_at[0] and line.top > contents_at[1] + 1
                (highlights if above else contents).append(text)
            elif part == "highlights":
                highlights.append(text)
            else:
                body.append((page.number, line))
    return highlights, contents, body


def top_codes() -> frozenset[str]:
    """Sections that are never a subsection when their title appears unnumbered (old format, patient labeling)."""
    return (
        TOP_LEVEL_ONLY
        | PATIENT_FACING
        | {BOXED_WARNING, PACKAGE_LABEL, "42232-9", "34092-7", "43684-0", "42227-9", "43680-8"}
    )
