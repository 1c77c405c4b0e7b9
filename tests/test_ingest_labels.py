"""Real SPL labels as DailyMed publishes them (../shared/data/real_labels) and the corpus labels:
titles without Highlights boilerplate, product as active moieties, brand, LOINC section paths,
Highlights and tables of contents not indexed."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS, SHARED

from assistant.ingest.chunking import chunk_blocks
from assistant.ingest.spl import parse_spl
from assistant.ingest.spl_sections import LOINC_SECTION_NAMES, effective_codes, section_name
from assistant.types import DocumentMeta

REAL = SHARED / "data" / "real_labels"
PLR = REAL / "viagra-sildenafil-2017.xml"
OTC = REAL / "otc-cough-drug-facts.xml"
needs_real = pytest.mark.skipif(not PLR.is_file() or not OTC.is_file(), reason=f"real labels absent: {REAL}")


def _codes_by_section(path: Path) -> dict[str, list[str]]:
    return {" > ".join(b.section_path): b.section_codes for b in parse_spl(path).blocks}


@needs_real
def test_plr_label_title_product_brand() -> None:
    meta = parse_spl(PLR).meta
    assert meta.title == "VIAGRA (sildenafil citrate) tablets, for oral use — Prescribing Information"
    assert "highlights" not in meta.title.lower() and "approval" not in meta.title.lower()
    assert (meta.product, meta.brand, meta.doc_type) == ("sildenafil", "VIAGRA", "label")
    assert meta.effective_date == "2017-11-07"


@needs_real
def test_otc_label_title_combination_product_brand() -> None:
    meta = parse_spl(OTC).meta
    assert meta.title == "TRIAMINIC Childrens Night Time Cold and Cough syrup — Drug Facts"  # form, as DailyMed
    assert meta.product == "diphenhydramine/phenylephrine"  # moieties, label order, no "HCl"
    assert meta.brand == "TRIAMINIC"


@needs_real
def test_plr_highlights_are_not_indexed_next_to_the_full_text() -> None:
    doc = parse_spl(PLR)
    texts = [b.text for b in doc.blocks]
    # The Highlights bullet for dosing ends with its pointer "(2.1)"; the full section says it in full.
    assert not any("may increase to a maximum of 100 mg or decrease to 25 mg" in t for t in texts)
    assert any("increased to a maximum recommended dose of 100 mg or decreased to 25 mg" in t for t in texts)
    assert not any("phosphodiesterase-5 (PDE5) inhibitor indicated for the treatment of erectile" in t for t in texts)
    # Recent Major Changes exists only in Highlights: kept once, under its own code.
    changes = [b for b in doc.blocks if b.section_codes == ["43683-2"]]
    assert len(changes) == 1 and "5.3" in changes[0].text
    assert all(len([t for t in texts if t == text]) == 1 for text in texts if len(text) > 80)


@needs_real
def test_plr_section_paths_carry_loinc_codes_outer_to_inner() -> None:
    codes = _codes_by_section(PLR)
    assert codes["Dosage and Administration > Dosage Information"] == ["34068-7", "34068-7"]
    assert codes["Clinical Pharmacology > Mechanism of Action"] == ["34090-1", "43679-0"]
    assert codes["Use in Specific Populations > Pregnancy"] == ["43684-0", "42228-7"]
    assert codes["Use in Specific Populations > Geriatric Use"] == ["43684-0", "34082-8"]
    assert codes["How Supplied/Storage and Handling > Storage and Handling"] == ["34069-5", "44425-7"]
    standard = {
        "34067-9", "34068-7", "43678-2", "34070-3", "43685-7", "34084-4", "34073-7", "43684-0", "34088-5",
        "34089-3", "34090-1", "43679-0", "43681-6", "43682-4", "34092-7", "34069-5", "34076-0",
    }  # fmt: skip
    found = {c for path_codes in codes.values() for c in path_codes}
    assert standard <= found
    assert "42229-5" not in {c for k, v in codes.items() if k for c in v}


@needs_real
def test_otc_sections_have_drug_facts_codes_and_keep_their_lead_in_headings() -> None:
    doc = parse_spl(OTC)
    codes = {" > ".join(b.section_path): b.section_codes for b in doc.blocks}
    assert codes["Active Ingredient"] == ["55106-9"] and codes["Purpose"] == ["55105-1"]
    ask = next(k for k, v in codes.items() if v == ["34071-1", "50569-3"])
    assert ask.startswith("Warnings > Ask a doctor before use")
    assert {"50570-1", "50566-9", "50565-1", "34068-7", "51727-6", "53413-1"} <= {c for v in codes.values() for c in v}


@needs_real
def test_chunks_keep_the_code_path(tmp_path: Path) -> None:
    doc = parse_spl(PLR)
    meta = DocumentMeta(doc_id="plr", title=doc.meta.title)
    chunks = chunk_blocks(meta, doc.blocks, lambda s: len(s.split()), 200, 0)
    moa = [c for c in chunks if c.section == "Clinical Pharmacology > Mechanism of Action"]
    assert moa and all(c.section_codes == ["34090-1", "43679-0"] for c in moa)
    restored = type(moa[0]).model_validate_json(moa[0].model_dump_json())
    assert restored.section_codes == moa[0].section_codes


def test_table_of_contents_and_highlights_sections_are_not_content(tmp_path: Path) -> None:
    """Labels that write Highlights or a contents list as ordinary sections (no excerpt markup)."""
    path = tmp_path / "label.xml"
    links = "".join(f'<paragraph><linkHtml href="#S{i}">{i} SECTION {i}</linkHtml></paragraph>' for i in range(1, 9))
    path.write_text(
        '<?xml version="1.0"?><document xmlns="urn:hl7-org:v3"><title>ACME (acmezolam) tablets</title>'
        "<component><structuredBody>"
        '<component><section><code code="42229-5"/><title>HIGHLIGHTS OF PRESCRIBING INFORMATION</title>'
        "<text><paragraph>ACME is indicated for HIGHLIGHTONLY use (1)</paragraph></text></section></component>"
        '<component><section><code code="42229-5"/><title>FULL PRESCRIBING INFORMATION: CONTENTS*</title>'
        f"<text>{links}</text></section></component>"
        f'<component><section><code code="42229-5"/><title>Index</title><text>{links}</text></section></component>'
        '<component><section><code code="34067-9"/><title>1 INDICATIONS AND USAGE</title>'
        "<text><paragraph>ACME is indicated for the treatment of widget disorder.</paragraph></text>"
        "</section></component></structuredBody></component></document>",
        encoding="utf-8",
    )
    doc = parse_spl(path)
    assert [b.text for b in doc.blocks] == ["ACME is indicated for the treatment of widget disorder."]
    assert doc.blocks[0].section_codes == ["34067-9"]


@pytest.mark.parametrize("label", sorted(CORPUS.glob("*/label*.xml")), ids=lambda p: p.parent.name + "/" + p.name)
def test_corpus_labels_identity_and_codes(label: Path) -> None:
    doc = parse_spl(label)
    meta = doc.meta
    assert meta.brand and meta.brand.isupper() and meta.brand.lower() in meta.title.lower()
    assert meta.product and meta.product == meta.product.lower()
    assert "Prescribing Information" in meta.title
    boxed = [b for b in doc.blocks if b.section_codes[:1] == ["34066-1"]]
    indications = [b for b in doc.blocks if b.section_codes[:1] == ["34067-9"]]
    assert indications and all(b.section_path[0] == "Indications and Usage" for b in indications)
    if boxed:  # the boxed warning's own headline is content ("WARNING: ...")
        assert boxed[0].text.upper().startswith("WARNING")
    assert all(len(b.section_codes) == len(b.section_path) for b in doc.blocks)


def test_section_vocabulary() -> None:
    assert section_name("43679-0") == "Mechanism of Action"
    assert section_name("34066-1") == "Boxed Warning" and section_name("50565-1") == "Keep Out of Reach of Children"
    assert section_name("42229-5") is None and section_name("00000-0") is None
    assert effective_codes(["34068-7", "42229-5", None]) == ["34068-7", "34068-7", "34068-7"]
    assert effective_codes(["42229-5", "34066-1"]) == ["42229-5", "34066-1"]
    assert all(len(code.split("-")) == 2 for code in LOINC_SECTION_NAMES)
