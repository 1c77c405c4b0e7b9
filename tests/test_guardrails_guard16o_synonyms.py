"""Conditions written in names the label and the ICD-10-CM titles do not use (guard16o): HPO
names and synonyms as mentions, ICD-10-CM names without a trailing generic head, and the
ICD-10-CM codes of HPO synonyms linking a reader's name to the label's. The invented label
below fixes every expectation; no product is named.
"""

from __future__ import annotations

import pytest

from assistant.config import Settings
from assistant.guardrails.engine import GuardrailEngine
from assistant.guardrails.lay_names import hpo_spans
from assistant.guardrails.synonym_bridge import phrase_codes, text_codes
from assistant.guardrails.vocabulary import find_conditions, whole_phrase_codes
from assistant.types import DocumentMeta
from tests.label_engines import engine_for

META = DocumentMeta(doc_id="norvan-label", title="NORVAN (norvanib) tablets", doc_type="label",
                    product="norvanib", brand="NORVAN")  # fmt: skip
LABEL = [
    ("Indications and Usage", ["34067-9"], "NORVAN is indicated for the maintenance treatment of opioid addiction "
     "in adults, in conjunction with appropriate social and medical services."),
    ("Dosage and Administration", ["34068-7"], "The recommended dose is 20 mg taken once daily."),
    ("Adverse Reactions", ["34084-4"], "The most common adverse reactions were constipation and sweating."),
]  # fmt: skip


@pytest.fixture(scope="module")
def engine() -> GuardrailEngine:
    return engine_for(Settings(), META, LABEL)


def _off_label(engine: GuardrailEngine, text: str) -> bool:
    result = engine.check(text, kind="question", product="norvanib")
    return any(f.rule == "off_label" for f in result.findings)


def test_hpo_names_a_condition_icd_titles_do_not() -> None:
    text = "would it help her restless legs at night?"
    assert [text[a:b] for a, b in hpo_spans(text)] == ["restless legs"]


def test_icd_name_found_without_its_trailing_generic_head() -> None:
    assert [h.text for h in find_conditions("episodes of binge eating")] == ["binge eating"]
    assert not find_conditions("he likes eating")  # one word left is no name


def test_hpo_synonym_links_two_vocabularies() -> None:
    """The label's words have no ICD-10-CM title, the reader's have: the HPO synonym links them."""
    assert not whole_phrase_codes("opioid addiction")
    assert whole_phrase_codes("opioid use disorder") & phrase_codes("opioid addiction")
    assert whole_phrase_codes("opioid use disorder") & text_codes("treatment of opioid addiction in adults")
    assert not phrase_codes("opioid addiction and pain")  # no single name spans the phrase


def test_reader_synonym_of_the_indication_is_on_label(engine: GuardrailEngine) -> None:
    assert not _off_label(engine, "norvan for maintenance in a pt with opioid use disorder?")


def test_condition_named_only_by_the_hpo_is_off_label(engine: GuardrailEngine) -> None:
    assert _off_label(engine, "norvan for restless legs at night?")
