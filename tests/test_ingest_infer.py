"""Metadata inference for documents that declare none: a prescribing-information PDF dropped in bare
is a label with its real title, brand and product; a paper is a publication titled by its heading;
inferred fields are listed (and shown by `assistant docs`), and a sidecar always wins."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.ingest.infer import classify, label_identity, meaningful_title
from assistant.ingest.label_meta import moiety_by_usage, strip_boilerplate
from assistant.ingest.manifest import ManifestResolver, resolve_meta
from assistant.ingest.readers import parse_file

pytest.importorskip("fpdf", reason="fpdf2 (dev extra) writes the test PDFs")

PI_PAGES = [
    [
        ("B", 9, "HIGHLIGHTS OF PRESCRIBING INFORMATION"),
        ("", 8, "These highlights do not include all the information needed to use ZORVELA safely and "
                "effectively. See full prescribing information for ZORVELA."),
        ("B", 8, "ZORVELA (zorvanib mesylate) tablets, for oral use"),
        ("", 8, "Initial U.S. Approval: 2019"),
        ("B", 8, "INDICATIONS AND USAGE"),
        ("", 8, "ZORVELA is a kinase inhibitor indicated for adults with widget disease. (1)"),
        ("", 8, "Revised: 03/2024"),
    ],
    [
        ("B", 9, "FULL PRESCRIBING INFORMATION"),
        ("B", 9, "1 INDICATIONS AND USAGE"),
        ("", 9, "ZORVELA is indicated for the treatment of adults with widget disease."),
        ("B", 9, "12.1 Mechanism of Action"),
        ("", 9, "Zorvanib inhibits widget kinase. Zorvanib binds the ATP pocket. Plasma zorvanib exposure "
                "rose with dose, and zorvanib was cleared by CYP3A."),
        ("B", 9, "11 DESCRIPTION"),
        ("", 9, "ZORVELA tablets contain zorvanib mesylate, a white powder."),
    ],
]  # fmt: skip

PAPER_PAGES = [
    [
        ("B", 18, "Zorvanib in advanced widget disease: a randomised trial"),
        ("", 10, "A. Author, B. Author"),
        ("B", 11, "Abstract"),
        ("", 10, "We tested zorvanib against placebo in 400 adults."),
        ("B", 11, "Methods"),
        ("", 10, "Patients were randomised 1:1."),
    ],
    [("B", 11, "Results"), ("", 10, "Response was 41% versus 12%."), ("B", 11, "References"), ("", 10, "1. Ref.")],
]


def write_pdf(path: Path, pages: list[list[tuple[str, int, str]]], meta_title: str) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title(meta_title)
    for lines in pages:
        pdf.add_page()
        for style, size, text in lines:
            pdf.set_font("Helvetica", style, size)
            pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def _resolved(path: Path):
    parsed = parse_file(path)
    entry = ManifestResolver(path.parent).entry_for(path)
    return resolve_meta(parsed.meta, entry, path, path.parent, "sha")


def test_bare_prescribing_information_pdf_is_a_label_with_inferred_identity(tmp_path: Path) -> None:
    meta = _resolved(write_pdf(tmp_path / "document.pdf", PI_PAGES, meta_title="1"))
    assert meta.doc_type == "label"
    assert meta.title == "ZORVELA (zorvanib mesylate) tablets, for oral use — Prescribing Information"
    assert (meta.brand, meta.product, meta.effective_date) == ("ZORVELA", "zorvanib", "2024-03")
    assert set(meta.inferred) == {"doc_type", "title", "brand", "product", "effective_date"}


def test_paper_pdf_is_a_publication_titled_by_its_largest_heading(tmp_path: Path) -> None:
    meta = _resolved(write_pdf(tmp_path / "trial_v3.pdf", PAPER_PAGES, meta_title="Microsoft Word - trial_v3.docx"))
    assert meta.doc_type == "publication"
    assert meta.title == "Zorvanib in advanced widget disease: a randomised trial"
    assert meta.inferred == ["doc_type", "title"]


def test_sidecar_wins_over_inference_and_is_not_listed_as_inferred(tmp_path: Path) -> None:
    pdf = write_pdf(tmp_path / "pi.pdf", PI_PAGES, meta_title="1")
    (tmp_path / "pi.pdf.meta.yaml").write_text("title: Owner's title\nproduct: zorvanib mesylate\nstatus: draft\n")
    meta = _resolved(pdf)
    assert (meta.title, meta.product, meta.status) == ("Owner's title", "zorvanib mesylate", "draft")
    assert meta.brand == "ZORVELA" and meta.doc_type == "label"
    assert set(meta.inferred) == {"doc_type", "brand", "effective_date"}


def test_docs_shows_which_fields_were_inferred(data_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    write_pdf(folder / "pi.pdf", PI_PAGES, meta_title="1")
    write_pdf(folder / "paper.pdf", PAPER_PAGES, meta_title="paper")
    (folder / "paper.pdf.meta.yaml").write_text("title: Confirmed title\ndoc_type: publication\n")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(folder), "--json"]).exit_code == 0
    listed = {d["doc_id"]: d for d in json.loads(runner.invoke(app, ["docs", "--json"]).stdout)["documents"]}
    assert set(listed["pi-pdf"]["inferred"]) >= {"doc_type", "title", "product", "brand"}
    assert listed["paper-pdf"]["inferred"] == []
    human = runner.invoke(app, ["docs"], env={"COLUMNS": "250"}).stdout
    assert "label*" in human and "zorvanib*" in human and "ZORVELA*" in human
    assert "Confirmed title*" not in human and "publication*" not in human
    assert "inferred from the file" in human


def test_text_helpers() -> None:
    assert (
        strip_boilerplate(
            "These highlights do not include all the information needed to use ACME safely and effectively. "
            "See full prescribing information for ACME. ACME® (acmezolam) tablets, for oral use "
            "Initial U.S. Approval: 2001"
        )
        == "ACME (acmezolam) tablets, for oral use"
    )
    text = "acmezolam hydrochloride tablets. acmezolam is cleared renally; acmezolam levels; acmezolam AUC."
    assert moiety_by_usage("acmezolam hydrochloride", text) == "acmezolam"
    # a two-word name the text always uses whole stays whole
    whole = "insulin widgetine"
    assert moiety_by_usage(whole, "insulin widgetine is given; insulin widgetine dose") == whole
    assert meaningful_title("1", Path("x.pdf")) is None and meaningful_title("report.docx", Path("x.pdf")) is None
    assert meaningful_title("A real title here", Path("x.pdf")) == "A real title here"
    assert classify("FULL PRESCRIBING INFORMATION 1 INDICATIONS", ".pdf") == "label"
    assert classify("Drug Facts Active ingredient (in each tablet)", ".txt") == "label"
    assert classify("Abstract ... Methods ... Results ... References", ".md") == "publication"
    assert classify("Meeting notes", ".md") == "other"


def test_label_without_a_proprietary_name_has_no_brand() -> None:
    head = (
        "HIGHLIGHTS OF PRESCRIBING INFORMATION These highlights do not include all the information needed to "
        "use ACMEZOLAM TABLETS safely and effectively. See full prescribing information for ACMEZOLAM TABLETS. "
        "ACMEZOLAM tablets, for oral use Initial U.S. Approval: 2001"
    )
    body = head + " acmezolam is absorbed; acmezolam AUC; acmezolam half-life;" * 3
    title, brand, product = label_identity(head, body)
    assert (title, brand, product) == ("ACMEZOLAM tablets, for oral use — Prescribing Information", None, "acmezolam")
