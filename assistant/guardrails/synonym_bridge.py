"""One condition, two vocabularies: ICD-10-CM codes reached through the HPO's synonyms.

A label writes "opioid addiction", a reader "opioid use disorder". ICD-10-CM files the reader's
words (F11.10, F11.20 inclusion terms) but has no title "opioid addiction"; the HPO names the
label's words (Addictive opioid use) and lists "Opioid dependence" as an exact synonym, which
ICD-10-CM files under F11.20. Neither vocabulary alone links the two phrases; chaining them
does, and each link is curated data (an HPO exact synonym, an ICD-10-CM title or inclusion
term), never a fitted cosine or a hand list.

So a phrase's codes are its own ICD-10-CM codes plus the codes of the names and exact synonyms
of the HPO term that names the whole phrase; an indication's codes are its ICD-10-CM codes plus
those of the HPO terms it names. Codes are still compared exactly (see :mod:`.vocabulary`).
"""

from __future__ import annotations

from functools import lru_cache

from assistant.guardrails.lay_names import LayVocabulary, lay_vocabulary
from assistant.guardrails.text import tokenize
from assistant.guardrails.vocabulary import whole_phrase_codes


def _term_codes(vocabulary: LayVocabulary, terms: frozenset[str]) -> frozenset[str]:
    """ICD-10-CM codes of the names and exact synonyms of HPO terms, each name read whole."""
    out: set[str] = set()
    for tid in terms:
        term = vocabulary.terms.get(tid)
        if term is not None:
            for name in (term.name, *term.exact):
                out |= whole_phrase_codes(name)
    return frozenset(out)


@lru_cache(maxsize=4096)
def phrase_codes(phrase: str) -> frozenset[str]:
    """Codes of the HPO term naming all of ``phrase`` ("opioid addiction": F11.2x through
    "Opioid dependence"), none when no single HPO name spans it."""
    vocabulary = lay_vocabulary()
    words = tokenize(phrase)
    if vocabulary is None or not words:
        return frozenset()
    runs = vocabulary.runs(phrase)
    if len(runs) != 1 or runs[0].start > words[0].start or runs[0].end < words[-1].end:
        return frozenset()
    return _term_codes(vocabulary, runs[0].terms)


@lru_cache(maxsize=1024)
def text_codes(text: str) -> frozenset[str]:
    """Codes of every HPO term an indication sentence names."""
    vocabulary = lay_vocabulary()
    if vocabulary is None:
        return frozenset()
    return _term_codes(vocabulary, frozenset(t for run in vocabulary.runs(text) for t in run.terms))
