"""Sentences that only read with their neighbour: a conclusion and its premise, the halves of one short item.

The composer picks sentences by what they mention, so it can pick one half of a statement that
the label makes in two sentences:

* **A conclusion** ("Therefore, use of X is not recommended in these patients.") refers back to
  the sentence before it for what "these patients" are, and that sentence ("The safety and
  efficacy of X have not been studied in patients with prosthetic heart valves.") mentions what
  was asked but not what the label concludes. Either one chosen brings the other: the answer is
  the pair. A conclusion is told by its opening connective or by a demonstrative that points back
  ("these patients", "this population"), both closed classes of English grammar, not of any label.
* **A short bulleted item of two sentences** ("• Tablets should be swallowed whole. Tablets should
  not be split, crushed, or chewed.") is one instruction: its sentences come and go together.
* **An examples line** ("Examples: Topiramate, zonisamide, acetazolamide.") names members of a
  class and states nothing about them: the row of an interaction table it closes says what the class
  does ("Clinical Impact: … may increase the risk for lactic acidosis. Intervention: Consider more
  frequent monitoring."). A PDF table read as prose keeps that row as the sentences before the line,
  back to the line closing the previous row: they come with it (at most MAX_EXEMPLIFIED).
* **A mechanism answer** states what the drug itself does: its best sentence naming the drug follows
  when none chosen does (:func:`with_subject`).
* **A pointer** ("X showed fewer major bleeds than warfarin [see Adverse Reactions (6.1)].") says
  where the label gives the figures: the best sentence or row of the section it names that also
  speaks to the question follows it (:func:`with_references`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.retrieval.candidates import MAX_ITEM_WORDS, Candidate
from assistant.retrieval.text import strip_bullet, word_count

_CONCLUDES_RE = re.compile(
    r"^(?:therefore|thus|hence|consequently|accordingly|as a result|for this reason|for these reasons)\b",
    re.IGNORECASE,
)
_POINTS_BACK_RE = re.compile(
    r"\b(?:these|such|this|those) (?:patients?|populations?|women|men|children|infants|subjects|individuals"
    r"|cases|situations|circumstances|settings|conditions)\b",
    re.IGNORECASE,
)
_BULLET_RE = re.compile(r"^\s*[-•▪*]\s+")
_EXAMPLES_RE = re.compile(r"^\s*(?:examples?|e\.g\.)\s*:", re.IGNORECASE)
MAX_EXEMPLIFIED = 3
"""Sentences before an examples line that can state what its class does."""
_SEE_RE = re.compile(r"\[see ([^\]]+)\]", re.IGNORECASE)
_REFERENCE_RE = re.compile(r"([A-Z][A-Za-z ,/-]+?)\s*\(\d+(?:\.\d+)?(?:,\s*\d+(?:\.\d+)?)*\)")
REFERENCE_CUTOFF = 0.5
"""A sentence of the section a pointer names joins with this fraction of the pointer's score."""


def refers_back(sentence: str) -> bool:
    """The sentence draws its subject from the one before ("Therefore, …", "… in these patients")."""
    return bool(_CONCLUDES_RE.match(sentence.strip()) or _POINTS_BACK_RE.search(sentence))


def _short_items(c: Candidate) -> list[str]:
    """The short bulleted items of the candidate's passage that hold more than one sentence."""
    items = (strip_bullet(line) for line in c.hit.chunk.text.splitlines() if _BULLET_RE.match(line))
    return [i for i in items if word_count(i) <= MAX_ITEM_WORDS]


def _partners(c: Candidate, pool: Sequence[Candidate]) -> list[Candidate]:
    """The sentences ``c`` reads with: its premise or conclusion, and the rest of its short item."""
    same = [o for o in pool if o is not c and o.hit.chunk.chunk_id == c.hit.chunk.chunk_id and o.under == c.under]
    out = [o for o in same if o.position == c.position + 1 and refers_back(o.text)]
    if refers_back(c.text):
        out += [o for o in same if o.position == c.position - 1]
    if c.item:
        items = [i for i in _short_items(c) if c.text in i]
        out += [o for o in same if any(o.text in i for i in items)]
    if _EXAMPLES_RE.match(c.text):
        out += _exemplified(c, same)
    return out


def _exemplified(c: Candidate, same: Sequence[Candidate]) -> list[Candidate]:
    """The sentences before an examples line back to the previous one: what its class does."""
    found: list[Candidate] = []
    for o in sorted((o for o in same if o.position < c.position), key=lambda o: -o.position):
        if _EXAMPLES_RE.match(o.text) or len(found) >= MAX_EXEMPLIFIED:
            break
        found.append(o)
    return found


def with_partners(chosen: list[Candidate], pool: Sequence[Candidate], max_words: int) -> list[Candidate]:
    """Each chosen sentence with the sentences it only reads with (see the module docstring)."""
    words = sum(word_count(c.text) for c in chosen)
    for c in list(chosen):
        for other in _partners(c, pool):
            if other in chosen or words + word_count(other.text) > max_words:
                continue
            chosen.append(other)
            words += word_count(other.text)
    return chosen


def referenced_sections(sentence: str) -> list[str]:
    """Titles of the label sections a sentence points to ("[see Warnings and Precautions (5.2) and Adverse
    Reactions (6.1)]" -> ["Warnings and Precautions", "Adverse Reactions"])."""
    titles: list[str] = []
    for see in _SEE_RE.findall(sentence):
        for match in _REFERENCE_RE.finditer(see):
            title = re.sub(r"^(?:and|also|see)\s+", "", match.group(1).strip(), flags=re.IGNORECASE)
            titles.append(title)
    return titles


def with_references(chosen: list[Candidate], pool: Sequence[Candidate], max_words: int) -> list[Candidate]:
    """Each chosen pointer followed by the best candidate of the section it names that speaks to the question."""
    words = sum(word_count(c.text) for c in chosen)
    for c in list(chosen):
        titles = [t.casefold() for t in referenced_sections(c.text)]
        if not titles:
            continue
        options = [
            o
            for o in pool
            if o not in chosen
            and o.supports_answer
            and o.lexical > 0.0
            and o.hit.chunk.doc_id == c.hit.chunk.doc_id
            and (o.hit.chunk.section or "").split(" > ")[0].casefold() in titles
            and o.score >= REFERENCE_CUTOFF * c.score
        ]
        pick = max(options, key=lambda o: o.score, default=None)
        if pick is not None and words + word_count(pick.text) <= max_words:
            chosen.append(pick)
            words += word_count(pick.text)
    return chosen


def with_subject(
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
