"""PII rail: patient identifiers in free text, found with patterns and name heuristics.

Presidio (on PyPI) needs a spaCy NER model that is distributed from GitHub, not
PyPI, so it cannot be installed and run offline here; the recognisers below
follow Presidio's approach (pattern recognisers with context words) without
NER: titled names ("Mrs. Anna Kowalski", "Baby Noah Williams"), cue names
("patient John Smith"), names written next to an identifier ("Harold Jensen,
tel. ..."), dates of birth (labelled, or a bare date right after a name), record
and patient IDs ("Pt ID 7781-334-20"), phone numbers (formatted, or any digit
run after "tel"/"phone"), e-mail, SSN and street addresses. Surnames may carry
apostrophes, hyphens and Mc/Mac prefixes (O'Neil, Smith-Jones, McNamara).
Each identifier is replaced by a placeholder such as ``[NAME]`` or ``[DOB]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from assistant.guardrails.policy import PiiPolicy, load_policy
from assistant.types import GuardrailFinding

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+\d{4}"
    r"|" + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})"
)
_NAME = r"(?:[A-Z]['’]|Mc|Mac)?[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*"
# An identifier that follows a name directly ("Harold Jensen, tel. ...", "Mary O'Neil (DOB ...").
_ID_AFTER_NAME = (
    r"(?=\s*[,(:;-]?\s*(?:DOB|D\.O\.B|born|date of birth|MRN|tel\b|phone|ph\b|mobile|cell\b|ID\b|pt id|NHS|"
    r"hospital (?:no|number)|record|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}|[\w.+-]+@))"
)
_FIXED: list[tuple[str, str, re.Pattern[str]]] = [
    ("EMAIL", "e-mail address", re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")),
    ("SSN", "social security number", re.compile(r"\b\d{3}-\d{2}-\d{4}\b")),
    ("DOB", "date of birth", re.compile(
        r"(?i:\b(?:born(?:\s+on)?|DOB|D\.O\.B\.?|date of birth|birth ?date)\s*[:\-]?\s*)(" + _DATE + ")")),
    ("MRN", "medical record number", re.compile(
        r"(?i:\b(?:MRN|medical record(?: number| no\.?| #)?|record (?:number|no\.?|#)|patient (?:id|number|no\.?)"
        r"|chart (?:number|no\.?|#)|hospital (?:number|no\.?)|NHS number|pt\.? ?(?:id|no\.?|number|#)"
        r"|(?:case|subject|patient|member) (?:id|no\.?|number|#)|ID)\s*[:#]?\s*)((?=[A-Z-]*\d)[A-Z0-9][A-Z0-9-]{3,})")),
    ("PHONE", "phone number", re.compile(
        r"(?<![\d-])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?![\d-])"
        r"|(?<![\d-])\+\d{2}[\s\d-]{8,14}\d(?![\d-])"
        r"|(?i:\b(?:tel|phone|ph|mobile|cell|telephone|contact number)\.?\s*[:#]?\s*(?:no\.?\s*)?(?:on |at )?)"
        r"(\+?\(?\d[\d\s().-]{5,}\d)")),
    ("ADDRESS", "street address", re.compile(
        r"\b\d{1,5}\s+(?:[A-Z][a-z]+\s+){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Boulevard|Blvd|Drive|"
        r"Court|Ct|Way|Place|Pl|Terrace)\b\.?")),
]  # fmt: skip


class PiiRule:
    def __init__(self, policy: PiiPolicy) -> None:
        titles = "|".join(re.escape(t) for t in policy.titles)
        cues = "|".join(re.escape(c) for c in sorted(policy.name_cues, key=len, reverse=True))
        self.titled = re.compile(r"\b(?:" + titles + r")\.?\s+(" + _NAME + r"(?:\s+" + _NAME + r")?)")
        self.cued = re.compile(r"(?i:\b(?:" + cues + r"))[\s:,]+(" + _NAME + r"(?:\s+" + _NAME + r"){0,2})")
        self.before_id = re.compile(r"\b(" + _NAME + r"(?:\s+" + _NAME + r"){1,2})" + _ID_AFTER_NAME)
        self.date_after = re.compile(r"[\s,(]{1,3}(" + _DATE + r")")
        self.not_names = set(policy.not_names)

    def know_products(self, names: Iterable[str]) -> None:
        """Words of ingested product and brand names are never person names ("patient Humira" is a drug).

        Read from the catalog of the ingested labels, so no product has to be listed in the policy.
        """
        for name in names:
            for word in re.findall(r"[A-Za-z][\w-]+", name):
                self.not_names.update({word, word.capitalize(), word.upper()})

    def _names(self, text: str) -> list[tuple[str, str, int, int]]:
        out = []
        for rx in (self.titled, self.cued, self.before_id):
            for m in rx.finditer(text):
                words = m.group(1).split()
                while words and words[-1] in self.not_names:
                    words.pop()
                if not words or words[0] in self.not_names:
                    continue
                start = m.start(1)
                out.append(("NAME", "person name", start, start + len(" ".join(words))))
        return out

    def entities(self, text: str) -> list[tuple[str, str, int, int]]:
        """Non-overlapping (placeholder, description, start, end), earliest and longest first."""
        found = self._names(text)
        found += self._dates_after_names(text, found)
        for label, description, rx in _FIXED:
            for m in rx.finditer(text):
                group = 1 if m.lastindex else 0
                found.append((label, description, m.start(group), m.end(group)))
        found.sort(key=lambda e: (e[2], -(e[3] - e[2])))
        kept: list[tuple[str, str, int, int]] = []
        for entity in found:
            if not kept or entity[2] >= kept[-1][3]:
                kept.append(entity)
        return kept

    def _dates_after_names(self, text: str, names: list[tuple[str, str, int, int]]) -> list[tuple[str, str, int, int]]:
        """A bare full date written right after a person's name is taken as the date of birth."""
        out = []
        for _, _, _, end in names:
            m = self.date_after.match(text, end)
            if m:
                out.append(("DOB", "date of birth", m.start(1), m.end(1)))
        return out

    def redact(self, text: str) -> str:
        out, pos = [], 0
        for label, _, start, end in self.entities(text):
            out.append(text[pos:start] + f"[{label}]")
            pos = end
        return "".join(out) + text[pos:]

    def scan(self, text: str) -> list[GuardrailFinding]:
        return [
            GuardrailFinding(
                rule="pii",
                span=text[start:end],
                start=start,
                end=end,
                message=f"Patient identifier ({description}) found; it is redacted before the text is "
                "logged or sent to a model.",
                decision="allow_with_notice",
            )
            for _, description, start, end in self.entities(text)
        ]


@lru_cache(maxsize=1)
def _default_rule() -> PiiRule:
    return PiiRule(load_policy().pii)


def redact(text: str) -> str:
    """Identifiers replaced with [NAME], [DOB], [PHONE], [EMAIL], [MRN], [SSN], [ADDRESS]."""
    return _default_rule().redact(text)
