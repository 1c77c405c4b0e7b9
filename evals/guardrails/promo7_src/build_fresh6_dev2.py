"""Write evals/guardrails/fresh6_dev2_cases.jsonl (dev, ids g6e-r-NNN) and check collisions (dev threshold 0.85)."""
import json, os, sys
sys.path.insert(0, os.path.dirname(__file__))
import collide, fresh6_dev2_src
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
cases = [{"id": f"g6e-r-{i:03d}", "kind": k, "product": p, "text": t, "expected": e, "rule": r}
         for i, (k, p, e, r, t) in enumerate(fresh6_dev2_src.C, 1)]
if "--check" in sys.argv:
    others = collide.load_others(ROOT, {"fresh6_dev2_cases.jsonl"})
    hits = collide.check(cases, others, lambda i: 0.85)
    for h in hits: print("COLLISION", h)
    print("checked", len(cases), "against", len(others), "hits", len(hits))
with open(os.path.join(ROOT, "evals", "guardrails", "fresh6_dev2_cases.jsonl"), "w") as f:
    for c in cases: f.write(json.dumps(c, ensure_ascii=False) + "\n")
from collections import Counter
print(len(cases), Counter(c["expected"] for c in cases), Counter(c["rule"] for c in cases), Counter(c["product"] for c in cases), Counter(c["kind"] for c in cases))
