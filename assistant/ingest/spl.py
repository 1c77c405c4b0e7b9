"""Structured Product Labeling (HL7 v3 SPL XML, as DailyMed publishes) → ParsedDocument.

Sections are walked recursively so every block knows its outer→inner section
titles and their effective LOINC codes (``section_codes``; an unclassified
subsection takes the code its standard title names or inherits its parent's,
and a box-coded table nested in another section is not the Boxed Warning, see
:func:`spl_sections.resolve_code`); tables are flattened to their caption and
one readable line per row ("Header: value; ...") because that is what a
passage quote should look like (see :mod:`spl_tables`).

Highlights of Prescribing Information are not indexed: in SPL each Highlights
bullet is an ``<excerpt><highlight>`` inside the full-prescribing-information
section it summarises, so indexing it would put two wordings of one fact in
competition, the shorter one pointing back to the longer. The full section is
the one cited. Only a Highlights-only section with no full-text twin (Recent
Major Changes) keeps its text. Tables of contents and "Highlights" sections
written as ordinary sections are navigation, not content, and are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from assistant.errors import ParseError
from assistant.ingest.spl_product import identify, is_otc
from assistant.ingest.spl_sections import (
    INDICATIONS,
    LISTING_DATA_ELEMENTS,
    UNCLASSIFIED,
    is_container,
    own_code,
    resolve_code,
    section_name,
)
from assistant.ingest.spl_tables import local_name, read_table
from assistant.types import Block, BlockKind, DocumentMeta, ParsedDocument

NS = {"v3": "urn:hl7-org:v3"}
_V3 = "{urn:hl7-org:v3}"

_SPACE = re.compile(r"\s+")
_NUMBERING = re.compile(r"^\s*\d+(\.\d+)*\s+")
_NAVIGATION_TITLE = re.compile(
    r"^\s*(?:highlights\s+of\s+prescribing\s+information|(?:full\s+prescribing\s+information\s*:?\s*)?"
    r"(?:table\s+of\s+)?contents\b)",
    re.IGNORECASE,
)
HEADING_BLOCK_MIN_WORDS = 3
"""A top-level section title this long that says more than its standard name ("WARNING: FETAL
TOXICITY", "Questions or comments?") is content, so it is kept as the section's first line; shorter
ones ("Uses", "Directions") only rename the standard section."""
NAVIGATION_LINK_SHARE = 0.8
"""A section whose text is mostly links to other sections is a table of contents."""


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _text(el: etree._Element) -> str:
    return _clean("".join(el.itertext()))


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower().replace("&", " and ")))


def _display_name(code_el: etree._Element | None) -> str:
    """'STORAGE AND HANDLING SECTION' → 'Storage and Handling': the code's own name, for unknown codes."""
    raw = (code_el.get("displayName") or "") if code_el is not None else ""
    raw = re.sub(r"\s+section\s*$", "", raw.strip(), flags=re.IGNORECASE)
    minor = {"and", "or", "of", "in", "for", "the", "a", "to"}
    return " ".join(w.lower() if w.lower() in minor and i else w.capitalize() for i, w in enumerate(raw.split()))


def section_title(title: str, code: str | None, display: str = "", nested: bool = False) -> str:
    """The name a section gets in a block's section path.

    A top-level section gets the canonical name of its LOINC code ("1 INDICATIONS
    AND USAGE" → "Indications and Usage"), so one vocabulary names the standard
    sections of every label. A titled subsection keeps its own title without
    numbering: it says what the code does not ("Laboratory Testing and
    Monitoring to Assess Safety", "Ask a doctor before use if the child has").
    Untitled sections fall back to the code's name.
    """
    own = _NUMBERING.sub("", title).strip() or title
    known = section_name(code)
    if known and not (nested and own):
        return known
    return own or known or (display if code != UNCLASSIFIED else "")


def _heading_block(title: str, name: str) -> str | None:
    """The author's heading when it says more than the standard section name (see HEADING_BLOCK_MIN_WORDS)."""
    heading = _clean(_NUMBERING.sub("", title))
    if len(heading.split()) < HEADING_BLOCK_MIN_WORDS or _words(heading) == _words(name):
        return None
    return heading


def _list_lines(lst: etree._Element, depth: int = 0) -> list[str]:
    lines: list[str] = []
    for item in lst.findall("v3:item", NS):
        nested = item.findall(".//v3:list", NS)
        for sub in nested:
            sub.getparent().remove(sub)
        text = _text(item)
        if text:
            lines.append("  " * depth + "- " + text)
        for sub in nested:
            lines.extend(_list_lines(sub, depth + 1))
    return lines


@dataclass(frozen=True)
class _Place:
    """Where a block sits: section titles and their effective LOINC codes (outer→inner), own code."""

    path: list[str]
    codes: list[str]
    code: str | None

    def block(self, text: str, kind: BlockKind = "body", caption: str | None = None) -> Block:
        return Block(
            text=text,
            section_path=self.path,
            section_code=self.code,
            section_codes=self.codes,
            kind=kind,
            caption=caption,
        )


def _text_blocks(text_el: etree._Element, place: _Place) -> list[Block]:
    """Paragraphs, lists and tables of one section's <text>, in document order."""
    blocks: list[Block] = []
    loose: list[str] = []
    if text_el.text and text_el.text.strip():
        loose.append(_clean(text_el.text))
    previous = ""  # the paragraph before a table may introduce it ("… were as follows:")
    heading = ""  # a paragraph that is one emphasised phrase heads what follows ("Study 2: X with Y")
    for child in text_el:
        kind = local_name(child)
        if kind == "table":
            table = read_table(child, intro=previous, heading=heading)
            if table.rows or table.notes:
                blocks.append(place.block("\n".join(table.lines()), kind="table", caption=table.caption or None))
            previous = ""
        elif kind == "list":
            lines = _list_lines(child)
            if lines:
                blocks.append(place.block("\n".join(lines)))
            previous = ""
        else:
            text = _text(child)
            if text:
                blocks.append(place.block(text))
            previous = text
            heading = text if _is_run_in_heading(child) else heading
        if child.tail and child.tail.strip():
            loose.append(_clean(child.tail))
    if loose:
        blocks.append(place.block(" ".join(loose)))
    return blocks


def _is_run_in_heading(paragraph: etree._Element) -> bool:
    """A paragraph that is a single bold or italic phrase of a few words: a heading without a section."""
    parts = [c for c in paragraph if isinstance(c.tag, str)]
    if local_name(paragraph) != "paragraph" or len(parts) != 1 or local_name(parts[0]) != "content":
        return False
    style = (parts[0].get("styleCode") or "").lower()
    loose = (paragraph.text or "") + (parts[0].tail or "")
    words = _text(parts[0]).split()
    return bool(re.search(r"bold|italics|underline", style)) and not loose.strip() and 0 < len(words) <= 12


def _is_navigation(title: str, text_el: etree._Element | None) -> bool:
    """A table of contents or a Highlights box written as an ordinary section (see module docstring)."""
    if _NAVIGATION_TITLE.match(title):
        return True
    if text_el is None:
        return False
    total = len(_text(text_el))
    links = text_el.findall(".//v3:linkHtml", NS)
    linked = sum(len(_text(link)) for link in links)
    return len(links) >= 3 and total > 0 and linked / total >= NAVIGATION_LINK_SHARE


def _highlights_only(section: etree._Element) -> list[etree._Element]:
    """The Highlights texts of a section that has no full text of its own (e.g. Recent Major Changes)."""
    if section.find("v3:text", NS) is not None or section.find("v3:component/v3:section", NS) is not None:
        return []
    return section.findall("v3:excerpt/v3:highlight/v3:text", NS)


def _walk_section(section: etree._Element, parent: _Place, out: list[Block]) -> None:
    code_el = section.find("v3:code", NS)
    code = code_el.get("code") if code_el is not None else None
    if code == LISTING_DATA_ELEMENTS:
        return
    title_el = section.find("v3:title", NS)
    raw_title = _text(title_el) if title_el is not None else ""
    text_el = section.find("v3:text", NS)
    if _is_navigation(raw_title, text_el):
        return
    nested = bool(parent.path)
    own = own_code(code, raw_title, parent.codes)
    # A section whose code was replaced (title-inferred, or a nested box) is named by its own title;
    # one without a meaning of its own records the unclassified code and inherits in the path.
    shown, display = (code, _display_name(code_el)) if own == code else (UNCLASSIFIED, "")
    name = section_title(raw_title, shown, display, nested) if (raw_title or code) else ""
    recorded = own or (UNCLASSIFIED if code else None)
    place = parent
    if name:
        place = _Place([*parent.path, name], [*parent.codes, resolve_code(code, raw_title, parent.codes)], recorded)
    elif code:
        place = _Place(parent.path, parent.codes, recorded)
    heading = _heading_block(raw_title, name) if name and not nested else None
    if heading:
        out.append(place.block(heading))
    said = len(out)
    for text in [text_el] if text_el is not None else _highlights_only(section):
        out.extend(_text_blocks(text, place))
    if nested and name and len(out) == said and place.codes[:1] == [INDICATIONS]:
        out.append(place.block(name))  # the use is stated only in the subsection's title (as pdf_label does)
    children = section.findall("v3:component/v3:section", NS)
    if name and is_container([_text(t) for c in children if (t := c.find("v3:title", NS)) is not None]):
        place = _Place(place.path, [*parent.codes, UNCLASSIFIED], UNCLASSIFIED)
    for comp in children:
        _walk_section(comp, place, out)


def _iso_date(value: str | None) -> str | None:
    if not value or not re.match(r"^\d{8}", value):
        return value or None
    return f"{value[0:4]}-{value[4:6]}-{value[6:8]}"


def _load(path: Path) -> etree._Element:
    try:
        tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise ParseError(path, f"malformed XML at line {exc.lineno}: {exc.msg}") from exc
    except OSError as exc:
        raise ParseError(path, f"cannot read file: {exc}") from exc
    root = tree.getroot()
    if root.tag != f"{_V3}document":
        raise ParseError(path, f"not an SPL document (root element {root.tag!r}, expected urn:hl7-org:v3 document)")
    return root


def parse_spl(path: Path) -> ParsedDocument:
    """Parse an SPL label; malformed XML raises ParseError with the line number."""
    root = _load(path)
    body = root.find(".//v3:structuredBody", NS)
    if body is None:
        raise ParseError(path, "SPL document has no structuredBody")
    blocks: list[Block] = []
    for section in body.findall("v3:component/v3:section", NS):
        _walk_section(section, _Place([], [], None), blocks)
    if not blocks:
        raise ParseError(path, "SPL document has no section text")
    codes = {c for b in blocks for c in b.section_codes}
    identity = identify(root, "\n".join(b.text for b in blocks), otc=is_otc(root, codes))
    time_el = root.find("v3:effectiveTime", NS)
    meta = DocumentMeta(
        doc_id="",
        title=identity.title,
        doc_type="label",
        product=identity.product,
        brand=identity.brand,
        effective_date=_iso_date(time_el.get("value") if time_el is not None else None),
    )
    return ParsedDocument(meta=meta, blocks=blocks)
