"""Section awareness: what part of a label a question is about.

An MSL's "how is X dosed in renal impairment?" is answered by the label's
Dosage and Administration and Use in Specific Populations sections, yet a
passage from Clinical Studies may share more words with the question. Each
:class:`SectionIntent` maps question wording to the SPL sections (LOINC codes,
and the section titles used by PDFs and decks that have no codes) that answer
it. The retriever turns a match into a score *boost*, never a filter, so a
question whose wording misleads the intent still finds its passage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from assistant.types import Chunk, DocType

# SPL section LOINC codes, named so the intent table below reads as prose.
BOXED_WARNING, INDICATIONS, DOSAGE_ADMINISTRATION = "34066-1", "34067-9", "34068-7"
DOSAGE_FORMS, CONTRAINDICATIONS = "43678-2", "34070-3"
WARNINGS_PRECAUTIONS, WARNINGS, ADVERSE_REACTIONS = "43685-7", "34071-1", "34084-4"
DRUG_INTERACTIONS, SPECIFIC_POPULATIONS = "34073-7", "43684-0"
PREGNANCY, LACTATION, NURSING_MOTHERS = "42228-7", "77290-5", "34080-2"
PEDIATRIC_USE, GERIATRIC_USE, REPRODUCTIVE_POTENTIAL = "34081-0", "34082-8", "77291-3"
OVERDOSAGE, CLINICAL_PHARMACOLOGY, MECHANISM = "34088-5", "34090-1", "43679-0"
PHARMACODYNAMICS, PHARMACOKINETICS, CLINICAL_STUDIES = "43681-6", "43682-4", "34092-7"
HOW_SUPPLIED, STORAGE, DESCRIPTION, LABORATORY_TESTS = "34069-5", "44425-7", "34089-3", "34075-2"
# OTC "Drug Facts" (21 CFR 201.66) sections: their own codes; Uses and Directions reuse 34067-9 / 34068-7.
OTC_ACTIVE_INGREDIENT, OTC_PURPOSE, OTC_DO_NOT_USE = "55106-9", "55105-1", "50570-1"
OTC_ASK_DOCTOR, OTC_ASK_DOCTOR_PHARMACIST, OTC_WHEN_USING = "50569-3", "50568-5", "50567-7"
OTC_STOP_USE, OTC_KEEP_FROM_CHILDREN, OTC_PREGNANCY_BREASTFEEDING = "50566-9", "50565-1", "53414-9"
OTC_OTHER_INFORMATION, OTC_INACTIVE_INGREDIENTS = "60561-1", "51727-6"

PRIMARY = 1.0
"""Boost strength for the section that answers the intent."""
SECONDARY = 0.5
"""Boost strength for a section that often also answers it (e.g. renal dosing in D&A)."""


@dataclass(frozen=True)
class SectionIntent:
    """One kind of question and the sections that answer it."""

    name: str
    pattern: re.Pattern[str]
    codes: tuple[str, ...]
    titles: tuple[str, ...]
    secondary_codes: tuple[str, ...] = ()
    secondary_titles: tuple[str, ...] = ()
    doc_types: tuple[DocType, ...] = field(default=())
    """Document types that answer the intent wherever their sections are (publications for efficacy)."""
    measures: re.Pattern[str] | None = None
    """Wording that asks for the section *and* names what is measured ("overall survival", "remission"):
    it detects the intent, but an answer must still say it, so it is no framing."""
    cue: re.Pattern[str] | None = None
    """Wording of the sentences that answer the intent when its sections hold much else: a monitoring
    question is answered by the "monitor …", "assess … at baseline" sentences spread over the warnings
    and dosage subsections, not by each subsection's lead."""


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")", re.IGNORECASE)


INTENTS: tuple[SectionIntent, ...] = (
    SectionIntent(
        "dosing",
        _rx(
            r"dos(?:e|es|ed|ing|age)\b",
            r"titrat",
            r"escalat",
            r"how (?:much|often)\b",
            r"administ(?:er|ered|ration)\b",
            r"missed dose",
            r"starting dose",
            r"maintenance dose",
            r"regimen",
            r"frequency\b",
            r"\d+\s?mg\b",
            r"what (?:to|should \w+) do\b",  # "QTc on X - what to do": the dosage modification table
        ),
        (DOSAGE_ADMINISTRATION,),
        ("dosage and administration", "dosing", "dose"),
        secondary_codes=(DOSAGE_FORMS,),
        secondary_titles=("dosage forms and strengths",),
    ),
    SectionIntent(
        "contraindications",
        _rx(
            r"contra-?indicat",
            r"(?:must|should) not (?:be )?(?:use|take|give)",
            r"not be used\b",
            r"do not use\b",
            # "can a woman with osteoporosis take it?": whether a condition rules the product out
            r"can (?:a |an |my |the )?(?:\w+ ){0,2}(?:with|who (?:has|have|is|are)) .{1,60}?\b(?:take|use|receive)\b",
        ),
        (CONTRAINDICATIONS, OTC_DO_NOT_USE),
        ("contraindications", "do not use"),
        secondary_codes=(OTC_ASK_DOCTOR, OTC_ASK_DOCTOR_PHARMACIST),
    ),
    SectionIntent(
        "mechanism",
        _rx(
            r"mechanism",
            r"mode of action",
            r"\bmoa\b",
            r"how does .{1,40} work",
            r"pharmacodynamic",
            r"target(?:s|ed)?\b",
            r"bind(?:s|ing)?\b",
            r"inhibit(?:s|ion|ing|ed)?\b",  # not "inhibitor": "P-gp inhibitors" asks about interactions
        ),
        (MECHANISM,),
        ("mechanism of action",),
        secondary_codes=(PHARMACODYNAMICS, CLINICAL_PHARMACOLOGY, OTC_PURPOSE),
        secondary_titles=("pharmacodynamics", "clinical pharmacology"),
    ),
    SectionIntent(
        "adverse_reactions",
        _rx(r"adverse", r"side[- ]?effects?", r"tolerab", r"safety", r"toxicit", r"reactions?\b", r"harm"),
        (ADVERSE_REACTIONS, OTC_WHEN_USING),  # a Drug Facts label lists what may occur under "When using"
        ("adverse reactions", "adverse events", "safety"),
        secondary_codes=(WARNINGS_PRECAUTIONS, WARNINGS),
        secondary_titles=("warnings and precautions",),
    ),
    SectionIntent(
        "interactions",
        _rx(
            r"interact",
            r"co-?administ",
            r"concomitant",
            r"together with",
            r"combined with",
            r"cyp\d",
            r"inducers?\b",
            r"with (?:other|another) (?:drug|medicine|medication)",
        ),
        (DRUG_INTERACTIONS,),
        ("drug interactions",),
    ),
    SectionIntent(
        "specific_populations",
        _rx(
            r"pregnan",
            r"lactat",
            r"breast-?\s?feed",
            r"nursing",
            r"pediatric",
            r"paediatric",
            r"child",
            r"adolescen",
            r"infant",
            r"geriatric",
            r"elderly",
            r"older (?:adults|patients)",
            r"renal",
            r"kidney",
            r"hepatic",
            r"liver",
            r"impairment",
            r"contracepti",
            r"fertility",
        ),
        (
            SPECIFIC_POPULATIONS,
            PREGNANCY,
            LACTATION,
            NURSING_MOTHERS,
            PEDIATRIC_USE,
            GERIATRIC_USE,
            REPRODUCTIVE_POTENTIAL,
        ),
        (
            "use in specific populations",
            "pregnancy",
            "lactation",
            "pediatric use",
            "geriatric use",
            "renal impairment",
            "hepatic impairment",
        ),
        secondary_codes=(DOSAGE_ADMINISTRATION,),
        secondary_titles=("dosage and administration",),
    ),
    SectionIntent(
        "pharmacokinetics",
        _rx(
            r"pharmacokinetic",
            r"half-?\s?life",
            r"\bpk\b",
            r"clearance",
            r"absorption",
            r"bioavailab",
            r"metaboli[sz]",
            r"excret",
            r"elimination",
            r"t1/2",
            r"t½",
            r"cmax",
            r"tmax",
            r"steady[- ]state",
            r"volume of distribution",
            r"protein binding",
        ),
        (PHARMACOKINETICS,),
        ("pharmacokinetics",),
        secondary_codes=(CLINICAL_PHARMACOLOGY,),
        secondary_titles=("clinical pharmacology",),
    ),
    SectionIntent(
        "efficacy",
        _rx(
            r"efficac",
            r"trials?\b",
            r"stud(?:y|ies)\b",
            r"endpoint",
            r"outcome",
            r"results?\b",
            r"hazard ratio",  # the kind of figure a result is given in, as "results": not what was measured
            r"placebo",
            r"reduc(?:e|es|ed|tion) (?:the )?risk",
            r"evidence",
        ),
        (CLINICAL_STUDIES,),
        ("clinical studies", "clinical trials", "results", "efficacy"),
        doc_types=("publication",),
        measures=_rx(r"response rate", r"superior", r"non-?inferior", r"remission", r"survival"),
    ),
    SectionIntent(
        "boxed_warning",
        _rx(r"boxed warning", r"black[- ]?box", r"box warning"),
        (BOXED_WARNING,),
        ("boxed warning", "warning:"),
    ),
    SectionIntent(
        "warnings",
        _rx(r"warnings?\b", r"precautions?\b", r"risk of"),
        (WARNINGS_PRECAUTIONS, WARNINGS),
        ("warnings and precautions",),
        secondary_codes=(BOXED_WARNING,),
    ),
    SectionIntent(
        "monitoring",
        _rx(
            r"monitor",
            r"labs?\b",
            r"laborator",
            r"blood (?:tests?|work|counts?)",
            r"(?:tests?|check(?:ed|s)?|screen(?:ed|ing)?|assess(?:ed)?) (?:before|prior to|at baseline|during)",
        ),
        (WARNINGS_PRECAUTIONS, WARNINGS, LABORATORY_TESTS),
        ("laboratory", "monitoring"),
        secondary_codes=(DOSAGE_ADMINISTRATION, BOXED_WARNING),
        cue=re.compile(
            r"\b(?:monitor\w*|assess\w*|test(?:s|ed|ing)?|check\w*|measur(?:e|ed|ing)|obtain|screen\w*|evaluat\w*"
            r"|examin\w*|periodic\w*|at baseline)\b",
            re.IGNORECASE,
        ),
    ),
    SectionIntent(
        "indications",
        _rx(r"indicat(?:ed|ions?)\b", r"approved (?:for|in|to)", r"used? (?:for|to treat|in)", r"treat"),
        (INDICATIONS,),
        ("indications and usage", "indications"),
        secondary_codes=(OTC_PURPOSE,),
    ),
    SectionIntent(
        "overdose",
        _rx(r"overdos"),
        (OVERDOSAGE,),
        ("overdosage",),
        secondary_codes=(OTC_KEEP_FROM_CHILDREN,),
    ),
    SectionIntent(
        "storage",
        _rx(r"stor(?:e|ed|age)\b", r"refrigerat", r"how supplied", r"room temperature", r"shelf", r"packag"),
        (HOW_SUPPLIED, STORAGE, OTC_OTHER_INFORMATION),  # Drug Facts: storage is under "Other information"
        ("how supplied", "storage and handling", "other inform"),
    ),
    SectionIntent(
        "dosage_forms",
        _rx(r"strengths?\b", r"dosage forms?\b", r"formulations?\b", r"(?:comes?|available|supplied) (?:in|as)\b"),
        (DOSAGE_FORMS,),
        ("dosage forms and strengths",),
        secondary_codes=(HOW_SUPPLIED, DESCRIPTION, OTC_ACTIVE_INGREDIENT),
        secondary_titles=("how supplied", "description"),
    ),
    SectionIntent(
        "description",
        _rx(
            r"excipients?",
            r"chemical(?:ly)? (?:name|structure|designat)",
            r"molecular (?:weight|formula)",
            r"(?:active|inactive) ingredients?",
        ),
        (DESCRIPTION, OTC_ACTIVE_INGREDIENT, OTC_INACTIVE_INGREDIENTS),
        ("description",),
    ),
    # Finer population intents: the subsection itself answers; the whole section then only helps.
    SectionIntent(
        "pregnancy",
        _rx(r"pregnan", r"f(?:o)?etus\b", r"f(?:o)?etal\b", r"birth defects?", r"teratogen"),
        (PREGNANCY, OTC_PREGNANCY_BREASTFEEDING),
        ("pregnancy",),
        secondary_codes=(REPRODUCTIVE_POTENTIAL, BOXED_WARNING),
        secondary_titles=("females and males of reproductive potential",),
    ),
    SectionIntent(
        "lactation",
        _rx(r"lactat", r"breast-?\s?fe(?:e)?d", r"nursing", r"breast ?milk", r"human milk"),
        (LACTATION, NURSING_MOTHERS, OTC_PREGNANCY_BREASTFEEDING),
        ("lactation", "nursing mothers"),
    ),
    SectionIntent(
        "pediatric",
        _rx(r"pediatric", r"paediatric", r"child", r"adolescen", r"infants?\b", r"kids?\b", r"teen"),
        (PEDIATRIC_USE,),
        ("pediatric use",),
        secondary_codes=(DOSAGE_ADMINISTRATION, INDICATIONS),
        secondary_titles=("pediatric",),
    ),
    SectionIntent(
        "geriatric",
        re.compile(  # "> 65 years" has no word boundary before its sign
            r"\b(?:geriatric|elderly|older (?:adults|patients|people|men|women|subjects|individuals)"
            r"|(?:aged? |older than )?(?:over|above) 6\d\b)|(?:>|≥)\s?6\d\b",
            re.IGNORECASE,
        ),
        (GERIATRIC_USE,),
        ("geriatric use",),
    ),
)
FINER_POPULATIONS = frozenset({"pregnancy", "lactation", "pediatric", "geriatric"})
"""Population intents narrower than "use in specific populations": when one matches, the subsection wins."""


def detect_intents(question: str) -> list[SectionIntent]:
    """Intents whose wording appears in the question, in table order (none is fine)."""
    found = [intent for intent in INTENTS if intent.pattern.search(question) or _measures(intent, question)]
    names = {i.name for i in found}
    if "contraindications" in names:
        # "contraindicated" also contains "indicat"; the narrower intent wins.
        found = [i for i in found if i.name != "indications"]
    if "boxed_warning" in names:
        found = [i for i in found if i.name != "warnings"]
    return narrowed(found)


def _measures(intent: SectionIntent, question: str) -> bool:
    return intent.measures is not None and bool(intent.measures.search(question))


def narrowed(intents: list[SectionIntent]) -> list[SectionIntent]:
    """With a finer population intent, the broad one only helps (its sections become secondary)."""
    if not FINER_POPULATIONS & {i.name for i in intents}:
        return intents
    return [demoted(i) if i.name == "specific_populations" else i for i in intents]


def demoted(intent: SectionIntent) -> SectionIntent:
    """The same intent with every answering section secondary."""
    return replace(
        intent,
        codes=(),
        titles=(),
        secondary_codes=intent.codes + intent.secondary_codes,
        secondary_titles=intent.titles + intent.secondary_titles,
    )


def expansion_terms(intents: list[SectionIntent]) -> str:
    """Words of the answering sections' titles, appended to the BM25 query.

    Chunks are BM25-indexed with their section path, so "how does relugolix work?"
    plus "mechanism of action" reaches the Mechanism of Action passage that shares
    no word with the question but the drug name.
    """
    words: list[str] = []
    for intent in intents:
        for word in intent.titles[0].split() if intent.titles else []:
            if word not in words:
                words.append(word)
    return " ".join(words)


def _title_matches(section: str, titles: tuple[str, ...]) -> bool:
    """A title at a word start: "indications" is in "indications and usage", not in "contraindications"."""
    return any(re.search(rf"(?<![a-z]){re.escape(title)}", section) for title in titles)


def section_match(chunk: Chunk, intents: list[SectionIntent]) -> float:
    """How well the chunk's section answers the question's intents: 1.0, 0.5 or 0.0.

    Codes are compared with the chunk's own section code; titles with its whole
    section path, so a subsection ("8.6 Renal Impairment", code unclassified)
    inside "8 USE IN SPECIFIC POPULATIONS" still matches.
    """
    best = 0.0
    section = (chunk.section or "").lower()
    codes = chunk_codes(chunk)
    for intent in intents:
        if codes & set(intent.codes) or _title_matches(section, intent.titles):
            return PRIMARY
        if chunk.meta.doc_type in intent.doc_types:
            best = max(best, SECONDARY)
        if codes & set(intent.secondary_codes) or _title_matches(section, intent.secondary_titles):
            best = max(best, SECONDARY)
    return best


def names_section(chunk: Chunk, intent: SectionIntent) -> bool:
    """The chunk's own section is the intent's: its own code, or its own title starting with the intent's."""
    leaf = (chunk.section or "").split(" > ")[-1].strip().lower()
    return chunk.section_code in intent.codes or any(leaf.startswith(title) for title in intent.titles)


def chunk_codes(chunk: Chunk) -> set[str]:
    """LOINC codes of the chunk's whole section path when the loader records them, else its own code.

    Subsections of real labels are mostly "unclassified" (42229-5); the path's codes
    ("8 Use in Specific Populations" > "8.1 Pregnancy") say what they are.
    """
    path = getattr(chunk, "section_codes", None)
    codes = set(path) if path else set()
    if chunk.section_code:
        codes.add(chunk.section_code)
    return codes
