"""Quiz generation from approved documents: deterministic for a seed, offline.

Each item asks about ONE fact: a typed slot (target, route, interval, dose,
time span, percentage) of a sentence from the product's own approved
documents, shown with the slot blanked; the sentence's citation proves the
key. Distractors are values of the same kind, proven wrong against the same
documents (:mod:`assistant.quiz.distractors`). Items are drawn round-robin over
topics and fact kinds so a quiz is varied, never asks the same sentence or
value twice, and either has exactly the number of items asked for or raises
:class:`~assistant.quiz.models.QuizSupportError` saying how many the documents
support and why.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections import Counter
from functools import cached_property

import numpy as np

from assistant.embeddings import Embedder
from assistant.errors import AssistantError
from assistant.quiz.distractors import DistractorPicker, OwnText, Similarity
from assistant.quiz.models import TOPICS, Quiz, QuizItem, QuizSupportError, Topic
from assistant.quiz.slots import SlotKind, blank
from assistant.quiz.sources import Fact, SlotVocabulary, facts, priority
from assistant.retrieval.citations import citation_from_chunk
from assistant.retrieval.products import ProductCatalog, ProductInfo, normalise_generic
from assistant.retrieval.text import split_sentences, tokens
from assistant.types import Chunk, ChunkFilter

CHOICES = 4
GAP = "____"
AREA: dict[Topic, str] = {"moa": "mechanism", "dosing": "dosing", "safety": "safety", "efficacy": "trial", "all": ""}
STEMS: dict[SlotKind, tuple[str, ...]] = {
    "entity": (
        "Which term completes this {area} statement about {name}?",
        "Which abbreviation belongs in the gap of this {area} statement about {name}?",
    ),
    "route": (
        "By which route is {name} given, according to this statement?",
        "Which route of administration completes this statement about {name}?",
    ),
    "interval": (
        "How often, according to this {area} statement about {name}?",
        "Which interval completes this {area} statement about {name}?",
    ),
    "dose": (
        "Which amount completes this {area} statement about {name}?",
        "What dose or volume does this {area} statement about {name} give?",
    ),
    "duration": (
        "Which time span completes this {area} statement about {name}?",
        "How long, or at what time point, according to this {area} statement about {name}?",
    ),
    "monitoring": (
        "Which test or measurement completes this {area} statement about {name}?",
        "What should be checked, according to this {area} statement about {name}?",
    ),
    "percent": (
        "Which figure completes this {area} statement about {name}?",
        "What percentage does this {area} statement about {name} report?",
    ),
}
"""Per fact kind, question wordings; the blanked sentence follows, so no two stems are alike."""
TARGET_STEMS = (
    "Which target or molecule completes this mechanism statement about {name}?",
    "Which gene, receptor or molecule belongs in the gap of this statement on how {name} works?",
)
"""A symbol in a mechanism or indication sentence is what the drug acts on."""
FREE_TEXT_LEAD = "In your own words, fill the gap: "
_DOC_RANK = {"label": 0, "publication": 1, "slide_deck": 2}


class QuizGenerator:
    """Builds quizzes over a store; product names come from the catalog, not from code."""

    def __init__(self, store: object, catalog: ProductCatalog) -> None:
        self.store = store
        self.catalog = catalog
        self._label_vectors: dict[str, np.ndarray] = {}
        self.names = frozenset(n.lower() for p in catalog.products for n in [p.product, *p.aliases, p.brand or ""] if n)

    def product(self, name: str) -> ProductInfo:
        info = self.catalog.get(name)
        if info is None:
            known = ", ".join(sorted(p.product for p in self.catalog.products)) or "none (ingest documents first)"
            raise AssistantError(f"unknown product {name!r}; known products: {known}")
        return info

    def _chunks(self, product: str) -> list[Chunk]:
        """The product's approved, citable chunks, whichever way a document's metadata spells the product."""
        chunks = self.store.all_chunks(ChunkFilter(products=[product]))  # type: ignore[attr-defined]
        if not chunks:  # "a, b" in the metadata, "a/b" in the catalog
            every = self.store.all_chunks(ChunkFilter())  # type: ignore[attr-defined]
            chunks = [c for c in every if c.meta.product and normalise_generic(c.meta.product) == product]
        return [c for c in chunks if c.answerable]

    @cached_property
    def _vocabulary(self) -> SlotVocabulary:
        """Every slot value in every approved document: the vocabulary distractors may come from."""
        return SlotVocabulary(self.store.all_chunks(ChunkFilter()), self.names)  # type: ignore[attr-defined]

    def _label_similarity(self, chunks: list[Chunk]) -> Similarity | None:
        """(texts, stem) → each text's best cosine with a label passage, and its cosine with the stem.

        Used to keep options alike in how label-like and how stem-like they
        read; the passage vectors are computed once per product.
        """
        embedder = getattr(self.store, "embedder", None)
        if embedder is None:
            return None
        passages = _label_passages(chunks)
        cache_key = "\x00".join(sorted(c.chunk_id for c in passages))
        if cache_key not in self._label_vectors:
            self._label_vectors[cache_key] = _passage_vectors(self.store, embedder, passages)
        label = self._label_vectors[cache_key]
        memo: dict[str, np.ndarray] = {}

        def similarity(texts: list[str], stem: str) -> tuple[list[float], list[float]]:
            missing = [t for t in dict.fromkeys([*texts, stem]) if t not in memo]
            if missing:
                memo.update(zip(missing, np.asarray(embedder.embed(missing)), strict=True))
            to_label = [float((label @ memo[t]).max()) if len(label) else 0.0 for t in texts]
            return to_label, [float(memo[t] @ memo[stem]) for t in texts]

        return similarity

    def make_quiz(self, product: str, n: int = 5, seed: int = 0, topic: Topic = "all", free_text: int = 0) -> Quiz:
        """Exactly ``n`` multiple-choice plus ``free_text`` free-text items, or :class:`QuizSupportError`."""
        info = self.product(product)
        chunks = self._chunks(info.product)
        topics = TOPICS if topic == "all" else (topic,)
        found = facts(chunks, topics, self.names)
        rng = random.Random(f"{info.product}|{topic}|{seed}")
        own_sentences = [s for c in chunks for s in split_sentences(c.text)]
        own_values = SlotVocabulary(chunks, self.names).values
        picker = DistractorPicker(
            own_values,
            self._vocabulary,
            OwnText(own_sentences, [c.text for c in _label_passages(chunks)]),
            self.names,
            self._label_similarity(chunks),
        )
        builder = _ItemBuilder(info, picker, rng)
        queues = _grouped(found, rng)
        while len(builder.items) < n + free_text and any(queues):
            for queue in queues:  # one item per group per round: the first of its facts that makes one
                while queue and len(builder.items) < n + free_text:
                    if builder.add(queue.pop(0), free=len(builder.items) >= n):
                        break
        if len(builder.items) < n + free_text:
            raise QuizSupportError(info.product, n + free_text, len(builder.items), _why(found, builder, topic))
        return Quiz(product=info.product, topic=topic, seed=seed, questions=builder.items)


class _ItemBuilder:
    """Turns facts into items, keeping a quiz free of repeated sentences, values and stems."""

    def __init__(self, info: ProductInfo, picker: DistractorPicker, rng: random.Random) -> None:
        self.info = info
        self.picker = picker
        self.rng = rng
        self.items: list[QuizItem] = []
        self.used: set[str] = set()
        self.short = 0
        self.repeats = 0

    def add(self, fact: Fact, free: bool) -> bool:
        """Add the fact's item; False when it repeats what was asked or lacks three proven-wrong distractors."""
        value = fact.slot.value
        keys = {f"s:{fact.sentence.lower()}", f"v:{' '.join(tokens(value))}"}
        if keys & self.used:
            self.repeats += 1
            return False
        wordings = TARGET_STEMS if (fact.topic, fact.slot.kind) == ("moa", "entity") else STEMS[fact.slot.kind]
        question = self.rng.choice(wordings).format(area=AREA[fact.topic], name=_display(self.info))
        question = re.sub(r"\s{2,}", " ", question)
        stem = f"{question} \u201c{blank(fact.sentence, value, GAP)}\u201d"
        citation = citation_from_chunk(1, fact.chunk, quote=fact.sentence)
        explanation = f"{fact.chunk.meta.title} ({_where(fact.chunk)}) states: \u201c{fact.sentence}\u201d [1]"
        common = {
            "product": self.info.product,
            "topic": fact.topic,
            "fact": fact.slot.kind,
            "explanation": explanation,
            "citations": [citation],
        }
        if free:
            item = QuizItem(
                id=_item_id(self.info.product, fact, "ft"),
                kind="free_text",
                question=FREE_TEXT_LEAD + stem,
                key_facts=[value],
                **common,  # type: ignore[arg-type]
            )
        else:
            wrong = self.picker.pick(fact.slot.kind, fact.sentence, value, stem, self.rng, CHOICES - 1)
            if len(wrong) < CHOICES - 1:
                self.short += 1
                return False
            choices = [value, *wrong]
            self.rng.shuffle(choices)
            item = QuizItem(
                id=_item_id(self.info.product, fact, "mc"),
                question=stem,
                choices=choices,
                answer=choices.index(value),
                **common,  # type: ignore[arg-type]
            )
        self.used |= keys
        self.items.append(item)
        return True


def _grouped(found: list[Fact], rng: random.Random) -> list[list[Fact]]:
    """Facts in (topic, kind) groups, topics interleaved; labels and central sections first, seed-shuffled.

    Taking one item from each group in turn gives a quiz that asks about a
    target, an interval, a monitoring test... instead of five facts of one kind.
    """
    groups: dict[tuple[str, str], list[Fact]] = {}
    for fact in found:
        groups.setdefault((fact.topic, fact.slot.kind), []).append(fact)
    for members in groups.values():
        # Central and ordinary facts shuffled together (so seeds differ), trivia last.
        members.sort(key=lambda f: (_DOC_RANK.get(f.chunk.meta.doc_type, 3), priority(f) == 2, rng.random()))

    def best(group: tuple[str, str]) -> tuple[int, int]:
        first = groups[group][0]
        return _DOC_RANK.get(first.chunk.meta.doc_type, 3), priority(first)

    order = sorted(groups, key=lambda g: (*best(g), rng.random()))
    by_topic: dict[str, list[tuple[str, str]]] = {}
    for group in order:
        by_topic.setdefault(group[0], []).append(group)
    topic_lists = list(by_topic.values())
    interleaved = [
        g for i in range(max(map(len, topic_lists), default=0)) for lst in topic_lists if i < len(lst) for g in [lst[i]]
    ]
    return [groups[g] for g in interleaved]


def _label_passages(chunks: list[Chunk]) -> list[Chunk]:
    """The product's label chunks (all its chunks when it has no label): the text options should read like."""
    return [c for c in chunks if c.meta.doc_type == "label"] or chunks


def _passage_vectors(store: object, embedder: Embedder, chunks: list[Chunk]) -> np.ndarray:
    """The chunks' vectors as stored at ingest (embedding them again only if the store cannot return them)."""
    collection = getattr(getattr(store, "vectors", None), "collection", None)
    ids = [c.chunk_id for c in chunks]
    try:
        got = collection.get(ids=ids, include=["embeddings"]) if collection is not None else None
    except Exception:
        got = None
    if got is not None and len(got["ids"]) == len(ids) and got.get("embeddings") is not None:
        matrix = np.asarray(got["embeddings"], dtype=np.float32)
        return matrix / np.clip(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12, None)
    return np.asarray(embedder.embed([c.text for c in chunks]))


def _why(found: list[Fact], builder: _ItemBuilder, topic: Topic) -> str:
    """Why fewer items could be built: how many facts were found, and what became of them."""
    if not found:
        scope = "any quiz topic" if topic == "all" else f"the {topic} sections"
        return (
            f"no sentence of {scope} states a target, route, interval, dose, time span or percentage "
            "that could be asked about"
        )
    kinds = Counter(f.slot.kind for f in found)
    summary = ", ".join(f"{k} {v}" for k, v in kinds.most_common())
    guessable = builder.picker.guessable
    return (
        f"{len(found)} askable facts were found ({summary}); {builder.short - guessable} had fewer than "
        f"{CHOICES - 1} distractors proven wrong by the documents, {guessable} would be guessable because no "
        f"wrong option reads as much like the label as the answer, and {builder.repeats} repeated a sentence or "
        "value already asked"
    )


def _display(info: ProductInfo) -> str:
    return f"{info.brand} ({info.product})" if info.brand else info.product


def _where(chunk: Chunk) -> str:
    parts = [chunk.section or chunk.meta.doc_type]
    if chunk.page:
        parts.append(f"page {chunk.page}")
    if chunk.slide:
        parts.append(f"slide {chunk.slide}")
    return ", ".join(parts)


def _item_id(product: str, fact: Fact, kind: str) -> str:
    digest = hashlib.sha1(f"{product}|{fact.sentence}|{fact.slot.value}|{kind}".encode()).hexdigest()[:10]
    return f"{re.sub(r'[^a-z0-9]+', '-', product)}-{fact.topic}-{kind}-{digest}"
