"""Release gate: thresholds, the stored baseline and the run history.

``evals/thresholds.json`` says what a release must reach::

    {"min": {"context_recall": 0.8, ...},            # higher is better
     "max": {"guardrail_false_positive_rate": 0.05}, # lower is better
     "llm": {"min": {"faithfulness": 0.8}}}          # only when LLM metrics were measured

A threshold on a metric the run did not measure is a failure ("not measured"),
so a renamed or broken metric cannot pass the gate silently.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.errors import AssistantError

Metrics = Mapping[str, float | None]
Bound = Literal["min", "max"]


class GateConfigError(AssistantError):
    """A thresholds or baseline file is unreadable or malformed; the message names it."""


class Bounds(BaseModel):
    model_config = ConfigDict(extra="forbid")

    min: dict[str, float] = Field(default_factory=dict)
    max: dict[str, float] = Field(default_factory=dict)


class Thresholds(Bounds):
    """Offline bounds plus bounds that apply only when LLM-judged metrics were computed."""

    llm: Bounds = Field(default_factory=Bounds)

    def active(self, with_llm: bool) -> list[tuple[Bound, str, float]]:
        """(kind, metric, bound) triples this run is judged on."""
        sections = [self, self.llm] if with_llm else [self]
        out: list[tuple[Bound, str, float]] = []
        for section in sections:
            out += [("min", k, v) for k, v in section.min.items()]
            out += [("max", k, v) for k, v in section.max.items()]
        return out


@dataclass(frozen=True)
class GateFailure:
    """One metric that missed its bound, in words a release manager can act on."""

    metric: str
    value: float | None
    bound: float
    kind: Bound

    @property
    def message(self) -> str:
        if self.value is None:
            return f"{self.metric}: not measured (threshold {self.kind} {self.bound:g})"
        relation = "below minimum" if self.kind == "min" else "above maximum"
        return f"{self.metric} = {self.value:.4g} {relation} {self.bound:g}"

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "message": self.message}


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise GateConfigError(f"{path}: file not found") from exc
    except json.JSONDecodeError as exc:
        raise GateConfigError(f"{path}: invalid JSON at line {exc.lineno} ({exc.msg})") from exc


def load_thresholds(path: Path) -> Thresholds:
    try:
        return Thresholds.model_validate(_read_json(path))
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"])
        raise GateConfigError(f"{path}: field {field!r}: {err['msg']}") from exc


def _is_missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def check_gate(metrics: Metrics, thresholds: Thresholds, with_llm: bool = False) -> list[GateFailure]:
    """Every bound the metrics miss; empty means the release may go."""
    failures: list[GateFailure] = []
    for kind, metric, bound in thresholds.active(with_llm):
        value = metrics.get(metric)
        if _is_missing(value):
            failures.append(GateFailure(metric, None, bound, kind))
        elif (kind == "min" and value < bound) or (kind == "max" and value > bound):  # type: ignore[operator]
            failures.append(GateFailure(metric, value, bound, kind))
    return failures


# --- baseline ---------------------------------------------------------------------


def load_baseline(path: Path) -> dict[str, Any] | None:
    """The stored baseline run summary, or None when there is none yet."""
    if not path.exists():
        return None
    data = _read_json(path)
    if not isinstance(data, dict) or not isinstance(data.get("metrics"), dict):
        raise GateConfigError(f"{path}: expected an object with a 'metrics' object")
    return data


def save_baseline(path: Path, summary: Mapping[str, Any]) -> None:
    """Store a run summary as the new baseline (written whole, then renamed: never half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(path)


def deltas(metrics: Metrics, baseline: Mapping[str, Any] | None) -> dict[str, dict[str, float | None]]:
    """Per metric: current value, baseline value and their difference (None where either is missing)."""
    base: Mapping[str, Any] = (baseline or {}).get("metrics", {})
    out: dict[str, dict[str, float | None]] = {}
    for name in sorted(set(metrics) | set(base)):
        now, then = metrics.get(name), base.get(name)
        diff = None if _is_missing(now) or _is_missing(then) else now - then  # type: ignore[operator]
        out[name] = {"value": now, "baseline": then, "delta": diff}
    return out


# --- history ------------------------------------------------------------------------


def append_history(path: Path, record: Mapping[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(record, sort_keys=True) + "\n")


def read_history(path: Path, last: int | None = None) -> list[dict[str, Any]]:
    """Past run summaries, oldest first; unreadable lines are skipped (history is informative only)."""
    if not path.exists():
        return []
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(record, dict) and isinstance(record.get("metrics"), dict):
            records.append(record)
    return records[-last:] if last else records
