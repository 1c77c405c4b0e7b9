"""The answer chain: a cited answer from approved documents, or a clear reason why not.

    guard question → recognise product → retrieve → evidence check → compose
    (→ generate → verify) → guard answer → audit

The chain never answers without citations. When the documents do not support
an answer (a product the library does not hold, a question outside the
documents, weak retrieval, no sentence that addresses the question) it says so
and points to a Medical Information request instead of guessing. The
extractive answer is computed even on the generative path: it decides whether
there is evidence at all, and it is the fallback when the endpoint fails or the
verifier rejects everything the model wrote.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from assistant.audit import AuditLog
from assistant.config import Settings
from assistant.embeddings import Embedder
from assistant.guardrails.engine import GuardrailEngine
from assistant.guardrails.injection import neutralise_passage
from assistant.retrieval.answer_gaps import coverage_gap, off_label_gap
from assistant.retrieval.citations import citation_from_chunk, renumber
from assistant.retrieval.compose import ComposedAnswer, compose_answer
from assistant.retrieval.premises import false_premise, unknown_drug_names
from assistant.retrieval.retriever import HybridRetriever
from assistant.retrieval.scope import (
    COMPARISON_RE,
    count_gap,
    out_of_scope,
)
from assistant.retrieval.table_groups import with_table_groups
from assistant.retrieval.text import word_count
from assistant.types import Answer, AnswerStatus, Chunk, ChunkFilter, DocType, GuardrailResult, ScoredChunk


class Assistant(Protocol):
    """The loaded parts the chain needs; :class:`assistant.api.Assistant` provides them."""

    settings: Settings

    @property
    def embedder(self) -> Embedder: ...

    @property
    def retriever(self) -> HybridRetriever: ...

    @property
    def guardrails(self) -> GuardrailEngine: ...


TokenCallback = Callable[[str], None]

MEDICAL_INFORMATION = (
    "I will not guess: please submit a Medical Information request so the Medical Information "
    "team can provide a documented response."
)
_SEVERITY = {"allow": 0, "allow_with_notice": 1, "block": 2}


@dataclass
class _Run:
    """What one question accumulates on its way through the chain."""

    question: str
    safe_question: str
    guard: GuardrailResult
    products: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    started: float = field(default_factory=time.perf_counter)

    def timed(self, name: str, since: float) -> float:
        now = time.perf_counter()
        self.timings[name] = round(self.timings.get(name, 0.0) + (now - since) * 1000, 2)
        return now

    @property
    def product(self) -> str | None:
        return self.products[0] if len(self.products) == 1 else None


def merge_guardrails(first: GuardrailResult, second: GuardrailResult) -> GuardrailResult:
    """Question and answer verdicts as one: the most severe decision, all findings and notices."""
    decision = max(first.decision, second.decision, key=lambda d: _SEVERITY[d])
    notices = list(dict.fromkeys([*first.notices, *second.notices]))
    return GuardrailResult(
        decision=decision,
        findings=[*first.findings, *second.findings],
        notices=notices,
        redacted_text=first.redacted_text,
    )


def insufficient_message(reason: str) -> str:
    return (
        "The approved documents available to me do not contain enough evidence to answer this "
        f"question: {reason}. {MEDICAL_INFORMATION}"
    )


def unlisted_use_message(reason: str) -> str:
    """An MSL tool does not answer an unapproved use from passages about approved ones: it says the label
    does not address the use and routes the request to Medical Information."""
    return (
        f"The approved documents do not address this use: {reason}; the passages found are about its "
        "approved uses. Requests for information on an unapproved use are handled by Medical Information: "
        "please submit a Medical Information request so the team can provide a documented response."
    )


def blocked_message(result: GuardrailResult, stage: str) -> str:
    messages = [f.message.rstrip(". ") for f in result.findings if f.decision == "block"]
    reasons = "; ".join(dict.fromkeys(messages)) or "a policy rule applies"
    if stage == "question":
        return f"This question cannot be answered by the assistant: {reasons}."
    return f"The drafted answer was withheld by the compliance guardrails: {reasons}. {MEDICAL_INFORMATION}"


def answer_question(
    assistant: Assistant,
    question: str,
    *,
    product: str | None = None,
    doc_types: Sequence[DocType] | None = None,
    therapeutic_areas: Sequence[str] | None = None,
    on_token: TokenCallback | None = None,
) -> Answer:
    """Answer ``question`` from the approved documents, with a citation on every sentence.

    ``on_token`` receives the model's tokens as they stream on the generative
    path (the verified answer may then differ: show the returned ``Answer``), and
    the final text once on every other path.
    """
    answer = _answer(assistant, question, product, doc_types, therapeutic_areas, on_token)
    answer.audit_id = AuditLog(assistant.settings.audit_path).record_answer(answer)
    if on_token is not None and answer.mode == "extractive":
        on_token(answer.answer)
    return answer


def _answer(
    assistant: Assistant,
    question: str,
    product: str | None,
    doc_types: Sequence[DocType] | None,
    therapeutic_areas: Sequence[str] | None,
    on_token: TokenCallback | None,
) -> Answer:
    started = time.perf_counter()
    catalog = assistant.retriever.catalog
    info = catalog.get(product) if product else None
    products = [info.product] if info else ([] if product else catalog.recognize(question))
    start = time.perf_counter()
    guard = assistant.guardrails.check(question, kind="question", product=products[0] if products else product)
    run = _Run(question, guard.redacted_text or question, guard, products, started=started)
    start = run.timed("guard", start)
    if guard.decision == "block":
        return _finish(run, "blocked", blocked_message(guard, "question"))
    if product and info is None:
        return _finish(
            run, "insufficient_evidence", insufficient_message(f"{product!r} is not in the document library")
        )
    reason = _unanswerable_kind(run.safe_question, products, lambda word: bool(catalog.recognize(word)))
    if reason:
        return _finish(run, "insufficient_evidence", insufficient_message(reason))

    flt = ChunkFilter(
        products=products or None,
        doc_types=list(doc_types) if doc_types else None,
        therapeutic_areas=list(therapeutic_areas) if therapeutic_areas else None,
        statuses=list(assistant.settings.allowed_statuses),  # type: ignore[arg-type]
    )
    retriever = assistant.retriever
    hits = retriever.retrieve(run.safe_question, flt, assistant.settings.top_k)
    intents = retriever.intents(run.safe_question)
    hits = retriever.with_section(run.safe_question, hits, intents)
    hits = retriever.section_terms.human_evidence(catalog.mask(run.safe_question), hits)
    chunks_of = _document_chunks(retriever.store)
    hits = with_table_groups(hits, chunks_of)
    start = run.timed("retrieve", start)
    reason = _evidence_gap(hits, products, assistant.settings.min_evidence_score) or false_premise(
        run.safe_question, hits, products, retriever.term_statistics, catalog.mask(run.safe_question)
    )
    if reason:
        return _finish(run, "insufficient_evidence", insufficient_message(reason))
    composed = compose_answer(
        run.safe_question,
        hits,
        max_words=assistant.settings.answer_max_words,
        products=products or None,
        intents=intents,
        chunks_of=chunks_of,
    )
    start = run.timed("compose", start)
    if composed is None:
        return _finish(run, "insufficient_evidence", insufficient_message("no passage addresses what was asked"))
    reason = off_label_gap(run.safe_question, run.guard, composed, intents)
    if reason:
        return _finish(run, "insufficient_evidence", unlisted_use_message(reason))
    reason = count_gap(run.safe_question, composed.text) or coverage_gap(
        catalog.mask(run.safe_question),
        hits,
        composed,
        retriever.term_statistics.idf,
        intents,
        retriever.trials.names,
        retriever.term_statistics.seen,
        _word_likeness(assistant.embedder),
    )
    if reason:
        return _finish(run, "insufficient_evidence", insufficient_message(reason))
    if assistant.settings.use_llm:
        return _generative(assistant, run, hits, composed, on_token)
    return _guarded(assistant, run, composed.text, composed, mode="extractive")


SYNONYM_SIMILARITY = 0.65
"""Cosine of two single words' MiniLM embeddings from which one says the other ("day"/"daily" 0.72,
"split"/"divided" 0.67; "left"/"right" 0.40, "ventricular"/"atrial" 0.43)."""


def _document_chunks(store: Any) -> Callable[[str], list[Chunk]]:
    """A document's passages, read from the store once per document for one question (table groups and
    the trial a section names before a retrieved passage both read them)."""
    read: dict[str, list[Chunk]] = {}

    def chunks_of(doc_id: str) -> list[Chunk]:
        if doc_id not in read:
            read[doc_id] = store.all_chunks(ChunkFilter(doc_ids=[doc_id]))
        return read[doc_id]

    return chunks_of


def _word_likeness(embedder: Embedder) -> Callable[[str, list[str]], bool]:
    """Whether any of ``words`` says ``word`` in other words, by the packaged embedder (only asked for the
    everyday words an answer leaves uncovered, so it costs nothing on most answers)."""

    def similar(word: str, words: list[str]) -> bool:
        if not words:
            return False
        vectors = np.asarray(embedder.embed([word, *words]), dtype=np.float32)
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
        return bool((vectors[1:] @ vectors[0]).max() >= SYNONYM_SIMILARITY)

    return similar


def _unanswerable_kind(question: str, products: list[str], known: Callable[[str], bool]) -> str | None:
    """Why no document could answer this kind of question (pricing, usage data, unknown drugs), or None."""
    reason = out_of_scope(question)
    if reason:
        return reason
    unknown = unknown_drug_names(question, known)
    if unknown and (not products or COMPARISON_RE.search(question)):
        return f"the library holds no documents on {', '.join(unknown)}"
    return None


def _evidence_gap(hits: list[ScoredChunk], products: list[str], min_score: float) -> str | None:
    """Why the retrieved passages cannot support an answer, or None when they can."""
    if not hits:
        return "no approved passage matches"
    if products and not any((h.chunk.meta.product or "") in products for h in hits):
        return f"no approved passage on {', '.join(products)}"
    best = max(h.score for h in hits)
    in_section = any(h.scores.get("section", 0.0) >= 1.0 and h.chunk.meta.doc_type == "label" for h in hits)
    if best < min_score and not (products and in_section):
        # "How does it work?" with the product chosen shares no word with any passage; the
        # label section that answers its kind is the evidence then.
        return f"the closest passage is too distant from the question (relevance {best:.2f} < {min_score:.2f})"
    return None


def _generative(
    assistant: Assistant,
    run: _Run,
    hits: list[ScoredChunk],
    composed: ComposedAnswer,
    on_token: TokenCallback | None,
) -> Answer:
    """Generate, verify every sentence, and fall back to the extractive answer when nothing survives."""
    from assistant.retrieval.generate import GenerationError, declined, generate
    from assistant.retrieval.verify import verify_answer

    settings = assistant.settings
    chunks = [h.chunk for h in hits if h.chunk.answerable]
    start = time.perf_counter()
    try:
        generation = generate(settings, run.safe_question, chunks, neutralise=neutralise_passage, on_token=on_token)
    except GenerationError as exc:
        run.timed("generate", start)
        run.guard.notices.append(
            f"The language model was unavailable ({exc}); showing sentences quoted from the sources."
        )
        return _guarded(assistant, run, composed.text, composed, mode="extractive")
    start = run.timed("generate", start)
    passages = {n: chunk.text for n, chunk in enumerate(chunks, start=1)}
    verification = verify_answer("" if declined(generation.text) else generation.text, passages, assistant.embedder)
    run.timed("verify", start)
    dropped = [f"{d.text} — {d.reason}" for d in verification.dropped]
    if not verification.kept:
        run.guard.notices.append(
            "The generated answer could not be verified against the sources; "
            "showing sentences quoted from them instead."
        )
        return _guarded(assistant, run, composed.text, composed, mode="extractive", dropped=dropped)
    kept_text = _within_budget([s.text for s in verification.kept], settings.answer_max_words)
    numbered = {n: citation_from_chunk(n, chunk) for n, chunk in enumerate(chunks, start=1)}
    text, citations = renumber(kept_text, numbered)
    return _guarded(
        assistant,
        run,
        text,
        None,
        mode="generative",
        model=generation.model,
        dropped=dropped,
        citations=citations,
    )


def _within_budget(sentences: list[str], max_words: int) -> str:
    kept: list[str] = []
    for sentence in sentences:
        if kept and word_count(" ".join([*kept, sentence])) > max_words:
            break
        kept.append(sentence)
    return " ".join(kept)


def _guarded(
    assistant: Assistant,
    run: _Run,
    text: str,
    composed: ComposedAnswer | None,
    *,
    mode: str,
    model: str | None = None,
    dropped: list[str] | None = None,
    citations: list | None = None,
) -> Answer:
    """Run the answer guardrail; a block withholds the answer, otherwise return it with its citations."""
    start = time.perf_counter()
    cited = citations if citations is not None else (composed.citations if composed else [])
    sources = [c.quote for c in cited]
    verdict = assistant.guardrails.check(text, kind="answer", product=run.product, sources=sources)
    run.timed("guard", start)
    run.guard = merge_guardrails(run.guard, verdict)
    if verdict.decision == "block":
        return _finish(run, "blocked", blocked_message(verdict, "answer"), mode=mode, dropped=dropped)
    return _finish(
        run,
        "answered",
        verdict.redacted_text or text,
        mode=mode,
        model=model,
        dropped=dropped,
        citations=cited,
    )


def _finish(
    run: _Run,
    status: AnswerStatus,
    text: str,
    *,
    mode: str = "extractive",
    model: str | None = None,
    dropped: list[str] | None = None,
    citations: list | None = None,
) -> Answer:
    run.timings["total"] = round((time.perf_counter() - run.started) * 1000, 2)
    return Answer(
        question=run.question,
        status=status,
        answer=text,
        citations=citations or [],
        guardrail=run.guard,
        mode=mode,  # type: ignore[arg-type]
        model=model,
        product=run.product,
        timings_ms=run.timings,
        dropped_sentences=dropped or [],
    )
