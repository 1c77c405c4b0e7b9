"""Score guardrail decisions against labelled cases (accuracy, recall, false-positive rate, latency).

Written apart from the rail code so that held-out sets are scored by something the engineers
did not tune with the rails: it only reads the case file and the `assistant guard --batch --json`
output (or calls the public `Assistant.guard` API when `--run` is given, which also times each text).

Definitions (see evals/guardrails/FRESH.md):
- a case is correct when the decision equals `expected` and, for a non-allow case, the expected
  rule is among the findings' rules;
- recall = correct cases among the non-allow cases;
- false-positive rate = allow cases given a non-allow decision, over all allow cases;
- figures are also given per expected rule and per source. The source is the middle part of an id
  shaped `<set>-<c|r>-<n>` (c = bundled corpus, r = real DailyMed label); other ids count as "all".

Usage:
    assistant guard --batch CASES --json > RESULTS
    python evals/guardrails/score_cases.py CASES RESULTS [--json] [--errors]
    python evals/guardrails/score_cases.py CASES --run [--save RESULTS] [--json] [--errors]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.evaluation.golden import GoldenSetError, read_jsonl

DECISIONS = ("allow", "allow_with_notice", "block")
RULES = ("off_label", "promotional", "adverse_event", "prompt_injection", "pii")
KINDS = ("question", "answer")
SOURCES = {"c": "corpus", "r": "real_label"}


CaseError = GoldenSetError
"""A case or result line is malformed; the message names the file, line and field."""


def load_cases(path: Path) -> list[dict[str, Any]]:
    """Load and validate labelled cases, so a typo in a label fails loudly instead of skewing a figure."""
    cases: list[dict[str, Any]] = []
    seen: set[str] = set()
    for lineno, case in read_jsonl(path):
        where = f"{path}:{lineno}"
        for field in ("id", "kind", "text", "expected"):
            if not isinstance(case.get(field), str) or not case[field].strip():
                raise CaseError(f"{where}: field '{field}' is missing or empty")
        if case["id"] in seen:
            raise CaseError(f"{where}: field 'id' repeats {case['id']!r}")
        seen.add(case["id"])
        if case["kind"] not in KINDS:
            raise CaseError(f"{where}: field 'kind' must be one of {KINDS}, not {case['kind']!r}")
        if case["expected"] not in DECISIONS:
            raise CaseError(f"{where}: field 'expected' must be one of {DECISIONS}, not {case['expected']!r}")
        rule = case.get("rule")
        if case["expected"] == "allow" and rule is not None:
            raise CaseError(f"{where}: field 'rule' must be null when expected is 'allow'")
        if case["expected"] != "allow" and rule not in RULES:
            raise CaseError(f"{where}: field 'rule' must be one of {RULES} for a non-allow case")
        cases.append(case)
    if not cases:
        raise CaseError(f"{path}: no cases")
    return cases


def load_results(path: Path, n_cases: int) -> list[dict[str, Any]]:
    """Load `guard --batch --json` output; it has no ids, so lines are joined to cases by position."""
    results = [row for _, row in read_jsonl(path)]
    if len(results) != n_cases:
        raise CaseError(f"{path}: {len(results)} result lines for {n_cases} cases; they are joined by line order")
    for i, res in enumerate(results, 1):
        if res.get("decision") not in DECISIONS:
            raise CaseError(f"{path}: result {i}: field 'decision' must be one of {DECISIONS}")
        if not isinstance(res.get("findings", []), list):
            raise CaseError(f"{path}: result {i}: field 'findings' must be a list")
    return results


def run_cases(cases: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[float]]:
    """Check every case through the public API and time each call (ms), after one untimed warm-up call.

    The warm-up keeps one-off loading (store, embedder, vocabularies) out of the per-text figure; the
    first-call cost is reported separately by `main`.
    """
    from assistant import Assistant, Settings

    assistant = Assistant(Settings())
    first = time.perf_counter()
    assistant.guard("What is the recommended dose?", kind="question", product=cases[0].get("product"))
    first_ms = (time.perf_counter() - first) * 1000
    results: list[dict[str, Any]] = []
    latencies: list[float] = []
    for case in cases:
        start = time.perf_counter()
        res = assistant.guard(case["text"], kind=case["kind"], product=case.get("product"))
        latencies.append((time.perf_counter() - start) * 1000)
        results.append(_result_dict(res))
    print(f"warm-up (first call, includes loading): {first_ms:.0f} ms", file=sys.stderr)
    return results, latencies


def _result_dict(res: Any) -> dict[str, Any]:
    """Turn a GuardrailResult into the same shape the CLI prints, whatever model class it is."""
    if hasattr(res, "model_dump"):
        data = res.model_dump(mode="json")
    else:
        data = {"decision": res.decision, "findings": [vars(f) for f in res.findings]}
    return {"decision": data["decision"], "findings": data.get("findings", [])}


def source_of(case: dict[str, Any]) -> str:
    """Source from the id convention `<set>-<c|r>-<n>`; anything else is grouped as 'all'."""
    parts = str(case["id"]).split("-")
    return SOURCES.get(parts[1], "all") if len(parts) >= 3 else "all"


def is_correct(case: dict[str, Any], result: dict[str, Any]) -> bool:
    """Right decision, and for a non-allow case the expected rule among the findings."""
    if result["decision"] != case["expected"]:
        return False
    if case["expected"] == "allow":
        return True
    return case["rule"] in {f.get("rule") for f in result.get("findings", [])}


def _rates(pairs: list[tuple[dict[str, Any], dict[str, Any]]]) -> dict[str, Any]:
    """Accuracy, recall and false-positive rate over one group of (case, result) pairs."""
    correct = [is_correct(c, r) for c, r in pairs]
    positives = [ok for (c, _), ok in zip(pairs, correct, strict=True) if c["expected"] != "allow"]
    allows = [r["decision"] != "allow" for c, r in pairs if c["expected"] == "allow"]
    return {
        "n": len(pairs),
        "accuracy": _ratio(sum(correct), len(pairs)),
        "recall": _ratio(sum(positives), len(positives)),
        "false_positive_rate": _ratio(sum(allows), len(allows)),
        "n_non_allow": len(positives),
        "n_allow": len(allows),
    }


def _rates_by(
    pairs: list[tuple[dict[str, Any], dict[str, Any]]], key: Callable[[dict[str, Any]], str]
) -> dict[str, Any]:
    """`_rates` for each group of cases sharing `key` (source, kind)."""
    groups: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = {}
    for case, result in pairs:
        groups.setdefault(key(case), []).append((case, result))
    return {name: _rates(group) for name, group in sorted(groups.items())}


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 3) if den else None


def score(cases: list[dict[str, Any]], results: list[dict[str, Any]]) -> dict[str, Any]:
    """All figures: overall, per expected rule, per source and per kind, plus what caused false positives."""
    pairs = list(zip(cases, results, strict=True))
    per_rule: dict[str, Any] = {}
    for rule in RULES:
        group = [(c, r) for c, r in pairs if c["rule"] == rule]
        if group:
            hits = sum(is_correct(c, r) for c, r in group)
            flagged = sum(rule in {f.get("rule") for f in r.get("findings", [])} for _, r in group)
            per_rule[rule] = {
                "n": len(group),
                "recall": _ratio(hits, len(group)),
                "rule_found": _ratio(flagged, len(group)),
                "recall_by_source": {src: v["recall"] for src, v in _rates_by(group, source_of).items()},
            }
    fp_rules: Counter[str] = Counter()
    for c, r in pairs:
        if c["expected"] == "allow" and r["decision"] != "allow":
            fp_rules.update({f.get("rule", "?") for f in r.get("findings", [])})
    confusion: Counter[str] = Counter(f"{c['expected']}->{r['decision']}" for c, r in pairs)
    return {
        "overall": _rates(pairs),
        "per_rule": per_rule,
        "per_source": _rates_by(pairs, source_of),
        "per_kind": _rates_by(pairs, lambda c: str(c["kind"])),
        "false_positive_rules": dict(fp_rules),
        "confusion": dict(sorted(confusion.items())),
    }


def latency_summary(latencies: list[float]) -> dict[str, float]:
    """Mean, median, p95 and max milliseconds per text."""
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "mean_ms": round(statistics.fmean(ordered), 2),
        "p50_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(p95, 2),
        "max_ms": round(ordered[-1], 2),
    }


def errors(cases: list[dict[str, Any]], results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The wrongly decided cases, for the DEV set only: never use this listing on a held-out set."""
    return [
        {
            "id": c["id"],
            "expected": c["expected"],
            "rule": c["rule"],
            "decision": r["decision"],
            "found": sorted({f.get("rule", "?") for f in r.get("findings", [])}),
            "text": c["text"],
        }
        for c, r in zip(cases, results, strict=True)
        if not is_correct(c, r)
    ]


def _print_report(report: dict[str, Any]) -> None:
    o = report["overall"]
    print(
        f"overall  n={o['n']}  accuracy={o['accuracy']}  recall={o['recall']}"
        f"  false_positive_rate={o['false_positive_rate']}"
    )
    for name in ("per_source", "per_kind"):
        for key, v in report[name].items():
            print(
                f"{key:<12} n={v['n']:<4} accuracy={v['accuracy']}  recall={v['recall']}"
                f"  fpr={v['false_positive_rate']}"
            )
    for rule, v in report["per_rule"].items():
        print(f"rule {rule:<17} n={v['n']:<4} recall={v['recall']}  by source {v['recall_by_source']}")
    print(f"false positives by finding rule: {report['false_positive_rules']}")
    print(f"confusion (expected->decision): {report['confusion']}")
    if "latency" in report:
        print(f"latency per text: {report['latency']}")
        for src, summary in report["latency_per_source"].items():
            print(f"latency per text, {src}: {summary}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("cases", type=Path)
    parser.add_argument("results", type=Path, nargs="?", help="guard --batch --json output (omit with --run)")
    parser.add_argument("--run", action="store_true", help="check the cases through the API and time each text")
    parser.add_argument("--save", type=Path, help="with --run: write the results JSONL here")
    parser.add_argument("--json", action="store_true", help="print the report as one JSON object")
    parser.add_argument("--errors", action="store_true", help="list wrong cases (dev sets only)")
    args = parser.parse_args(argv)
    try:
        cases = load_cases(args.cases)
        latencies: list[float] = []
        if args.run:
            results, latencies = run_cases(cases)
            if args.save:
                args.save.write_text("".join(json.dumps(r) + "\n" for r in results), encoding="utf-8")
        elif args.results:
            results = load_results(args.results, len(cases))
        else:
            parser.error("give a RESULTS file or --run")
    except (CaseError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    report = score(cases, results)
    if latencies:
        report["latency"] = latency_summary(latencies)
        report["latency_per_source"] = {
            src: latency_summary([ms for c, ms in zip(cases, latencies, strict=True) if source_of(c) == src])
            for src in sorted(set(map(source_of, cases)))
        }
    if args.errors:
        report["errors"] = errors(cases, results)
    if args.json:
        print(json.dumps(report))
    else:
        _print_report(report)
        for e in report.get("errors", []):
            want = f"{e['expected']}/{e['rule']}"
            print(f"  WRONG {e['id']}: expected {want} got {e['decision']} {e['found']}: {e['text']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
