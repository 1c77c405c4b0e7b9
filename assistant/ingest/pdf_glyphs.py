"""Characters a PDF font puts in Unicode's private use area, read as the characters they draw.

Word-made PDFs set Greek letters, comparison signs and bullets in a *symbolic*
font (Symbol, Wingdings) whose character codes pdfium can only report as
U+F020-U+F0FF. Read as is, "TNF" + U+F061 loses its alpha, "U+F0B3 10%" its
"≥", and every bullet becomes an unknown glyph that leaks into answers. The
code's low byte is the font's own encoding: Adobe's Symbol encoding for a
Symbol font (the table pypdf ships), the Latin code for a text font that
merely used the symbolic mapping, a bullet for a dingbat font.
"""

from __future__ import annotations

import ctypes
from functools import lru_cache

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

BULLET = "•"
PRIVATE_LOW, PRIVATE_HIGH = 0xF020, 0xF0FF
_DINGBAT_FONTS = ("wingding", "webding", "dingbat", "zapf")
_SYMBOL_MARKS = {0xD2: "®", 0xD3: "©", 0xD4: "™", 0xE2: "®", 0xE3: "©", 0xE4: "™"}
"""Symbol's serif and sans-serif registered/copyright/trademark signs, which Adobe's table leaves private."""


def is_private(char: str) -> bool:
    return len(char) == 1 and PRIVATE_LOW <= ord(char) <= PRIVATE_HIGH


@lru_cache(maxsize=1)
def _symbol_table() -> tuple[str, ...]:
    """Adobe Symbol encoding (256 entries), from pypdf; empty when unavailable."""
    try:
        from pypdf._codecs.symbol import _symbol_encoding
    except ImportError:  # pypdf moved its private table: fall back to the Latin reading
        return ()
    return tuple(_symbol_encoding)


def font_name(textpage: pdfium.PdfTextPage, index: int) -> str:
    """The name of the font character ``index`` is set in ("ABCDEF+SymbolMT"), or ""."""
    buffer = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    if not pdfium_c.FPDFText_GetFontInfo(textpage.raw, index, buffer, len(buffer), ctypes.byref(flags)):
        return ""
    return buffer.value.decode("latin-1", errors="replace")


def readable(char: str, font: str) -> str:
    """A private-use character as the one character its font draws (a space when nothing readable)."""
    code = ord(char) - 0xF000
    name = font.lower()
    if any(mark in name for mark in _DINGBAT_FONTS):
        return BULLET if code > 0x20 else " "
    if "symbol" in name:
        table = _symbol_table()
        mapped = _SYMBOL_MARKS.get(code) or (table[code] if code < len(table) else "")
        if mapped and not 0xE000 <= ord(mapped[0]) <= 0xF8FF and mapped != "\x00":
            return BULLET if mapped in "•·" else mapped[0]
        return " "
    return chr(code) if 0x20 <= code < 0x7F or 0xA0 <= code <= 0xFF else " "
