"""Score the assistant on a question set written apart from the code (issue 11).

Uses only the public API (``Assistant``, ``Settings``, ``Answer``), so the figure
means what a user would see. An answerable item is correct when the answer is
"answered", contains every key-fact group, cites every sentence and cites only
citations it returned; an unanswerable item is correct when it is not answered.

    python evals/fresh/score.py --questions evals/fresh/dev_questions.jsonl --ingest --json out.json

The held-out file (``questions.jsonl``) is run with ``--quiet-failures`` so that
only aggregate figures are shown; it is never edited to match the output.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
REAL_LABELS = ROOT.parent / "shared" / "data" / "real_labels"

_DASHES = re.compile(r"[\u2010-\u2015\u2212\-]")
_MARKER = re.compile(r"\[(\d+)\]")
# A sentence ends at . ! ? and whitespace before a capital; markers right after the stop are
# captured and re-attached to that sentence; decimal points ("0.25 mg") are never boundaries, nor
# is the stop of a title or abbreviation that labels print mid-sentence ("St. John's wort",
# "Dr. Smith", "vs. placebo", "Fig. 2"): a verbatim quote of such a sentence is one sentence.
_NOT_AN_END = "".join(
    rf"(?<!\b{re.escape(abbreviation)})"
    for abbreviation in ("St.", "Dr.", "Mr.", "Ms.", "Mrs.", "vs.", "Vs.", "Fig.", "No.", "approx.", "e.g.", "i.e.")
)
_SENTENCE_END = re.compile(_NOT_AN_END + r"(?<=[.!?])((?:\s*\[\d+\])*)\s+(?=[A-Z(\"'\u2022-])")


@dataclass
class Verdict:
    """The judgement of one question, with the reasons it failed (empty when correct)."""

    id: str
    correct: bool
    status: str
    reasons: list[str] = field(default_factory=list)
    answer: str = ""
    latency_ms: float = 0.0
    category: str = ""
    source: str = ""
    expected_status: str = ""


def normalise(text: str) -> str:
    """Case, unicode, hyphen and whitespace folding shared by answers and key facts.

    Units are glued to their number ("0.25 mg" == "0.25mg") so formatting does not
    decide correctness.
    """
    text = unicodedata.normalize("NFKC", text).lower()
    text = _DASHES.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"(\d) (?=[a-zµμ%°/])", r"\1", text)


def contains_fact(answer_norm: str, alternative: str) -> bool:
    """True when ``alternative`` occurs in the normalised answer at a word start.

    The left boundary stops "5 mg" matching inside "2.5 mg" or "15 mg"; an alternative ending in
    a digit also needs a right boundary ("0.8" must not match "0.80"), while a word
    alternative may be a prefix ("infection" matches "infections").
    """
    alt = normalise(alternative)
    if not alt:
        return False
    right = r"(?!\.?\d)" if alt[-1].isdigit() else ""
    if alt[0].isdigit():
        left = r"(?<![\d.])"  # a number may follow a letter: table cells are often glued ("months10.2")
    elif alt[0].isalnum():
        left = r"(?<!\w)"
    else:
        left = ""
    return re.search(left + re.escape(alt) + right, answer_norm) is not None


def missing_fact_groups(answer: str, key_facts: Sequence[Sequence[str]]) -> list[list[str]]:
    """The key-fact groups none of whose alternatives occur in the answer."""
    norm = normalise(answer)
    return [list(group) for group in key_facts if not any(contains_fact(norm, alt) for alt in group)]


def split_sentences(answer: str) -> list[str]:
    """Sentences of an answer, one per line or per sentence end, citation markers kept."""
    parts: list[str] = []
    for line in answer.splitlines():
        line = line.strip().lstrip("-*\u2022 ").strip()
        if not line:
            continue
        parts.extend(p.strip() for p in _SENTENCE_END.split(line) if p.strip())
    # A fragment that is only markers belongs to the sentence before it.
    merged: list[str] = []
    for part in parts:
        if merged and not _MARKER.sub("", part).strip(" .;,"):
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    return merged


def citation_problems(answer: str, citation_numbers: Iterable[int]) -> list[str]:
    """Uncited sentences and markers that point to no returned citation."""
    known = set(citation_numbers)
    problems = []
    for sentence in split_sentences(answer):
        markers = [int(m) for m in _MARKER.findall(sentence)]
        if not markers:
            problems.append(f"uncited sentence: {sentence[:80]!r}")
        for n in markers:
            if n not in known:
                problems.append(f"marker [{n}] has no citation")
    return problems


def judge(item: dict[str, Any], status: str, answer: str, citation_numbers: Iterable[int]) -> list[str]:
    """Reasons the answer is wrong for this item; an empty list means correct."""
    if item["expected_status"] == "unanswerable":
        return ["answered an unanswerable question"] if status == "answered" else []
    if status != "answered":
        return [f"status {status}"]
    reasons = [f"missing key fact {group}" for group in missing_fact_groups(answer, item["key_facts"])]
    return reasons + citation_problems(answer, citation_numbers)


def judge_answer(item: dict[str, Any], answer: Any) -> list[str]:
    """``judge`` applied to an ``assistant.types.Answer``."""
    return judge(item, answer.status, answer.answer, [c.n for c in answer.citations])


def load_questions(path: Path) -> list[dict[str, Any]]:
    """Questions from a JSONL file; a bad line is reported with its number."""
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SystemExit(f"{path}:{number}: not JSON ({exc})") from exc
        for key in ("id", "question", "expected_status", "key_facts", "category"):
            if key not in item:
                raise SystemExit(f"{path}:{number}: missing field {key!r}")
        items.append(item)
    return items


def source_set(item: dict[str, Any]) -> str:
    """'corpus' or 'real_label', from the item's source."""
    src = item.get("source") or {}
    if src.get("set"):
        return str(src["set"])
    return "real_label" if "real_labels" in str(src.get("file") or "") else "corpus"


def ingest(assistant: Any) -> None:
    """Ingest the bundled corpus and every real label beside it into the data dir."""
    paths = [str(ROOT / "corpus")]
    if REAL_LABELS.is_dir():
        paths += [str(p) for p in sorted(REAL_LABELS.glob("*.xml"))]
    else:
        print(f"note: {REAL_LABELS} absent; real-label questions will fail", file=sys.stderr)
    report = assistant.ingest(paths)
    print(f"ingested: added {report.added}, updated {report.updated}, unchanged {report.unchanged}, "
          f"failed {len(report.failed)}, chunks {report.chunks}", file=sys.stderr)
    for failure in report.failed:
        print(f"  failed {failure.path}: {failure.error}", file=sys.stderr)


def rate(verdicts: Sequence[Verdict]) -> float | None:
    return round(sum(v.correct for v in verdicts) / len(verdicts), 3) if verdicts else None


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of latencies."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return round(ordered[index], 1)


def summarise(verdicts: Sequence[Verdict]) -> dict[str, Any]:
    """Overall, answerable/unanswerable, per-category and per-source rates and latency."""
    def grouped(key: str) -> dict[str, dict[str, Any]]:
        groups: dict[str, list[Verdict]] = defaultdict(list)
        for v in verdicts:
            groups[getattr(v, key)].append(v)
        return {k: {"n": len(g), "correct": rate(g)} for k, g in sorted(groups.items())}

    answerable = [v for v in verdicts if v.expected_status != "unanswerable"]
    unanswerable = [v for v in verdicts if v.expected_status == "unanswerable"]
    latencies = [v.latency_ms for v in verdicts]
    return {
        "n": len(verdicts),
        "correct": rate(verdicts),
        "answerable": {"n": len(answerable), "correct": rate(answerable)},
        "unanswerable": {"n": len(unanswerable), "correct": rate(unanswerable)},
        "by_category": grouped("category"),
        "by_source": grouped("source"),
        "latency_ms": {
            "p50": percentile(latencies, 50),
            "p95": percentile(latencies, 95),
            "mean": round(statistics.fmean(latencies), 1) if latencies else 0.0,
        },
    }


def warm_up(assistant: Any) -> float:
    """One untimed question so that model loading is not counted as answer latency; returns its ms."""
    start = time.perf_counter()
    assistant.ask("What is the recommended dose?")
    return round((time.perf_counter() - start) * 1000, 1)


def run(assistant: Any, items: Sequence[dict[str, Any]]) -> list[Verdict]:
    """Ask every question once and judge it."""
    verdicts = []
    for item in items:
        start = time.perf_counter()
        answer = assistant.ask(item["question"], product=item.get("product"))
        latency = (time.perf_counter() - start) * 1000
        verdicts.append(Verdict(
            id=item["id"], status=answer.status, reasons=judge_answer(item, answer),
            correct=False, answer=answer.answer, latency_ms=round(latency, 1),
            category=item["category"], source=source_set(item), expected_status=item["expected_status"],
        ))
        verdicts[-1].correct = not verdicts[-1].reasons
    return verdicts


def print_report(summary: dict[str, Any], verdicts: Sequence[Verdict], quiet_failures: bool) -> None:
    print(f"questions {summary['n']}  correct {summary['correct']}  "
          f"answerable {summary['answerable']['correct']} (n={summary['answerable']['n']})  "
          f"unanswerable {summary['unanswerable']['correct']} (n={summary['unanswerable']['n']})")
    lat = summary["latency_ms"]
    print(f"latency ms  p50 {lat['p50']}  p95 {lat['p95']}  mean {lat['mean']}  "
          f"(cold-start warm-up {lat.get('cold_start_warm_up', '-')}, not counted)")
    for title, key in (("by source", "by_source"), ("by category", "by_category")):
        print(title + ":")
        for name, row in summary[key].items():
            print(f"  {name:<34} n={row['n']:<3} correct {row['correct']}")
    if quiet_failures:
        return
    failures = [v for v in verdicts if not v.correct]
    print(f"failures ({len(failures)}):")
    for v in failures:
        print(f"- {v.id} [{v.status}] {'; '.join(v.reasons)[:200]}")
        print(f"    {v.answer[:200]!r}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=ROOT / "evals" / "fresh" / "dev_questions.jsonl")
    parser.add_argument("--data-dir", type=Path, default=None, help="state dir (default: ASSISTANT_DATA_DIR)")
    parser.add_argument("--ingest", action="store_true", help="ingest corpus/ and ../shared real labels first")
    parser.add_argument("--json", type=Path, default=None, help="write summary and verdicts here")
    parser.add_argument("--quiet-failures", action="store_true", help="print figures only (held-out set)")
    args = parser.parse_args(argv)

    from assistant import Assistant, Settings

    settings = Settings(data_dir=args.data_dir) if args.data_dir else Settings()
    assistant = Assistant(settings)
    if args.ingest:
        ingest(assistant)
    items = load_questions(args.questions)
    cold_ms = warm_up(assistant)
    verdicts = run(assistant, items)
    summary = summarise(verdicts)
    summary["latency_ms"]["cold_start_warm_up"] = cold_ms
    print_report(summary, verdicts, args.quiet_failures)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        record: dict[str, Any] = {"questions": str(args.questions.relative_to(ROOT)) if args.questions.is_absolute()
                                  and args.questions.is_relative_to(ROOT) else str(args.questions),
                                  "summary": summary}
        if not args.quiet_failures:
            record["verdicts"] = [asdict(v) for v in verdicts]
        args.json.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
