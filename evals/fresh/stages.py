"""Which stage lost each failed question of a dev set: retrieval, composition or the answer/refuse decision.

For every question the chain's final passages (after section, evidence and table-group additions) are
captured, and each key-fact group is looked up in them with the scorer's own matching. A failure is:

* ``a`` -- a key-fact group occurs in no retrieved passage (retrieval's stage);
* ``b`` -- every group is in some passage but the answer lacks one (``b-missing``) or leaves a sentence
  uncited (``b-uncited``);
* ``c`` -- answered an unanswerable question (``c-answered``) or refused an answerable one whose facts
  were all retrieved (``c-refused``);
* a refusal whose facts were not all retrieved counts as ``a``.

Stage ``d`` (the key fact's wording is wrong) needs a reader; the script never prints passage or answer
text, so it may be run on dev sets over labels whose text is not to be shown (``--ids-only``).

    python evals/fresh/stages.py --questions evals/fresh2/dev_questions.jsonl --data-dir D [--ids-only]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from score import citation_problems, contains_fact, load_questions, missing_fact_groups, normalise


def classify(item: dict[str, Any], answer: Any, passages: list[str]) -> str:
    """The stage of one question's failure, or "ok"."""
    unanswerable = item["expected_status"] == "unanswerable"
    answered = answer.status == "answered"
    if unanswerable:
        return "c-answered" if answered else "ok"
    texts = [normalise(p) for p in passages]
    groups = [g for g in item["key_facts"]]
    retrieved = all(any(contains_fact(t, alt) for t in texts for alt in g) for g in groups)
    if not answered:
        return "c-refused" if retrieved else "a-refused"
    missing = missing_fact_groups(answer.answer, groups)
    if missing:
        return "b-missing" if retrieved else "a-missing"
    if citation_problems(answer.answer, [c.n for c in answer.citations]):
        return "b-uncited"
    return "ok"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, required=True)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--ids-only", action="store_true", help="no question text either")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)

    import assistant.chain as chain
    from assistant import Assistant, Settings

    captured: list[list[str]] = []
    original = chain.with_table_groups

    def capturing(hits: Any, loader: Any) -> Any:
        out = original(hits, loader)
        captured.append([h.chunk.text for h in out])
        return out

    chain.with_table_groups = capturing  # type: ignore[assignment]
    assistant = Assistant(Settings(data_dir=args.data_dir))
    rows = []
    for item in load_questions(args.questions):
        captured.clear()
        answer = assistant.ask(item["question"], product=item.get("product"))
        stage = classify(item, answer, captured[-1] if captured else [])
        rows.append({"id": item["id"], "stage": stage, "status": answer.status, "category": item["category"]})
        if stage != "ok":
            shown = "" if args.ids_only else f"  {item['question'][:90]}"
            print(f"{item['id']:<16} {stage:<11} {answer.status:<22}{shown}")
    counts = Counter(r["stage"] for r in rows)
    print(f"{args.questions}: n={len(rows)} " + " ".join(f"{k}={v}" for k, v in sorted(counts.items())))
    if args.json:
        args.json.write_text(json.dumps({"questions": str(args.questions), "rows": rows}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
