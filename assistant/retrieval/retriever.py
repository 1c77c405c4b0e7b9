"""Hybrid retrieval: dense + BM25, fused by reciprocal rank, aware of products and sections.

Why each part is there (figures in ``evals/bench/``):

* **Dense** (MiniLM cosine) finds paraphrases ("how much to give" ~ "recommended dose").
* **BM25** finds exact terms a small embedder blurs: trial names, numbers, rare drug names.
* **RRF** fuses ranks, not scores, so neither scale needs calibrating per corpus.
* **Product recognition** keeps a Humira question on adalimumab documents: when the user
  did not choose a product and the question names one (or two, for a comparison), the
  search is filtered to them. Several products are searched one by one and interleaved,
  so a comparison gets passages on each side. A trial name the documents of only one
  product mention ("ENDEAR") names that product (see :mod:`assistant.retrieval.trials`).
* **Section awareness** lifts the label section that answers the question's kind
  (dosing -> Dosage and Administration, ...) by a bounded boost, never a filter.

Governance is enforced here too, not only in the store: expired and withdrawn
documents never come back, whatever filter the caller passes, and speaker notes
come back only when their deck's manifest approves them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Literal, TypeVar

from assistant.config import Settings
from assistant.retrieval.co_medication import INTERACTIONS, CoMedicationIndex
from assistant.retrieval.completeness import asks_for_list, part_openings, titled_subsections
from assistant.retrieval.fusion import (
    convex_combination,
    interleave,
    reciprocal_rank_fusion,
    rrf_ceiling,
    spread_tables,
    with_lexical_best,
)
from assistant.retrieval.intents import SectionIntent, detect_intents
from assistant.retrieval.products import ProductCatalog
from assistant.retrieval.relevance import TermStatistics, blend
from assistant.retrieval.section_terms import RATE_RE, SectionTerms, without_words
from assistant.retrieval.sections import expansion_terms, section_match
from assistant.retrieval.trials import TrialIndex
from assistant.retrieval.understanding import SectionClassifier, understand
from assistant.types import Chunk, ChunkFilter, DocStatus, ScoredChunk

_T = TypeVar("_T")
NEVER_ANSWER: frozenset[DocStatus] = frozenset({"expired", "withdrawn"})
MAX_SIBLINGS = 16
"""Passages of the asked section added for a list question ("all indications")."""
MAX_SECTION_CHANNEL = 2
"""Passages of the asked section the section channel ranks."""
MAX_CO_MEDICATION = 2
"""Passages naming the other drug of an interaction question added to the hits."""


@dataclass(frozen=True)
class RetrievalWeights:
    """Knobs of the fusion. Defaults measured with evals/bench/bench_corpus_retrieval.py and bench_scifact.py."""

    dense: float = 1.0
    bm25: float = 1.0
    section_boost: float = 0.25
    """Boost for a chunk in the section the question asks about, as a fraction of the best fused score."""
    method: Literal["rrf", "convex"] = "rrf"
    """``rrf`` fuses ranks (``settings.rrf_k``); ``convex`` sums min-max normalised scores."""
    recognize_products: bool = True
    expand_bm25_query: bool = True
    """Append the answering sections' titles to the BM25 query (see ``sections.expansion_terms``)."""
    section_channel: float = 1.0
    """RRF weight of a third ranked list: the passages of the asked label section, in document order,
    when the product is known ("What boxed warning does it carry?" shares no word with the
    boxed warning's text, so neither dense nor BM25 may rank it among their candidates)."""


@dataclass
class RetrievalPlan:
    """What one query will search: the effective filter and what was read from the question."""

    filter: ChunkFilter
    products: list[str] = field(default_factory=list)
    intents: list[SectionIntent] = field(default_factory=list)


def answerable_statuses(flt: ChunkFilter, settings: Settings) -> list[DocStatus]:
    """The caller's statuses (or the configured ones) minus those that may never answer."""
    wanted = flt.statuses if flt.statuses is not None else settings.allowed_statuses
    return [s for s in wanted if s not in NEVER_ANSWER]  # type: ignore[misc]


class HybridRetriever:
    """Dense + BM25 retrieval over a :class:`~assistant.ingest.store.Store`.

    ``retrieve`` returns up to ``k`` chunks **ordered by fused rank** (RRF of the
    dense and BM25 lists plus the section boost). Each result's ``score`` is a
    *relevance in [0, 1] comparable across questions*, so the chain can compare
    the best one with ``settings.min_evidence_score``:

        score = 0.6 * cosine(question, passage) + 0.4 * coverage

    where coverage is the IDF-weighted share of the question's terms found in
    the passage (see :mod:`assistant.retrieval.relevance` for why). A chunk found
    only by BM25 was not among the ``candidate_k`` nearest by cosine, so the last
    dense hit's cosine (an upper bound) stands in for its own. ``scores`` holds
    the parts: ``"dense"`` (cosine, when the dense search found the chunk),
    ``"bm25"`` (raw), ``"coverage"``, ``"section"`` (0, 0.5 or 1) and ``"fused"``
    (the ranking score scaled to [0, 1]; not comparable across questions).
    """

    def __init__(self, store: Any, settings: Settings, weights: RetrievalWeights | None = None) -> None:
        self.store = store
        self.settings = settings
        self.weights = weights or RetrievalWeights()
        self._indexes: dict[str, tuple[object, Any]] = {}
        embedder = getattr(store, "embedder", None)
        self.classifier = SectionClassifier(embedder, settings.data_dir / "cache") if embedder is not None else None

    def _index(self, name: str, build: Callable[[], _T]) -> _T:
        """The index ``name`` of the stored passages, rebuilt only when the store's version changes."""
        version = self.store.version
        held = self._indexes.get(name)
        if held is None or held[0] != version:
            held = (version, build())
            self._indexes[name] = held
        return held[1]

    @property
    def catalog(self) -> ProductCatalog:
        """Products of the stored documents."""
        return self._index("catalog", lambda: ProductCatalog.from_store(self.store))

    @property
    def trials(self) -> TrialIndex:
        """Trial names of the stored passages and their products."""
        return self._index("trials", lambda: TrialIndex(self.store.all_chunks()))

    @property
    def term_statistics(self) -> TermStatistics:
        """IDF of every stored term, for the relevance score."""
        return self._index("terms", lambda: TermStatistics(self.store.all_chunks()))

    @property
    def section_terms(self) -> SectionTerms:
        """Which terms the labels report as adverse reactions or in animal data (see its module)."""
        return self._index("section_terms", lambda: SectionTerms(self.store.all_chunks()))

    @property
    def co_medication(self) -> CoMedicationIndex:
        """Where each product's label names each term (interaction passages or not)."""
        return self._index("co_medication", lambda: CoMedicationIndex(self._label_passages))

    def _label_passages(self, product: str) -> list[Chunk]:
        return self.store.all_chunks(ChunkFilter(products=[product], doc_types=["label"]))

    def plan(self, query: str, flt: ChunkFilter | None = None) -> RetrievalPlan:
        """Effective filter (governance + recognised products) and the question's section intents."""
        base = flt or ChunkFilter()
        effective = base.model_copy(update={"statuses": answerable_statuses(base, self.settings)})
        products: list[str] = []
        if base.products is None and self.weights.recognize_products:
            # A trial name ("ENDEAR") stands for the product whose documents report it.
            products = self.catalog.recognize(query) or self.trials.products(query)
            if products:
                effective = effective.model_copy(update={"products": products})
        uses_intents = self.weights.section_boost > 0 or self.weights.expand_bm25_query
        intents = self.intents(query) if uses_intents else []
        return RetrievalPlan(filter=effective, products=products, intents=intents)

    def intents(self, query: str) -> list[SectionIntent]:
        """The label sections the question asks about (wording rules plus the prototype classifier).

        A question naming a drug its product's label discusses as an interacting drug asks about
        the interaction, whatever its wording (see :mod:`assistant.retrieval.co_medication`).
        """
        masked = self.catalog.mask(query)
        worded = {i.name for i in detect_intents(RATE_RE.sub(" ", query))}  # "how often" asked as a rate
        unnamed = without_words(masked, self.trials.named(query))  # a trial's name is no reaction it reports
        found = self.section_terms.with_adverse(unnamed, understand(query, self.classifier, masked), worded)
        if any(i.name == INTERACTIONS.name for i in found) or not self.other_drugs(query):
            return found
        # The prototypes' guess ("what should we do?" reads as dosing) gives way to what the drug names.
        return [*detect_intents(query), INTERACTIONS]

    def other_drugs(self, query: str) -> list[tuple[str, str]]:
        """(product, stem) of each other drug the question names beside a product it names."""
        products = self.catalog.recognize(query)
        if not products:
            return []
        masked = self.catalog.mask(query)
        index = self.co_medication
        return [(p, t) for p in products for t in index.other_drugs(masked, [p], self.term_statistics.idf)]

    def retrieve(self, query: str, flt: ChunkFilter | None = None, k: int | None = None) -> list[ScoredChunk]:
        """Top ``k`` (default ``settings.top_k``) chunks for ``query``; see the class docstring for scores."""
        if not query.strip():
            return []
        k = k or self.settings.top_k
        plan = self.plan(query, flt)
        if not plan.filter.statuses:
            return []
        products = plan.filter.products or []
        if len(products) < 2:
            return self.with_relevance(query, self._search(query, plan, k))
        # A comparison: search each product on its own so one cannot crowd the other out.
        per_product = [
            self._search(query, replace(plan, filter=plan.filter.model_copy(update={"products": [p]})), k)
            for p in products
        ]
        return self.with_relevance(query, interleave(per_product, k))

    def with_section(self, query: str, hits: list[ScoredChunk], intents: list[SectionIntent]) -> list[ScoredChunk]:
        """``hits`` completed from the label section that answers the question.

        A section split into several passages states its main point in the first
        ("Adalimumab binds TNF-alpha …"); when only a later passage was retrieved,
        the first is inserted just before it. For a list question ("all
        indications") the unretrieved passages of the whole section follow the
        hits, in document order: retrieval ranks only a few subsections. For an
        intent answered by cued sentences (monitoring) the passages of its sections
        that state the cue follow instead, and each section a several-part question
        asks ("pregnancy and lactation") brings its opening passage.
        """
        anchor = next(
            (h for h in hits if h.scores.get("section", 0.0) >= 1.0 and h.chunk.meta.doc_type == "label"), None
        )
        if anchor is None:
            return hits
        chunks = self.store.all_chunks(ChunkFilter(doc_ids=[anchor.chunk.doc_id]))
        have = {h.chunk.chunk_id for h in hits}
        out = list(hits)
        head = next((c for c in chunks if c.section == anchor.chunk.section and c.answerable), None)
        if head is not None and head.chunk_id not in have and head.ordinal < anchor.chunk.ordinal:
            scores = {"section": section_match(head, intents), "sibling": 1.0}
            out.insert(out.index(anchor), ScoredChunk(chunk=head, score=anchor.score, scores=scores))
            have.add(head.chunk_id)
        extra = part_openings(query, intents, chunks, out, have)
        extra += self._co_medication_passages(query, intents, chunks, have)
        extra += titled_subsections(self.catalog.mask(query), intents, chunks, have)
        cue = next((i.cue for i in intents if i.cue is not None), None)
        if cue is not None:  # monitoring: every passage of the asked sections that states the cue
            extra += [
                c
                for c in chunks
                if c.answerable and c.chunk_id not in have and section_match(c, intents) >= 0.5 and cue.search(c.text)
            ]
        elif asks_for_list(query, {i.name for i in intents}):
            top = (anchor.chunk.section or "").split(" > ")[0]
            extra += [
                c
                for c in chunks
                if c.answerable and c.chunk_id not in have and (c.section or "").split(" > ")[0] == top
            ]
        return [
            *out,
            *(
                ScoredChunk(chunk=c, score=anchor.score, scores={"section": section_match(c, intents), "sibling": 1.0})
                for c in extra[:MAX_SIBLINGS]
            ),
        ]

    def _co_medication_passages(
        self, query: str, intents: list[SectionIntent], chunks: list[Chunk], have: set[str]
    ) -> list[Chunk]:
        """For "<drug> plus itraconazole?": the label passages that name the other drug where they discuss
        interactions ("… with itraconazole (strong CYP3A and P-gp inhibitor)"), which say what class
        of interacting drug it is. ``have`` is updated."""
        if not any(i.name == INTERACTIONS.name for i in intents):
            return []
        by_id = {c.chunk_id: c for c in chunks if c.answerable}
        found: list[Chunk] = []
        for product, term in self.other_drugs(query):
            ids = [i for i in self.co_medication.passages(product, term) if i in by_id and i not in have]
            found += [by_id[i] for i in ids[:MAX_CO_MEDICATION]]
            have.update(ids[:MAX_CO_MEDICATION])
        return found

    def _search(self, query: str, plan: RetrievalPlan, k: int) -> list[ScoredChunk]:
        candidates = self.settings.candidate_k
        dense: list[ScoredChunk] = []
        sparse: list[ScoredChunk] = []
        if self.weights.dense > 0:
            dense = self.store.dense_search(query, candidates, plan.filter)
        if self.weights.bm25 > 0:
            sparse = self.store.bm25_search(self.bm25_query(query, plan), candidates, plan.filter)
        fused = self.fuse(dense, sparse, plan, k, self._section_channel(plan))
        if self.weights.bm25 <= 0:
            return fused
        # The passage the question's own words pick first stays in reach (see fusion.with_lexical_best).
        plain = sparse if self.bm25_query(query, plan) == query else self.store.bm25_search(query, 1, plan.filter)
        return with_lexical_best(fused, plain[:1], plan.intents)

    def _section_channel(self, plan: RetrievalPlan) -> list[ScoredChunk]:
        """The opening passages of the asked sections of the named product's label, in document order.

        Only the first few: more would crowd out the passage that names what is asked
        ("dosing … in hidradenitis suppurativa"), which the section boost already lifts.
        """
        if not (self.weights.section_channel > 0 and plan.intents and plan.filter.products):
            return []
        flt = plan.filter.model_copy(update={"doc_types": ["label"]})
        found = [
            ScoredChunk(chunk=c, score=0.0)
            for c in self.store.all_chunks(flt)
            if c.answerable and section_match(c, plan.intents) >= 1.0
        ]
        return found[:MAX_SECTION_CHANNEL]

    def with_relevance(self, query: str, results: list[ScoredChunk]) -> list[ScoredChunk]:
        """Set each result's ``score`` to the calibrated relevance (see :mod:`relevance`)."""
        stats = self.term_statistics
        terms = stats.query_terms(query)
        for scored in results:
            coverage = stats.coverage(terms, scored.chunk)
            scored.scores["coverage"] = coverage
            scored.score = blend(scored.score, coverage)
        return results

    def bm25_query(self, query: str, plan: RetrievalPlan) -> str:
        """The lexical query: the question plus, when enabled, its intents' section titles."""
        if not (self.weights.expand_bm25_query and plan.intents):
            return query
        return f"{query} {expansion_terms(plan.intents)}"

    def fuse(
        self,
        dense: list[ScoredChunk],
        sparse: list[ScoredChunk],
        plan: RetrievalPlan,
        k: int,
        sectioned: list[ScoredChunk] | None = None,
    ) -> list[ScoredChunk]:
        """Merge the candidate lists into the top ``k`` (public so benchmarks can replay lists)."""
        allowed = set(plan.filter.statuses or [])
        sectioned = sectioned or []
        by_id = {
            s.chunk.chunk_id: s.chunk
            for s in [*sectioned, *sparse, *dense]
            if s.chunk.meta.status in allowed and s.chunk.answerable
        }
        cosine = {s.chunk.chunk_id: _similarity(s) for s in dense}
        bm25 = {s.chunk.chunk_id: s.scores.get("bm25", s.score) for s in sparse}
        fused, ceiling = self._fused_scores(dense, cosine, sparse, bm25)
        if sectioned and self.weights.method == "rrf":
            channel = reciprocal_rank_fusion(
                [[s.chunk.chunk_id for s in sectioned]], k=self.settings.rrf_k, weights=[self.weights.section_channel]
            )
            for chunk_id, value in channel.items():
                fused[chunk_id] = fused.get(chunk_id, 0.0) + value
            ceiling += rrf_ceiling(self.settings.rrf_k, [self.weights.section_channel])
        # A chunk only BM25 found ranks below every dense hit, so the last dense cosine bounds it.
        floor = min(cosine.values()) if len(cosine) >= self.settings.candidate_k else 0.0
        boost = self.weights.section_boost * ceiling
        results: list[ScoredChunk] = []
        for chunk_id, chunk in by_id.items():
            section = section_match(chunk, plan.intents) if plan.intents else 0.0
            total = fused.get(chunk_id, 0.0) + boost * section
            scores = {"section": section, "fused": total / (ceiling + boost)}
            if chunk_id in cosine:
                scores["dense"] = cosine[chunk_id]
            if chunk_id in bm25:
                scores["bm25"] = bm25[chunk_id]
            relevance = cosine.get(chunk_id, floor)
            results.append(ScoredChunk(chunk=chunk, score=min(1.0, max(0.0, relevance)), scores=scores))
        results.sort(key=lambda s: (-s.scores["fused"], -s.score, s.chunk.chunk_id))
        return spread_tables(results)[:k]

    def _fused_scores(
        self,
        dense: list[ScoredChunk],
        cosine: dict[str, float],
        sparse: list[ScoredChunk],
        bm25: dict[str, float],
    ) -> tuple[dict[str, float], float]:
        """Fused ranking score per chunk id, and the largest score the method can give."""
        weights = [self.weights.dense, self.weights.bm25]
        if self.weights.method == "convex":
            return convex_combination([cosine, bm25], weights), sum(weights)
        rankings = [[s.chunk.chunk_id for s in dense], [s.chunk.chunk_id for s in sparse]]
        rrf_k = self.settings.rrf_k
        return reciprocal_rank_fusion(rankings, k=rrf_k, weights=weights), rrf_ceiling(rrf_k, weights)


def _similarity(scored: ScoredChunk) -> float:
    return scored.scores.get("dense", scored.score)


def best_relevance(results: list[ScoredChunk]) -> float:
    """The evidence strength of a result list (0.0 when empty): its best relevance score."""
    return max((s.score for s in results), default=0.0)
