"""Typed quiz items, quizzes and graded attempts, shared by the CLI, the app and the tests."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from assistant.types import Citation

Topic = Literal["moa", "dosing", "safety", "efficacy"]
ItemKind = Literal["multiple_choice", "free_text"]
TOPICS: tuple[Topic, ...] = ("moa", "dosing", "safety", "efficacy")


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
    explanation: str
    citations: list[Citation]

    def public(self) -> dict[str, object]:
        """The JSON shape of ``assistant quiz --json``."""
        data = self.model_dump(include={"id", "kind", "topic", "question", "choices", "answer", "explanation"})
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
