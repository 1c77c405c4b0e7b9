"""Extract (condition mention, label indication phrases, covered?) triples from the pooled dev files.

The coverage comparator (:mod:`assistant.guardrails.coverage_model`) was first trained on ICD-10-CM /
HPO hierarchy pairs, which say how diseases are *classified*, not what a label *covers*. The dev case
files written each session say the latter: a case expected ``allow`` whose only use claim names a
condition says the label covers it; a case expected ``off_label`` whose only use claim names a
condition, with no other off-label finding, says the label does not. This script reads those cases
with the rail's own recognisers and keeps only the ones whose decision is decided by coverage:

- the case names a product with a label in the store, and its expected rule is none or off-label;
- the condition mentions are found as the rail finds them (head words, vocabulary names, claimed
  objects), minus generic, negated and limitation-covered ones, and minus those the rail does not read
  as presented for use (risk context, comorbidity, procedure ...);
- no off-label finding of the full rail lies outside those mentions (an age, dose or route finding
  would decide the case whatever the coverage);
- the case shares no 8-word run with a held-out set (checked by code, nothing printed);
- expected ``allow``: every such mention is covered (label 1); expected off-label: exactly one such
  mention, and it is not covered (label 0).

Each row keeps the case id and its file (the CV group is the product), the mention, the condition
phrases of every indication (as the rail compares them, abbreviations written out) and whether the
rules (token coverage, codes, nearest names, meaning) already cover it. Held-out files are never
read: only the readable files named in ``SOURCES`` (see ``tests/test_guard19c_coverage_triples.py``).

    ASSISTANT_DATA_DIR=<copy of /tmp/A-s6> PYTHONPATH=$PWD python evals/guardrails/guard19c_triples.py
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from assistant.api import Assistant  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.guardrails.conditions import Mention  # noqa: E402
from assistant.guardrails.off_label import OffLabelRule  # noqa: E402
from assistant.guardrails.population_checks import RailContext  # noqa: E402

HERE = Path(__file__).parent
OUT = HERE / "guard19c_coverage_train.jsonl"
HELD_OUT = re.compile(r"(fresh|promo)\d*_cases\.jsonl")
TRANSFER_TEST = "guard19c_dev.jsonl"
"""This branch's own dev file: its test of transfer, never trained on."""


def sources() -> list[Path]:
    """The readable case files: every ``*dev*`` and ``own12*`` file, the gates; never a held-out set."""
    files = sorted({*HERE.glob("*dev*.jsonl"), *HERE.glob("own12*.jsonl")})
    files += [HERE / "cases.jsonl", HERE / "cases_v2.jsonl", HERE / "blind_cases.jsonl"]
    shared = ROOT.parent / "shared" / "guardrails" / "dev_cases.jsonl"
    files += [shared] if shared.exists() else []
    return [f for f in files if not HELD_OUT.fullmatch(f.name) and f.name != TRANSFER_TEST]


def held_out_grams() -> set[tuple[str, ...]]:
    """8-word runs of the held-out sets, read by code only (as a scorer reads them): a dev case that
    repeats one is left out, so that no held-out sentence is learned from. Nothing is printed."""
    grams: set[tuple[str, ...]] = set()
    for path in HERE.glob("*.jsonl"):
        if HELD_OUT.fullmatch(path.name):
            for line in path.read_text(encoding="utf-8").splitlines():
                grams |= word_runs(json.loads(line)["text"]) if line.strip() else set()
    return grams


def word_runs(text: str, n: int = 8) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def candidate_mentions(rule: OffLabelRule, ctx: RailContext) -> list[Mention]:
    """Condition mentions the rail reads as uses and no limitation decides (see the module docstring)."""
    matcher, text, profile = rule.matcher, ctx.text, ctx.profile
    found = [m for m in matcher.mentions(text) if not matcher.is_generic(m.text)]
    found += matcher.vocabulary_mentions(text, found, profile.vocabulary)
    found += [
        m
        for m in matcher.claimed_objects(text, profile.vocabulary)
        if not any(o.start < m.end and m.start < o.end for o in found)
    ]
    found = [m for m in found if not rule._negated_sentence(text, m)]
    coverage = [matcher.coverage(m.text, profile) for m in found]
    indicated = [m for m, c in zip(found, coverage, strict=True) if c.indications]
    return [
        m
        for m, c in zip(found, coverage, strict=True)
        if c.limitation is None and (c.indications or rule._presented_as_use(ctx, m, c.elsewhere, indicated))
    ]


def triples_of(case: dict[str, Any], source: str, assistant: Assistant) -> list[dict[str, Any]]:
    expected, kind, text = case["expected"], case["kind"], case["text"]
    if case.get("rule") not in (None, "off_label") or kind not in ("question", "answer"):
        return []
    engine = assistant.guardrails
    products = [engine._resolve(case["product"])] if case.get("product") else engine.recognise_products(text)
    if len(products) != 1 or products[0] not in engine.profiles:
        return []
    profile, rule = engine.profiles[products[0]], engine._off_label
    ctx = RailContext(text, kind, profile, [])
    mentions = candidate_mentions(rule, ctx)
    findings = rule.scan(text, kind, profile)
    if not mentions or any(
        not any(m.start < (f.end or 0) and (f.start or 0) < m.end for m in mentions) for f in findings
    ):
        return []
    covered = expected == "allow"
    if not covered and len(mentions) != 1:
        return []
    phrases = [p for e in profile.indications for p in rule.matcher._condition_phrases(e.text, profile)]
    return [
        {
            "id": case["id"], "source": source, "product": products[0], "mention": m.text,
            "indications": list(dict.fromkeys(phrases)), "covered": int(covered),
            "rules_cover": int(bool(rule.matcher.coverage(m.text, profile).indications)),
            "claim_object": int(rule.matcher.is_claim_object(text, m)),
        }
        for m in mentions
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--cases", type=Path, nargs="*", help="these readable files instead of the pool (a transfer test)"
    )
    args = parser.parse_args()
    assistant = Assistant(Settings())
    rows: list[dict[str, Any]] = []
    held_out = held_out_grams()
    for path in args.cases or sources():
        assert not HELD_OUT.fullmatch(path.name), f"{path.name} is a held-out set"
        name = path.name if path.resolve().parent == HERE.resolve() else f"shared/{path.name}"
        cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        cases = [c for c in cases if not word_runs(c["text"]) & held_out]
        before = len(rows)
        for case in cases:
            rows += triples_of(case, name, assistant)
        print(f"{name}: {len(cases)} cases -> {len(rows) - before} triples", file=sys.stderr)
    seen: set[tuple[str, str, str]] = set()
    unique = []
    for row in rows:  # the same sentence is sometimes copied between files
        key = (row["product"], row["mention"].lower(), str(row["covered"]))
        if key not in seen:
            seen.add(key)
            unique.append(row)
    args.out.write_text("".join(json.dumps(r) + "\n" for r in unique), encoding="utf-8")
    positives = sum(r["covered"] for r in unique)
    print(f"{len(unique)} triples ({positives} covered) from {len(rows)} -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
