"""What a question asks about, and which questions the documents can never answer.

Retrieval always returns *something*: ask about Ozempic use in Denmark and the
closest passages still name Ozempic. Two checks keep the chain from answering
with loosely related label sentences:

* :func:`out_of_scope` recognises kinds of question the library cannot answer
  by construction. It holds approved labels, publications and training decks,
  never prices, reimbursement, sales, prescription counts or usage statistics,
  and it has no opinions.
* :func:`key_terms` / :func:`uncovered` read *what is asked* (the condition,
  the population, the measure) and check that the chosen answer sentences
  mention it. Product names are left out (every passage of a product names
  it), and so are the words that only frame the question ("dose", "how does
  … work", "evidence"): the section the retriever matched already answers
  those. Terms are weighted by their corpus IDF, so "Denmark", which no
  passage contains, weighs most and "patients" least.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from assistant.retrieval.abbreviations import contracts_generic
from assistant.retrieval.common_words import is_everyday
from assistant.retrieval.intents import INTENTS
from assistant.retrieval.shorthand import clips
from assistant.retrieval.text import STOPWORDS, content_terms, tokens
from assistant.retrieval.understanding import GENERIC_FRAMING

_OUT_OF_SCOPE: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (reason, re.compile(pattern, re.IGNORECASE))
    for reason, pattern in (
        (
            "the documents do not cover prices or costs",
            r"\b(?:list )?price[sd]?\b|\bpricing\b|\bcosts?\b(?!-effective)|\bper vial\b|\bco-?pay|\brebates?\b",
        ),
        (
            "the documents do not cover reimbursement or market access",
            r"\breimburs|\bformular(?:y|ies)\b|\binsurance coverage\b|\bpayers?\b|\bmarket access\b",
        ),
        (
            "the documents do not contain market or sales data",
            r"\bmarket share\b|\bsales\b|\brevenues?\b|\bmarket (?:size|leader)\b"
            r"|\bprescriptions? (?:were|was|are|is) (?:written|filled|issued)\b|\bnumber of prescriptions\b",
        ),
        (
            "the documents do not contain usage statistics",
            r"\bhow many (?:patients|people|persons|women|men|children|adults)\b.{0,60}"
            r"\b(?:currently|nowadays|today|this year|are (?:using|taking|on|receiving|treated))\b",
        ),
        (
            "the assistant gives no personal opinions",
            r"\b(?:do|would) you (?:personally )?(?:think|believe|prefer)\b|\bwould you (?:personally )?recommend\b"
            r"|\byour (?:personal )?opinion\b",
        ),
    )
)

COMPARISON_RE = re.compile(
    r"\b(?:versus|vs\.?|compared? (?:with|to)|comparison|better than|worse than|head[- ]to[- ]head|superior to)\b",
    re.IGNORECASE,
)

MIN_KEY_COVERAGE = 0.3
"""Share of the key terms' IDF weight the answer sentences must mention. Measured on the golden
set: answerable questions' answers mention >= 0.38 of it, usage/market questions' <= 0.16."""

QUESTION_WORDS: frozenset[str] = frozenset(
    """
    long given give done do say says said tell meet met main wait advice apply applies exist exists
    present handle handled handling require required requirement need needed needs manage managed
    management affect affects effect effective effectiveness happen happens common
    seen see known data evidence information info label labeling labelling document documents mention
    mentioned state stated show shown showed find found report reported expect expected available kind
    type sort way ways instead rather possible option options alternative prescribe prescribed prescribing
    people person persons someone anyone many therapy therapies medication medications medicine medicines
    drug drugs product products issue issues concern concerns problem problems change changes changed
    """.split()  # noqa: SIM905
)
"""Words that frame the asking ("how long", "what does the label say", "is there evidence") rather than
name what is asked; the weight of these rare-in-labels verbs would otherwise dominate the coverage."""
USE_RE = re.compile(
    r"\b(?:treat(?:s|ing|ment of)?|effective|efficacy|evidence|works? (?:for|in)|(?:approved|indicated|recommended"
    r"|prescribed|licensed|used?) (?:for|in|to treat)|benefit)\b",
    re.IGNORECASE,
)
"""Wording of a question about a therapeutic use: answered by the indications, or by evidence on that use."""
_INDICATIONS_RE = re.compile(r"^indications\b|\bindications and usage\b", re.IGNORECASE)
_HARM_SECTION_RE = re.compile(r"adverse|postmarketing|post-marketing|warning|precaution|side effect", re.I)


def out_of_scope(question: str) -> str | None:
    """Why the document library cannot answer this kind of question, or None."""
    for reason, pattern in _OUT_OF_SCOPE:
        if pattern.search(question):
            return reason
    return None


def _framing_spans(question: str) -> list[tuple[int, int]]:
    """Character spans of wording that says what *kind* of answer is wanted (section intents, comparison)."""
    spans = [m.span() for intent in INTENTS for m in intent.pattern.finditer(question)]
    return spans + [m.span() for m in COMPARISON_RE.finditer(question)]  # "versus" says how, not what


@dataclass(frozen=True)
class KeyTerm:
    """A stemmed term of what is asked, the word the user wrote, and its weight."""

    stem: str
    word: str
    weight: float


def key_terms(
    question: str, product_terms: Iterable[str], idf: Callable[[str], float], framing: Iterable[str] = ()
) -> list[KeyTerm]:
    """Content terms naming what is asked: no stopwords, product names or framing words.

    ``framing`` adds stems that only say what kind of answer is wanted (see
    :func:`assistant.retrieval.understanding.framing_terms`).
    """
    spans = _framing_spans(question)
    skip = set(product_terms) | set(framing) | GENERIC_FRAMING
    found: dict[str, KeyTerm] = {}
    for match in re.finditer(r"[A-Za-z0-9]+(?:[-'][A-Za-z0-9]+)*", question):
        if any(start <= match.start() < end for start, end in spans):
            continue
        for word in tokens(match.group(0)):
            parts = word.split("-") if "-" in word else [word]
            for part in parts:
                if part in STOPWORDS or part in QUESTION_WORDS or part.isdigit() or len(part) < 2:
                    continue
                for stem in content_terms(part):
                    if stem not in skip and stem not in found and not _clips(stem, framing):
                        found[stem] = KeyTerm(stem, part, idf(stem))
    return list(found.values())


def _clips(stem: str, framing: Iterable[str]) -> bool:
    """A clipped framing word ("temp" for "temperature" in a storage question) frames as the full one does."""
    low, high = ABBREVIATION_CHARS
    if low <= len(stem) <= high and stem.isalpha() and any(f.startswith(stem) and f != stem for f in framing):
        return True
    return contracts_generic(stem)


def framing_words(question: str) -> set[str]:
    """Stems of the wording that says what kind of answer is wanted ("half-life", "titrated", "work")."""
    words = " ".join(question[start:end] for start, end in _framing_spans(question))
    return set(content_terms(words)) - GENERIC_FRAMING - set(content_terms(" ".join(QUESTION_WORDS)))


def topical_terms(question: str, product_terms: Iterable[str], *, framed: bool = True) -> set[str]:
    """Stems the composer ranks sentences by: the key terms; for a question of no known kind
    (``framed`` False) that has none, its content terms less product names."""
    found = {t.stem for t in key_terms(question, product_terms, lambda _: 1.0)}
    if found or framed:
        return found
    return (set(content_terms(question)) - set(product_terms)) or set(content_terms(question))


ABBREVIATION_CHARS = (3, 4)
"""A stem this short may be a clipped word: "max" is said by "maximum", "preg" by "pregnancy"."""


def is_mentioned(stem: str, mentioned: set[str]) -> bool:
    """The stem, or the longer word a clipped question word stands for, is mentioned."""
    if stem in mentioned:
        return True
    low, high = ABBREVIATION_CHARS
    return low <= len(stem) <= high and stem.isalpha() and any(m.startswith(stem) for m in mentioned)


def unclipped(terms: set[str], vocabulary: set[str]) -> set[str]:
    """``terms`` with each clipped word no passage says replaced by the words it stands for ("max" -> maximum)."""
    out = set(terms)
    low, high = ABBREVIATION_CHARS
    for stem in terms:
        if stem in vocabulary or not (low <= len(stem) <= high and stem.isalpha()):
            continue
        longer = {word for word in vocabulary if word.startswith(stem)}
        if longer:
            out = (out - {stem}) | longer
    return out


def coverage(terms: list[KeyTerm], mentioned: set[str]) -> float:
    """IDF-weighted share of ``terms`` that ``mentioned`` says (1.0 when nothing is asked)."""
    total = sum(t.weight for t in terms)
    if total <= 0:
        return 1.0
    return sum(t.weight for t in terms if is_mentioned(t.stem, mentioned)) / total


def uncovered(terms: list[KeyTerm], mentioned: set[str]) -> list[KeyTerm]:
    """The asked-about terms the answer does not mention, most specific first."""
    return sorted((t for t in terms if not is_mentioned(t.stem, mentioned)), key=lambda t: -t.weight)


def _phrases(text: str, size: int) -> list[list[str]]:
    words = re.findall(r"[A-Za-z][A-Za-z'\-]*", text)
    return [
        words[i : i + size]
        for i in range(len(words) - size + 1)
        if not any(w.lower() in STOPWORDS for w in words[i : i + size])
    ]


def _initials(phrase: list[str]) -> str:
    return "".join(w[0] for w in phrase).upper()


def stands_for(short: str, phrase: list[str]) -> bool:
    """``short`` abbreviates ``phrase``: its letters, in order, start every word and may take more from inside.

    Initials ("UC" for "ulcerative colitis") are the simplest case; clinical short forms also take
    letters from inside the words (Schwartz & Hearst, 2003): "afib" is *a*trial *fib*rillation,
    "HSTCL" *h*epato*s*plenic *T*-*c*ell *l*ymphoma. Every word must open with the next letter, so
    a phrase never swallows a word the short form does not name.
    """
    letters = short.lower()
    words = [part.lower() for word in phrase for part in word.split("-") if part]
    if not words or len(words) > len(letters):
        return False
    pos = 0
    for index, word in enumerate(words):
        if pos >= len(letters) or word[0] != letters[pos]:
            return False
        pos += 1
        rest = len(words) - index - 1  # letters the later words still need
        for char in word[1:]:
            if pos < len(letters) - rest and char == letters[pos]:
                pos += 1
    return pos == len(letters)


_MIXED_SHORT_RE = re.compile(r"\b(?=(?:[a-z]*[A-Z]){2})[A-Z][A-Za-z]{1,5}\b")
"""A short form in mixed case, two capitals or more: "PsA" (psoriatic arthritis), "AEs", "CrCl"."""


def short_forms(question: str) -> set[str]:
    """The question's words that may be short forms: capitals ("UC", "HSTCL") and rare short
    lower-case words ("afib"; an everyday word such as "dose" or "kids" is never one)."""
    found = set(re.findall(r"\b[A-Z]{2,5}\b", question))
    for word in _MIXED_SHORT_RE.findall(question):  # "PsA", "CrCl"; a plural "AEs" stands for what "AE" does
        found.add(word[:-1] if word.endswith("s") and sum(ch.isupper() for ch in word[:-1]) >= 2 else word)
    for word in re.findall(r"\b[a-z]{3,5}\b", question):
        if word not in STOPWORDS and not is_everyday(word, question):
            found.add(word)
    return found


def _spelled(short: str, texts: list[str]) -> list[list[str]]:
    """Phrases of ``texts`` that ``short`` stands for (two words or more, up to one a letter)."""
    return [
        phrase
        for text in texts
        for size in range(2, len(short) + 1)
        for phrase in _phrases(text, size)
        if stands_for(short, phrase)
    ]


def _opens_each(short: str, words: list[str]) -> bool:
    """``short`` is the words' openings in order, each word giving one letter or more from its start."""
    if not words or not short:
        return not words and not short
    word = words[0].lower()
    return any(
        word[:k] == short[:k] and _opens_each(short[k:], words[1:]) for k in range(1, min(len(short), len(word)) + 1)
    )


def spells_out(short: str, texts: Iterable[str]) -> bool:
    """Some text spells out the short form ("HeFH": "heterozygous familial hypercholesterolemia"; "DOR":
    "duration of response", a glue word inside the phrase giving its letter as any other word does).

    Each word gives the opening of itself, so "HoFH" (homozygous) is not what "heterozygous familial
    hypercholesterolemia" spells, though its letters occur there in order."""
    if not (short.isalpha() and 2 <= len(short) <= 5):
        return False
    if short.endswith("s") and short[:-1].isupper() and len(short) > 2:
        short = short[:-1]  # "LFTs" is the plural of what "LFT" stands for
    for text in texts:
        words = re.findall(r"[A-Za-z][A-Za-z'\-]*", text)
        for size in range(2, len(short) + 1):
            for i in range(len(words) - size + 1):
                phrase = words[i : i + size]
                if phrase[0].lower() in STOPWORDS or phrase[-1].lower() in STOPWORDS:
                    continue
                if _opens_each(short.lower(), [p for w in phrase for p in w.split("-") if p]):
                    return True
    return False


def spelled_out(question: str, texts: Iterable[str], *, lower_case_only: bool = False) -> set[str]:
    """Stems of the phrases in ``texts`` that the question's short forms stand for ("UC" -> ulcer, coliti).

    ``lower_case_only`` keeps to the clipped forms written in lower case ("afib"): a capitalised one
    ("HF", "CV") is often a label's own defined term, already matched word for word.
    """
    found: set[str] = set()
    texts = list(texts)
    for short in short_forms(question):
        if lower_case_only and not short.islower():
            continue
        for phrase in _spelled(short, texts):
            found.update(content_terms(" ".join(phrase)))
    return found


def abbreviated(question: str, texts: Iterable[str]) -> set[str]:
    """Stems of the question that ``texts`` name by abbreviation or spell out.

    Labels define a condition once ("ulcerative colitis (UC)") and then use the
    abbreviation; a sentence saying "UC" mentions what the question spelled out,
    and a sentence saying "ulcerative colitis" (or "atrial fibrillation") mentions
    the question's "UC" (or "afib").
    """
    texts = list(texts)
    capitals = {t for text in texts for t in re.findall(r"\b[A-Z]{2,5}\b", text)}
    found: set[str] = set()
    for size in (2, 3, 4):
        for phrase in _phrases(question, size):
            if _initials(phrase) in capitals:
                found.update(content_terms(" ".join(phrase)))
    for short in short_forms(question):
        if _spelled(short, texts):
            found.update(content_terms(short))
    return found


def answers_what_is_asked(terms: list[KeyTerm], mentioned: set[str]) -> bool:
    """Enough of the asked-about weight is mentioned (always true when nothing specific is asked)."""
    return coverage(terms, mentioned) >= MIN_KEY_COVERAGE


_COUNT_QUESTION_RE = re.compile(r"\bhow many\s+((?:[a-z]+\s+){0,2}[a-z]+)", re.IGNORECASE)
"""What is counted: the words after "how many", up to the noun ("extra days", "hospitalized patients")."""
_PERSON_NOUNS = (
    "people",
    "persons",
    "patients",
    "participants",
    "subjects",
    "men",
    "women",
    "adults",
    "children",
    "infants",
    "individuals",
)
PERSONS = frozenset(content_terms(" ".join(_PERSON_NOUNS)))
"""Nouns that count people: "how many people …" is answered by "122 infants were randomised"."""


_ARM_SIZE_RE = re.compile(r"\b[nN]\s?=\s?\d")


def count_gap(question: str, answer: str) -> str | None:
    """Why the answer states no count of what a "how many …" question counts, or None.

    "How many people take X?" is a usage statistic when the answer can only say
    "the recommended dose is 50 mg": a count needs a number before the counted noun.
    """
    match = _COUNT_QUESTION_RE.search(question)
    if not match:
        return None
    counted = set(content_terms(match.group(1)))
    words = [word for word in match.group(1).split() if word.lower() not in STOPWORDS]
    clipped = any(stands_for(word, [noun]) for word in words for noun in _PERSON_NOUNS)
    wanted = PERSONS if counted & PERSONS or clipped else counted  # "pts" for patients
    if wanted is PERSONS and _ARM_SIZE_RE.search(answer):
        return None  # "(n = 515)": the number of patients of an arm
    for found in re.finditer(r"\b\d[\d,.]*%?\s+(?:of\s+)?((?:[A-Za-z][\w-]*\s+){0,2}[A-Za-z][\w-]*)", answer):
        said = set(content_terms(found.group(1)))
        if said & wanted or any(clips(w, s) for w in wanted for s in said):  # "how many min": "60 minutes"
            return None
    return f"they state no number of {match.group(1)}"


def is_harm_section(section: str | None) -> bool:
    """Adverse reactions, warnings, postmarketing reports: where a condition is a harm, not a use."""
    return bool(_HARM_SECTION_RE.search(section or ""))


def asks_about_use(question: str) -> bool:
    """True for "is X effective for / approved for / evidence for … Y" questions."""
    return bool(USE_RE.search(question))


def is_indications_section(section: str | None) -> bool:
    return bool(_INDICATIONS_RE.search(section or ""))
