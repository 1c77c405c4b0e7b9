"""Typed regimen limits read from a label's dosing text, and a text's regimen checked against them."""

from assistant.guardrails.amounts import durations
from assistant.guardrails.label_durations import duration_limits
from assistant.guardrails.regimen_limits import beyond, other_phase, regimen_limits
from assistant.guardrails.weight_doses import per_weight_doses

DOSING = (
    "Administer 105 mg subcutaneously once monthly. Limit the duration of use to 12 monthly doses. "
    "Apply a thin layer twice daily to affected areas of up to 15% body surface area. "
    "Do not use more than 45 grams per week. Do not exceed 3,000 mg in 24 hours. "
    "Store the vial refrigerated for up to 30 days."
)


def test_limits_are_typed_with_value_unit_and_sentence() -> None:
    limits = {(lim.kind, lim.unit): lim for lim in regimen_limits(DOSING)}
    assert limits[("doses", "doses")].value == 12
    assert "12 monthly doses" in limits[("doses", "doses")].sentence
    assert limits[("area", "%bsa")].value == 15
    assert abs(limits[("amount", "g/day")].value - 45 / 7) < 1e-9
    assert limits[("amount", "mg/day")].value == 3000


def test_text_beyond_a_limit_is_found_and_the_limit_restated_is_not() -> None:
    limits = regimen_limits(DOSING)
    assert beyond(limits, "Keep going to 18 monthly injections.")
    assert beyond(limits, "Is a 13th dose reasonable?")
    assert beyond(limits, "She applies it to 25% of her body.")
    assert beyond(limits, "Could she use 60 g a week?")
    assert beyond(limits, "Can he use more than 45 grams per week?")
    assert beyond(limits, "4,000 mg per day for severe pain")
    assert not beyond(limits, "Do not use more than 45 grams per week.")
    assert not beyond(limits, "Use it for up to 12 monthly doses on up to 15% BSA.")
    assert not beyond(limits, "She needs 10 g per week on 5% BSA.")


def test_monthly_count_is_a_duration_and_storage_is_not() -> None:
    limits = duration_limits(DOSING, [])
    assert [round(v, 6) for v, _ in limits] == [12.0]
    ventilated = "If needed, treatment may be extended for a total treatment duration of up to 10 days."
    assert [round(v * 30.4) for v, _ in duration_limits(ventilated, [])] == [10]
    assert duration_limits("Treatment may be extended for up to 5 additional days.", []) == []


def test_course_adjective_is_a_duration() -> None:
    assert [round(v * 30.4) for v, _, _ in durations("continue once daily for a 15-day course")] == [15]


def test_dose_tied_to_another_ordinal_phase() -> None:
    label = ["Recommended Dosage: Children who remain vulnerable through their second RSV season: 300 mg"]
    assert other_phase("For a 6 kg infant in the first season give 300 mg.", label) == "second season"
    assert other_phase("300 mg in the second season?", label) is None
    assert other_phase("300 mg for a child?", label) is None  # no phase named: nothing to compare
    assert other_phase("300 mg in the first season", [*label, "Adults: 300 mg once"]) is None  # untied elsewhere


def test_per_weight_dose_with_thousands_separator() -> None:
    assert [v for v, _, _, _ in per_weight_doses("a first dose of 1,200 mg/m2 IV")] == [1200.0]


def test_per_weight_pairs_and_label_schedule_reading() -> None:
    from assistant.guardrails.weight_doses import per_weight_regimens

    dosing = (
        "First dose: 900 mg/m2 intravenously.\no 700 mg/m2 intravenously every 3 weeks, or\no 450 mg/m2 every 2 weeks."
    )
    assert per_weight_regimens(dosing) == frozenset({(700.0, "m2", "q3w"), (450.0, "m2", "q2w")})


def test_situational_maximum_words_are_rare_situation_words() -> None:
    from assistant.guardrails.regimen_limits import _situational_maxima

    dosing = (
        "The recommended dose is 60 mg once daily. The dose may be increased to 120 mg once daily. "
        "For patients taking fluvoxamine, the recommended maximum dose is 30 mg once daily."
    )
    ((cap, words, _),) = _situational_maxima(dosing, 120.0, ("velmidex",))
    assert cap == 30 and "fluvoxamine" in words and "dose" not in words


def test_one_unit_in_words_and_schedule_named_before_dosing_word() -> None:
    from assistant.guardrails.label_dosing import frequencies, regimens

    assert [round(v) for v, _, _ in durations("can we keep going at 20 mg for a year?")] == [12]
    assert [k for k, _ in frequencies("Every 3 months dosing at 300 mg?")] == ["q3m"]
    assert [k for k, _ in frequencies("her pain comes back every 3 months")] == []
    (group,) = regimens("Patients on hemodialysis may initiate treatment with 300 mg every 2 weeks.")
    assert group.conditional


def test_schedule_before_a_dose_and_one_off_doses() -> None:
    from assistant.guardrails.label_dosing import Regimen, regimens
    from assistant.guardrails.regimen import _unlabelled_schedule

    (_loading, upkeep) = regimens("Give a single 300 mg loading dose, then once-daily maintenance doses of 150 mg.")
    assert upkeep.frequency == "daily"
    once = [Regimen(300.0, None, "Adults: 300 mg on Day 1", False)]
    assert _unlabelled_schedule("q2w", once)
    table = [Regimen(10.0, None, "Pediatric: Patient Weight | Daily Dose 10 < 20 kg | 10 mg", False)]
    assert not _unlabelled_schedule("daily", table)
    assert not _unlabelled_schedule("daily", [Regimen(10.0, None, "Each packet holds 10 mg", False)])


def test_in_use_life_of_a_device_or_opened_container_is_no_treatment_limit() -> None:
    assert duration_limits("The spray pump may be used for up to 21 days from the date of first use.", []) == []
    assert duration_limits("Use an opened vial for up to 28 days after opening.", []) == []
    assert duration_limits("Once punctured, the cartridge can be kept for up to 14 days.", []) == []
    assert [round(v * 30.4) for v, _ in duration_limits("Treat for up to 14 days.", [])] == [14]


def test_an_as_needed_step_is_no_situation() -> None:
    from assistant.guardrails.label_dosing import regimens

    found = regimens("For menstrual cramps, give 300 mg initially, then a further 150 mg if needed on day one.")
    assert [(r.dose, r.conditional) for r in found] == [(300.0, False), (150.0, False)]
    (unavoidable,) = regimens("If co-administration is unavoidable, reduce the dose to 50 mg once daily.")
    assert unavoidable.conditional
