"""Where the evaluation suite reads its inputs and writes its reports.

Everything lives under ``evals/`` of the project checkout; the shared benchmark
data (``../shared``) is optional and only read when present.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def project_root() -> Path:
    """The checkout holding ``evals/``: the package's parent when installed editable, else the cwd."""
    candidate = Path(__file__).resolve().parents[2]
    return candidate if (candidate / "evals").is_dir() else Path.cwd()


def shared_root() -> Path:
    """``../shared`` beside the checkout (``ASSISTANT_SHARED_DIR`` overrides)."""
    override = os.environ.get("ASSISTANT_SHARED_DIR")
    return Path(override) if override else project_root().parent / "shared"


@dataclass(frozen=True)
class EvalPaths:
    """All files the suite touches, derived from one ``evals/`` folder."""

    evals_dir: Path

    @classmethod
    def default(cls) -> EvalPaths:
        """``evals/`` of the checkout; ``ASSISTANT_EVALS_DIR`` points elsewhere (tests, a CI artifact)."""
        override = os.environ.get("ASSISTANT_EVALS_DIR")
        return cls(Path(override) if override else project_root() / "evals")

    @property
    def golden(self) -> Path:
        return self.evals_dir / "golden" / "questions.jsonl"

    @property
    def own_guardrail_cases(self) -> Path:
        return self.evals_dir / "golden" / "guardrail_cases.jsonl"

    @property
    def thresholds(self) -> Path:
        return self.evals_dir / "thresholds.json"

    @property
    def baseline(self) -> Path:
        return self.evals_dir / "baseline.json"

    @property
    def reports_dir(self) -> Path:
        return self.evals_dir / "reports"

    def guardrail_case_files(self) -> list[Path]:
        """Shared dev cases, then the guardrails engineer's, then ours (later ids win on merge)."""
        return [
            shared_root() / "guardrails" / "dev_cases.jsonl",
            self.evals_dir / "guardrails" / "cases.jsonl",
            self.own_guardrail_cases,
        ]

    @staticmethod
    def pubmedqa_dir() -> Path:
        return shared_root() / "data" / "pubmedqa"
