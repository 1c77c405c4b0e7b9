"""A yearly schedule is a schedule: spacing a product labelled every 4 months to once a year is off-label."""

from __future__ import annotations

from assistant.config import Settings
from assistant.guardrails.label_dosing import frequencies
from assistant.types import DocumentMeta
from tests.label_engines import engine_for

META = DocumentMeta(doc_id="neur", title="NEUROSA injection", doc_type="label", product="neurosen", brand="NEUROSA")
LABEL = [
    ("1 INDICATIONS AND USAGE", ["34067-9"], "NEUROSA is indicated for the treatment of spinal muscular atrophy."),
    ("2 DOSAGE AND ADMINISTRATION", ["34068-7"],
     "The recommended dosage is 12 mg intrathecally. Give four loading doses, then a maintenance dose every 4 "
     "months thereafter."),
]  # fmt: skip


def test_yearly_wordings_are_one_schedule_and_monitoring_words_are_not() -> None:
    assert {k for t in ("once a year", "every 12 months", "once-yearly") for k, _ in frequencies(t)} == {"q12m"}
    assert frequencies("assess lung function annually") == []


def test_a_yearly_maintenance_dose_is_not_the_labelled_schedule(settings: Settings) -> None:
    engine = engine_for(settings, META, LABEL)
    spaced = engine.check("NEUROSA maintenance doses can be given once a year.", kind="answer", product="neurosen")
    labelled = engine.check("NEUROSA maintenance doses are every 4 months [1].", kind="answer", product="neurosen")
    assert spaced.decision == "block" and labelled.decision == "allow"
