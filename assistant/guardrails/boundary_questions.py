"""Questions about where a label's population line lies, not requests to cross it.

"Is X approved for GAD in teens or only in adults?", "Does the X label cover male patients?", "Is X
indicated for women according to its label?", "What are the limitations of use, e.g. type 1
diabetes?" ask what the label says about its own boundary. The population and limitation checks of the
off-label rail see a population word the label does not admit ("teens", "male", "women") or a limited
condition and flag a use; by the labelling convention a question ABOUT a population boundary, a
limitation or a contraindication is answered from the label, while a question asking whether to USE
the product for someone outside the boundary ("15 yo with GAD, start escitalopram?") is off-label.

The difference is read from the question sentence: it is directed at the label's scope (an
"approved/indicated ... or only ..." alternative, "does the label cover/include ...", "according
to/per the label", "limitations of use", "studied/established in", an age-range question, "why is it
contraindicated ...") and it describes no patient (no chart age or "my patient") and asks for no
administration ("can we start", "ok to give"). Only findings about the population or a limitation
are excused this way: a disease the label does not list, a dose or a schedule asked "per the label" is
still a use question (the convention treats an unlisted disease as a use, not a boundary).
"""

from __future__ import annotations

import re

from assistant.guardrails.text import sentence_spans
from assistant.types import GuardrailFinding

_SCOPE = re.compile(
    r"\b(?:approved|indicated|label(?:l)?ed|licensed|authori[sz]ed|cleared)\b[^?.;]{0,60}?\bor\s+(?:is\s+it\s+)?"
    r"(?:just|only|strictly|solely)\b"
    r"|\bor\s+(?:just|only|strictly|solely)\s+(?:for|in)\b"
    r"|\b(?:label|labell?ing|prescribing information|PI|indications?)\s+(?:\w+\s+)?"
    r"(?:covers?|includes?|extends?|allows?|permits?|mentions?|appl(?:y|ies)|address(?:es)?)\b"
    r"|\b(?:according to|per|under|in|by)\s+(?:the|its|their)\s+(?:\w+\s+)?"
    r"(?:label|labell?ing|prescribing information|PI|indications?)\b"
    r"|\blimitations?\s+of\s+use\b"
    r"|\b(?:studied|established|evaluated|tested)\s+(?:in|for|among)\b"
    r"|\b(?:youngest|minimum|lowest|oldest|maximum|upper|lower)\s+age\b|\bage\s+(?:range|limits?|cut-?offs?|floor)\b"
    r"|\bwhat\s+ages?\b|\bhow\s+(?:young|old)\b"
    r"|\bwhy\b[^?.;]{0,50}\b(?:contraindicated|not\s+(?:recommended|indicated|approved)|can\s*['’]?t|cannot|avoid\w*)\b",
    re.I,
)
"""A sentence directed at the label's own scope rather than at a patient's treatment."""

_PATIENT = re.compile(
    r"\b\d{1,3}\s*(?:-|\s)?(?:y/?o|yrs?\s+old|years?[- ]old|mo(?:nth)?s?[- ]old|wk[- ]old|weeks?[- ]old)\b"
    r"|\b\d{1,3}\s?(?-i:[MF])\b"
    r"|\b(?:my|this|our|a|an)\s+(?:\w+\s+)?(?:patient|pt|son|daughter|kid|child|baby|infant|wife|husband)\b"
    r"|\bpts?\b",
    re.I,
)
"""A described person (a chart age, "my patient"): the question is about that person's treatment."""

_REQUEST = re.compile(
    r"\b(?:can|could|should|may|shall)\s+(?:i|we|you|they|he|she)\s+(?:still\s+|just\s+)?"
    r"(?:give|start|use|prescribe|try|trial|initiate|put|switch|add|dose)\b"
    r"|\b(?:ok(?:ay)?|fine|safe|reasonable|alright)\s+to\s+(?:give|start|use|prescribe|try|trial|initiate|add)\b"
    r"|\b(?:start|starting|give|giving|prescribe|prescribing|initiate|initiating)\s+(?:him|her|them)\b",
    re.I,
)
"""A request to administer: the population it names is the one to be treated."""

_BOUNDARY_REASON = re.compile(
    r"labelled population|not in the labelled population|limitations of use|has not established|"
    r"dose children under|restricts use to|labelled use is (?:for|limited to)|contraindicat",
    re.I,
)
"""Finding messages of the population, sub-type and limitation checks (see population_checks.py,
off_label.py): the reasons a boundary question can trigger by naming the boundary it asks about."""


def about_boundary(text: str, finding: GuardrailFinding) -> bool:
    """``finding`` (off-label, on a question) names a population or limitation that the question sentence
    around it asks the label about, without describing a patient or asking to administer."""
    if finding.start is None or not _BOUNDARY_REASON.search(finding.message):
        return False
    a, b = next(((a, b) for a, b in sentence_spans(text) if a <= finding.start < b), (0, len(text)))
    sentence = text[a:b]
    return bool(_SCOPE.search(sentence)) and not _PATIENT.search(sentence) and not _REQUEST.search(sentence)
