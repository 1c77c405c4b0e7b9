"""Real sample documents for the ingest tests, generated on the fly (fpdf2, python-pptx, SPL XML)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.ingest.store import Store

SPL_XML = """<?xml version="1.0" encoding="UTF-8"?>
<document xmlns="urn:hl7-org:v3">
  <title>ZYLOPRIN (zylofenib) tablets, for oral use</title>
  <effectiveTime value="20240315"/>
  <component><structuredBody>
    <component><section><code code="48780-1"/><title>SPL listing data elements</title>
      <text><paragraph>NDC 0000-0000 LISTINGONLYTOKEN</paragraph></text>
      <subject><manufacturedProduct><manufacturedProduct><name>Zyloprin</name>
        <asEntityWithGeneric><genericMedicine><name>Zylofenib Hydrochloride</name></genericMedicine>
        </asEntityWithGeneric>
      </manufacturedProduct></manufacturedProduct></subject>
    </section></component>
    <component><section><code code="34067-9"/><title>1 INDICATIONS AND USAGE</title>
      <text><paragraph>ZYLOPRIN is indicated for the treatment of adults with chronic plaque fatigue.</paragraph></text>
      <component><section><code code="99999-1"/><title>1.1 Limitations of Use</title>
        <text><paragraph>Not studied in children.</paragraph>
          <list><item>Do not combine with strong inhibitors.</item><item>Avoid in pregnancy.</item></list>
        </text>
      </section></component>
    </section></component>
    <component><section><code code="34068-7"/><title>2 DOSAGE AND ADMINISTRATION</title>
      <text><table><caption>Table 1: Recommended dosage</caption>
        <thead><tr><th>Population</th><th>Dose</th></tr></thead>
        <tbody><tr><td>Adults</td><td>2.5 mg once daily</td></tr>
          <tr><td>Elderly</td><td>1.25 mg once daily</td></tr></tbody>
      </table></text>
    </section></component>
    <component><section><code code="34084-4"/><title>6 ADVERSE REACTIONS</title>
      <text><paragraph>The most common adverse reactions (e.g. headache) occurred in 12% vs. 4%
        on placebo.</paragraph></text>
    </section></component>
  </structuredBody></component>
</document>
"""

PDF_PAGES = [
    ("Introduction", "Zylofenib is an oral inhibitor of the fatigue kinase. " * 6),
    ("2 Methods", "We randomised 412 adults (e.g. aged 18 to 75) to zylofenib vs. placebo for 24 weeks. " * 14),
    ("Results", "The primary endpoint improved by 2.5 points at week 24 (see Fig. 2). " * 8),
]


def write_spl(path: Path, text: str = SPL_XML) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def write_pdf(path: Path, pages: list[tuple[str, str]] = PDF_PAGES, password: str | None = None) -> Path:
    """A multi-page PDF, one heading + paragraph per page; optionally password-protected."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title("Zylofenib phase 3 trial")
    if password:
        pdf.set_encryption(owner_password=password + "-owner", user_password=password)
    for heading, body in pages:
        pdf.add_page()
        if heading:
            pdf.set_font("Helvetica", "B", 14)
            pdf.cell(0, 10, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=11)
        if body:
            pdf.multi_cell(0, 6, body)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


def write_pptx(path: Path) -> Path:
    """Three slides: bullets + notes, a table, and a slide with notes only in the notes pane."""
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    slide.shapes.title.text = "Mechanism of action"
    frame = slide.placeholders[1].text_frame
    frame.text = "Zylofenib blocks the fatigue kinase"
    para = frame.add_paragraph()
    para.text = "Selective over related kinases"
    para.level = 1
    slide.notes_slide.notes_text_frame.text = "Presenter says NOTESONLYTOKEN about an unapproved use."
    slide = deck.slides.add_slide(deck.slide_layouts[5])
    slide.shapes.title.text = "Efficacy results"
    table = slide.shapes.add_table(3, 2, Inches(1), Inches(2), Inches(6), Inches(2)).table
    for r, row in enumerate([["Endpoint", "Difference"], ["Fatigue score", "2.5"], ["Sleep quality", "1.1"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    slide.shapes.title.text = "Safety"
    slide.placeholders[1].text_frame.text = "Headache was the most common adverse reaction"
    path.parent.mkdir(parents=True, exist_ok=True)
    deck.save(str(path))
    return path


def write_corpus(root: Path) -> Path:
    """A small product folder with a manifest and one file of each format."""
    folder = root / "zylofenib"
    write_spl(folder / "label.xml")
    write_pdf(folder / "trial.pdf")
    write_pptx(folder / "deck.pptx")
    (folder / "faq.md").write_text("# FAQ\n\n## Storage\nStore at room temperature. Keep dry.\n")
    (folder / "manifest.yaml").write_text(
        "documents:\n"
        "  - file: label.xml\n    doc_id: zylo-label\n    therapeutic_area: fatigue\n"
        "  - file: deck.pptx\n    doc_id: zylo-deck\n    product: zylofenib\n    notes_approved: false\n"
        "  - file: trial.pdf\n    product: zylofenib\n    status: approved\n"
    )
    (folder / "README.md").write_text("not ingested\n")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n")
    (root / "_src").mkdir(parents=True, exist_ok=True)
    (root / "_src" / "source.md").write_text("# Source\nnot ingested\n")
    return root


def write_markdown_docs(folder: Path, count: int, version: str = "v1", paragraphs: int = 6) -> Path:
    """``count`` Markdown documents of a few chunks each (distinct wording, so chunk ids differ)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        sections = "".join(
            f"## Part {p}\nFact {i}.{p} {version}: the dose of drug {i} in setting {p} is {p + 1} mg daily. "
            f"Renal note {i}.{p} {version}: adjust in moderate impairment. " * 4 + "\n\n"
            for p in range(paragraphs)
        )
        (folder / f"doc{i:02d}.md").write_text(f"# Topic {i}\n\n{sections}")
    return folder


def assert_consistent(store: Store) -> set[str]:
    """Registry, Chroma and BM25 hold exactly the same chunk ids, no duplicates, nothing staged or dirty."""
    registry_ids = [c.chunk_id for c in store.all_chunks()]
    chroma_ids = store._collection.get(include=[])["ids"]
    bm25_ids = store._lexical().chunk_ids
    assert len(registry_ids) == len(set(registry_ids)) == store.count()
    assert sorted(chroma_ids) == sorted(registry_ids)
    assert sorted(bm25_ids) == sorted(registry_ids)
    assert not store.registry.staged() and not store.registry.dirty
    return set(registry_ids)
