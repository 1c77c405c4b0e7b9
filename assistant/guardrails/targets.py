"""Whose use is a named condition: the product's, another medicine's, or nobody's?

The off-label rail asks whether the text proposes the PRODUCT for a condition outside its label.
Many on-label questions name other conditions only as context:

* another medicine's use: "my son takes an MAOI for depression", "he is on tamsulosin for his
  prostate", "a heart failure patient on metformin for diabetes" - the condition follows "for"
  after another medicine named right after a taking verb;
* a comorbidity of a labelled use: "an adult with Crohn's disease also has psoriasis", "Entyvio
  for UC in a patient who has psoriasis" - an indicated condition comes first in the sentence and
  only population words ("who has", "also has", "with") join the two; or the text names an
  indicated condition and no use cue governs the other one at all.

A medicine is recognised without a product list: the policy's drug class vocabulary, medicine
nouns ("inhibitor", "antidepressant"), USAN stem endings ("-osin", "-formin", "-pril") and the
label's own abbreviations whose long form ends in such a noun ("MAOI").
"""

from __future__ import annotations

import re

from assistant.guardrails.conditions import STOPWORDS, Mention
from assistant.guardrails.label_profile import LabelProfile
from assistant.guardrails.policy import OffLabelPolicy
from assistant.guardrails.text import Token, sentence_spans, tokenize

_MIN_STEMMED = 6
_FOR_GAP = frozenset(["his", "her", "their", "its", "the", "a", "an", "my", "your", "our", "enlarged", "bad"])
_AGENT_WINDOW = 4
_COMPARISON = frozenset(["than", "versus", "vs", "or", "and", "like", "instead", "plus", "with", "over"])
_JOIN_CONTEXT = frozenset(["who", "also", "has", "have", "having", "had", "with", "whose", "that", "is", "are", "a",
                           "an", "the", "patient", "patients", "person", "adult", "adults", "child", "man", "woman",
                           "in", "known", "comorbid", "coexisting", "concomitant", "both", "suffers", "from",
                           "suffering", "diagnosed", "he", "she", "they", "men", "women", "people", "children",
                           "kids", "boys", "girls", "males", "females", "someone", "those", "subjects", "individuals",
                           "him", "her", "his", "their", "son", "daughter", "husband", "wife", "dad", "mom",
                           "father", "mother", "partner", "diabetic", "elderly", "older", "young"])  # fmt: skip
_COORDINATION = frozenset(["and", "or"])
_GENERAL_MEDICINE = frozenset(
    [
        "medicine",
        "product",
        "medicines",
        "medication",
        "medications",
        "pills",
        "pill",
        "drug",
        "drugs",
        "spray",
        "patch",
        "inhaler",
        "tablets",
    ]
)
_TREAT = frozenset(["treat", "treating", "manage", "managing", "control", "prevent"])
_PURPOSE = frozenset(["intended", "used", "prescribed", "given", "meant", "taken"])
_USE_PREDICATE = re.compile(
    r"\b(?:(?:(?:is|are|was|were|be|been)\s+)?(?:used|indicated|approved|prescribed|given)\s+(?:to\s+(?:treat|manage|"
    r"prevent|control)|for|in)|(?:that|which|who|to)\s+(?:treats?|manages?|prevents?|controls?)|treats|manages|prevents)\b",
    re.I,
)
"""A use predicate whose subject is a noun phrase ("Nitrates are used to treat", "a medicine that treats")."""
_BEFORE_PRODUCT = re.compile(
    r"[^.;]{0,40}?\b(?:before|prior to)\s+(?:\w+\s+){0,2}?(?:use|using|starting|initiating|initiation|treatment|"
    r"therapy|administration|dosing)\b",
    re.I,
)
"""'treat latent infection before use': a treatment given ahead of the product."""
_PRETREAT = frozenset(["treat", "treated", "treating", "correct", "corrected", "correcting", "manage", "resolve"])
_SUBJECT_DEIXIS = frozenset(["it", "this", "these", "its", "they"])
_PASSIVE_PRETREAT = re.compile(
    r"\s+(?:should|must|needs? to|has to|have to|are to|is to)?\s*(?:be|been|is|are)\s+(?:\w+\s+)?"
    r"(?:treated|corrected|managed|resolved|cleared|eradicated)\b",
    re.I,
)
"""The passive of the same step: the condition, then "should be treated" (something else treats it)."""
_CLAUSE_JOIN = frozenset(["and", "then", "but", "also"])
"""Words that open a new instruction in a list of steps ("test ... before starting X and treat ...")."""
_MIN_BRAND = 4
_PRIOR_THERAPY = re.compile(
    r"\b(?:inadequate(?:ly)? respon\w*|intoleran\w*|fail(?:ed|ing)|refractory|lost response)\b"
    r"[^.;]{0,40}?\b(?:to|on|of|after|with)\s+([^.;()]{3,60})",
    re.I,
)
"""The therapy an indication asks to have been tried first ("after failing an adequate trial of diet
therapy", "inadequate response or intolerance to one or more TNF blockers"). Never the noun "failure":
in "heart failure with reduced ejection fraction" it names the disease, not a therapy's outcome."""
_RESPONSE_HEADS = frozenset(["failure", "failures", "intolerance", "resistance", "nonresponse", "non-response"])
"""'methotrexate failure', 'TNF blocker intolerance': the outcome of a treatment, not a disease."""
_NOT_MEDICINE = frozenset(["these", "those", "them", "other", "others", "something", "anything", "everything", "syrup",
                           "tablets", "tablet", "pills", "capsules", "injection", "injections", "infusion", "infusions",
                           "medicines", "medications", "drugs", "therapy", "treatment", "every", "regularly", "alone",
                           "later", "earlier", "longer", "nightly", "night", "demand", "needed"])  # fmt: skip


class UseTarget:
    """Decides whether a condition mention is the product's use target (see the module docstring)."""

    def __init__(self, policy: OffLabelPolicy, product_names: set[str]) -> None:
        terms = {t.lower() for members in policy.drug_classes.values() for t in members}
        self.agent_terms = terms | {c.lower() for c in policy.drug_classes}
        self.agent_nouns = {w.lower() for w in policy.agent_nouns}
        self.stems = tuple(s.lower() for s in policy.agent_stems)
        self.taking = {w.lower() for w in policy.taking_verbs}
        self.products = {n.lower() for n in product_names}
        self.use_cues = {w.lower() for w in policy.use_claim_cues}
        self.subtypes = {w.lower() for w in policy.subtype_words}

    # --- another medicine's use ----------------------------------------------------
    def is_agent(self, tok: Token, profile: LabelProfile) -> bool:
        """A medicine that is not the product: class term, medicine noun, USAN stem, label abbreviation."""
        low = tok.lower
        if low in self.products or low in {n.lower() for n in profile.names}:
            return False
        if low in self.agent_terms or low in self.agent_nouns or low.split("-")[-1] in self.agent_nouns:
            return True  # "alpha-blocker"
        single = low[:-1] if low.endswith("s") else low  # "triptans": the plural of a stem word
        if len(low) >= _MIN_STEMMED and low.isalpha() and single.endswith(self.stems):
            return True
        expansion = profile.abbreviations.get(tok.text)
        nouns = {n.rstrip("s") for n in self.agent_nouns}
        return expansion is not None and expansion.split()[-1].lower().rstrip("s") in nouns

    def other_agents_use(self, text: str, mention: Mention, profile: LabelProfile) -> bool:
        """'takes an MAOI for depression': the nearest 'for' before the mention follows another
        medicine that itself follows a taking verb (not a comparison: 'better than X for Y')."""
        a = next((a for a, b in sentence_spans(text) if a <= mention.start < b), 0)
        if self._agent_subject(text[a : mention.start], profile) or self._pretreatment(text, mention, a, profile):
            return True
        toks = tokenize(text[a : mention.start])
        i = len(toks) - 1
        while i >= 0 and toks[i].lower in _FOR_GAP:
            i -= 1
        if i > 0 and toks[i].lower in _TREAT and toks[i - 1].lower in ("to", "for"):
            i -= 2 if toks[i - 1].lower == "to" and i > 1 and toks[i - 2].lower in _PURPOSE else 1
        elif i < 0 or toks[i].lower != "for":
            return False
        window = toks[max(0, i - _AGENT_WINDOW) : i]
        if self._taken_before(toks[:i], profile, a):
            return True  # "patient on levothyroxine for X", "uses nitro spray for X"
        for j in range(len(window) - 1, -1, -1):
            tok = window[j]
            if tok.lower in self.products or tok.lower in {n.lower() for n in profile.names}:
                return False  # "takes Viagra for X": the product is the one used
            if self.is_agent(tok, profile):
                before = [t.lower for t in window[:j]]
                if any(w in _COMPARISON for w in before[-2:]):
                    return False
                adjacent = j == len(window) - 1 or all(t.lower in _FOR_GAP for t in window[j + 1 :])
                return adjacent or any(w in self.taking for w in before[-3:]) or j == 0
        return False

    def _pretreatment(self, text: str, mention: Mention, start: int, profile: LabelProfile) -> bool:
        """'Treat latent infection before use', 'correct hypokalemia prior to initiating': the condition
        is treated by something else ahead of the product, which is not its use ("use X to treat Y
        before starting Z" names the product as the treatment, so it stays a use)."""
        toks = [t.lower for t in tokenize(text[start : mention.start]) if t.lower not in _FOR_GAP]
        names = self.products | {n.lower() for n in profile.names} | _SUBJECT_DEIXIS
        passive = _PASSIVE_PRETREAT.match(text, mention.end)  # "a parasitic infection should be treated before"
        if passive:
            return not any(t in names for t in toks) and bool(_BEFORE_PRODUCT.match(text, passive.end()))
        if not toks or toks[-1] not in _PRETREAT:
            return False
        # Only the treating verb's own clause can name the product as the treatment: in "screen for TB
        # before starting X and treat a latent infection before use" X belongs to the first instruction.
        clause = toks[max((i + 1 for i, t in enumerate(toks) if t in _CLAUSE_JOIN), default=0) :]
        if any(t in names for t in clause):
            return False
        return bool(_BEFORE_PRODUCT.match(text, mention.end))

    def _agent_subject(self, before: str, profile: LabelProfile) -> bool:
        """'Nitrates are used to treat chest pain (angina)', 'Riociguat, a medicine that treats PAH':
        the subject of the last use predicate before the mention (in its clause) is another medicine
        (a class term, a USAN stem, a medicine noun, or a brand written in capitals) and not the
        product, a pronoun or "this medicine" - so the use stated is that medicine's, not the product's."""
        clause = re.split(r"[;:]", before)[-1]
        found = list(_USE_PREDICATE.finditer(clause))
        if not found:
            return False
        subject = tokenize(clause[: found[-1].start()])
        names = self.products | {n.lower() for n in profile.names}
        if not subject or any(t.lower in names or t.lower in _SUBJECT_DEIXIS for t in subject):
            return False
        indefinite = any(
            t.lower in _GENERAL_MEDICINE and i > 0 and subject[i - 1].lower in ("a", "an", "another", "other")
            for i, t in enumerate(subject)
        )  # "a medicine that treats": some other medicine, where "the medicine" would be the product
        return indefinite or any(self.is_agent(t, profile) or _brand_like(t, profile) for t in subject)

    def _taken_before(self, toks: list[Token], profile: LabelProfile, offset: int) -> bool:
        """A taking verb followed by one or two words naming another medicine right before 'for'.
        A general word ("takes medicine for ADHD") counts once the product itself was named earlier."""
        names = self.products | {n.lower() for n in profile.names} | {"this", "it"}
        for width in (1, 2):
            if len(toks) <= width or toks[-width - 1].lower not in self.taking:
                continue
            words = toks[-width:]
            if any(t.lower in names for t in words):
                return False
            if any(self._named_medicine(t, profile) for t in words):
                return True
            named_before = any(t.lower in names for t in toks[: -width - 1])
            if named_before and words[-1].lower in _GENERAL_MEDICINE:
                return True
        return False

    def _named_medicine(self, tok: Token, profile: LabelProfile) -> bool:
        """A word right after a taking verb that names some other medicine: not the product, a
        pronoun, a number or a general word ("on treatment for", "take it for", "take daily for")."""
        low = tok.lower
        names = self.products | {n.lower() for n in profile.names}
        if low in names or low in _NOT_MEDICINE or low in self.use_cues:
            return False
        return len(low) >= _MIN_STEMMED - 1 and low.isalpha() and low not in STOPWORDS

    def treatment_outcome(self, mention: Mention, profile: LabelProfile) -> bool:
        """'RA after methotrexate failure': a condition head such as "failure" or "intolerance"
        whose modifier is a medicine names a prior treatment's outcome (therapy history, which
        labels state as "inadequate response to"), not a condition the product is used for."""
        toks = mention.tokens
        if len(toks) < 2 or toks[-1].lower not in _RESPONSE_HEADS:
            return False
        prior = prior_therapy_stems(profile)  # "TNF failure", "diet failure": the label's own prior therapy
        return any(self.is_agent(t, profile) or t.norm in prior for t in toks[:-1])

    @staticmethod
    def variant_of_indication(mention: Mention, profile: LabelProfile) -> bool:
        """'prediabetes', 'non-diabetic': a word that contains an indication's word without being
        it names a population next to the labelled one, so asking about it is asking about a use."""
        words = {w for e in profile.indications for w in e.stems if len(w) >= _MIN_STEMMED}
        return any(w in t.lower and w != t.norm for t in tokenize(mention.text) for w in words)

    @staticmethod
    def directly_claimed(text: str, mention: Mention) -> bool:
        """'for BPH', 'to treat PAH': the mention is the direct object of 'for' or a treating verb."""
        a = next((a for a, b in sentence_spans(text) if a <= mention.start < b), 0)
        toks = [t.lower for t in tokenize(text[a : mention.start]) if t.lower not in _FOR_GAP]
        return bool(toks) and (toks[-1] == "for" or toks[-1] in _TREAT)

    # --- comorbidity of a labelled use ---------------------------------------------
    def comorbidity(self, text: str, mention: Mention, indicated: list[Mention], governed: bool) -> bool:
        """Context, not a use: an indicated condition earlier in the sentence joined to this one by
        population words only ('Crohn's disease also has psoriasis'), or, when no use cue governs
        the mention, any indicated condition named in the text."""
        if not indicated or any(t.lower in self.subtypes for t in tokenize(mention.text)):
            return False  # "NSCLC with an EGFR exon 20 insertion": a subtype is judged as its own use
        if not governed and not any(o.start == mention.start for o in indicated):
            return True
        a = next((a for a, b in sentence_spans(text) if a <= mention.start < b), 0)
        for other in indicated:
            if not (a <= other.start and other.end <= mention.start):
                continue
            between = [t.lower for t in tokenize(text[other.end : mention.start])]
            if not between or all(w in _COORDINATION for w in between):
                continue  # "RA and lupus": two targets of one claim
            if any(w == "for" or w in self.use_cues or w in self.products for w in between):
                continue  # "for RA and also for lupus": a second use
            if all(w in _JOIN_CONTEXT or w in _COORDINATION for w in between):
                return True
        return False


def _brand_like(tok: Token, profile: LabelProfile) -> bool:
    """A word in capitals that the label does not define as an abbreviation: labels print brands so."""
    text = tok.text
    return text.isupper() and text.isalpha() and len(text) >= _MIN_BRAND and text not in profile.abbreviations


def prior_therapy_stems(profile: LabelProfile) -> frozenset[str]:
    """Stems of the words an indication uses for the therapy that must come first: a question naming
    that therapy's failure ("after TNF failure", "diet failure") states the labelled precondition."""
    out: set[str] = set()
    for entry in profile.indications:
        if entry.negative:
            continue
        for m in _PRIOR_THERAPY.finditer(entry.text):
            out.update(t.norm for t in tokenize(m.group(1)) if t.lower not in STOPWORDS)
    return frozenset(out)
