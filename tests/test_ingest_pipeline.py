"""Incremental ingest against a real Store: idempotency, replacement, prune, bad input, notes, filters."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from ingest_samples import assert_consistent, write_corpus, write_pdf

from assistant.config import Settings
from assistant.embeddings import get_embedder
from assistant.ingest.pipeline import ingest_paths
from assistant.ingest.store import Store
from assistant.ingest.vectors import chroma_where
from assistant.types import ChunkFilter


@pytest.fixture
def store(settings: Settings) -> Store:
    return Store(settings, get_embedder())


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus")


def test_ingest_is_idempotent(store: Store, corpus: Path) -> None:
    first = ingest_paths(store, [corpus])
    assert (first.added, first.failed, first.exit_code) == (4, [], 0)
    ids = assert_consistent(store)
    version = store.version
    second = ingest_paths(store, [corpus])
    assert (second.added, second.updated, second.unchanged, second.removed) == (0, 0, 4, 0)
    assert second.chunks == first.chunks == len(ids)
    assert store.version == version
    assert assert_consistent(store) == ids


def test_manifest_metadata_and_inference(store: Store, corpus: Path) -> None:
    ingest_paths(store, [corpus])
    docs = {d.meta.doc_id: d for d in store.documents()}
    assert set(docs) == {"zylo-label", "zylo-deck", "zylofenib-trial-pdf", "zylofenib-faq-md"}
    label = docs["zylo-label"].meta
    assert (label.doc_type, label.product, label.brand, label.therapeutic_area) == (
        "label", "zylofenib hydrochloride", "ZYLOPRIN", "fatigue"
    )  # fmt: skip
    assert label.effective_date == "2024-03-15" and len(label.sha256) == 64
    assert docs["zylo-deck"].meta.doc_type == "slide_deck"
    assert docs["zylofenib-faq-md"].meta.doc_type == "other"
    assert [d.meta.product or "" for d in store.documents()] == sorted(d.meta.product or "" for d in docs.values())


def test_unapproved_notes_are_stored_but_not_searchable(store: Store, corpus: Path) -> None:
    ingest_paths(store, [corpus])
    notes = [c for c in store.all_chunks() if c.kind == "notes"]
    assert notes and not any(c.answerable for c in notes)
    assert all("NOTESONLYTOKEN" not in h.chunk.text for h in store.bm25_search("NOTESONLYTOKEN", 20, None))
    dense = store.dense_search("presenter says NOTESONLYTOKEN unapproved use", 50, None)
    assert dense and all(h.chunk.kind != "notes" for h in dense)
    manifest = corpus / "zylofenib" / "manifest.yaml"
    manifest.write_text(manifest.read_text().replace("notes_approved: false", "notes_approved: true"))
    report = ingest_paths(store, [corpus])
    assert (report.updated, report.unchanged) == (1, 3)
    hits = store.bm25_search("NOTESONLYTOKEN", 5, None)
    assert hits and hits[0].chunk.kind == "notes" and hits[0].scores["bm25"] > 0
    assert_consistent(store)


def test_search_filters(store: Store, corpus: Path) -> None:
    ingest_paths(store, [corpus])
    only_label = ChunkFilter(doc_types=["label"])
    dense = store.dense_search("recommended dose", 10, only_label)
    assert dense and {h.chunk.doc_id for h in dense} == {"zylo-label"}
    assert all(-1.0 <= h.score <= 1.0 and h.scores == {"dense": h.score} for h in dense)
    assert store.bm25_search("dose", 10, ChunkFilter(products=["nothing"])) == []
    assert store.dense_search("dose", 10, ChunkFilter(statuses=["withdrawn"])) == []
    by_doc = store.bm25_search("randomised adults placebo", 10, ChunkFilter(doc_ids=["zylofenib-trial-pdf"]))
    assert by_doc and {h.chunk.doc_id for h in by_doc} == {"zylofenib-trial-pdf"}
    labels = store.all_chunks(only_label)  # read from the registry: the full-list cache is still cold
    assert len(labels) == next(d.chunks for d in store.documents() if d.meta.doc_type == "label")
    assert store.all_chunks(ChunkFilter(products=[])) == []
    assert labels == [c for c in store.all_chunks() if c.meta.doc_type == "label"] == store.all_chunks(only_label)
    assert list(store.iter_chunks(only_label)) == labels and list(store.iter_chunks()) == store.all_chunks()


def test_changed_file_replaces_its_chunks(store: Store, corpus: Path) -> None:
    ingest_paths(store, [corpus])
    before = {c.chunk_id for c in store.all_chunks() if c.doc_id == "zylofenib-faq-md"}
    (corpus / "zylofenib" / "faq.md").write_text("# FAQ\n\n## Dosing\nTake one tablet. With water.\n")
    report = ingest_paths(store, [corpus])
    assert (report.updated, report.unchanged) == (1, 3)
    after = [c for c in store.all_chunks() if c.doc_id == "zylofenib-faq-md"]
    assert not before & {c.chunk_id for c in after}
    assert [c.section for c in after] == ["FAQ > Dosing"]
    assert_consistent(store)
    assert store.bm25_search("room temperature", 5, None) == []


def test_prune_and_remove(store: Store, corpus: Path) -> None:
    ingest_paths(store, [corpus])
    (corpus / "zylofenib" / "faq.md").unlink()
    report = ingest_paths(store, [corpus])
    assert (report.removed, report.unchanged) == (1, 3)
    assert store.get_document("zylofenib-faq-md") is None
    assert_consistent(store)
    assert store.remove("zylo-deck") is True
    assert store.remove("zylo-deck") is False
    assert {d.meta.doc_id for d in store.documents()} == {"zylo-label", "zylofenib-trial-pdf"}
    assert_consistent(store)


def test_bad_inputs_fail_clearly_and_keep_prior_content(store: Store, corpus: Path) -> None:
    ingest_paths(store, [corpus])
    ids = assert_consistent(store)
    folder = corpus / "zylofenib"
    (folder / "label.xml").write_text((folder / "label.xml").read_text().replace("</title>", "", 1))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.4 garbage")
    write_pdf(folder / "locked.pdf", password="pw")
    manifest = folder / "manifest.yaml"
    manifest.write_text(manifest.read_text() + "  - file: faq.md\n    status: retired\n")
    report = ingest_paths(store, [corpus])
    errors = {Path(f.path).name: f.error for f in report.failed}
    assert set(errors) == {"label.xml", "empty.txt", "corrupt.pdf", "locked.pdf", "faq.md"}
    assert "line" in errors["label.xml"] and "empty" in errors["empty.txt"]
    assert "encrypted" in errors["locked.pdf"]
    assert errors["faq.md"] == (f"{manifest}: documents[3].status: must be one of approved, expired, withdrawn, draft")
    assert report.exit_code == 2 and report.removed == 0
    assert assert_consistent(store) == ids  # the label and the FAQ keep their previous chunks


def test_nothing_ingestible_exits_1(store: Store, tmp_path: Path) -> None:
    bad = tmp_path / "x.pdf"
    bad.write_bytes(b"nope")
    report = ingest_paths(store, [bad, tmp_path / "missing"])
    assert report.exit_code == 1 and len(report.failed) == 2
    assert any("no such file" in f.error for f in report.failed)


def test_moved_file_keeps_one_copy(store: Store, corpus: Path, tmp_path: Path) -> None:
    ingest_paths(store, [corpus])
    target = tmp_path / "elsewhere"
    shutil.move(str(corpus), str(target))
    report = ingest_paths(store, [target])
    assert report.failed == []
    counts = Counter(d.meta.doc_id for d in store.documents())
    assert all(n == 1 for n in counts.values())
    assert_consistent(store)


@pytest.mark.parametrize(
    "flt",
    [
        None,
        ChunkFilter(doc_types=["label"]),
        ChunkFilter(products=["zylofenib"], statuses=["approved"]),
        ChunkFilter(doc_ids=["zylo-deck"]),  # narrow, with unapproved speaker notes among its chunks
        ChunkFilter(statuses=["withdrawn"]),  # nothing passes
    ],
)
def test_dense_search_equals_chroma_filtered_ranking(store: Store, corpus: Path, flt: ChunkFilter | None) -> None:
    """Over-fetch + own filtering (broad filters) must rank exactly like Chroma's own ``where`` filtering."""
    ingest_paths(store, [corpus])
    query = "presenter says NOTESONLYTOKEN about dosing and fatigue"
    vector = store.embedder.embed_query(query)
    for k in (1, 3, 50):
        reference = store._collection.query(
            query_embeddings=[vector], n_results=k, where=chroma_where(flt, answerable_only=True), include=[]
        )["ids"][0]
        assert [h.chunk.chunk_id for h in store.dense_search(query, k, flt)] == reference
