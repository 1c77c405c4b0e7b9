"""Does a text propose a use inside one of the label's excluded sets (:mod:`.exclusions`)?

A sentence is judged in two steps:

1. **Stance.** A question proposes a use when it asks to do it ("Can we hang it in the same
   bag?", "OK to start it in a man who quit smoking two months ago?", "X plus Y for ...?"); it
   only asks ABOUT the limitation when it asks what, why or which, or what the label says, or
   whether something is recommended, studied or allowed. An answer presents the use when it
   states it without a denial; "X should not be used to prevent dementia" restates the label.
2. **Value.** One alternative of an excluded set is named in full (roots of the label's own
   words, the label's abbreviations spelled out), and the sentence does what the set's kind
   is about: mixing and diluting for ``mixing``, a use or purpose for ``purpose`` (a risk named
   as an adverse outcome is not a purpose), taking it together for ``concomitant``.

A question inside an excluded set gets the off-label notice; an answer presenting it is blocked
(the decision is the rail's: :class:`.population_checks.RailContext`).
"""

from __future__ import annotations

import re

from assistant.guardrails.exclusions import ExcludedSet, excluded_sets, roots
from assistant.guardrails.label_profile import LabelProfile
from assistant.guardrails.text import sentence_spans
from assistant.types import TextKind

_ASKS_ABOUT = re.compile(
    r"^\W*(?:what|why|which|how|where|when|whether|is there|are there)\b|\bwhy\b"
    r"|\b(?:label(?:ing)?|prescribing information|package insert|PI|studied|established|recommend(?:ed|s)?"
    r"|allowed|permitted|approved|indicated|discouraged|advised|contraindicated|warn(?:s|ing)?|say|says|state"
    r"|avoid(?:ed)?|be (?:stopped|held)|hold (?:it|off)|discontinu\w*)\b",
    re.I,
)
_YES_NO = re.compile(r"^\W*(?:does|do|did|has|have|is|are|was|were)\b", re.I)
_PROPOSAL = re.compile(
    r"\b(?:ok(?:ay)?|fine|safe|reasonable|appropriate|alright|acceptable|possible|an option|good (?:idea|choice))\b"
    r"|\b(?:we|i)\b",
    re.I,
)
_SOMEONE = re.compile(
    r"\b(?:he|she|him|her|his|hers|they|my|our|this)\b|\b\d+[- ](?:year|month|week)[- ]old\b"
    r"|\b(?:a|an)\s+(?:\w+\s+)?(?:man|woman|boy|girl|infant|baby|toddler|teen\w*)\b",
    re.I,
)
"""A question about one person ('she', 'my patient', 'a 62-year-old') proposes treating that person;
'Can X be used in patients with severe renal impairment?' asks what the label says of the group."""
_DENIAL = re.compile(
    r"\b(?:not|never|no|avoid\w*|cannot|contraindicated|discourag\w*|instead|rather than|only|except|unless"
    r"|warn\w*|caution\w*)\b|n't\b",
    re.I,
)
_MIX_ACTION = re.compile(
    r"\b(?:mix\w*|admix\w*|combin\w* in|simultaneous\w*|at the same time|co-?infus\w*|piggyback\w*|y-site"
    r"|same (?:\w+ ){0,2}(?:bag|syringe|line|vial|infusion|iv|drip|tubing)"
    r"|(?:into|in) (?:one|a single) (?:\w+ ){0,2}(?:bag|syringe|infusion)|drawn up together)\b",
    re.I,
)
_PREPARE = re.compile(r"\b(?:dilut\w*|reconstitut\w*|prepar\w*|made up|add\w*|mix\w*|hang\w*|run\w*)\b", re.I)
_RISK_FRAME = re.compile(
    r"(?<!reduce )(?<!reduces )(?<!lower )(?<!lowers )(?<!lowering )(?<!reducing )(?<!cut )(?<!decrease )"
    r"(?<!the )\b(?:risks?|cause[sd]?|causing|increase[sd]?|adverse|side effects?|reactions?|incidence|reported)\b"
    r"|\b(?:increase[sd]?|raise[sd]?) the risk\b",
    re.I,
)
"""'Estrogens increase the risk of stroke' names a stroke as a harm, not as what the product is for;
'lower the risk of heart attacks' names a purpose."""
_CO_USE = re.compile(
    r"\b(?:plus|together|add\w*|on top of|combin\w*|alongside|along with|concomitant\w*|co-?administ\w*"
    r"|at the same time|while (?:taking|on|using|receiving)|taking|takes|took|using|receiving|already on|stopp\w*"
    r"|quit|also|(?:take|taken|takes|given|give|used|use|start\w*|prescrib\w*|run)\s+(?:\w+\s+){0,2}with)\b|\+",
    re.I,
)
"""Taking two things together: 'who needs an NSAID - X ...' names X as the NSAID, no second one."""
_WINDOW = 5
_GOVERNOR = {
    "population": re.compile(
        r"\b(?:in|for|with|who|whose|to|patients?|people|someone|anyone|adults?|children|women|men|has|have|having"
        r"|is|are|was|been|being|she|he|they|her|his|into)\b",
        re.I,
    ),
    "purpose": re.compile(
        r"\b(?:for|to|prevent\w*|treat\w*|reduc\w*|lower\w*|protect\w*|keep\w*|from|against|as|manag\w*"
        r"|control\w*|in|with|help\w*|stop\w*|cure\w*)\b",
        re.I,
    ),
}
"""Words that put a value in the place of whom or what the use is for (the five words before it)."""
_MESSAGES = {
    "mixing": "the label says not to mix or co-administer it with {value}",
    "diluent": "the label says not to prepare it in {value}",
    "device": "the label says it is not for use with {value}",
    "concomitant": "the label does not recommend use with {value}",
    "population": "the label excludes {value}",
    "purpose": "the label excludes use for {value}",
    "route": "the label excludes {value}",
}
_CACHE: dict[int, tuple[LabelProfile, list[ExcludedSet]]] = {}


def label_exclusions(profile: LabelProfile) -> list[ExcludedSet]:
    """The profile's excluded sets, read once per profile object."""
    kept = _CACHE.get(id(profile))
    if kept is None or kept[0] is not profile:
        sets = excluded_sets([s for chunk in profile.chunk_sentences for s in chunk], profile.names)
        kept = _CACHE[id(profile)] = (profile, sets)
    return kept[1]


def proposes(sentence: str, kind: TextKind) -> bool:
    """The sentence asks to do something (question) or states it as done or allowed (answer)."""
    if kind == "answer":
        return not _DENIAL.search(sentence) and not sentence.rstrip().endswith("?")
    if _ASKS_ABOUT.search(sentence):
        return False
    return not _YES_NO.search(sentence) or bool(_PROPOSAL.search(sentence))


def _words(sentence: str, profile: LabelProfile) -> frozenset[str]:
    """Roots of the sentence plus those of the label's own spelled-out abbreviations it uses."""
    words = set(roots(sentence, profile.names))
    for short, long in profile.abbreviations.items():
        if re.search(r"(?<!\w)" + re.escape(short) + r"(?!\w)", sentence):
            words |= roots(long, profile.names)
    return frozenset(words)


def _binds(item: ExcludedSet, sentence: str, words: frozenset[str], kind: TextKind) -> bool:
    """One alternative named in full, and the sentence does what the set's kind is about."""
    if item.kind == "route":
        return False  # routes are the dosing checks' (label routes and forbidden methods)
    if item.kind == "mixing":
        if item.open:
            return bool(_MIX_ACTION.search(sentence))
        named = any(a and a <= words for a in item.alternatives)
        return named and bool(_PREPARE.search(sentence) or _MIX_ACTION.search(sentence))
    if not any(a and a <= words for a in item.alternatives):
        return False
    if item.kind == "concomitant":
        return bool(_CO_USE.search(sentence))
    if (
        item.kind == "population"
        and kind == "question"
        and not (_SOMEONE.search(sentence) or _PROPOSAL.search(sentence))
    ):
        return False  # the group itself asked about: the label's restriction is the answer
    if item.kind in ("purpose", "population"):
        return not _RISK_FRAME.search(sentence) and _governed(sentence, item, words)
    return True


def _governed(sentence: str, item: ExcludedSet, words: frozenset[str]) -> bool:
    """The value is what the use is for or whom it is for ("for her heparin-induced
    thrombocytopenia", "in a man who quit smoking", "to keep her from developing dementia"), not
    the subject of a report ("Serious infections were more frequent with ...")."""
    cue = _GOVERNOR[item.kind]
    tokens = re.findall(r"[\w'’-]+", sentence)
    for alternative in (a for a in item.alternatives if a and a <= words):
        for i, word in enumerate(tokens):
            if roots(word) & alternative:
                before = " ".join(tokens[max(0, i - _WINDOW) : i])
                if cue.search(before):
                    return True
    return False


def excluded_uses(text: str, kind: TextKind, profile: LabelProfile) -> list[tuple[int, int, str]]:
    """(start, end, why) of each sentence that proposes a use inside one of the label's excluded
    sets; the first binding set per sentence is cited."""
    items = label_exclusions(profile)
    if not items:
        return []
    out = []
    for a, b in sentence_spans(text):
        sentence = text[a:b]
        if not proposes(sentence, kind):
            continue
        words = _words(sentence, profile)
        item = next((i for i in items if _binds(i, sentence, words, kind)), None)
        if item is not None:
            why = _MESSAGES[item.kind].format(value=item.value)
            out.append((a, b, f"{why}: “{item.sentence[:200]}”."))
    return out
