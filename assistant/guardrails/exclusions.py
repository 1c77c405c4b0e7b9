"""Excluded sets read from a label's own exclusion statements.

A label says what its product is NOT for in sentences whose shape is fixed by the labeling
template: the Limitations of Use under Indications ("not recommended for the treatment of
diabetic ketoacidosis", "not for use in insulin pumps"), and "not indicated / not recommended /
not for use / should not be used / do not use ... / do not mix ... / should not be administered
simultaneously ..." sentences anywhere (Dosage and Administration, Warnings, Drug Interactions,
Specific Populations, the patient leaflet). Each such sentence is read into
:class:`ExcludedSet` items, typed like :mod:`.measures`' windows:

- ``mixing``: what the product must not be mixed, diluted or co-infused with ("other insulins",
  "whole blood or its derivatives", "any other medication"); ``diluent``: a solution it must not be
  prepared in ("DO NOT USE DEXTROSE (5%) SOLUTION");
- ``route``: administration routes it must not be given by ("must not be injected");
- ``device``: equipment it is not for ("insulin pumps", "any other dosing device");
- ``concomitant``: medicines it must not be combined with ("other NSAIDs or salicylates",
  "patients taking MAOIs");
- ``population``: people it is not for ("pregnant women", "patients who smoke");
- ``purpose``: aims or settings it is not for ("the prevention of cardiovascular disease or
  dementia", "empiric treatment of gonorrhea", "initial therapy in ... HIT").

Each item keeps the excluded value's alternatives as stem sets and its source sentence for the
citation. Only the label's words are used: the kinds are told apart by the template's verbs and
prepositions, never by a list of products. The matching side is :mod:`.exclusion_checks`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.guardrails.contraindications import concept_stems
from assistant.guardrails.label_limits import form_words
from assistant.guardrails.label_routes import routes
from assistant.guardrails.text import moiety, tokenize

_XREF = re.compile(r"\[\s*(?:see|refer)[^\]]*\]|\(\s*(?:see|refer)[^)]*\)", re.I)
_PAREN = re.compile(r"\([^)]*\)")
_EXAMPLES = re.compile(r"\(\s*(?:such as|e\.g\.,?|including)\s+([^()]*(?:\[[^\]]*\])?[^()]*)\)", re.I)
""""(such as Adcirca [tadalafil])": examples kept in line, so each binds like the class they name."""
_NEG = r"(?:do not|don't|should not|must not|cannot|can not|may not|never|not to)"
_MIXING = re.compile(
    _NEG + r"\s+(?:be\s+)?(?:mix(?:ed)?|dilut(?:e|ed)|combin(?:e|ed)|admix(?:ed)?)\b(?:\s+or\s+\w+)?\s*(?P<v>[^.;]*)"
    r"|\bnot (?:be )?(?:administered|given|infused) simultaneously with\s+(?P<v2>[^.;]*)"
    r"|" + _NEG + r"\s+(?:be\s+)?(?:administer(?:ed)?|infus(?:e|ed)|give|given)\s+(?P<v3>other [^.;]*?)"
    r"(?:concomitantly|simultaneously)?\s+(?:via|through|in) the same\b",
    re.I,
)
""""Do not dilute or mix X with any other insulin or solution", "Do not mix other medications
with X or administer other medications concomitantly via the same infusion line", "The prepared
solution should not be administered simultaneously with any other medication"."""
_DILUENT = re.compile(r"\b(?:do not|don't) use\s+(?P<v>[\w\s%()-]{2,40}?)\s+(?:solution|diluent)s?\b", re.I)
_USE_CUE = re.compile(
    r"\b(?:(?:is|are|be|been) not (?:indicated|recommended|approved|intended|for use)"
    r"|(?:should|must) not be used|do not use|don't use|(?:is|are) not for|avoid (?:use|using)"
    r"|(?:do not|should not be|must not be) (?:administer(?:ed)?|give|given|inject(?:ed)?|infuse[d]?|appl(?:y|ied))"
    r"(?=\s+(?:[\w-]+\s+)?(?:or\s+)?(?:via|through|using)\b))\b"
    r"|^\W*(?:limitations? of use\W*)?not (?:recommended|indicated|for use)\b",
    re.I,
)
_RELATIVE = re.compile(r"\b(?:that|which|who)\s*(?:is|are)?\s*$", re.I)
""""other medicines that are not approved ...": the denial is about another subject."""
_PURPOSE_CLAUSE = re.compile(
    r"\b(?P<prep>to prevent|to treat|for the (?:prevention|treatment) of|for (?:prevention|treatment) of)\s+(?P<v>.+)",
    re.I,
)
_AFTER_CUE = re.compile(
    r"^\s*(?:[\w/-]+\s+){0,6}?(?P<prep>for use in combination with|in combination with|for use with|for use in"
    r"|via|through|using"
    r"|for use to|to treat|for the treatment of|for treatment of|for the prevention of|for prevention of"
    r"|to prevent|for use as|as (?:an?\s+)?(?:initial|first)[\w\s-]*?(?=\s+in\b)|for use|in|with|for|as|to)\s+"
    r"(?P<v>[^.;:]+)",
    re.I,
)
_STOP = re.compile(
    r"[(\[;:]|\b(?:because|due to|since|unless|until|when|whereas|which|as this|if|based on|for a condition)\b"
    r"|\bis not recommended\b|\bhave not been\b|\bhas not been\b",
    re.I,
)
_NOT_A_USE = re.compile(
    r"^\s*(?:if|after|beyond|before|when|the same|any (?:medicine|unused)|a condition|more than|it if|this date"
    r"|vials?|pens?|the (?:vial|pen|carton|syringe|autoinjector|prefilled|solution|infusion bag|on-body)\b)",
    re.I,
)
""""Do not use if the solution is cloudy", "do not use after the expiration date", "Do not use X for
a condition for which it was not prescribed": storage and handling, not an excluded use."""
_SUBJECT_CONCOMITANT = re.compile(
    r"\b(?:concomitant(?:ly)?|coadministration|co-administration|combination|combined|together)\b", re.I
)
_SUBJECT = re.compile(
    r"\b(?:concomitant(?:ly)? (?:use|administration)|coadministration|co-administration|combination|use)\s+of\s+"
    r"(?P<v>[^.;:]+?)\s+(?:is|are)\s+(?:generally\s+)?not recommended\b",
    re.I,
)
_PARTNERS = re.compile(r"\s+(?:with|and|or|plus|in combination with)\s+|\s*,\s*(?!\s*(?:such as|e\.g))", re.I)
_TAKING = re.compile(r"^(?:patients|people|those|individuals)?\s*(?:who are\s+)?(?:taking|using|receiving)\s+", re.I)
_DEVICE = re.compile(
    r"\b(?:pumps?|devices?|syringes?|pens?|cartridges?|catheters?|nebuli[sz]ers?|infusors?|tubing|spoons?|cups?)\b",
    re.I,
)
"""Generic equipment nouns: an excluded value naming one is a device, not a population."""
_PERSON = re.compile(
    r"\b(?:patients?|people|persons?|women|men|children|adults?|adolescents?|infants?|neonates?|pediatric|elderly"
    r"|individuals?|pregnan\w*|nursing|breast\w*|smok\w*|who)\b",
    re.I,
)
_PURPOSE = re.compile(r"\b(?:treat\w*|prevent\w*|prophyla\w*|initial|empiric\w*|first|reduc\w*|manag\w*)\b", re.I)
_SUCH_AS = re.compile(r"\b(?:such as|e\.g\.,?|including)\s+", re.I)
GENERIC = frozenset(
    re.findall(
        r"\w+",
        "other another any all use used using treatment therapy therapies patient people person who have has "
        "been recently medication medicine drug product solution agent condition type types such adult "
        "individual those same time currently taking receive receiving concomitant combination administration "
        "dose doses prevention treat prevent management initial first risk high higher increased",
    )
)
"""Words any excluded value may carry: not what tells one value from another."""
KINDS = ("mixing", "diluent", "route", "device", "concomitant", "population", "purpose")


@dataclass(frozen=True)
class ExcludedSet:
    """One thing the label excludes: its kind, the value's alternatives (stem sets, any one binds),
    the value as the label words it, and the sentence to cite."""

    kind: str
    value: str
    alternatives: tuple[frozenset[str], ...]
    sentence: str

    @property
    def open(self) -> bool:
        """'any other medication': every other agent is excluded, no name needed."""
        return not any(self.alternatives)


_TYPE = re.compile(r"\b(types?)\s+(\d+|I{1,3}V?|V)\b")
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_NEGATED_VALUE = re.compile(r"\b(?:not|no|never|without)\b", re.I)
_NOT_A_VALUE = re.compile(
    r"\b(?:these|those|this|your|skin|areas?|sites?|trials?|stud(?:y|ies))\b|^\W*(?:administer|inject|remove|give|take|mix|draw"
    r"|store|share|reuse|re-use|transfer|measure|freeze|shake|open)\b",
    re.I,
)
_ANY_OTHER = re.compile(r"^\W*(?:any\s+|all\s+)?other\b", re.I)
_NUMERIC = re.compile(r"(?<![\w-])\d")


def root(word: str) -> str:
    """A crude common root, so 'smoke', 'smoking' and 'smokers', 'empiric' and 'empirically' meet."""
    w = word.lower().replace("’", "'").removesuffix("'s")
    for suffix in ("ally", "ing", "ers", "er", "ed", "es", "ly", "s", "e"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            return w[: -len(suffix)]
    return w


_PEOPLE_WITH = re.compile(
    r"^\s*(?:the\s+)?(?:patients?|people|persons|individuals|those|anyone)\s+(?:with|who (?:are|have)|having)\s+"
    r"(?:an?\s+|the\s+)?",
    re.I,
)
_PERSONS = frozenset(["women", "men", "patient", "people", "children", "adult", "person", "individual"])
_FUNCTION = frozenset(
    re.findall(
        r"\w+",
        "a an the of to in on at by for from with and or nor its their his her these those this that such as than "
        "is are was were be been being who whom which whose have has had do does did can could may might should "
        "must will would also only both each either all some less more very during prior immediately within",
    )
)


def roots(text: str, names: tuple[str, ...] = ()) -> frozenset[str]:
    """Content roots of a phrase: 'type 1' kept as one word, the product's names, generic and
    function words dropped, pregnancy and nursing words folded (as :mod:`.contraindications` does)."""
    text = _TYPE.sub(lambda m: f"type{m.group(2).lower()}", text)
    dropped = {w.lower() for n in names for w in re.findall(r"[\w-]+", n)}
    out = set()
    for m in _WORD.finditer(text):
        w = m.group(0).lower().replace("’", "'").removesuffix("'s")
        if len(w) < 2 or w in _FUNCTION or w in GENERIC or w in dropped:
            continue
        if any(part in dropped for part in re.split(r"[/-]", w)):
            continue
        folded = concept_stems(w) & {"pregnancy", "lactation"}
        out.add(next(iter(folded)) if folded else root(w))
    return frozenset(out - GENERIC)


_SEPARATOR = re.compile(
    r"(\s*,\s*(?:or\s+|and\s+)?|\s+or\s+|\s+and/or\s+|\s+nor\s+|\s+and(?=\s+(?:with|in|for|who)\b))", re.I
)
_OPEN_END = re.compile(r"\b(?:during|before|after|prior to|with|in|of|to|for)\s*$", re.I)


def _parts(phrase: str) -> list[str]:
    """The alternatives of a list; a lone modifier before a longer part ("active, severe
    infections", "clinical or laboratory evidence of ...") names nothing on its own and is dropped."""
    pieces = _SEPARATOR.split(phrase)
    parts: list[str] = []
    for part in (p.strip() for p in pieces[::2]):
        if parts and _OPEN_END.search(parts[-1]):  # "during or immediately prior to labor": one part
            parts[-1] = f"{parts[-1]} {part}"
        elif part:
            parts.append(part)
    out = []
    for i, part in enumerate(parts):
        following = parts[i + 1].split() if i + 1 < len(parts) else []
        if len(part.split()) == 1 and len(following) >= 2 and following[0].lower() not in _FUNCTION:
            continue
        out.append(part)
    return out


def _alternatives(value: str, names: tuple[str, ...]) -> tuple[frozenset[str], ...]:
    """The value's " or " / comma parts (each binds alone), the whole, and the examples it lists
    ("potent immunosuppressants such as azathioprine and cyclosporine": each example binds too)."""
    value = _PEOPLE_WITH.sub("", _PAREN.sub(" ", value))
    example = _SUCH_AS.search(value)
    head, examples = (value[: example.start()], value[example.end() :]) if example else (value, "")
    parts = _parts(head) + [p for p in re.split(r"\s*,\s*|\s+(?:and|or)\s+", examples) if p.strip()]
    parts = [moiety(p) for p in parts]  # "hydroxychloroquine sulfate" binds "hydroxychloroquine"
    parts = [p for p in parts if not _NUMERIC.search(_TYPE.sub("type", p))]  # a measured part: see .measures
    whole = [] if _NUMERIC.search(_TYPE.sub("type", head)) else [head]
    out = [_without_persons(roots(p, names)) for p in parts + whole]
    return tuple(dict.fromkeys(s for s in out if s)) or (frozenset(),)


def _without_persons(words: frozenset[str]) -> frozenset[str]:
    """'pregnant women' binds a text saying 'pregnant'; 'women' alone still binds 'women'."""
    rest = words - _PERSONS
    return rest or words


def _cut(value: str) -> str:
    m = _STOP.search(value)
    return (value[: m.start()] if m else value).strip(" ,.-•")


def _usable(value: str) -> bool:
    """A value with a negation ("who would not receive ...") or pointing back ("these bacteria"),
    an action ("to administer ...") or a body site ("your eyes", "areas of the skin", left to
    :mod:`.contraindications`) is no excluded set of its own; parts with a measured number
    ("weighing 3.5 kg to less than 40 kg") are left to :mod:`.measures`."""
    return bool(value) and not _NEGATED_VALUE.search(value) and not _NOT_A_VALUE.search(value)


def _kind_of_use(prep: str, value: str) -> str:
    """The template's preposition and the value's words decide the kind: 'in combination with X',
    'patients taking X' -> concomitant; a device noun -> device; 'for the treatment/prevention
    of', 'to treat', 'as initial therapy' -> purpose; people -> population; a route -> route."""
    p = prep.lower()
    person = _PERSON.search(value)
    if "combination" in p or (p in ("with", "for use with") and not person) or _TAKING.match(value):
        return "device" if _DEVICE.search(value) else "concomitant"
    if _DEVICE.search(value) and not person:
        return "device"
    if routes(value) and not person:
        return "route"
    if p.startswith(("for the", "for treatment", "for prevention", "to ", "as")) or p == "for use to":
        return "purpose"
    if person:
        return "population"
    return "purpose" if _PURPOSE.search(value) or p == "for" else "population"


def _named(part: str, names: tuple[str, ...]) -> bool:
    return any(re.search(r"(?<!\w)" + re.escape(n) + r"(?!\w)", part, re.I) for n in names)


def _mixing(sentence: str, names: tuple[str, ...]) -> list[ExcludedSet]:
    """What must not be mixed in: after "with" ("mix X with other insulins"), or before it when
    the product follows ("Do not mix other medications with X")."""
    out = []
    for m in _MIXING.finditer(sentence):
        raw = _cut(m.group("v") or m.group("v2") or m.group("v3") or "")
        before, with_, after = raw.partition(" with ")
        product_after = _named(" ".join(after.split()[:3]), names) and not re.match(r"\s*(?:any|other)\b", after, re.I)
        value = raw if not with_ else (before if product_after else after)
        value = _cut(re.split(r"\s+or\s+(?:administer|give|infuse)\b", value, flags=re.I)[0])
        if value and not _NEGATED_VALUE.search(value):
            # "any other insulin or solution": nothing else may be mixed in, whatever its name
            alternatives = (frozenset(),) if _ANY_OTHER.match(value) else _alternatives(value, names)
            out.append(ExcludedSet("mixing", value, alternatives, sentence))
    for m in _DILUENT.finditer(sentence):
        value = _cut(m.group("v"))
        if roots(value, names):
            out.append(ExcludedSet("diluent", value, _alternatives(value, names), sentence))
    return out


def _uses(sentence: str, names: tuple[str, ...]) -> list[ExcludedSet]:
    out = []
    for cue in _USE_CUE.finditer(sentence):
        if _RELATIVE.search(sentence[: cue.start()]) or form_words(sentence[: cue.start()], names):
            continue  # another subject's denial, or one form's ("X XR is not indicated for ...")
        rest = _cut(" " + _PAREN.sub(" ", sentence[cue.end() :]))
        if _NOT_A_USE.match(rest):
            continue
        m = _PURPOSE_CLAUSE.search(rest) or _AFTER_CUE.match(rest)
        if m is None:
            continue
        prep, raw = m.group("prep"), m.group("v")
        value = _cut(_TAKING.sub("", raw) if _TAKING.match(raw) else raw)
        if not _usable(value) or _NOT_A_USE.match(value):
            continue
        kind = _kind_of_use(prep, raw)
        alternatives = _alternatives(value, names)
        if any(alternatives) or kind == "route":
            out.append(ExcludedSet(kind, value, alternatives, sentence))
    return out


def _concomitant_subject(sentence: str, names: tuple[str, ...]) -> list[ExcludedSet]:
    """'The concomitant use of X with other NSAIDs is not recommended', 'Coadministration of X and
    chloroquine ... is not recommended': the excluded partners sit in the subject."""
    if not _SUBJECT_CONCOMITANT.search(sentence):
        return []
    out = []
    for m in _SUBJECT.finditer(sentence):
        value = _PAREN.sub(" ", m.group("v"))
        parts = [p for p in _PARTNERS.split(value) if p.strip() and not _named(p, names)]
        alternatives = tuple(dict.fromkeys(a for p in parts for a in _alternatives(p, names) if a))
        if alternatives:
            out.append(ExcludedSet("concomitant", value.strip(), alternatives, sentence))
    return out


_NOT_ESTABLISHED = re.compile(
    r"\b(?:safety|effectiveness|efficacy)\b[^.;]*?\b(?:in|for)\s+(?P<v>[^.;]+?)\s+(?:has|have)\s+not\s+been\s+"
    r"established\b",
    re.I,
)
_AGE_GROUPS = frozenset(["pediatric", "children", "child", "infant", "neonat", "adolescent", "geriatric", "elderly"])
"""An age group alone is left to the age checks, which know the labelled ages."""


def _not_established(sentence: str, names: tuple[str, ...]) -> list[ExcludedSet]:
    """'The safety and effectiveness of X in patients who smoke have not been established': a
    population the label has not shown the product works in (an age group alone is the age checks')."""
    out = []
    for m in _NOT_ESTABLISHED.finditer(sentence):
        later = re.match(r"\s+(?:in|for|among)\s+([^.;]+)", sentence[m.end() :], re.I)
        value = _cut(_PAREN.sub(" ", later.group(1) if later else m.group("v")))  # "... in MDD ... in children <12"
        value = re.sub(r"^(?:[\w/-]+\s+){0,4}?(?:in|for)\s+", "", value) if _named(value, names) else value
        alternatives = tuple(a for a in _alternatives(value, names) if a and not a <= _AGE_GROUPS)
        if _usable(value) and alternatives:
            out.append(ExcludedSet("population", value, alternatives, sentence))
    return out


def excluded_sets(label_sentences: list[str], names: tuple[str, ...]) -> list[ExcludedSet]:
    """Every excluded set one label states, in label order, without repeats."""
    seen: set[tuple[str, tuple[frozenset[str], ...]]] = set()
    out: list[ExcludedSet] = []
    for raw in label_sentences:
        sentence = _EXAMPLES.sub(lambda m: ", such as " + re.sub(r"[\[\]]", ",", m.group(1)), _XREF.sub(" ", raw))
        if len(tokenize(sentence)) < 3:
            continue
        found = _mixing(sentence, names) + _concomitant_subject(sentence, names) + _uses(sentence, names)
        for item in found + _not_established(sentence, names):
            key = (item.kind, item.alternatives)
            if key not in seen:
                seen.add(key)
                out.append(ExcludedSet(item.kind, item.value, item.alternatives, raw))
    return out
