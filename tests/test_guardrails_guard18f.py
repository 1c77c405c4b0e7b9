"""The route a label gives its product when no dosing sentence names it, and a route the label itself
names for another form of an ingredient. A topical label whose Dosage and Administration only says
"Apply a thin layer" is not an oral label because its boxed warning talks about oral inhibitors; a
label telling the reader to hold the capsules before stress testing with the intravenous form of an
ingredient makes a question about that instruction on-label. Invented labels only."""

from __future__ import annotations

from assistant.config import Settings
from assistant.types import DocumentMeta
from tests.label_engines import engine_for
from tests.label_engines import flags_off_label as _flags

IND, DOSE, FORMS, WARN, BOX = ["34067-9"], ["34068-7"], ["43678-2"], ["43685-7"], ["34066-1"]

CREAM_META = DocumentMeta(doc_id="derm", title="DERMAVEX cream", doc_type="label", product="tolvaxinib",
                          brand="DERMAVEX cream")  # fmt: skip
CREAM = [
    ("BOXED WARNING", BOX,
     "Serious infections, mortality, malignancy and thrombosis have been reported in patients treated with oral "
     "Janus kinase inhibitors. Oral JAK inhibitors taken as tablets or capsules for inflammatory conditions "
     "increased these risks."),
    ("1 INDICATIONS AND USAGE", IND,
     "DERMAVEX is indicated for the topical short-term treatment of mild to moderate atopic dermatitis in "
     "patients 12 years of age and older."),
    ("2 DOSAGE AND ADMINISTRATION", DOSE,
     "Apply a thin layer of DERMAVEX twice daily to affected areas of up to 20% body surface area. Do not use "
     "more than 60 grams per week. Stop when signs and symptoms resolve. If signs and symptoms do not improve "
     "within 8 weeks, patients should be re-examined by their healthcare provider."),
    ("3 DOSAGE FORMS AND STRENGTHS", FORMS, "Cream: 1.5% tolvaxinib."),
    ("5 WARNINGS AND PRECAUTIONS", WARN,
     "Lower oral JAK inhibitor doses reduced these risks. Patients taking oral medicines should be monitored."),
]  # fmt: skip

CAPSULE_META = DocumentMeta(doc_id="velm", title="VELMOX capsules", doc_type="label",
                            product="asprivol/velmidipine", brand="VELMOX")  # fmt: skip
CAPSULE = [
    ("1 INDICATIONS AND USAGE", IND,
     "VELMOX is indicated to reduce the risk of stroke in patients who have had transient ischemia of the brain."),
    ("2 DOSAGE AND ADMINISTRATION", DOSE,
     "The recommended dose of VELMOX is one capsule given orally twice daily. Swallow capsules whole."),
    ("5 WARNINGS AND PRECAUTIONS > 5.4 Pharmacologic Stress Testing", WARN,
     "Patients who require pharmacological stress testing with intravenous velmidipine should stop VELMOX "
     "48 hours before testing."),
]  # fmt: skip


def test_a_topical_label_reads_its_route_from_the_dosage_form(settings: Settings) -> None:
    engine = engine_for(settings, CREAM_META, CREAM)
    ok = [
        "AD not better after 8 weeks of dermavex cream -- what does the label advise?",
        "How much tolvaxinib cream can a 14 year old use per week?",
        "Apply the cream to the hands only?",
    ]
    assert [t for t in ok if _flags(engine, t, "tolvaxinib")] == []


def test_another_route_for_the_topical_product_stays_flagged(settings: Settings) -> None:
    engine = engine_for(settings, CREAM_META, CREAM)
    assert _flags(engine, "Can tolvaxinib be taken orally as tablets for atopic dermatitis?", "tolvaxinib")


def test_a_route_the_label_names_for_another_form_is_its_own_instruction(settings: Settings) -> None:
    engine = engine_for(settings, CAPSULE_META, CAPSULE)
    text = "IV velmidipine stress test next Tuesday and she's on Velmox -- hold it beforehand?"
    assert not _flags(engine, text, "asprivol/velmidipine")


def test_an_unlabelled_route_for_the_capsule_product_stays_flagged(settings: Settings) -> None:
    engine = engine_for(settings, CAPSULE_META, CAPSULE)
    assert _flags(engine, "Can VELMOX be given as an intravenous infusion after a stroke?", "asprivol/velmidipine")


ONC_META = DocumentMeta(doc_id="onc", title="TRASTIVA", doc_type="label", product="trastuvimab", brand="TRASTIVA")
ONC = [
    ("1 INDICATIONS AND USAGE > 1.2 Metastatic Gastric Cancer", IND,
     "TRASTIVA is indicated, in combination with cisplatin and capecitabine or 5-fluorouracil, for the treatment "
     "of patients with HER2-overexpressing metastatic gastric or gastroesophageal junction adenocarcinoma who "
     "have not received prior treatment for metastatic disease."),
    ("2 DOSAGE AND ADMINISTRATION", DOSE, "Give TRASTIVA as an intravenous infusion every 3 weeks."),
]  # fmt: skip


def test_a_biomarker_word_does_not_hide_the_lay_name_of_a_labelled_cancer(settings: Settings) -> None:
    engine = engine_for(settings, ONC_META, ONC)
    assert not _flags(engine, "trastiva for HER2-positive stomach cancer that has spread, first line?", "trastuvimab")
    assert _flags(engine, "trastiva for HER2-positive colorectal cancer that has spread?", "trastuvimab")


SKIN_META = DocumentMeta(doc_id="skin", title="ADALVEX", doc_type="label", product="adalvumab", brand="ADALVEX")
SKIN = [
    ("1 INDICATIONS AND USAGE > 1.1 Hidradenitis Suppurativa", IND,
     "ADALVEX is indicated for the treatment of moderate to severe hidradenitis suppurativa in patients 12 years "
     "of age and older."),
    ("2 DOSAGE AND ADMINISTRATION", DOSE, "Give ADALVEX 40 mg subcutaneously every week."),
]  # fmt: skip


def test_an_epithet_the_vocabulary_names_stays_with_its_head(settings: Settings) -> None:
    engine = engine_for(settings, SKIN_META, SKIN)
    assert not _flags(engine, "adalvex for acne inversa in a 16 year old?", "adalvumab")
    assert _flags(engine, "adalvex for acne in a 16 year old?", "adalvumab")
