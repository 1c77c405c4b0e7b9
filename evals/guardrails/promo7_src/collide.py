"""Mechanical collision check of new case texts against every other *.jsonl case file
(evals/**, ../shared/guardrails/**): exact match, then difflib ratio >= threshold.
Prints only new-case ids and the matched file name, never the matched text."""
import difflib, glob, json, os, sys

def load_others(root, exclude):
    texts = []
    pats = [os.path.join(root, "evals", "**", "*.jsonl"), os.path.join(root, "..", "shared", "guardrails", "**", "*.jsonl")]
    for pat in pats:
        for f in glob.glob(pat, recursive=True):
            if os.path.basename(f) in exclude:
                continue
            try:
                for line in open(f, encoding="utf-8"):
                    try:
                        d = json.loads(line)
                    except Exception:
                        continue
                    t = d.get("text") if isinstance(d, dict) else None
                    if isinstance(t, str):
                        texts.append((t.lower().strip(), os.path.basename(f)))
            except Exception:
                pass
    return texts

def check(cases, others, thr_by_id):
    hits = []
    pool = others + [(c["text"].lower().strip(), "self:" + c["id"]) for c in cases]
    for c in cases:
        a = c["text"].lower().strip(); thr = thr_by_id(c["id"])
        for t, src in pool:
            if src == "self:" + c["id"]:
                continue
            la, lb = len(a), len(t)
            if 2 * min(la, lb) / (la + lb) < thr:
                continue
            if a == t:
                hits.append((c["id"], src, 1.0)); continue
            sm = difflib.SequenceMatcher(None, a, t)
            if sm.real_quick_ratio() >= thr and sm.quick_ratio() >= thr and sm.ratio() >= thr:
                hits.append((c["id"], src, round(sm.ratio(), 3)))
    return hits
