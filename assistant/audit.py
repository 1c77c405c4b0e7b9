"""Tamper-evident audit trail of questions, answers and feedback (JSON Lines).

Medical affairs must be able to show what the assistant told whom, from which
approved documents, and that nobody changed the record afterwards. Each line is
one record carrying

* ``hash``: sha256 of the record's canonical JSON without the ``hash`` field, so
  an edited record no longer matches its hash;
* ``prev_hash``: the previous record's ``hash`` (``GENESIS`` for the first), so a
  deleted, inserted or reordered record breaks the chain;
* ``seq``: its position, so a gap names where records went missing.

A sidecar ``<log>.head`` remembers the last ``seq`` and ``hash``, which catches
records cut from the end. Appends hold an exclusive ``fcntl`` lock on the log, so
parallel processes (CLI batch jobs, the Streamlit app) keep one valid chain.
Only PII-redacted text is written.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assistant.errors import AssistantError
from assistant.types import Answer

GENESIS = "0" * 64
"""``prev_hash`` of the first record."""


class AuditError(AssistantError):
    """The audit log cannot be written or a request about it is invalid."""


@dataclass(frozen=True)
class AuditProblem:
    """One integrity problem found by :meth:`AuditLog.verify` (``line`` is 1-based)."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


def record_hash(record: dict[str, Any]) -> str:
    """sha256 of the canonical JSON of ``record`` without its own ``hash`` field."""
    body = {k: v for k, v in record.items() if k != "hash"}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _default_redact(text: str) -> str:
    from assistant.guardrails.pii import redact

    return redact(text)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _last_line(handle: Any) -> bytes:
    """The last non-empty line of an open binary file, read backwards (the log may be large)."""
    handle.seek(0, os.SEEK_END)
    end = handle.tell()
    buffer = b""
    position = end
    while position > 0:
        step = min(4096, position)
        position -= step
        handle.seek(position)
        buffer = handle.read(step) + buffer
        stripped = buffer.rstrip(b"\n")
        if b"\n" in stripped:
            return stripped.rsplit(b"\n", 1)[1]
    return buffer.rstrip(b"\n")


class AuditLog:
    """Append-only, hash-chained JSON Lines log at ``path``."""

    def __init__(self, path: Path | str, redact: Callable[[str], str] | None = None) -> None:
        self.path = Path(path)
        self.head_path = self.path.with_name(self.path.name + ".head")
        self._redact = redact or _default_redact

    # --- writing -----------------------------------------------------------------
    def record_answer(self, answer: Answer) -> str:
        """Append the question and its answer; returns the record id (also set on nothing else)."""
        guard = answer.guardrail
        payload = {
            "type": "answer",
            "question": self._redact(answer.question),
            "product": answer.product,
            "status": answer.status,
            "answer": self._redact(answer.answer),
            "citations": [
                c.model_dump(include={"n", "doc_id", "chunk_id", "title", "doc_type", "section", "page", "slide"})
                for c in answer.citations
            ],
            "guardrail": {
                "decision": guard.decision,
                # The span is the triggering text itself (for PII, the personal data): never logged.
                "findings": [f.model_dump(include={"rule", "message", "decision"}) for f in guard.findings],
                "notices": guard.notices,
            },
            "mode": answer.mode,
            "model": answer.model,
            "timings_ms": answer.timings_ms,
            "dropped_sentences": len(answer.dropped_sentences),
        }
        return self._append(payload)["id"]

    def record_feedback(self, audit_id: str, rating: int, comment: str = "") -> str:
        """Append an MSL's rating (+1 / -1) and comment about the answer recorded as ``audit_id``."""
        if rating not in (1, -1):
            raise AuditError(f"rating must be 1 (thumbs up) or -1 (thumbs down), got {rating!r}")
        if not any(r.get("id") == audit_id and r.get("type") == "answer" for r in self.records()):
            raise AuditError(f"no answer with audit id {audit_id!r} in {self.path}")
        payload = {
            "type": "feedback",
            "answer_id": audit_id,
            "rating": rating,
            "comment": self._redact(comment),
        }
        return self._append(payload)["id"]

    def _append(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Chain ``payload`` onto the last record under an exclusive lock and write it durably."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with open(self.path, "a+b") as handle:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
                try:
                    record = self._chain(payload, _last_line(handle))
                    line = json.dumps(record, ensure_ascii=False, default=str).encode("utf-8") + b"\n"
                    handle.seek(0, os.SEEK_END)
                    handle.write(line)
                    handle.flush()
                    os.fsync(handle.fileno())
                    self._write_head(record)
                finally:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        except OSError as exc:
            raise AuditError(f"cannot write audit log {self.path}: {exc}") from exc
        return record

    @staticmethod
    def _chain(payload: dict[str, Any], previous_line: bytes) -> dict[str, Any]:
        prev_hash, seq = GENESIS, 0
        if previous_line.strip():
            try:
                previous = json.loads(previous_line)
                prev_hash, seq = str(previous["hash"]), int(previous["seq"]) + 1
            except (ValueError, KeyError, TypeError):
                # A damaged last line: chain onto its bytes; verify() reports the damage itself.
                prev_hash = hashlib.sha256(previous_line).hexdigest()
        record = {"id": uuid.uuid4().hex, "seq": seq, "ts": _now(), **payload, "prev_hash": prev_hash}
        record["hash"] = record_hash(record)
        return record

    def _write_head(self, record: dict[str, Any]) -> None:
        tmp = self.head_path.with_name(self.head_path.name + ".tmp")
        tmp.write_text(json.dumps({"seq": record["seq"], "hash": record["hash"]}) + "\n")
        os.replace(tmp, self.head_path)

    # --- reading -----------------------------------------------------------------
    def records(self) -> Iterator[dict[str, Any]]:
        """Parsed records in file order (unparseable lines are skipped; ``verify`` reports them)."""
        if not self.path.exists():
            return
        with open(self.path, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    try:
                        yield json.loads(line)
                    except ValueError:
                        continue

    def tail(self, n: int = 10) -> list[dict[str, Any]]:
        """The last ``n`` records."""
        return list(self.records())[-n:] if n > 0 else []

    def verify(self) -> list[AuditProblem]:
        """Every integrity problem of the log: edited, deleted, inserted or reordered records."""
        if not self.path.exists():
            return []
        problems: list[AuditProblem] = []
        prev_hash, expected_seq, last_line = GENESIS, 0, 0
        with open(self.path, "rb") as handle:
            for number, raw in enumerate(handle, start=1):
                if not raw.strip():
                    continue
                last_line = number
                try:
                    record = json.loads(raw)
                    stored, seq = str(record["hash"]), int(record["seq"])
                except (ValueError, KeyError, TypeError):
                    problems.append(AuditProblem(number, "not a valid audit record (edited or truncated)"))
                    prev_hash, expected_seq = hashlib.sha256(raw.rstrip(b"\n")).hexdigest(), expected_seq + 1
                    continue
                problems.extend(AuditProblem(number, m) for m in _check(record, stored, seq, prev_hash, expected_seq))
                prev_hash, expected_seq = stored, seq + 1
        problems.extend(self._check_head(prev_hash, expected_seq - 1, last_line))
        return problems

    def _check_head(self, last_hash: str, last_seq: int, last_line: int) -> list[AuditProblem]:
        if not self.head_path.exists():
            return []
        try:
            head = json.loads(self.head_path.read_text())
            head_seq, head_hash = int(head["seq"]), str(head["hash"])
        except (OSError, ValueError, KeyError, TypeError):
            return [AuditProblem(last_line, f"head file {self.head_path.name} is unreadable")]
        if head_seq != last_seq or head_hash != last_hash:
            return [
                AuditProblem(
                    last_line,
                    f"log ends at record seq {last_seq} but {self.head_path.name} says seq {head_seq} "
                    "(records removed or altered at the end)",
                )
            ]
        return []


def _check(record: dict[str, Any], stored: str, seq: int, prev_hash: str, expected_seq: int) -> list[str]:
    problems = []
    if record_hash(record) != stored:
        problems.append(f"record {record.get('id', '?')} does not match its hash (edited)")
    if seq != expected_seq:
        gap = "record(s) deleted before it" if seq > expected_seq else "record duplicated or reordered"
        problems.append(f"sequence number {seq}, expected {expected_seq} ({gap})")
    if record.get("prev_hash") != prev_hash:
        problems.append("chain broken: prev_hash does not match the previous record (deleted, inserted or edited)")
    return problems
