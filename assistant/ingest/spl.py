"""Structured Product Labeling (HL7 v3 SPL XML, as DailyMed publishes) → ParsedDocument.

Sections are walked recursively so every block knows its outer→inner section
titles and LOINC code; tables are flattened to one readable line per row
("Header: value; ...") because that is what a passage quote should look like.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from assistant.errors import ParseError
from assistant.types import Block, DocumentMeta, ParsedDocument

NS = {"v3": "urn:hl7-org:v3"}
_V3 = "{urn:hl7-org:v3}"

LISTING_DATA_ELEMENTS = "48780-1"

LOINC_SECTION_NAMES: dict[str, str] = {
    "34066-1": "Boxed Warning",
    "34067-9": "Indications and Usage",
    "34068-7": "Dosage and Administration",
    "43678-2": "Dosage Forms and Strengths",
    "34070-3": "Contraindications",
    "43685-7": "Warnings and Precautions",
    "34084-4": "Adverse Reactions",
    "34073-7": "Drug Interactions",
    "43684-0": "Use in Specific Populations",
    "43679-0": "Mechanism of Action",
    "43682-4": "Pharmacokinetics",
    "34092-7": "Clinical Studies",
    "34090-1": "Clinical Pharmacology",
    "34088-5": "Overdosage",
    "34089-3": "Description",
    "43680-8": "Nonclinical Toxicology",
    "34069-5": "How Supplied/Storage and Handling",
    "34076-0": "Patient Counseling Information",
}

_SPACE = re.compile(r"\s+")
_NUMBERING = re.compile(r"^\s*\d+(\.\d+)*\s+")


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _text(el: etree._Element) -> str:
    return _clean("".join(el.itertext()))


def _local(el: etree._Element) -> str:
    tag = el.tag
    return tag.split("}", 1)[1] if isinstance(tag, str) and "}" in tag else str(tag)


def section_title(title: str, code: str | None) -> str:
    """Canonical name for known LOINC codes, else the title without its numbering."""
    if code and code in LOINC_SECTION_NAMES:
        return LOINC_SECTION_NAMES[code]
    return _NUMBERING.sub("", title).strip() or title


def _table_lines(table: etree._Element) -> list[str]:
    """One line per body row: 'Header: cell; ...'; the caption first when present."""
    lines: list[str] = []
    caption = table.find("v3:caption", NS)
    if caption is not None and _text(caption):
        lines.append(_text(caption))
    headers: list[str] = []
    head_rows = table.findall("v3:thead/v3:tr", NS)
    if head_rows:
        headers = [_text(c) for c in head_rows[-1] if _local(c) in ("th", "td")]
    body_rows = table.findall("v3:tbody/v3:tr", NS) or table.findall("v3:tr", NS)
    for row in body_rows:
        cells = [_text(c) for c in row if _local(c) in ("th", "td")]
        if not headers and row is body_rows[0] and any(_local(c) == "th" for c in row):
            headers = cells
            continue
        if not any(cells):
            continue
        if headers and len(headers) == len(cells):
            parts = [f"{h}: {v}" if h else v for h, v in zip(headers, cells, strict=True) if v]
        else:
            parts = [c for c in cells if c]
        lines.append("; ".join(parts))
    foot = table.find("v3:tfoot", NS)
    if foot is not None and _text(foot):
        lines.append(_text(foot))
    return lines


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


def _text_blocks(text_el: etree._Element, path: list[str], code: str | None) -> list[Block]:
    """Paragraphs, lists and tables of one section's <text>, in document order."""
    blocks: list[Block] = []
    loose: list[str] = []
    if text_el.text and text_el.text.strip():
        loose.append(_clean(text_el.text))
    for child in text_el:
        kind = _local(child)
        if kind == "table":
            lines = _table_lines(child)
            if lines:
                blocks.append(Block(text="\n".join(lines), section_path=path, section_code=code, kind="table"))
        elif kind == "list":
            lines = _list_lines(child)
            if lines:
                blocks.append(Block(text="\n".join(lines), section_path=path, section_code=code))
        else:
            text = _text(child)
            if text:
                blocks.append(Block(text=text, section_path=path, section_code=code))
        if child.tail and child.tail.strip():
            loose.append(_clean(child.tail))
    if loose:
        blocks.append(Block(text=" ".join(loose), section_path=path, section_code=code))
    return blocks


def _walk_section(section: etree._Element, parents: list[str], out: list[Block]) -> None:
    code_el = section.find("v3:code", NS)
    code = code_el.get("code") if code_el is not None else None
    if code == LISTING_DATA_ELEMENTS:
        return
    title_el = section.find("v3:title", NS)
    raw_title = _text(title_el) if title_el is not None else ""
    name = section_title(raw_title, code) if (raw_title or code) else ""
    path = [*parents, name] if name else list(parents)
    text_el = section.find("v3:text", NS)
    if text_el is not None:
        out.extend(_text_blocks(text_el, path, code))
    for comp in section.findall("v3:component/v3:section", NS):
        _walk_section(comp, path, out)


def _iso_date(value: str | None) -> str | None:
    if not value or not re.match(r"^\d{8}", value):
        return value or None
    return f"{value[0:4]}-{value[4:6]}-{value[6:8]}"


def _product_names(root: etree._Element) -> tuple[str | None, str | None]:
    brand_el = root.find(".//v3:manufacturedProduct/v3:manufacturedProduct/v3:name", NS)
    if brand_el is None:
        brand_el = root.find(".//v3:manufacturedProduct//v3:name", NS)
    generic_el = root.find(".//v3:asEntityWithGeneric/v3:genericMedicine/v3:name", NS)
    brand = _text(brand_el) if brand_el is not None else None
    generic = _text(generic_el).lower() if generic_el is not None else None
    return brand or None, generic or None


def parse_spl(path: Path) -> ParsedDocument:
    """Parse an SPL label; malformed XML raises ParseError with the line number."""
    try:
        tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise ParseError(path, f"malformed XML at line {exc.lineno}: {exc.msg}") from exc
    except OSError as exc:
        raise ParseError(path, f"cannot read file: {exc}") from exc
    root = tree.getroot()
    if root.tag != f"{_V3}document":
        raise ParseError(path, f"not an SPL document (root element {root.tag!r}, expected urn:hl7-org:v3 document)")
    body = root.find(".//v3:structuredBody", NS)
    if body is None:
        raise ParseError(path, "SPL document has no structuredBody")
    blocks: list[Block] = []
    for section in body.findall("v3:component/v3:section", NS):
        _walk_section(section, [], blocks)
    if not blocks:
        raise ParseError(path, "SPL document has no section text")
    title_el = root.find("v3:title", NS)
    time_el = root.find("v3:effectiveTime", NS)
    brand, generic = _product_names(root)
    meta = DocumentMeta(
        doc_id="",
        title=_text(title_el) if title_el is not None else "",
        doc_type="label",
        product=generic,
        brand=brand,
        effective_date=_iso_date(time_el.get("value") if time_el is not None else None),
    )
    return ParsedDocument(meta=meta, blocks=blocks)
