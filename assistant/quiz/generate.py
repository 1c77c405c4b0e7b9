"""Quiz generation from approved documents: deterministic for a seed, offline.

An item's key is a sentence of an approved passage about the topic, so its
citation proves it; distractors are checked *not* to be stated by the
product's approved text (see :mod:`assistant.quiz.distractors`). Product names
are masked in every option so the name never gives the answer away.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections import Counter

from assistant.errors import AssistantError
from assistant.quiz.distractors import perturbations
from assistant.quiz.models import Quiz, QuizItem, Topic
from assistant.quiz.sources import KeyCandidate, key_candidates
from assistant.retrieval.citations import citation_from_chunk
from assistant.retrieval.products import ProductCatalog, ProductInfo
from assistant.retrieval.text import STOPWORDS, split_sentences, supported_by, tokens
from assistant.types import Chunk, ChunkFilter

CHOICES = 4
STEMS: dict[Topic, str] = {
    "moa": "Which statement correctly describes the mechanism of action of {name}?",
    "dosing": "Which statement about dosing of {name} matches its approved documents?",
    "safety": "Which safety statement about {name} is supported by its approved documents?",
    "efficacy": "Which statement about clinical trial results for {name} is supported by its approved documents?",
}
FREE_STEMS: dict[Topic, str] = {
    "moa": "In your own words, explain how {name} works.",
    "dosing": "Describe the approved dosing of {name}.",
    "safety": "Name a key safety consideration for {name} and what the label says about it.",
    "efficacy": "Summarise a key efficacy result for {name}.",
}
MASK = "the drug"


class QuizGenerator:
    """Builds quizzes over a store; product names come from the catalog, not from code."""

    def __init__(self, store: object, catalog: ProductCatalog) -> None:
        self.store = store
        self.catalog = catalog
        aliases = sorted({a for p in catalog.products for a in [p.product, *p.aliases] if a}, key=len, reverse=True)
        self._mask_re = re.compile(r"\b(?:" + "|".join(map(re.escape, aliases)) + r")\b", re.I) if aliases else None

    def product(self, name: str) -> ProductInfo:
        info = self.catalog.get(name)
        if info is None:
            known = ", ".join(sorted(p.product for p in self.catalog.products)) or "none (ingest documents first)"
            raise AssistantError(f"unknown product {name!r}; known products: {known}")
        return info

    def _chunks(self, product: str) -> list[Chunk]:
        return [c for c in self.store.all_chunks(ChunkFilter(products=[product])) if c.answerable]  # type: ignore[attr-defined]

    def mask(self, sentence: str) -> str:
        """Replace every product name with a neutral phrase ("the drug")."""
        if self._mask_re is None:
            return sentence
        masked = self._mask_re.sub(MASK, sentence)
        masked = re.sub(r"\bthe drug(?:\s*(?:/|and)\s*the drug)+\b", MASK, masked, flags=re.I)
        return masked[:1].upper() + masked[1:]

    def make_quiz(self, product: str, n: int = 5, seed: int = 0, topic: Topic = "moa", free_text: int = 0) -> Quiz:
        """``n`` multiple-choice items plus ``free_text`` free-text items on one topic of one product."""
        info = self.product(product)
        own_chunks = self._chunks(info.product)
        candidates = [c for c in key_candidates(own_chunks, topic) if readable(self.mask(c.sentence))]
        if not candidates:
            raise AssistantError(f"no approved {topic} content for {info.product}: cannot build a quiz")
        rng = random.Random(f"{info.product}|{topic}|{seed}")
        keys = _pick_keys(candidates, info, n + free_text, rng)
        own_sentences = [s for c in own_chunks for s in split_sentences(c.text)]
        others = self._other_product_candidates(info.product, topic)
        items: list[QuizItem] = []
        for i, key in enumerate(keys):
            if i < n:
                item = self._multiple_choice(info, topic, key, own_sentences, others, rng)
            else:
                item = self._free_text(info, topic, key)
            if item is not None:
                items.append(item)
        return Quiz(product=info.product, topic=topic, seed=seed, questions=items)

    def _other_product_candidates(self, product: str, topic: Topic) -> list[str]:
        found: list[str] = []
        for other in self.catalog.products:
            if other.product != product:
                found.extend(self.mask(c.sentence) for c in key_candidates(self._chunks(other.product), topic))
        return found

    def _multiple_choice(
        self,
        info: ProductInfo,
        topic: Topic,
        key: KeyCandidate,
        own: list[str],
        others: list[str],
        rng: random.Random,
    ) -> QuizItem | None:
        correct = self.mask(key.sentence)
        # One "done wrong" version of the key at most: several near-copies would single out the key.
        pool = [self.mask(p) for p in perturbations(key.sentence)][:1] + rng.sample(others, k=min(len(others), 6))
        distractors: list[str] = []
        seen = {_norm(correct)}
        for option in pool:
            if _norm(option) in seen or not readable(option) or supported_by(option, own):
                continue
            seen.add(_norm(option))
            distractors.append(option)
            if len(distractors) == CHOICES - 1:
                break
        if len(distractors) < CHOICES - 1:
            return None
        choices = [correct, *distractors]
        rng.shuffle(choices)
        citation = citation_from_chunk(1, key.chunk, quote=key.sentence)
        where = _where(key.chunk)
        return QuizItem(
            id=_item_id(info.product, topic, key.sentence, "mc"),
            product=info.product,
            topic=topic,
            question=STEMS[topic].format(name=_display(info)),
            choices=choices,
            answer=choices.index(correct),
            explanation=f"{key.chunk.meta.title} ({where}) states: \u201c{key.sentence}\u201d [1]",
            citations=[citation],
        )

    def _free_text(self, info: ProductInfo, topic: Topic, key: KeyCandidate) -> QuizItem:
        facts = key_facts(key.sentence, self._mask_re)
        return QuizItem(
            id=_item_id(info.product, topic, key.sentence, "ft"),
            kind="free_text",
            product=info.product,
            topic=topic,
            question=FREE_STEMS[topic].format(name=_display(info)),
            key_facts=facts,
            explanation=f"{key.chunk.meta.title} ({_where(key.chunk)}) states: \u201c{key.sentence}\u201d [1]",
            citations=[citation_from_chunk(1, key.chunk, quote=key.sentence)],
        )


def _pick_keys(candidates: list[KeyCandidate], info: ProductInfo, k: int, rng: random.Random) -> list[KeyCandidate]:
    """Seeded choice favouring central statements: label text that names the product comes first.

    Candidates are ranked (names the product, comes from a label, early in its
    section), the top ``2k`` shuffled with the seed, so seeds vary the quiz
    without drawing peripheral sentences.
    """
    names = [info.product, *info.aliases]

    def rank(c: KeyCandidate) -> tuple[int, int]:
        lowered = c.sentence.lower()
        named = any(n and n.lower() in lowered for n in names)
        return (-(2 * named + (c.chunk.meta.doc_type == "label")), c.chunk.ordinal)

    top = sorted(candidates, key=rank)[: 2 * k]
    rng.shuffle(top)
    return top[:k]


def key_facts(sentence: str, names: re.Pattern[str] | None, most: int = 4) -> list[str]:
    """The distinctive words of a key sentence (longest first): what a good free-text answer mentions."""
    text = names.sub(" ", sentence) if names else sentence
    words = [w for w in tokens(text) if w not in STOPWORDS and len(w) > 3 and not w.isdigit()]
    counts = Counter(words)
    ranked = sorted(counts, key=lambda w: (-(len(w) + 4 * any(ch.isdigit() for ch in w)), w))
    return ranked[:most]


def readable(masked: str) -> bool:
    """A masked statement that names "the drug" twice (a combination's parts) no longer says who does what."""
    return masked.lower().count(MASK) <= 1


def _display(info: ProductInfo) -> str:
    return f"{info.brand} ({info.product})" if info.brand else info.product


def _where(chunk: Chunk) -> str:
    parts = [chunk.section or chunk.meta.doc_type]
    if chunk.page:
        parts.append(f"page {chunk.page}")
    if chunk.slide:
        parts.append(f"slide {chunk.slide}")
    return ", ".join(parts)


def _norm(text: str) -> str:
    return " ".join(tokens(text))


def _item_id(product: str, topic: str, sentence: str, kind: str) -> str:
    digest = hashlib.sha1(f"{product}|{topic}|{sentence}|{kind}".encode()).hexdigest()[:10]
    return f"{re.sub(r'[^a-z0-9]+', '-', product)}-{topic}-{kind}-{digest}"
