"""The aim of a use (prevention or treatment), its line of therapy and chart-shorthand ages, on
invented labels in the shapes real labels take: a vaccine indicated for prevention whose
Limitations of Use deny treating existing lesions, an acute-treatment migraine tablet, a
first-line-only antibody with a second indication needing prior therapy, and an analgesic whose
Limitations of Use reserve it for when alternatives fail."""

from __future__ import annotations

import pytest

from assistant.config import Settings
from assistant.guardrails.ages import text_ages
from assistant.guardrails.aims import entry_aim
from assistant.guardrails.engine import GuardrailEngine
from assistant.guardrails.negations import negated_before
from assistant.types import DocumentMeta
from tests.label_engines import engine_for

IND, DOSE = ["34067-9"], ["34068-7"]
VAX = DocumentMeta(doc_id="vax", title="PAPIVAX", doc_type="label", product="papillo vaccine", brand="PAPIVAX")
VAX_LABEL = [
    ("1 INDICATIONS AND USAGE > 1.1 Girls and Women", IND,
     "PAPIVAX is a vaccine indicated in girls and women 9 through 45 years of age for the prevention of the "
     "following diseases: Cervical, vulvar and anal cancer caused by virus types 16 and 18. Genital warts caused "
     "by virus types 6 and 11."),
    ("1 INDICATIONS AND USAGE > 1.2 Limitations of Use and Effectiveness", IND,
     "PAPIVAX does not eliminate the necessity for screening. PAPIVAX is not intended to be used for treatment "
     "of active external genital lesions or cervical intraepithelial neoplasia."),
    ("2 DOSAGE AND ADMINISTRATION", DOSE, "Administer PAPIVAX intramuscularly as a 0.5-mL dose."),
]  # fmt: skip
ACUTE = DocumentMeta(doc_id="acu", title="MIGRAX", doc_type="label", product="zolmifen", brand="MIGRAX")
ACUTE_LABEL = [
    ("1 INDICATIONS AND USAGE", IND,
     "MIGRAX is indicated for the acute treatment of migraine with or without aura in adults."),
    ("2 DOSAGE AND ADMINISTRATION", DOSE,
     "The recommended dosage is 1 tablet. The maximum dosage in a 24-hour period is 2 tablets."),
]  # fmt: skip
ONCO = DocumentMeta(doc_id="onc", title="GASTRIX", doc_type="label", product="claudimab", brand="GASTRIX")
ONCO_LABEL = [
    ("1 INDICATIONS AND USAGE > 1.1 Gastric Cancer", IND,
     "GASTRIX, in combination with platinum-containing chemotherapy, is indicated for the first-line treatment of "
     "adults with metastatic gastric adenocarcinoma."),
    ("1 INDICATIONS AND USAGE > 1.2 Pancreatic Cancer", IND,
     "GASTRIX is indicated for the treatment of adults with metastatic pancreatic adenocarcinoma who have had "
     "disease progression after one or more prior chemotherapy regimens."),
    ("2 DOSAGE AND ADMINISTRATION", DOSE, "The recommended dosage is 800 mg/m2 intravenously every 3 weeks."),
]  # fmt: skip
OPIOID = DocumentMeta(doc_id="opi", title="DOLOREX", doc_type="label", product="oxymorfan", brand="DOLOREX")
OPIOID_LABEL = [
    ("INDICATIONS AND USAGE", IND,
     "DOLOREX is indicated for the management of pain severe enough to require an opioid analgesic. Limitations "
     "of Use: Because of the risks of addiction, reserve DOLOREX for use in patients for whom alternative "
     "treatment options have not been tolerated or have not provided adequate analgesia."),
    ("DOSAGE AND ADMINISTRATION", DOSE, "The usual dose is one tablet every 6 hours as needed for pain."),
]  # fmt: skip


@pytest.fixture()
def engines(settings: Settings) -> dict[str, GuardrailEngine]:
    return {
        "papillo vaccine": engine_for(settings, VAX, VAX_LABEL),
        "zolmifen": engine_for(settings, ACUTE, ACUTE_LABEL),
        "claudimab": engine_for(settings, ONCO, ONCO_LABEL),
        "oxymorfan": engine_for(settings, OPIOID, OPIOID_LABEL),
    }


def _flagged(engines: dict[str, GuardrailEngine], product: str, text: str, kind: str = "question") -> bool:
    result = engines[product].check(text, kind=kind, product=product)  # type: ignore[arg-type]
    return any(f.rule == "off_label" for f in result.findings)


def test_an_indication_sentence_is_read_for_its_aim() -> None:
    assert entry_aim("X is indicated for the prevention of the following diseases:") == "prevent"
    assert entry_aim("X is indicated for the preventive treatment of migraine in adults.") == "prevent"
    assert entry_aim("X is indicated for the acute treatment of migraine.") == "treat"
    assert entry_aim("Prophylaxis and treatment of venous thrombosis.") is None
    assert entry_aim("X is indicated for the acute and maintenance treatment of depression.") is None


@pytest.mark.parametrize(
    ("product", "text", "kind"),
    [
        ("papillo vaccine", "can papivax treat her existing genital warts?", "question"),
        ("papillo vaccine", "Papivax as a treatment for lesions she already has?", "question"),
        ("zolmifen", "Can Migrax be used to prevent migraines?", "question"),
        ("zolmifen", "Taking one MIGRAX every night keeps migraines from coming back.", "answer"),
        ("claudimab", "Metastatic gastric adenocarcinoma, progressed on FOLFOX -- gastrix second line?", "question"),
        ("oxymorfan", "dolorex as the first thing we try for knee pain, before any NSAID?", "question"),
    ],
)
def test_a_use_with_the_aim_or_line_the_label_does_not_give_is_off_label(
    engines: dict[str, GuardrailEngine], product: str, text: str, kind: str
) -> None:
    assert _flagged(engines, product, text, kind)


@pytest.mark.parametrize(
    ("product", "text", "kind"),
    [
        ("papillo vaccine", "Does papivax treat warts or only prevent them?", "question"),
        ("papillo vaccine", "PAPIVAX does not treat existing warts.", "answer"),
        ("papillo vaccine", "Can papivax be given to a woman being treated for HIV?", "question"),
        ("zolmifen", "What is the maximum daily dose of Migrax?", "question"),
        ("zolmifen", "MIGRAX is not indicated to prevent migraine.", "answer"),
        ("claudimab", "Untreated metastatic gastric adenocarcinoma -- gastrix with cisplatin first line?", "question"),
        ("claudimab", "Metastatic pancreatic adenocarcinoma that progressed after gemcitabine -- gastrix?", "question"),
        ("oxymorfan", "Severe pain not controlled with ibuprofen and acetaminophen -- dolorex?", "question"),
    ],
)
def test_the_labelled_aim_and_line_and_questions_about_them_pass(
    engines: dict[str, GuardrailEngine], product: str, text: str, kind: str
) -> None:
    assert not _flagged(engines, product, text, kind)


def test_chart_shorthand_ages_are_read() -> None:
    assert [a for a, _, _ in text_ages("16M with psoriatic arthritis", [], bounds=False)] == [16.0]
    assert [a for a, _, _ in text_ages("newly dx, 30F, no prior tx", [], bounds=False)] == [30.0]
    assert [a for a, _, _ in text_ages("pt is 14, sprained ankle", [], bounds=False)] == [14.0]
    assert text_ages("she is 5 kg", [], bounds=False) == []
    assert text_ages("HER2 3+ MF", [], bounds=False) == []


@pytest.mark.parametrize(
    ("prefix", "denied"),
    [
        ("it does not ", True),
        ("it won’t really ", True),
        ("it can't ", True),
        ("nor does it ", True),
        ("it does ", False),
        ("not in children, but it does ", False),
        ("nothing suggests it will ", False),
    ],
)
def test_negated_before_reads_a_denial_within_two_words_of_the_cue(prefix: str, denied: bool) -> None:
    assert negated_before(prefix) is denied
