"""Product identity of an SPL label: active moieties, brand, title.

The SPL product listing (section 48780-1) is structured data FDA validates:
each ``manufacturedProduct`` has a proprietary ``name`` (with an optional
``suffix`` such as "XR" or "Childrens Night Time Cold and Cough"), a dosage
``formCode``, a ``genericMedicine`` name (often a salt: "sildenafil citrate")
and ``ingredient`` elements whose active ones (classCode ACTIB, ACTIM, ACTIR)
name their ``activeMoiety`` ("SILDENAFIL"). The moiety is what the project
calls ``product``; only labels without moiety elements fall back to the
generic name reduced by how the label's own text uses it
(:func:`label_meta.moiety_by_usage`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from assistant.ingest import label_meta
from assistant.ingest.spl_sections import LISTING_DATA_ELEMENTS, OTC_ONLY_CODES

NS = {"v3": "urn:hl7-org:v3"}
ACTIVE_CLASSES = ("ACTIB", "ACTIM", "ACTIR")
"""Active ingredient, basis of strength: the ingredient itself, its moiety, a reference drug."""
OTC_DOCUMENT_CODE = "34390-5"
"""LOINC 'HUMAN OTC DRUG LABEL'."""


def _text(el: etree._Element | None) -> str:
    return label_meta.clean("".join(el.itertext())) if el is not None else ""


@dataclass
class ListedProduct:
    """One product of the listing: its names, form and active moieties in label order."""

    name: str
    suffix: str
    form: str
    generic: str
    moieties: list[str] = field(default_factory=list)


def _listed(product: etree._Element) -> ListedProduct:
    name_el = product.find("v3:name", NS)
    suffix_el = name_el.find("v3:suffix", NS) if name_el is not None else None
    name = label_meta.clean(name_el.text or "") if name_el is not None else ""
    form_el = product.find("v3:formCode", NS)
    moieties: list[str] = []
    for ingredient in product.iter(f"{{{NS['v3']}}}ingredient"):
        if ingredient.get("classCode") not in ACTIVE_CLASSES:
            continue
        moiety = _text(ingredient.find("v3:ingredientSubstance/v3:activeMoiety/v3:activeMoiety/v3:name", NS))
        if moiety and moiety.lower() not in moieties:
            moieties.append(moiety.lower())
    return ListedProduct(
        name=name,
        suffix=_text(suffix_el),
        form=(form_el.get("displayName") or "") if form_el is not None else "",
        generic=_text(product.find("v3:asEntityWithGeneric/v3:genericMedicine/v3:name", NS)),
        moieties=moieties,
    )


def listed_products(root: etree._Element) -> list[ListedProduct]:
    """Products of the listing sections, in document order (outer manufacturedProduct of each subject)."""
    out: list[ListedProduct] = []
    for section in root.iter(f"{{{NS['v3']}}}section"):
        code = section.find("v3:code", NS)
        if code is None or code.get("code") != LISTING_DATA_ELEMENTS:
            continue
        for product in section.findall("v3:subject/v3:manufacturedProduct/v3:manufacturedProduct", NS):
            out.append(_listed(product))
    return out


def title_lines(title_el: etree._Element | None) -> list[str]:
    """The document title's lines; SPL separates them with <br/>."""
    if title_el is None:
        return []
    parts: list[str] = [title_el.text or ""]
    for child in title_el:
        local = child.tag.split("}", 1)[-1] if isinstance(child.tag, str) else ""
        parts.append("\n" if local == "br" else "".join(child.itertext()))
        parts.append(child.tail or "")
    return [label_meta.clean(line) for line in "".join(parts).split("\n") if label_meta.clean(line)]


@dataclass
class LabelIdentity:
    """What the loader puts in DocumentMeta: title, product (moieties) and brand."""

    title: str
    product: str | None
    brand: str | None


def _brand(products: list[ListedProduct], generic_words: set[str], title: str) -> str | None:
    """The first proprietary name that is not just the generic name, spelt as the title spells it.

    A generic product (listing name = generic name) has no brand; only a label
    without a listing falls back to the name its Highlights sentence uses.
    """
    for p in products:
        if not p.name or set(label_meta.words(p.name)) <= generic_words:
            continue
        spelt = _spelling_in(title, p.name)
        return spelt or p.name
    return None if products else label_meta.highlights_brand(title)


def _spelling_in(text: str, name: str) -> str | None:
    """``name`` as ``text`` writes it (e.g. 'VIAGRA' for the listing's 'Viagra'), when it appears."""
    target = label_meta.words(name)
    tokens = label_meta.clean(text).split()
    for i in range(len(tokens) - len(target) + 1):
        window = tokens[i : i + len(target)]
        if [label_meta.words(t)[0] if label_meta.words(t) else "" for t in window] == target:
            return " ".join(t.strip(".,;:()") for t in window)
    return None


def _product(products: list[ListedProduct], body_text: str) -> str | None:
    moieties: list[str] = []
    for p in products:
        moieties += [m for m in p.moieties if m not in moieties]
    if moieties:
        return "/".join(moieties)
    generic = next((p.generic for p in products if p.generic), "")
    return label_meta.product_from_generic(generic, body_text) if generic else None


def is_otc(root: etree._Element, section_codes: set[str]) -> bool:
    code = root.find("v3:code", NS)
    return (code is not None and code.get("code") == OTC_DOCUMENT_CODE) or bool(section_codes & OTC_ONLY_CODES)


def identify(root: etree._Element, body_text: str, otc: bool) -> LabelIdentity:
    """Title without Highlights boilerplate, product as active moieties, brand from the listing."""
    products = listed_products(root)
    raw_lines = title_lines(root.find("v3:title", NS))
    raw_title = " ".join(raw_lines)
    product = _product(products, body_text)
    generic_words = set(label_meta.words(" ".join([p.generic for p in products] + [product or ""])))
    brand = _brand(products, generic_words, raw_title)
    names = [n for n in [brand, *(product or "").split("/"), *(p.generic for p in products)] if n]
    kept = [label_meta.strip_boilerplate(line) for line in raw_lines]
    product_lines = [line for line in kept if line and label_meta.is_product_line(line, names)]
    suffix = label_meta.OTC_SUFFIX if otc else label_meta.PI_SUFFIX
    if product_lines:
        line = "; ".join(product_lines)
    elif products:
        first = products[0]
        named = " ".join(x for x in [brand or "", first.suffix] if x)
        # DailyMed names a product with its dosage form ("… Cold and Cough syrup"): users do too
        line = f"{named} {first.form.lower()}".strip() if named else f"{first.generic.lower()} {first.form.lower()}"
        line = line.strip()
    else:
        line = " ".join(k for k in kept if k)
    return LabelIdentity(title=label_meta.label_title(line, suffix), product=product, brand=brand)
