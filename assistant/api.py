"""The one Python API. The CLI, the Streamlit app, the quiz and the evaluation
suite all call this; none of them holds logic of its own.

An :class:`Assistant` owns the loaded parts (embedder, store, retriever,
guardrails) so a batch of questions loads models once. Module-level functions
use a shared default instance built from the environment's settings.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.config import Settings, get_settings
from assistant.embeddings import Embedder, get_embedder
from assistant.types import Answer, DocType, DocumentSummary, GuardrailResult, IngestReport, TextKind

if TYPE_CHECKING:
    from assistant.guardrails.engine import GuardrailEngine
    from assistant.ingest.store import Store
    from assistant.quiz.generate import QuizGenerator
    from assistant.quiz.models import Grade, Quiz, QuizItem, Topic
    from assistant.quiz.progress import ProgressStore
    from assistant.retrieval.retriever import HybridRetriever

ProgressCallback = Callable[[str, int, int], None]
"""Called as ``progress(label, done, total)`` during long work (ingest)."""


class Assistant:
    """Loaded assistant for one configuration; cheap to create, parts load on first use."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()

    @cached_property
    def embedder(self) -> Embedder:
        s = self.settings
        # llama-index is configured where it is used (the index writer): importing it costs
        # seconds, which every `assistant ask` would pay for nothing.
        return get_embedder(s.embed_model, s.embed_max_tokens, s.embed_batch_size)

    @cached_property
    def store(self) -> Store:
        from assistant.ingest.store import Store

        return Store(self.settings, self.embedder)

    @cached_property
    def retriever(self) -> HybridRetriever:
        from assistant.retrieval.retriever import HybridRetriever

        return HybridRetriever(self.store, self.settings)

    @cached_property
    def guardrails(self) -> GuardrailEngine:
        from assistant.guardrails.engine import GuardrailEngine

        return GuardrailEngine(self.settings, store=self.store)

    # --- documents -----------------------------------------------------------
    def ingest(self, paths: Sequence[str | Path], progress: ProgressCallback | None = None) -> IngestReport:
        """Ingest files or folders incrementally; see :func:`assistant.ingest.pipeline.ingest_paths`."""
        from assistant.ingest.pipeline import ingest_paths

        report = ingest_paths(self.store, [Path(p) for p in paths], progress=progress)
        self._invalidate_derived()
        return report

    def documents(self) -> list[DocumentSummary]:
        return self.store.documents()

    def remove(self, doc_id: str) -> bool:
        """Remove a document and all its chunks; False if it was not stored."""
        removed = self.store.remove(doc_id)
        self._invalidate_derived()
        return removed

    def _invalidate_derived(self) -> None:
        """Retriever, guardrails and quiz cache views of the store (BM25, label profiles, catalog)."""
        for name in ("retriever", "guardrails", "quiz_generator"):
            self.__dict__.pop(name, None)

    # --- questions -------------------------------------------------------------
    def ask(
        self,
        question: str,
        product: str | None = None,
        *,
        doc_types: Sequence[DocType] | None = None,
        therapeutic_areas: Sequence[str] | None = None,
        on_token: Callable[[str], None] | None = None,
    ) -> Answer:
        """Answer with citations, or say why not (insufficient evidence, blocked)."""
        from assistant.chain import answer_question

        return answer_question(
            self,
            question,
            product=product,
            doc_types=list(doc_types) if doc_types else None,
            therapeutic_areas=list(therapeutic_areas) if therapeutic_areas else None,
            on_token=on_token,
        )

    def guard(self, text: str, kind: TextKind = "question", product: str | None = None) -> GuardrailResult:
        return self.guardrails.check(text, kind=kind, product=product)

    def feedback(self, audit_id: str, rating: int, comment: str = "") -> None:
        """Store an MSL's thumbs up (+1) / down (-1) and comment with the answer's audit record."""
        from assistant.audit import AuditLog

        AuditLog(self.settings.audit_path).record_feedback(audit_id, rating, comment)

    # --- trainer quiz ------------------------------------------------------------
    @cached_property
    def quiz_generator(self) -> QuizGenerator:
        from assistant.quiz.generate import QuizGenerator

        return QuizGenerator(self.store, self.retriever.catalog)

    @cached_property
    def progress(self) -> ProgressStore:
        from assistant.quiz.progress import ProgressStore

        return ProgressStore(self.settings.quiz_db_path)

    def quiz(self, product: str, n: int = 5, seed: int = 0, topic: Topic = "all", free_text: int = 0) -> Quiz:
        """A deterministic quiz for a seed: ``n`` multiple-choice plus ``free_text`` free-text items."""
        return self.quiz_generator.make_quiz(product, n=n, seed=seed, topic=topic, free_text=free_text)

    def grade(self, item: QuizItem, response: int | str, trainee: str | None = None) -> Grade:
        """Grade a response; with a trainee name the attempt is stored for the trainer view."""
        from assistant.quiz.grade import grade

        result = grade(item, response)
        if trainee:
            self.progress.record(trainee, item, response, result)
        return result


_default: Assistant | None = None


def default_assistant() -> Assistant:
    """The shared instance for the current environment's settings."""
    global _default
    if _default is None or _default.settings != get_settings():
        _default = Assistant()
    return _default


def ingest(paths: Sequence[str | Path], progress: ProgressCallback | None = None) -> IngestReport:
    return default_assistant().ingest(paths, progress=progress)


def documents() -> list[DocumentSummary]:
    return default_assistant().documents()


def remove(doc_id: str) -> bool:
    return default_assistant().remove(doc_id)


def ask(question: str, product: str | None = None, **kwargs: object) -> Answer:
    return default_assistant().ask(question, product, **kwargs)  # type: ignore[arg-type]


def guard(text: str, kind: TextKind = "question", product: str | None = None) -> GuardrailResult:
    return default_assistant().guard(text, kind=kind, product=product)
