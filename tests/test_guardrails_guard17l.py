"""Label prose that is on-label by construction, given back as answers: another medicine's use or
amount ("Nitrates are used to treat angina", "Cimetidine (800 mg)"), a treatment given before the
product, a statement that the product offers no protection or has no data, a contraindication, a
pharmacokinetic finding at high doses. Each has a counterpart that stays flagged. Invented labels only."""

from __future__ import annotations

from assistant.config import Settings
from assistant.guardrails.denials import denies_use, states_contraindication
from assistant.guardrails.engine import GuardrailEngine
from assistant.types import DocumentMeta
from tests.label_engines import engine_for

IND, DOSE, WARN = ["34067-9"], ["34068-7"], ["43685-7"]
META = DocumentMeta(doc_id="velq", title="VELQORA tablets", doc_type="label", product="velquorin", brand="VELQORA")
LABEL = [
    ("1 INDICATIONS AND USAGE", IND, "VELQORA is indicated for the treatment of erectile dysfunction."),
    ("2 DOSAGE AND ADMINISTRATION", DOSE,
     "The recommended dose of VELQORA is 50 mg taken once daily as needed. The maximum dose is 100 mg."),
    ("5 WARNINGS AND PRECAUTIONS > 5.1 Cardiovascular", WARN,
     "Nitrates are used to treat chest pain (angina). Test patients for latent tuberculosis before therapy; "
     "treat latent infection before use. VELQORA offers no protection against sexually transmitted diseases."),
]  # fmt: skip


def _flags(engine: GuardrailEngine, text: str, kind: str = "answer") -> bool:
    result = engine.check(text, kind=kind, product="velquorin")  # type: ignore[arg-type]
    return any(f.rule == "off_label" for f in result.findings)


def test_label_prose_about_other_medicines_and_safety_is_allowed(settings: Settings) -> None:
    engine = engine_for(settings, META, LABEL)
    ok = [
        "Nitrates are used to treat chest pain (angina).",
        "VOLTARIX is used to treat a rare disease called pulmonary arterial hypertension.",
        "Riociguat, a medicine that treats pulmonary arterial hypertension, must not be combined with VELQORA.",
        "Test patients for latent tuberculosis before therapy; treat latent infection before use.",
        "Cimetidine (800 mg) increased plasma velquorin concentrations when given with VELQORA (50 mg).",
        "Hypotension was reported in healthy volunteers exposed to VELQORA at 200 to 800 mg.",
        "VELQORA offers no protection against sexually transmitted diseases.",
        "There are no controlled clinical data on the safety or efficacy of VELQORA in patients with sickle cell "
        "or related anemias.",
    ]
    assert [t for t in ok if _flags(engine, t)] == []


def test_the_counterparts_stay_flagged(settings: Settings) -> None:
    engine = engine_for(settings, META, LABEL)
    flagged = [
        "VELQORA is used to treat pulmonary arterial hypertension.",
        "This medicine treats pulmonary arterial hypertension.",
        "Use VELQORA to treat psoriasis before starting biologics.",
        "VELQORA (200 mg) works better than 100 mg.",
        "Use a higher dose (200 mg) of VELQORA if 100 mg fails.",
    ]
    assert [t for t in flagged if not _flags(engine, t)] == []


def test_denials_and_contraindications_read_from_the_clause() -> None:
    assert denies_use("The use of X offers no protection against sexually transmitted diseases.")
    assert denies_use("There are no controlled clinical data on the safety or efficacy of X in such patients.")
    assert not denies_use("X protects against sexually transmitted diseases.")
    text = "X is contraindicated in pregnancy; use may cause early pregnancy loss."
    assert states_contraindication(text, text.index("early"))
    text = "X is contraindicated in severe renal impairment, but works for gout."
    assert not states_contraindication(text, text.index("gout"))
    assert not states_contraindication("X is not contraindicated in gout.", 30)


INH = DocumentMeta(doc_id="puff", title="PUFFALIN inhalation powder", doc_type="label", product="puffalin",
                   brand="PUFFALIN")  # fmt: skip
INH_LABEL = [
    ("1 INDICATIONS AND USAGE", IND,
     "PUFFALIN is indicated to improve glycemic control in adults 18 years of age and older with diabetes mellitus."),
    ("2 DOSAGE AND ADMINISTRATION", DOSE,
     "Administer PUFFALIN by oral inhalation at the beginning of each meal. The maximum dose is 12 units."),
]  # fmt: skip


def test_routes_ages_and_amounts_of_others_are_not_the_products(settings: Settings) -> None:
    engine = engine_for(settings, INH, INH_LABEL)
    ok = [
        "Patients were randomized to PUFFALIN by oral inhalation or to insulin aspart given subcutaneously.",
        "Monitor INR 5 hours after the last intravenous bolus dose of heparin.",
        "No adverse effects in infants were noted.",
        "It is not known if PUFFALIN will harm your unborn baby.",
        "Infants exposed to PUFFALIN should be monitored for poor feeding.",
        "Hypoglycemia occurred at 24 units of PUFFALIN in 4% of patients versus 2% on placebo.",
    ]
    flagged = [
        "PUFFALIN can be injected subcutaneously when inhalation is not possible.",
        "Give PUFFALIN subcutaneously instead of insulin aspart.",
        "It can be given to 8 year old children with diabetes.",
        "For an 8 year old, give 4 units with each meal.",
    ]
    flags = {t: any(f.rule == "off_label" for f in engine.check(t, kind="answer", product="puffalin").findings)
             for t in ok + flagged}  # fmt: skip
    assert [t for t in ok if flags[t]] == []
    assert [t for t in flagged if not flags[t]] == []


ABX = DocumentMeta(doc_id="cyst", title="CYSTORA tablets", doc_type="label", product="cystoxacin", brand="CYSTORA")
ABX_LABEL = [
    ("1 INDICATIONS AND USAGE", IND,
     "CYSTORA is indicated for the treatment of adult women with uncomplicated urinary tract infections."),
    ("2 DOSAGE AND ADMINISTRATION", DOSE,
     "The recommended dosage of CYSTORA is 500 mg taken orally twice daily for 3 days."),
]  # fmt: skip
ABX_LONGER = [
    ABX_LABEL[0],
    ("2 DOSAGE AND ADMINISTRATION", DOSE,
     "The recommended dosage of CYSTORA is 500 mg taken orally twice daily for 3 days. Some patients may require "
     "an additional 3 days of therapy."),
]  # fmt: skip


def test_a_fixed_course_is_the_labelled_duration_unless_the_label_extends_it(settings: Settings) -> None:
    engine = engine_for(settings, ABX, ABX_LABEL)

    def flags(eng: GuardrailEngine, text: str) -> bool:
        return any(f.rule == "off_label" for f in eng.check(text, kind="question", product="cystoxacin").findings)

    assert flags(engine, "cystora for 7 days in an adult woman with a bladder infection?")
    assert not flags(engine, "cystora 500 mg twice daily for 3 days - take with food?")
    assert not flags(engine_for(settings, ABX, ABX_LONGER), "cystora for 6 days in an adult woman?")


def test_a_marker_the_indication_requires_negative_read_through_parenthesis_and_hyphen() -> None:
    from assistant.guardrails.population_checks import required_markers

    text = "indicated for adults with human epidermal growth factor receptor 2 (HER2)\u2011negative gastric cancer"
    positive, negative = required_markers([text])
    assert "HER2" in negative and "HER2" not in positive


ONC = DocumentMeta(doc_id="clau", title="CLAUDRA injection", doc_type="label", product="claudumab", brand="CLAUDRA")
ONC_LABEL = [
    ("1 INDICATIONS AND USAGE", IND,
     "CLAUDRA, in combination with chemotherapy, is indicated for the treatment of adults with locally advanced "
     "unresectable or metastatic gastric adenocarcinoma, and of adults with homozygous familial "
     "hypercholesterolemia."),
    ("2 DOSAGE AND ADMINISTRATION", DOSE,
     "The recommended dose of CLAUDRA is 600 mg/m2 as an intravenous infusion every 3 weeks for up to 8 weeks."),
]  # fmt: skip


def test_the_other_side_of_an_indication_qualifier_is_off_label(settings: Settings) -> None:
    engine = engine_for(settings, ONC, ONC_LABEL)

    def flags(text: str) -> bool:
        return any(f.rule == "off_label" for f in engine.check(text, kind="question", product="claudumab").findings)

    assert flags("claudra for resectable gastric adenocarcinoma?")
    assert flags("claudra for heterozygous familial hypercholesterolemia?")
    assert flags("claudra perioperatively with chemotherapy for gastric adenocarcinoma?")
    assert not flags("claudra with chemotherapy for unresectable gastric adenocarcinoma - infusion time?")
    assert not flags("claudra with chemotherapy for homozygous familial hypercholesterolemia - infusion time?")
    assert not flags("Still progressing after 8 weeks of claudra - what does the label say next?")


def test_a_weight_band_in_grams_and_a_trial_report_in_indications() -> None:
    from assistant.guardrails.scope import scopes

    band = scopes("X is indicated to close a PDA in premature infants weighing between 500 and 1500 g.")[0]
    assert band.min_weight == 0.5 and band.max_weight is not None and 1.5 <= band.max_weight < 1.51
