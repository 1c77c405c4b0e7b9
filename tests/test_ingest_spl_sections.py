"""Effective LOINC codes from section titles and structure, on small synthetic SPL documents:
old-format labels whose standard sections are unclassified, box-coded text nested in another
section, mis-coded subsections, summary sections, patient-facing restatements."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.ingest import label_meta
from assistant.ingest.spl import parse_spl
from assistant.ingest.spl_sections import effective_codes, resolve_code, title_code

UNCLASSIFIED = "42229-5"
BOX = "34066-1"


def _section(code: str | None, title: str, text: str = "", children: str = "") -> str:
    code_el = f'<code code="{code}" codeSystem="2.16.840.1.113883.6.1"/>' if code else ""
    title_el = f"<title>{title}</title>" if title else ""
    text_el = f"<text><paragraph>{text}</paragraph></text>" if text else ""
    return f"<component><section>{code_el}{title_el}{text_el}{children}</section></component>"


def _spl(tmp_path: Path, body: str, title: str = "EXAMPLO (examplin) tablets") -> Path:
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<document xmlns="urn:hl7-org:v3"><code code="34391-3"/>'
        f'<title>{title}</title><effectiveTime value="20200101"/>'
        f"<component><structuredBody>{body}</structuredBody></component></document>"
    )
    path = tmp_path / "label.xml"
    path.write_text(xml, encoding="utf-8")
    return path


def _codes(path: Path) -> dict[str, tuple[list[str], str | None]]:
    return {b.text: (b.section_codes, b.section_code) for b in parse_spl(path).blocks}


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("INDICATIONS AND USAGE", "34067-9"),
        ("Indications & Usage", "34067-9"),
        ("1. AUTHORIZED USE", "34067-9"),
        ("DOSAGE AND ADMINISTRATION", "34068-7"),
        ("PRECAUTIONS", "42232-9"),
        ("Usage in Pregnancy", "42228-7"),
        ("8.1 Pregnancy", "42228-7"),
        ("Nursing Mothers:", "34080-2"),
        ("Pediatric Use", "34081-0"),
        ("Information for Patients", "34076-0"),
        ("Laboratory Tests", "34075-2"),
        ("Carcinogenesis, Mutagenesis, Impairment of Fertility", "34083-6"),
        ("Drug/Laboratory Test Interactions", "34074-5"),
        ("Drug Interactions", "34073-7"),
        ("OVERDOSAGE", "34088-5"),
        ("HOW SUPPLIED", "34069-5"),
        ("14 CLINICAL STUDIES", "34092-7"),
        ("6. OVERALL SAFETY SUMMARY", "34084-4"),
        ("18. CLINICAL TRIAL RESULTS AND SUPPORTING DATA FOR EUA", "34092-7"),
        ("Animal Toxicology and/or Pharmacology", "34091-9"),
        ("WARNING: SERIOUS INFECTIONS", BOX),
    ],
)
def test_standard_titles_name_their_code(title: str, code: str) -> None:
    assert title_code(title) == code


def test_titles_that_are_not_standard_names_map_to_nothing() -> None:
    for title in ["Cardiovascular Effects", "Adults", "In Pediatric Patients", "General", "Schizophrenia", ""]:
        assert title_code(title) is None, title
    # Drug Facts sections are never inferred: a prescription label's "Purpose" must not make it OTC.
    assert title_code("Purpose") is None and title_code("Do not use") is None
    # Nested, a "WARNING:" heading is boxed text inside its section, not the label's boxed warning.
    assert title_code("WARNING: SERIOUS INFECTIONS", nested=True) is None


def test_resolve_code_keeps_meaningful_explicit_codes() -> None:
    assert resolve_code("34070-3", "Pregnancy", ["34070-3"]) == "42228-7"  # title contradicts: title wins
    assert resolve_code("42228-7", "Pregnancy", ["34070-3"]) == "42228-7"
    assert resolve_code("34069-5", "Storage and Handling", []) == "34069-5"  # same meaning group: kept
    assert resolve_code("71744-7", "Dear Health Care Provider", []) == "71744-7"  # unknown code, no title: kept
    assert resolve_code(BOX, "WARNINGS", []) == BOX  # the label's boxed warning is never re-coded by title
    assert effective_codes(["34071-1", UNCLASSIFIED], ["WARNINGS", "Usage in Pregnancy"]) == ["34071-1", "42228-7"]
    assert effective_codes(["34068-7", UNCLASSIFIED, None]) == ["34068-7", "34068-7", "34068-7"]


def test_old_format_label_gets_codes_from_titles(tmp_path: Path) -> None:
    body = (
        _section(UNCLASSIFIED, "INDICATIONS AND USAGE", "Examplin is indicated for the management of widget disorder.")
        + _section(
            UNCLASSIFIED,
            "PRECAUTIONS",
            "General precautions apply.",
            _section(UNCLASSIFIED, "Usage in Pregnancy", "Safety in pregnancy has not been established.")
            + _section(UNCLASSIFIED, "Pediatric Use", "Not for use in children under 3 years.")
            + _section(UNCLASSIFIED, "Hematologic", "Rare leukopenia was seen."),
        )
        + _section(None, "DOSAGE AND ADMINISTRATION", "Give 2 mg twice daily.")
        + _section(UNCLASSIFIED, "Rx only", "Rx only.")
    )
    codes = _codes(_spl(tmp_path, body))
    assert codes["Examplin is indicated for the management of widget disorder."] == (["34067-9"], "34067-9")
    assert codes["Safety in pregnancy has not been established."] == (["42232-9", "42228-7"], "42228-7")
    assert codes["Not for use in children under 3 years."] == (["42232-9", "34081-0"], "34081-0")
    # No meaning of its own: it records "unclassified" and inherits its parent's code in the path.
    assert codes["Rare leukopenia was seen."] == (["42232-9", "42232-9"], UNCLASSIFIED)
    assert codes["Give 2 mg twice daily."] == (["34068-7"], "34068-7")
    assert codes["Rx only."] == ([UNCLASSIFIED], UNCLASSIFIED)
    # A title-inferred section keeps its own words as its name (what the label says).
    doc = parse_spl(_spl(tmp_path, body))
    assert doc.blocks[0].section_path == ["INDICATIONS AND USAGE"]


def test_box_coded_text_nested_in_another_section_takes_the_parents_meaning(tmp_path: Path) -> None:
    body = _section(BOX, "", "WARNING: increased mortality in elderly patients.") + _section(
        "34068-7",
        "DOSAGE AND ADMINISTRATION",
        "Dose by severity.",
        _section(
            UNCLASSIFIED,
            "Adults",
            "",
            _section(BOX, "", "Moderate - 0.5 mg to 2 mg twice daily")
            + _section(UNCLASSIFIED, "", "", _section(BOX, "", "Severe - 3 mg to 5 mg twice daily")),
        ),
    )
    doc = parse_spl(_spl(tmp_path, body))
    by_text = {b.text: b for b in doc.blocks}
    top = by_text["WARNING: increased mortality in elderly patients."]
    assert (top.section_codes, top.section_code) == ([BOX], BOX)
    for text in ["Moderate - 0.5 mg to 2 mg twice daily", "Severe - 3 mg to 5 mg twice daily"]:
        block = by_text[text]
        assert block.section_codes == ["34068-7", "34068-7"] and block.section_code == UNCLASSIFIED, block
        assert block.section_path == ["Dosage and Administration", "Adults"]  # no "Boxed Warning" level
    assert [b.text for b in doc.blocks if BOX in {*b.section_codes, b.section_code}] == [top.text]


def test_box_inside_an_unclassified_wrapper_is_still_the_boxed_warning(tmp_path: Path) -> None:
    body = _section(UNCLASSIFIED, "", "", _section(BOX, "", "WARNING: risk of serious harm."))
    block = parse_spl(_spl(tmp_path, body)).blocks[0]
    assert block.section_code == BOX and BOX in block.section_codes


def test_summary_section_holding_several_standard_sections_is_not_inherited(tmp_path: Path) -> None:
    body = _section(
        UNCLASSIFIED,
        "AUTHORIZED USE",
        "Examplin is authorized for hospitalized patients.",
        _section(UNCLASSIFIED, "Contraindications", "Hypersensitivity.")
        + _section(UNCLASSIFIED, "Dosing", "5 mg/kg once.")
        + _section(UNCLASSIFIED, "Serious Adverse Events", "Report within 7 days."),
    )
    codes = _codes(_spl(tmp_path, body))
    assert codes["Examplin is authorized for hospitalized patients."] == (["34067-9"], "34067-9")
    assert codes["Hypersensitivity."][1] == "34070-3" and codes["5 mg/kg once."][1] == "34068-7"
    assert "34067-9" not in codes["Report within 7 days."][0]


def test_patient_facing_restatements_keep_the_parents_meaning(tmp_path: Path) -> None:
    body = _section(
        "34076-0",
        "17 PATIENT COUNSELING INFORMATION",
        "",
        _section(UNCLASSIFIED, "17.3 Pregnancy", "Tell your doctor if you are pregnant."),
    )
    codes = _codes(_spl(tmp_path, body))
    assert codes["Tell your doctor if you are pregnant."] == (["34076-0", "34076-0"], UNCLASSIFIED)


def test_title_lines_rejoin_a_parenthesised_generic_name() -> None:
    line = "EXAMPLO; (examplin); EXAMPLO XR; (examplin extended-release)"
    assert label_meta.label_title(line, "Prescribing Information") == (
        "EXAMPLO (examplin); EXAMPLO XR (examplin extended-release) — Prescribing Information"
    )


def test_an_indication_stated_only_in_its_subsection_title_becomes_its_text(tmp_path: Path) -> None:
    """Some labels state each indication only as a numbered subsection title ("1.1 Treatment of ...") with no
    paragraph, or with only a "Limitation of Use" under it; the title is then the indication's text."""
    body = _section(
        "34067-9",
        "1 INDICATIONS AND USAGE",
        "",
        _section(UNCLASSIFIED, "1.1 Treatment of Moderate Hot Flushes due to Menopause")
        + _section(UNCLASSIFIED, "1.2 Prevention of Bone Loss", "",
                   _section(UNCLASSIFIED, "Limitation of Use", "Consider other therapies first."))
        + _section(UNCLASSIFIED, "1.3 Treatment of Thinning Hair", "Examplo is indicated for thinning hair."),
    )  # fmt: skip
    blocks = parse_spl(_spl(tmp_path, body)).blocks
    by_path = {tuple(b.section_path): b.text for b in blocks}
    assert by_path[("Indications and Usage", "Treatment of Moderate Hot Flushes due to Menopause")] == (
        "Treatment of Moderate Hot Flushes due to Menopause"
    )
    assert by_path[("Indications and Usage", "Prevention of Bone Loss")] == "Prevention of Bone Loss"
    assert [b.text for b in blocks if b.section_path[-1] == "Treatment of Thinning Hair"] == [
        "Examplo is indicated for thinning hair."
    ]  # a subsection with text of its own gets no title block
