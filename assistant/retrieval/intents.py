"""What kind of question this is: section intents read from the question's wording.

An MSL's "how is X dosed in renal impairment?" is answered by the label's
Dosage and Administration and Use in Specific Populations sections, yet a
passage from Clinical Studies may share more words with the question. Each
:class:`SectionIntent` maps question wording to the SPL sections (LOINC codes,
and the section titles used by PDFs and decks that have no codes) that answer
it. This module is the question side; :mod:`assistant.retrieval.sections` says
how well a chunk's section answers an intent, and
:mod:`assistant.retrieval.understanding` adds the intents the wording misses
(nearest MiniLM prototype).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from assistant.retrieval.loinc import (
    ADVERSE_REACTIONS,
    BOXED_WARNING,
    CLINICAL_PHARMACOLOGY,
    CLINICAL_STUDIES,
    CONTRAINDICATIONS,
    DESCRIPTION,
    DOSAGE_ADMINISTRATION,
    DOSAGE_FORMS,
    DRUG_INTERACTIONS,
    GERIATRIC_USE,
    HOW_SUPPLIED,
    INDICATIONS,
    LABORATORY_TESTS,
    LACTATION,
    MECHANISM,
    NURSING_MOTHERS,
    OTC_ACTIVE_INGREDIENT,
    OTC_ASK_DOCTOR,
    OTC_ASK_DOCTOR_PHARMACIST,
    OTC_DO_NOT_USE,
    OTC_INACTIVE_INGREDIENTS,
    OTC_KEEP_FROM_CHILDREN,
    OTC_OTHER_INFORMATION,
    OTC_PREGNANCY_BREASTFEEDING,
    OTC_PURPOSE,
    OTC_WHEN_USING,
    OVERDOSAGE,
    PEDIATRIC_USE,
    PHARMACODYNAMICS,
    PHARMACOKINETICS,
    PREGNANCY,
    REPRODUCTIVE_POTENTIAL,
    SPECIFIC_POPULATIONS,
    STORAGE,
    WARNINGS,
    WARNINGS_PRECAUTIONS,
)
from assistant.types import DocType


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
    unlike: tuple[str, ...] = ()
    """Titles of other sections that contain one of ``titles`` ("Clinical Trials Experience" is Adverse Reactions)."""
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
            # how results are stated and trials described: "relative risk reduction", "odds ratio", "randomized"
            r"(?:relative|absolute) risk|risk reduction|odds ratio|treatment difference|randomi[sz]ed|enrolled",
        ),
        (CLINICAL_STUDIES,),
        ("clinical studies", "clinical trials", "results", "efficacy"),
        doc_types=("publication",),
        unlike=("clinical trials experience",),  # the PLR subsection 6.1 of Adverse Reactions
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
        # How Supplied lists packages and NDCs too: the storage answer is in its "Store …", "°C" sentences
        cue=re.compile(r"\b(?:stor(?:e|ed|age|ing)|refrigerat\w*|freez\w*|room temperature)\b|°\s?[CF]\b", re.I),
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
EFFICACY: SectionIntent = next(i for i in INTENTS if i.name == "efficacy")
"""Clinical Studies: also what a question naming a trial and no kind of section asks about."""
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
