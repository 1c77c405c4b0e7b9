"""Uses the label forbids outside Indications: contraindicated conditions and forbidden sites.

An approved indication does not make every use approved: the Contraindications section
(LOINC 34070-3, or a section so titled in a PDF label) and "X is contraindicated in ..." sentences
anywhere name people the product must not be given to, and "do not apply ... to the breasts"
names a site it must not be applied to. Each is kept as stems (with pregnancy and nursing words
folded into one concept each, since labels say "pregnant" and answers "pregnancy"), so an answer
that presents such a use as acceptable ("is fine to keep taking through pregnancy") is recognised,
while a text that states the contraindication, tells to avoid it, or only asks about it is not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.guardrails.populations import path_codes
from assistant.guardrails.text import sentence_spans, sentences, tokenize
from assistant.types import Chunk

CONTRAINDICATIONS_CODE = "34070-3"
_LEAD = re.compile(
    r"^.*?\bcontraindicated\s+(?:in|for|with)\s+(?:(?:patients|women|men|people|those|individuals|anyone)\s+"
    r"(?:with|who|having)\s+)?(?:any of the following(?: conditions)?\s*:?)?",
    re.I,
)
_TITLE = re.compile(r"^\W*(?:\d+(?:\.\d+)*\s*)?contraindications\b", re.I)
_XREF = re.compile(r"[\[(][^\])]*[\])]")
_CUT = re.compile(r",|;|:|\bwhich\b|\bincluding\b|\bbecause\b|\bdue to\b|\bsince\b", re.I)
_ALTERNATIVE = re.compile(r"\s+or\s+", re.I)
_SITE = re.compile(
    r"\b(?:do not|don't|never|should not be|must not be)\s+(?:apply|applied|place|placed|put)\b[^.;]{0,40}?"
    r"\b(?:to|on|onto)\s+(?:the\s+|your\s+)?([a-z][a-z ]{2,30}?)(?=\s+(?:or|since|because|as)\b|[.;,(]|$)",
    re.I,
)
_APPLY = re.compile(r"\b(?:appl(?:y|ied|ying|ication)|plac(?:e|ed|ing)|put(?:ting)?|wear(?:ing)?|stick)\b", re.I)
_CONCEPTS = (
    (re.compile(r"^pregnan"), "pregnancy"),
    (re.compile(r"^(?:nursing|breastfe\w*|lactat\w*)$"), "lactation"),
)
_GENERIC = frozenset(
    re.findall(
        r"\w+",
        "a an the and or of to in with who are is be been may might known suspected any history patient people "
        "woman women men man individual those following condition use this that component medication product "
        "become mother contraindication contraindications other its ingredient ingredients tablet tablets capsule "
        "capsules",
    )
)
_USE_CLAIM = re.compile(
    r"\b(?:fine|safe(?:ly)?|ok(?:ay)?|acceptable|appropriate|reasonable|suitable|no problem|no need to|"
    r"good (?:choice|option)|an option|"
    r"can (?:still |also |safely )?(?:be )?"
    r"(?:continu|keep|take|taken|use|used|given|give|start|prescrib|appl|put|place)\w*|"
    r"may (?:be )?(?:continu|keep|take|taken|use|used|given|start|prescrib|appl)\w*|"
    r"keep taking|continue taking|as usual)\b",
    re.I,
)
_FORBIDS = re.compile(
    r"\b(?:contraindicat\w*|avoid\w*|never|do not|don't|does not|doesn't|should not|must not|cannot|can't|"
    r"not be|not recommended|unknown|not known|whether|discontinu\w*|stop\w*|unsafe|harm\w*|risk\w*)\b",
    re.I,
)
_PERMITTED = re.compile(r"\bno need to (?:stop|discontinue|avoid)\b|\bwithout (?:any )?(?:special )?\w+", re.I)
_MIN_SHARE = 0.5
_MAIN_CLAUSE = re.compile(r"\b(?:who|which|that)\b|,", re.I)
_PROSE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|may|might|should|must|can|could|will|would|did|does|do|no|not)\b|"
    r"^\W*(?:in|during|if|when|for|there|it|as|although)\b",
    re.I,
)
_MAX_ITEM_TOKENS = 16
_EXCEPTION = re.compile(r"\b(?:except|unless|other than)\b", re.I)
"""A contraindication with an exception ("except in pregnant women with mechanical heart valves")
is not kept: the exception's people are treated, and telling them apart needs more than stems."""
_NUMBERING = re.compile(r"^\W*\d+(?:\.\d+)*\s*")
INDICATIONS_CODE = "34067-9"
_INDICATIONS_TITLE = re.compile(r"\W*(?:\d+\s*)?indications", re.I)
_EXCLUDES = re.compile(
    r"\b(?:(?:is|are) not recommended|avoid (?:use|administration)(?: of [\w/-]+(?: [\w/-]+)?)?|should not be used|"
    r"must not be used)\s+(?:for use\s+)?(?:in|for)\s+(?:(?:patients|individuals|people|those|anyone)\s+"
    r"(?:(?:with|who (?:are|have))\s+)?)?"
    r"|^\W*(?:the )?(?:use|administration)(?: of [\w/-]+(?: [\w/-]+)?)? in\s+(?:(?:patients|individuals|people)\s+"
    r"(?:(?:with|who (?:are|have))\s+)?)?(?=[^.;]{3,60}?\s+is not recommended\b)",
    re.I,
)
"""A population the label excludes outside Indications: "X is not recommended in patients with
severe gastroparesis", "Avoid use of X in patients with severe hepatic impairment (Child-Pugh C)",
"Use in severe hepatic impairment is not recommended", "The use of X in patients with ... is not
recommended" (Dosage, Warnings, Specific Populations)."""
_EXCLUDED_END = re.compile(
    r"[;:(\[]|\bis not recommended\b|\bincluding\b|\bbecause\b|\bdue to\b|\buntil\b|\bwhen\b|\bsince\b|"
    r"\bwhich\b|\bas\b|\bunless\b",
    re.I,
)
_COMPARISON = re.compile(r"\b(?:greater|less|more|fewer|than|above|below|exceed\w*)\b", re.I)
"""A part stating a threshold ("with serum creatinine greater than or equal to 1 mg/dL", cut at its
" or ") is a numeric limit, not a population; the kidney limits read the numbers."""
_EXCLUDED_PART = re.compile(r"\s+or\s+(?:in\s+)?", re.I)
_FILLER = frozenset(
    ["during", "prior", "immediately", "before", "after", "within", "such", "clinical", "evidence", "therapy",
     "treatment", "related", "previous", "history", "have", "has", "had"]
)  # fmt: skip


@dataclass(frozen=True)
class Forbidden:
    """One contraindicated condition or forbidden site, as stem sets (any one alternative binds)."""

    kind: str
    """"condition" (the product must not be given) or "site" (it must not be applied there)."""
    alternatives: tuple[frozenset[str], ...]
    sentence: str


def _concept(norm: str) -> str:
    return next((name for rx, name in _CONCEPTS if rx.search(norm)), norm)


def concept_stems(text: str, names: tuple[str, ...] = ()) -> frozenset[str]:
    """Content stems of a phrase, pregnancy/nursing words folded, generic and product words dropped."""
    drop = {t.norm for name in names for t in tokenize(name)}
    return frozenset(
        _concept(t.norm)
        for t in tokenize(text)
        if t.text[0].isalpha() and len(t.norm) > 1 and t.norm not in _GENERIC and t.norm not in drop
    )


_SUCH_AS = re.compile(r"\bsuch as\b", re.I)
_EXAMPLES = re.compile(r",|\s+(?:or|and)\s+", re.I)


def _alternatives(phrase: str, names: tuple[str, ...]) -> tuple[frozenset[str], ...]:
    """The whole phrase plus each " or " part that names something on its own ("Women who are
    pregnant or may become pregnant" -> {pregnancy}); one-word adjective parts ("Acute or severe
    asthma") are kept only inside the whole."""
    whole = concept_stems(phrase, names)
    parts = [concept_stems(p, names) for p in _ALTERNATIVE.split(phrase)]
    keep = [whole, *(p for p in parts if p != whole and (len(p) >= 2 or p & {"pregnancy", "lactation"}))]
    example = _SUCH_AS.search(phrase)  # "chronic lung disease such as asthma or COPD": each example binds
    if example:
        keep += [concept_stems(p, names) for p in _EXAMPLES.split(phrase[example.end() :])]
    return tuple(dict.fromkeys(s for s in keep if s))


def _item(sentence: str) -> bool:
    """A listed condition ("Women who are pregnant or may become pregnant"), not the prose that
    explains it ("LIPITOR may cause fetal harm ...", "In rat studies, ..."): short, and its main
    clause has no verb or negation of its own."""
    main = _MAIN_CLAUSE.split(_XREF.sub(" ", sentence), maxsplit=1)[0]
    return len(tokenize(sentence)) <= _MAX_ITEM_TOKENS and not _PROSE.search(main)


def contraindicated(sentences: list[str], in_section: bool, names: tuple[str, ...]) -> list[Forbidden]:
    """Conditions one label sentence contraindicates: every item of the Contraindications section,
    and the object of "contraindicated in ..." anywhere (the first clause: "Active liver disease,
    which may include ..." binds "active liver disease")."""
    out = []
    for sentence in sentences:
        if _EXCEPTION.search(sentence):
            continue
        lead = _LEAD.match(sentence)
        if not lead and not (in_section and _item(sentence) and "contraindicated" not in sentence.lower()):
            continue
        phrase = _XREF.sub(" ", sentence[lead.end() :] if lead else sentence)
        head, *rest = _CUT.split(phrase, maxsplit=1)
        phrase = head.strip(" .•")
        if rest and rest[0].strip() and len(concept_stems(phrase, names)) == 1 and "," in sentence:
            continue  # "Protein C, protein S, or ... deficiency": one word of a list names nothing
        if not phrase or phrase.lower() in {"none", "none known"}:
            continue
        alternatives = _alternatives(phrase, names)
        if alternatives:
            out.append(Forbidden("condition", alternatives, sentence))
    return out


def forbidden_sites(sentences: list[str], names: tuple[str, ...]) -> list[Forbidden]:
    """Body sites the label says not to apply the product to ("Do not apply ... to the breasts")."""
    return [
        Forbidden("site", (stems,), sentence)
        for sentence in sentences
        for m in _SITE.finditer(sentence)
        if (stems := concept_stems(m.group(1), names))
    ]


def excluded(sentences: list[str], names: tuple[str, ...]) -> list[Forbidden]:
    """Populations a label sentence outside Indications says not to treat. The phrase ends at the
    first clause, comma or parenthesis ("severe renal impairment or kidney failure (eGFR <30
    mL/min)"; "an active, serious infection" keeps its adjectives); a part with a number is left to
    the numeric limits (:mod:`.label_limits`), and each " or " part must name two things of its
    own, since a qualifier lost in a split ("full-term neonates" without "with serum creatinine
    ...") would exclude people the label treats."""
    out = []
    for sentence in sentences:
        if _EXCEPTION.search(sentence):
            continue
        for m in _EXCLUDES.finditer(_XREF.sub(" ", sentence)):
            pieces = _EXCLUDED_END.split(_XREF.sub(" ", sentence)[m.end() :], maxsplit=1)[0].split(",")
            phrase = pieces[0] if len(concept_stems(pieces[0], names)) >= 2 else " ".join(pieces[:2])
            parts = [
                frozenset(concept_stems(p, names) - _FILLER)
                for p in _EXCLUDED_PART.split(phrase.strip(" .•"))
                if not re.search(r"\d", p) and not _COMPARISON.search(p)
            ]
            alternatives = tuple(dict.fromkeys(p for p in parts if len(p) >= 2))
            if alternatives:
                out.append(Forbidden("excluded", alternatives, sentence))
    return out


def covers(words: frozenset[str], item: Forbidden, alternative: frozenset[str]) -> bool:
    """An excluded population binds only in full ("severe hepatic impairment" is not "moderate
    hepatic impairment"); a contraindication also when most of a long item is named."""
    shared = len(words & alternative)
    if item.kind == "excluded":
        return shared == len(alternative)
    return shared == len(alternative) or (shared >= 2 and shared / len(alternative) >= _MIN_SHARE)


def _presents_use(sentence: str, population: frozenset[str] = frozenset()) -> bool:
    """The sentence calls the use acceptable and says nothing against it ("there is no need to
    stop it" and "without any special precautions" permit, they do not forbid); the words naming
    the population itself ("patients who recently stopped smoking") are no objection."""
    if sentence.rstrip().endswith("?") or not _USE_CLAIM.search(sentence):
        return False
    rest = re.sub(r"[\w'-]+", lambda m: " " if concept_stems(m.group(0)) <= population else m.group(0), sentence)
    return not _FORBIDS.search(_PERMITTED.sub(" ", rest if population else sentence))


def forbidden_uses(
    text: str, forbidden: list[Forbidden], names_rx: re.Pattern[str]
) -> list[tuple[int, int, Forbidden]]:
    """Sentences of a text that present a forbidden use of the product as acceptable."""
    spans = sentence_spans(text)
    hits = []
    for a, b in spans:
        sentence = text[a:b]
        if not _USE_CLAIM.search(sentence) or (len(spans) > 1 and not names_rx.search(sentence)):
            continue
        words = concept_stems(sentence)
        for item in forbidden:
            if item.kind == "site" and not _APPLY.search(sentence):
                continue
            named = [alt for alt in item.alternatives if covers(words, item, alt)]
            if named and _presents_use(sentence, named[0] if item.kind == "excluded" else frozenset()):
                hits.append((a, b, item))
                break
    return hits


_DOSE_REQUEST = re.compile(
    r"^\W*(?:what|which|how)\b[^?]*\b(?:dose|doses|dosing|dosage|titrat\w*|how much|regimen)\b"
    r"|\b(?:ok(?:ay)?|fine|alright) to (?:trial|try|start|give|use|prescribe|initiate)\b"
    r"|\b(?:can|could|should) (?:i|we) (?:still |just )?(?:trial|try|start|give|prescribe|initiate)\b",
    re.I,
)
"""'What dose should I use in severe hepatic impairment?' asks how to give it there, as if approved;
'Is a dose adjustment needed ...?' and 'What does the label say about dosing ...?' only ask. "OK to trial
X in mild COPD?" and "Can we start X in ...?" ask to give it there too."""
_ASKS_LABEL = re.compile(
    r"\b(?:label|prescribing information|recommend(?:ed|ation)?s? (?:on|about|for)|adjust\w*)\b", re.I
)


def dose_requests(text: str, forbidden: list[Forbidden]) -> list[tuple[int, int, Forbidden]]:
    """Question sentences asking for a dose in a population the label contraindicates or excludes."""
    hits = []
    for a, b in sentence_spans(text):
        sentence = text[a:b]
        if not _DOSE_REQUEST.search(sentence) or _ASKS_LABEL.search(sentence) or _FORBIDS.search(sentence):
            continue
        words = concept_stems(sentence)
        item = next(
            (i for i in forbidden if i.kind != "site" and any(covers(words, i, alt) for alt in i.alternatives)), None
        )
        if item is not None:
            hits.append((a, b, item))
    return hits


_HAVING = re.compile(r"\b(?:with|has|have|having|who are|on|in)\s+(?:an?\s+|the\s+)?$", re.I)


def names_exclusion(text: str, start: int, span: str, forbidden: list[Forbidden]) -> bool:
    """The span names, as the patients' condition ("for patients with severe gastroparesis", "X in
    severe renal insufficiency?"), a
    population the label excludes outside Indications: a question about it asks about the label's
    restriction. Named as the use itself ("treat severe gastroparesis") it is still a use."""
    if not _HAVING.search(text[max(0, start - 40) : start]):
        return False
    words = concept_stems(span)
    return any(i.kind == "excluded" and any(alt <= words for alt in i.alternatives) for i in forbidden)


_LABEL_QUESTION = re.compile(
    r"\b(?:what|how|does|do)\b[^?]{0,40}\b(?:label|labeling|prescribing information|PI)\b[^?]{0,20}?"
    r"\b(?:say|says|state|states|advise|advises|address|addresses|recommend|recommends)\b",
    re.I,
)


def asks_label(text: str, start: int) -> bool:
    """The question sentence around ``start`` asks what the label says ("what does the label say
    about acetaminophen and liver disease?")."""
    a, b = next(((a, b) for a, b in sentence_spans(text) if a <= start < b), (0, len(text)))
    return bool(_LABEL_QUESTION.search(text[a:b]))


def asks_label_about(text: str, start: int, span: str, forbidden: list[Forbidden]) -> bool:
    """'What does the label say about using it in someone with asthma?': a question asking for what
    the label says about a condition it contraindicates or a population it excludes asks for the
    restriction itself; an unapproved disease asked about this way is still a use request."""
    if not asks_label(text, start):
        return False
    words = concept_stems(span)
    return bool(words) and any(i.kind != "site" and any(words <= alt for alt in i.alternatives) for i in forbidden)


def label_forbidden(chunks: list[Chunk], names: tuple[str, ...]) -> list[Forbidden]:
    """Every contraindicated condition and forbidden site of one label, from its ordered chunks."""
    out: list[Forbidden] = []
    for chunk in chunks:
        in_section = CONTRAINDICATIONS_CODE in path_codes(chunk) or bool(_TITLE.match(chunk.section or ""))
        chunk_sentences = sentences(chunk.text)
        path = (chunk.section or "").split(" > ")
        titled = in_section and len(path) > 1
        if titled and not any(_EXCEPTION.search(s) for s in chunk_sentences):  # "4.4 Nursing Mothers" is the item
            chunk_sentences = [_NUMBERING.sub("", path[-1]), *chunk_sentences]
        out += contraindicated(chunk_sentences, in_section, names) + forbidden_sites(chunk_sentences, names)
        if INDICATIONS_CODE not in path_codes(chunk) and not _INDICATIONS_TITLE.match(chunk.section or ""):
            out += excluded(chunk_sentences, names)
        else:
            out += excluded(limitations_of_use(path[-1], sentences(chunk.text)), names)
    return out


_LIMITATIONS = re.compile(r"^\W*(?:\d+(?:\.\d+)*\s*)?limitations? of use\b", re.I)


def limitations_of_use(title: str, chunk_sentences: list[str]) -> list[str]:
    """The Limitations of Use paragraph of an Indications chunk (titled so, or from its
    "Limitations of Use:" lead on): "The use of X is not recommended in patients who smoke" excludes
    a population there as it would in Warnings; the indication sentences before it exclude nothing."""
    out: list[str] = []
    limiting = bool(_LIMITATIONS.match(title))
    for sentence in chunk_sentences:
        lead = _LIMITATIONS.match(sentence)
        limiting = limiting or bool(lead)
        if limiting:
            out.append(sentence[lead.end() :].lstrip(" :") if lead else sentence)
    return out
