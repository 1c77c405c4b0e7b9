"""LOINC codes of the SPL label sections the assistant reads questions against.

Named so the intent table (:mod:`assistant.retrieval.intents`) and the quiz read as
prose. The codes are the label's own structure: every SPL section carries one, and
a loader that records them (see :mod:`assistant.ingest`) makes each section
addressable whatever its title says.
"""

from __future__ import annotations

# SPL section LOINC codes, named so the intent table below reads as prose.
BOXED_WARNING, INDICATIONS, DOSAGE_ADMINISTRATION = "34066-1", "34067-9", "34068-7"
DOSAGE_FORMS, CONTRAINDICATIONS = "43678-2", "34070-3"
WARNINGS_PRECAUTIONS, WARNINGS, ADVERSE_REACTIONS = "43685-7", "34071-1", "34084-4"
DRUG_INTERACTIONS, SPECIFIC_POPULATIONS = "34073-7", "43684-0"
PREGNANCY, LACTATION, NURSING_MOTHERS = "42228-7", "77290-5", "34080-2"
PEDIATRIC_USE, GERIATRIC_USE, REPRODUCTIVE_POTENTIAL = "34081-0", "34082-8", "77291-3"
OVERDOSAGE, CLINICAL_PHARMACOLOGY, MECHANISM = "34088-5", "34090-1", "43679-0"
PHARMACODYNAMICS, PHARMACOKINETICS, CLINICAL_STUDIES = "43681-6", "43682-4", "34092-7"
NONCLINICAL_TOXICOLOGY, CARCINOGENESIS, ANIMAL_PHARMACOLOGY = "43680-6", "34083-6", "34091-9"
HOW_SUPPLIED, STORAGE, DESCRIPTION, LABORATORY_TESTS = "34069-5", "44425-7", "34089-3", "34075-2"
# OTC "Drug Facts" (21 CFR 201.66) sections: their own codes; Uses and Directions reuse 34067-9 / 34068-7.
OTC_ACTIVE_INGREDIENT, OTC_PURPOSE, OTC_DO_NOT_USE = "55106-9", "55105-1", "50570-1"
OTC_ASK_DOCTOR, OTC_ASK_DOCTOR_PHARMACIST, OTC_WHEN_USING = "50569-3", "50568-5", "50567-7"
OTC_STOP_USE, OTC_KEEP_FROM_CHILDREN, OTC_PREGNANCY_BREASTFEEDING = "50566-9", "50565-1", "53414-9"
OTC_OTHER_INFORMATION, OTC_INACTIVE_INGREDIENTS = "60561-1", "51727-6"
# The label's parts written for patients: FDA-approved patient labeling, not the prescribing information.
PATIENT_INFORMATION, MEDICATION_GUIDE, INSTRUCTIONS_FOR_USE = "42230-3", "42231-1", "59845-8"
