"""Typed quiz items, quizzes and graded attempts, shared by the CLI, the app and the tests."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from assistant.errors import AssistantError
from assistant.types import Citation

Topic = Literal["all", "moa", "dosing", "safety", "efficacy"]
ItemKind = Literal["multiple_choice", "free_text"]
TOPICS: tuple[Topic, ...] = ("moa", "dosing", "safety", "efficacy")
"""The topics an item is about; a quiz may also mix them all (``"all"``)."""
QUIZ_TOPICS: tuple[Topic, ...] = ("all", *TOPICS)


class QuizSupportError(AssistantError):
    """The product's approved documents support fewer items than were asked for; the message says how many and why."""

    def __init__(self, product: str, requested: int, supported: int, reason: str) -> None:
        self.product = product
        self.requested = requested
        self.supported = supported
        self.reason = reason
        super().__init__(
            f"{product}: its approved documents support {supported} quiz item(s), not the {requested} asked for: "
            f"{reason}"
        )


class QuizItem(BaseModel):
    """One question; ``answer`` is the index of the right choice (None for free text)."""

    id: str
    kind: ItemKind = "multiple_choice"
    product: str
    topic: Topic
    question: str
    choices: list[str] = Field(default_factory=list)
    answer: int | None = None
    key_facts: list[str] = Field(default_factory=list, description="Free text: facts a good answer states.")
    fact: str | None = Field(default=None, description="What the item asks: route, interval, dose, entity, ...")
    explanation: str
    citations: list[Citation]

    def public(self) -> dict[str, object]:
        """The JSON shape of ``assistant quiz --json``."""
        data = self.model_dump(include={"id", "kind", "topic", "fact", "question", "choices", "answer", "explanation"})
        if self.kind == "free_text":
            data["key_facts"] = self.key_facts
        data["citations"] = [c.model_dump() for c in self.citations]
        return data


class Quiz(BaseModel):
    product: str
    topic: Topic
    seed: int
    questions: list[QuizItem]

    def public(self) -> dict[str, object]:
        return {
            "product": self.product,
            "topic": self.topic,
            "seed": self.seed,
            "questions": [q.public() for q in self.questions],
        }


class Grade(BaseModel):
    """The verdict on one response, with feedback that quotes the cited passage."""

    item_id: str
    correct: bool
    score: float = Field(ge=0.0, le=1.0)
    feedback: str
    missing_facts: list[str] = Field(default_factory=list)


class ScoreRow(BaseModel):
    """Aggregated attempts for a trainee, a product or a topic."""

    key: str
    attempts: int
    correct: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.attempts if self.attempts else 0.0
