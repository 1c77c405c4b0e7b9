"""The fresh guardrail case files keep their promised make-up, and the scorer applies the written definitions.

The scorer is loaded from its file (evals/ is not a package). No rail runs here: results are written by
hand so each definition (correct, recall, false-positive rate, per source) is checked on its own.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
GUARD_EVALS = ROOT / "evals" / "guardrails"


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_cases", GUARD_EVALS / "score_cases.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SC = _scorer()


def _case(cid: str, expected: str, rule: str | None, kind: str = "question") -> dict[str, object]:
    return {"id": cid, "kind": kind, "product": "x", "text": f"text {cid}", "expected": expected, "rule": rule}


def _res(decision: str, *rules: str) -> dict[str, object]:
    return {"decision": decision, "findings": [{"rule": r} for r in rules]}


@pytest.mark.parametrize(
    ("held_name", "dev_name"),
    [("fresh_cases.jsonl", "fresh_dev_cases.jsonl"), ("fresh4_cases.jsonl", "fresh4_dev_cases.jsonl")],
)
def test_held_out_and_dev_sets_have_the_promised_make_up(held_name: str, dev_name: str) -> None:
    held = SC.load_cases(GUARD_EVALS / held_name)
    dev = SC.load_cases(GUARD_EVALS / dev_name)
    assert len(held) >= 170 and 40 <= len(dev) <= 60
    assert sum(SC.source_of(c) == "real_label" for c in held) >= 40
    assert 0.40 <= sum(c["expected"] == "allow" for c in held) / len(held) <= 0.50
    assert {c["rule"] for c in held} - {None} == set(SC.RULES)
    assert not {c["text"].lower() for c in held} & {c["text"].lower() for c in dev}
    shared_dev = ROOT.parent / "shared" / "guardrails" / "dev_cases.jsonl"
    if shared_dev.exists():
        copied = {json.loads(line)["text"].lower() for line in shared_dev.read_text().splitlines() if line.strip()}
        assert not copied & {c["text"].lower() for c in held + dev}


def test_correct_needs_the_decision_and_for_non_allow_the_rule() -> None:
    assert SC.is_correct(_case("a-c-1", "block", "promotional"), _res("block", "promotional"))
    assert not SC.is_correct(_case("a-c-2", "block", "promotional"), _res("block", "off_label"))
    assert not SC.is_correct(_case("a-c-3", "allow_with_notice", "off_label"), _res("block", "off_label"))
    assert SC.is_correct(_case("a-c-4", "allow", None), _res("allow"))


def test_rates_per_rule_and_per_source() -> None:
    cases = [
        _case("s-c-1", "allow", None),
        _case("s-c-2", "allow", None),
        _case("s-r-3", "block", "off_label", kind="answer"),
        _case("s-r-4", "allow_with_notice", "adverse_event"),
        _case("s-r-5", "allow", None),
    ]
    results = [
        _res("allow"),
        _res("allow_with_notice", "off_label"),
        _res("block", "off_label"),
        _res("allow"),
        _res("allow"),
    ]
    report = SC.score(cases, results)
    assert report["overall"] == {
        "n": 5,
        "accuracy": 0.6,
        "recall": 0.5,
        "false_positive_rate": 0.333,
        "n_non_allow": 2,
        "n_allow": 3,
    }
    assert report["per_rule"]["off_label"]["recall"] == 1.0
    assert report["per_rule"]["adverse_event"]["recall"] == 0.0
    assert report["per_source"]["corpus"]["false_positive_rate"] == 0.5
    assert report["per_source"]["real_label"]["recall"] == 0.5
    assert report["false_positive_rules"] == {"off_label": 1}


def test_bad_case_line_names_the_file_line_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "cases.jsonl"
    bad.write_text(json.dumps(_case("b-c-1", "allow", None)) + "\n" + json.dumps(_case("b-c-2", "deny", None)) + "\n")
    with pytest.raises(SC.CaseError, match=r"cases\.jsonl:2: field 'expected'"):
        SC.load_cases(bad)


def test_results_must_match_the_cases_line_for_line(tmp_path: Path) -> None:
    results = tmp_path / "results.jsonl"
    results.write_text(json.dumps(_res("allow")) + "\n")
    with pytest.raises(SC.CaseError, match="1 result lines for 2 cases"):
        SC.load_results(results, 2)


def test_groups_split_named_products_from_corpus_and_other_real_labels() -> None:
    groups_script = importlib.util.spec_from_file_location("score_groups", GUARD_EVALS / "score_groups.py")
    assert groups_script and groups_script.loader
    sg = importlib.util.module_from_spec(groups_script)
    groups_script.loader.exec_module(sg)
    cases = [
        {**_case("g-r-1", "block", "off_label", kind="answer"), "product": "new1"},
        {**_case("g-r-2", "allow", None), "product": "new2"},
        {**_case("g-r-3", "allow", None), "product": "old"},
        {**_case("g-c-4", "allow_with_notice", "adverse_event"), "product": "corp"},
    ]
    results = [
        _res("allow"),
        _res("allow_with_notice", "off_label"),
        _res("allow"),
        _res("allow_with_notice", "adverse_event"),
    ]
    report = sg.by_group(cases, results, {"new": {"new1", "new2"}}, per_product=False)
    assert report["per_group"]["new"] == {
        "n": 2, "accuracy": 0.0, "recall": 0.0, "false_positive_rate": 1.0, "n_non_allow": 1, "n_allow": 1,
    }
    assert report["per_group"]["other real label"]["accuracy"] == 1.0
    assert report["per_group"]["corpus"]["recall"] == 1.0
    assert report["recall_per_rule_and_group"]["off_label"] == {"new": {"n": 1, "recall": 0.0}}
    assert "per_product" not in report
