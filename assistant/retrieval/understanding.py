"""Question understanding that is not lexical: which label section answers a question.

The wording rules of :mod:`assistant.retrieval.intents` recognise "dose",
"boxed warning", "pregnancy"… but not "Does it come with a black box?", "How is
it given?" or "What is it for?". Here each section intent has a few natural,
product-free phrasings (its *prototypes*). A question is embedded with the
packaged MiniLM embedder and compared with every prototype; the nearest intent
is taken when its similarity is high enough and clearly above the next intent
(a margin), so a question between two kinds adds nothing rather than a guess.
The rules and the prototypes are combined: the rules keep what they find, the
prototypes add the intent the wording missed.

The prototypes also give a *framing vocabulary*: words that say what kind of
answer is wanted ("carry", "work", "come", "take") rather than what it is about.
A stem is framing when it occurs in the prototypes of several intents, or in
those of the intent the question was matched to. The composer does not rank
sentences by these words and the chain's key-term check does not require them,
so a refusal never comes from a question word the passages do not use.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from assistant.embeddings import kept_vectors
from assistant.retrieval.intents import INTENTS, SectionIntent, detect_intents, narrowed
from assistant.retrieval.text import content_terms

PROTOTYPES: dict[str, tuple[str, ...]] = {
    "dosing": (
        "What is the recommended dose?",
        "What is the usual or typical dose?",
        "How is the drug dosed?",
        "How is it given?",
        "How is it administered to patients?",
        "What is the starting dose and how is it titrated?",
        "How often do patients take it?",
        "What are the loading and maintenance doses?",
        "How do you escalate the dose?",
        "What is the dosing schedule or regimen?",
        "What should a patient do about a missed dose?",
        "What is the maximum daily dose?",
        "How long should treatment continue?",
        "What should be done if this side effect occurs?",
        "How is the dose modified or withheld for an adverse reaction?",
        "When should treatment be stopped if there is no response?",
        "Can it be taken with food?",
        "What route of administration is used?",
        "Can it be given intravenously, subcutaneously or orally instead?",
        "Is it given by injection, infusion or by mouth?",
    ),
    "dosage_forms": (
        "What strengths is it available in?",
        "What dosage forms does it come in?",
        "Which tablet strengths exist?",
        "Is it supplied as a pen, a vial or tablets?",
        "What formulations are available?",
    ),
    "contraindications": (
        "Who should not take it?",
        "What are the contraindications?",
        "In which patients must it never be used?",
        "When is the drug contraindicated?",
        "Can a patient with this condition take it?",
        "When should it not be used?",
    ),
    "mechanism": (
        "How does it work?",
        "What is the mechanism of action?",
        "What does the drug bind to?",
        "What does it inhibit or block?",
        "What is the molecular target of the drug?",
        "How does the drug act in the body?",
        "What kind of molecule is it and what does it do?",
    ),
    "adverse_reactions": (
        "What are the side effects?",
        "What are the most common adverse reactions?",
        "How well is it tolerated?",
        "Which adverse events were reported in the trials?",
    ),
    "interactions": (
        "What drugs interact with it?",
        "Can it be taken with other medicines?",
        "Are there any drug interactions?",
        "Does it affect CYP enzymes or other drugs' levels?",
    ),
    "pregnancy": (
        "Can it be used during pregnancy?",
        "Is it safe for pregnant women?",
        "What is the risk to the fetus?",
    ),
    "lactation": (
        "Can it be used while breastfeeding?",
        "Does it pass into breast milk?",
        "Can a nursing mother take it?",
    ),
    "pediatric": (
        "Can children use it?",
        "Is it approved for pediatric patients?",
        "Is it safe in adolescents and kids?",
    ),
    "geriatric": (
        "Is it safe in elderly patients?",
        "Do older adults need a different dose?",
        "Are there concerns in geriatric patients?",
        "Is a different dose needed for men or women over 65?",
    ),
    "specific_populations": (
        "Is a dose adjustment needed in kidney disease?",
        "Can it be used with liver problems?",
        "What about patients with renal or hepatic impairment?",
    ),
    "pharmacokinetics": (
        "What is the half-life?",
        "How is it metabolized and eliminated?",
        "How quickly is it absorbed and when are peak levels reached?",
        "What is its bioavailability?",
    ),
    "efficacy": (
        "What did the clinical trials show?",
        "How effective is it?",
        "What were the study results?",
        "What was the primary endpoint and was it met?",
        "How did it do against placebo?",
    ),
    "boxed_warning": (
        "What is the boxed warning?",
        "Does it carry a black box warning?",
        "Does it come with a boxed warning?",
        "What is the most serious warning on the label?",
        "Is there a black box?",
    ),
    "warnings": (
        "What are the warnings and precautions?",
        "What serious risks does it carry?",
        "What safety precautions apply?",
        "When should a patient stop using it and ask a doctor?",
    ),
    "monitoring": (
        "What should be monitored during treatment?",
        "Which lab tests are needed before starting?",
        "What needs to be checked before each dose?",
        "What laboratory monitoring is required?",
        "What should be assessed at baseline and periodically?",
        "Are blood tests required while on it?",
    ),
    "indications": (
        "What is it indicated for?",
        "What is it approved for?",
        "Which conditions does it treat?",
        "What are all of its indications?",
        "What is it used for?",
    ),
    "overdose": (
        "What happens in an overdose?",
        "How is an overdose managed?",
        "What if a patient takes too much?",
    ),
    "storage": (
        "How should it be stored?",
        "Does it need to be refrigerated?",
        "How long can it stay at room temperature?",
    ),
    "description": (
        "What are the inactive ingredients?",
        "What are the active ingredients?",
        "What is in the tablet besides the drug?",
        "What is its chemical structure?",
    ),
}
"""Product-free phrasings per intent (names as in ``intents.INTENTS``)."""

MIN_SIMILARITY = 0.55
"""A question this close (cosine) to a prototype may take that prototype's intent."""
MIN_MARGIN = 0.05
"""…when the best intent beats every other intent by this much."""
GENERIC_SHARE = 3
"""A stem in the prototypes of this many intents frames any question."""

_BY_NAME = {intent.name: intent for intent in INTENTS}


class QueryEmbedder(Protocol):
    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def _stems_by_intent() -> dict[str, frozenset[str]]:
    return {name: frozenset(t for p in phrases for t in content_terms(p)) for name, phrases in PROTOTYPES.items()}


_PROTOTYPE_STEMS = _stems_by_intent()
GENERIC_FRAMING: frozenset[str] = frozenset(
    stem for stem, n in Counter(s for stems in _PROTOTYPE_STEMS.values() for s in stems).items() if n >= GENERIC_SHARE
)
"""Stems that frame questions of many kinds ("drug", "patient", "take", "use")."""


def framing_terms(intents: Sequence[SectionIntent]) -> frozenset[str]:
    """Stems that only say what kind of answer is wanted, for a question with ``intents``."""
    stems = set(GENERIC_FRAMING)
    for intent in intents:
        stems |= _PROTOTYPE_STEMS.get(intent.name, frozenset())
    return frozenset(stems)


class SectionClassifier:
    """Nearest-prototype classifier over the packaged sentence embedder (prototypes embedded once)."""

    def __init__(self, embedder: QueryEmbedder, cache_dir: Path | None = None) -> None:
        self.embedder = embedder
        self.cache_dir = cache_dir  # where the prototype vectors are kept between processes
        self._names: list[str] = []
        self._matrix: np.ndarray | None = None
        self._lock = threading.Lock()
        self._cache: dict[str, list[tuple[str, float]]] = {}

    def _prototypes(self) -> tuple[list[str], np.ndarray]:
        with self._lock:
            if self._matrix is None:
                names = [name for name, phrases in PROTOTYPES.items() for _ in phrases]
                texts = [p for phrases in PROTOTYPES.values() for p in phrases]
                self._matrix = kept_vectors(self.embedder, texts, self.cache_dir, "intent-prototypes")
                self._names = names
            return self._names, self._matrix

    def ranking(self, question: str) -> list[tuple[str, float]]:
        """Intents by their best prototype's cosine with the question, best first."""
        cached = self._cache.get(question)
        if cached is not None:
            return cached
        names, matrix = self._prototypes()
        vector = np.asarray(self.embedder.embed([question]), dtype=np.float32)[0]
        sims = matrix @ vector
        best: dict[str, float] = {}
        for name, sim in zip(names, sims.tolist(), strict=True):
            best[name] = max(best.get(name, -1.0), sim)
        ranked = sorted(best.items(), key=lambda kv: -kv[1])
        if len(self._cache) > 512:
            self._cache.clear()
        self._cache[question] = ranked
        return ranked

    def classify(self, question: str) -> str | None:
        """The intent the question is nearest to, when near enough and clearly nearest; else None."""
        ranked = self.ranking(question)
        if not ranked:
            return None
        (name, sim), runner_up = ranked[0], (ranked[1][1] if len(ranked) > 1 else -1.0)
        if sim >= MIN_SIMILARITY and sim - runner_up >= MIN_MARGIN:
            return name
        return None


def understand(question: str, classifier: SectionClassifier | None, masked: str | None = None) -> list[SectionIntent]:
    """The question's section intents: the wording rules' and, when they missed it, the nearest prototype's.

    ``masked`` is the question with product names replaced ("How does the drug work?"):
    the prototypes are product-free, and a brand name only blurs the small embedder.
    """
    found = detect_intents(question)
    if classifier is None:
        return found
    name = classifier.classify(masked or question)
    if name is None or name in {i.name for i in found}:
        return found
    if name == "warnings" and any(i.name == "boxed_warning" for i in found):
        return found
    if name == "indications" and any(i.name == "contraindications" for i in found):
        return found
    return narrowed([*found, _BY_NAME[name]])
