"""A question names a product the way people write it, and the answer comes from that product's documents."""

from __future__ import annotations

from assistant.retrieval.products import ProductCatalog
from assistant.types import DocumentMeta


def _label(doc_id: str, title: str, product: str | None = None, brand: str | None = None) -> DocumentMeta:
    return DocumentMeta(doc_id=doc_id, title=title, product=product, brand=brand, doc_type="label")


def _catalog() -> ProductCatalog:
    return ProductCatalog.from_metas(
        [
            _label("zq", "ZOQUIRA (velmanumab-xkrt) injection, for intravenous use", "velmanumab-xkrt", "ZOQUIRA"),
            # The suffix only in the title: the generic comes from it.
            _label("pr", "PRAVELTO (tornesimab-bqlf) for injection"),
            _label("cm", "DUOLTA (fenbutide and ortaxin-lmpa) tablets", "fenbutide/ortaxin-lmpa", "DUOLTA"),
            _label("pl", "PLAINEX (plainolol) tablets", "plainolol", "PLAINEX"),
        ]
    )


def test_a_biologic_is_recognised_without_its_four_letter_suffix() -> None:
    catalog = _catalog()
    assert catalog.recognize("recommended velmanumab dose?") == ["velmanumab-xkrt"]
    assert catalog.recognize("Velmanumab-xkrt storage") == ["velmanumab-xkrt"]
    assert catalog.recognize("is tornesimab given with food?") == ["tornesimab-bqlf"]
    assert catalog.recognize("ortaxin half-life") == ["fenbutide/ortaxin-lmpa"]
    assert catalog.recognize("velmanumb in pregnancy") == ["velmanumab-xkrt"]  # misspelt core name


def test_an_ordinary_hyphenated_word_is_no_product() -> None:
    catalog = _catalog()
    assert catalog.recognize("plainolol in long-term use") == ["plainolol"]
    assert catalog.recognize("velman dose") == []


def test_a_distinctive_word_of_a_brand_of_several_words_names_the_product() -> None:
    catalog = ProductCatalog.from_metas(
        [
            _label("u3", "GLUMAVIN R U-300 (insulin demo) injection", "insulin demo", "GLUMAVIN R U-300"),
            _label("cc", "CORALEX Night Cold (dextro demo) syrup", "dextro demo", "CORALEX Night Cold"),
            _label("c2", "TORVEX Night Cold (pheno demo) syrup", "pheno demo", "TORVEX Night Cold"),
        ]
    )
    assert catalog.recognize("u-300 dose for 250 units/day?") == ["insulin demo"]
    assert catalog.recognize("Glumavin in pregnancy") == ["insulin demo"]
    assert catalog.recognize("coralex dose") == ["dextro demo"]
    assert catalog.recognize("a cold at night: what dose?") == []  # everyday words name no product
    assert catalog.recognize("cough syrup for the night") == []
