"""Which extracted lines read as sentences an answer can quote.

PDF extraction, flattened tables and slide text yield headings, table cells,
footers, references and disclaimers alongside real sentences. The composer (and
anything else quoting passages) keeps only lines that read as a sentence, and
strips a sub-heading that extraction glued onto one.
"""

from __future__ import annotations

import re

from assistant.retrieval.text import FIGURE_CAPTION_RE, STOPWORDS, tokens

MIN_WORDS, MAX_SENTENCE_WORDS = 4, 60
MAX_LIST_SENTENCE_WORDS = 110
MAX_PROSE_WORDS, MIN_PROSE_STOPWORD_SHARE = 100, 0.25
"""A longer sentence is still quoted when it reads as prose: label pharmacology and study sentences run
to 70-90 words ("Food decreases the extent of absorption …, as shown by …, compared to …"), while a
table flattened into one "sentence" has few function words."""
"""An introduced list ("X is indicated: as …; to reduce …; to reduce …") is one sentence and may be longer."""
_LIST_SENTENCE_RE = re.compile(r"^[^:;]{3,120}:\s[^;]+;\s")
MAX_ROW_WORDS = 100
"""A table row quoted in an answer (its cells prefixed by their headers) stays shorter than this."""
MAX_NUMERIC_SHARE, MAX_ROW_NUMERIC_SHARE = 0.4, 0.6
"""More words with digits than this is a table row (or, for a labelled row, a row of bare figures)."""
_TABLE_CELL_RE = re.compile(r"(?:^|;)\s*[A-Z][^;:]{0,60}:\s")
CAPTION_RE = re.compile(r"^Table\s+\d+[.:]?\s+", re.IGNORECASE)
_GLUED_HEADING_RE = re.compile(
    r"^((?:[A-Z][\w/()-]*)(?:\s[\w/()-]+){0,4}?)\s(?=(?:The|A|An|In|At|After|Among|Of|Overall|Patients|"
    r"This|These|There|Median|Both|No|Treatment|Compared|Most|All|Over|During)\s)"
)
# Disclaimers, and sentences about the document rather than the medicine ("speaker notes are approved").
_DISCLAIMER_RE = re.compile(
    r"demo content|not approved labeling|for software evaluation|speaker notes|training (?:deck|module)"
    r"|medical-legal|prepared for medical science liaison|restates the trial",
    re.IGNORECASE,
)
_BARE_FIGURE_RE = re.compile(r"^[(\[]?[-+±]?\d[\d.,/:]*%?[)\],;]*$")
_PUNCTUATION_RE = re.compile(r"^[^\w]+$")
_UNIT_WORD_RE = re.compile(r"^[a-zµμ%°][a-zA-Z/%°²]*[),.;:]*$")
"""The word after a figure that says what it counts: a unit or lower-case noun ("weeks", "g", "mg/kg",
"patients"); a flattened table's figures are followed by more figures or by capitalised row labels."""
_REFERENCE_RE = re.compile(r"\bet al\b|\bdoi\b|https?://", re.IGNORECASE)


def is_table_row(sentence: str) -> bool:
    """ "Interacting drug: rifampin; Effect: AUC decreased 84%" is a labelled table row."""
    return len(_TABLE_CELL_RE.findall(sentence)) >= 2


def is_readable_row(line: str) -> bool:
    """A line of a table passage written "Header: value; Header: value" that an answer can quote.

    Rows are exempt from the share of figures a sentence may hold: "Placebo (N = 262): 6.1%"
    is mostly figures and still says what it reports, because its header names it.
    """
    words = line.split()
    cells = [c for c in line.split("; ") if c.strip()]
    labelled = sum(1 for c in cells if re.match(r"^[^:]{1,120}:\s\S", c))
    alphabetic = sum(1 for w in words if re.search(r"[A-Za-z]{2,}", w))
    return (
        len(cells) >= 2
        and labelled >= 1
        and alphabetic >= 2
        and MIN_WORDS <= len(words) <= MAX_ROW_WORDS
        and not _DISCLAIMER_RE.search(line)
    )


def is_readable_sentence(sentence: str, *, bullet: bool = False, row: bool = False) -> bool:
    """False for headings, table fragments, disclaimers, references and fragments.

    Only a slide ``bullet`` may lack a full stop; elsewhere an unpunctuated line is
    a title. A labelled table ``row`` ("Drug: X; Effect: Y") is readable when the
    caller accepts rows; other flattened tables never are.
    """
    words = sentence.split()
    if not MIN_WORDS <= len(words) <= _longest(sentence, words):
        return False  # a heading or label, or a table flattened into one "sentence"
    if sentence.endswith(":") or _DISCLAIMER_RE.search(sentence) or _REFERENCE_RE.search(sentence):
        return False
    if "|" in sentence or "\t" in sentence or sentence[:1].islower():
        return False  # page footers, table cells, text starting mid-sentence
    if FIGURE_CAPTION_RE.match(sentence):
        return False  # what a figure plots, not what it shows: the figure itself is not in the text
    labelled_row = is_table_row(sentence)
    if labelled_row and not row:
        return False  # "Endpoint: MACE; Rate: 0.98; HR: 1.33" is a flattened table row
    terminal = sentence.rstrip("\"')").endswith((".", "!", "?"))
    if not terminal and not labelled_row and (not bullet or len(words) <= 5):
        return False  # a slide, section or publication title
    alphabetic = sum(1 for w in words if re.search(r"[A-Za-z]{2,}", w))
    numeric = sum(1 for w in words if re.search(r"\d", w))
    if labelled_row:
        return alphabetic / len(words) >= 0.4 and numeric / len(words) <= MAX_ROW_NUMERIC_SHARE
    # A figure with its unit ("25°C", "(68°", "26 weeks", "798 g") is a quantity a sentence states; bare
    # figures are a table's. A range's dash ("23 – 30") is no word at all.
    words = [w for w in words if not _PUNCTUATION_RE.match(w)] or words
    bare = [i for i, w in enumerate(words) if _BARE_FIGURE_RE.match(w)]
    with_unit = [i for i in bare if i + 1 < len(words) and _UNIT_WORD_RE.match(words[i + 1])]
    quantities = numeric - len(bare) - sum(1 for w in words if re.search(r"\d", w) and re.search(r"[A-Za-z]{2,}", w))
    quantities += len(with_unit)
    bare_share = (len(bare) - len(with_unit)) / len(words)
    return (alphabetic + quantities) / len(words) >= 0.6 and bare_share <= MAX_NUMERIC_SHARE


def _longest(sentence: str, words: list[str]) -> int:
    """How many words this sentence may have: more for an introduced list or for plain prose."""
    if _LIST_SENTENCE_RE.match(sentence):
        return MAX_LIST_SENTENCE_WORDS
    if len(words) <= MAX_SENTENCE_WORDS:
        return MAX_SENTENCE_WORDS
    function_words = sum(1 for w in words if w.lower().strip(",;:()") in STOPWORDS)
    return MAX_PROSE_WORDS if function_words / len(words) >= MIN_PROSE_STOPWORD_SHARE else MAX_SENTENCE_WORDS


def clean_sentence(sentence: str) -> str:
    """Drop a sub-heading PDF extraction glued to the sentence ("Subgroups The benefit …")."""
    match = _GLUED_HEADING_RE.match(sentence)
    if match and not (set(tokens(match.group(1))) & STOPWORDS):
        return sentence[match.end(1) :].lstrip()
    return sentence
