"""Retrieval quality on the bundled corpus: MSL questions with the passage that answers them.

Each question lists acceptable (doc_id, section substring) targets. Prints hit@1,
hit@3 and MRR@8 for the shipped retriever and for each part removed (ablation),
then the relevance-score distribution of answerable vs unanswerable questions,
which is what ``settings.min_evidence_score`` must separate.

    .venv/bin/python evals/bench/bench_corpus_retrieval.py [--state /tmp/msl-bench/corpus-state]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from _common import ROOT, mean, percentile, table

from assistant.config import Settings
from assistant.retrieval.retriever import HybridRetriever, RetrievalWeights, best_relevance
from assistant.types import ScoredChunk

ENT, ENT_PUB, ENT_DECK = "entresto-label-2024", "entresto-paradigm-hf-2014", "entresto-moa-deck-2024"
OZE, OZE_PUB, OZE_DECK = "ozempic-label-2025", "ozempic-sustain-6-2016", "ozempic-moa-deck-2025"
ENV, ENV_PUB, ENV_DECK = "entyvio-label-2024", "entyvio-gemini-1-2013", "entyvio-moa-deck-2024"
TAG, TAG_PUB, TAG_DECK = "osimertinib-label-2024", "osimertinib-adaura-nejm-2020", "osimertinib-msl-deck-2024"
SPN, SPN_PUB, SPN_DECK = "nusinersen-label-2024", "nusinersen-endear-nejm-2017", "nusinersen-msl-deck-2024"
MYF, MYF_PUB, MYF_DECK = (
    "relugolix-combination-label-2023",
    "relugolix-combination-liberty-nejm-2021",
    "relugolix-combination-msl-deck-2023",
)
DA, MOA = "dosage and administration", "mechanism of action"

QUESTIONS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "What is the recommended starting dose of Entresto in adults with heart failure?",
        [(ENT, DA), (ENT_DECK, "dosing")],
    ),
    ("Is Entresto contraindicated with ACE inhibitors?", [(ENT, "contraindications")]),
    ("How does sacubitril/valsartan work?", [(ENT, MOA), (ENT_DECK, "mechanism")]),
    ("What are the most common adverse reactions with Entresto?", [(ENT, "adverse reactions")]),
    ("Can Entresto be used during pregnancy?", [(ENT, "pregnancy"), (ENT, "boxed warning")]),
    ("What is the half-life of sacubitril?", [(ENT, "pharmacokinetics")]),
    ("Does Entresto interact with lithium?", [(ENT, "lithium")]),
    ("Is a dose adjustment of Entresto needed in severe renal impairment?", [(ENT, "renal impairment")]),
    ("How should Entresto tablets be stored?", [(ENT, "how supplied")]),
    ("What is the starting dose of Ozempic?", [(OZE, DA), (OZE_DECK, "dosing")]),
    ("Does Ozempic have a boxed warning about thyroid C-cell tumors?", [(OZE, "boxed warning")]),
    ("What are the contraindications of semaglutide?", [(OZE, "contraindications")]),
    ("What was the primary outcome result of SUSTAIN-6?", [(OZE_PUB, "results"), (OZE_DECK, "sustain-6")]),
    ("What is the half-life of semaglutide?", [(OZE, "pharmacokinetics"), (OZE_DECK, "mechanism")]),
    ("How does semaglutide work?", [(OZE, MOA), (OZE_DECK, "mechanism")]),
    ("What is the risk of pancreatitis with Ozempic?", [(OZE, "warnings and precautions")]),
    ("What is the dosing regimen of Entyvio for ulcerative colitis?", [(ENV, DA), (ENV_DECK, "dosing")]),
    ("What is the mechanism of action of vedolizumab?", [(ENV, MOA), (ENV_DECK, "mechanism")]),
    (
        "What did GEMINI 1 show for clinical remission at week 52?",
        [(ENV_PUB, ""), (ENV_DECK, "week 52"), (ENV, "gemini 1")],
    ),
    ("Is progressive multifocal leukoencephalopathy a risk with vedolizumab?", [(ENV, "warnings and precautions")]),
    ("What are the common adverse reactions of Entyvio?", [(ENV, "adverse reactions"), (ENV_DECK, "safety")]),
    ("What is the recommended dose of Tagrisso?", [(TAG, DA), (TAG_DECK, "dosing")]),
    ("What were the disease-free survival results in ADAURA?", [(TAG_PUB, ""), (TAG_DECK, "adaura")]),
    ("Should strong CYP3A4 inducers be avoided with osimertinib?", [(TAG, "drug interactions"), (TAG, DA)]),
    ("Does osimertinib prolong the QTc interval?", [(TAG, "warnings and precautions")]),
    ("How does osimertinib work?", [(TAG, MOA), (TAG_DECK, "mechanism")]),
    ("Which patients is Tagrisso indicated for?", [(TAG, "indications"), (TAG_DECK, "indications")]),
    ("What is the loading dose schedule of Spinraza?", [(SPN, DA), (SPN_DECK, "dosing")]),
    ("How does nusinersen work?", [(SPN, MOA), (SPN_DECK, "mechanism")]),
    ("What were the motor milestone results in ENDEAR?", [(SPN_PUB, ""), (SPN_DECK, "endear")]),
    (
        "Which laboratory tests are required before each Spinraza dose?",
        [(SPN, "laboratory"), (SPN, "warnings"), (SPN_DECK, "laboratory")],
    ),
    ("What is the half-life of nusinersen in cerebrospinal fluid?", [(SPN, "pharmacokinetics")]),
    ("What is the dose of Myfembree?", [(MYF, DA), (MYF_DECK, "dosing")]),
    ("What is the boxed warning of Myfembree?", [(MYF, "boxed warning"), (MYF_DECK, "boxed warning")]),
    ("What were the results of LIBERTY 1 and 2?", [(MYF_PUB, ""), (MYF_DECK, "liberty"), (MYF, "clinical studies")]),
    ("Is Myfembree contraindicated in women with osteoporosis?", [(MYF, "contraindications")]),
    ("Why is Myfembree use limited to 24 months?", [(MYF, DA), (MYF, "bone"), (MYF, "warnings")]),
    ("How does relugolix work?", [(MYF, MOA), (MYF_DECK, "mechanism")]),
    ("Can Myfembree be used while breastfeeding?", [(MYF, "lactation")]),
    ("What is the dose of Humira for rheumatoid arthritis?", [("humira-label-2024", DA)]),
    (
        "Does tofacitinib increase the risk of thrombosis?",
        [("tofacitinib-label-2024", "warning"), ("tofacitinib-label-2024", "boxed")],
    ),
    ("What did PARADIGM-HF show?", [(ENT_PUB, ""), (ENT_DECK, "paradigm-hf"), (ENT, "clinical studies")]),
    ("What did GEMINI 1 show?", [(ENV_PUB, ""), (ENV_DECK, "gemini 1"), (ENV, "gemini 1")]),
]

UNANSWERABLE = [
    "What is the capital of France?",
    "Who won the 2018 football world cup?",
    "What is the best recipe for lasagna?",
    "How do I reset my laptop password?",
    "Explain quantum entanglement in simple terms.",
    "What is the stock price of Novartis today?",
    "What is the recommended dose of metformin?",
    "What is the dose of Keytruda for melanoma?",
    "Does atorvastatin cause muscle pain?",
    "What is the mechanism of action of pembrolizumab?",
]


def first_hit(results: list[ScoredChunk], targets: list[tuple[str, str]]) -> int | None:
    for rank, scored in enumerate(results, start=1):
        section = (scored.chunk.section or "").lower()
        if any(scored.chunk.doc_id == doc and part in section for doc, part in targets):
            return rank
    return None


def quality(retriever: HybridRetriever, k: int) -> tuple[float, float, float, list[str]]:
    hits1, hits3, rr, misses = [], [], [], []
    for question, targets in QUESTIONS:
        rank = first_hit(retriever.retrieve(question, k=k), targets)
        hits1.append(float(rank == 1))
        hits3.append(float(rank is not None and rank <= 3))
        rr.append(1.0 / rank if rank else 0.0)
        if rank != 1:
            misses.append(f"{rank}: {question}")
    return mean(hits1), mean(hits3), mean(rr), misses


def golden(retriever: HybridRetriever, path: Path) -> None:
    """The evaluation suite's golden questions (held out: not used to tune): ranks and relevance."""
    import json

    from assistant.types import ChunkFilter

    rows = [json.loads(line) for line in path.open() if line.strip()]
    ranks: list[int | None] = []
    answered: list[float] = []
    refused: list[float] = []
    for row in rows:
        flt = ChunkFilter(products=[row["product"]]) if row.get("product") else None
        results = retriever.retrieve(row["question"], flt)
        targets = [(c["doc_id"], c["section"].lower()) for c in row.get("reference_contexts", []) if c.get("section")]
        if row["expected_status"] == "answered" and targets:
            ranks.append(first_hit(results, targets))
        (answered if row["expected_status"] == "answered" else refused).append(best_relevance(results))
    hit1 = mean(float(r == 1) for r in ranks)
    hit3 = mean(float(r is not None and r <= 3) for r in ranks)
    hit8 = mean(float(r is not None) for r in ranks)
    mrr = mean(1 / r if r else 0.0 for r in ranks)
    print(
        f"golden set ({len(ranks)} answerable with reference sections, product given): "
        f"hit@1 {hit1:.3f}  hit@3 {hit3:.3f}  hit@8 {hit8:.3f}  MRR@8 {mrr:.3f}"
    )
    print(
        f"golden relevance: answered min {min(answered):.3f} p10 {percentile(answered, 10):.3f}; "
        f"insufficient_evidence max {max(refused):.3f} median {percentile(refused, 50):.3f} (n={len(refused)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--state", type=Path, default=Path("/tmp/msl-bench/corpus-state"))
    args = parser.parse_args()
    from assistant.api import Assistant

    assistant = Assistant(Settings(data_dir=args.state))
    assistant.ingest([ROOT / "corpus"])
    store, settings = assistant.store, assistant.settings
    variants = {
        "shipped (dense+BM25 RRF, products, sections)": (settings, RetrievalWeights()),
        "- section boost": (settings, RetrievalWeights(section_boost=0.0)),
        "- BM25 query expansion": (settings, RetrievalWeights(expand_bm25_query=False)),
        "- section boost and expansion": (settings, RetrievalWeights(section_boost=0.0, expand_bm25_query=False)),
        "- product recognition": (settings, RetrievalWeights(recognize_products=False)),
        "- all three": (
            settings,
            RetrievalWeights(section_boost=0.0, expand_bm25_query=False, recognize_products=False),
        ),
        "dense only (+products, sections)": (settings, RetrievalWeights(bm25=0.0)),
        "BM25 only (+products, sections)": (settings, RetrievalWeights(dense=0.0)),
        "section boost 0.5": (settings, RetrievalWeights(section_boost=0.5)),
        "section boost 0.1": (settings, RetrievalWeights(section_boost=0.1)),
        "convex 0.5/0.5": (settings, RetrievalWeights(method="convex", dense=0.5, bm25=0.5)),
        "rrf_k=20": (settings.model_copy(update={"rrf_k": 20}), RetrievalWeights()),
    }
    rows: list[list[object]] = []
    shipped_misses: list[str] = []
    for name, (s, w) in variants.items():
        h1, h3, mrr, misses = quality(HybridRetriever(store, s, w), k=settings.top_k)
        rows.append([name, h1, h3, mrr])
        shipped_misses = shipped_misses or misses
    print(f"{len(QUESTIONS)} answerable questions over {store.count()} chunks")
    print(table(rows, ["configuration", "hit@1", "hit@3", "MRR@8"]))
    print("shipped misses (rank: question):", *shipped_misses, sep="\n  ")

    retriever = HybridRetriever(store, settings)
    good = [best_relevance(retriever.retrieve(q)) for q, _ in QUESTIONS]
    bad = [best_relevance(retriever.retrieve(q)) for q in UNANSWERABLE]
    print(
        f"best relevance, answerable:   min {min(good):.3f}  p10 {percentile(good, 10):.3f}  median "
        f"{percentile(good, 50):.3f}"
    )
    print(
        f"best relevance, unanswerable: max {max(bad):.3f}  p90 {percentile(bad, 90):.3f}  median "
        f"{percentile(bad, 50):.3f}"
    )
    for q, score in sorted(zip(UNANSWERABLE, bad, strict=True), key=lambda x: -x[1]):
        print(f"  {score:.3f}  {q}")
    golden_file = ROOT / "evals" / "golden" / "questions.jsonl"
    if golden_file.exists():
        golden(retriever, golden_file)
    threshold = settings.min_evidence_score
    for (q, _), score in sorted(zip(QUESTIONS, good, strict=True), key=lambda x: x[1])[:5]:
        print(f"  lowest answerable {score:.3f}  {q}")
    print(
        f"at min_evidence_score={threshold}: answerable kept {mean(float(g >= threshold) for g in good):.2f}, "
        f"unanswerable refused {mean(float(b < threshold) for b in bad):.2f}"
    )


if __name__ == "__main__":
    main()
