"""Product names users write for labels whose established names are long: an antibody-drug
conjugate named by its antibody, a vaccine named with the label's own abbreviation, and a
vaccine's proper name read as one product rather than split at its commas."""

from __future__ import annotations

from assistant.config import Settings
from assistant.guardrails.engine import GuardrailEngine
from assistant.guardrails.label_profile import build_profiles
from assistant.ingest.label_meta import product_from_generic
from assistant.retrieval.products import ProductCatalog
from assistant.types import Chunk, DocumentMeta

ADC = DocumentMeta(doc_id="adc", title="VELMAZA injection", doc_type="label",
                   product="velmanumab sorvedotin-xkrt", brand="VELMAZA")  # fmt: skip
VAX = DocumentMeta(doc_id="vax", title="FICTOVAX 4 suspension", doc_type="label",
                   product="fictovirus 4-valent vaccine", brand="FICTOVAX 4")  # fmt: skip


def _engine(settings: Settings, meta: DocumentMeta, indication: str) -> GuardrailEngine:
    chunk = Chunk(chunk_id=f"{meta.doc_id}:0", doc_id=meta.doc_id, text=indication, ordinal=0,
                  section="1 INDICATIONS AND USAGE", section_code="34067-9", section_codes=["34067-9"],
                  meta=meta)  # fmt: skip
    engine = GuardrailEngine(settings)
    engine.set_profiles(build_profiles([chunk], engine.policy.off_label))
    return engine


def _off_label(engine: GuardrailEngine, product: str, text: str) -> bool:
    result = engine.check(text, "question", product=product)
    return any(f.rule == "off_label" for f in result.findings)


def test_a_conjugate_is_known_by_its_antibody_word(settings: Settings) -> None:
    engine = _engine(settings, ADC, "VELMAZA is indicated for the treatment of adult patients with "
                     "platinum-resistant epithelial ovarian cancer.")  # fmt: skip
    assert _off_label(engine, "velmanumab", "Velmanumab for lung adenocarcinoma?")
    assert not _off_label(engine, "velmanumab", "Velmanumab for platinum-resistant epithelial ovarian cancer?")
    catalog = ProductCatalog.from_metas([ADC])
    assert catalog.recognize("Is velmanumab given every 3 weeks?") == ["velmanumab sorvedotin-xkrt"]


def test_an_unresolved_product_argument_falls_back_to_the_names_in_the_text(settings: Settings) -> None:
    """A product argument no label is stored under must not silence the rail when the text names the brand."""
    engine = _engine(settings, ADC, "VELMAZA is indicated for the treatment of adult patients with "
                     "platinum-resistant epithelial ovarian cancer.")  # fmt: skip
    assert _off_label(engine, "velmazumab conjugate", "VELMAZA for lung adenocarcinoma?")


def test_a_vaccine_named_with_the_labels_own_abbreviation(settings: Settings) -> None:
    engine = _engine(settings, VAX, "FICTOVAX 4 is a vaccine indicated in individuals 9 through 26 years of age "
                     "for the prevention of cervical cancer caused by Fictovirus (FCV) types 1 to 4.")  # fmt: skip
    assert engine.profiles["fictovirus 4-valent vaccine"].abbreviations.get("FCV")
    assert _off_label(engine, "FCV 4-valent vaccine", "Can this vaccine prevent herpes zoster in adults?")
    assert not _off_label(engine, "FCV 4-valent vaccine", "Can this vaccine prevent cervical cancer?")


def test_a_biologic_proper_name_is_one_product() -> None:
    assert product_from_generic("Fictovirus 4-valent Vaccine, Recombinant", "Fictovirus types") == (
        "fictovirus 4-valent vaccine"
    )
    assert product_from_generic("Grippe and Croup Toxoids Adsorbed", "") == "grippe and croup toxoids adsorbed"
    # a drug combination is still split into its moieties
    assert product_from_generic("velmanib and fictopril", "velmanib fictopril") == "velmanib/fictopril"
