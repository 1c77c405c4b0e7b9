"""An indication given only "in combination with" a partner: the product alone for that condition
is outside the labelled use; other conditions and uses with the partner are not concerned."""

from __future__ import annotations

from assistant.config import Settings
from assistant.types import DocumentMeta
from tests.label_engines import engine_for

META = DocumentMeta(doc_id="arth", title="ARTHREX injection", doc_type="label", product="arthrimab", brand="ARTHREX")
LABEL = [
    ("1 INDICATIONS AND USAGE > 1.1 Rheumatoid Arthritis", ["34067-9", "34067-9"],
     "ARTHREX, in combination with methotrexate, is indicated for reducing signs and symptoms in patients with "
     "moderately to severely active rheumatoid arthritis."),
    ("1 INDICATIONS AND USAGE > 1.2 Plaque Psoriasis", ["34067-9", "34067-9"],
     "ARTHREX is indicated for the treatment of adult patients with chronic severe plaque psoriasis."),
    ("2 DOSAGE AND ADMINISTRATION", ["34068-7"], "The recommended dose is 3 mg/kg every 8 weeks."),
]  # fmt: skip


def _off_label(settings: Settings, text: str, kind: str) -> bool:
    result = engine_for(settings, META, LABEL).check(text, kind=kind, product="arthrimab")  # type: ignore[arg-type]
    return any(f.rule == "off_label" for f in result.findings)


def test_the_product_alone_for_a_combination_only_use_is_flagged(settings: Settings) -> None:
    assert _off_label(settings, "ARTHREX monotherapy is the standard approach in rheumatoid arthritis.", "answer")
    assert _off_label(settings, "Can arthrimab be given without methotrexate for rheumatoid arthritis?", "question")


def test_the_partner_given_or_another_use_alone_is_not(settings: Settings) -> None:
    assert not _off_label(settings, "In rheumatoid arthritis ARTHREX is given with methotrexate [1].", "answer")
    assert not _off_label(settings, "ARTHREX alone is used for chronic severe plaque psoriasis [1].", "answer")
