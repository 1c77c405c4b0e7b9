"""Answering from table rows: patient bands fitted to rows, trial names routed to their product,
rows quoted with what their caption names."""

from __future__ import annotations

from assistant.ingest.bm25 import lexical_text, tokenize
from assistant.retrieval.candidates import candidates, quoted
from assistant.retrieval.premises import identifiers
from assistant.retrieval.quantities import bands, fit
from assistant.retrieval.trials import TrialIndex, numbered_names
from assistant.types import Chunk, DocumentMeta, ScoredChunk

ROWS = [
    "Population: Patients less than 40 kg; Starting dose: 1.6 mg/kg",
    "Population: Patients at least 40 kg and less than 50 kg; Starting dose: 24/26 mg",
    "Population: Patients at least 50 kg; Starting dose: 49/51 mg",
]


def _fits(question: str) -> list[float]:
    asked = bands(question, unitless=True)
    return [fit(asked, bands(row)) for row in ROWS]


def test_the_row_whose_band_holds_the_asked_one_fits_and_the_others_are_excluded() -> None:
    assert _fits("dose under 40 kg") == [1.0, -1.0, -1.0]
    assert _fits("dose for a 45 kg child") == [-1.0, 1.0, -1.0]
    assert _fits("kids over 50 kg") == [-1.0, -1.0, 1.0]
    assert _fits("what is the starting dose") == [0.0, 0.0, 0.0]


def test_alternate_units_and_ages_are_read() -> None:
    band = bands("Body weight: 15 kg (33 lbs) to less than 30 kg (66 lbs)")
    assert [(b.unit, b.low, b.high, b.high_closed) for b in band] == [("kg", 15.0, 30.0, False)]
    assert fit(bands("dose for a 7 year old"), bands("children 6 to under 12 years of age")) == 1.0
    assert fit(bands("children 6 to under 12", unitless=True), bands("children 4 to under 6 years of age")) == -1.0


def test_a_sentence_listing_every_band_fits_less_than_the_row_of_the_asked_band() -> None:
    listing = "3.1 mg/kg under 40 kg; 72/78 mg for 40 to under 50 kg; 97/103 mg for 50 kg or more"
    assert 0 < fit(bands("under 40 kg"), bands(listing)) < fit(bands("under 40 kg"), bands(ROWS[0]))


def _chunk(text: str, product: str, doc: str, *, kind: str = "body", caption: str | None = None) -> Chunk:
    meta = DocumentMeta(doc_id=doc, title=f"{product} label", doc_type="label", product=product)
    return Chunk(chunk_id=f"{doc}:0", doc_id=doc, text=text, ordinal=0, section="Clinical Studies", kind=kind,
                 caption=caption, meta=meta)  # fmt: skip


def test_a_trial_name_of_one_product_names_that_product() -> None:
    index = TrialIndex(
        [
            _chunk("In ZEPHYR, blood flow improved.", "alphamab", "a"),
            _chunk("MACE occurred in ORBIT-2 and in the ZEPHYR extension.", "alphamab", "a2"),
            _chunk("MACE was lower in KESTREL; Flow rates were measured.", "betanib", "b"),
        ]
    )
    assert index.products("zephyr hazard ratio") == ["alphamab"]  # never written in ordinary case
    assert index.products("ORBIT-2 results") == ["alphamab"]
    assert index.products("MACE hazard ratio") == []  # reported for two products
    assert index.products("blood flow") == []  # an ordinary word
    assert index.products("ZEPHYR versus KESTREL") == []  # two products: no single one


def test_numbered_trial_names_and_their_premise() -> None:
    assert [(n.name, n.number) for n in numbered_names("TRIALX 7 HbA1c result")] == [("TRIALX", "7")]
    assert numbered_names("TRIALX 5 year overall survival") == []  # a quantity, not a trial number
    (name,) = numbered_names("TRIALX 7 HbA1c result")
    assert (name.says("TRIALX 7 (40 weeks)"), name.says("TRIALX 6: MACE"), name.says("the TRIALX program")) == (
        1.0,
        -1.0,
        0.0,
    )
    assert "TRIALX 8" in identifiers("TRIALX 8 HbA1c result", set())  # "TRIALX 8" is presumed, not TRIALX


def test_bm25_indexes_trial_numbers_and_amounts_as_terms() -> None:
    tokens = tokenize([lexical_text("TRIALX 7 (40 weeks): 0.5 mg under 40 kg")])[0]
    assert {"trialx7", "0_5mg", "40kg"} <= set(tokens)


def test_a_row_is_quoted_whole_headed_by_its_caption_without_the_table_number() -> None:
    caption = "Table 5. TRIAL-X: Primary Composite Endpoint"
    row = "Endpoint: Cardiovascular death; Drug (N = 1,767) n (%): 123; Placebo (N = 1,766) n (%): 169; HR: 0.71"
    hit = ScoredChunk(chunk=_chunk(f"{caption}\n{row}", "alphamab", "a", kind="table", caption=caption), score=0.6)
    pool = candidates([hit], None, {"cardiovascular", "death"}, "TRIAL-X cardiovascular death HR")
    (only,) = pool
    assert only.text == row and only.table_row and only.subject == 1.0
    assert quoted(pool, 120) == [f"TRIAL-X: Primary Composite Endpoint — {row}"]
    assert quoted(pool, 20) == [row]  # the caption would take the answer over its word budget


def test_one_tables_row_groups_do_not_fill_the_top_results() -> None:
    from assistant.retrieval.fusion import MAX_TABLE_CHUNKS, spread_tables

    rows = [
        ScoredChunk(chunk=_chunk(f"T\nA: r{i}; B: v", "alphamab", f"t{i}", kind="table", caption="T"), score=0.9)
        for i in range(MAX_TABLE_CHUNKS + 2)
    ]
    rows = [r.model_copy(update={"chunk": r.chunk.model_copy(update={"doc_id": "same"})}) for r in rows]
    prose = ScoredChunk(chunk=_chunk("The trial met its endpoint.", "alphamab", "p"), score=0.5)
    spread = spread_tables([*rows, prose])
    assert spread[MAX_TABLE_CHUNKS].chunk.text == prose.chunk.text  # prose before the extra row groups
    assert len(spread) == len(rows) + 1


def test_and_higher_and_and_lower_close_a_band() -> None:
    assert fit(bands("a child weighing 20 kg", unitless=True), bands("weighing 40 kg and higher")) == -1.0
    assert fit(bands("a child weighing 50 kg", unitless=True), bands("weighing 40 kg and higher")) == 1.0
    assert fit(bands("a 10 kg infant", unitless=True), bands("weighing 15 kg and lower")) == 1.0
