"""The golden set: questions an MSL really asks, with what a correct answer cites.

Each line of ``evals/golden/questions.jsonl`` is one :class:`GoldenQuestion`.
Reference contexts carry both *where* the evidence is (doc_id, section, page or
slide) and the evidence *text*, because ragas' non-LLM context metrics compare
retrieved passages with reference text, not with locations.

Guardrail cases come from three files merged by id (the shared development set,
the guardrails engineer's cases, and our own), so the release gate scores the
rail layer on everything anyone has written down.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from assistant.errors import AssistantError
from assistant.types import Decision, Rule, TextKind

Category = Literal[
    "dosing",
    "mechanism",
    "safety",
    "efficacy",
    "special_populations",
    "interactions",
    "off_label",
    "unanswerable",
]
CATEGORIES: tuple[Category, ...] = get_args(Category)
ExpectedStatus = Literal["answered", "insufficient_evidence"]


class GoldenSetError(AssistantError):
    """A golden-set or guardrail-case file cannot be read; the message names file, line and field."""


class ReferenceContext(BaseModel):
    """Where the evidence for a golden answer lives, and the evidence text itself."""

    model_config = ConfigDict(extra="forbid")

    doc_id: str
    section: str | None = None
    page: int | None = None
    slide: int | None = None
    text: str = Field(min_length=20, description="Snippet copied from the source document.")


class GoldenQuestion(BaseModel):
    """One evaluation question with its reference answer and expected behaviour."""

    model_config = ConfigDict(extra="forbid")

    id: str
    question: str = Field(min_length=5)
    product: str
    category: Category
    reference_answer: str
    reference_contexts: list[ReferenceContext] = Field(default_factory=list)
    expected_status: ExpectedStatus = "answered"
    expected_guardrail: Decision | None = Field(
        default=None, description="Decision the rail layer should take on the question (off-label ones)."
    )
    expected_rule: Rule | None = None

    @model_validator(mode="after")
    def _answerable_needs_context(self) -> GoldenQuestion:
        if self.expected_status == "answered" and not self.reference_contexts:
            raise ValueError("an answerable question needs at least one reference context")
        return self

    @property
    def answerable(self) -> bool:
        return self.expected_status == "answered"


class GuardrailCase(BaseModel):
    """One labelled text for the rail layer (the shape of ``dev_cases.jsonl``)."""

    model_config = ConfigDict(extra="ignore")

    id: str
    kind: TextKind = "question"
    product: str | None = None
    text: str
    expected: Decision
    rule: Rule | None = None


def read_jsonl(path: Path) -> Iterable[tuple[int, dict[str, Any]]]:
    """(line number, object) for each non-blank line; a broken line is an error naming it."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise GoldenSetError(f"{path}: cannot read ({exc.strerror})") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldenSetError(f"{path}:{number}: invalid JSON ({exc.msg})") from exc
        if not isinstance(data, dict):
            raise GoldenSetError(f"{path}:{number}: expected a JSON object")
        yield number, data


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    field = ".".join(str(p) for p in err["loc"]) or "record"
    return f"field {field!r}: {err['msg']}"


def load_golden(path: Path, limit: int | None = None) -> list[GoldenQuestion]:
    """Questions of a golden-set file, validated; ids must be unique."""
    questions: list[GoldenQuestion] = []
    seen: set[str] = set()
    for number, data in read_jsonl(path):
        try:
            question = GoldenQuestion.model_validate(data)
        except ValidationError as exc:
            raise GoldenSetError(f"{path}:{number}: {_first_error(exc)}") from exc
        if question.id in seen:
            raise GoldenSetError(f"{path}:{number}: duplicate id {question.id!r}")
        seen.add(question.id)
        questions.append(question)
    if not questions:
        raise GoldenSetError(f"{path}: no questions")
    return questions[:limit] if limit else questions


def load_guardrail_cases(paths: Iterable[Path]) -> list[GuardrailCase]:
    """Cases of every existing file, merged by id (a later file's case with the same id wins)."""
    merged: dict[str, GuardrailCase] = {}
    for path in paths:
        if not path.exists():
            continue
        for number, data in read_jsonl(path):
            try:
                case = GuardrailCase.model_validate(data)
            except ValidationError as exc:
                raise GoldenSetError(f"{path}:{number}: {_first_error(exc)}") from exc
            merged[case.id] = case
    return list(merged.values())
