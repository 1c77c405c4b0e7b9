"""Approved uses restated in lay words by a made-up label's Medication Guide join the formal
indication they restate: a lay question is covered, with that indication's limits intact."""

from __future__ import annotations

from assistant.config import Settings
from assistant.guardrails.engine import GuardrailEngine
from assistant.guardrails.patient_uses import lay_uses
from assistant.types import Chunk, DocumentMeta
from tests.label_engines import engine_for

META = DocumentMeta(doc_id="urex", title="UREXA tablets", doc_type="label", product="uroxacin", brand="UREXA")
GUIDE = (
    "What is UREXA? UREXA is an antibiotic used to treat women 18 years of age and older who have an infection "
    "of the bladder (known as an uncomplicated urinary tract infection) caused by certain bacteria. "
    "Nitrates are used to treat chest pain. UREXA should not be used to treat infections of the kidney."
)
LABEL = [
    ("1 INDICATIONS AND USAGE", ["34067-9"],
     "UREXA is indicated for the treatment of female adult patients with uncomplicated urinary tract infections "
     "(uUTI) caused by susceptible Escherichia coli."),
    ("2 DOSAGE AND ADMINISTRATION", ["34068-7"], "The recommended dosage is 500 mg orally twice daily for 5 days."),
    ("MEDICATION GUIDE", ["42231-1"], GUIDE),
]  # fmt: skip


def _flags(engine: GuardrailEngine, text: str) -> bool:
    result = engine.check(text, kind="question", product="uroxacin")
    return any(f.rule == "off_label" for f in result.findings)


def test_only_the_products_own_use_statements_are_read() -> None:
    chunks = [
        Chunk(chunk_id="u:0", doc_id="u", text=GUIDE, ordinal=0, section="MEDICATION GUIDE", section_codes=["42231-1"],
              section_code="42231-1", meta=META),
    ]  # fmt: skip
    uses = lay_uses(chunks, ("uroxacin", "urexa"))
    assert len(uses) == 1 and "infection of the bladder" in uses[0]


def test_a_lay_question_is_covered_by_the_indication_it_restates(settings: Settings) -> None:
    eng = engine_for(settings, META, LABEL)
    assert not _flags(eng, "Can Urexa treat a bladder infection in a woman?")
    assert _flags(eng, "Can Urexa treat a bladder infection in a 10-year-old girl?")  # the indication's age binds
    assert _flags(eng, "Can Urexa treat chest pain?")
