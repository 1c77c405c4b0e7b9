"""Populations a made-up label excludes outside Indications and Usage, and handling methods it forbids,
read from the section each stands in; applied to texts that present the use or ask for a dose there,
never to texts that state the restriction or ask about it."""

from __future__ import annotations

from assistant.config import Settings
from assistant.guardrails.contraindications import excluded
from assistant.guardrails.engine import GuardrailEngine
from assistant.guardrails.label_limits import forbidden_methods
from assistant.types import DocumentMeta
from tests.label_engines import engine_for

META = DocumentMeta(doc_id="fibro", title="FIBROLEX tablets", doc_type="label", product="fibrolin", brand="FIBROLEX")
LABEL = [
    ("1 INDICATIONS AND USAGE", ["34067-9"],
     "FIBROLEX is indicated for the treatment of adults with idiopathic pulmonary fibrosis."),
    ("2 DOSAGE AND ADMINISTRATION > 2.2 Administration", ["34068-7", "34068-7"],
     "The recommended dosage is 150 mg orally twice daily. Swallow FIBROLEX ER tablets whole; do not crush, "
     "split or chew them. Avoid use of FIBROLEX in patients with severe renal impairment or kidney failure "
     "(eGFR <30 mL/min)."),
    ("5 WARNINGS AND PRECAUTIONS > 5.3 Gastrointestinal Disorders", ["43685-7", "43685-7"],
     "FIBROLEX is not recommended in patients with severe gastroparesis."),
    ("8 USE IN SPECIFIC POPULATIONS > 8.6 Hepatic Impairment", ["43684-0", "88829-7"],
     "No dosage adjustment is needed in mild hepatic impairment. Use in severe hepatic impairment is not "
     "recommended."),
]  # fmt: skip


def _engine(settings: Settings) -> GuardrailEngine:
    return engine_for(settings, META, LABEL)


def _off_label(engine: GuardrailEngine, text: str, kind: str = "question") -> bool:
    result = engine.check(text, kind=kind, product="fibrolin")  # type: ignore[arg-type]
    return any(f.rule == "off_label" for f in result.findings)


def test_excluded_populations_are_read_with_their_qualifiers() -> None:
    items = excluded(
        ["Avoid use of FIBROLEX in patients with severe renal impairment or kidney failure (eGFR <30 mL/min).",
         "Use in severe hepatic impairment is not recommended.",
         "It is not recommended in children (older than 28 days) with eGFR below 30 or in neonates."],
        ("fibrolex",),
    )  # fmt: skip
    found = [{frozenset(a) for a in i.alternatives} for i in items]
    assert len(found) == 2  # the third names a number and a one-word part: left to the numeric limits
    assert any(frozenset({"severe", "renal", "impairment"}) in f for f in found)
    assert all(not any(a <= frozenset({"moderate", "hepatic", "impairment"}) for a in f) for f in found)


def test_an_answer_presenting_an_excluded_use_is_blocked(settings: Settings) -> None:
    eng = _engine(settings)
    assert _off_label(eng, "FIBROLEX can be used at the usual dose in severe hepatic impairment.", "answer")
    assert _off_label(eng, "Fibrolex is a good option for patients with severe gastroparesis.", "answer")
    assert _off_label(eng, "Fibrolex is fine for patients with kidney failure.", "answer")
    assert _off_label(eng, "What dose of fibrolex should I give a patient with severe hepatic impairment?")
    assert _off_label(eng, "Can fibrolex treat severe gastroparesis?")  # the excluded condition as the use


def test_the_restriction_stated_or_asked_about_is_allowed(settings: Settings) -> None:
    eng = _engine(settings)
    assert not _off_label(eng, "Use of FIBROLEX in severe hepatic impairment is not recommended [1].", "answer")
    assert not _off_label(eng, "Fibrolex can be used in mild hepatic impairment without adjustment.", "answer")
    assert not _off_label(eng, "Is fibrolex recommended for patients with severe gastroparesis?")
    assert not _off_label(eng, "Is a dose adjustment of fibrolex needed in severe hepatic impairment?")


def test_forbidden_handling_binds_the_form_the_label_names(settings: Settings) -> None:
    assert set(forbidden_methods(["Do not open, chew, crush, or dissolve the capsule prior to swallowing."])) == {
        "opening", "chewing", "crushing", "dissolving"}  # fmt: skip
    assert forbidden_methods(["Do not open the pouch until you are ready to apply the patch."]) == {}
    assert forbidden_methods(["Pregnant staff should not handle crushed or broken tablets."]) == {}
    eng = _engine(settings)
    assert _off_label(eng, "Fibrolex ER tablets can be crushed and mixed with applesauce.", "answer")
    assert not _off_label(eng, "Swallow FIBROLEX ER tablets whole; do not crush or chew them [1].", "answer")
    assert not _off_label(eng, "Fibrolex immediate-release tablets can be split in half.", "answer")
