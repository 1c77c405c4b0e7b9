"""Question understanding beyond wording: section prototypes, section codes, false premises."""

from __future__ import annotations

import pytest
from pydantic import Field

from assistant.embeddings import get_embedder
from assistant.retrieval.intents import detect_intents
from assistant.retrieval.premises import comparison_gap, identifier_gap, identifiers
from assistant.retrieval.sections import section_match
from assistant.retrieval.understanding import SectionClassifier, framing_terms, understand
from assistant.types import Chunk, DocumentMeta, ScoredChunk

META = DocumentMeta(doc_id="d", title="DEMOZYME (demozumab) tablets", doc_type="label", product="demozumab")


class PathChunk(Chunk):
    """A chunk as the SPL loader records it once it keeps the LOINC codes of the whole section path."""

    section_codes: list[str] = Field(default_factory=list)


def _hit(text: str, section: str = "Clinical Studies", ordinal: int = 0, product: str = "demozumab") -> ScoredChunk:
    meta = META.model_copy(update={"product": product, "doc_id": product, "title": f"{product} label"})
    chunk = Chunk(
        chunk_id=f"{product}:{ordinal}", doc_id=product, text=text, ordinal=ordinal, section=section, meta=meta
    )
    return ScoredChunk(chunk=chunk, score=0.6, scores={"section": 0.0})


@pytest.fixture(scope="module")
def classifier() -> SectionClassifier:
    return SectionClassifier(get_embedder())


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("Does the drug come with a black-box warning?", "boxed_warning"),
        ("can a breastfeeding mom take the drug", "lactation"),
        ("What happens if someone overdoses on the drug?", "overdose"),
        ("How is the drug given?", "dosing"),
        ("Can the drug be given by intravenous infusion instead of intrathecally?", "dosing"),
        ("Which drugs interact with the drug?", "interactions"),
        ("when to stop the drug if no response", "dosing"),
    ],
)
def test_nearest_prototype_names_the_answering_section(classifier, question: str, intent: str) -> None:
    assert classifier.classify(question) == intent


def test_the_classifier_adds_what_the_wording_rules_miss(classifier) -> None:
    question = "How is Entyvio given?"
    assert detect_intents(question) == []
    assert [i.name for i in understand(question, classifier, "How is the drug given?")] == ["dosing"]


def test_a_question_between_kinds_gets_no_guess(classifier) -> None:
    assert classifier.classify("What is the list price in Germany?") is None


def test_framing_words_of_the_matched_section_are_no_key_terms() -> None:
    boxed = [i for i in detect_intents("Does it carry a boxed warning?") if i.name == "boxed_warning"]
    assert "carri" in framing_terms(boxed)
    assert "carri" not in framing_terms([])


def test_subsection_codes_of_the_whole_path_match_the_intent() -> None:
    pregnancy = detect_intents("Can it be used in pregnancy?")
    chunk = PathChunk(
        chunk_id="d:1",
        doc_id="d",
        text="t",
        ordinal=1,
        section="Use in Specific Populations > Risk Summary",
        section_code="42229-5",
        section_codes=["43684-0", "42228-7", "42229-5"],
        meta=META,
    )
    assert section_match(chunk, pregnancy) == 1.0
    pediatric = chunk.model_copy(update={"section_codes": ["43684-0", "34081-0"]})
    assert section_match(pediatric, pregnancy) == 0.5  # the broad population section only helps


def test_indications_is_no_title_of_contraindications() -> None:
    chunk = Chunk(chunk_id="d:2", doc_id="d", text="t", ordinal=2, section="Contraindications", meta=META)
    assert section_match(chunk, detect_intents("What is it indicated for?")) == 0.0


def test_named_trials_and_acronyms_are_presumed_entities() -> None:
    found = identifiers("What did the SUSTAIN-9 study and the ADAURA trial show for the MoA?", {"ozempic"})
    assert found == ["SUSTAIN-9", "ADAURA"]


def test_a_trial_with_another_number_is_no_evidence() -> None:
    hits = [_hit("SUSTAIN 6 enrolled 3297 patients with type 2 diabetes.")]
    assert identifier_gap("What did SUSTAIN-9 show?", hits)
    assert identifier_gap("What did SUSTAIN-6 show?", hits) is None


def test_a_comparison_needs_a_passage_that_compares_both_sides() -> None:
    mention = [_hit("Do not use with other PDE5 inhibitors such as tadalafil.")]
    assert comparison_gap("How does demozumab compare with tadalafil?", mention, ["demozumab"])
    compares = [_hit("Remission was 31% with demozumab versus 22% with tadalafil (difference 9 points).")]
    assert comparison_gap("How does demozumab compare with tadalafil?", compares, ["demozumab"]) is None


def test_a_comparator_named_before_a_trailing_head_to_head_cue_is_read() -> None:
    mention = [_hit("Demozumab has a potential for abuse similar to other opioids including morphine and oxycodone.")]
    assert comparison_gap("demozumab vs morphine head to head", mention, ["demozumab"])


def test_a_comparison_cue_is_no_key_term() -> None:
    from assistant.retrieval.scope import key_terms

    stems = {t.stem for t in key_terms("demozumab versus placebo in CARDS", set(), lambda _: 1.0)}
    assert "versus" not in stems and "card" in stems


def test_two_products_compared_need_one_passage_naming_both() -> None:
    hits = [
        _hit("Demozumab reduced relapses versus placebo."),
        _hit("Otherzumab was superior to placebo.", product="otherzumab"),
    ]
    question = "What did the head-to-head trial of demozumab versus otherzumab show?"
    assert comparison_gap(question, hits, ["demozumab", "otherzumab"])


class _Vocabulary:
    """Term statistics over a tiny library: only the words of ``text`` are known."""

    def __init__(self, text: str) -> None:
        self.words = {w.lower() for w in text.split()}

    def idf(self, term: str) -> float:
        return 1.0

    def seen(self, text: str) -> bool:
        return any(w.lower() in self.words for w in text.split())

    def clipped_from(self, term: str) -> frozenset[str]:
        return frozenset()


def test_a_name_no_document_says_is_a_false_premise() -> None:
    from assistant.retrieval.premises import unheard_names

    stats = _Vocabulary("the drug is indicated for heavy menstrual bleeding in premenopausal women")
    assert unheard_names("Is the drug prescribed more often than Oriahnn?", stats) == ["Oriahnn"]
    assert unheard_names("Is the drug indicated for heavy bleeding?", stats) == []


def test_a_measured_outcome_detects_efficacy_but_stays_asked() -> None:
    from assistant.retrieval.scope import key_terms

    assert "efficacy" in {i.name for i in detect_intents("What overall survival benefit did it show?")}
    stems = {t.stem for t in key_terms("What overall survival benefit did it show?", set(), lambda _: 1.0)}
    assert "surviv" in stems


def test_a_trial_named_with_its_number_must_be_named_by_the_quoted_sentence() -> None:
    from assistant.retrieval.trials import unnamed_trials

    assert identifiers("What was the weight change in SUSTAIN 6?", set()) == ["SUSTAIN 6"]
    question = "weight change in SUSTAIN 6?"
    known = frozenset({"sustain"})
    other = "Clinical Studies Trial: SUSTAIN 1 (30 weeks); Weight change: -3.7 kg"
    same = "Clinical Studies In SUSTAIN 6, body weight fell by 3.6 kg."
    names = [frozenset({"sustain"})]
    assert unnamed_trials(question, names, [other], {"sustain", "weight"}, known)  # another trial's row
    assert unnamed_trials(question, names, [same], {"sustain", "weight"}, known) == []
