"""Label metadata from label text, shared by the SPL loader and PDF inference.

Everything here follows the format US labeling regulations prescribe, not any
product: Highlights start with the sentence "These highlights do not include
all the information needed to use <BRAND> safely and effectively. See full
prescribing information for <BRAND>." (21 CFR 201.57(a)(1)), followed by the
product line "<PROPRIETARY NAME> (<established name>) <dosage form>, for <route>
use" and "Initial U.S. Approval: <year>". The title of a label is that product
line plus what the document is ("Prescribing Information", "Drug Facts").
"""

from __future__ import annotations

import re

_BOILERPLATE = [
    re.compile(r"these\s+highlights\s+do\s+not\s+include\s+all\s+the\s+information\s+needed\s+to\s+use\s+.*?"
               r"safely\s+and\s+effectively\.?", re.IGNORECASE | re.DOTALL),
    re.compile(r"see\s+full\s+prescribing\s+information\s+for\s+(?:complete\s+information\s+(?:on|about)\s+)?"
               r"[^.]*?(?:\.|$)", re.IGNORECASE),
    re.compile(r"initial\s+u\.?\s?s\.?\s+approval:?\s*(?:\d{4})?\.?", re.IGNORECASE),
    re.compile(r"highlights\s+of\s+prescribing\s+information", re.IGNORECASE),
]  # fmt: skip
_HIGHLIGHTS_BRAND = re.compile(
    r"information\s+needed\s+to\s+use\s+(?P<brand>.+?)\s+safely\s+and\s+effectively", re.IGNORECASE | re.DOTALL
)
_MARKS = re.compile(r"[®™†*]")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[a-z0-9]+")
_LINE_BEFORE_PARENTHESIS = re.compile(r"\s*;\s*(?=\()")
_COMPONENTS = re.compile(r"\s*(?:,\s*(?:and\s+)?|\band\b|/|\+|;)\s*", re.IGNORECASE)
_BIOLOGIC_PROPER_NAME = re.compile(r"\b(?:vaccines?|toxoids?|immune\s+globulin|antitoxin|antivenom)\b", re.IGNORECASE)
"""A biologic's proper name (21 CFR 600.3): one product, however many words, "and"s and commas it has."""
_PROPER_NAME_DESCRIPTOR = re.compile(r"\s*(?:,|\().*$")
"""What follows the core of a proper name: ", Recombinant", ", Adsorbed", "(Live)"."""

PI_SUFFIX = "Prescribing Information"
OTC_SUFFIX = "Drug Facts"

MIN_STANDALONE_MENTIONS = 3
"""A shorter name must be used on its own at least this often before it replaces the full name."""
STANDALONE_RATIO = 2.0
"""...and at least this many times as often as the full name (salts are named once or twice)."""


def clean(text: str) -> str:
    """Whitespace collapsed, trademark marks removed."""
    return _SPACE.sub(" ", _MARKS.sub("", text)).strip()


def strip_boilerplate(text: str) -> str:
    """A label title without the regulatory Highlights sentences and the Initial U.S. Approval line."""
    out = text
    for pattern in _BOILERPLATE:
        out = pattern.sub(" ", out)
    return clean(out).strip(" .;,-—")


def highlights_brand(text: str) -> str | None:
    """The proprietary name from "...information needed to use <BRAND> safely and effectively"."""
    match = _HIGHLIGHTS_BRAND.search(text)
    if not match:
        return None
    brand = clean(match.group("brand"))
    return brand if 0 < len(brand.split()) <= 4 else None


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def mentions(name: str, text: str) -> bool:
    """Whole-word, case-insensitive: does ``text`` name ``name``?"""
    target = words(name)
    return bool(target) and _count(target, words(text)) > 0


def _count(target: list[str], tokens: list[str], not_followed_by: list[str] | None = None) -> int:
    n, hits = len(target), 0
    for i in range(len(tokens) - n + 1):
        if tokens[i : i + n] != target:
            continue
        if not_followed_by and tokens[i + n : i + n + len(not_followed_by)] == not_followed_by:
            continue
        hits += 1
    return hits


def split_components(generic: str) -> list[str]:
    """'relugolix, estradiol, and norethindrone acetate' → its three components, in label order."""
    return [clean(p).lower() for p in _COMPONENTS.split(generic) if clean(p)]


def moiety_by_usage(name: str, text: str) -> str:
    """Drop trailing salt words from ``name`` when the document itself names the drug without them.

    Used only where the source carries no active-moiety element (PDFs, old
    SPLs). A label names its salt ("sildenafil citrate") in the title and
    Description, and the moiety alone ("sildenafil") throughout pharmacology;
    so the shortest leading part used on its own at least
    ``MIN_STANDALONE_MENTIONS`` times and ``STANDALONE_RATIO`` times as often
    as the full name is taken. A name the text uses only whole stays whole.
    """
    parts = name.lower().split()
    if len(parts) < 2:
        return name.lower()
    tokens = words(text)
    full = max(1, _count(words(name), tokens))
    for cut in range(1, len(parts)):
        head, rest = parts[:cut], words(" ".join(parts[cut:]))
        alone = _count(words(" ".join(head)), tokens, not_followed_by=rest)
        if alone >= MIN_STANDALONE_MENTIONS and alone >= STANDALONE_RATIO * full:
            return " ".join(head)
    return name.lower()


def product_from_generic(generic: str, text: str) -> str | None:
    """Project convention: active moieties, lower case, joined with '/' in label order.

    A vaccine's, toxoid's or immune globulin's proper name is one product: its commas and "and"s
    ("... Vaccine, Recombinant"; "Diphtheria and Tetanus Toxoids ...") join descriptors and antigens,
    not active ingredients, and its first word ("human") is no moiety."""
    if _BIOLOGIC_PROPER_NAME.search(generic):
        return clean(_PROPER_NAME_DESCRIPTOR.sub("", generic)).lower() or None
    parts = [moiety_by_usage(c, text) for c in split_components(generic)]
    unique = list(dict.fromkeys(p for p in parts if p))
    return "/".join(unique) or None


def is_product_line(text: str, names: list[str]) -> bool:
    """Does a title line name the product (its brand or a generic), rather than only the document kind?"""
    return any(name and mentions(name, text) for name in names)


def label_title(product_line: str, suffix: str) -> str:
    """'<product line> — <suffix>', unless the line already says what the document is.

    Title lines joined with ';' are re-joined with a space where a line is the
    parenthesised established name of the line before ("BRAND" / "(generic)"):
    SPL titles break the line there for layout, not between products.
    """
    line = _LINE_BEFORE_PARENTHESIS.sub(" ", clean(product_line)).strip(" .;,-—")
    if not line:
        return suffix
    if words(suffix) and " ".join(words(suffix)) in " ".join(words(line)):
        return line
    return f"{line} — {suffix}"
