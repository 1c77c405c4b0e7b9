"""Check that every key fact of a question set occurs in its source label, with the scorer's matching.

A key-fact group passes when at least one of its alternatives is found in the label's text by the
scorer's own matching (``evals/fresh/score.py``: ``normalise`` + ``contains_fact``), so a fact that
no answer quoting the label could contain is caught before the set is used. The label text is what
the label says, independent of how the assistant extracts it: every text node of an SPL file
(table cells included), or what pypdf extracts from every page of a PDF.

:func:`problems` checks a set folder's ``dev_questions.jsonl`` and ``questions.jsonl``. It reads the
documents only; it never runs the assistant. One command serves every set folder:

    python evals/fresh/key_facts.py evals/fresh2 evals/fresh3 evals/fresh4   # exit 1 and list failures
"""

from __future__ import annotations

import importlib.util
import json
import sys
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
SETS = ("dev_questions.jsonl", "questions.jsonl")


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fresh_score", ROOT / "evals" / "fresh" / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


SCORE = _scorer()


@cache
def label_text(relpath: str) -> str:
    """All text of a label file (SPL XML or PDF), normalised like an answer."""
    path = ROOT / relpath
    if path.suffix.lower() == ".pdf":
        from pypdf import PdfReader

        text = "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    else:
        text = " ".join(ET.parse(path).getroot().itertext())
    return SCORE.normalise(text)


def load(folder: Path, name: str) -> list[dict]:
    return [json.loads(line) for line in (folder / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def problems(folder: Path) -> list[str]:
    """Every key-fact group with no alternative in its source label, plus format problems."""
    found: list[str] = []
    ids: set[str] = set()
    texts: dict[str, str] = {}
    for name in SETS:
        for item in load(folder, name):
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


def report(found: list[str]) -> int:
    """Print the problems; exit status 1 when there are any."""
    for line in found:
        print(line)
    print(f"{len(found)} problem(s)")
    return 1 if found else 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit("usage: python evals/fresh/key_facts.py SET_FOLDER [SET_FOLDER ...]")
    raise SystemExit(report([line for arg in sys.argv[1:] for line in problems(Path(arg).resolve())]))
