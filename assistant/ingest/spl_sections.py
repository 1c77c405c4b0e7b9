"""LOINC section codes of Structured Product Labeling → canonical section names.

One vocabulary for every layer: the SPL loader names sections with it,
retrieval maps a question to the sections that answer it, guardrails find a
label's indications and dosage by it. Pure data and two functions, no imports
beyond the standard library, so any layer may import it cheaply.

Codes are the LOINC "document section" codes FDA's SPL implementation guide
lists for human prescription (PLR) and OTC "Drug Facts" labels. A label's own
subsections are often coded 42229-5 ("SPL unclassified section"): they carry no
meaning of their own, so in a section path they inherit the code of the nearest
coded ancestor (see :func:`effective_codes`).

Older (non-PLR) labels and some PLR ones leave standard sections unclassified
or mis-coded while their titles are the standard names ("Usage in Pregnancy",
"Information for Patients", "1. AUTHORIZED USE"), and authors use the boxed
warning code for any boxed text (a dosing table inside Dosage and
Administration). :func:`resolve_code` gives such a section the code its title
names (see :mod:`spl_titles`) and a nested box the meaning of its parent.
"""

from __future__ import annotations

from assistant.ingest.spl_titles import build_vocabulary, code_for_title

UNCLASSIFIED = "42229-5"
"""'SPL unclassified section': a subsection or free heading without a standard meaning."""

LISTING_DATA_ELEMENTS = "48780-1"
"""'SPL product data elements section': structured product listing, not readable content."""

RECENT_MAJOR_CHANGES = "43683-2"
"""Lives only in Highlights of Prescribing Information."""

BOXED_WARNING = "34066-1"
INDICATIONS = "34067-9"
DOSAGE_AND_ADMINISTRATION = "34068-7"
DOSAGE_FORMS = "43678-2"
CONTRAINDICATIONS = "34070-3"
WARNINGS_AND_PRECAUTIONS = "43685-7"
WARNINGS = "34071-1"
ADVERSE_REACTIONS = "34084-4"
DRUG_INTERACTIONS = "34073-7"
SPECIFIC_POPULATIONS = "43684-0"
CLINICAL_PHARMACOLOGY = "34090-1"
MECHANISM_OF_ACTION = "43679-0"
PHARMACODYNAMICS = "43681-6"
PHARMACOKINETICS = "43682-4"
CLINICAL_STUDIES = "34092-7"

LOINC_SECTION_NAMES: dict[str, str] = {
    # Prescription (PLR) labels, in the order of 21 CFR 201.57(c)
    BOXED_WARNING: "Boxed Warning",
    RECENT_MAJOR_CHANGES: "Recent Major Changes",
    INDICATIONS: "Indications and Usage",
    DOSAGE_AND_ADMINISTRATION: "Dosage and Administration",
    DOSAGE_FORMS: "Dosage Forms and Strengths",
    CONTRAINDICATIONS: "Contraindications",
    WARNINGS_AND_PRECAUTIONS: "Warnings and Precautions",
    WARNINGS: "Warnings",
    "42232-9": "Precautions",
    ADVERSE_REACTIONS: "Adverse Reactions",
    DRUG_INTERACTIONS: "Drug Interactions",
    "34074-5": "Drug & Laboratory Test Interactions",
    SPECIFIC_POPULATIONS: "Use in Specific Populations",
    "42228-7": "Pregnancy",
    "34077-8": "Teratogenic Effects",
    "34078-6": "Nonteratogenic Effects",
    "34079-4": "Labor and Delivery",
    "77290-5": "Lactation",
    "34080-2": "Nursing Mothers",
    "77291-3": "Females and Males of Reproductive Potential",
    "34081-0": "Pediatric Use",
    "34082-8": "Geriatric Use",
    "42227-9": "Drug Abuse and Dependence",
    "34085-1": "Controlled Substance",
    "34086-9": "Abuse",
    "34087-7": "Dependence",
    "34088-5": "Overdosage",
    "34089-3": "Description",
    CLINICAL_PHARMACOLOGY: "Clinical Pharmacology",
    MECHANISM_OF_ACTION: "Mechanism of Action",
    PHARMACODYNAMICS: "Pharmacodynamics",
    PHARMACOKINETICS: "Pharmacokinetics",
    "88830-7": "Immunogenicity",
    "66106-6": "Pharmacogenomics",
    "49489-8": "Microbiology",
    "43680-8": "Nonclinical Toxicology",
    "34083-6": "Carcinogenesis, Mutagenesis, Impairment of Fertility",
    "34091-9": "Animal Pharmacology and/or Toxicology",
    CLINICAL_STUDIES: "Clinical Studies",
    "34093-5": "References",
    "34069-5": "How Supplied/Storage and Handling",
    "44425-7": "Storage and Handling",
    "34076-0": "Patient Counseling Information",
    "42230-3": "Patient Information",
    "42231-1": "Medication Guide",
    "59845-8": "Instructions for Use",
    "34075-2": "Laboratory Tests",
    "34072-9": "General Precautions",
    "51945-4": "Package Label - Principal Display Panel",
    "88828-9": "Renal Impairment",
    "88829-7": "Hepatic Impairment",
    "71744-7": "Health Care Provider Letter",
    # OTC "Drug Facts" (21 CFR 201.66)
    "55106-9": "Active Ingredient",
    "55105-1": "Purpose",
    "50570-1": "Do Not Use",
    "50569-3": "Ask a Doctor",
    "50568-5": "Ask a Doctor or Pharmacist",
    "50567-7": "When Using",
    "50566-9": "Stop Use",
    "50565-1": "Keep Out of Reach of Children",
    "53414-9": "Pregnancy or Breast-Feeding",
    "60561-1": "Other Information",
    "51727-6": "Inactive Ingredients",
    "53413-1": "Questions",
}

_TITLE_VOCABULARY = build_vocabulary(LOINC_SECTION_NAMES, UNCLASSIFIED)

SAME_MEANING = (
    frozenset({"34069-5", "44425-7"}),
    frozenset({"42228-7", "34077-8", "34078-6"}),
    frozenset({"77290-5", "34080-2"}),
    frozenset({"43685-7", "34071-1", "42232-9", "34072-9"}),
    frozenset({"34076-0", "42230-3"}),
)
"""Codes an author may fairly choose between for one title ("Storage and Handling" coded as How
Supplied); a title naming another code of the same group does not make the explicit code implausible."""

OTC_ONLY_CODES = frozenset(
    {"55106-9", "55105-1", "50570-1", "50569-3", "50568-5", "50567-7", "50566-9", "50565-1", "53414-9", "60561-1"}
)
"""Sections only a Drug Facts (OTC) label has; their presence makes a label OTC."""


def section_name(code: str | None) -> str | None:
    """Canonical name of a LOINC section code, or None for unknown and unclassified codes."""
    if not code or code == UNCLASSIFIED:
        return None
    return LOINC_SECTION_NAMES.get(code)


PATIENT_FACING = frozenset({"34076-0", "42230-3", "42231-1", "59845-8"})
"""Counselling, patient information, Medication Guide, Instructions for Use: their subsections
restate other sections for patients ("17.3 Pregnancy"), so a standard title there keeps the
parent's meaning instead of naming the standard section."""


def title_code(title: str, nested: bool = False) -> str | None:
    """The LOINC code a section title names ("Usage in Pregnancy" → 42228-7), else None."""
    return code_for_title(title, _TITLE_VOCABULARY, nested)


def _contradicts(code: str, titled: str | None) -> bool:
    """Does a standard title name a different section than the explicit code (see SAME_MEANING)?"""
    if not titled or titled == code or code == BOXED_WARNING:
        return False
    return not any(code in group and titled in group for group in SAME_MEANING)


def _meaningful(code: str | None) -> bool:
    return bool(code) and code != UNCLASSIFIED


def _nested_box(code: str | None, ancestors: list[str]) -> bool:
    """A box code inside a section with its own meaning is boxed text, not the label's Boxed Warning."""
    return (
        code == BOXED_WARNING
        and bool(ancestors)
        and ancestors[0] != BOXED_WARNING
        and any(_meaningful(a) for a in ancestors)
    )


def own_code(code: str | None, title: str, ancestors: list[str]) -> str | None:
    """The LOINC code a section has of its own, given its ancestors' effective codes (outer→inner).

    An explicit code the vocabulary knows is kept unless it is implausible: a box
    code nested in a section with its own meaning, or a code contradicted by a
    title that is exactly another standard section's name ("12.2
    Pharmacodynamics" coded as Nonclinical Toxicology). An unclassified,
    missing or unknown code takes the code its title names; failing that an
    unknown explicit code is kept. None when the section has no meaning of its
    own (it then inherits, see :func:`resolve_code`).
    """
    patient_facing = any(a in PATIENT_FACING for a in ancestors)
    titled = None if patient_facing else title_code(title, nested=bool(ancestors))
    if titled and _nested_box(titled, ancestors):
        titled = None
    if code and code in LOINC_SECTION_NAMES and code != UNCLASSIFIED and not _nested_box(code, ancestors):
        return str(titled) if _contradicts(code, titled) else code
    if titled:
        return titled
    if _meaningful(code) and code not in LOINC_SECTION_NAMES:
        return str(code)
    return None


def resolve_code(code: str | None, title: str, ancestors: list[str]) -> str:
    """The effective code of a section in its path: its own (see :func:`own_code`), else the nearest
    ancestor's, else ``"42229-5"`` at the top so every path entry has a code."""
    own = own_code(code, title, ancestors)
    if own:
        return own
    return ancestors[-1] if ancestors else (code or UNCLASSIFIED)


TOP_LEVEL_ONLY = frozenset(
    {INDICATIONS, DOSAGE_AND_ADMINISTRATION, DOSAGE_FORMS, CONTRAINDICATIONS, WARNINGS, WARNINGS_AND_PRECAUTIONS,
     ADVERSE_REACTIONS, "34088-5", "34089-3", CLINICAL_PHARMACOLOGY, "34069-5"}
)  # fmt: skip
"""Sections that are top-level in both label formats (21 CFR 201.57(c), 201.80)."""
CONTAINER_MIN_CHILDREN = 2


def is_container(child_titles: list[str]) -> bool:
    """A section holding two or more top-level standard sections is a summary (an EUA fact sheet's
    first page), not one section: its other subsections must not inherit its meaning."""
    named = {title_code(t, nested=True) for t in child_titles}
    return len(named & TOP_LEVEL_ONLY) >= CONTAINER_MIN_CHILDREN


def effective_codes(codes: list[str | None], titles: list[str] | None = None) -> list[str]:
    """Outer→inner effective codes of a section path (see :func:`resolve_code`).

    ``["34068-7", "42229-5"]`` (2 Dosage > 2.1 Dosage Information) becomes
    ``["34068-7", "34068-7"]``; with titles, ``["34071-1", "42229-5"]`` titled
    ``["WARNINGS", "Usage in Pregnancy"]`` becomes ``["34071-1", "42228-7"]``;
    an unclassified untitled section at the top stays ``"42229-5"`` so every
    path entry still has a code.
    """
    out: list[str] = []
    for i, code in enumerate(codes):
        title = titles[i] if titles and i < len(titles) else ""
        out.append(resolve_code(code, title, out))
    return out
