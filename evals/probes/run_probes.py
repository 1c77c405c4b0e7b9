"""Run a probe set (JSON Lines) through ``Assistant.ask`` and print what passed.

A probe row holds ``question``, ``expect`` (``answered`` or ``insufficient_evidence``),
optionally ``must`` (groups of alternatives: every group needs one alternative in the
answer text, case-insensitive) and ``lead_not`` (strings the first sentence must not
contain). A probe passes when the status matches and, for answers, every group is met
and every sentence carries a citation marker.

    PYTHONPATH=$PWD .venv/bin/python evals/probes/run_probes.py evals/probes/answer11_probes.jsonl \
        --data-dir /tmp/state [--verbose]
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

from assistant.api import Assistant
from assistant.config import Settings

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def check(row: dict, status: str, text: str) -> list[str]:
    """Reasons the probe failed (empty when it passed)."""
    problems: list[str] = []
    if status != row["expect"]:
        problems.append(f"status {status} != {row['expect']}")
        return problems
    if status != "answered":
        return problems
    lowered = text.lower()
    for group in row.get("must", []):
        if not any(alt.lower() in lowered for alt in group):
            problems.append(f"missing {group}")
    sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
    if any(not re.search(r"\[\d+\]", s) for s in sentences):
        problems.append("uncited sentence")
    lead = sentences[0].lower() if sentences else ""
    for bad in row.get("lead_not", []):
        if bad.lower() in lead:
            problems.append(f"lead contains {bad!r}")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("probes", type=Path)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    assistant = Assistant(Settings(data_dir=args.data_dir))
    rows = [json.loads(line) for line in args.probes.read_text().splitlines() if line.strip()]
    passed = 0
    times: list[float] = []
    for row in rows:
        started = time.perf_counter()
        answer = assistant.ask(row["question"])
        times.append((time.perf_counter() - started) * 1000)
        problems = check(row, answer.status, answer.answer)
        passed += not problems
        mark = "PASS" if not problems else "FAIL " + "; ".join(problems)
        print(f"{row['id']} {mark} | {row['question']}")
        if args.verbose or problems:
            print(f"    -> [{answer.status}] {answer.answer[:600]}")
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))] if times else 0.0
    print(f"\npassed {passed}/{len(rows)} = {passed / max(1, len(rows)):.2f}; wall p95 {p95:.0f} ms")


if __name__ == "__main__":
    main()
