"""How well each candidate sentence answers the question: the composer's sentence score.

A sentence is scored by

* query-term overlap (stemmed, stopwords and product names removed, IDF-weighted
  over the candidates), read under its section title, table caption and inline
  sub-heading;
* the strength of its passage: the retriever's calibrated relevance and rank;
* whether its section is the one the question asks about (the retriever's
  section intent), and, for label questions (dosing, safety, interactions,
  populations), whether it comes from the label;
* its position: a label subsection states its answer first;
* evidence specific to the kind of question (an amount for a dosing question, what
  the drug does for a mechanism question, the population or amount the question
  names), and against sentences of a subsection about another situation or
  population.

Split from :mod:`assistant.retrieval.compose`, which selects and renders the sentences.
Scoring is lexical on purpose (see that module's docstring).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from assistant.retrieval.candidates import Candidate
from assistant.retrieval.doses import states_a_dose
from assistant.retrieval.intents import FINER_POPULATIONS, SectionIntent, detect_intents
from assistant.retrieval.premises import COMPARATIVE_RE
from assistant.retrieval.quantities import Band, bands, fit
from assistant.retrieval.scope import COMPARISON_RE, asks_about_use, is_indications_section
from assistant.retrieval.table_rows import row_label
from assistant.retrieval.text import content_terms, numbers
from assistant.retrieval.understanding import GENERIC_FRAMING

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
    r"\d+(?:\.\d+)?(?:/\d+(?:\.\d+)?)+|\d+(?:\.\d+)?\s?(?:mg|mcg|µg|g|kg|ml|%|units?)\b"
    r"|\b(?:weeks?|wks?|months?|days?|years?|visits?)\s?\d+\b"  # a time point: "at week 48", "month 12"
    r"|(?:\b(?:under|below|over|above|at least)|[<>≤≥])\s?\d+(?:\.\d+)?",  # a threshold: "LDL-C under 25"
    re.IGNORECASE,
)
DURATION_BONUS = 0.05
"""A question asking how long ("how long after stopping …?") is answered by a sentence stating a time span."""
_HOW_LONG_RE = re.compile(r"\bhow long\b|\bhow many (?:minutes|hours|days|weeks|months|years)\b", re.IGNORECASE)
_SPAN_RE = re.compile(
    r"\b\d+(?:\.\d+)?(?:\s*(?:to|-|–)\s*\d+(?:\.\d+)?)?\s*(?:minutes?|hours?|days?|weeks?|months?|years?)\b",
    re.IGNORECASE,
)
RESULT_BONUS = 0.08
"""A question asking a trial's result ("PFS hazard ratio", "response rate vs placebo", "how many were
enrolled") is answered by a sentence or row stating a figure, not by the one defining the endpoint or
the design ("The major efficacy outcome measure was PFS"); as much as a row reads worse than prose."""
ASKS_FIGURE_RE = re.compile(
    r"\b(?:hazard|odds|risk) ratios?\b|(?-i:\b(?:HR|OR|RR|ARR|RRR|NNT|CI)s?\b)|\brates?\b|\bmedian\b|\bmean\b"
    r"|\bdifferences?\b|\breduc(?:tion|ed|e)\b|\bhow (?:many|much)\b|\bnumber of\b|\bpercent|%|\bproportion"
    r"|\b(?:share|fraction)\b"
    r"|\bincidence\b|\bconfidence interval|\bp-?values?\b|\bchange\b|\bresults?\b|\bhow (?:well|effective)\b",
    re.IGNORECASE,
)
"""Wording that asks for a figure: a ratio, rate, median, difference, count or interval."""
_NOT_FIGURES_RE = re.compile(
    r"\b95\s?%\s?(?:CI|confidence)|\bNCT\d+|\b(?:Table|Figure|Study|Trial|Section|Phase)\s+\d+[A-Za-z]?|\(\d+(?:\.\d+)*\)\]?|\[see[^\]]*\]"
    r"|[A-Za-z]+[\d.]*\d[A-Za-z\d]*",
    re.IGNORECASE,
)
"""Digits that state no result: registry ids, table and study numbers, section references, names
with digits ("CLDN18.2", "mFOLFOX6", "DAS28")."""
_FIGURE_RE = re.compile(r"(?<![\w.])[-−+]?\d+(?:[.,]\d+)*\s?%?(?![\w.]*\w)")
_DESIGN_FIGURES_RE = re.compile(
    r"\b[nN]\s?=\s?\d[\d,]*"  # arm sizes: "(n = 764)"
    r"|\b\d+(?:\.\d+)?\s?(?:mg|mcg|µg)(?:/(?:kg|m2|day))?(?![/\w])"  # doses given ("4mg", "80 mg/day"), not "mg/dL"
    r"|\b(?:day|week|month|year)s?\s?\d+\b|\b\d+[-\s](?:days?|weeks?|months?|years?)\b",  # time points ("Day 28")
    re.IGNORECASE,
)
"""Figures of a trial's design rather than its results: how many were randomised to each arm, the doses
given, when the endpoint was assessed. "A trial (NCT…) compared baricitinib 4mg (n = 764) with placebo
(n = 761)" states no result, as "… (27.8%) compared to placebo (30.5%)" does."""
ASKS_RATIO_RE = re.compile(r"\b(?:hazard|odds|risk) ratios?\b|(?-i:\b(?:HR|OR|RR)s?\b)|\brelative risk\b", re.I)
STATES_RATIO_RE = re.compile(r"\b(?:hazard|odds|risk|rate) ratios?\b|(?-i:\b(?:HR|OR|RR)\b)|\brelative risk\b", re.I)
"""A question asking a ratio is answered by the sentence or row stating one, not by another figure."""


def states_figure(text: str) -> bool:
    """The sentence or row states a figure (a count, rate, ratio or interval), not only numbered names."""
    return bool(_FIGURE_RE.search(_NOT_FIGURES_RE.sub(" ", text)))


def states_result(text: str, ratio: bool = False) -> bool:
    """The sentence states a result figure, not only its trial's design figures; a ratio when ``ratio``."""
    if ratio and not STATES_RATIO_RE.search(text):
        return False
    return states_figure(_DESIGN_FIGURES_RE.sub(" ", text))


SITE_BONUS = 0.2
"""A question asking where a product is injected or applied is answered by the sentence naming the body
sites ("into the abdomen, thigh, or upper arm"), not by the dose it is given at: as much as a row whose
label is what was asked (``candidates.W_SUBJECT``), and no dose bonus then."""
ASKS_SITE_RE = re.compile(
    r"\bwhere\b[^?.]{0,60}\b(?:inject|appl(?:y|ied)|administ|giv(?:e|en)|put)|\b(?:injection|application) sites?\b",
    re.IGNORECASE,
)
NAMES_SITE_RE = re.compile(
    r"\b(?:abdomen|abdominal|thighs?|(?:upper )?arms?|buttocks?|deltoid|gluteal|stomach area|back of the)\b",
    re.IGNORECASE,
)
"""Body regions injections and topical products are given at: anatomy, no product's wording."""


ROW_LABEL_BONUS = 0.05
"""Of two rows of one table, the one whose own label names more of what was asked ("Primary composite: CV
death or first HF hospitalization" for "primary endpoint HR") answers it: the caption every row shares
("… Primary Composite Endpoint, Its Components …") cannot tell them apart."""


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


def _off_topic(
    c: Candidate, asked: frozenset[str], names: set[str], managing: bool = False, topical: frozenset[str] = frozenset()
) -> bool:
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
        if set(content_terms(leaf)) & topical:
            continue  # titled with what was asked: "Infantile-Onset SMA (ENDEAR)" for "… in ENDEAR"
        populations = {i.name for i in detect_intents(leaf)} & POPULATION_INTENTS
        if populations - names:
            return True
        if not managing and SITUATIONAL_RE.search(leaf) and not set(content_terms(leaf)) <= asked:
            return True
    return False


def heading_fit(c: Candidate, asked: list[Band]) -> float:
    """How the band of weight, age or renal function that a sentence is read under fits the asked one.

    A sentence stating no band of its own ("Doses should be individualized …") is about the patients its
    subsection or inline sub-heading names ("… in Pediatric Patients (10–17 years of age)"): for "a 6 year
    old" it answers another patient as much as a sentence stating "10–17 years" would.
    """
    leaf = (c.hit.chunk.section or "").split(" > ")[-1]
    return fit(asked, bands(f"{leaf}\n{c.under}"))


def score_candidates(
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
    how_long = bool(_HOW_LONG_RE.search(question))
    result = "efficacy" in names and bool(ASKS_FIGURE_RE.search(question))
    ratio = bool(ASKS_RATIO_RE.search(question))
    site = bool(ASKS_SITE_RE.search(question))
    patient = bands(question, unitless=True)
    for c in candidates:
        if patient and c.fit == 0.0:
            c.fit = heading_fit(c, patient)
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
        c.bonus = DOSE_BONUS if dosing and not site and states_a_dose(c.text) else 0.0
        if how_long and _SPAN_RE.search(c.text):
            c.bonus += DURATION_BONUS
        if result and states_result(c.text, ratio):
            c.bonus += RESULT_BONUS
        if site and NAMES_SITE_RE.search(c.text):
            c.bonus += SITE_BONUS
        if c.table_row and "efficacy" in names:  # endpoints of one trial table
            labelled = question_terms & set(content_terms(row_label(c.text)))
            c.bonus += ROW_LABEL_BONUS * sum(idf.get(t, 0.0) for t in labelled) / total
        if comparing and COMPARATIVE_RE.search(c.text):
            c.bonus += COMPARE_BONUS
        if mechanism and c.terms & subject and ACTION_RE.search(c.text) and not c.negated:
            c.bonus += ACTION_BONUS
        # a sentence holding the patient band the question states is about the asked population ("GFR below
        # 10 mL/min" in "Dosing in Renal Impairment"), whatever population its subsection names
        c.aside = c.fit <= 0.0 and _off_topic(c, asked, names, managing, frozenset(question_terms))
        if c.aside:
            c.bonus -= OFF_TOPIC_HEADING
        if any(cue.search(c.text) for cue in cues):
            c.bonus += CUE_BONUS
        if populations and populations & {i.name for i in detect_intents(c.text)}:
            c.bonus += POPULATION_BONUS
        if amounts:
            c.bonus += AMOUNT_BONUS * len(amounts & numbers(c.text)) / len(amounts)
