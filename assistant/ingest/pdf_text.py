"""Text clean-up for PDF lines: ligatures, hyphenation, running headers/footers and page numbers.

Running headers and footers are found per document, not by a list of journal
names: a line near the top or bottom of a page whose text (digits masked) comes
back on a good share of the pages is page furniture, not content. A line that
is only a page number ("12", "Page 3 of 9", "- 4 -") at the top or bottom is
dropped too.
"""

from __future__ import annotations

import re
from collections import Counter

_LIGATURES = str.maketrans(
    {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"}
)
_SOFT_HYPHEN = re.compile(r"[\ufffe\u00ad\x02]\s*")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufeff\ufffd]")
_PAGE_NUMBER = re.compile(r"^[\W_]*(page|p\.)?\s*\d{1,4}(\s*(of|/)\s*\d{1,4})?[\W_]*$", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
EDGE_LINES = 3
"""How many lines at the top and at the bottom of a page can be running headers or footers."""
REPEAT_SHARE = 0.4
"""A top/bottom line seen on at least this share of pages (and on 3 or more) is a running header/footer."""


def _soft_hyphen(match: re.Match[str]) -> str:
    """pdfium marks a hyphen at a line end with U+FFFE: a word split across lines, joined back."""
    rest = match.string[match.end() : match.end() + 1]
    return "" if rest[:1].islower() else "-"


def normalise(text: str) -> str:
    """Ligatures spelled out, line-end hyphen markers resolved, control characters and double spaces removed."""
    text = _SOFT_HYPHEN.sub(_soft_hyphen, text.translate(_LIGATURES))
    return " ".join(_CONTROL.sub(" ", text).split())


def join_lines(lines: list[str]) -> str:
    """Wrapped lines back to running text; 'treat-' + 'ment' becomes 'treatment'."""
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if out.endswith("-") and len(out) > 1 and out[-2].isalpha() and line[:1].islower():
            out = out[:-1] + line
        else:
            out = f"{out} {line}" if out else line
    return out


def furniture_key(text: str) -> str:
    """What a running header/footer looks like on every page: lower case, digits masked."""
    return _DIGITS.sub("#", text.lower()).strip()


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text.strip()))


def edge_indices(count: int) -> set[int]:
    """Positions (in top-to-bottom order) that may hold a header or footer."""
    return set(range(min(EDGE_LINES, count))) | set(range(max(0, count - EDGE_LINES), count))


def repeated_furniture(pages_edge_keys: list[set[str]]) -> set[str]:
    """Keys of top/bottom lines repeated on enough pages to be running headers/footers."""
    if len(pages_edge_keys) < 3:
        return set()
    seen: Counter[str] = Counter()
    for keys in pages_edge_keys:
        seen.update(keys)
    needed = max(3, int(REPEAT_SHARE * len(pages_edge_keys) + 0.999))
    return {key for key, n in seen.items() if n >= needed}
