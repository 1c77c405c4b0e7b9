"""Promotional rail: claims and requests an MSL may not make or produce.

A word list alone over-fires on scientific prose ("superior PFS, HR 0.46"), so
each sentence is scored by features rather than by listed phrases: unsupported
comparative or absolute constructions ("than any", "nothing else comes close",
"for every patient"), risk minimisation (a dismissive word near a safety term),
emotional or lifestyle promises, calls to action aimed at prescribers,
disparagement, and requests to produce promotional material. Every policy
pattern adds its weight per distinct match (up to its ``max_count``), subject to
its proximity and veto conditions (see :mod:`.matching`). Comparative patterns
are discounted when the sentence carries data (percentages, HR/CI/p-values, a
trial name, a citation marker). Requests count only in questions and claims only
in answers (a user quoting or asking about a claim is not making it, and an
answer quoting a deck's "key message" note is not a request); in an answer,
claims inside an interrogative sentence are discounted. A drafting request
("write an e-mail to cardiologists saying every patient belongs on X") is the
exception: the claims are the content the user wants produced, so in a question
sentence that asks for a text to be written (policy ``drafting_pattern``) claims
count at full weight, question mark or not. A sentence whose score reaches
the policy threshold is promotional and blocked.

Where the heads are uncertain and the product's label is known, the sentence is also read against
its nearest label sentence (:mod:`.distortion`): how it departs from what the label says moves the
probability up (spin) or down (a faithful restatement), by the policy's ``distortion_weight``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from assistant.guardrails.distortion import LabelAnchors, anchor_sentences, packaged_distortion_head
from assistant.guardrails.instructions import is_direction
from assistant.guardrails.matching import pattern_matches
from assistant.guardrails.policy import PromotionalPolicy, compile_ci
from assistant.guardrails.promo_model import sentence_vectors
from assistant.guardrails.text import sentence_spans
from assistant.types import GuardrailFinding, TextKind

_EXPLANATIONS = {
    "promo_request": "a request to produce promotional material (slogans, ad copy, sales pitches)",
    "persuade_prescribers": "a request to persuade prescribers, which is a promotional activity",
    "sales_goal": "a sales objective, which medical affairs content may not serve",
    "superlative": "an unqualified superlative claim",
    "hype": "hyperbolic language not supported by labeling",
    "cure_claim": "a cure/permanent-benefit claim not supported by labeling",
    "absolute_claim": "an absolute efficacy claim (guaranteed, always works)",
    "certainty": "an overstated certainty without supporting data",
    "minimised_risk": "a claim that minimises or omits risk (no fair balance)",
    "absolute_comparative": "a comparative claim against all alternatives without head-to-head evidence",
    "comparative_claim": "a comparative claim without supporting data",
    "exclusivity": "a claim that excludes alternatives",
    "call_to_action": "a call to action aimed at prescribers or patients",
    "emotional_appeal": "an emotional or lifestyle appeal",
    "disparaging": "disparagement of competing products or of prescribers who use them",
    "universal_scope": "a claim about every patient without qualification",
    "universal_benefit": "a benefit promised to every patient",
    "absolute_efficacy": "an absolute efficacy claim (always works, never fails)",
    "emotional_cue": "an emotional or lifestyle promise",
    "weak_promo_request": "a request for persuasive material (e-mail, post, talking points)",
    "comparative_pitch": "a request to argue that the product is better than others",
    "learned": "a sentence the promotional classifier recognises as a claim or pitch",
    "prescriber_directive": "a directive to prescribers, which the classifier also reads as a pitch",
    "absolute_quantifier": "an absolute quantifier in a sentence the classifier reads as a claim",
    "bare_comparative": "a comparison without data in a sentence the classifier reads as a claim",
    "risk_dismissal": "a risk played down in a sentence the classifier reads as a claim",
}


Probabilities = Callable[[Sequence[str]], np.ndarray]
Label = tuple[str, Sequence[Sequence[str]]]
"""A product's key and its label sentences grouped by chunk (``LabelProfile.chunk_sentences``)."""


def _packaged_probabilities(contrast_weight: float) -> Probabilities:
    """The packaged heads' P(claim): the first head's, blended with the contrast head's (trained on
    claims against real label prose, see ``evals/guardrails/build_claim_contrast_train.py``) when the
    policy gives it a share. Both read the same cached sentence vectors."""
    from assistant.guardrails.promo_model import packaged_classifier, packaged_head

    def probabilities(sentences: Sequence[str]) -> np.ndarray:
        first = packaged_classifier().probabilities(sentences)
        if contrast_weight == 0 or not len(sentences):
            return first
        contrast = packaged_head("promo_contrast").probabilities(sentences)
        return np.asarray((1 - contrast_weight) * first + contrast_weight * contrast)

    return probabilities


class PromotionalRule:
    def __init__(self, policy: PromotionalPolicy, probabilities: Probabilities | None = None) -> None:
        self.policy = policy
        self.evidence = compile_ci(policy.evidence_pattern)
        self.clause_split = compile_ci(policy.learned.clause_pattern)
        self.drafting = compile_ci(policy.drafting_pattern)
        result = policy.learned.result_pattern
        self._result = compile_ci(result) if result else None
        self.probabilities = probabilities or _packaged_probabilities(policy.learned.contrast_weight)
        self._names: re.Pattern[str] | None = None
        self._anchors = LabelAnchors()
        self._anchor_memo: dict[str, tuple[int, np.ndarray]] = {}

    def use_cache_dir(self, cache_dir: Path) -> None:
        """Where label-sentence vectors are kept between processes (the data dir's ``cache/``)."""
        self._anchors = LabelAnchors(cache_dir)
        self._anchor_memo.clear()

    def label_vectors(self, label: Label | None) -> np.ndarray | None:
        """Vectors of the label's sentences (None without a label or with the distortion head off);
        built on a product's first use and kept while its sentences are the same object."""
        if label is None or self.policy.learned.distortion_weight == 0:
            return None
        key, chunk_sentences = label
        memo = self._anchor_memo.get(key)
        if memo is not None and memo[0] == id(chunk_sentences):
            return memo[1]
        vectors = self._anchors.vectors(anchor_sentences(chunk_sentences), packaged_distortion_head().model)
        self._anchor_memo[key] = (id(chunk_sentences), vectors)
        return vectors

    def know_products(self, names: set[str]) -> None:
        """The catalog's product and brand names: a brand written in capitals ("HUMIRA") has the shape
        of a trial acronym ("FLAURA") but is no data, so it must not discount a claim."""
        words = sorted((re.escape(n) for n in names if n), key=len, reverse=True)
        self._names = re.compile(r"\b(?:" + "|".join(words) + r")\b", re.I) if words else None

    def has_data(self, sentence: str) -> bool:
        """The sentence carries data (a number with a statistic, a citation, a trial name)."""
        unnamed = self._names.sub(" ", sentence) if self._names else sentence
        return bool(self.evidence.search(unnamed))

    def _states_result(self, sentence: str) -> bool:
        """A result in the sentence (policy ``learned.result_pattern``; any evidence when unset). A trial
        named without its result ("the trial settled it: X is the best option") invokes data, states none."""
        return self._result is None or bool(self._result.search(sentence))

    def _learned_factor(self, sentence: str, kind: TextKind) -> float:
        """The share of the learned feature (and its cues) this sentence can receive: none in a
        plain question (the classifier cannot tell asking about a claim from making it; requests
        to persuade or sell are the patterns' job), discounted with data or in an interrogative."""
        cfg = self.policy.learned
        if not cfg.enabled or (kind == "question" and not self.is_drafting(sentence, kind)):
            return 0.0
        if kind == "answer" and is_direction(self.body(sentence)):
            return 0.0  # administration directions restated ("do not double the dose"): no claim to learn
        factor = 1.0
        if cfg.data_discount and self.has_data(sentence) and self._states_result(sentence):
            factor *= 1 - self.policy.data_discount
        if sentence.rstrip().endswith("?") and not self.is_drafting(sentence, kind):
            factor *= self.policy.question_factor
        return factor

    def _learned_ceiling(self, sentence: str, kind: TextKind) -> float:
        """The most the learned feature can add to this sentence (p = 1, every cue). The embedder only
        runs where that can still reach the threshold: a cited or data-carrying sentence, or a question,
        needs rule evidence too, so typical composed answers ("... [1].") cost no embedding."""
        cfg = self.policy.learned
        return self._learned_factor(sentence, kind) * (cfg.weight + (cfg.cue_cap if cfg.cues else 0.0))

    def cue_hits(self, sentence: str) -> tuple[float, list[tuple[str, int, int]]]:
        """Structural cues of a claim in the sentence: their summed weight (capped) and spans."""
        cfg = self.policy.learned
        total = 0.0
        hits: list[tuple[str, int, int]] = []
        for cue in cfg.cues:
            matches = pattern_matches(cue, sentence)
            total += cue.weight * len(matches)
            hits += [(cue.name, m.start(), m.end()) for m in matches]
        return min(total, cfg.cue_cap), hits

    def is_drafting(self, sentence: str, kind: TextKind) -> bool:
        """A question sentence asking for a text to be written: its claims are what would be produced."""
        return kind == "question" and bool(self.drafting.search(sentence))

    def learned_scores(self, sentences: Sequence[str], kind: TextKind = "answer") -> list[float]:
        """The learned feature's contribution to each sentence's score (0 when disabled)."""
        return [score for score, _ in self.learned_evidence(sentences, kind)]

    def learned_evidence(
        self, sentences: Sequence[str], kind: TextKind = "answer", anchors: np.ndarray | None = None
    ) -> list[tuple[float, list[tuple[str, int, int]]]]:
        """Per sentence: what the classifier adds (``weight`` scaled above ``floor``) plus, where its
        probability reaches ``cue_gate``, the structural cues; with the spans of the cues that count."""
        cfg = self.policy.learned
        if not cfg.enabled or cfg.weight == 0 or not sentences:
            return [(0.0, [])] * len(sentences)
        out: list[tuple[float, list[tuple[str, int, int]]]] = []
        for sentence, p in zip(sentences, self.sentence_probabilities(sentences, anchors), strict=True):
            factor = self._learned_factor(sentence, kind)
            score = cfg.weight * max(0.0, (float(p) - cfg.floor) / (1 - cfg.floor))
            cues, hits = self.cue_hits(sentence) if float(p) >= cfg.cue_gate else (0.0, [])
            out.append((factor * (score + cues), hits if factor * (score + cues) > 0 else []))
        return out

    def clauses(self, sentence: str) -> list[str]:
        """The sentence's clauses long enough to read alone (none when it does not split)."""
        parts = [c.strip() for c in self.clause_split.split(sentence)]
        long = [c for c in parts if len(c.split()) >= self.policy.learned.clause_min_words]
        return long if len(long) >= 2 else []

    def body(self, sentence: str) -> str:
        """The sentence without a short leading heading ("Chat summary for the team: ...", "Slide 6
        bullet: ..."): the heading names the document, not what it claims, and read together it pulls
        the sentence vector towards neutral working prose (a claim at p 0.6 alone scored 0.08 with it)."""
        head = _HEADING.match(sentence)
        if not head:
            return sentence
        rest = sentence[head.end() :]
        return rest if len(rest.split()) >= self.policy.learned.clause_min_words else sentence

    def sentence_probabilities(self, sentences: Sequence[str], anchors: np.ndarray | None = None) -> list[float]:
        """P(claim) per sentence: the higher of the whole sentence's and its body's (without a heading),
        pulled halfway towards its most promotional clause when that is higher (one embedding batch);
        then, with the label's sentence vectors, moved towards the distortion head's reading."""
        bodies = [self.body(s) for s in sentences]
        parts = [self.clauses(b) for b in bodies]
        flat = [*sentences, *bodies, *(c for cl in parts for c in cl)]
        probs = [float(p) for p in self.probabilities(flat)] if flat else []
        out: list[float] = []
        offset = 2 * len(sentences)
        for i, cl in enumerate(parts):
            whole = max(probs[i], probs[len(sentences) + i])
            if cl:
                best = max(probs[offset : offset + len(cl)])
                whole = max(whole, (whole + best) / 2)
                offset += len(cl)
            out.append(whole)
        return self._with_distortion(bodies, out, anchors) if anchors is not None and len(anchors) else out

    def _with_distortion(self, bodies: Sequence[str], probs: list[float], anchors: np.ndarray) -> list[float]:
        """Probabilities inside the policy's band combined with the distortion head's d (the body against
        its nearest label sentence): d is more evidence of a claim (a noisy-OR, so a sentence both
        readings half-recognise rises), unless d is so low, and the sentence so close to a label
        sentence, that it reads as a faithful restatement, which pulls p down (a balanced sentence the
        heads half-suspect). A claim low d but far from every label sentence is not a restatement (a
        pitch on a topic the label never covers). Outside the band, or without a label sentence that
        shares the topic, p stays as it is."""
        cfg = self.policy.learned
        low, high = cfg.distortion_band
        todo = [i for i, p in enumerate(probs) if low <= p <= high]
        if not todo:
            return probs
        head = packaged_distortion_head()
        vectors = sentence_vectors(head.model)([bodies[i] for i in todo])
        out = list(probs)
        w = cfg.distortion_weight
        readings = zip(todo, *head.readings(vectors, anchors), strict=True)
        for i, d, sim in ((i, float(d), float(sim)) for i, d, sim in readings):
            if sim < cfg.distortion_min_similarity:
                continue  # no label sentence shares its topic: the difference is subject matter, not spin
            faithful = d <= cfg.distortion_faithful and sim >= cfg.distortion_faithful_similarity
            out[i] = (1 - w) * probs[i] + w * d if faithful else 1 - (1 - probs[i]) * (1 - w * d)
        return out

    def sentence_score(self, sentence: str, kind: TextKind = "answer") -> tuple[float, list[tuple[str, int, int]]]:
        """Score of one sentence and the (pattern name, start, end) hits behind it."""
        has_data = self.has_data(sentence)
        drafting = self.is_drafting(sentence, kind)
        claim_factor = self.policy.question_factor if sentence.rstrip().endswith("?") and not drafting else 1.0
        score = 0.0
        hits: list[tuple[str, int, int]] = []
        for pattern in self.policy.patterns:
            if pattern.request and kind != "question":
                continue
            if not pattern.request and kind == "question" and not drafting:
                continue
            matches = pattern_matches(pattern, sentence)
            if not matches:
                continue
            weight = pattern.weight
            if pattern.comparative and has_data:
                weight *= 1 - self.policy.data_discount
            if not pattern.request:
                weight *= claim_factor
            score += weight * len(matches)
            hits += [(pattern.name, m.start(), m.end()) for m in matches]
        return score, hits

    def _open_sentences(
        self,
        text: str,
        spans: list[tuple[int, int]],
        scored: list[tuple[float, list[tuple[str, int, int]]]],
        kind: TextKind,
    ) -> list[int]:
        """Sentences the learned feature could still lift over the threshold; none once a pattern
        has blocked a sentence (the text's decision is made, no embedding is needed)."""
        threshold = self.policy.threshold
        if any(score >= threshold for score, _ in scored):
            return []
        return [
            i
            for i, (score, _) in enumerate(scored)
            if threshold <= score + self._learned_ceiling(text[spans[i][0] : spans[i][1]], kind)
        ]

    def scan(
        self, text: str, kind: TextKind, learned: bool = True, label: Label | None = None
    ) -> list[GuardrailFinding]:
        """Findings of every sentence that reaches the threshold. ``learned=False`` scores with the
        patterns alone (the engine passes it when another rail already blocks the text); ``label`` is
        the product's label, read by the distortion head (its vectors are built only when needed)."""
        findings: list[GuardrailFinding] = []
        spans = _attach_citations(text, sentence_spans(text))
        scored = [self.sentence_score(text[a:b], kind) for a, b in spans]
        open_idx = self._open_sentences(text, spans, scored, kind) if learned else []
        anchors = self.label_vectors(label) if open_idx else None
        extras = self.learned_evidence([text[spans[i][0] : spans[i][1]] for i in open_idx], kind, anchors)
        for i, (extra, cue_hits) in zip(open_idx, extras, strict=True):
            if extra > 0:
                a, b = spans[i]
                score, hits = scored[i]
                scored[i] = (score + extra, [*hits, *cue_hits, ("learned", 0, b - a)])
        for (a, _b), (score, hits) in zip(spans, scored, strict=True):
            if score < self.policy.threshold:
                continue
            for name, start, end in hits:
                reason = _EXPLANATIONS.get(name, f"promotional language ({name})")
                findings.append(
                    GuardrailFinding(
                        rule="promotional",
                        span=text[a + start : a + end],
                        start=a + start,
                        end=a + end,
                        message=f"Promotional content: {reason} (sentence score {score:.1f} ≥ "
                        f"{self.policy.threshold:g}); scientific exchange must be balanced and consistent "
                        "with the approved labeling.",
                        decision="block",
                    )
                )
        return findings


_HEADING = re.compile(r"^\s*(?:[\w'/&-]+\s+){0,5}[\w'/&-]+:\s+")
"""A leading heading of at most six words ended by a colon ("Re the transcript: ", "Pharmacist counter tip: ")."""

_LEADING_CITATIONS = re.compile(r"^\s*(?:\[\d+(?:[,\u2013-]\s*\d+)*\]\s*)+")


def _attach_citations(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A citation written after the full stop ("... pathogens. [1]") belongs to the sentence before it."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        lead = _LEADING_CITATIONS.match(text[a:b])
        if out and lead:
            out[-1] = (out[-1][0], a + lead.end())
            a += lead.end()
        if text[a:b].strip():
            out.append((a, b))
    return out
