"""The audit trail is a hash chain: edits, deletions and reordering are found; parallel writers keep it valid."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import pytest

from assistant.audit import GENESIS, AuditError, AuditLog, record_hash
from assistant.types import Answer, Citation, GuardrailFinding, GuardrailResult


def _no_redaction(text: str) -> str:
    return text


def _answer(i: int) -> Answer:
    citation = Citation(n=1, doc_id="doc", title="Label", doc_type="label", quote="Passage text.", chunk_id="c1")
    return Answer(
        question=f"Question {i}?",
        status="answered",
        answer=f"Answer {i} [1].",
        citations=[citation],
        guardrail=GuardrailResult(
            decision="allow_with_notice",
            findings=[GuardrailFinding(rule="pii", span="jane@example.com", message="e-mail address removed")],
            notices=["Personal data was removed."],
        ),
        timings_ms={"total": 12.5},
    )


def _log(tmp_path: Path) -> AuditLog:
    return AuditLog(tmp_path / "audit.jsonl", redact=_no_redaction)


def _lines(log: AuditLog) -> list[str]:
    return log.path.read_text().splitlines()


def _write(log: AuditLog, lines: list[str]) -> None:
    log.path.write_text("".join(line + "\n" for line in lines))


def test_records_are_chained_from_genesis_and_verify_clean(tmp_path: Path) -> None:
    log = _log(tmp_path)
    ids = [log.record_answer(_answer(i)) for i in range(3)]
    records = list(log.records())
    assert [r["id"] for r in records] == ids
    assert records[0]["prev_hash"] == GENESIS
    assert records[1]["prev_hash"] == records[0]["hash"] and records[2]["prev_hash"] == records[1]["hash"]
    assert all(record_hash(r) == r["hash"] for r in records)
    assert log.verify() == []


def test_answer_record_holds_citations_decision_and_no_finding_span(tmp_path: Path) -> None:
    log = _log(tmp_path)
    log.record_answer(_answer(1))
    record = next(log.records())
    assert record["citations"][0]["doc_id"] == "doc" and record["citations"][0]["chunk_id"] == "c1"
    assert "quote" not in record["citations"][0]
    assert record["guardrail"]["decision"] == "allow_with_notice"
    assert record["mode"] == "extractive" and record["timings_ms"] == {"total": 12.5}
    assert "jane@example.com" not in log.path.read_text()


def test_redaction_applies_to_question_answer_and_comment(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.jsonl", redact=lambda t: t.replace("Question", "[REDACTED]"))
    audit_id = log.record_answer(_answer(1))
    log.record_feedback(audit_id, -1, "Question was misread")
    text = log.path.read_text()
    assert "Question" not in text and text.count("[REDACTED]") == 2


def test_edited_record_is_reported_with_its_line(tmp_path: Path) -> None:
    log = _log(tmp_path)
    for i in range(3):
        log.record_answer(_answer(i))
    lines = _lines(log)
    record = json.loads(lines[1])
    record["answer"] = "A different answer [1]."
    lines[1] = json.dumps(record)
    _write(log, lines)
    problems = log.verify()
    assert [p.line for p in problems] == [2]
    assert "edited" in problems[0].message


def test_edit_with_recomputed_hash_breaks_the_next_link(tmp_path: Path) -> None:
    log = _log(tmp_path)
    for i in range(3):
        log.record_answer(_answer(i))
    lines = _lines(log)
    record = json.loads(lines[0])
    record["status"] = "blocked"
    record["hash"] = record_hash(record)
    lines[0] = json.dumps(record)
    _write(log, lines)
    assert [p.line for p in log.verify()] == [2]


def test_deleted_record_is_reported(tmp_path: Path) -> None:
    log = _log(tmp_path)
    for i in range(4):
        log.record_answer(_answer(i))
    lines = _lines(log)
    _write(log, lines[:1] + lines[2:])
    problems = log.verify()
    assert problems and problems[0].line == 2
    assert any("deleted" in p.message for p in problems)


def test_deleting_the_last_record_is_caught_by_the_head(tmp_path: Path) -> None:
    log = _log(tmp_path)
    for i in range(3):
        log.record_answer(_answer(i))
    _write(log, _lines(log)[:-1])
    problems = log.verify()
    assert len(problems) == 1 and "removed" in problems[0].message


def test_garbage_line_is_reported_and_appends_continue(tmp_path: Path) -> None:
    log = _log(tmp_path)
    log.record_answer(_answer(0))
    with open(log.path, "a") as handle:
        handle.write("{not json\n")
    log.record_answer(_answer(1))
    assert [p.line for p in log.verify()][:1] == [2]


def test_feedback_joins_the_chain_and_checks_its_input(tmp_path: Path) -> None:
    log = _log(tmp_path)
    audit_id = log.record_answer(_answer(0))
    log.record_feedback(audit_id, 1, "Helpful")
    feedback = list(log.records())[-1]
    assert feedback["type"] == "feedback" and feedback["answer_id"] == audit_id and feedback["rating"] == 1
    assert log.verify() == []
    with pytest.raises(AuditError, match="rating"):
        log.record_feedback(audit_id, 5)
    with pytest.raises(AuditError, match="no answer"):
        log.record_feedback("unknown-id", 1)


def _append_many(path: str, worker: int, count: int) -> None:
    log = AuditLog(path, redact=_no_redaction)
    for i in range(count):
        log.record_answer(_answer(worker * 1000 + i))


def test_parallel_processes_keep_one_valid_chain(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_append_many, args=(str(path), w, 25)) for w in range(4)]
    for p in workers:
        p.start()
    for p in workers:
        p.join(60)
        assert p.exitcode == 0
    log = AuditLog(path, redact=_no_redaction)
    records = list(log.records())
    assert len(records) == 100
    assert [r["seq"] for r in records] == list(range(100))
    assert log.verify() == []
