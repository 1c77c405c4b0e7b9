"""Approved uses named in lay words, grounded in maintained vocabularies instead of a fitted cosine:
the HPO's layperson synonyms of the conditions a label names, and ICD-10-CM names written in
another word order. The HPO part runs on a small ontology written here (real HPO terms, no
product), injected in place of the installed file, so the tests do not need the package."""

from __future__ import annotations

import pytest

from assistant.config import Settings
from assistant.guardrails import meaning
from assistant.guardrails.engine import GuardrailEngine
from assistant.guardrails.lay_names import LayVocabulary, parse_obo
from assistant.guardrails.vocabulary import reordered_codes
from assistant.types import DocumentMeta
from tests.label_engines import engine_for

OBO = """format-version: 1.2

[Term]
id: HP:0000001
name: All

[Term]
id: HP:0000118
name: Phenotypic abnormality
is_a: HP:0000001

[Term]
id: HP:0000010
name: Recurrent urinary tract infections
synonym: "Repeated bladder infections" EXACT layperson []
synonym: "Urinary tract infections" EXACT layperson []
is_a: HP:0000118

[Term]
id: HP:0012787
name: Recurrent pyelonephritis
is_a: HP:0000010

[Term]
id: HP:0001541
name: Ascites
synonym: "Accumulation of fluid in the abdomen" EXACT layperson []
synonym: "Peritoneal effusion" EXACT []
is_a: HP:0000118

[Term]
id: HP:0004936
name: Venous thrombosis
synonym: "Blood clot in vein" EXACT layperson []
synonym: "VT" EXACT abbreviation []
is_a: HP:0000118

[Term]
id: HP:0002625
name: Deep venous thrombosis
synonym: "Blood clot in a deep vein" EXACT layperson []
is_a: HP:0004936

[Term]
id: HP:0005305
name: Cerebral venous thrombosis
synonym: "Blood clot in cerebral vein" EXACT layperson []
is_a: HP:0004936

[Term]
id: HP:0000969
name: Edema
synonym: "Fluid retention" EXACT layperson []
is_a: HP:0000118

[Term]
id: HP:0002202
name: Pleural effusion
synonym: "Fluid around lungs" EXACT layperson []
is_a: HP:0000969

[Term]
id: HP:9999999
name: Old swelling
is_obsolete: true

[Term]
id: HP:0012823
name: Clinical modifier
synonym: "Severity of illness" EXACT []
is_a: HP:0000001
"""

META = DocumentMeta(doc_id="tromba", title="TROMBAX tablets", doc_type="label", product="trombarin", brand="TROMBAX")
LABEL = [
    ("1 INDICATIONS AND USAGE", ["34067-9"],
     "TROMBAX is indicated for the prophylaxis and treatment of venous thrombosis. TROMBAX is indicated for "
     "the short-term management of ascites due to malignancy. TROMBAX is indicated for the treatment of "
     "female adults with uncomplicated urinary tract infections."),
    ("5 WARNINGS AND PRECAUTIONS", ["43685-7"],
     "Bleeding may occur in the kidney, bladder or liver. Monitor renal function."),
]  # fmt: skip


@pytest.fixture
def vocabulary() -> LayVocabulary:
    return LayVocabulary(parse_obo(OBO))


@pytest.fixture
def engine(settings: Settings, vocabulary: LayVocabulary, monkeypatch: pytest.MonkeyPatch) -> GuardrailEngine:
    monkeypatch.setattr(meaning, "lay_vocabulary", lambda: vocabulary)
    return engine_for(settings, META, LABEL)


def _off_label(engine: GuardrailEngine, text: str, kind: str = "question") -> bool:
    result = engine.check(text, kind=kind, product="trombarin")  # type: ignore[arg-type]
    return any(f.rule == "off_label" for f in result.findings)


def test_the_ontology_keeps_phenotypes_with_their_lay_and_exact_names(vocabulary: LayVocabulary) -> None:
    assert "HP:9999999" not in vocabulary.terms  # obsolete
    assert "HP:0012823" not in vocabulary.terms  # a modifier, outside the phenotypic-abnormality branch
    assert vocabulary.terms["HP:0001541"].lay == ["Accumulation of fluid in the abdomen"]
    assert vocabulary.terms["HP:0001541"].exact == ["Peritoneal effusion"]
    assert vocabulary.terms["HP:0004936"].exact == []  # "VT" is an abbreviation: it would match anywhere


def test_a_label_sentence_names_terms_by_longest_match_and_lists_their_family(vocabulary: LayVocabulary) -> None:
    assert vocabulary.concepts("prophylaxis of deep venous thrombosis") == {"HP:0002625": True}
    assert vocabulary.concepts("calf venous thrombosis") == {"HP:0004936": False}  # qualified: no subtypes
    assert {n.text for n in vocabulary.lay_names("calf venous thrombosis")} == {
        "Venous thrombosis",
        "Blood clot in vein",
    }
    assert vocabulary.family("HP:0004936") == {"HP:0004936", "HP:0002625", "HP:0005305"}
    assert vocabulary.family("HP:0000969") == {"HP:0000969"}  # a pleural effusion is not "edema" by name
    names = vocabulary.lay_names("treatment of venous thrombosis")
    assert ("Blood clot in a deep vein", True, False) in [(n.text, n.lay, n.own) for n in names]
    assert ("Venous thrombosis", False, True) in [(n.text, n.lay, n.own) for n in names]


def test_icd_names_are_found_in_everyday_word_order() -> None:
    assert "N159" in reordered_codes("kidney infection")  # "Infection of kidney NOS"
    assert reordered_codes("infection") == frozenset()
    assert reordered_codes("bladder worries") == frozenset()


def test_approved_uses_in_lay_words_are_not_off_label(engine: GuardrailEngine) -> None:
    assert not _off_label(engine, "Is trombarin used to treat a blood clot in a leg vein?")
    assert not _off_label(engine, "Is trombarin used for blood clots in the legs?")
    assert not _off_label(engine, "Can trombarin be given to a woman with a bladder infection?")


def test_other_conditions_in_lay_words_stay_off_label(engine: GuardrailEngine) -> None:
    assert _off_label(engine, "Can trombarin be given to a woman with a kidney infection?")
    assert _off_label(engine, "Is trombarin used for fluid around the lungs?")
    assert _off_label(engine, "Can trombarin help a wrestler shed water weight before a weigh-in?")


def test_without_the_ontology_lay_names_are_not_invented(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(meaning, "lay_vocabulary", lambda: None)
    eng = engine_for(settings, META, LABEL)
    assert _off_label(eng, "Can trombarin be given to a woman with a kidney infection?")


def test_a_subtype_or_a_narrower_phrase_is_not_the_labelled_condition(engine: GuardrailEngine) -> None:
    assert _off_label(engine, "Is trombarin used for recurrent pyelonephritis in women?")
    assert _off_label(engine, "Is trombarin used to dissolve a blood clot in a brain vein?")  # an organ no name has
