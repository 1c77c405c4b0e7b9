"""Where the labels put a question's words: reaction-rate questions, and questions on animal data.

Rate questions about a harm: "how often did <reaction> occur?" is an adverse-reaction question.

"What percent of patients had nasopharyngitis in placebo-controlled trials?" names no section
word ("adverse", "side effect"): the wording rules read "placebo-controlled trials" as an
efficacy question and the answer is looked for in Clinical Studies, while the rate sits in an
adverse-reaction table or in "The most common adverse reactions (≥2%) were …". What makes it an
adverse-reaction question is the reaction it names, and the labels themselves say which words
name reactions: a term whose label passages lie mostly in Adverse Reactions sections
(nasopharyngitis, insomnia) is a reaction; "response", "survival" or "dose" are not.
So the store's own section distribution of each term, not a word list, decides, and only for a
question that asks a rate (how often, percent, incidence …): "dose for nausea" stays a dosing
question. Warnings sections are not counted: they are long and discuss trials, so "trial" or
"occur" would read as reactions and every "response rate in the trial" as a safety question.

Animal data: "subcutaneous <drug> dose?" or a human pregnancy question may retrieve "in pregnant
rabbits, <drug> was administered subcutaneously at 30 mg/kg", which answers nothing about patients.
The label's structure says which passages are animal data (:func:`sections.is_nonclinical`); a
question asks about them when a word of it sits mostly in such passages ("rats", "carcinogenicity",
"teratogenic"), again by the store's counts, not a species list. Otherwise the answer is composed from
the human-context passages whenever there are any.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from assistant.ingest.bm25 import tokenize
from assistant.retrieval.intents import INTENTS, SectionIntent
from assistant.retrieval.sections import is_nonclinical, section_match
from assistant.types import Chunk, ScoredChunk

HARM_SHARE = 0.35
"""Share of a term's label passages that must be adverse-reaction passages for it to name a reaction: about 2.5
times the share of all label passages that are (0.15 on the 52-label store). Nausea 0.44, dizziness 0.45,
vomiting 0.37, rash 0.53; response 0.02, survival 0.0, bleeding 0.12 (mostly efficacy and warnings)."""
MAX_SPREAD = 0.05
"""A reaction is named in few passages; a word in more than this share of label passages ("trial" 0.41, "occur"
0.43 in Adverse Reactions, each in ~10% of passages) is the labels' general vocabulary, not a reaction."""
NONCLINICAL_SHARE = 0.2
"""Share of a term's label passages that are animal data from which a question using it asks about them. Low on
purpose: animal data are a few percent of label passages, and many sit in subsections the label does not title
as such (a Risk Summary's "in animal reproduction studies"), so "rat" (0.54), "rabbit" (0.27) and "animal" (0.21)
must count while "pregnant" (0.11) or "dose" (0.06) must not; a borderline word keeps the animal passages."""
MIN_PASSAGES = 2
"""A term seen in fewer label passages says nothing about where it usually sits."""

RATE_RE = re.compile(
    r"\bhow (?:often|common(?:ly)?|frequent(?:ly)?|many (?:patients|pts|people|subjects|participants))\b"
    r"|\bpercent(?:age)?\b|%|\brates?\b|\bincidence\b|\bfrequency\b|\bproportion\b|\bshare of\b",
    re.IGNORECASE,
)
"""Wording that asks how often something happened."""
ADVERSE = next(i for i in INTENTS if i.name == "adverse_reactions")


class SectionTerms:
    """For each BM25 term: in how many label passages it occurs, how many of them report adverse reactions and
    how many animal data."""

    def __init__(self, chunks: Iterable[Chunk], adverse: SectionIntent = ADVERSE) -> None:
        self.adverse = adverse
        self.total: Counter[str] = Counter()
        self.harm: Counter[str] = Counter()
        self.animal: Counter[str] = Counter()
        labels = [c for c in chunks if c.meta.doc_type == "label"]
        self.passages = len(labels)
        for chunk, terms in zip(labels, tokenize([c.text for c in labels]) if labels else [], strict=True):
            distinct = set(terms)
            self.total.update(distinct)
            if section_match(chunk, [adverse]) >= 1.0:
                self.harm.update(distinct)
            if is_nonclinical(chunk):
                self.animal.update(distinct)

    def names_reaction(self, term: str) -> bool:
        """The labels mostly report this term as an adverse reaction."""
        total = self.total.get(term, 0)
        specific = MIN_PASSAGES <= total <= MAX_SPREAD * self.passages
        return specific and self.harm.get(term, 0) >= HARM_SHARE * total

    def asks_reaction_rate(self, question: str) -> bool:
        """The question asks how often a reaction occurred (see the module docstring)."""
        if not RATE_RE.search(question):
            return False
        rest = RATE_RE.sub(" ", question)  # "incidence" is how the labels report any rate, not a reaction
        terms = tokenize([rest])[0] if rest.strip() else []
        return any(self.names_reaction(t) for t in terms)

    def with_adverse(
        self, question: str, intents: list[SectionIntent], worded: Iterable[str] = ()
    ) -> list[SectionIntent]:
        """``intents`` plus the adverse-reaction intent for a reaction-rate question that lacks it.

        ``worded`` names the intents the question's wording states besides its rate cue; the others were
        the prototype classifier's guess or read from the cue ("how often did nausea occur?" read as "how
        often do patients take it?") and give way to the reaction the question names.
        """
        if any(i.name == self.adverse.name for i in intents) or not self.asks_reaction_rate(question):
            return intents
        kept = set(worded)
        return [self.adverse, *(i for i in intents if i.name in kept)]

    def asks_nonclinical(self, question: str) -> bool:
        """A word of the question sits mostly in animal-data passages ("rats", "carcinogenicity")."""
        terms = tokenize([question])[0] if question.strip() else []
        return any(
            self.total.get(t, 0) >= MIN_PASSAGES and self.animal.get(t, 0) >= NONCLINICAL_SHARE * self.total[t]
            for t in terms
        )

    def human_evidence(self, question: str, hits: list[ScoredChunk]) -> list[ScoredChunk]:
        """``hits`` without the animal-data passages, unless the question asks about animal data or nothing
        else was found."""
        human = [h for h in hits if not is_nonclinical(h.chunk)]
        if not human or len(human) == len(hits) or self.asks_nonclinical(question):
            return hits
        return human


def without_words(text: str, words: Iterable[str]) -> str:
    """``text`` with each of ``words`` (whole words, any case) blanked."""
    for word in words:
        text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", " ", text, flags=re.IGNORECASE)
    return text
