"""Complete answers: every part of a several-part question, and whole lists when a list is asked.

The composer builds an answer around its best sentence and stops once the
question's words are covered. Two kinds of question need more than that:

* **Several parts** ("the starting dose *and* how it is titrated", "loading and
  maintenance"): the question is split at its conjunctions into *facets*, each
  the topical terms of one part; a facet no chosen sentence mentions gets the
  best sentence that does, if one is relevant enough.
* **Lists** ("all indications", "what are the contraindications", "which drugs
  interact"): the answering label section is usually split into subsections
  (1.1, 1.2 …), each stating one item first. When the question asks for the
  list, the first sentence of every retrieved passage of that section follows,
  in document order, while the word budget allows.

The lead sentence answers the question asked: a statement of what the drug
does not do (negated) moves behind the sentences that say what it does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from assistant.retrieval.candidates import Candidate
from assistant.retrieval.intents import SectionIntent, detect_intents
from assistant.retrieval.sections import names_section, section_match
from assistant.retrieval.text import content_terms, numbers, word_count
from assistant.retrieval.understanding import framing_terms
from assistant.types import Chunk, ScoredChunk

_FACET_SPLIT_RE = re.compile(r",|;|&|\band\b|\bas well as\b|\bplus\b|\bthen\b|\balso\b", re.IGNORECASE)
LIST_RE = re.compile(
    r"\b(?:all|every|each|list|which|what are|any|(?:contra)?indications|interactions|side effects|warnings"
    r"|strengths|adverse (?:reactions|events)|indicated|approved for|used for)\b",
    re.IGNORECASE,
)
LIST_INTENTS = frozenset(
    {
        "indications",
        "contraindications",
        "interactions",
        "boxed_warning",
        "dosage_forms",
        "warnings",
        "adverse_reactions",
    }
)
"""Sections that are lists of items (one per subsection or bullet)."""
FACET_CUTOFF = 0.5
"""A sentence completing a missing facet needs this fraction of the best sentence's score."""
MAX_LIST_SENTENCES = 8
CUE_STEP = 0.05
"""Rank of a cued sentence per cue it states ("assess", "at baseline", "periodically")."""
OPENING_SENTENCES = 2
"""Sentences of its opening a further asked section contributes (statement, then its advice)."""
MAX_LIST_ITEMS = 16
DUPLICATE_JACCARD = 0.6


def facets(question: str, topical: set[str]) -> list[frozenset[str]]:
    """Topical terms of each part of a several-part question (empty for a one-part question)."""
    found: list[frozenset[str]] = []
    for part in _FACET_SPLIT_RE.split(question):
        stems = frozenset(content_terms(part)) & topical
        if stems and stems not in found:
            found.append(stems)
    return found if len(found) > 1 else []


def intents_by_part(question: str, intents: Sequence[SectionIntent]) -> list[SectionIntent]:
    """The asked sections when each part of a several-part question asks its own ("pregnancy and lactation").

    Empty for a one-part question: "lab tests before each dose" names a dose but asks for the tests.
    """
    names_by_part = [{i.name for i in detect_intents(part)} for part in _FACET_SPLIT_RE.split(question)]
    names_by_part = [names for names in names_by_part if names]
    if len(names_by_part) < 2 or all(names == names_by_part[0] for names in names_by_part):
        return []
    wanted = set().union(*names_by_part)
    return [i for i in intents if i.name in wanted]


def asks_for_list(question: str, intent_names: Iterable[str]) -> bool:
    """True for "all indications", "what are the contraindications", "which drugs interact"."""
    return bool(LIST_INTENTS & set(intent_names)) and bool(LIST_RE.search(question))


def is_duplicate(candidate: Candidate, chosen: Sequence[Candidate]) -> bool:
    """Same words and the same figures: "increase to 1 mg" and "increase to 2 mg" are both kept."""
    for other in chosen:
        if numbers(candidate.text) != numbers(other.text):
            continue
        union = candidate.terms | other.terms
        if union and len(candidate.terms & other.terms) / len(union) >= DUPLICATE_JACCARD:
            return True
    return False


def words_of(chosen: Sequence[Candidate]) -> int:
    """Words the chosen sentences take of the answer's budget."""
    return sum(word_count(c.text) for c in chosen)


def complete_facets(
    chosen: list[Candidate], pool: Sequence[Candidate], parts: list[frozenset[str]], max_words: int
) -> list[Candidate]:
    """Add, for each facet no chosen sentence mentions, the best sentence that does."""
    if not chosen or not parts:
        return chosen
    floor = chosen[0].score * FACET_CUTOFF
    for part in parts:
        if any(c.mentioned & part for c in chosen):
            continue
        options = [
            c for c in pool if c not in chosen and c.terms & part and c.score >= floor and not is_duplicate(c, chosen)
        ]
        if not options:
            continue
        pick = max(options, key=lambda c: c.score)
        if words_of(chosen) + word_count(pick.text) <= max_words:
            chosen.append(pick)
    return chosen


def whole_rows(chosen: list[Candidate], pool: Sequence[Candidate], max_words: int) -> list[Candidate]:
    """A chosen sentence of a table cell brings the cell's other sentences.

    "Tablets, 5/325; The usual adult dosage is one or two tablets every four to six hours." is
    half of its row; "The total daily dosage should not exceed 8 tablets." is the other half.
    """
    for c in [c for c in chosen if c.line >= 0]:
        for other in pool:
            same_line = other.line == c.line and other.hit.chunk.chunk_id == c.hit.chunk.chunk_id
            if same_line and other not in chosen and words_of(chosen) + word_count(other.text) <= max_words:
                chosen.append(other)
    return chosen


def whole_lists(chosen: list[Candidate], pool: Sequence[Candidate], max_words: int) -> list[Candidate]:
    """A chosen item of a bulleted list brings its introduction and its sibling items.

    "Known osteoporosis." alone does not say what it is an item of; "… is contraindicated
    in women with any of the following:" does, and "Platelet count." comes with "Coagulation tests.".
    """
    for item in [c for c in chosen if c.item]:
        intro = max(
            (
                c
                for c in pool
                if c.intro and c.hit.chunk.chunk_id == item.hit.chunk.chunk_id and c.position < item.position
            ),
            key=lambda c: c.position,
            default=None,
        )
        if intro is not None and intro not in chosen and words_of(chosen) + word_count(intro.text) <= max_words:
            chosen.append(intro)
    passages = {c.hit.chunk.chunk_id for c in chosen if c.item and c.hit.scores.get("section", 0.0) >= 1.0}
    siblings = sorted(
        (c for c in pool if c.item and c.hit.chunk.chunk_id in passages and c not in chosen),
        key=lambda c: (c.hit.chunk.ordinal, c.position),
    )
    for c in siblings:
        if words_of(chosen) + word_count(c.text) <= max_words and not is_duplicate(c, chosen):
            chosen.append(c)
    return chosen


def sweep_list(
    chosen: list[Candidate], pool: Sequence[Candidate], max_words: int, *, titles: bool = False
) -> list[Candidate]:
    """Add the first sentence of every other subsection of the asked section (same document), in order.

    With ``titles`` (indications, whose subsection titles are the approved uses) a list
    too long for the word budget is named by its subsection titles ("First-line
    Treatment of Metastatic NSCLC"), each cited to its subsection.
    """
    if not chosen:
        return chosen
    best = chosen[0]
    doc = best.hit.chunk.doc_id
    if best.hit.scores.get("section", 0.0) < 1.0:
        return chosen
    represented = {c.hit.chunk.section for c in chosen}
    firsts: dict[str | None, Candidate] = {}
    for c in pool:
        chunk = c.hit.chunk
        if chunk.doc_id != doc or c.hit.scores.get("section", 0.0) < 1.0 or chunk.section in represented:
            continue
        current = firsts.get(chunk.section)
        if current is None or (chunk.ordinal, c.position) < (current.hit.chunk.ordinal, current.position):
            firsts[chunk.section] = c
    items = sorted(firsts.values(), key=lambda c: c.hit.chunk.ordinal)
    fits = words_of(chosen) + sum(word_count(c.text) for c in items) <= max_words
    for c in items:
        if len(chosen) >= MAX_LIST_ITEMS:
            break
        title = None if fits or not titles else _subsection_title(c)  # a long list is named item by item
        pick = title or c
        if not is_duplicate(pick, chosen) and words_of(chosen) + word_count(pick.text) <= max_words:
            chosen.append(pick)
    return chosen


def _subsection_title(c: Candidate) -> Candidate | None:
    """The subsection's own title as a list item ("Adjuvant Treatment of Resected NSCLC.")."""
    parts = (c.hit.chunk.section or "").split(" > ")
    if len(parts) < 2:
        return None
    text = parts[-1].strip().rstrip(".") + "."
    return replace(c, text=text, position=-1, terms=frozenset(content_terms(text)), table_row=False, negated=False)


def answer_order(
    chosen: list[Candidate], *, listing: bool = False, subject: frozenset[str] = frozenset()
) -> list[Candidate]:
    """Passages in order of their best sentence (in document order for a list); sentences in document order.

    A negated lead ("It does not bind …") gives way to the first sentence that states what the drug does;
    with ``subject`` (the drug's names, for a mechanism question) the lead is the first sentence naming it
    ("Sildenafil enhances the effect of NO by inhibiting PDE5", not the physiology before it).
    """
    passage_order: dict[str, int] = {}
    for i, c in enumerate(chosen):
        passage_order.setdefault(c.hit.chunk.chunk_id, i)

    def key(c: Candidate) -> tuple[int, int, int]:
        where = c.hit.chunk.ordinal if listing else passage_order[c.hit.chunk.chunk_id]
        return (where, passage_order[c.hit.chunk.chunk_id], c.position)

    ordered = sorted(chosen, key=key)
    if subject and ordered and not (ordered[0].terms & subject):
        named = next((c for c in ordered if c.terms & subject and not c.negated), None)
        if named is not None:
            ordered.remove(named)
            ordered.insert(0, named)
    if ordered and ordered[0].negated:
        affirmative = next((c for c in ordered if not c.negated), None)
        if affirmative is not None:
            ordered.remove(affirmative)
            ordered.insert(0, affirmative)
    return ordered


def complete_intents(
    chosen: list[Candidate], pool: Sequence[Candidate], intents: Sequence[SectionIntent], max_words: int
) -> list[Candidate]:
    """Every section a several-part question asks ("pregnancy *and* breastfeeding") gives its opening.

    The answer is built around one best sentence, so the second section asked would be
    left out or get one stray sentence. Each asked section contributes the opening
    sentences of its passage (a label subsection states its point first: the risk summary,
    "advise women not to breastfeed … for 18 hours"), then its other chosen sentences, within
    an equal share of the budget; sentences of no asked section follow while the budget allows.
    """
    asked = [i for i in intents if i.codes or i.titles]
    if len(asked) < 2 or not chosen:
        return chosen
    doc = chosen[0].hit.chunk.doc_id
    share = max_words // len(asked)
    kept: list[Candidate] = []
    for intent in asked:
        mine = [c for c in chosen if section_match(c.hit.chunk, [intent]) >= 1.0 and c not in kept]
        options = [
            c for c in pool if c.hit.chunk.doc_id == doc and not c.intro and section_match(c.hit.chunk, [intent]) >= 1.0
        ]
        if not mine and not options:
            continue
        passage = (mine[0] if mine else max(options, key=lambda c: c.score)).hit.chunk.chunk_id
        opening = sorted((c for c in options if c.hit.chunk.chunk_id == passage), key=_place)[:OPENING_SENTENCES]
        part: list[Candidate] = []
        for c in [*opening, *mine]:
            if c in part or c in kept or is_duplicate(c, [*kept, *part]):
                continue
            if not part or words_of(part) + word_count(c.text) <= share:
                part.append(c)
        kept += part
    for c in chosen:
        if c not in kept and words_of(kept) + word_count(c.text) <= max_words:
            kept.append(c)
    while len(kept) > 1 and words_of(kept) > max_words:
        kept.pop()
    return kept


def _place(c: Candidate) -> tuple[int, int]:
    return (c.hit.chunk.ordinal, c.position)


def sweep_cued(
    chosen: list[Candidate], pool: Sequence[Candidate], cue: re.Pattern[str], max_words: int
) -> list[Candidate]:
    """For a question answered by cued sentences spread over sections (what to monitor): one per passage.

    Every passage of the answering document in the asked sections that states the cue
    ("Monitor potassium …", "Monitor serum creatinine …", "assess LVEF before starting")
    contributes its best cued sentence, best scored first (a sentence naming what the question
    names, "cardiac", scores higher; so does one stating more of the cue: "assess … at baseline
    and periodically"), until the word budget is spent. Chosen sentences without the cue give
    way when cued ones exist (the items of a cued list stay: "perform the following: Platelet
    count; …"); a cued sentence far below the best (half its score) is left out.
    """
    if not chosen:
        return chosen
    doc = chosen[0].hit.chunk.doc_id
    cued = [
        c
        for c in pool
        if c.hit.chunk.doc_id == doc and c.hit.scores.get("section", 0.0) >= 0.5 and not c.intro and cue.search(c.text)
    ]
    if not cued:
        return chosen
    kept = [c for c in chosen if cue.search(c.text)]
    lists = {c.hit.chunk.chunk_id for c in kept}
    kept += [c for c in chosen if (c.item or c.intro) and c.hit.chunk.chunk_id in lists and c not in kept]
    floor = max(c.score for c in cued) * FACET_CUTOFF
    best: dict[str, Candidate] = {}
    for c in cued:
        if c.score < floor:
            continue
        current = best.get(c.hit.chunk.chunk_id)
        if c not in kept and (current is None or c.score > current.score):
            best[c.hit.chunk.chunk_id] = c
    named = {c.hit.chunk.chunk_id for c in kept}
    order = sorted(best.values(), key=lambda c: -(c.score + CUE_STEP * len(cue.findall(c.text))))
    for c in order:
        if len(kept) >= MAX_LIST_ITEMS or c.hit.chunk.chunk_id in named:
            continue
        if words_of(kept) + word_count(c.text) <= max_words and not is_duplicate(c, kept):
            kept.append(c)
            named.add(c.hit.chunk.chunk_id)
    return kept


def titled_subsections(query: str, intents: list[SectionIntent], chunks: list[Chunk], have: set[str]) -> list[Chunk]:
    """Passages whose own title is what the question qualifies them by (see :func:`_may_answer`).

    "induction and maintenance dose in ulcerative colitis": the dosage subsection titled
    "Recommended Dosage in Ulcerative Colitis" answers it, however the ranking placed it.
    Every word of the title beyond those framing the asked kind ("recommended", "dosage")
    must be in the question: "Cardiovascular Outcomes Trial (SUSTAIN 6)" is no answer on
    "FLOW cardiovascular death". ``query`` has its product names masked. ``have`` is updated.
    """
    asked = set(content_terms(query))
    framing = framing_terms(intents) | {t for i in intents for t in content_terms(" ".join(i.titles))}
    found = []
    for c in chunks:
        title = set(content_terms((c.section or "").split(" > ")[-1])) - framing
        if title and title <= asked and c.answerable and c.chunk_id not in have and _may_answer(c, intents, title):
            found.append(c)
    have.update(c.chunk_id for c in found)
    return found


def _may_answer(chunk: Chunk, intents: list[SectionIntent], title: set[str]) -> bool:
    """A passage of the asked sections, or a run-in subsection titled only with what the question names
    ("Clarithromycin" under Drug Interactions for "dose change with clarithromycin?"): the label itself
    says the passage is about it, whichever section the wording of the question pointed to."""
    return section_match(chunk, intents) >= 1.0 or (chunk.section or "").count(" > ") >= 2


def part_openings(
    query: str, intents: list[SectionIntent], chunks: list[Chunk], hits: list[ScoredChunk], have: set[str]
) -> list[Chunk]:
    """For "pregnancy *and* lactation": the opening passage of each asked section no hit comes from.

    A passage titled as the section ("8.2 Lactation") is preferred to one that only mentions it in
    its path or title ("Risk of Early Pregnancy Loss"). ``have`` is updated.
    """
    found: list[Chunk] = []
    for intent in intents_by_part(query, intents):
        if any(section_match(h.chunk, [intent]) >= 1.0 for h in hits):
            continue
        answering = [c for c in chunks if c.answerable and c.chunk_id not in have and section_match(c, [intent]) >= 1.0]
        first = min(answering, key=lambda c: (not names_section(c, intent), c.ordinal), default=None)
        if first is not None:
            found.append(first)
            have.add(first.chunk_id)
    return found
