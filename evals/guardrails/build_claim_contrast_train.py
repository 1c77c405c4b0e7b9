"""Write ``claim_contrast_train.jsonl``: the set the SECOND promotional head learns from.

Why a second head: the first head (``promo_train.jsonl``) learned claims against hand-written neutral
frames only, so a claim with no trigger word ("people stay on it and never look back") and a plain
label sentence sit close together for it, and every earlier attempt to add claim families to it
also raised label prose ("X is a humanized IgG1 antibody that binds ...") over its threshold. This
head contrasts claims with what an answer legitimately says: thousands of real label sentences
(the natural negatives: data-stating, neutral, in the register of every cited answer), plus
hand-written neutral frames that report comparisons and outcomes WITH their data or hedges.

Rows (each ``{"text", "label", "family", "area"}``):

- ``label_prose`` (0): sentences of approved label chunks read from a state folder (``--data-dir``),
  only of labels whose product is NOT in the bench store (``--exclude-store``, the store
  ``bench_guardrails.py`` reads), so the bench's "label sentences blocked as answers" stays a
  measure on labels this head never saw. Every product and brand name of the label is replaced by
  an invented name, so the head cannot learn "this product's name = neutral" (which would cost
  recall on claims about that product) and the file names no real product.
- claim families (1), written for this head in varied voices (a rep in a hallway, a testimonial,
  consumer copy, a confident specialist, an e-mail blast): comparisons with the class or older
  options without numbers, outcome promises in plain words, staying on for good, risks of the
  class said not to happen with this one, patients' lives given back. Filled with the invented
  areas of ``build_promo_train.py``.
- neutral families (0): the same topics said as a label or a careful answer would (comparisons with
  numbers or "no head-to-head data", outcomes as trial endpoints, hedged experience, the class risk
  stated as a warning).

Training also reads every row of ``promo_train.jsonl`` with its own label (``train_promo.py --task
promo_contrast``). Frames share no 8-word run with a readable case file
(``tests/test_promo_train_disjoint.py``). Deterministic for a given store.

    python evals/guardrails/build_claim_contrast_train.py --data-dir STORE_S4 --exclude-store STORE_S1
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

import claim_contrast_voices  # noqa: E402
import promo_themes  # noqa: E402
from build_promo_train import AREAS, frame_rows  # noqa: E402

OUT = Path(__file__).with_name("claim_contrast_train.jsonl")
SEED = 14
PER_FRAME = 6
PER_LABEL = 150
"""Label sentences kept per label (seeded sample): enough prose per register without one long label
dominating."""

CLAIMS = {
    "class_comparison_plain": [
        "Honestly, nothing else in the {cls} space comes close to {drug}.",
        "Once {spec} try {drug}, the other {cls}s start to look like yesterday's medicine.",
        "{drug} just does the job the older {cls}s were always supposed to do.",
        "None of the alternatives for {cond} hold a candle to {drug}.",
        "Everybody in {spec_one} circles knows {drug} is the one to beat.",
        "Put {drug} side by side with {comp} and there's no contest.",
        "The rest of the class is still catching up with {drug}.",
        "{comp} had its day; {drug} is where {cond} care is now.",
    ],
    "outcome_promise_plain": [
        "People on {drug} get back to doing the things {cond} took away from them.",
        "With {drug}, {cond} stops running your patients' lives.",
        "Your patients will wake up one morning and realise {cond} is simply not there anymore.",
        "Families tell us {drug} gave them their mum back.",
        "On {drug}, patients go from barely coping to living again.",
        "{drug} lets people plan holidays and weddings again instead of planning around {cond}.",
        "Give it a month on {drug} and patients stop talking about {cond} at all.",
        "Kids on {drug} are back in class and on the playing field like any other child.",
    ],
    "stay_for_good": [
        "Patients who start {drug} stay on it, because they never want to feel the old way again.",
        "After {drug}, no one asks to go back to {comp}.",
        "Once people are settled on {drug} they don't look anywhere else.",
        "Switch them to {drug} once and that is the last switch they will ever need.",
    ],
    "class_risk_absent": [
        "The {ae} everyone worries about with {comp} just isn't part of the picture with {drug}.",
        "You can stop bracing for {ae}; that's a problem of the other {cls}s, not this one.",
        "{drug} spares patients the {ae} that made the older options such a headache.",
        "With {drug} in place of {comp}, the {ae} conversation never needs to happen.",
        "None of the {ae} trouble that follows {comp} around comes with {drug}.",
    ],
    "testimonial_voice": [
        "I've put dozens of people on {drug} and every one of them has thanked me.",
        "In my practice {drug} has never let a single patient down.",
        "My {cond} patients on {drug} are the happiest people in my waiting room.",
        "Ask anyone who has taken {drug}: they'd never trade it for anything.",
    ],
    "worry_free_use": [
        "{spec} can hand out {drug} without giving {ae} a second thought.",
        "People can stay on {drug} for years and never have to think about {ae}.",
        "With {drug} there's no need to keep an eye out for {ae} the way you do with {comp}.",
        "Nobody on {drug} has to lose sleep over {ae}.",
    ],
    "reassured_party": [
        "Carers can rely on {drug} to have {cond} under control by the end of the week.",
        "Mums and dads can trust {drug} to sort {cond} out overnight.",
        "{spec} can count on {drug} to deliver for every single person they see with {cond}.",
        "Your nurses will thank you: on {drug}, {cond} quietly takes care of itself.",
    ],
    "timed_outcome": [
        "A few days on {drug} and {cond} is behind them.",
        "By the second week on {drug}, the {cond} has lifted and it stays that way.",
        "From the first dose, {drug} starts giving people their normal routine back.",
        "Within a month on {drug}, patients are doing everything their friends are doing.",
    ],
    "class_dismissal": [
        "The other {cls}s can't touch {drug} on tolerability.",
        "{comp} simply isn't in the same conversation as {drug} anymore.",
        "When it comes to {cond}, {drug} is the only name {spec} really need to remember.",
        "Why settle for {comp} when {drug} is sitting right there?",
    ],
    "consumer_copy": [
        "Feel like yourself again with {drug}.",
        "{drug}: because life's too short to let {cond} call the shots.",
        "Say goodbye to {cond} and hello to the weekends you've been missing.",
        "Get your evenings back. Get {drug}.",
    ],
}

NEUTRAL = {
    "comparison_with_data": [
        "In {trial}, {endpoint} favoured {drug} over {comp}, with a hazard ratio of 0.78 (95% CI 0.65 to 0.93).",
        "Rates of {ae} were 4.1% with {drug} and 3.8% with {comp} in the controlled trials.",
        "No head-to-head trial has compared {drug} with other {cls}s, and the label supports no ranking among them.",
        "The label's trials compared {drug} with placebo only; comparisons with {comp} come from separate studies.",
        "Response rates in the two arms were similar, and the study was not designed to show superiority.",
    ],
    "outcome_as_endpoint": [
        "At week 24, 46% of patients on {drug} met the {endpoint} endpoint compared with 21% on placebo.",
        "Patient-reported quality of life was a secondary endpoint, and the label does not describe its results.",
        "Some patients in the trial regained function, while others showed no meaningful change.",
        "Improvements in {endpoint} were seen in a subset of patients and were not maintained in all of them.",
        "The median duration of response was 11.2 months, and responses continued in some patients at data cutoff.",
    ],
    "hedged_experience": [
        "Experience in clinical practice varies, and individual results may differ from the trial populations.",
        "Many patients continued treatment beyond one year in the extension study, although discontinuations occurred.",
        "Adherence was not formally assessed in {trial}.",
        "Whether the benefit persists after stopping {drug} has not been established.",
    ],
    "reassurance_with_limits": [
        "Most patients in the trials tolerated {drug}, but {ae} occurred and patients should know the signs.",
        "Caregivers should be told which symptoms of {ae} need a call to the prescriber.",
        "Symptoms of {cond} improved in many patients by week 2, "
        "although the label does not report how long the effect lasts.",
        "Whether {drug} works better than {comp} for {cond} has not been studied directly.",
    ],
    "class_risk_as_warning": [
        "{ae} has been reported with {cls}s, including {drug}; monitor patients as the label recommends.",
        "The label lists {ae} among the warnings for {drug}, as for other members of its class.",
        "Patients switching from {comp} to {drug} should be monitored for {ae} during the first months.",
        "The incidence of {ae} with {drug} was low in trials, but cases have been reported, and some were serious.",
    ],
}


def _claim_rows(rng: random.Random) -> list[dict[str, object]]:
    return frame_rows(rng, ((1, CLAIMS), (0, NEUTRAL)), PER_FRAME)


def _voice_rows(rng: random.Random) -> list[dict[str, object]]:
    """Claims and neutral text in an MSL's working documents (``claim_contrast_voices.py``); a separate
    seed, so adding them leaves every earlier row as it was."""
    voices = ((1, claim_contrast_voices.CLAIMS), (0, claim_contrast_voices.NEUTRAL))
    return frame_rows(rng, voices, PER_FRAME)


THEMES_PER_FRAME = 4


def _theme_rows(rng: random.Random) -> list[dict[str, object]]:
    """The promo7-round themes (``promo_themes.py``: dismissed monitoring and warnings, stretched trial
    results, testimonials, chat shorthand, coverage as superiority ...) with their neutral twins, in their
    own seed so every earlier row stays as it was. Only this head learns them: added to the first head's
    set as well, they lifted 4 more uncited label sentences over the threshold (s1, 2,239 sentences) for
    no further promotional case; in this head alone label prose stays where it was."""
    return frame_rows(rng, ((1, promo_themes.CLAIMS), (0, promo_themes.NEUTRAL)), THEMES_PER_FRAME)


def _name_pattern(names: list[str]) -> re.Pattern[str] | None:
    """Every product and brand name of a label, and each part of a combination ("a/b")."""
    parts = {p.strip() for n in names for p in re.split(r"[/,]| and ", n) if len(p.strip()) >= 4}
    parts |= {n.strip() for n in names if n and len(n.strip()) >= 4}
    if not parts:
        return None
    alternatives = "|".join(re.escape(p) for p in sorted(parts, key=len, reverse=True))
    return re.compile(r"\b(?:" + alternatives + r")(?:®|™|\(R\))?", re.I)


N_GRAM = 8
HELD_OUT = re.compile(r"^fresh\d*_cases\.jsonl$")
"""Held-out case files: never opened here (engineers may not read them)."""


def _grams(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {tuple(words[i : i + N_GRAM]) for i in range(len(words) - N_GRAM + 1)}


def _readable_case_grams() -> set[tuple[str, ...]]:
    """8-word runs of every readable case file: a label sentence a case quotes is left out, so the head
    does not score that case from memory (``tests/test_promo_train_disjoint.py``)."""
    here = Path(__file__).parent
    files = [p for p in here.glob("*.jsonl") if "train" not in p.name and not HELD_OUT.match(p.name)]
    shared = ROOT.parent / "shared" / "guardrails" / "dev_cases.jsonl"
    grams: set[tuple[str, ...]] = set()
    for path in [*files, shared] if shared.exists() else files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                grams |= _grams(str(json.loads(line)["text"]))
    return grams


def _label_rows_raw(data_dir: Path, exclude_store: Path | None) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Sentences (6 to 60 words) of each approved label not in ``exclude_store``, by document, and the
    label's names (also read by ``build_distortion_train.py``)."""
    from assistant.api import Assistant
    from assistant.config import Settings
    from assistant.retrieval.text import split_sentences
    from assistant.types import ChunkFilter

    def label_chunks(store_dir: Path) -> list:  # type: ignore[type-arg]
        return Assistant(Settings(data_dir=store_dir)).store.all_chunks(ChunkFilter(doc_types=["label"]))

    excluded = {c.meta.product for c in label_chunks(exclude_store)} if exclude_store else set()
    by_doc: dict[str, list[str]] = {}
    names: dict[str, list[str]] = {}
    for chunk in label_chunks(data_dir):
        if chunk.meta.product in excluded or chunk.meta.status != "approved":
            continue
        names[chunk.doc_id] = [n for n in (chunk.meta.product, chunk.meta.brand) if n]
        for sentence in split_sentences(chunk.text):
            if 6 <= len(sentence.split()) <= 60 and not sentence.isupper():
                by_doc.setdefault(chunk.doc_id, []).append(" ".join(sentence.split()))
    return by_doc, names


def _label_rows(data_dir: Path, exclude_store: Path | None, rng: random.Random) -> list[dict[str, object]]:
    """Label sentences of the labels not in ``exclude_store``, names masked with invented ones."""
    by_doc, names = _label_rows_raw(data_dir, exclude_store)
    quoted = _readable_case_grams()
    rows: list[dict[str, object]] = []
    for i, doc_id in enumerate(sorted(by_doc)):
        invented = AREAS[i % len(AREAS)][1]
        pattern = _name_pattern(names[doc_id])
        sentences = sorted(set(by_doc[doc_id]))
        for sentence in rng.sample(sentences, min(PER_LABEL, len(sentences))):
            text = pattern.sub(invented, sentence) if pattern else sentence
            if _grams(text) & quoted or _grams(sentence) & quoted:
                continue
            rows.append({"text": text, "label": 0, "family": "label_prose", "area": f"label-{i:02d}"})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True, help="store whose label sentences are negatives")
    parser.add_argument("--exclude-store", type=Path, help="store whose labels are left out (the bench's)")
    args = parser.parse_args()
    rng = random.Random(SEED)
    rows = _claim_rows(rng) + _label_rows(args.data_dir, args.exclude_store, rng)
    rows += _voice_rows(random.Random(SEED + 1))
    rows += _theme_rows(random.Random(SEED + 2))
    OUT.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    positives = sum(int(r["label"] == 1) for r in rows)  # type: ignore[call-overload]
    print(f"{OUT}: {len(rows)} sentences ({positives} claims, {len(rows) - positives} neutral)")


if __name__ == "__main__":
    main()
