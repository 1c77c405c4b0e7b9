"""Trainee progress in SQLite (``quiz.sqlite`` in ASSISTANT_DATA_DIR).

One row per graded attempt keeps the record auditable and lets the trainer
view aggregate any way it likes: per trainee, per product, weakest topics.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from assistant.quiz.models import Grade, QuizItem, ScoreRow

_SCHEMA = """
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    trainee TEXT NOT NULL,
    product TEXT NOT NULL,
    topic TEXT NOT NULL,
    item_id TEXT NOT NULL,
    answer TEXT NOT NULL,
    correct INTEGER NOT NULL,
    score REAL NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS attempts_trainee ON attempts (trainee);
"""
COLUMNS = ("trainee", "product", "topic", "item_id", "answer", "correct", "score", "at")


class ProgressStore:
    """Append-only attempt log with the aggregates a trainer needs."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.executescript(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10)
        try:
            yield db
            db.commit()
        finally:
            db.close()

    def record(self, trainee: str, item: QuizItem, answer: int | str, result: Grade) -> None:
        """Store one graded attempt; the trainee's name is required (who is being trained)."""
        name = trainee.strip()
        if not name:
            raise ValueError("trainee: a name is required to record progress")
        row = (
            name,
            item.product,
            item.topic,
            item.id,
            str(answer),
            int(result.correct),
            result.score,
            datetime.now(UTC).isoformat(timespec="seconds"),
        )
        with self._connect() as db:
            db.execute(f"INSERT INTO attempts ({', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row)

    def _scores(self, column: str, where: str = "", params: tuple[str, ...] = ()) -> list[ScoreRow]:
        assert column in ("trainee", "product", "topic")
        sql = f"SELECT {column}, COUNT(*), SUM(correct) FROM attempts {where} GROUP BY {column} ORDER BY {column}"
        with self._connect() as db:
            return [ScoreRow(key=k, attempts=n, correct=c or 0) for k, n, c in db.execute(sql, params)]

    def by_trainee(self) -> list[ScoreRow]:
        return self._scores("trainee")

    def by_product(self, trainee: str | None = None) -> list[ScoreRow]:
        return self._scores("product", "WHERE trainee = ?", (trainee,)) if trainee else self._scores("product")

    def weakest_topics(self, trainee: str | None = None) -> list[ScoreRow]:
        """Topics ordered from lowest to highest accuracy (ties: more attempts first)."""
        rows = self._scores("topic", "WHERE trainee = ?", (trainee,)) if trainee else self._scores("topic")
        return sorted(rows, key=lambda r: (r.accuracy, -r.attempts))

    def export_csv(self) -> str:
        """Every attempt as CSV text, oldest first."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        with self._connect() as db:
            writer.writerows(db.execute(f"SELECT {', '.join(COLUMNS)} FROM attempts ORDER BY id"))
        return out.getvalue()
