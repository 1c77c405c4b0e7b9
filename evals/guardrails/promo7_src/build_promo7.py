"""Build promo7 held-out / dev split by a seeded shuffle of FAMILIES (no family straddles).
Run: python evals/guardrails/promo7_src/build_promo7.py"""
import json, os, random, sys
sys.path.insert(0, os.path.dirname(__file__))
import families_a, families_b, collide
SEED = 7207
HELD_FRACTION = 0.55
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
rows = families_a.F + families_b.F
fams = {}
for r in rows:
    fams.setdefault(r[0], []).append(r)
names = sorted(fams)
random.Random(SEED).shuffle(names)
total = len(rows); held, dev = [], []
for n in names:
    (held if len(held) < HELD_FRACTION * total else dev).extend(fams[n])
FAM = {}
def mk(lst, prefix):
    out = []
    for i, (fam, kind, prod, exp, rule, text) in enumerate(lst, 1):
        out.append({"id": f"{prefix}-{i:03d}", "kind": kind, "product": prod, "text": text, "expected": exp, "rule": rule}); FAM[f"{prefix}-{i:03d}"] = fam
    return out
H = mk(held, "p7"); D = mk(dev, "p7d")
if "--check" in sys.argv:
    others = collide.load_others(ROOT, {"promo7_cases.jsonl", "promo7_dev_cases.jsonl"})
    hits = collide.check(H + D, others, lambda i: 0.9 if i.startswith("p7-") else 0.85)
    for h in hits: print("COLLISION", h)
    print("checked", len(H) + len(D), "against", len(others), "hits", len(hits))
for fn, data in (("promo7_cases.jsonl", H), ("promo7_dev_cases.jsonl", D)):
    with open(os.path.join(ROOT, "evals", "guardrails", fn), "w") as f:
        for d in data:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
json.dump({"seed": SEED, "held_fraction": HELD_FRACTION, "family_of": FAM}, open(os.path.join(ROOT, "evals", "guardrails", "promo7_families.json"), "w"), indent=0)
from collections import Counter
for nm, data in (("held", H), ("dev", D)):
    print(nm, len(data), Counter(d["expected"] for d in data), Counter(d["kind"] for d in data), "families", len({FAM[d["id"]] for d in data}))
