"""Which products a question is about, learnt from the documents that are stored.

Nothing is hard-coded: generic names, brands and therapeutic areas come from
the documents' metadata, and label titles of the form ``BRAND (generic) ...``
fill in what a manifest left out. So ingesting a new label teaches the
assistant a new product, and removing it forgets it.

Matching is case-insensitive on whole words: "Entresto", "sacubitril",
"sacubitril and valsartan" and "sacubitril/valsartan" all name the same
product, while "insulinoma" never names "insulin".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Protocol

from pydantic import BaseModel, Field

from assistant.types import DocumentMeta

_COMPONENT_SPLIT = re.compile(r"\s*(?:/|\+|&|\band\b|,)\s*", re.IGNORECASE)
_SEPARATOR = r"\s*(?:/|\+|&|-|\band\b|,)\s*"
_TITLE_BRAND_GENERIC = re.compile(
    r"^\s*([A-Z][A-Za-z0-9\-]{2,}(?:\s[A-Z][A-Za-z0-9\-]{2,})?)[®™]?\s*\(([a-zA-Z][^)]*)\)"
)
_DOSAGE_FORM_WORDS = re.compile(
    r"\b(?:injection|tablets?|capsules?|solution|suspension|for|oral|subcutaneous|intravenous|use|film-coated|"
    r"extended-release|delayed-release|kit|pen|cream|powder)\b.*$",
    re.IGNORECASE,
)
MIN_ALIAS_CHARS = 3
"""Shorter aliases ("ra", "ms") would match ordinary words and abbreviations."""


class ProductInfo(BaseModel):
    """A product the corpus knows, with every name a question might use for it."""

    product: str = Field(description="Generic name, lower case; combinations joined by '/'.")
    brand: str | None = None
    therapeutic_area: str | None = None
    aliases: list[str] = Field(default_factory=list, description="Lower-case names that denote the product.")


class _DocumentSource(Protocol):
    def documents(self) -> Any: ...


def normalise_generic(name: str) -> str:
    """'Sacubitril and Valsartan' -> 'sacubitril/valsartan'; single generics just lower-cased."""
    parts = [p.strip().lower() for p in _COMPONENT_SPLIT.split(name) if p.strip()]
    return "/".join(parts)


def components(generic: str) -> list[str]:
    return [p for p in generic.split("/") if p]


def parse_label_title(title: str) -> tuple[str | None, str | None]:
    """(brand, generic) from an SPL-style title such as 'OZEMPIC (semaglutide) injection'."""
    match = _TITLE_BRAND_GENERIC.match(title)
    if not match:
        return None, None
    generic = _DOSAGE_FORM_WORDS.sub("", match.group(2)).strip(" ,;")
    return match.group(1).strip(), normalise_generic(generic) if generic else None


def _aliases(product: str, brands: Iterable[str]) -> list[str]:
    """The generic, its separator variants, its components and its brands, lower case."""
    parts = components(product)
    names = [product]
    if len(parts) > 1:
        names += [" and ".join(parts), " / ".join(parts), "-".join(parts), *parts]
    names += [b.lower() for b in brands]
    unique: list[str] = []
    for name in names:
        if len(name) >= MIN_ALIAS_CHARS and name not in unique:
            unique.append(name)
    return unique


def _alias_regex(alias: str) -> str:
    """Whole-word pattern; the separators of a combination may be written any way."""
    parts = components(normalise_generic(alias)) if "/" in alias or " and " in alias else [alias]
    body = _SEPARATOR.join(re.escape(p).replace(r"\ ", r"\s+") for p in parts)
    return rf"(?<!\w){body}(?!\w)"


class ProductCatalog:
    """Products of the stored documents and a recogniser for their names in free text."""

    def __init__(self, products: list[ProductInfo]) -> None:
        self.products = sorted(products, key=lambda p: p.product)
        self._by_name: dict[str, list[ProductInfo]] = {}
        for info in self.products:
            for name in [info.product, *info.aliases]:
                owners = self._by_name.setdefault(name.lower(), [])
                if info not in owners:
                    owners.append(info)
        # Longest alias first, so "sacubitril/valsartan" is one mention, not two components.
        aliases = sorted(self._by_name, key=len, reverse=True)
        self._pattern = (
            re.compile("|".join(f"(?P<a{i}>{_alias_regex(a)})" for i, a in enumerate(aliases)), re.IGNORECASE)
            if aliases
            else None
        )
        self._group_alias = {f"a{i}": a for i, a in enumerate(aliases)}

    @classmethod
    def from_metas(cls, metas: Iterable[DocumentMeta]) -> ProductCatalog:
        """Build from document metadata; label titles supply names the metadata lacks."""
        brands: dict[str, list[str]] = {}
        areas: dict[str, str] = {}
        for meta in metas:
            is_label = meta.doc_type == "label"
            title_brand, title_generic = parse_label_title(meta.title) if is_label else (None, None)
            generic = normalise_generic(meta.product) if meta.product else title_generic
            if not generic:
                continue
            known = brands.setdefault(generic, [])
            for brand in (meta.brand, title_brand):
                if brand and brand.lower() not in (b.lower() for b in known):
                    known.append(brand)
            if meta.therapeutic_area and generic not in areas:
                areas[generic] = meta.therapeutic_area
        products = [
            ProductInfo(
                product=generic,
                brand=names[0] if names else None,
                therapeutic_area=areas.get(generic),
                aliases=_aliases(generic, names),
            )
            for generic, names in brands.items()
        ]
        return cls(products)

    @classmethod
    def from_store(cls, store: _DocumentSource) -> ProductCatalog:
        """The catalog of every document in the store, whatever its status.

        Expired and withdrawn documents still teach names: a question about a
        withdrawn product must be recognised (and then find nothing approved)
        rather than silently fall back to unrelated products.
        """
        return cls.from_metas(summary.meta for summary in store.documents())

    def _owners(self, alias: str) -> list[ProductInfo]:
        """Products an alias denotes; a name that is some product's own generic or brand wins."""
        owners = self._by_name.get(alias.lower(), [])
        exact = [p for p in owners if alias.lower() in (p.product, (p.brand or "").lower())]
        return exact or owners

    def recognize(self, text: str) -> list[str]:
        """Generic names mentioned in ``text``, in order of first mention, without duplicates."""
        if self._pattern is None:
            return []
        found: list[str] = []
        for match in self._pattern.finditer(text):
            alias = self._group_alias[match.lastgroup or ""]
            for info in self._owners(alias):
                if info.product not in found:
                    found.append(info.product)
        return found

    def mask(self, text: str, placeholder: str = "the drug") -> str:
        """``text`` with every product name replaced: what is asked, without whom it is asked about."""
        return self._pattern.sub(placeholder, text) if self._pattern is not None else text

    def get(self, name: str) -> ProductInfo | None:
        """A product by generic name, brand or alias (case-insensitive); None if unknown."""
        key = normalise_generic(name) if name.strip() else ""
        owners = self._owners(key) or self._owners(name.strip().lower())
        return owners[0] if owners else None
