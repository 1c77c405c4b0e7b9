"""Extractive answers: the sentences of the retrieved passages that answer the question.

This is the offline default and the fallback of the generative path. It never
writes a word that is not in an approved passage: it picks sentences, orders
them, and cites each with ``[n]``. A sentence is scored by

* query-term overlap (stemmed, stopwords and product names removed, IDF-weighted
  over the candidates), read under its section title and table caption;
* the strength of its passage: the retriever's calibrated relevance and rank;
* whether its section is the one the question asks about (the retriever's
  section intent), and, for label questions (dosing, safety, interactions,
  populations), whether it comes from the label;
* its position: a label subsection states its answer first.

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

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

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
    STEPS_RE,
    answer_order,
    asks_for_list,
    complete_facets,
    complete_intents,
    continue_doses,
    facets,
    intents_by_part,
    is_duplicate,
    states_a_dose,
    sweep_cued,
    sweep_list,
    whole_lists,
    whole_rows,
    with_a_dose,
)
from assistant.retrieval.intents import FINER_POPULATIONS, SectionIntent, detect_intents
from assistant.retrieval.premises import COMPARATIVE_RE
from assistant.retrieval.scope import (
    COMPARISON_RE,
    asks_about_use,
    framing_words,
    is_indications_section,
    spelled_out,
    topical_terms,
    unclipped,
)
from assistant.retrieval.text import content_terms, numbers, word_count
from assistant.retrieval.understanding import GENERIC_FRAMING
from assistant.types import Chunk, Citation, ScoredChunk

__all__ = ["Candidate", "ComposedAnswer", "SentenceEmbedder", "compose_answer", "product_names", "product_terms"]

MAX_SENTENCES = 4
SAME_PASSAGE_CUTOFF, ADDING_CUTOFF = 0.8, 0.6
"""Fractions of the best sentence's score a further sentence of the best passage needs: the
first when it only continues the answer, the second when it mentions something asked that
the answer does not cover yet."""
OTHER_PASSAGE_CUTOFF = 0.8
"""Another passage contributes only sentences this close to the best that add something asked."""
HEADING_SHARE = 0.5
"""A question word found only in the sentence's heading counts this much: the heading is shared by
every sentence of the section, the sentence's own words tell them apart."""
OFF_TOPIC_HEADING = 0.1
"""A subsection whose own title names something the question does not ask ("Missed Dose" for "how is
it dosed?") answers it less directly than one titled with what is asked or with nothing specific."""
POPULATION_INTENTS = frozenset({"specific_populations", "pregnancy", "lactation", "pediatric", "geriatric"})
SITUATIONAL_RE = re.compile(
    r"missed|delayed|preparation|reconstitut|switch|discontinu|interrupt|modification|adjustment|maintenance",
    re.IGNORECASE,
)
"""Standard label subsections that answer only a question about their situation ("Missed Dose",
"Maintenance Treatment": the starting dose is asked unless the question names maintenance)."""
MANAGING_RE = re.compile(r"\bwhat (?:to|should \w+) do\b|\bmanag(?:e|ed|ing|ement)\b|\bwhat happens if\b", re.I)
"""A question about handling a situation ("QTc on X - what to do") is answered by the modification subsections."""
BOILERPLATE_HEADING = frozenset(content_terms("information important general overview recommended instructions"))
"""Heading words that name no topic: "Dosing Information", "Important Administration Instructions"."""
ACTION_BONUS = 0.08
"""A mechanism question is answered by what the drug does to its target ("binds", "inhibits", "blocks")."""
ACTION_RE = re.compile(
    r"\b(?:binds?|binding|inhibit\w*|block\w*|antagoni\w*|agonis\w*|activat\w*|enhanc\w*|suppress\w*"
    r"|modulat\w*|degrad\w*|prevent\w*|reduc\w*)\b",
    re.IGNORECASE,
)
COMPARE_BONUS = 0.1
"""A comparison question is answered by a sentence that compares ("31% with A versus 22% with B")."""
DOSE_BONUS = 0.05
"""A dosing question is answered by an amount: a sentence stating one ranks a little higher."""
POPULATION_BONUS = 0.08
"""A question about a population ("dose for men over 65") is answered by a sentence naming it ("> 65 years")."""
AMOUNT_BONUS = 0.08
"""A question naming an amount or strength ("5/325", "at 100 mg") is answered by the sentence or row stating it."""
_AMOUNT_RE = re.compile(
    r"\d+(?:\.\d+)?(?:/\d+(?:\.\d+)?)+|\d+(?:\.\d+)?\s?(?:mg|mcg|µg|g|kg|ml|%|units?)\b", re.IGNORECASE
)
CUE_BONUS = 0.08
"""A question whose sections hold much else (monitoring) is answered by the sentences stating its cue."""
LABEL_INTENTS = frozenset(
    {
        "dosing",
        "contraindications",
        "adverse_reactions",
        "interactions",
        "specific_populations",
        "boxed_warning",
        "warnings",
        "overdose",
        "storage",
        "mechanism",
        "pharmacokinetics",
        "indications",
        "dosage_forms",
        "monitoring",
        "description",
    }
)
"""Question kinds the approved label answers with authority; decks and papers only restate it.
Only efficacy questions are left out: trial publications report more than the label's summary."""


@dataclass
class ComposedAnswer:
    """The cited answer text, its citations and the sentences chosen (in answer order)."""

    text: str
    citations: list[Citation]
    sentences: list[Candidate] = field(default_factory=list)

    @property
    def mentioned(self) -> set[str]:
        """Every term the answer's sentences (with their headings) mention."""
        return {t for c in self.sentences for t in c.mentioned}


def _off_topic(c: Candidate, asked: frozenset[str], names: set[str], managing: bool = False) -> bool:
    """The sentence's label subsection is about a situation or population the question does not ask about.

    "Renal and Hepatic Impairment" or "Pediatric Heart Failure" (a population intent not
    asked) and "Missed Dose" or "Preparation" (a situational subsection whose words are not
    in the question) answer "what is the starting dose?" less directly than "Adult Heart Failure".
    """
    section = c.hit.chunk.section or ""
    if c.hit.chunk.meta.doc_type != "label" or not (" > " in section or c.under):
        return False
    leaves = [section.split(" > ")[-1]] if " > " in section else []
    leaves += c.under.split(" / ") if c.under else []  # "Maintenance Treatment", "Adolescents" inside it
    for leaf in leaves:
        populations = {i.name for i in detect_intents(leaf)} & POPULATION_INTENTS
        if populations - names:
            return True
        if not managing and SITUATIONAL_RE.search(leaf) and not set(content_terms(leaf)) <= asked:
            return True
    return False


def _score(
    question: str,
    question_terms: set[str],
    candidates: list[Candidate],
    names: set[str],
    intents: Sequence[SectionIntent] = (),
    framed: set[str] | None = None,
    subject: frozenset[str] = frozenset(),
) -> None:
    """Score every candidate in place (see the module docstring for the parts).

    ``framed`` are the words that say what kind of answer is wanted ("half-life"): they
    tell sentences of the asked section apart, and count nowhere else.
    """
    framed = (framed or set()) - question_terms
    df = Counter(t for c in candidates for t in c.mentioned)
    n = len(candidates)
    # Terms no candidate mentions rank nothing; whether their absence leaves the question
    # unanswered is the chain's key-term check (assistant.retrieval.scope), not the ranking's.
    idf = {t: math.log(1.0 + n / (1.0 + df[t])) for t in question_terms | framed if df[t]}
    total = sum(idf.values()) or 1.0
    label_question = bool(names & LABEL_INTENTS)
    titles = " ".join(t for i in intents for t in i.titles)
    asked = frozenset(content_terms(f"{question} {titles}")) | GENERIC_FRAMING | BOILERPLATE_HEADING
    dosing = "dosing" in names
    comparing = bool(COMPARISON_RE.search(question))
    mechanism = "mechanism" in names
    cues = [i.cue for i in intents if i.cue is not None]
    # "what to do" and population questions are answered by the modification/adjustment subsections
    managing = bool(MANAGING_RE.search(question)) or bool(names & POPULATION_INTENTS)
    populations = names & FINER_POPULATIONS
    use_question = asks_about_use(question)
    amounts = numbers(" ".join(_AMOUNT_RE.findall(question)))
    for c in candidates:
        # A sentence is read under its heading: "Do not use …" answers a contraindications question.
        # Words in the sentence itself count fully; words only its heading or title has count half.
        # A table row's caption is part of what the row states ("Table 1. Dosing schedule" / "Day 14: 12 mg").
        own = sum(idf.get(t, 0.0) for t in question_terms & (c.terms | c.caption))
        read_under = sum(idf.get(t, 0.0) for t in (question_terms & (c.heading | c.title)) - c.terms - c.caption)
        if c.hit.scores.get("section", 0.0) >= 1.0:  # framing words count half, and only in the asked section
            own += HEADING_SHARE * sum(idf.get(t, 0.0) for t in framed & c.terms)
        c.lexical = (own + HEADING_SHARE * read_under) / total
        # The section evidence is the retriever's intent match (is this the kind of section asked?);
        # heading words that name the condition or trial already count in the lexical score.
        c.section = c.hit.scores.get("section", 0.0)
        if use_question and is_indications_section(c.hit.chunk.section):
            c.section = 1.0  # "can X be used for Y?" is answered first by what X is approved for
        in_asked_section = c.hit.scores.get("section", 0.0) >= 1.0
        c.label = 1.0 if label_question and in_asked_section and c.hit.chunk.meta.doc_type == "label" else 0.0
        c.bonus = DOSE_BONUS if dosing and states_a_dose(c.text) else 0.0
        if comparing and COMPARATIVE_RE.search(c.text):
            c.bonus += COMPARE_BONUS
        if mechanism and c.terms & subject and ACTION_RE.search(c.text) and not c.negated:
            c.bonus += ACTION_BONUS
        c.aside = _off_topic(c, asked, names, managing)
        if c.aside:
            c.bonus -= OFF_TOPIC_HEADING
        if any(cue.search(c.text) for cue in cues):
            c.bonus += CUE_BONUS
        if populations and populations & {i.name for i in detect_intents(c.text)}:
            c.bonus += POPULATION_BONUS
        if amounts:
            c.bonus += AMOUNT_BONUS * len(amounts & numbers(c.text)) / len(amounts)


def _with_subject(
    chosen: list[Candidate], pool: list[Candidate], subject: frozenset[str], max_words: int
) -> list[Candidate]:
    """A mechanism answer states what the drug itself does: add its best sentence naming the drug if none does."""
    if not chosen or any(c.terms & subject and not c.negated for c in chosen):
        return chosen
    section = chosen[0].hit.chunk.section
    named = [
        c for c in pool if c.hit.chunk.section == section and c.terms & subject and not c.negated and c not in chosen
    ]
    if not named:
        return chosen
    pick = max(named, key=lambda c: c.score)
    while chosen and sum(word_count(c.text) for c in [*chosen, pick]) > max_words:
        chosen = chosen[:-1]
    return [*chosen, pick]


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


def _select(scored: list[Candidate], question_terms: set[str], max_words: int) -> list[Candidate]:
    """The best sentence, its passage's relevant sentences, and other passages' only when they add."""
    ranked = sorted((c for c in scored if c.supports_answer), key=lambda c: c.score, reverse=True)
    if not ranked:
        return []
    best = ranked[0]
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
    lead = _passage_lead(best, ranked)
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


def _passage_lead(best: Candidate, ranked: list[Candidate]) -> Candidate | None:
    """The first sentence of the best sentence's passage (under the same inline sub-heading), when that
    passage is in the asked section."""
    if best.position == 0 or best.continues_section or best.hit.scores.get("section", 0.0) < 1.0:
        return None
    same = [
        c
        for c in ranked
        if c.hit.chunk.chunk_id == best.hit.chunk.chunk_id and c is not best and c.under == best.under and not c.aside
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
) -> ComposedAnswer | None:
    """A short cited answer from ``hits``, or None when no sentence supports one.

    ``intents`` are the sections the question asks about (the retriever's
    understanding; the wording rules alone when not given). ``embedder`` is
    accepted for callers written against the earlier composer that embedded
    sentences; scoring no longer uses it (see the module docstring).
    """
    del embedder
    found = list(intents) if intents is not None else detect_intents(question)
    names = {i.name for i in found}
    topical = topical_terms(question, product_terms(hits), framed=bool(names))
    topical |= spelled_out(question, {h.chunk.section or "" for h in hits})  # "UC" -> "Ulcerative Colitis"
    framed = framing_words(question) - topical
    pool_all = candidates(hits, products, topical, question)
    if not pool_all:
        return None
    topical = unclipped(topical, {t for c in pool_all for t in c.mentioned})  # "max dose" -> "maximum"
    drug = frozenset(t for name in product_names(hits) for t in content_terms(name))
    _score(question, topical, pool_all, names, found, framed, drug)
    pool = _one_product(pool_all) if not products else pool_all
    chosen = _select(pool, topical, max_words)
    chosen = complete_facets(chosen, pool, facets(question, topical | framed), max_words)
    if "dosing" in names and STEPS_RE.search(question):
        chosen = continue_doses(chosen, pool, max_words)
    if "dosing" in names:
        chosen = with_a_dose(chosen, pool, max_words)
    chosen = whole_rows(whole_lists(chosen, pool, max_words), pool, max_words)
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
        chosen = _with_subject(chosen, pool, subject, max_words)
    chosen = answer_order(chosen, listing=listing, subject=subject)
    if not chosen:
        return None
    numbering = CitationNumbering()
    rendered = []
    for text, chunk in _statements(chosen, quoted(chosen, max_words)):
        n = numbering.cite(chunk, text)
        rendered.append(cite_sentence(_truncate(text, max_words), [n]))
    return ComposedAnswer(" ".join(rendered), numbering.citations(), chosen)


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
