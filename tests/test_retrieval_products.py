"""Product recognition from stored documents' metadata and label titles."""

from __future__ import annotations

from assistant.retrieval.products import ProductCatalog, parse_label_title
from assistant.types import DocStatus, DocType, DocumentMeta


def _meta(
    doc_id: str,
    title: str,
    product: str | None = None,
    brand: str | None = None,
    area: str | None = None,
    doc_type: DocType = "label",
    status: DocStatus = "approved",
) -> DocumentMeta:
    return DocumentMeta(
        doc_id=doc_id, title=title, product=product, brand=brand, therapeutic_area=area,
        doc_type=doc_type, status=status,
    )


def _catalog() -> ProductCatalog:
    return ProductCatalog.from_metas(
        [
            _meta("hum", "HUMIRA (adalimumab) injection", "adalimumab", "HUMIRA", "immunology"),
            _meta("hum-pub", "Adalimumab in psoriasis", "adalimumab", None, None, doc_type="publication"),
            # No product or brand in the metadata: both come from the SPL title.
            _meta("ent", "ENTRESTO (sacubitril and valsartan) tablets, for oral use", area="cardiology"),
            _meta("oze", "Ozempic deck", "semaglutide", "Ozempic", "diabetes", doc_type="slide_deck",
                  status="expired"),
            _meta("ins", "LANTUS (insulin glargine) injection", "insulin glargine", "LANTUS", "diabetes"),
            _meta("misc", "Congress report 2024", None, None, None, doc_type="other"),
        ]
    )


def test_catalog_learns_names_from_metadata_and_titles() -> None:
    catalog = _catalog()
    assert [p.product for p in catalog.products] == [
        "adalimumab", "insulin glargine", "sacubitril/valsartan", "semaglutide",
    ]
    entresto = catalog.get("Entresto")
    assert entresto is not None
    assert entresto.product == "sacubitril/valsartan"
    assert entresto.brand == "ENTRESTO"
    assert entresto.therapeutic_area == "cardiology"
    assert {"sacubitril", "valsartan", "sacubitril and valsartan", "entresto"} <= set(entresto.aliases)


def test_recognises_brand_generic_and_components_case_insensitively() -> None:
    catalog = _catalog()
    assert catalog.recognize("What is the HUMIRA loading dose?") == ["adalimumab"]
    assert catalog.recognize("dose of ADALIMUMAB in Crohn's") == ["adalimumab"]
    assert catalog.recognize("Is sacubitril renally cleared?") == ["sacubitril/valsartan"]
    assert catalog.recognize("sacubitril/valsartan vs enalapril") == ["sacubitril/valsartan"]
    assert catalog.recognize("Sacubitril and Valsartan in HFpEF") == ["sacubitril/valsartan"]
    assert catalog.recognize("Insulin Glargine titration") == ["insulin glargine"]


def test_two_products_in_order_of_first_mention() -> None:
    catalog = _catalog()
    assert catalog.recognize("Compare ozempic with Humira; ozempic first") == ["semaglutide", "adalimumab"]


def test_no_false_hits_inside_other_words() -> None:
    catalog = _catalog()
    assert catalog.recognize("Is an insulinoma a contraindication?") == []
    assert catalog.recognize("humiration and valsartanic acid and semaglutides") == []
    assert catalog.recognize("What is the dose?") == []
    assert _catalog().get("unknown-drug") is None
    assert ProductCatalog([]).recognize("Humira") == []


def test_a_component_that_is_also_a_product_means_that_product() -> None:
    catalog = ProductCatalog.from_metas(
        [
            _meta("ent", "ENTRESTO (sacubitril and valsartan) tablets"),
            _meta("dio", "DIOVAN (valsartan) tablets"),
        ]
    )
    assert catalog.recognize("valsartan dose") == ["valsartan"]
    assert catalog.recognize("sacubitril-valsartan dose") == ["sacubitril/valsartan"]
    assert catalog.recognize("sacubitril dose") == ["sacubitril/valsartan"]


def test_parse_label_title() -> None:
    title = "OZEMPIC® (semaglutide) injection, for subcutaneous use"
    assert parse_label_title(title) == ("OZEMPIC", "semaglutide")
    assert parse_label_title("Prescribing information (2024)") == (None, None)
    assert parse_label_title("a study of things") == (None, None)


def test_a_misspelt_name_is_recognised_and_masked() -> None:
    catalog = _catalog()
    assert catalog.recognize("whats the max dose of semaglutde") == ["semaglutide"]
    assert catalog.recognize("adalimumbab in pregnancy") == ["adalimumab"]
    assert catalog.mask("is semaglutde safe") == "is the drug safe"
    # two edits, another drug, or a word extending the name are no misspellings
    assert catalog.recognize("dose of adalimab") == []
    assert catalog.recognize("What is the recommended dose of atorvastatin?") == []
