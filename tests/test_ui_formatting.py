"""The pure text helpers behind the chat page: which sentences cite a source, how the
cited passage is highlighted, and the Markdown export."""

from __future__ import annotations

from assistant.types import Answer, Citation, GuardrailResult
from ui.formatting import (
    answer_markdown_with_links,
    answer_to_markdown,
    assign_notices,
    highlighted_quote_html,
    sentences_citing,
    split_answer_sentences,
)

PASSAGE = (
    "Tofacitinib is a Janus kinase inhibitor. The recommended dose is 5 mg twice daily. "
    "Avoid use in patients with severe hepatic impairment; dose reduction is needed in "
    "moderate hepatic impairment."
)


def test_answer_sentences_keep_their_marks_and_split_after_them() -> None:
    text = "The dose is 5 mg twice daily [1]. Reduce it in moderate hepatic impairment [1][2]. Done [3]."
    assert split_answer_sentences(text) == [
        "The dose is 5 mg twice daily [1].",
        "Reduce it in moderate hepatic impairment [1][2].",
        "Done [3].",
    ]
    assert sentences_citing(text, 2) == ["Reduce it in moderate hepatic impairment."]
    assert sentences_citing(text, 4) == []


def test_marks_after_the_full_stop_stay_with_their_sentence() -> None:
    text = "The dose is 5 mg twice daily. [1] Reduce it in hepatic impairment. [2]"
    assert sentences_citing(text, 1) == ["The dose is 5 mg twice daily."]
    assert sentences_citing(text, 2) == ["Reduce it in hepatic impairment."]


def test_highlight_marks_the_copied_sentence_only() -> None:
    html = highlighted_quote_html(PASSAGE, ["The recommended dose is 5 mg twice daily."])
    assert "<mark>The recommended dose is 5 mg twice daily.</mark>" in html
    assert html.count("<mark>") == 1
    assert "Janus kinase inhibitor." in html  # context around the highlight is kept


def test_highlight_finds_a_paraphrase_but_not_a_shared_drug_name() -> None:
    html = highlighted_quote_html(PASSAGE, ["Avoid tofacitinib use with severe hepatic impairment."])
    assert html.count("<mark>") == 1
    assert "<mark>Avoid use in patients with severe hepatic impairment;" in html
    assert "<mark>Tofacitinib is" not in html


def test_document_text_cannot_inject_markup_or_latex() -> None:
    html = highlighted_quote_html("Costs <script>alert(1)</script> are $5 to $10 per dose.", [])
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "$" not in html


def test_answer_links_each_citation_to_its_anchor() -> None:
    md = answer_markdown_with_links("Dose is 5 mg [1]. Costs $5 [2].", "answer-0")
    assert "[\\[1\\]](#answer-0-1)" in md
    assert "[\\[2\\]](#answer-0-2)" in md
    assert "\\$5" in md


def test_markdown_export_carries_notices_citations_and_quotes() -> None:
    answer = Answer(
        question="What is the dose?",
        status="answered",
        answer="The recommended dose is 5 mg twice daily [1].",
        citations=[
            Citation(
                n=1,
                doc_id="tofa-label",
                title="XELJANZ label",
                doc_type="label",
                section="2 DOSAGE AND ADMINISTRATION",
                page=3,
                quote="The recommended dose is 5 mg twice daily.\nSecond line.",
            )
        ],
        guardrail=GuardrailResult(decision="allow_with_notice", notices=["Off-label topic."]),
        product="tofacitinib",
        audit_id="a-1",
    )
    md = answer_to_markdown(answer)
    assert md.startswith("## Q: What is the dose?")
    assert "> **Notice:** Off-label topic." in md
    assert "[1] XELJANZ label (Prescribing information) · 2 DOSAGE AND ADMINISTRATION · page 3" in md
    assert "> The recommended dose is 5 mg twice daily.\n> Second line." in md
    assert "audit id: a-1" in md


def test_each_packaged_policy_notice_lands_in_its_own_rules_box() -> None:
    from assistant.guardrails.policy import load_policy

    notices = load_policy().notices.model_dump()
    rules = ["prompt_injection", "adverse_event", "off_label", "promotional", "pii"]
    by_rule, unassigned = assign_notices([notices[r] for r in rules], rules)
    assert unassigned == []
    assert by_rule == {rule: [notices[rule]] for rule in rules}


def test_notice_of_a_rule_that_did_not_fire_is_still_shown() -> None:
    by_rule, unassigned = assign_notices(["Consult the label.", "An adverse event was described."], ["pii"])
    assert by_rule == {}
    assert unassigned == ["Consult the label.", "An adverse event was described."]
