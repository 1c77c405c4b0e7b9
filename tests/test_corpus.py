"""The bundled demo corpus: built files match their sources, manifests cover every
file, every document carries the demo disclaimer, labels have the sections the
guardrails and retrieval rely on, and the whole corpus ingests cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from lxml import etree
from scripts import load_script

from assistant.types import DOC_STATUSES, DOC_TYPES

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
V3 = {"v": "urn:hl7-org:v3"}
INGESTIBLE = {".xml", ".pdf", ".pptx", ".md", ".txt"}
LABEL_SECTIONS = {
    "34067-9": "indications and usage",
    "34068-7": "dosage and administration",
    "43678-2": "dosage forms and strengths",
    "34070-3": "contraindications",
    "43685-7": "warnings and precautions",
    "34084-4": "adverse reactions",
    "34073-7": "drug interactions",
    "43684-0": "use in specific populations",
    "43679-0": "mechanism of action",
    "43682-4": "pharmacokinetics",
    "34092-7": "clinical studies",
}


build = load_script("corpus_build", CORPUS / "build.py")


def _product_dirs() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))


def _manifest_entries() -> list[tuple[Path, dict]]:
    entries = []
    for folder in _product_dirs():
        manifest = folder / "manifest.yaml"
        if manifest.exists():
            for entry in yaml.safe_load(manifest.read_text(encoding="utf-8"))["documents"]:
                entries.append((folder, entry))
    return entries


def _ingestible_files() -> list[Path]:
    return sorted(
        path
        for folder in _product_dirs()
        for path in folder.rglob("*")
        if path.is_file()
        and path.suffix.lower() in INGESTIBLE
        and not path.name.upper().startswith("README")
        and not any(part.startswith(("_", ".")) for part in path.relative_to(folder).parts)
    )


def _norm(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- build.py behaviour
def test_committed_built_files_match_their_sources() -> None:
    problems = build.check()
    assert not problems, "rebuild with `python corpus/build.py`:\n" + "\n".join(problems)


def test_check_reports_a_source_edit_and_a_missing_output(tmp_path: Path) -> None:
    src = tmp_path / "_src" / "demo"
    src.mkdir(parents=True)
    (src / "pub.md").write_text("# Trial\n\nFirst page.\n\n<!-- pagebreak -->\n\n## Two\n\nSecond page.\n")
    (src / "deck.yaml").write_text("title: T\noutput: t.pptx\nslides:\n  - title: S\n    bullets: [a]\n    notes: n\n")
    out = tmp_path / "out"
    build.build(out_root=out, src_root=tmp_path / "_src")
    assert build.check(corpus=out, src_root=tmp_path / "_src") == []

    (src / "pub.md").write_text("# Trial\n\nFirst page.\n\n<!-- pagebreak -->\n\n## Two\n\nEdited.\n")
    (out / "demo" / "t.pptx").unlink()
    problems = build.check(corpus=out, src_root=tmp_path / "_src")
    assert any(p.startswith("demo/pub.pdf: drifted (page/slide 2") for p in problems), problems
    assert any(p.startswith("demo/t.pptx: missing") for p in problems), problems


def test_pdf_pages_tables_and_latin1_mapping(tmp_path: Path) -> None:
    source = tmp_path / "x.md"
    source.write_text(
        "# Title \u2013 \u226565 years\n\nBody with \u201cquotes\u201d.\n\n"
        "| A | HR (95% CI) |\n|---|---|\n| x | 0.80 (0.73\u20130.87) |\n\n<!-- pagebreak -->\n\nPage two.\n",
        encoding="utf-8",
    )
    target = tmp_path / "x.pdf"
    build.build_pdf(source, target)
    pages = build.pdf_text(target)
    assert len(pages) == 2
    assert build.DEMO_LINE in pages[0] and "Page 1 of 2" in pages[0]
    assert "0.80 (0.73-0.87)" in pages[0] and ">=65 years" in pages[0]
    assert "Page two." in pages[1] and "Page 2 of 2" in pages[1]


def test_unmappable_character_and_bad_deck_name_the_file(tmp_path: Path) -> None:
    source = tmp_path / "bad.md"
    source.write_text("# T\n\n\u4e2d\n", encoding="utf-8")
    with pytest.raises(build.BuildError, match=r"bad\.md.*U\+4E2D"):
        build.build_pdf(source, tmp_path / "bad.pdf")
    deck = tmp_path / "deck.yaml"
    deck.write_text("title: T\nslides:\n  - title: S\n    table: {columns: [a, b], rows: [[1]]}\n")
    with pytest.raises(build.BuildError, match=r"deck\.yaml: slide 2 table row"):
        build.build_pptx(deck, tmp_path / "deck.pptx")


def test_deck_has_title_demo_line_tables_and_notes(tmp_path: Path) -> None:
    deck = tmp_path / "d.yaml"
    deck.write_text(
        "title: Deck\nsubtitle: Sub\nslides:\n"
        "  - title: Data\n    table: {columns: [Arm, Rate], rows: [[A, 10%], [B, 5%]]}\n    notes: Speaker text\n"
    )
    build.build_pptx(deck, tmp_path / "d.pptx")
    slides = build.pptx_text(tmp_path / "d.pptx")
    assert len(slides) == 2
    assert build.DEMO_LINE in slides[0]
    assert "Arm Rate A 10% B 5%" in slides[1] and "NOTES: Speaker text" in slides[1]


# --------------------------------------------------------------------------- manifests and files
def test_every_manifest_entry_exists_and_is_valid() -> None:
    entries = _manifest_entries()
    assert entries
    doc_ids = [entry["doc_id"] for _, entry in entries]
    assert len(doc_ids) == len(set(doc_ids)), "duplicate doc_id"
    for folder, entry in entries:
        where = f"{folder.name}/{entry.get('file')}"
        assert (folder / entry["file"]).is_file(), f"{where}: listed but missing"
        assert entry["doc_type"] in DOC_TYPES, where
        assert entry["status"] in DOC_STATUSES, where
        assert entry["product"] == entry["product"].lower(), where
        for key in ("title", "brand", "therapeutic_area", "approval_code", "effective_date"):
            assert entry.get(key), f"{where}: {key} missing"


def test_every_ingestible_file_is_in_a_manifest_or_has_a_sidecar() -> None:
    listed = {(folder / entry["file"]).resolve() for folder, entry in _manifest_entries()}
    unlisted = [
        str(path.relative_to(CORPUS))
        for path in _ingestible_files()
        if path.resolve() not in listed and not Path(f"{path}.meta.yaml").exists()
    ]
    assert not unlisted, f"files without governance metadata: {unlisted}"


def _first_unit_text(path: Path) -> str:
    if path.suffix == ".xml":
        return _norm(" ".join(etree.parse(str(path)).getroot().itertext()))
    if path.suffix in (".pdf", ".pptx"):
        return build.extract_text(path)[0]
    return _norm(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", _ingestible_files(), ids=lambda p: str(p.relative_to(CORPUS)))
def test_every_document_carries_the_demo_line(path: Path) -> None:
    assert build.DEMO_LINE in _first_unit_text(path)


# --------------------------------------------------------------------------- labels
def _labels() -> list[tuple[Path, dict]]:
    return [(f, e) for f, e in _manifest_entries() if e["doc_type"] == "label"]


@pytest.mark.parametrize("folder,entry", _labels(), ids=lambda v: v["doc_id"] if isinstance(v, dict) else "")
def test_label_structure_and_metadata_agree(folder: Path, entry: dict) -> None:
    root = etree.parse(str(folder / entry["file"])).getroot()
    assert root.find("v:code", V3).get("code") == "34391-3"
    effective = root.find("v:effectiveTime", V3).get("value")
    assert effective == entry["effective_date"].replace("-", ""), "manifest date differs from SPL"
    sections = root.findall(".//v:section", V3)
    first = sections[0]
    assert first.findtext("v:title", namespaces=V3) == "Demo notice"
    codes = {s.find("v:code", V3).get("code") for s in sections}
    if entry["status"] == "approved":
        missing = {name for code, name in LABEL_SECTIONS.items() if code not in codes}
        assert not missing, f"{entry['doc_id']}: missing sections {missing}"
    names = root.findall(".//v:manufacturedProduct/v:manufacturedProduct/v:name", V3)
    assert names and all(n.text == entry["brand"] for n in names)
    generic = root.findtext(".//v:genericMedicine/v:name", namespaces=V3)
    assert generic and all(part in generic.lower() for part in entry["product"].split("/"))


def test_each_expired_label_is_superseded_by_a_newer_approved_one() -> None:
    labels = [e for _, e in _labels()]
    expired = [e for e in labels if e["status"] == "expired"]
    assert expired, "the corpus needs at least one superseded label for governance tests"
    for old in expired:
        newer = [
            e
            for e in labels
            if e["product"] == old["product"]
            and e["status"] == "approved"
            and e["effective_date"] > old["effective_date"]
        ]
        assert newer, f"{old['doc_id']} has no newer approved label"


# --------------------------------------------------------------------------- ingest
@pytest.mark.slow
def test_bundled_corpus_ingests_with_full_coverage(corpus_assistant) -> None:
    docs = corpus_assistant.documents()
    products = {d.meta.product for d in docs}
    assert len(products) >= 8, products
    assert {d.meta.doc_type for d in docs} >= {"label", "publication", "slide_deck"}
    assert len({d.meta.status for d in docs}) >= 2
    assert all(d.chunks > 0 for d in docs)
    listed = {entry["doc_id"] for _, entry in _manifest_entries()}
    assert listed <= {d.meta.doc_id for d in docs}
