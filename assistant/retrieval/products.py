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

from assistant.retrieval.common_words import everyday_words
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
MIN_TYPO_CHARS = 6
"""Only names this long are recognised misspelt: a short name is one edit away from ordinary words."""
TYPO_EDITS = 1
"""A misspelling is one insertion, deletion, substitution or swap away: "vedolizumbab", "semaglutde"."""
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z]+")
_SUFFIXED = re.compile(r"^([a-z][a-z ]{2,}[a-z])-[a-z]{4}$")
"""A biologic's nonproprietary name with its four-letter FDA suffix ("velmanumab-xkrt"): the core
name ("velmanumab") denotes the same product, and is how questions and publications write it."""
_CONJUGATED_ANTIBODY = re.compile(r"^([a-z]+mab) [a-z]+$")
"""An antibody-drug conjugate's name: the antibody's INN (the "-mab" stem) and the payload's
("velmanumab sorvedotin"). Questions name the conjugate by its antibody word alone."""


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
    names += [core.group(1) for name in [product, *parts] if (core := _SUFFIXED.match(name))]
    names += [antibody.group(1) for name in names[:] if (antibody := _CONJUGATED_ANTIBODY.match(name))]
    names += [b.lower() for b in brands]
    unique: list[str] = []
    for name in names:
        if len(name) >= MIN_ALIAS_CHARS and name not in unique:
            unique.append(name)
    return unique


def _brand_words(brands: Iterable[str]) -> set[str]:
    """The distinctive words of a brand of several words ("U-300" of "GLUMAVIN R U-300"): questions name the
    product by one of them. Everyday words ("cold", "night") and dosage forms name no product; a word
    two products' brands share names neither (the caller drops it)."""
    found: set[str] = set()
    for brand in brands:
        for name in _COMPONENT_SPLIT.split(brand):
            words = name.lower().split()
            if len(words) < 2:
                continue
            found.update(
                w
                for w in words
                if len(w) >= MIN_ALIAS_CHARS
                and re.search(r"[a-z]", w)
                and w not in everyday_words()
                and not _DOSAGE_FORM_WORDS.fullmatch(w)
                and w != name.lower()
            )
    return found


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (insert, delete, substitute, swap), or ``limit + 1`` beyond ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _alias_regex(alias: str) -> str:
    """Whole-word pattern; the separators of a combination may be written any way."""
    parts = components(normalise_generic(alias)) if "/" in alias or " and " in alias else [alias]
    body = _SEPARATOR.join(re.escape(p).replace(r"\ ", r"\s+") for p in parts)
    return rf"(?<!\w){body}(?!\w)"


PLACEHOLDER = "the drug"
"""What :meth:`ProductCatalog.mask` writes in place of a product name."""


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
        self._typo_targets = [a for a in aliases if a.isalpha() and len(a) >= MIN_TYPO_CHARS]
        self._mentions: dict[str, list[tuple[int, int, str]]] = {}  # one question is read several times

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
        words = {generic: _brand_words(names) for generic, names in brands.items()}
        shared = {w for found in words.values() for w in found if sum(w in other for other in words.values()) > 1}
        products = [
            ProductInfo(
                product=generic,
                brand=names[0] if names else None,
                therapeutic_area=areas.get(generic),
                aliases=_aliases(generic, [*names, *sorted(words[generic] - shared)]),
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

    def mentions(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, alias)`` of every product name in ``text``, in order, misspelt ones included.

        MSLs type fast: "semaglutde", "vedolizumbab". A word that is no name but lies one
        edit from a name of at least ``MIN_TYPO_CHARS`` letters
        names that product, unless it extends the name ("semaglutides", "valsartanic" are other words).
        """
        if self._pattern is None:
            return []
        cached = self._mentions.get(text)
        if cached is not None:
            return cached
        found = [(m.start(), m.end(), self._group_alias[m.lastgroup or ""]) for m in self._pattern.finditer(text)]
        taken = [(start, end) for start, end, _ in found]
        for word in _WORD_RE.finditer(text):
            if len(word.group(0)) < MIN_TYPO_CHARS - 1 or any(s <= word.start() < e for s, e in taken):
                continue
            lowered = word.group(0).lower()
            for alias in self._typo_targets:
                if lowered[0] != alias[0] or abs(len(lowered) - len(alias)) > TYPO_EDITS or lowered.startswith(alias):
                    continue  # cheap checks first; a misspelling keeps the first letter
                if edit_distance(lowered, alias, TYPO_EDITS) <= TYPO_EDITS:
                    found.append((word.start(), word.end(), alias))
                    break
        if len(self._mentions) > 1024:
            self._mentions.clear()
        self._mentions[text] = sorted(found)
        return self._mentions[text]

    def recognize(self, text: str) -> list[str]:
        """Generic names mentioned in ``text``, in order of first mention, without duplicates."""
        found: list[str] = []
        for _, _, alias in self.mentions(text):
            for info in self._owners(alias):
                if info.product not in found:
                    found.append(info.product)
        return found

    def mask(self, text: str, placeholder: str = PLACEHOLDER) -> str:
        """``text`` with every product name replaced: what is asked, without whom it is asked about."""
        out = text
        for start, end, _ in reversed(self.mentions(text)):
            out = out[:start] + placeholder + out[end:]
        return out

    def get(self, name: str) -> ProductInfo | None:
        """A product by generic name, brand or alias (case-insensitive); None if unknown."""
        key = normalise_generic(name) if name.strip() else ""
        owners = self._owners(key) or self._owners(name.strip().lower())
        return owners[0] if owners else None
