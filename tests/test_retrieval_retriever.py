"""HybridRetriever over a real Store: a small generated library ingested through the real pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assistant.api import Assistant
from assistant.config import Settings
from assistant.retrieval.retriever import HybridRetriever, RetrievalWeights, best_relevance
from assistant.types import ChunkFilter

ZORVANTA_LABEL = """\
# ZORVANTA (velactinib) tablets

## 1 INDICATIONS AND USAGE

ZORVANTA is a kinase inhibitor indicated for adults with metastatic chondrosarcoma harbouring an IDH1 mutation.

## 2 DOSAGE AND ADMINISTRATION

The recommended dosage of ZORVANTA is 150 mg orally once daily with or without food until disease
progression. Swallow tablets whole. If a dose is missed by more than 12 hours, skip it.

## 4 CONTRAINDICATIONS

ZORVANTA is contraindicated in patients with known hypersensitivity to velactinib.

## 6 ADVERSE REACTIONS

The most common adverse reactions (incidence at least 20%) were fatigue, nausea, diarrhoea and rash.

## 8 USE IN SPECIFIC POPULATIONS

### 8.1 Pregnancy

Based on animal data, ZORVANTA can cause fetal harm. Advise females of reproductive potential to use
effective contraception.

## 12 CLINICAL PHARMACOLOGY

### 12.3 Pharmacokinetics

The terminal elimination half-life of velactinib is 38 hours; steady state is reached by day 8.
"""

ZORVANTA_OLD = """\
# ZORVANTA (velactinib) tablets, 2019

## 2 DOSAGE AND ADMINISTRATION

The recommended dosage of ZORVANTA is 40 mg twice daily taken with a high-fat meal.
"""

ZORVANTA_WITHDRAWN = """\
# Velactinib retrospective case series

## Results

Velactinib at 40 mg twice daily produced hepatotoxicity in 3 of 12 patients in this withdrawn report.
"""

PELORIX_LABEL = """\
# PELORIX (dantacept and moxilimab) injection

## 2 DOSAGE AND ADMINISTRATION

Administer PELORIX 300 mg by subcutaneous injection every 4 weeks after two loading doses.

## 6 ADVERSE REACTIONS

Injection site reactions and upper respiratory tract infections were the most common adverse reactions.

## 12 CLINICAL PHARMACOLOGY

### 12.3 Pharmacokinetics

The half-life of moxilimab is approximately 21 days and that of dantacept 9 days.
"""

QUENTIVA_LABEL = """\
# QUENTIVA (lorbisiran) injection

## 2 DOSAGE AND ADMINISTRATION

QUENTIVA 284 mg is injected subcutaneously at day 1, month 3, and every 6 months thereafter.

## 6 ADVERSE REACTIONS

Adverse reactions were injection site reactions, arthralgia and bronchitis.
"""


def _entry(file: str, doc_id: str, title: str, product: str, brand: str, area: str, status: str, doc_type: str):
    return {
        "file": file,
        "doc_id": doc_id,
        "title": title,
        "doc_type": doc_type,
        "product": product,
        "brand": brand,
        "therapeutic_area": area,
        "status": status,
    }


def write_library(folder: Path) -> Path:
    folder.mkdir(parents=True)
    files = {
        "zorvanta.md": ZORVANTA_LABEL,
        "zorvanta-2019.md": ZORVANTA_OLD,
        "velactinib-series.md": ZORVANTA_WITHDRAWN,
        "pelorix.md": PELORIX_LABEL,
        "quentiva.md": QUENTIVA_LABEL,
    }
    for name, text in files.items():
        (folder / name).write_text(text)
    documents = [
        _entry(
            "zorvanta.md",
            "zor-label",
            "ZORVANTA (velactinib) tablets - Prescribing Information",
            "velactinib",
            "ZORVANTA",
            "oncology",
            "approved",
            "label",
        ),
        _entry(
            "zorvanta-2019.md",
            "zor-label-2019",
            "ZORVANTA (velactinib) tablets (superseded)",
            "velactinib",
            "ZORVANTA",
            "oncology",
            "expired",
            "label",
        ),
        _entry(
            "velactinib-series.md",
            "zor-series",
            "Velactinib case series",
            "velactinib",
            "ZORVANTA",
            "oncology",
            "withdrawn",
            "publication",
        ),
        _entry(
            "pelorix.md",
            "pel-label",
            "PELORIX (dantacept and moxilimab) injection",
            "dantacept/moxilimab",
            "PELORIX",
            "immunology",
            "approved",
            "label",
        ),
        _entry(
            "quentiva.md",
            "que-label",
            "QUENTIVA (lorbisiran) injection",
            "lorbisiran",
            "QUENTIVA",
            "cardiology",
            "approved",
            "label",
        ),
    ]
    (folder / "manifest.yaml").write_text(yaml.safe_dump({"documents": documents}))
    return folder


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root = tmp_path_factory.mktemp("retrieval-library")
    assistant = Assistant(Settings(data_dir=root / "state"))
    report = assistant.ingest([write_library(root / "docs")])
    assert not report.failed, report.failed
    return assistant


def _products(results) -> set[str | None]:
    return {r.chunk.meta.product for r in results}


def test_dosing_question_by_brand_reaches_dosage_section(library: Assistant) -> None:
    results = library.retriever.retrieve("What is the recommended dose of Zorvanta?")
    assert results, "nothing retrieved"
    assert "DOSAGE AND ADMINISTRATION" in (results[0].chunk.section or "")
    assert _products(results) == {"velactinib"}
    assert "150 mg" in results[0].chunk.text


def test_expired_and_withdrawn_never_returned_even_when_asked_for(library: Assistant) -> None:
    flt = ChunkFilter(statuses=["approved", "expired", "withdrawn", "draft"])
    results = library.retriever.retrieve("velactinib 40 mg twice daily with a high-fat meal", flt, k=20)
    assert results
    assert {r.chunk.meta.status for r in results} == {"approved"}
    assert not any("40 mg twice daily" in r.chunk.text for r in results)
    only_expired = ChunkFilter(statuses=["expired"])
    assert library.retriever.retrieve("velactinib dose", only_expired) == []


def test_explicit_product_filter_wins_over_names_in_question(library: Assistant) -> None:
    flt = ChunkFilter(products=["lorbisiran"])
    results = library.retriever.retrieve("What is the dose of Zorvanta?", flt, k=10)
    assert results
    assert _products(results) == {"lorbisiran"}


def test_two_named_products_restrict_to_both(library: Assistant) -> None:
    results = library.retriever.retrieve("Compare the adverse reactions of Zorvanta and lorbisiran", k=10)
    assert _products(results) == {"velactinib", "lorbisiran"}


def test_component_of_a_combination_finds_the_combination(library: Assistant) -> None:
    results = library.retriever.retrieve("What is the half-life of moxilimab?", k=3)
    assert _products(results) == {"dantacept/moxilimab"}
    assert "Pharmacokinetics" in (results[0].chunk.section or "")


def test_unnamed_product_searches_everything(library: Assistant) -> None:
    results = library.retriever.retrieve("Which drug is dosed every 6 months?", k=20)
    assert len(_products(results)) == 3
    assert results[0].chunk.meta.product == "lorbisiran"


def test_section_boost_lifts_the_section_the_question_asks_about(library: Assistant) -> None:
    question = "Can velactinib be given to pregnant women?"
    boosted = HybridRetriever(library.store, library.settings).retrieve(question, k=10)
    plain = HybridRetriever(library.store, library.settings, RetrievalWeights(section_boost=0.0)).retrieve(
        question, k=10
    )

    def rank(results) -> int:
        return next(i for i, r in enumerate(results) if "Pregnancy" in (r.chunk.section or ""))

    assert rank(boosted) == 0
    assert rank(boosted) <= rank(plain)
    assert boosted[0].scores["section"] == 1.0


def test_scores_are_relevances_that_separate_on_and_off_topic(library: Assistant) -> None:
    on_topic = library.retriever.retrieve("What is the half-life of velactinib?")
    off_topic = library.retriever.retrieve("Who won the football world cup in 1998?")
    for result in [*on_topic, *off_topic]:
        assert 0.0 <= result.score <= 1.0
        assert 0.0 <= result.scores["fused"] <= 1.0
    fused = [r.scores["fused"] for r in on_topic]
    assert fused == sorted(fused, reverse=True)
    threshold = library.settings.min_evidence_score
    assert best_relevance(on_topic) > threshold > best_relevance(off_topic)


def test_blank_query_returns_nothing(library: Assistant) -> None:
    assert library.retriever.retrieve("   ") == []


def test_catalog_follows_the_store(tmp_path: Path) -> None:
    docs = write_library(tmp_path / "docs")
    assistant = Assistant(Settings(data_dir=tmp_path / "state"))
    retriever = HybridRetriever(assistant.store, assistant.settings)
    assert retriever.catalog.recognize("Pelorix") == []
    assistant.ingest([docs / "pelorix.md"])
    assert retriever.catalog.recognize("Pelorix and Quentiva") == ["dantacept/moxilimab"]
    info = retriever.catalog.get("PELORIX")
    assert info is not None
    assert info.therapeutic_area == "immunology"


def test_a_dosing_subsection_titled_as_the_asked_indication_joins_the_hits() -> None:
    from assistant.retrieval.completeness import titled_subsections
    from assistant.retrieval.intents import detect_intents
    from assistant.types import Chunk, DocumentMeta

    meta = DocumentMeta(doc_id="d", title="DEMOZYME label", doc_type="label", product="demozumab")

    def chunk(ordinal: int, leaf: str) -> Chunk:
        section = f"Dosage and Administration > {leaf}"
        return Chunk(
            chunk_id=f"d:{ordinal}", doc_id="d", text="Give 5 mg daily.", ordinal=ordinal, section=section, meta=meta
        )

    chunks = [
        chunk(1, "Recommended Dosage in Psoriasis"),
        chunk(2, "Recommended Dosage in Crohn's Disease and Psoriasis"),
    ]
    question = "induction and maintenance dose in psoriasis"
    have: set[str] = set()
    found = titled_subsections(question, detect_intents(question), chunks, have)
    assert [c.chunk_id for c in found] == ["d:1"]  # the other title also names what was not asked
    assert have == {"d:1"}
    assert titled_subsections(question, detect_intents(question), chunks, have) == []  # already there
