"""A Dosage and Administration subsection titled by a situation ("Management of Acute Pain During
Maintenance Treatment"): a question about the condition in that situation asks for the label's own
directions; the condition claimed as the product's use is still off-label."""

from __future__ import annotations

from assistant.config import Settings
from assistant.types import DocumentMeta
from tests.label_engines import engine_for

META = DocumentMeta(doc_id="opio", title="OPIDONE tablets", doc_type="label", product="opidone", brand="OPIDEX")
LABEL = [
    ("1 INDICATIONS AND USAGE", ["34067-9"],
     "OPIDEX is indicated for maintenance treatment of opioid addiction in conjunction with social services."),
    ("2 DOSAGE AND ADMINISTRATION > 2.5 Management of Acute Pain During Maintenance Treatment", ["34068-7", "34068-7"],
     "Patients in maintenance treatment who experience postoperative pain or other acute pain need analgesia "
     "beyond their daily maintenance dose."),
]  # fmt: skip


def _flags(settings: Settings, text: str) -> bool:
    result = engine_for(settings, META, LABEL).check(text, kind="question", product="opidone")
    return any(f.rule == "off_label" for f in result.findings)


def test_a_question_on_the_labelled_situation_is_allowed(settings: Settings) -> None:
    assert not _flags(settings, "Can a patient on opidone maintenance also get acute pain treatment?")
    assert not _flags(settings, "Is treating acute pain allowed in someone on opidone maintenance?")


def test_the_condition_claimed_as_the_use_is_still_flagged(settings: Settings) -> None:
    assert _flags(settings, "Can Opidex treat acute pain after surgery?")
