"""Check that every key fact of the fresh3 question sets occurs in its source label PDF.

A key-fact group passes when at least one of its alternatives is found in the label's text by the
scorer's own matching (``evals/fresh/score.py``: ``normalise`` + ``contains_fact``), so a fact that
no answer quoting the label could contain is caught before the set is used. The label text is what
pypdf extracts from every page of the bare PDF, joined with newlines, i.e. what the label says,
independent of how the assistant itself extracts it.

    python evals/fresh3/check_questions.py            # exit 1 and list the failing groups

It reads the documents only; it never runs the assistant.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
SETS = ("dev_questions.jsonl", "questions.jsonl")


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fresh_score_for_fresh3", ROOT / "evals" / "fresh" / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


SCORE = _scorer()


@cache
def label_text(relpath: str) -> str:
    """All text pypdf extracts from a label PDF, normalised like an answer."""
    from pypdf import PdfReader

    reader = PdfReader(str(ROOT / relpath))
    return SCORE.normalise("\n".join(page.extract_text() or "" for page in reader.pages))


def load(name: str) -> list[dict]:
    return [json.loads(line) for line in (HERE / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def problems() -> list[str]:
    """Every key-fact group with no alternative in its source label, plus format problems."""
    found: list[str] = []
    ids: set[str] = set()
    texts: dict[str, str] = {}
    for name in SETS:
        for item in load(name):
            if item["id"] in ids:
                found.append(f"{name}: id {item['id']} repeats")
            ids.add(item["id"])
            other = texts.setdefault(item["question"].strip().lower(), name)
            if other != name:
                found.append(f"{name}: question of {item['id']} also in {other}")
            if item["expected_status"] == "unanswerable":
                if item["key_facts"]:
                    found.append(f"{item['id']}: unanswerable with key facts")
                continue
            if not 1 <= len(item["key_facts"]) <= 3:
                found.append(f"{item['id']}: {len(item['key_facts'])} key-fact groups (1 to 3 expected)")
            text = label_text(item["source"]["file"])
            for group in item["key_facts"]:
                if not any(SCORE.contains_fact(text, alt) for alt in group):
                    found.append(f"{item['id']}: no alternative of {group} in {item['source']['file']}")
    return found


def main() -> int:
    found = problems()
    for line in found:
        print(line)
    print(f"{len(found)} problem(s)")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
