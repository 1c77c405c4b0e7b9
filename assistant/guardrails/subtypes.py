"""Sub-types and etiologies of a labelled condition that a text names instead of the labelled one.

A label indicated for "primary dysmenorrhea", "pulmonary arterial hypertension (WHO Group 1)",
"familial hypercholesterolemia" or "heavy menstrual bleeding associated with uterine fibroids"
does not cover secondary dysmenorrhea, Group 3 pulmonary hypertension, a non-familial
hypercholesterolemia (in a population only the familial indication admits) or heavy bleeding
caused by a coagulation disorder, although every one of them shares the condition's head words and
so passes the condition matcher. Three readings of the label's own words, none a list of diseases:

* **numbered classes** — "type", "group" or "class" followed by a number (or a range "II-IV"): the
  text's number for the same kind, next to a word the label writes next to its own number, must be
  one the label names;
* **opposed qualifiers** — a qualifier of the labelled condition from one side of a closed
  distinction (primary/secondary, idiopathic/acquired, hereditary/acquired) or the qualifier with a
  negating prefix ("non-familial"), written before the condition's head words, where no indication
  names that other side and every indication with those head words carries the qualifier;
* **etiology** — an indication "<condition> due to / associated with <cause>": the text's same
  condition "due to / caused by / secondary to <another cause>" whose words no indication uses.

A question naming both sides ("approved for heterozygous FH, or only HoFH?") asks where the labelled
population ends and is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.guardrails.abbreviations import reader_acronym
from assistant.guardrails.acronyms import vocabulary_expansion
from assistant.guardrails.label_profile import IndicationEntry
from assistant.guardrails.stopwords import STOPWORDS
from assistant.guardrails.text import Token, sentence_spans, stem, tokenize

Generic = frozenset[str] | set[str]
"""Stems of the policy's generic modifiers ("patients", "severe"), never a condition's own word."""
Hits = list[tuple[int, int, str]]
"""(start, end, what the label names instead) of each contrary span of a text."""

_NUMERAL = r"(iv|vi{0,3}|i{1,3}|[1-9])"
_CLASSED = re.compile(
    r"\b(type|group|class)\s*" + _NUMERAL + r"\b(?:\s*(?:-|–|to|through|or|and)\s*" + _NUMERAL + r"\b)?", re.I
)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9}
_SIDES: tuple[tuple[frozenset[str], frozenset[str]], ...] = (
    (frozenset({"primary"}), frozenset({"secondary"})),
    (frozenset({"idiopathic", "essential"}), frozenset({"secondary", "acquired"})),
    (frozenset({"hereditary", "familial", "inherited", "congenital", "heritable", "x-linked"}),
     frozenset({"acquired", "sporadic"})),
    (frozenset({"benign"}), frozenset({"malignant"})),
)  # fmt: skip
"""Closed distinctions of how a condition arises or behaves: each side excludes the other."""
_NEGATING = ("non-", "non", "un")
_HEAD_WORDS = 3
"""Content words after a qualifier that it qualifies (the condition's head words)."""
_NEIGHBOURS = 4
_LABEL_CAUSE = re.compile(r"\b(?:due to|associated with|caused by|secondary to|resulting from|induced by)\s+", re.I)
_TEXT_CAUSE = re.compile(
    r"\b(?:due to|associated with|caused by|secondary to|resulting from|induced by|because of|from)\s+", re.I
)
_CAUSE_END = re.compile(r"[,.;:?!()]|\s(?:in|with|and|who|for|after|on|but)\s", re.I)
_VAGUE_CAUSE = frozenset(["disease", "disorder", "syndrome", "condition", "problem", "issue", "unknown", "other"])
_NEGATED_BEFORE = re.compile(r"(?:\bnot\s+|\bno\s+)$", re.I)


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _ROMAN.get(word.lower(), 0)


def _content(tokens: Iterable[Token], generic: Generic) -> list[Token]:
    return [t for t in tokens if len(t.lower) > 2 and t.lower not in STOPWORDS and t.norm not in generic]


def _classes(text: str) -> list[tuple[re.Match[str], str, frozenset[int]]]:
    out = []
    for m in _CLASSED.finditer(text):
        low, high = _number(m.group(2)), _number(m.group(3) or m.group(2))
        if low and high >= low:
            out.append((m, m.group(1).lower(), frozenset(range(low, high + 1))))
    return out


def _around(text: str, start: int, end: int, generic: Generic, label: Generic = frozenset()) -> set[str]:
    """Stems of the content words within a few tokens either side of a span, with the words of the
    vocabulary name a reader's acronym spells there ("PH": pulmonary hypertension, see
    :mod:`.acronyms`; ``label``: the indications' words, which choose among several names)."""
    before = [t for t in tokenize(text[:start])][-_NEIGHBOURS:]
    after = [t for t in tokenize(text[end:])][:_NEIGHBOURS]
    return _with_spelled([*before, *after], generic, label)


def _with_spelled(tokens: list[Token], generic: Generic, label: Generic) -> set[str]:
    """Stems of the content words, and the words of the name each acronym among ``tokens`` spells
    (a two-letter "PH" too, which is no content word by itself)."""
    out = {t.norm for t in _content(tokens, generic)}
    for t in tokens:
        name = vocabulary_expansion(t.text, label) if label and reader_acronym(t.text) else None
        out.update(name.split() if name else ())
    return out


def contrary_classes(text: str, entries: list[IndicationEntry], generic: Generic) -> Hits:
    """A numbered type, group or class the indications do not name, next to a word the label writes
    next to its own numbers of that kind ("Group 3 pulmonary hypertension" for "PAH (WHO Group 1)")."""
    labelled: dict[str, tuple[set[int], set[str], str]] = {}
    for e in entries:
        if e.negative:
            continue
        for m, kind, numbers in _classes(e.text):
            nums, near, _quote = labelled.setdefault(kind, (set(), set(), m.group(0)))
            nums |= numbers
            near |= _around(e.text, m.start(), m.end(), generic)
    out = []
    words = {w for e in entries if not e.negative for w in e.stems}
    for m, kind, numbers in _classes(text):
        if kind not in labelled or numbers <= labelled[kind][0]:
            continue
        if _around(text, m.start(), m.end(), generic, words) & labelled[kind][1]:
            out.append((m.start(), m.end(), labelled[kind][2]))
    return out


def _opposites(word: str) -> frozenset[str]:
    """Words naming the other side of a qualifier: its closed-distinction partners and its negations."""
    out = {p + word for p in _NEGATING}
    for a, b in _SIDES:
        if word in a:
            out |= b
        if word in b:
            out |= a
    return frozenset(out)


def _qualified_heads(entries: list[IndicationEntry], generic: Generic) -> dict[str, set[str]]:
    """{qualifier word of an indication: stems of the first head word it qualifies}, for the words of the
    closed distinctions and any word the text might negate."""
    out: dict[str, set[str]] = {}
    for e in entries:
        if e.negative:
            continue
        tokens = tokenize(e.text)
        for i, tok in enumerate(tokens):
            if not any(tok.lower in a | b for a, b in _SIDES):
                continue
            heads: list[Token] = []
            for nxt in tokens[i + 1 : i + 1 + _HEAD_WORDS]:
                if re.search(r"[,.;:()\[\]]", e.text[(heads[-1] if heads else tok).end : nxt.start]):
                    break
                heads.append(nxt)
            out.setdefault(tok.lower, set()).update(t.norm for t in _content(heads, generic)[:1])
    return out


def _other_side_named(word: str, entries: list[IndicationEntry]) -> bool:
    other = _opposites(word)
    return any(t.lower in other for e in entries if not e.negative for t in tokenize(e.text))


def asks_boundary(text: str, start: int, word: str) -> bool:
    """A question sentence that names the labelled side as well ("..., or only HoFH?"): the word
    itself, or an acronym whose opening syllable begins it ("Ho" of HoFH for "homozygous")."""
    for a, b in sentence_spans(text):
        if a <= start < b and text[a:b].rstrip().endswith("?"):
            for tok in tokenize(text[a:b]):
                syllable = re.match(r"[A-Z][a-z]+", tok.text)
                if tok.lower == word or (
                    syllable and reader_acronym(tok.text) and word.startswith(syllable.group(0).lower())
                ):
                    return True
    return False


def _opposed(text: str, word: str, heads: set[str]) -> list[Token]:
    """Tokens of ``text`` naming the other side of ``word`` before one of its head words."""
    other = _opposites(word)
    tokens = tokenize(text)
    return [
        tok for i, tok in enumerate(tokens)
        if tok.lower in other and not _NEGATED_BEFORE.search(text[: tok.start])
        and any(t.norm in heads for t in tokens[i + 1 : i + 1 + _HEAD_WORDS])
    ]  # fmt: skip


def _bare_head(text: str, word: str, heads: set[str]) -> bool:
    """The indication names a head word of the qualified condition without the qualifier before it
    ("adults with hypercholesterolemia" beside "familial hypercholesterolemia")."""
    tokens = tokenize(text)
    return any(
        tok.norm in heads and word not in {t.lower for t in tokens[max(0, i - _HEAD_WORDS) : i]}
        for i, tok in enumerate(tokens)
    )  # fmt: skip


def opposed_qualifiers(text: str, entries: list[IndicationEntry], generic: Generic) -> Hits:
    """The other side of a qualifier every indication of the condition carries ("secondary
    dysmenorrhea" where the label treats primary dysmenorrhea)."""
    out = []
    for word, heads in _qualified_heads(entries, generic).items():
        if not heads or _other_side_named(word, entries):
            continue
        if any(_bare_head(e.text, word, heads) for e in entries if not e.negative):
            continue  # the condition is labelled without the qualifier too
        for tok in _opposed(text, word, heads):
            if not asks_boundary(text, tok.start, word):
                out.append((tok.start, tok.end, word))
    return out


def narrowed(
    text: str, entries: list[IndicationEntry], indications: list[IndicationEntry], generic: Generic
) -> list[IndicationEntry]:
    """The indications of the text's condition when it names the other side of a qualifier some of
    them carry: "non-familial hypercholesterolemia" leaves the indications that name the condition
    without "familial", or else those of the label that do; ``entries`` unchanged otherwise (a
    sentence matched only through its subsection title, "[See Clinical Studies (14.2)]" under
    "Benign Gastric Ulcer", names no condition bare and does not stand for the other side)."""
    kept = list(entries)
    for word, heads in _qualified_heads(entries, generic).items():
        if heads and _opposed(text, word, heads):
            kept = [
                e for e in kept if _bare_head(e.text, word, heads) and word not in {t.lower for t in tokenize(e.text)}
            ]
            kept = kept or [e for e in indications if not e.negative and _bare_head(e.text, word, heads)]
    return kept or entries


def foreign_causes(text: str, entries: list[IndicationEntry], generic: Generic) -> Hits:
    """The labelled condition with a cause no indication names: "heavy menstrual bleeding caused by
    a bleeding disorder" where the label treats heavy bleeding associated with fibroids, or
    "pulmonary hypertension due to lung disease" where the label names one numbered class of it
    ("PAH, WHO Group 1"; "associated with" stays a sub-type of the class there, and a text naming
    the label's own class number is left alone)."""
    known = {w for e in entries if not e.negative for w in e.stems}
    own_class = {(kind, n) for e in entries if not e.negative for _, kind, ns in _classes(e.text) for n in ns}
    if any((kind, n) in own_class for _, kind, ns in _classes(text) for n in ns):
        return []
    out = []
    for e in entries:
        if e.negative:
            continue
        m = _LABEL_CAUSE.search(e.text) or next((c[0] for c in _classes(e.text)), None)
        if m is None:
            continue
        classed = _LABEL_CAUSE.search(e.text) is None
        condition = {t.norm for t in _content(tokenize(e.text[: m.start()])[-_NEIGHBOURS:], generic)}
        for c in _TEXT_CAUSE.finditer(text):
            if _NEGATED_BEFORE.search(text[: c.start()]) or (classed and c.group(0).lower().startswith("assoc")):
                continue
            before = _with_spelled(tokenize(text[: c.start()])[-_NEIGHBOURS:], generic, known)
            if not before & condition:
                continue
            end = _CAUSE_END.search(text, c.end())
            cause = [t for t in _content(tokenize(text[c.end() : end.start() if end else len(text)]), generic)
                     if t.lower not in _VAGUE_CAUSE]  # fmt: skip
            if cause and not any(t.norm in known or stem(t.lower) in known for t in cause):
                out.append((c.end() + cause[0].start, c.end() + cause[-1].end, _labelled_cause(e.text, m)))
    return out


def _labelled_cause(text: str, cue: re.Match[str]) -> str:
    """The indication's condition and its cause or class ("heavy menstrual bleeding associated with
    uterine leiomyomas", "hypertension (PAH, WHO Group 1"), quoted in the finding."""
    words = tokenize(text[: cue.start()])[-_NEIGHBOURS:]
    end = _CAUSE_END.search(text, cue.end())
    stop = cue.end() if end is None or end.start() < cue.end() else end.start()
    return text[words[0].start if words else cue.start() : max(stop, cue.end())].strip()
