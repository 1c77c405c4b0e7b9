"""Section title → LOINC section code: the standard section names as labels actually write them.

Many SPL files code standard sections as 42229-5 "SPL unclassified" (old-format
labels especially) while the title is the regulation's name for the section.
The vocabulary is the canonical LOINC names of :mod:`spl_sections` plus the
name variants of 21 CFR 201.57 (PLR), 21 CFR 201.80 (older "Indications and
Usage … Precautions … Pregnancy … Nursing mothers" format) and FDA's
Emergency Use Authorization fact-sheet template, compared after folding case,
numbering ("8.1", "1.", "IV."), punctuation and "&" → "and". Drug Facts (OTC)
codes are never inferred from a title: their presence makes a label OTC, and a
prescription label's subsection named "Purpose" or "Questions" is not one.
"""

from __future__ import annotations

import re

_NUMBERING = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[ivxlc]+[.)]|[a-z][.)])\s+", re.IGNORECASE)
_SECTION_WORD = re.compile(r"\s+(?:sub)?section$")
_WORD = re.compile(r"[a-z0-9]+")
_BOX_TITLE = re.compile(r"^\s*warnings?\s*:\s*\S", re.IGNORECASE)
"""21 CFR 201.57(c)(1): a boxed warning is headed "WARNING: <SUBJECT>" in capitals."""

BOXED_WARNING = "34066-1"

TITLE_VARIANTS: dict[str, tuple[str, ...]] = {
    BOXED_WARNING: ("boxed warning",),
    "34067-9": ("indications", "indication", "indications and use", "uses", "authorized use"),
    "34068-7": ("dosage", "dosing", "dose", "directions"),
    "43678-2": ("dosage forms", "dosage form and strengths"),
    "34070-3": ("contraindication",),
    "34084-4": ("adverse reaction", "adverse effects", "side effects", "overall safety summary"),
    "34073-7": ("interactions", "drug interaction"),
    "34074-5": (
        "drug laboratory test interactions",
        "drug and laboratory test interactions",
        "drug or laboratory test interactions",
    ),
    "43684-0": ("use in special populations", "specific populations", "special populations"),
    "42228-7": ("usage in pregnancy", "use in pregnancy"),
    "34079-4": ("labor or delivery", "labor and delivery"),
    "34080-2": ("use in nursing mothers", "usage in nursing mothers"),
    "34081-0": ("pediatric usage", "use in children", "usage in children", "use in pediatric patients", "pediatrics"),
    "34082-8": (
        "geriatric usage",
        "use in the elderly",
        "usage in the elderly",
        "use in elderly patients",
        "use in geriatric patients",
    ),
    "42227-9": ("abuse and dependence",),
    "34088-5": ("overdose",),
    "34083-6": (
        "carcinogenesis mutagenesis and impairment of fertility",
        "carcinogenesis mutagenesis fertility",
        "carcinogenesis and mutagenesis",
        "carcinogenesis",
    ),
    "34091-9": ("animal toxicology and or pharmacology", "animal toxicology", "animal pharmacology"),
    "34092-7": ("clinical trials", "clinical trial results and supporting data for eua"),
    "34069-5": ("how supplied", "how supplied and storage", "how supplied storage"),
    "44425-7": ("storage",),
    "34076-0": ("information for patients", "patient counselling information", "information for the patient"),
    "34075-2": ("laboratory testing", "lab tests"),
    "51945-4": ("principal display panel", "package label"),
}
"""Variant names per code, in normalised form (see :func:`normalise_title`), beyond the canonical names."""

DRUG_FACTS_CODES = frozenset(
    {"55106-9", "55105-1", "50570-1", "50569-3", "50568-5", "50567-7", "50566-9", "50565-1", "53414-9", "60561-1",
     "51727-6", "53413-1"}
)  # fmt: skip
"""OTC Drug Facts sections (21 CFR 201.66): coded by their authors, never inferred from a title."""


def normalise_title(title: str) -> str:
    """'8.1 Usage in Pregnancy:' → 'usage in pregnancy'; '&' and '/' read as 'and' / a space."""
    text = _NUMBERING.sub("", title.strip()).lower().replace("&", " and ")
    text = " ".join(_WORD.findall(text))
    return _SECTION_WORD.sub("", text)


def build_vocabulary(canonical: dict[str, str], unclassified: str) -> dict[str, str]:
    """Normalised name → code from the canonical LOINC names plus :data:`TITLE_VARIANTS`."""
    out: dict[str, str] = {}
    for code, name in canonical.items():
        if code not in DRUG_FACTS_CODES and code != unclassified:
            out.setdefault(normalise_title(name), code)
    for code, names in TITLE_VARIANTS.items():
        for name in names:
            out.setdefault(normalise_title(name), code)
    return out


def code_for_title(title: str, vocabulary: dict[str, str], nested: bool = False) -> str | None:
    """The LOINC code a section title names, or None when it is not a standard section name.

    A top-level title in the boxed-warning format ("WARNING: SERIOUS INFECTIONS")
    names the Boxed Warning; nested, it is boxed text inside another section.
    """
    key = normalise_title(title)
    if not key:
        return None
    if key in vocabulary:
        return vocabulary[key]
    if not nested and _BOX_TITLE.match(title):
        return BOXED_WARNING
    return None
