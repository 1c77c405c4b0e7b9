"""Aggregate guardrail figures per group of products (e.g. labels added in one evaluation round).

`score_cases.py` groups by source (corpus / real label) and kind; a set that mixes real labels of
different rounds also needs the figures per round, without listing any case. Groups are named on the
command line as lists of the cases' `product` values; cases of no named group fall into `corpus` or
`other real label` by their id's source. The definitions (correct, recall, false-positive rate) are
`score_cases.py`'s own, imported, not repeated.

Usage:
    python evals/guardrails/score_groups.py CASES RESULTS --group new=prodA,prodB [--per-product] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import score_cases as sc  # a sibling script, not a package


def group_of(case: dict[str, Any], groups: dict[str, set[str]]) -> str:
    """The named group holding the case's product, else its source (`corpus` or `other real label`)."""
    for name, products in groups.items():
        if case.get("product") in products:
            return name
    return "corpus" if sc.source_of(case) == "corpus" else "other real label"


def by_group(
    cases: list[dict[str, Any]], results: list[dict[str, Any]], groups: dict[str, set[str]], per_product: bool
) -> dict[str, Any]:
    """Accuracy, recall and false-positive rate per group (and per product when asked), plus recall per rule."""
    pairs = list(zip(cases, results, strict=True))
    report: dict[str, Any] = {"per_group": sc._rates_by(pairs, lambda c: group_of(c, groups))}
    rule_recall: dict[str, dict[str, Any]] = {}
    for rule in sc.RULES:
        group = [(c, r) for c, r in pairs if c["rule"] == rule]
        if group:
            rates = sc._rates_by(group, lambda c: group_of(c, groups))
            rule_recall[rule] = {name: {"n": v["n"], "recall": v["recall"]} for name, v in rates.items()}
    report["recall_per_rule_and_group"] = rule_recall
    if per_product:
        report["per_product"] = sc._rates_by(pairs, lambda c: str(c.get("product")))
    return report


def _parse_groups(specs: list[str]) -> dict[str, set[str]]:
    groups: dict[str, set[str]] = {}
    for spec in specs:
        name, _, products = spec.partition("=")
        if not name or not products:
            raise SystemExit(f"--group needs NAME=product,product (got {spec!r})")
        groups[name] = {p.strip() for p in products.split(",") if p.strip()}
    return groups


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", type=Path)
    parser.add_argument("results", type=Path)
    parser.add_argument("--group", action="append", default=[], help="NAME=product,product (repeatable)")
    parser.add_argument("--per-product", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    cases = sc.load_cases(args.cases)
    report = by_group(cases, sc.load_results(args.results, len(cases)), _parse_groups(args.group), args.per_product)
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    for section in ("per_group", "per_product"):
        for name, v in report.get(section, {}).items():
            figures = f"accuracy={v['accuracy']}  recall={v['recall']}  fpr={v['false_positive_rate']}"
            print(f"{name:34s} n={v['n']:<4d} {figures}")
    for rule, groups in report["recall_per_rule_and_group"].items():
        print(f"recall {rule:17s} " + "  ".join(f"{g}: {v['recall']} (n={v['n']})" for g, v in groups.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
