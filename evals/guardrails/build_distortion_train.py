"""Write ``distortion_train.jsonl``: pairs for the distortion head (``assistant/guardrails/distortion.py``).

The head reads a claim minus its nearest label sentence. Its rows are built mechanically, so no new
claim phrasing is written for it:

- ``anchor`` rows: label sentences (the pool a row's nearest sentence is taken from), of the labels
  in ``--data-dir`` that are NOT in ``--exclude-store`` (the bench's store, so "label sentences
  blocked" stays a measure on labels the head never saw), names masked with invented ones.
- ``faithful`` (0): an anchor sentence restated as an answer would: cross-references, trademark
  signs and table markers dropped, the name replaced by "it" or "the drug", sometimes introduced
  by "Per the label, ..."; plus an anchor read against its nearest OTHER sentence of the same label
  (a true statement of the label that is not the sentence it sits next to).
- ``distorted`` (1): the same anchor sentence as distortion usually looks: its hedges made certain
  ("may" -> "will"), its reported shares made universal ("some patients" -> "all patients"), its
  risks denied ("may increase the risk of" -> "does not increase the risk of", "has been reported"
  -> "has never been reported"), its monitoring and cautions waived, its comparator widened
  ("than placebo" -> "than any other treatment"), its figures and confidence intervals deleted.
  Only sentences a rewrite other than deleting figures applies to give a distorted row; each keeps
  its faithful twin.
- ``claim`` (1) / ``neutral`` (0): every row of ``promo_train.jsonl`` and the non-label rows of
  ``claim_contrast_train.jsonl`` (written claims and their balanced twins), read against their
  nearest sentence of the whole anchor pool (they name invented products).

Every row has a ``group`` (the label it comes from, or the invented area of a written row) so
cross-validation holds whole labels out (``train_distortion.py``). Label sentences that share an
8-word run with a readable case file are left out (``tests/test_promo_train_disjoint.py``).

    python evals/guardrails/build_distortion_train.py --data-dir STORE_S6 --exclude-store STORE_S1
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from build_claim_contrast_train import _grams, _label_rows_raw, _name_pattern, _readable_case_grams
from build_promo_train import AREAS

HERE = Path(__file__).parent
OUT = HERE / "distortion_train.jsonl"
SEED = 18
PER_LABEL = 220

_I = re.IGNORECASE
REWRITES: list[tuple[str, re.Pattern[str], str]] = [
    ("risk_denied", re.compile(r"\bmay (increase|cause|result in|lead to|worsen|reduce the effect)", _I), r"does not \1"),  # noqa: E501
    ("risk_denied", re.compile(r"\b(has|have) been (reported|observed)\b", _I), r"\1 never been \2"),
    ("risk_denied", re.compile(r"\b(?:can|could) (cause|occur|result)", _I), r"never \1s"),
    ("risk_denied", re.compile(r"\bincreased risk of\b", _I), "no risk of"),
    ("risk_waived", re.compile(r"\bis not recommended\b", _I), "is perfectly fine"),
    ("risk_waived", re.compile(r"\bshould not be\b", _I), "can safely be"),
    ("risk_waived", re.compile(r"\b(?:use|administer|prescribe) with caution\b", _I), "use freely"),
    ("risk_waived", re.compile(r"^(?:Monitor|Evaluate|Assess|Check|Consider)\b", _I), "There is no need to monitor or"),
    ("risk_waived", re.compile(r"\b(?:is|are) contraindicated\b", _I), "is fine"),
    ("certainty", re.compile(r"\bmay\b(?! (?:not|also))", _I), "will"),
    ("certainty", re.compile(r"\b(?:might|could potentially|can sometimes)\b", _I), "will always"),
    ("universal", re.compile(r"\b(?:some|many|most|a subset of|a majority of|a proportion of) (patients|subjects|adults|children|women|men)\b", _I), r"all \1"),  # noqa: E501
    ("universal", re.compile(r"\b(?:rare|rarely|uncommon|infrequent(?:ly)?)\b", _I), "never"),
    ("superiority", re.compile(r"\b(?:compared (?:with|to)|versus|vs\.?|than) placebo\b", _I), "compared with any other treatment"),  # noqa: E501
    ("superiority", re.compile(r"\b(reduced|decreased|lowered|improved)\b", _I), r"dramatically \1"),
    ("data_deleted", re.compile(r"\s*\((?:[^()]*\d[^()]*)\)"), ""),
    ("data_deleted", re.compile(r"\b\d+(?:\.\d+)?\s*%\s*(?:of )?(patients|subjects)\b", _I), r"virtually all \1"),
]
"""Rewrites that turn a label sentence into the distortion a claim makes of it (applied to build
training pairs only; nothing at run time matches these patterns)."""

_XREF = re.compile(r"\s*[\[(]\s*see [^\])]*[\])]", _I)
_MARKS = re.compile(r"[®™†‡§*]")
FAITHFUL_LEADS = ["Per the label, ", "The label states that ", "According to the prescribing information, ", ""]


def distort(sentence: str, rng: random.Random) -> tuple[str, list[str]] | None:
    """The sentence with one to three applicable rewrites (chosen at random), or None when none applies."""
    applicable = [r for r in REWRITES if r[1].search(sentence)]
    if all(r[0] == "data_deleted" for r in applicable):
        return None  # figures deleted alone leave the statement as it was: no distortion to learn
    chosen = rng.sample(applicable, min(len(applicable), rng.randint(1, 3)))
    text = sentence
    for _name, pattern, replacement in chosen:
        text = pattern.sub(replacement, text, count=1)
    text = " ".join(text.split())
    return (text, sorted({c[0] for c in chosen})) if text != sentence else None


def restate(sentence: str, name: str, rng: random.Random) -> str:
    """The sentence as a faithful answer would give it."""
    text = _MARKS.sub("", _XREF.sub("", sentence))
    if name and rng.random() < 0.5:
        text = re.sub(rf"\b{re.escape(name)}\b", rng.choice(["it", "the drug"]), text, count=1)
    lead = rng.choice(FAITHFUL_LEADS)
    if lead and text[:1].isupper() and not text[:2].isupper():
        text = text[0].lower() + text[1:]
    return " ".join((lead + text).split())


def label_pairs(data_dir: Path, exclude: Path | None, rng: random.Random) -> list[dict[str, object]]:
    """Anchor, faithful and distorted rows of every label not in ``exclude``."""
    by_doc, names = _label_rows_raw(data_dir, exclude)
    quoted = _readable_case_grams()
    rows: list[dict[str, object]] = []
    for i, doc_id in enumerate(sorted(by_doc)):
        invented = AREAS[i % len(AREAS)][1]
        pattern = _name_pattern(names[doc_id])
        group = f"label-{i:02d}"
        sentences = sorted(set(by_doc[doc_id]))
        for sentence in rng.sample(sentences, min(PER_LABEL, len(sentences))):
            if _grams(sentence) & quoted:
                continue
            text = pattern.sub(invented, sentence) if pattern else sentence
            rows.append({"text": text, "label": 0, "kind": "anchor", "group": group})
            rows.append({"text": restate(text, invented, rng), "label": 0, "kind": "faithful", "group": group})
            distorted = distort(text, rng)
            if distorted:
                rows.append({"text": distorted[0], "label": 1, "kind": "distorted", "group": group,
                             "rewrites": distorted[1]})  # fmt: skip
    return rows


def written_rows() -> list[dict[str, object]]:
    """Written claims and balanced twins of the two promotional heads' sets (not their label prose)."""
    rows: list[dict[str, object]] = []
    for name in ("promo_train.jsonl", "claim_contrast_train.jsonl"):
        for line in (HERE / name).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row.get("family") == "label_prose":
                continue
            kind = "claim" if row["label"] == 1 else "neutral"
            rows.append({"text": row["text"], "label": row["label"], "kind": kind, "group": f"area-{row['area']}"})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True, help="store whose label sentences are paired")
    parser.add_argument("--exclude-store", type=Path, help="store whose labels are left out (the bench's)")
    args = parser.parse_args()
    rows = label_pairs(args.data_dir, args.exclude_store, random.Random(SEED)) + written_rows()
    OUT.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    counts: dict[str, int] = {}
    for r in rows:
        counts[str(r["kind"])] = counts.get(str(r["kind"]), 0) + 1
    print(f"{OUT}: {len(rows)} rows {counts}")


if __name__ == "__main__":
    main()
