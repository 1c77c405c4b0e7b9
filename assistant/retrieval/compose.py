"""Extractive answers: the sentences of the retrieved passages that answer the question.

This is the offline default and the fallback of the generative path. It never
writes a word that is not in an approved passage: it picks sentences, orders
them, and cites each with ``[n]``. Sentences are scored in
:mod:`assistant.retrieval.scoring`.

Scoring is lexical on purpose. Embedding candidate sentences with MiniLM at
query time cost ~150 ms CPU per answer (three quarters of it) and, measured on
the golden set, picked no better sentences than the passage's own dense score
used as a prior (``evals/bench/bench_answer_latency.py``).

The answer is built around its best sentence: further sentences of that
passage follow in document order while they stay relevant; another passage
contributes only when it is nearly as relevant and mentions something asked
that the answer does not yet cover. So the answer stops once the question is
answered instead of padding the word budget.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from assistant.retrieval.abbreviations import document_texts, long_forms, read_in_full
from assistant.retrieval.antecedents import read_on
from assistant.retrieval.candidates import (
    Candidate,
    SentenceEmbedder,
    candidates,
    product_names,
    product_terms,
    quoted,
)
from assistant.retrieval.citations import CitationNumbering
from assistant.retrieval.completeness import (
    answer_order,
    asks_for_list,
    complete_facets,
    complete_intents,
    facets,
    intents_by_part,
    is_duplicate,
    sweep_cued,
    sweep_list,
    whole_lists,
    whole_rows,
)
from assistant.retrieval.doses import ASKS_AMOUNT_RE, STEPS_RE, continue_doses, dose_lead, with_a_dose
from assistant.retrieval.follow_on import with_partners, with_references, with_subject
from assistant.retrieval.intents import FINER_POPULATIONS, SectionIntent, detect_intents
from assistant.retrieval.leaflets import prescribing_version
from assistant.retrieval.quantities import WIDER_SHARE
from assistant.retrieval.scope import (
    framing_words,
    spelled_out,
    topical_terms,
    unclipped,
)
from assistant.retrieval.scoring import MANAGING_RE, SITUATIONAL_RE, score_candidates
from assistant.retrieval.sections import section_match
from assistant.retrieval.text import coded_as, content_terms, looks_like_heading, word_count
from assistant.types import Chunk, Citation, ScoredChunk

__all__ = [
    "Candidate",
    "ComposedAnswer",
    "SentenceEmbedder",
    "coded_as",
    "compose_answer",
    "product_names",
    "product_terms",
]

MAX_SENTENCES = 4
MAX_DEFINING_DOCUMENTS = 3
"""The documents of the best hits whose definitions of short forms are read (the answer quotes them)."""
SAME_PASSAGE_CUTOFF, ADDING_CUTOFF = 0.8, 0.6
"""Fractions of the best sentence's score a further sentence of the best passage needs: the
first when it only continues the answer, the second when it mentions something asked that
the answer does not cover yet."""
SAYS_IT_ALL = 0.75
"""A sentence naming this share of the question's topical words leads over one that names none of them
and ranks first only by its section ("next dose after catheter removal" read as a dosing question)."""
BARELY_LEXICAL = 0.1
"""A best sentence sharing less than this share of the question's weighted words ("Warfarin acts by inhibiting
…" for "target INR with a mitral valve") leads only by its section: one saying nearly all that was asked
leads instead (see :func:`_says`)."""
OTHER_PASSAGE_CUTOFF = 0.8
"""Another passage contributes only sentences this close to the best that add something asked."""


@dataclass
class ComposedAnswer:
    """The cited answer text, its citations and the sentences chosen (in answer order)."""

    text: str
    citations: list[Citation]
    sentences: list[Candidate] = field(default_factory=list)
    long_forms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """The question's short forms with what they stand for (see :mod:`assistant.retrieval.abbreviations`)."""

    @property
    def mentioned(self) -> set[str]:
        """Every term the answer's sentences (with their headings) mention."""
        return {t for c in self.sentences for t in c.mentioned}


def _headings(hits: Sequence[ScoredChunk]) -> set[str]:
    """Where a question's short form may be spelled out: section headings and the passages' inline
    sub-headings ("Nonvalvular Atrial Fibrillation" heading a paragraph of "Recommended Dose")."""
    inline = {line.strip() for h in hits for line in h.chunk.text.splitlines() if looks_like_heading(line.strip())}
    return {h.chunk.section or "" for h in hits} | inline


def _names_a_subsection(topical: set[str], pool: list[Candidate]) -> bool:
    """The question names one subsection of the asked section ("warnings about pancreatitis"): no list."""
    leaves = {(c.hit.chunk.section or "").split(" > ")[-1] for c in pool if c.hit.scores.get("section", 0.0) >= 1.0}
    return any(topical & set(content_terms(leaf)) for leaf in leaves if leaf)


def _one_product(scored: list[Candidate]) -> list[Candidate]:
    """Without a product named, answer about the product of the best sentence only (never mix products)."""
    supported = [c for c in scored if c.supports_answer]
    if not supported:
        return scored
    product = max(supported, key=lambda c: c.score).hit.chunk.meta.product
    return [c for c in scored if c.hit.chunk.meta.product == product]


def _select(
    scored: list[Candidate],
    question_terms: set[str],
    max_words: int,
    prescribing: Callable[[Candidate], bool] | None = None,
    question: str = "",
) -> list[Candidate]:
    """The best sentence, its passage's relevant sentences, and other passages' only when they add.

    ``prescribing`` is given for a question asking for a dose: the best sentence of the dosage section
    stating one leads (see :func:`doses.dose_lead`). A leaflet sentence gives way to the PI sentence
    stating its figures (see :func:`leaflets.prescribing_version`) unless ``question`` asks the leaflet.
    """
    ranked = sorted((c for c in scored if c.supports_answer), key=lambda c: c.score, reverse=True)
    if not ranked:
        return []
    dose_first = dose_lead(ranked, prescribing) if prescribing is not None else None
    if dose_first is not None:
        ranked.remove(dose_first)
        ranked.insert(0, dose_first)
    best = ranked[0]
    pi = prescribing_version(best, ranked, question)
    if pi is not None:  # the leaflet restates it: the PI sentence stating the same figures answers
        ranked.remove(best)
        ranked.remove(pi)
        ranked.insert(0, pi)
        best = pi
    holding = _band_lead(ranked) if dose_first is None else None
    if holding is not None:
        ranked.remove(holding)
        ranked.insert(0, holding)
        best = holding
    if best.lexical < BARELY_LEXICAL and dose_first is None and holding is None:
        # only its section speaks for it: a sentence saying what was asked leads instead
        says = max((c for c in ranked if _says(c, question_terms)), key=lambda c: c.score, default=None)
        if says is not None:
            ranked.remove(says)
            ranked.insert(0, says)
            best = says
    if best.aside:  # "Maintenance Treatment" for "starting dose": the passage's close sentence on what was asked leads
        direct = next(
            (
                c
                for c in ranked
                if not c.aside
                and c.hit.chunk.chunk_id == best.hit.chunk.chunk_id
                and c.score >= best.score * SAME_PASSAGE_CUTOFF
            ),
            None,
        )
        if direct is not None:
            ranked.remove(direct)
            ranked.insert(0, direct)
            best = direct
    chosen = [best]
    covered = set(best.mentioned & question_terms)
    words = word_count(best.text)
    lead = _passage_lead(best, ranked) if holding is None else None  # the band's sentence says it for itself
    if lead is not None and words + word_count(lead.text) <= max_words:
        chosen.append(lead)  # a label subsection states its main point first: "Start with 0.25 mg …"
        words += word_count(lead.text)
    for c in ranked[1:]:
        if c in chosen:
            continue
        if len(chosen) >= MAX_SENTENCES:
            break
        if c.aside and not best.aside:
            continue  # about another population or situation than the answer's lead ("Adolescents")
        if c.fit < 0.0 <= best.fit:
            continue  # its band excludes the patient asked about ("10-17 years" for a 6 year old)
        if c.subject < 0.0 <= best.subject:
            continue  # it reports a sibling of the trial asked about ("Trial 1" for "trial 2")
        same_passage = c.hit.chunk.chunk_id == best.hit.chunk.chunk_id
        adds = bool((c.mentioned & question_terms) - covered)
        if same_passage:
            cutoff = ADDING_CUTOFF if adds else SAME_PASSAGE_CUTOFF
        elif adds:
            cutoff = OTHER_PASSAGE_CUTOFF
        else:
            continue
        if c.score < best.score * cutoff:
            continue
        length = word_count(c.text)
        if words + length > max_words or is_duplicate(c, chosen):
            continue
        chosen.append(c)
        covered |= c.mentioned & question_terms
        words += length
    return chosen


BAND_LEAD_CUTOFF = 0.8
"""A sentence whose band holds the asked patient ("younger than 10 years" for "a 6 year old", the "10 < 20 kg"
row for "15 kg") leads when it scores this share of a best sentence that states or is read under no band
that holds the patient: the weight and age the question gives say whom it is about."""


def _band_lead(ranked: list[Candidate]) -> Candidate | None:
    """The best sentence holding the asked band more closely than the best sentence (see BAND_LEAD_CUTOFF)."""
    best = ranked[0]
    closer = [c for c in ranked[1:] if c.fit >= WIDER_SHARE and c.fit > best.fit]
    if not closer:
        return None
    tightest = max(c.fit for c in closer)
    return next((c for c in closer if c.fit == tightest and c.score >= best.score * BAND_LEAD_CUTOFF), None)


def _prescribing(question: str, intents: Sequence[SectionIntent]) -> Callable[[Candidate], bool] | None:
    """For a question asking for a dose (not about a missed dose or another situation, nor how to manage
    one), whether a sentence comes from the label section that prescribes doses, and names the population
    the question names (children, the elderly) when it names one; None for other questions."""
    dosing = [i for i in intents if i.name == "dosing"]
    if not dosing or not ASKS_AMOUNT_RE.search(question) or SITUATIONAL_RE.search(question):
        return None
    if MANAGING_RE.search(question):
        return None
    populations = {i.name for i in intents} & FINER_POPULATIONS  # "dose in children": the children's dose

    def prescribing(c: Candidate) -> bool:
        if c.hit.chunk.meta.doc_type != "label" or section_match(c.hit.chunk, dosing) < 1.0:
            return False
        if not populations:
            return True
        own = f"{(c.hit.chunk.section or '').split(' > ')[-1]} {c.under} {c.text}"
        return bool(populations & {i.name for i in detect_intents(own)})

    return prescribing


def _says(c: Candidate, question_terms: set[str]) -> bool:
    """The sentence (read under its heading) names nearly every word of what was asked, not only the
    one word the passages happen to share ("thrombus" of "left ventricular thrombus")."""
    if len(question_terms) < 2:  # one word ("carry", "tablet") says too little to overrule the section asked
        return False
    return c.lexical > 0.0 and len(c.mentioned & question_terms) >= SAYS_IT_ALL * len(question_terms)


def _passage_lead(best: Candidate, ranked: list[Candidate]) -> Candidate | None:
    """The first sentence of the best sentence's passage (under the same inline sub-heading), when that
    passage is in the asked section."""
    if best.position == 0 or best.continues_section or best.hit.scores.get("section", 0.0) < 1.0:
        return None
    same = [
        c
        for c in ranked
        if c.hit.chunk.chunk_id == best.hit.chunk.chunk_id
        and c is not best
        and c.under == best.under
        and not c.aside
        and not c.subject < 0.0 <= best.subject  # the row of a sibling trial leads nothing
    ]
    lead = min(same, key=lambda c: c.position, default=None)
    return lead if lead is not None and lead.position < best.position else None


def cite_sentence(sentence: str, numbers: Sequence[int]) -> str:
    """Place the markers before the closing punctuation: "… 0.5 mg once weekly [1]."."""
    markers = "".join(f"[{n}]" for n in numbers)
    stripped = sentence.rstrip()
    if stripped.endswith((".", "!", "?")):
        return f"{stripped[:-1].rstrip()} {markers}{stripped[-1]}"
    return f"{stripped} {markers}."


def _truncate(sentence: str, max_words: int) -> str:
    """A single sentence longer than the whole budget is cut at a word boundary."""
    words = sentence.split()
    return sentence if len(words) <= max_words else " ".join(words[:max_words]).rstrip(",;") + " …"


def compose_answer(
    question: str,
    hits: Sequence[ScoredChunk],
    embedder: SentenceEmbedder | None = None,
    *,
    max_words: int = 120,
    products: Sequence[str] | None = None,
    intents: Sequence[SectionIntent] | None = None,
    chunks_of: Callable[[str], list[Chunk]] | None = None,
) -> ComposedAnswer | None:
    """A short cited answer from ``hits``, or None when no sentence supports one.

    ``intents`` are the sections the question asks about (the retriever's
    understanding; the wording rules alone when not given). ``embedder`` is
    accepted for callers written against the earlier composer that embedded
    sentences; scoring no longer uses it (see the module docstring). ``chunks_of`` gives a document's
    passages, read for the trial a section names before the retrieved ones (see :mod:`antecedents`).
    """
    del embedder
    found = list(intents) if intents is not None else detect_intents(question)
    names = {i.name for i in found}
    topical = topical_terms(question, product_terms(hits), framed=bool(names))
    topical |= spelled_out(question, _headings(hits))  # "UC" -> "Ulcerative Colitis"
    topical |= spelled_out(question, {h.chunk.text for h in hits}, lower_case_only=True)  # "afib" in the text
    # "PFS": "progression free survival", as the answering documents define it
    spelled = long_forms(question, document_texts(hits, chunks_of, MAX_DEFINING_DOCUMENTS))
    topical |= set(spelled)
    framed = framing_words(question) - topical
    pool_all = candidates(hits, products, topical, question)
    if not pool_all:
        return None
    read_in_full(pool_all, spelled)  # a row labelled "Progression Free Survival" states the asked PFS
    vocabulary = {t for c in pool_all for t in c.mentioned}
    topical = unclipped(topical, vocabulary)  # "max dose" -> "maximum"
    codes = coded_as(topical, vocabulary)  # "a1c" -> "hba1c"
    topical = (topical - set(codes)) | {t for longer in codes.values() for t in longer}
    drug = frozenset(t for name in product_names(hits) for t in content_terms(name))
    read_on(pool_all, drug, chunks_of)  # "HR 0.78" is read under the trial named sentences before ("TNT")
    score_candidates(question, topical, pool_all, names, found, framed, drug)
    pool = _one_product(pool_all) if not products else pool_all
    chosen = _select(pool, topical, max_words, _prescribing(question, found), question)
    chosen = complete_facets(chosen, pool, facets(question, topical | framed), max_words)
    if "dosing" in names and STEPS_RE.search(question):
        chosen = continue_doses(chosen, pool, max_words)
    if "dosing" in names:
        chosen = with_a_dose(chosen, pool, max_words)
    chosen = whole_rows(whole_lists(chosen, pool, max_words), pool, max_words)
    chosen = with_partners(chosen, pool, max_words)  # "Therefore, … in these patients." with its premise
    chosen = with_references(chosen, pool, max_words)  # "[see Adverse Reactions (6.1)]": the figures there
    listing = asks_for_list(question, names) and not _names_a_subsection(topical, pool)
    cue = next((i.cue for i in found if i.cue is not None), None)
    if cue is not None:
        chosen = sweep_cued(chosen, pool, cue, max_words)
    elif listing:
        chosen = sweep_list(chosen, pool, max_words, titles="indications" in names)
    parts = intents_by_part(question, found)
    if parts:
        chosen = complete_intents(chosen, pool, parts, max_words)
    listing = listing or cue is not None or bool(parts)
    subject = drug if "mechanism" in names else frozenset()
    if subject:
        chosen = with_subject(chosen, pool, subject, max_words)
    chosen = answer_order(chosen, listing=listing, subject=subject)
    if not chosen:
        return None
    numbering = CitationNumbering()
    rendered = []
    for text, chunk in _statements(chosen, quoted(chosen, max_words)):
        n = numbering.cite(chunk, text)
        rendered.append(cite_sentence(_truncate(text, max_words), [n]))
    return ComposedAnswer(" ".join(rendered), numbering.citations(), chosen, spelled)


def _statements(chosen: list[Candidate], texts: list[str]) -> list[tuple[str, Chunk]]:
    """Sentences to cite, in order; a list's introduction and the items that follow it are one statement.

    ``texts`` are the chosen sentences as quoted (a table's first row headed by its caption, see
    :func:`candidates.quoted`). "… contraindicated in women with any of the following: Pregnancy;
    Known osteoporosis."
    """
    out: list[tuple[str, Chunk]] = []
    i = 0
    while i < len(chosen):
        c = chosen[i]
        items: list[int] = []
        while c.intro and i + 1 + len(items) < len(chosen):
            j = i + 1 + len(items)
            nxt = chosen[j]
            if nxt.intro or nxt.hit.chunk.chunk_id != c.hit.chunk.chunk_id or nxt.position < c.position:
                break
            items.append(j)
        if c.intro and items:
            text = f"{texts[i]} " + "; ".join(texts[j].rstrip(".") for j in items) + "."
        else:
            text = texts[i] if not c.intro else texts[i].rstrip(":") + "."
        out.append((text, c.hit.chunk))
        i += 1 + len(items)
    return out
