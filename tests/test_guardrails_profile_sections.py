"""The approved-use profile is read by section path, so PDF labels (whose subsections arrive as
unclassified blocks under a coded parent) and SPL labels give the same profile: a dosage
subsection titled "... for Individual Indications" holds target ranges, not approved uses."""

from __future__ import annotations

from assistant.config import Settings
from assistant.guardrails.engine import GuardrailEngine
from assistant.guardrails.label_profile import build_profiles
from assistant.types import Chunk, DocumentMeta
from tests.label_engines import engine_for

META = DocumentMeta(doc_id="coagulex", title="COAGULEX tablets", doc_type="label", product="coagulan", brand="COAGULEX")
UNCLASSIFIED = "42229-5"
LABEL = [
    ("Indications and Usage", ["34067-9"],
     "COAGULEX is indicated for prophylaxis and treatment of venous thrombosis and pulmonary embolism."),
    ("Dosage and Administration", ["34068-7"], "The recommended starting dose is 2 mg to 5 mg orally once daily."),
    ("Dosage and Administration > Target Ranges for Individual Indications", ["34068-7", UNCLASSIFIED],
     "For patients with a ventricular assist device, a target ratio of 2.5 is recommended."),
    ("Warnings", ["34071-1"], "Bleeding can occur."),
]  # fmt: skip


def _profile(settings: Settings, codes_on_leaf_only: bool) -> tuple[GuardrailEngine, object]:
    chunks = [
        Chunk(chunk_id=f"c:{i}", doc_id=META.doc_id, text=text, ordinal=i, section=section,
              section_code=codes[-1], section_codes=codes[-1:] if codes_on_leaf_only else codes, meta=META)
        for i, (section, codes, text) in enumerate(LABEL)
    ]  # fmt: skip
    eng = GuardrailEngine(settings)
    profiles = build_profiles(chunks, eng.policy.off_label)
    eng.set_profiles(profiles)
    return eng, profiles["coagulan"]


def test_a_dosage_subsection_about_indications_is_not_an_approved_use(settings: Settings) -> None:
    _, profile = _profile(settings, codes_on_leaf_only=False)
    texts = [e.text for e in profile.indications]  # type: ignore[attr-defined]
    assert any("venous thrombosis" in t for t in texts)
    assert not any("assist device" in t for t in texts)
    assert profile.regimens  # type: ignore[attr-defined]  # the dosage subsection is still dosing


def test_the_top_level_title_decides_when_only_the_leaf_is_coded(settings: Settings) -> None:
    _, profile = _profile(settings, codes_on_leaf_only=True)
    assert not any("assist device" in e.text for e in profile.indications)  # type: ignore[attr-defined]


ABX = DocumentMeta(doc_id="zymo", title="ZYMOCIL tablets", doc_type="label", product="zymocillin", brand="ZYMOCIL")
ABX_LABEL = [
    ("1 INDICATIONS AND USAGE", ["34067-9"],
     "ZYMOCIL is indicated for the treatment of infections of the ear, nose and throat due to susceptible bacteria."),
    ("2 DOSAGE AND ADMINISTRATION", ["34068-7"], "The usual dose is 500 mg orally every 12 hours."),
    ("5 WARNINGS", ["34071-1"],
     "ZYMOCIL is not approved for the treatment of patients with dementia-related psychosis."),
    ("17 PATIENT COUNSELING INFORMATION", ["34076-0"],
     "Antibacterial drugs should only be used to treat bacterial infections. "
     "They do not treat viral infections (e.g., the common cold)."),
]  # fmt: skip


def _abx_engine(settings: Settings) -> GuardrailEngine:
    return engine_for(settings, ABX, ABX_LABEL)


def _off_label(engine: GuardrailEngine, text: str, kind: str = "question") -> bool:
    result = engine.check(text, kind=kind, product="zymocillin")  # type: ignore[arg-type]
    return any(f.rule == "off_label" for f in result.findings)


def test_a_use_the_label_denies_outside_indications_is_a_limitation(settings: Settings) -> None:
    eng = _abx_engine(settings)
    limitations = [e.text for e in eng.profiles["zymocillin"].limitations]
    assert any("common cold" in t for t in limitations)
    assert _off_label(eng, "zymocillin for the common cold?")
    assert _off_label(eng, "zymocillin for a toddler's cold that started yesterday?")
    assert not _off_label(eng, "zymocillin for an adult's bacterial throat infection?")


def test_restating_the_denial_or_asking_about_the_warning_is_not_off_label(settings: Settings) -> None:
    eng = _abx_engine(settings)
    assert not _off_label(eng, "ZYMOCIL does not treat viral infections such as the common cold [1].", "answer")
    assert not _off_label(eng, "What does the zymocillin warning say about patients with dementia-related psychosis?")


ONC = DocumentMeta(doc_id="onco", title="ONCOTUZ injection", doc_type="label", product="oncotuzumab", brand="ONCOTUZ")
ONC_LABEL = [
    ("Indications and Usage", ["34067-9"], "ONCOTUZ is indicated for the treatment of metastatic breast cancer."),
    ("Dosage and Administration", ["34068-7"], "Administer 4 mg/kg as an intravenous infusion over 90 minutes."),
    ("Use in Specific Populations > Pediatric Use", ["34081-0"],
     "The safety and effectiveness of ONCOTUZ in pediatric patients have not been established."),
]  # fmt: skip


def test_a_breast_cancer_use_is_not_read_as_lactation_text(settings: Settings) -> None:
    eng = engine_for(settings, ONC, ONC_LABEL)
    flagged = [
        any(f.rule == "off_label" for f in eng.check(t, kind="question", product="oncotuzumab").findings)
        for t in ("Oncotuzumab for a 12-year-old with metastatic breast cancer?",
                  "Oncotuzumab for a 45-year-old with metastatic breast cancer?")
    ]  # fmt: skip
    assert flagged == [True, False]
