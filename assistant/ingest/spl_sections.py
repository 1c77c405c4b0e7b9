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
"""

from __future__ import annotations

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

OTC_ONLY_CODES = frozenset(
    {"55106-9", "55105-1", "50570-1", "50569-3", "50568-5", "50567-7", "50566-9", "50565-1", "53414-9", "60561-1"}
)
"""Sections only a Drug Facts (OTC) label has; their presence makes a label OTC."""


def section_name(code: str | None) -> str | None:
    """Canonical name of a LOINC section code, or None for unknown and unclassified codes."""
    if not code or code == UNCLASSIFIED:
        return None
    return LOINC_SECTION_NAMES.get(code)


def effective_codes(codes: list[str | None]) -> list[str]:
    """Outer→inner codes where an unclassified or missing code inherits the nearest coded ancestor.

    ``["34068-7", "42229-5"]`` (2 Dosage > 2.1 Dosage Information) becomes
    ``["34068-7", "34068-7"]``; an unclassified section at the top stays
    ``"42229-5"`` so every path entry still has a code.
    """
    out: list[str] = []
    for code in codes:
        if code and code != UNCLASSIFIED:
            out.append(code)
        else:
            out.append(out[-1] if out else (code or UNCLASSIFIED))
    return out
