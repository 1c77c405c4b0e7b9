"""A biologic's label is stored under its proper name with FDA's four-letter suffix; a caller naming
the product without the suffix gets that label's profile."""

from __future__ import annotations

from assistant.config import Settings
from assistant.guardrails.text import moiety
from assistant.types import DocumentMeta
from tests.label_engines import engine_for

META = DocumentMeta(doc_id="lipo", title="LIPOZA injection", doc_type="label", product="lipozumab-xqzt", brand="LIPOZA")
LABEL = [
    ("1 INDICATIONS AND USAGE", ["34067-9"],
     "LIPOZA is indicated to reduce LDL-C in adults with homozygous familial hypercholesterolemia."),
    ("2 DOSAGE AND ADMINISTRATION", ["34068-7"],
     "The recommended dosage is 15 mg/kg by intravenous infusion over 60 minutes every 4 weeks."),
]  # fmt: skip


def test_the_suffix_is_not_part_of_the_moiety() -> None:
    assert moiety("lipozumab-xqzt") == moiety("Lipozumab") == "lipozumab"
    assert moiety("peginterferon alfa-2a") == "peginterferon alfa-2a"


def test_a_dose_above_the_label_is_found_when_the_suffix_is_left_out(settings: Settings) -> None:
    engine = engine_for(settings, META, LABEL)
    result = engine.check("Lipozumab is given at 30 mg/kg every 4 weeks.", kind="answer", product="lipozumab")
    assert result.decision == "block" and any(f.rule == "off_label" for f in result.findings)
