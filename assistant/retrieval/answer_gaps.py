"""Why a composed answer does not answer what was asked: checks run after composing, before guarding.

An extractive answer can be well cited and still miss the question: it may leave out
what was asked ("stroke" in "PARADIGM-HF stroke hazard ratio"), quote another trial than
the one named ("SUSTAIN 6" for "SUSTAIN 7"), or answer an off-label use with a harm list.
Each check returns the reason the chain reports, or None.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.quantities import (
    AGE_SHORTHAND,
    DAYS,
    DECIMAL,
    KILOGRAMS,
    MONTHS,
    POUNDS,
    STATED_AGE,
    WEEKS,
    YEARS,
    holds,
)
from assistant.retrieval.abbreviations import said_in_full
from assistant.retrieval.candidates import context_of
from assistant.retrieval.common_words import is_everyday
from assistant.retrieval.compose import ComposedAnswer, coded_as, product_names, product_terms
from assistant.retrieval.intents import SectionIntent, detect_intents
from assistant.retrieval.premises import name_terms
from assistant.retrieval.products import PLACEHOLDER
from assistant.retrieval.scope import (
    KeyTerm,
    abbreviated,
    answers_what_is_asked,
    asks_about_use,
    is_harm_section,
    key_terms,
    uncovered,
)
from assistant.retrieval.section_terms import RATE_RE
from assistant.retrieval.sections import is_nonclinical, section_match
from assistant.retrieval.shorthand import said_in_shorthand
from assistant.retrieval.text import content_terms
from assistant.retrieval.trials import unnamed_trials
from assistant.retrieval.understanding import framing_terms
from assistant.types import GuardrailResult, ScoredChunk


def coverage_gap(
    question: str,
    hits: list[ScoredChunk],
    composed: ComposedAnswer,
    idf: Callable[[str], float],
    intents: Sequence[SectionIntent] = (),
    trial_names: frozenset[str] = frozenset(),
    seen: Callable[[str], bool] | None = None,
    synonym: Callable[[str, list[str]], bool] | None = None,
) -> str | None:
    """Why the composed sentences do not answer what was asked (they miss its key terms), or None.

    ``question`` has its product names masked (misspelt ones too): they name whom it is about.

    Words that only frame the question for the section it was matched to ("carry" for a
    boxed warning, "work" for a mechanism) are no key terms: the section answers them.
    A trial the question names (one of ``trial_names``, see :mod:`assistant.retrieval.trials`)
    says where to look: the answer must name it, and the rest of the question is what it must
    address ("stroke" in "PARADIGM-HF stroke hazard ratio"). An everyday word no stored passage
    contains (``seen`` False: "ok", "max") names nothing a label could answer, so it is no key
    term (see :mod:`assistant.retrieval.common_words`). An everyday word the answer says in other
    words ("split" into "divided" doses, "a day" as "daily") is mentioned when ``synonym`` (the
    packaged embedder's word similarity) finds its like among the answer's words; a technical word
    must be said as asked, unless it is a clipped word, prescription shorthand or the shape of a quantity
    the answer says in full (see :mod:`assistant.retrieval.shorthand`).
    """
    in_section = any(c.hit.scores.get("section", 0.0) >= 1.0 for c in composed.sentences)
    framing = framing_terms(intents) if in_section else framing_terms(())
    products = product_terms(hits)
    names = [n for n in name_terms(question, {w.lower() for w in product_names(hits)}) if n & trial_names]
    terms = key_terms(question, products | {t for n in names for t in n}, idf, framing)
    if seen is not None:
        terms = [t for t in terms if seen(t.word) or not is_everyday(t.word, question)]
    partners = _component_names(question, hits)
    # "max" is the clipped "maximum" of the matched section's own phrasing ("What is the maximum daily dose?")
    terms = [t for t in terms if t.word not in partners]
    terms = [t for t in terms if t.stem not in _rate_words(question, composed.text)]
    sources = [f"{c.hit.chunk.section or ''} {c.text}" for c in composed.sentences]
    mentioned = _mentioned_for(question, composed, intents) | abbreviated(question, sources)
    mentioned |= set(coded_as({t.stem for t in terms}, mentioned))  # "a1c" said as "HbA1c"
    contexts = [context_of(c.hit, c.text) for c in composed.sentences]
    texts = [c.text for c in composed.sentences]
    mentioned |= said_in_shorthand(question, [(t.stem, t.word) for t in uncovered(terms, mentioned)], texts)
    said = mentioned | {t for c in composed.sentences for t in content_terms(context_of(c.hit, c.text))}
    spelled = [t.stem for t in uncovered(terms, mentioned)] + [s for n in names for s in n]
    in_full = said_in_full(composed.long_forms, spelled, said, composed.text)  # "eGFR": "Estimated Glomerular …"
    mentioned |= in_full
    if synonym is not None:
        mentioned |= _said_otherwise(question, uncovered(terms, mentioned), composed, synonym)
    # a short form the answer says in full is no trial name: "eGFR 45" is a patient's value
    unnamed = [n for n in unnamed_trials(question, names, contexts, mentioned, trial_names) if not n <= in_full]
    if STATED_AGE.search(question) and not _AGE_SAID_RE.search(composed.text):
        return "the passages found do not address the patient's age"
    if not unnamed and answers_what_is_asked(terms, mentioned):
        return None
    missing = ", ".join(
        [*(f"“{sorted(n)[0]}”" for n in unnamed), *(f"“{t.word}”" for t in uncovered(terms, mentioned))][:3]
    )
    return f"the passages found do not address {missing}"


_AGE_SAID_RE = re.compile(
    r"\b(?:years?|months?|weeks?|days?)\s+(?:of\s+age|old)\b|\baged?\b|\bp(?:a)?ediatric|\bchild|\badolescen"
    r"|\badults?\b|\binfant|\bneonat|\belderly|\bgeriatric|\bolder\b|\byounger\b",
    re.I,
)
"""Wording of a sentence that speaks of patients' ages: only such a sentence answers for a patient of a stated age,
whatever else of the question it says ("<drug> dose for detox in a 12 year old" is not answered by the adult dose)."""

_STATES_A_RATE_RE = re.compile(r"\d\s?%|\bpercent\b", re.IGNORECASE)


def _rate_words(question: str, answer: str) -> set[str]:
    """The wording asking for a rate ("what share of", "proportion", "percentage") when the answer states
    one: a figure "7%" answers it, whatever noun the label uses; without a figure it is still asked."""
    if not _STATES_A_RATE_RE.search(answer):
        return set()
    return {stem for match in RATE_RE.finditer(question) for stem in content_terms(match.group(0))}


def _said_otherwise(
    question: str, missing: list[KeyTerm], composed: ComposedAnswer, synonym: Callable[[str, list[str]], bool]
) -> set[str]:
    """Stems of the everyday words the answer says in other words (see :func:`coverage_gap`)."""
    everyday = [t for t in missing if is_everyday(t.word, question)]
    if not everyday:
        return set()
    words = sorted({w.lower() for w in re.findall(r"[A-Za-z]{3,}", " ".join(c.text for c in composed.sentences))})
    return {t.stem for t in everyday if synonym(t.word.lower(), words)}


def _component_names(question: str, hits: list[ScoredChunk]) -> set[str]:
    """Words written onto a named component of a combination product: its other component.

    "<opioid> apap", "<opioid>/APAP": the question names the combination by one component and
    an abbreviation ("apap" for acetaminophen) that the passages answering it need not use. ``question``
    is masked, so the named component reads as the placeholder. Everyday words are never names, and a
    single-ingredient product has no partner to name: "<drug> decanoate" asks about another product
    form, so "decanoate" stays what is asked.
    """
    if not any("/" in (h.chunk.meta.product or "") for h in hits):
        return set()
    near = re.compile(
        rf"{re.escape(PLACEHOLDER)}\s*[/+&-]?\s*([A-Za-z]+)\b|\b([A-Za-z]+)\s*[/+&-]?\s*{re.escape(PLACEHOLDER)}",
        re.IGNORECASE,
    )
    found = {(m.group(1) or m.group(2)) for m in near.finditer(question)}
    return {w.lower() for w in found if not is_everyday(w, question)}


_REPORTED_HARM_RE = re.compile(r"adverse|postmarketing|post-marketing|side effect", re.IGNORECASE)
_DOSE_FOR_RE = re.compile(r"\b(?:dos(?:e|es|ing|age)|regimen|recommended|given)\b[^?.]{0,40}?\bfor\b", re.IGNORECASE)
"""A dose asked *for* something ("dose for insomnia", "recommended for hypercalcemia")."""
_DOSE_WORD = r"\b(?:dos(?:e|es|ing|age)|regimen)\b"
_DOSE_IN_RE = re.compile(rf"{_DOSE_WORD}[^?.]{{0,40}}?\b(?:for|in|to)\b", re.IGNORECASE)
"""A dose asked for a use, in a population or to an end ("dose for kawasaki disease", "dosing in a
6-year-old", "dose to prevent pregnancy")."""


def _mentioned_for(question: str, composed: ComposedAnswer, intents: Sequence[SectionIntent]) -> set[str]:
    """What the answer says about what was asked, for the kind of question asked.

    A dose is never given *for* something an adverse-reaction list names: "<drug> dose
    for insomnia" is not answered by "Insomnia: 12% vs 6%" beside "the dose is 10 mg", so for a
    question asking a dose for something the sentences of adverse-reaction sections mention nothing asked.
    """
    if not (any(i.name == "dosing" for i in intents) and _DOSE_FOR_RE.search(question)):
        return set(composed.mentioned)
    return {
        t for c in composed.sentences if not _REPORTED_HARM_RE.search(c.hit.chunk.section or "") for t in c.mentioned
    }


_PATIENT_MEASURE_RE = re.compile(
    DECIMAL + r"[\s-]*(?:" + "|".join((AGE_SHORTHAND, YEARS, MONTHS, WEEKS, DAYS, KILOGRAMS, POUNDS)) + r")\b", re.I
)
"""A patient's age or weight in a span the guard found ("8 yo", "45 kg"), not a strength ("500 tablet")."""
_MEASURED_RE = re.compile(r"(\d+(?:\.\d+)?)[\s-]*([a-zµ]+)", re.IGNORECASE)
"""A value with its unit in a span the guard found ("6 year old", "45 kg"): the number and its unit word."""


def off_label_gap(
    question: str, guard: GuardrailResult, composed: ComposedAnswer, intents: Sequence[SectionIntent] = ()
) -> str | None:
    """A question about an off-label use is answered only by sentences about that use.

    A harm list ("postmarketing: … sarcoidosis …") names the condition but is no
    evidence of benefit, so sentences from adverse-reaction and warning sections do
    not count. A dose asked for a use or population the label does not have ("dose for
    <condition>", "dosing in a <age>-year-old") is a use question too: the dosing passages
    the retriever finds are about the label's own uses, and quoting them would answer
    an off-label request with another indication's regimen.

    A span the guard read as a measured value outside the label's windows ("6 year old" against "aged
    10 years and older") is addressed only by a sentence stating that value: the label's own age or
    weight window shares the words "year" and "old" with it, and quoting it would answer the request with
    the labelled population's dose.
    """
    spans = list(dict.fromkeys(f.span for f in guard.findings if f.rule == "off_label"))
    if not asks_about_use(question):
        # A dose question's regimen words ("loading and maintenance dose") say what is asked, not a use:
        # only a condition or population it names is checked.
        regimen = framing_terms(intents)
        spans = [span for span in spans if not set(content_terms(span)) <= regimen]
        if not asks_for_regimen(question, intents):
            # "can it be given intravenously?" is answered by how it is given; a patient's age or weight
            # outside the label's windows ("<drug> for <condition> in an 8 yo?") is asked about whatever the wording
            spans = [span for span in spans if _PATIENT_MEASURE_RE.search(span)]
            if not spans:
                return None
    on_use = [
        c
        for c in composed.sentences
        if not is_harm_section(c.hit.chunk.section) and not is_nonclinical(c.hit.chunk)  # rabbits are no evidence
    ]
    mentioned = {t for c in on_use for t in c.mentioned}

    def addressed(span: str) -> bool:
        measured = _MEASURED_RE.search(span)
        if measured:  # "6 year old", "45 kg": only a sentence stating that value in that unit speaks for it
            value = re.compile(rf"(?<![\d.]){re.escape(measured.group(1))}[\s-]*{re.escape(measured.group(2))}", re.I)
            amount, unit = float(measured.group(1)), measured.group(2)
            return any(value.search(c.text) or holds(c.text, amount, unit) for c in on_use)  # or a window holding it
        # "children" is answered by the Pediatric Use section, whatever words it uses
        kinds = detect_intents(span)
        return set(content_terms(span)) <= mentioned or any(section_match(c.hit.chunk, kinds) >= 1.0 for c in on_use)

    missing = [span for span in spans if not addressed(span)]
    if not missing:
        return None
    return f"the label holds no evidence on {', '.join(f'“{m}”' for m in missing)} for this product"


def asks_for_regimen(question: str, intents: Sequence[SectionIntent]) -> bool:
    """A dosing question that names what the dose is for, in or to ("dose for …", "dosing in …")."""
    named = _DOSE_IN_RE.search(question) or _DOSE_FOR_RE.search(question)
    return bool(named) and any(i.name == "dosing" for i in intents)
