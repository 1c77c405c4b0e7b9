"""Short forms read through what they stand for; table rows whose column headings were lost; accents.

Invented label DEMOZYME (demozumab) with an invented trial "KESTREL"; no real product or trial is named.
"""

from __future__ import annotations

from assistant.retrieval.abbreviations import contracts_generic, definitions, long_forms, said_in_full, stands_for
from assistant.retrieval.scope import key_terms
from assistant.retrieval.table_rows import is_stub_row, table_lines
from assistant.retrieval.text import content_terms
from tests.label_hits import compose, hit

DEFINING = (
    "The major efficacy outcome measure was progression free survival (PFS). Additional outcome measures were "
    "overall survival (OS) and duration of response (DOR). The change in 6-Minute Walk Distance (6MWD) and the "
    "area under the curve (AUC) were measured in adults with moderate kidney disease (mKD), and "
    "In Vitro Maturation (IVM) cycles; the prothrombin time (PT) was checked."
)


def test_a_label_defines_its_short_forms_with_digits_glue_words_and_lower_case_openings() -> None:
    found = definitions([DEFINING])
    assert found["pfs"] == {"progression free survival"}
    assert found["6mwd"] == {"6 minute walk distance"}
    assert found["auc"] == {"area under the curve"}  # "the" gives no letter
    assert found["dor"] == {"duration of response"}  # "of" gives one
    assert found["mkd"] == {"moderate kidney disease"}
    assert found["ivm"] == {"in vitro maturation"}
    assert "study" not in found and stands_for("hr", "hazard ratio") and not stands_for("hr", "ratio of hazards")


def test_question_short_forms_take_the_label_definition_then_standard_notation() -> None:
    texts = [DEFINING]
    assert long_forms("median PFS in KESTREL?", texts)[content_terms("PFS")[0]] == ("progression free survival",)
    found = long_forms("OS HR and 95% CI", texts)
    assert found[content_terms("HR")[0]] == ("hazard ratio",)  # standard notation, undefined by the label
    assert found[content_terms("CI")[0]] == ("confidence interval",)
    assert long_forms("dose every 12 hr", texts) == {}  # hours after a number
    assert long_forms("daily or weekly", texts) == {}  # the glue word, not an odds ratio
    assert long_forms("dose for a pt with mKD", texts) == {"mkd": ("moderate kidney disease",)}  # "pt" is a patient


def test_a_short_form_is_said_by_its_long_form_or_printed_with_a_space() -> None:
    found = {"6mwd": ("6 minute walk distance",), "egfr": ("estimated glomerular filtration rate",)}
    assert said_in_full(found, ["insomnia"], set(), "Insomnia: 12%") == set()  # no short form
    answer = "Estimated Glomerular Filtration Rate 30 to 60: 1 mg once daily."
    assert said_in_full(found, ["egfr"], set(content_terms(answer)), answer) == {"egfr"}
    assert said_in_full(found, ["6mwd"], set(), "The 6 MWD rose by 40 m.") == {"6mwd"}
    assert said_in_full(found, ["6mwd"], set(), "The walk test rose by 40 m.") == set()


def test_a_contraction_of_patient_frames_the_question_but_other_short_forms_stay_asked() -> None:
    assert contracts_generic("pt") and contracts_generic("pts")
    assert not contracts_generic("ef") and not contracts_generic("dr")  # ejection fraction, doctor
    words = {t.word for t in key_terms("rash rate in pts with psoriasis", set(), lambda _: 1.0)}
    assert "pts" not in words and "psoriasis" in words


def test_a_row_without_its_column_headings_is_quoted_whole() -> None:
    assert is_stub_row("Complete response rate (%); 6 (2.4); 2 (0.8)")
    assert is_stub_row("Terminal Half-life (hours); 9.3 (1.3)")
    assert not is_stub_row("Week 12; 39; 66")  # a value of the first column, no label
    assert not is_stub_row("Duration of Response; N=82; N=79")  # counts heading columns, no figures
    rows = table_lines(
        "Complete response rate (%); 6 (2.4); 2 (0.8)\nPartial response rate (%); 76 (29.9); 77 (30.4)", None
    )
    assert rows[0][1].startswith("Complete response rate") and len(rows) == 2


def test_a_short_form_picks_the_row_its_long_form_labels() -> None:
    caption = "Table 7. Efficacy Results in KESTREL"
    os_row, pfs_row = (
        hit(
            f"{caption}\nMedian in months (95% CI) ({endpoint}); DEMOZYME: {a}; Placebo: {b}",
            "Clinical Studies > KESTREL",
            ordinal,
            kind="table",
            caption=caption,
            match=1.0,
            score=score,
        )
        for endpoint, a, b, ordinal, score in (
            ("Overall survival", "18.2 (16.4, 22.9)", "15.5 (13.5, 16.5)", 21, 0.55),
            ("Progression Free Survival", "10.6 (8.9, 12.5)", "8.7 (8.2, 10.3)", 20, 0.5),
        )
    )
    design = hit(
        "The major efficacy outcome measure was progression free survival (PFS). DEMOZYME improved PFS and OS.",
        "Clinical Studies > KESTREL",
        19,
        match=1.0,
        score=0.45,
    )
    text = compose("KESTREL median PFS with demozumab?", [os_row, design, pfs_row])
    assert "10.6" in text and "18.2" not in text, text


def test_accents_are_folded_in_words() -> None:
    assert "naiv" in content_terms("ROS1 Inhibitor Naïve Patients")
