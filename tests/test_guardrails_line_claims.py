"""Line-of-therapy wording is a use claim: "X is first-line for <condition>" and "the drug of choice for
<condition>" present the condition as a use, like "X is used for <condition>"; a label that mentions the
condition only as a warning does not make such a claim on-label. "Treatment choice depends on the
individual patient" names no use."""

from __future__ import annotations

import pytest

from assistant.config import Settings
from assistant.types import DocumentMeta
from tests.label_engines import engine_for

META = DocumentMeta(doc_id="calm", title="CALMERIX tablets", doc_type="label", product="calmerol", brand="CALMERIX")
LABEL = [
    ("1 INDICATIONS AND USAGE", ["34067-9"], "CALMERIX is indicated for the treatment of schizophrenia in adults."),
    ("5 WARNINGS AND PRECAUTIONS > 5.2 Delirium", ["43685-7", "43685-7"],
     "Cases of delirium have been reported in elderly patients taking CALMERIX; monitor for confusion."),
]  # fmt: skip


def _off_label(settings: Settings, text: str) -> bool:
    result = engine_for(settings, META, LABEL).check(text, kind="answer", product="calmerol")
    return any(f.rule == "off_label" for f in result.findings)


@pytest.mark.parametrize(
    "text",
    [
        "CALMERIX is first-line for delirium in ICU patients.",
        "CALMERIX is the drug of choice for delirium.",
        "CALMERIX is a second-line option for delirium after another antipsychotic fails.",
    ],
)
def test_line_of_therapy_wording_presents_a_use(settings: Settings, text: str) -> None:
    assert _off_label(settings, text)


@pytest.mark.parametrize(
    "text",
    [
        "Treatment choice depends on the individual patient.",
        "Cases of delirium have been reported in elderly patients taking CALMERIX.",
    ],
)
def test_choice_and_warnings_present_no_use(settings: Settings, text: str) -> None:
    assert not _off_label(settings, text)
