"""Dose, regimen and population-floor limits read from made-up labels: units-per-day maxima (label-
wide and per dosing subsection), a co-medication the dosing directions require, a fixed
combination's strength per weight band, uses listed in one sentence with their own age floors, and
a population word whose age-and-weight floor is stated once in another indication sentence."""

from __future__ import annotations

from assistant.config import Settings
from assistant.guardrails.engine import GuardrailEngine
from assistant.guardrails.measures import _dose_bands
from assistant.guardrails.population_floors import split_uses
from assistant.guardrails.regimen_limits import amounts_per_period, regimen_limits
from assistant.types import DocumentMeta
from tests.label_engines import engine_for

D = ["34068-7", "34068-7"]
IND = ["34067-9", "34067-9"]
CI = ["34070-3", "34070-3"]
LABELS: dict[str, tuple[DocumentMeta, list[tuple[str, list[str], str]]]] = {}
LABELS["arthroprazole"] = (
    DocumentMeta(doc_id="ap", title="ARTHROPRA", doc_type="label", product="fenoxen/lansoprazole", brand="ARTHROPRA"),
    [
        (
            "Indications and Usage",
            IND,
            (
                "ARTHROPRA is a combination of fenoxen, an NSAID, and lansoprazole, a proton pump "
                "inhibitor, indicated in adult and adolescent patients 12 years of age and older weighing"
                " at least 38 kg, requiring an NSAID for symptomatic relief of arthritis and to decrease "
                "the risk for developing NSAID-associated gastric ulcers. ARTHROPRA is indicated for: "
                "relief of signs and symptoms of osteoarthritis, rheumatoid arthritis and ankylosing "
                "spondylitis in adults; juvenile idiopathic arthritis (JIA) in adolescent patients."
            ),
        ),
        ("Indications and Usage > Limitations of Use", IND, "Not recommended for initial treatment of acute pain."),
        (
            "Dosage and Administration > Adult Dosage",
            D,
            (
                "The recommended dosage is one tablet of ARTHROPRA 375 mg/20 mg or 500 mg/20 mg taken "
                "orally twice daily, at least 30 minutes before meals. Swallow tablets whole."
            ),
        ),
        (
            "Dosage and Administration > Adolescent Dosage",
            D,
            (
                "Juvenile Idiopathic Arthritis in Adolescent Patients 12 years and older. Weight 38 kg to"
                " less than 50 kg: 375 mg/20 mg twice daily. Weight greater than or equal to 50 kg: 500 "
                "mg/20 mg twice daily."
            ),
        ),
        (
            "Dosage Forms and Strengths",
            ["43678-2", "43678-2"],
            "Delayed-release tablets: 375 mg/20 mg and 500 mg/20 mg.",
        ),
    ],
)
LABELS["phosmab"] = (
    DocumentMeta(doc_id="ph", title="PHOSVITA", doc_type="label", product="phosmab-xyz", brand="PHOSVITA"),
    [
        (
            "Indications and Usage",
            IND,
            (
                "PHOSVITA is a fibroblast growth factor 23 blocking antibody indicated for: the treatment"
                " of X-linked hypophosphatemia (XLH) in adult and pediatric patients 6 months of age and "
                "older; the treatment of FGF23-related hypophosphatemia in tumor-induced osteomalacia "
                "(TIO) associated with phosphaturic mesenchymal tumors that cannot be curatively resected"
                " or localized in adult and pediatric patients 2 years of age and older."
            ),
        ),
        (
            "Dosage and Administration > Pediatric XLH (6 months and older)",
            D,
            (
                "For patients who weigh less than 10 kg, the starting dose is 1 mg/kg of body weight "
                "administered every two weeks. For patients who weigh 10 kg and greater the starting dose"
                " regimen is 0.8 mg/kg of body weight, rounded to the nearest 10 mg, administered every "
                "two weeks. The minimum starting dose is 10 mg up to a maximum dose of 90 mg. The dose "
                "may be increased up to approximately 2 mg/kg (maximum 90 mg), administered every two "
                "weeks."
            ),
        ),
        (
            "Dosage and Administration > Adult XLH",
            D,
            (
                "The dose regimen in adults is 1 mg/kg body weight, rounded to the nearest 10 mg up to a "
                "maximum dose of 90 mg administered every four weeks."
            ),
        ),
        (
            "Dosage and Administration > Administration",
            D,
            "PHOSVITA is administered by subcutaneous injection by a healthcare provider.",
        ),
        (
            "Contraindications",
            CI,
            (
                "Do not use PHOSVITA with oral phosphate and/or active vitamin D analogs. Initiation of "
                "treatment is contraindicated if serum phosphorus is within or above the normal range for"
                " age."
            ),
        ),
    ],
)
LABELS["vascept"] = (
    DocumentMeta(doc_id="vc", title="VASCEPT", doc_type="label", product="vascercept-abc", brand="VASCEPT"),
    [
        (
            "Indications and Usage",
            IND,
            (
                "VASCEPT is an activin signaling inhibitor indicated for the treatment of adults with "
                "pulmonary arterial hypertension (PAH, WHO Group 1) to increase exercise capacity."
            ),
        ),
        (
            "Dosage and Administration > Recommended Dosage",
            D,
            (
                "VASCEPT is administered once every 3 weeks by subcutaneous injection based on patient "
                "body weight. Starting dose: 0.3 mg/kg. Target dose: 0.7 mg/kg. Escalate to the target "
                "dose of 0.7 mg/kg after one dose at 0.3 mg/kg if hemoglobin and platelet count are "
                "acceptable."
            ),
        ),
        (
            "Dosage and Administration > Dose Modifications",
            D,
            (
                "Do not initiate treatment if platelet count is less than 50,000/mm3. Delay treatment if "
                "hemoglobin increased by more than 2 g/dL."
            ),
        ),
    ],
)
LABELS["follix"] = (
    DocumentMeta(doc_id="fx", title="FOLLIX", doc_type="label", product="follitropin delta", brand="FOLLIX"),
    [
        (
            "Indications and Usage",
            IND,
            (
                "FOLLIX is a gonadotropin indicated for: induction of ovulation in oligo-anovulatory "
                "infertile women in whom the cause of infertility is functional and not due to primary "
                "ovarian failure; development of multiple follicles as part of an Assisted Reproductive "
                "Technology (ART) cycle; induction of spermatogenesis in men with hypogonadotropic "
                "hypogonadism in whom the cause of infertility is not due to primary testicular failure."
            ),
        ),
        (
            "Dosage and Administration > Ovulation Induction",
            D,
            (
                "The recommended initial dose of FOLLIX is 75 International Units subcutaneously daily. "
                "Dose increases of up to 37.5 International Units may be considered after 14 days. Do not"
                " exceed a maximum daily dose of 300 International Units."
            ),
        ),
        (
            "Dosage and Administration > ART",
            D,
            (
                "Initiate therapy with 150 International Units daily. Dose adjustments may be made after "
                "5 days; do not exceed 450 International Units daily."
            ),
        ),
        (
            "Dosage and Administration > Induction of Spermatogenesis",
            D,
            (
                "FOLLIX must be given in conjunction with human chorionic gonadotropin (hCG). The "
                "recommended dose is 150 International Units subcutaneously three times a week, with hCG."
                " The maximum dose is 300 International Units three times weekly."
            ),
        ),
    ],
)


def _engine(settings: Settings, name: str) -> GuardrailEngine:
    meta, label = LABELS[name]
    return engine_for(settings, meta, label)


def _off_label(engine: GuardrailEngine, text: str, product: str, kind: str = "question") -> bool:
    result = engine.check(text, kind=kind, product=product)  # type: ignore[arg-type]
    return any(f.rule == "off_label" for f in result.findings)


def test_units_per_day_are_read_from_label_and_text() -> None:
    assert [(v, u) for v, u, _, _ in amounts_per_period("450 IU a day, then 600 IU daily")] == [
        (450.0, "units/day"),
        (600.0, "units/day"),
    ]
    limits = regimen_limits("Do not exceed a maximum daily dose of 300 International Units.")
    assert [(lim.value, lim.unit) for lim in limits] == [(300.0, "units/day")]
    limits = regimen_limits("Doses above 225 IU per day are not recommended.")
    assert [(lim.value, lim.unit) for lim in limits] == [(225.0, "units/day")]
    assert regimen_limits("Patients requiring more than 150 units per day were studied.") == ()


def test_a_daily_unit_dose_above_the_use_maximum_is_off_label(settings: Settings) -> None:
    eng = _engine(settings, "follix")
    assert _off_label(eng, "follix 450 IU a day for ovulation induction in an anovulatory woman?", "follitropin delta")
    assert _off_label(eng, "FOLLIX can be raised to 600 IU daily in poor responders.", "follitropin delta", "answer")
    assert not _off_label(eng, "follix 225 IU daily for ovulation induction?", "follitropin delta")
    assert not _off_label(eng, "follix 400 IU daily in an ART cycle?", "follitropin delta")


def test_a_partner_the_dosing_directions_require_cannot_be_dropped(settings: Settings) -> None:
    eng = _engine(settings, "follix")
    product = "follitropin delta"
    text = "Men with hypogonadotropic hypogonadism can use FOLLIX alone to induce spermatogenesis; hCG is optional."
    assert _off_label(eng, text, product, "answer")
    assert _off_label(eng, "For spermatogenesis, FOLLIX works without hCG.", product, "answer")
    text = "follix 150 IU three times a week with hCG for a man with hypogonadotropic hypogonadism?"
    assert not _off_label(eng, text, product)
    assert not _off_label(eng, "follix alone or with hCG for spermatogenesis - which does the label say?", product)


def test_a_fixed_combination_strength_outside_its_weight_band(settings: Settings) -> None:
    rows = _dose_bands("Weight 38 kg to less than 50 kg: 375 mg/20 mg twice daily.")
    assert [(w.low, w.high, w.dose) for w in rows] == [(38.0, 50.0, 375.0)]
    rows = _dose_bands("Weight greater than or equal to 50 kg: 500 mg/20 mg twice daily.")
    assert [(w.low, w.dose) for w in rows] == [(50.0, 500.0)]
    eng = _engine(settings, "arthroprazole")
    product = "fenoxen/lansoprazole"
    assert _off_label(
        eng, "15 yo with JIA weighing 42 kg: can she take the 500 mg/20 mg arthropra twice a day?", product
    )
    assert not _off_label(eng, "15 yo with JIA weighing 42 kg: arthropra 375 mg/20 mg twice daily?", product)


def test_an_age_and_weight_floor_stated_once_binds_the_use_naming_the_population(settings: Settings) -> None:
    eng = _engine(settings, "arthroprazole")
    product = "fenoxen/lansoprazole"
    assert _off_label(eng, "11-year-old, 45 kg, JIA - can we use arthropra?", product)
    assert _off_label(eng, "13-year-old with JIA who weighs 33 kg - arthropra ok?", product)
    assert not _off_label(eng, "13-year-old with JIA who weighs 52 kg - arthropra 500/20 twice daily?", product)


def test_uses_listed_in_one_sentence_keep_their_own_floors(settings: Settings) -> None:
    lead = (
        "X is indicated for: the treatment of A disease in adults; the treatment of B disease in children"
        " 2 years and older."
    )
    assert split_uses(lead) == [
        "X is indicated for: the treatment of A disease in adults",
        "X is indicated for: the treatment of B disease in children 2 years and older.",
    ]
    assert split_uses("X is indicated for A; see section 14.") == ["X is indicated for A; see section 14."]
    eng = _engine(settings, "phosmab")
    assert not _off_label(eng, "18-month-old with XLH - phosvita?", "phosmab-xyz")
    assert _off_label(eng, "18-month-old with TIO that cannot be resected - phosvita?", "phosmab-xyz")


def test_a_per_kg_dose_above_the_named_subsection_maximum(settings: Settings) -> None:
    eng = _engine(settings, "phosmab")
    product = "phosmab-xyz"
    assert _off_label(eng, "For adults with XLH, PHOSVITA 2 mg/kg is the usual dose.", product, "answer")
    assert not _off_label(eng, "For children with XLH, PHOSVITA 2 mg/kg is the highest dose.", product, "answer")


def test_a_question_sentence_describing_the_patient_is_checked(settings: Settings) -> None:
    eng = _engine(settings, "arthroprazole")
    product = "fenoxen/lansoprazole"
    assert _off_label(eng, "13-year-old girl with JIA, she weighs 33 kg. Can she take arthropra?", product)
    assert _off_label(eng, "Clinic note: 10 yo boy, 45 kg, polyarticular JIA. Is arthropra an option?", product)
    assert not _off_label(eng, "15-year-old girl with JIA, she weighs 52 kg. Can she take arthropra?", product)
    text = "She is 14, 52 kg, on aspirin 325 mg daily. Can she take arthropra for her JIA?"
    assert not _off_label(eng, text, product)


STEPPA = DocumentMeta(doc_id="st", title="STEPPA", doc_type="label", product="steppatinib", brand="STEPPA")
STEPPA_LABEL = [
    (
        "Indications and Usage",
        IND,
        "STEPPA is indicated for adults with locally advanced or metastatic ALK-positive NSCLC.",
    ),
    (
        "Dosage and Administration > Recommended Dosage",
        D,
        "The recommended dosage of STEPPA is 120 mg orally once daily for 7 days, then increase to 120 mg twice "
        "daily until disease progression or unacceptable toxicity.",
    ),
]


def test_starting_on_a_later_step_skips_the_lead_in(settings: Settings) -> None:
    eng = engine_for(settings, STEPPA, STEPPA_LABEL)
    text = "Start STEPPA at 120 mg twice daily from day 1 for ALK-positive NSCLC."
    assert _off_label(eng, text, "steppatinib", "answer")
    text = "STEPPA begins at 120 mg once daily for 7 days and then goes to 120 mg twice daily."
    assert not _off_label(eng, text, "steppatinib", "answer")
    assert not _off_label(eng, "STEPPA 120 mg twice daily after the first week?", "steppatinib")


def test_a_lab_value_sentence_and_a_plain_daily_schedule(settings: Settings) -> None:
    eng = _engine(settings, "vascept")
    product = "vascercept-abc"
    assert _off_label(eng, "Platelet count of 45,000/mm3. Should we begin vascept for her PAH?", product)
    assert not _off_label(eng, "Platelet count of 145,000/mm3. Should we begin vascept for her PAH?", product)
    eng = _engine(settings, "arthroprazole")
    assert _off_label(eng, "arthropra once a day ok for OA?", "fenoxen/lansoprazole")
    assert not _off_label(eng, "arthropra twice a day ok for OA?", "fenoxen/lansoprazole")
