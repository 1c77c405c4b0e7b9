"""Routes of administration as labels and users write them, and whose route a sentence names.

Split from :mod:`.label_dosing` (amounts and schedules) because a route is read differently: a
route word may belong to another agent ("intravenous methylene blue"), to the label's own
instruction about another form, or be implied by the dosage form when the dosing sentences name
none. The same readers parse the label and the text being checked, so "SC" and "under the skin"
mean the same thing on both sides.
"""

from __future__ import annotations

import re
from collections import Counter

# "IV" is also a Roman numeral: "Class III/IV", "Studies III and IV", "topoisomerase IV" (an enzyme's -ase).
_ROUTES: list[tuple[str, re.Pattern[str]]] = [
    ("intravenous", re.compile(
        r"\b[Ii]ntravenous(?:ly)?\b"
        r"|(?<![Ss]tage )(?<![Cc]lass )(?<![Gg]rade )(?<![Pp]hase )(?<![Tt]ype )(?<![-–/])(?<!I to )(?<!I and )"
        r"(?<!I or )(?<![Ss]tudies )(?<![Ss]tudy )(?<![Ff]actor )(?<!ase )\bIV\b")),
    ("subcutaneous", re.compile(
        r"\bsub-?cutaneous(?:ly)?\b|\bSC\b|\bSQ\b|\bsub-?Q\b|\bsubcut\b|\bunder the skin\b|\bpens?\b", re.I)),
    ("oral", re.compile(r"\borally\b|\boral\b|\bby mouth\b|\btablets?\b|\bcapsules?\b|\bpills?\b", re.I)),
    ("intrathecal", re.compile(r"\bintrathecal(?:ly)?\b|\blumbar puncture\b", re.I)),
    ("intramuscular", re.compile(
        r"\bintramuscular(?:ly)?\b|\bIM\b|\binto (?:the |a )?(?:deltoid |gluteal |thigh |buttock )?muscles?\b")),
    ("intravitreal", re.compile(r"\bintravitreal(?:ly)?\b", re.I)),
    ("topical", re.compile(r"\btopical(?:ly)?\b|\bcream\b|\bointment\b", re.I)),
    ("inhaled", re.compile(r"\binhaled\b|\binhalation\b", re.I)),
    ("nebulized", re.compile(r"\bnebuli[sz](?:ed|er|ers|ation)\b", re.I)),  # a device the label must name
    ("sublingual", re.compile(r"\bsublingual(?:ly)?\b|\bunder the tongue\b", re.I)),
    ("rectal", re.compile(r"\brectal(?:ly)?\b|\bsuppositor(?:y|ies)\b", re.I)),
]  # fmt: skip


def routes(text: str) -> list[tuple[str, re.Match[str]]]:
    return [(key, m) for key, rx in _ROUTES for m in rx.finditer(text)]


def label_names_form(text: str, m: re.Match[str], key: str, label_text: str) -> bool:
    """The route in the text qualifies an agent word ("IV velmidipine stress test") that the label
    itself names with the same route ("stress testing with intravenous velmidipine"): the text is
    about the label's own instruction on that other form, not a new route for the product. A
    generic noun after the route ("intravenous infusion") names no form and never matches."""
    after = re.match(r"\s+([A-Za-z][\w-]{3,})", text[m.end() :])
    if after is None:
        return False
    word = after.group(1).lower()
    if word in _ADMIN_NOUNS or word in _FUNCTION_WORDS:
        return False
    for other, rx in _ROUTES:
        if other != key:
            continue
        for lm in rx.finditer(label_text):
            nxt = re.match(r"\s+([A-Za-z][\w-]{3,})", label_text[lm.end() :])
            if nxt is not None and nxt.group(1).lower() == word:
                return True
    return False


def inferred_routes(forms_text: str, names: tuple[str, ...], label_text: str) -> frozenset[str]:
    """The route of a label whose dosing sentences name none ("Apply a thin layer twice daily"): the
    dosage form says it ("Cream: 1.5%" in Dosage Forms and Strengths, or "<brand> cream"); only
    without one, the route the label names most. A topical label's warnings about ORAL inhibitors
    must not make it an oral label."""
    for text in (forms_text, " ".join(names)):
        found = frozenset(k for k, _ in routes(text))
        if found:
            return found
    counts = Counter(k for k, _ in routes(label_text))
    return frozenset(k for k, _ in counts.most_common(1))


_ADMIN_NOUNS = frozenset(
    ["infusion", "infusions", "injection", "injections", "use", "administration", "dose", "doses", "dosing",
     "route", "bolus", "push", "formulation", "formulations", "form", "forms", "solution", "therapy", "treatment",
     "regimen", "induction", "maintenance", "loading", "line"]
)  # fmt: skip
_ADJECTIVE_FORMS = frozenset(
    ["intravenous", "subcutaneous", "sub-cutaneous", "oral", "intramuscular", "intrathecal", "intravitreal",
     "topical", "sublingual", "rectal", "iv", "sc", "sq", "im", "subcut"]
)  # fmt: skip
_FUNCTION_WORDS = frozenset(
    ["a", "an", "the", "over", "for", "in", "at", "as", "to", "and", "or", "every", "once", "twice", "daily", "is",
     "are", "be", "was", "were", "given", "should", "may", "can", "not", "than", "with", "on"]
)  # fmt: skip


def product_routes(sentence: str, names: tuple[str, ...]) -> list[str]:
    """Routes the sentence gives the PRODUCT: a route adjective naming another agent's route
    ("intravenous methylene blue", "subcutaneous heparin injection", "an intravenous bolus dose of
    heparin") is that agent's; "as an intravenous infusion over 90 minutes", "intravenous infusion
    of <product>" and adverbs ("orally") are the product's."""
    own = {n.lower() for n in names}
    out = []
    for key, m in routes(sentence):
        if m.group(0).lower() not in _ADJECTIVE_FORMS:
            out.append(key)  # "orally", "tablets", "by mouth"
            continue
        words = re.findall(r"[\w'-]+", sentence[m.end() :].lower())[:6]
        i = 0
        while i < len(words) and words[i] in _ADMIN_NOUNS:
            i += 1
        nxt = words[i] if i < len(words) else None
        if nxt is None or nxt in own or (i > 0 and nxt != "of" and nxt in _FUNCTION_WORDS):
            out.append(key)
        elif nxt == "of":
            obj = next((w for w in words[i + 1 :] if w not in ("the", "a", "an")), None)
            if obj is None or obj in own or obj in _ADMIN_NOUNS:
                out.append(key)
        elif i == 0 and nxt in _FUNCTION_WORDS:
            out.append(key)  # "given intravenous or oral", "for oral and ..."
    return out
