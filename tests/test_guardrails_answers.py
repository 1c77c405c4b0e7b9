"""The answer rail over answers composed from the approved corpus itself.

The offline composer copies sentences of approved passages and cites them; the
answer rail must not withhold such an answer as off-label because a cited
sentence names a condition in a contraindication, warning, interaction or
specific-population context. Answers are composed exactly as the chain does
(retrieve with the product filter and allowed statuses, then compose), and the
answer is re-checked with the texts of the passages it cites as ``sources``.
"""

from __future__ import annotations

import pytest

from assistant.retrieval.compose import ComposedAnswer, compose_answer
from assistant.types import ChunkFilter

pytestmark = pytest.mark.slow

NEUTRAL_QUESTIONS = [
    # adalimumab
    "What are the contraindications and boxed warnings of Humira?",
    "What is the adalimumab dose for hidradenitis suppurativa?",
    "What infections should be screened for before starting adalimumab?",
    "Can live vaccines be given with adalimumab?",
    # semaglutide
    "What are the warnings for Ozempic regarding pancreatitis and thyroid C-cell tumors?",
    "How is semaglutide titrated to 1 mg?",
    "What is the risk of hypoglycemia when semaglutide is used with insulin or a sulfonylurea?",
    "What did SUSTAIN-6 show for cardiovascular outcomes with semaglutide?",
    # sacubitril/valsartan
    "What are the contraindications of Entresto?",
    "What drug interactions does sacubitril/valsartan have with ACE inhibitors and aliskiren?",
    "What is the Entresto starting dose in patients with severe renal impairment?",
    "What did PARADIGM-HF show for sacubitril/valsartan?",
    # osimertinib
    "What is the mechanism of action of osimertinib?",
    "How should interstitial lung disease on Tagrisso be managed?",
    "What are the QTc interval warnings for osimertinib?",
    "What is the osimertinib dose with a strong CYP3A4 inducer?",
    # tofacitinib
    "What does the Xeljanz boxed warning say about thrombosis and mortality?",
    "What is the tofacitinib dose in patients with moderate hepatic impairment?",
    "What is the recommended Xeljanz dose for ulcerative colitis induction?",
    "What laboratory monitoring does tofacitinib require?",
    # vedolizumab
    "What is the mechanism of action of vedolizumab?",
    "What are the warnings for Entyvio about PML and infusion reactions?",
    "How is vedolizumab given subcutaneously for maintenance?",
    "What were the GEMINI trial results for vedolizumab?",
    # relugolix combination
    "What are the contraindications of Myfembree?",
    "What does the Myfembree boxed warning say about thromboembolic disorders?",
    "How long can the relugolix combination be used because of bone loss?",
    "What drug interactions does relugolix/estradiol/norethindrone have with P-gp inhibitors?",
    # nusinersen
    "What is the nusinersen loading dose schedule?",
    "What laboratory tests are needed before each Spinraza dose?",
    "What are the warnings for nusinersen about thrombocytopenia and renal toxicity?",
    "How is Spinraza administered in patients with scoliosis?",
    "What did ENDEAR show for nusinersen in infantile-onset SMA?",
]


def _compose(assistant, question: str) -> tuple[str | None, ComposedAnswer | None]:
    """The extractive answer the chain would give (same filter, retrieval and composer)."""
    products = assistant.retriever.catalog.recognize(question)
    flt = ChunkFilter(products=products or None, statuses=list(assistant.settings.allowed_statuses))
    hits = assistant.retriever.retrieve(question, flt, assistant.settings.top_k)
    composed = compose_answer(
        question, hits, assistant.embedder, max_words=assistant.settings.answer_max_words, products=products or None
    )
    return (products[0] if products else None), composed


@pytest.fixture(scope="module")
def composed_answers(corpus_assistant) -> list[tuple[str, str | None, ComposedAnswer]]:
    out = []
    for question in NEUTRAL_QUESTIONS:
        product, composed = _compose(corpus_assistant, question)
        if composed is not None:
            out.append((question, product, composed))
    return out


def test_questions_cover_every_product_and_compose(corpus_assistant, composed_answers) -> None:
    assert len(NEUTRAL_QUESTIONS) >= 30
    assert len(composed_answers) >= 30
    products = {product for _, product, _ in composed_answers}
    assert len(products) == 8, products


def test_answers_composed_from_approved_passages_are_not_off_label(corpus_assistant, composed_answers) -> None:
    engine = corpus_assistant.guardrails
    failures = []
    for question, product, composed in composed_answers:
        sources = [c.quote for c in composed.citations]
        result = engine.check(composed.text, kind="answer", product=product, sources=sources)
        off_label = [f.span for f in result.findings if f.rule == "off_label"]
        if off_label or result.decision == "block":
            failures.append((question, result.decision, off_label, composed.text))
    assert not failures, failures


def test_risk_context_alone_keeps_composed_answers_unblocked(corpus_assistant, composed_answers) -> None:
    """Without sources (a caller that does not pass them) the risk-context rule alone must still
    keep almost every composed answer unblocked."""
    engine = corpus_assistant.guardrails
    blocked = [
        q for q, product, composed in composed_answers
        if engine.check(composed.text, kind="answer", product=product).decision == "block"
    ]  # fmt: skip
    assert len(blocked) <= 1, blocked


def test_entresto_contraindications_answer_is_allowed(corpus_assistant) -> None:
    """The CI failure: the contraindications answer cites 'with aliskiren in patients with diabetes'."""
    product, composed = _compose(corpus_assistant, "What are the contraindications of Entresto?")
    assert composed is not None and "diabetes" in composed.text
    sources = [c.quote for c in composed.citations]
    engine = corpus_assistant.guardrails
    assert engine.check(composed.text, kind="answer", product=product, sources=sources).decision == "allow"
    assert engine.check(composed.text, kind="answer", product=product).decision == "allow"


def test_sources_do_not_whitelist_added_claims(corpus_assistant) -> None:
    """A sentence the cited passages do not state is still checked; promotion is checked everywhere."""
    product, composed = _compose(corpus_assistant, "What are the contraindications of Entresto?")
    assert composed is not None
    sources = [c.quote for c in composed.citations]
    engine = corpus_assistant.guardrails
    added = composed.text + " Entresto also works well for diabetes in patients without heart failure [1]."
    result = engine.check(added, kind="answer", product=product, sources=sources)
    assert result.decision == "block" and any(f.rule == "off_label" for f in result.findings)
    promo = "Entresto is the safest and most effective choice for every patient. " + composed.text
    result = engine.check(promo, kind="answer", product=product, sources=sources)
    assert result.decision == "block" and {f.rule for f in result.findings} == {"promotional"}


def test_label_sentences_restated_with_their_source_are_never_off_label(corpus_assistant) -> None:
    """Every sentence of every approved label, cited with its own chunk as source: none is off-label."""
    from assistant.retrieval.text import split_sentences

    engine = corpus_assistant.guardrails
    chunks = [c for c in corpus_assistant.store.all_chunks(ChunkFilter(doc_types=["label"]))
              if c.meta.status == "approved"]  # fmt: skip
    checked = flagged = 0
    for chunk in chunks:
        for sentence in split_sentences(chunk.text):
            result = engine.check(f"{sentence} [1]", kind="answer", product=chunk.meta.product, sources=[chunk.text])
            checked += 1
            flagged += any(f.rule == "off_label" for f in result.findings)
    assert checked > 500
    assert flagged == 0
