"""Approved uses extracted from ingested labels, one :class:`LabelProfile` per product.

The off-label rail never hard-codes a product's indications: it reads the
Indications and Usage (LOINC 34067-9) and Dosage and Administration (34068-7)
sections of the approved label chunks in the store, so a newly ingested label is
covered the moment it is stored. What is extracted is deliberately simple and
inspectable (stems of each indication sentence, age limits, required prior
therapy, mg doses, dosing frequencies, routes, duration limits, "not indicated"
limitations) so a compliance reviewer can see why a use was judged uncovered.

The dosing vocabulary (amounts, schedules, routes, dose + schedule pairs) lives in
:mod:`.label_dosing`; its readers are re-exported here for the checks that compare a text with
the profile.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from assistant.guardrails.abbreviations import defined_abbreviations
from assistant.guardrails.contraindications import Forbidden, label_forbidden
from assistant.guardrails.denials import denies_use
from assistant.guardrails.label_dosing import (
    _UNITS,
    NEGATED,
    NUMBER,
    Regimen,
    dose_amounts,
    dose_maxima,
    doses_mg,
    doses_per_kg,
    dosing_facts,
    frequencies,
    hour_intervals,
    plain_schedules,
    regimens,
    to_number,
    to_years,
)
from assistant.guardrails.label_durations import course_limits, duration_limits, shortest_infusion
from assistant.guardrails.label_limits import KidneyLimit, forbidden_methods, kidney_limits
from assistant.guardrails.label_routes import inferred_routes, product_routes, routes
from assistant.guardrails.label_topics import dosing_topics, pediatric_maximum
from assistant.guardrails.negations import denial_words
from assistant.guardrails.patient_uses import lay_uses, restated
from assistant.guardrails.policy import OffLabelPolicy, compile_ci
from assistant.guardrails.population_floors import inherit_floors, split_uses
from assistant.guardrails.populations import (
    PEDIATRIC,
    PopulationLimits,
    extract_limits,
    path_codes,
)
from assistant.guardrails.required_partners import Requirement, chunk_requirements
from assistant.guardrails.scoped_limits import Scoped, chunk_limits
from assistant.guardrails.text import moiety, sentences, stem, tokenize
from assistant.guardrails.vocabulary import categories as vocabulary_categories
from assistant.retrieval.products import ProductCatalog
from assistant.types import Chunk

__all__ = [
    "NUMBER", "_UNITS", "IndicationEntry", "LabelProfile", "Regimen", "build_profiles", "dose_amounts", "doses_mg",
    "expanded_stems", "frequencies", "hour_intervals", "min_age_years", "regimens", "routes", "to_number",
    "to_years",
]  # fmt: skip

INDICATIONS_CODE = "34067-9"
DOSAGE_CODE = "34068-7"
DOSAGE_FORMS_CODE = "43678-2"
_MIN_AGE = [
    re.compile(NUMBER + r"\s*(years?|months?)\s*(?:of age\s*)?(?:and|or)\s*(?:older|above)", re.I),
    re.compile(r"(?:aged|ages?)\s*" + NUMBER + r"\s*(years?|months?)?\s*(?:and|or|to|through|-)", re.I),
    re.compile(r"(?:≥|>=|at least)\s*" + NUMBER + r"\s*(years?|months?)\s*(?:of age|old)", re.I),
    re.compile(NUMBER + r"\s*(?:to|-|–|through)\s*\d+(?:\.\d+)?\s*(years?|months?)\s*(?:of age|old)", re.I),
]
_ADULT = re.compile(r"\badults?\b|\b(?:pre|post)?-?menopausal women\b|\bwomen\b|\bmen\b", re.I)
_PRIOR = re.compile(
    r"\b(?:inadequate response|intolerance|intolerant|failed|failure|progressed|progression|lost response)"
    r"\b[^.;]{0,40}?\b(?:to|on|of|after|with)\s+((?:one or more |at least one |prior |a )?[^.;,()]{3,60})",
    re.I,
)


def min_age_years(text: str) -> float | None:
    """Youngest labelled age in one indication sentence; None when it says nothing about age."""
    ages = []
    for rx in _MIN_AGE:
        for m in rx.finditer(text):
            ages.append(to_years(to_number(m.group(1)), m.group(2)))
    if ages:
        return min(ages)
    if PEDIATRIC.search(text):
        return 0.0
    if _ADULT.search(text):
        return 18.0
    return None


def expanded_stems(text: str, synonyms: dict[str, list[str]]) -> frozenset[str]:
    """Stems of a label sentence plus the expansions of abbreviations it uses ('UC' -> ulcerative colitis)."""
    out: set[str] = set()
    for tok in tokenize(text):
        out.add(tok.norm)
        if "-" in tok.text and not tok.lower.startswith("non-"):
            out.update(stem(p) for p in tok.text.split("-"))
        alternatives = synonyms.get(tok.lower)
        if alternatives and (len(tok.text) > 3 or tok.text.isupper() or tok.text != tok.lower):
            for alt in alternatives:
                out.update(stem(t.text) for t in tokenize(alt))
    return frozenset(out)


@dataclass(frozen=True)
class IndicationEntry:
    """One sentence of Indications and Usage (with its subsection title)."""

    text: str
    stems: frozenset[str]
    min_age_years: float | None
    prior_therapy: str | None
    negative: bool
    categories: frozenset[str] = frozenset()
    """ICD-10-CM codes the sentence names (see :mod:`.vocabulary`)."""
    elsewhere: bool = False
    """A use denied outside Indications and Usage (binds only a text presenting that use)."""


@dataclass
class LabelProfile:
    """What one product's approved label allows."""

    product: str
    brand: str | None
    names: tuple[str, ...]
    indications: list[IndicationEntry] = field(default_factory=list)
    limitations: list[IndicationEntry] = field(default_factory=list)
    other_sentences: list[frozenset[str]] = field(default_factory=list)
    label_text: str = ""
    vocabulary: frozenset[str] = frozenset()
    """Stems of every word of the label: a use-claimed word outside it is an unknown condition."""
    doses_mg: tuple[float, ...] = ()
    max_dose_per_kg: float | None = None
    """Largest weight-based dose in Dosage and Administration ("up to 10 mg/kg")."""
    frequencies: frozenset[str] = frozenset()
    usage_text: str = ""
    """Indications and Dosage and Administration, the text that fixes the product's role (see roles)."""
    routes: frozenset[str] = frozenset()
    chunk_sentences: list[list[str]] = field(default_factory=list)
    """Sentences of every label chunk, grouped by chunk (combination wording is judged in context)."""
    regimens: list[Regimen] = field(default_factory=list)
    starting_doses: frozenset[float] = frozenset()
    max_units: float | None = None
    """Most tablets/capsules/injections taken at once, from sentences that are not prohibitions."""
    titrated: bool = False
    route_only_phase: dict[str, str] = field(default_factory=dict)
    """Routes the label restricts to one phase ("Subcutaneous ENTYVIO is for maintenance only")."""
    duration_limits: list[tuple[float, str]] = field(default_factory=list)
    """(months, sentence) of each labelled duration limit; a sentence may concern one indication."""
    course_limits: list[tuple[float, str]] = field(default_factory=list)
    """A fixed course that is the whole labelled treatment ("twice daily for 5 days"), see
    :func:`.label_durations.course_limits`; it binds a text naming no other dose."""
    label_codes: frozenset[str] = frozenset()
    """ICD-10-CM codes named anywhere in the label (a condition the label discusses is not unknown)."""
    population: PopulationLimits = field(default_factory=PopulationLimits)
    """Youngest labelled age and excluded sexes, from the whole label (see :mod:`.populations`)."""
    routes_inferred: bool = False
    """Dosage and Administration names no route: ``routes`` is the label's dosage form's."""
    min_interval_hours: float | None = None
    """Shortest labelled interval between doses ("may be given every 4 hours")."""
    max_daily_doses: float | None = None
    """Most doses the label allows in a day ("Do not give more than 6 doses in 24 hours")."""
    kidney_limits: list[KidneyLimit] = field(default_factory=list)
    """Kidney-function values the label forbids, from any section (see :mod:`.label_limits`)."""
    forbidden_methods: dict[str, str] = field(default_factory=dict)
    """Administration methods the label forbids ("push", "bolus") -> the forbidding sentence."""
    abbreviations: dict[str, str] = field(default_factory=dict)
    """Short forms the label defines ("ED" -> erectile dysfunction), see :mod:`.abbreviations`."""
    forbidden: list[Forbidden] = field(default_factory=list)
    """Contraindicated conditions and sites the label forbids (see :mod:`.contraindications`)."""
    dosing_topics: list[tuple[frozenset[str], frozenset[str]]] = field(default_factory=list)
    """Situations Dosage and Administration subsections are titled by (see :mod:`.label_topics`)."""
    infusion_minutes: float | None = None
    """Shortest labelled infusion time ("over 60 minutes"), see :mod:`.label_durations`."""
    pediatric_max_daily: tuple[float, str] | None = None
    """Lowest maximum daily amount the label gives for children ("pediatric patients ... up to a
    maximum of 2,000 mg per day") with its sentence; the overall maximum is ``max_dose_mg``."""
    requirements: tuple[Requirement, ...] = ()
    """Co-medication the dosing directions require, with their subsection (see :mod:`.required_partners`)."""
    scoped_limits: Scoped = ()
    """Amount-per-day caps with the dosing subsection title they are stated under (see :mod:`.scoped_limits`)."""
    pediatric_max_dose: tuple[float, str] | None = None
    """Lowest maximum amount per administration the label gives for children ("The maximum dosage
    is 1.5 mg once weekly" in a pediatric dosing subsection), where adults may take more."""

    @property
    def display(self) -> str:
        return f"{self.brand} ({self.product})" if self.brand else self.product

    @property
    def max_dose_mg(self) -> float | None:
        return max(self.doses_mg) if self.doses_mg else None


_INDICATIONS_TITLE = re.compile(r"\bindications\b", re.I)
_NOT_A_STATEMENT = re.compile(
    r"\b(?:(?<!adequate )trials?|enrolled|stud(?:y|ies|ied))\b|\b(?:these|those|such)\s+(?:\w+\s+)?"
    r"(?:patients|children|adults|adolescents|infants|subjects|individuals|groups?|populations?)\b",
    re.I,
)
"""Sentences about trials or referring back to people ("these children") state no labelled population;
"when use of those therapies is inadvisable" still does."""
_TRIAL_REPORT = re.compile(r"\b(?:trials?|stud(?:y|ies))\s+(?:was|were|has been|have been)\s+conducted\b", re.I)
"""An Indications sentence reporting how a trial was run states no use (and no population bound)."""
_STATES_A_USE = re.compile(r"\b(?:indicated|approved|authori[sz]ed)\b", re.I)
_LIMITATIONS = re.compile(r"^\W*limitations? of use\b", re.I)
_DENIES = denial_words("nor", "cannot", "without", contracted=True)
"""Inside a Limitations of Use paragraph a sentence that denies something is a limitation ("has no
direct effect on an established thrombus", "reserve ... for patients for whom alternatives have not
been tolerated"); an explanatory one ("the goals of treatment are to prevent extension") is neither
a limitation nor an approved use."""
_MIN_ENTRY_TOKENS = 5
_XREF = re.compile(r"[\[(]\s*see [^\])]*[\])]", re.I)
"""A cross-reference ("[see Clinical Studies (14.1)]") is no trial description."""


def _heading(sentence: str) -> bool:
    """A title line, not a bulleted use ("Limitations of Use:", "1.1 Rheumatoid Arthritis")."""
    words = [t.text for t in tokenize(sentence) if t.text[0].isalpha()]
    return sentence.rstrip().endswith(":") or not words or all(w[0].isupper() for w in words)


def _top_title(chunk: Chunk) -> str:
    return (chunk.section or "").split(" > ")[0]


def _is_indications(chunk: Chunk) -> bool:
    """Decided by the section path, not the leaf title: a dosage subsection titled "... for
    Individual Indications" (coded as unclassified) holds target ranges, not approved uses."""
    codes = path_codes(chunk)
    if DOSAGE_CODE in codes:
        return False
    return INDICATIONS_CODE in codes or bool(_INDICATIONS_TITLE.search(_top_title(chunk)))


def _is_dosage(chunk: Chunk) -> bool:
    codes = path_codes(chunk)
    if INDICATIONS_CODE in codes:
        return False
    return DOSAGE_CODE in codes or "dosage and administration" in _top_title(chunk).lower()


def _entry(
    text: str, title: str, policy: OffLabelPolicy, negative_rx: list[re.Pattern[str]], limiting: bool = False
) -> IndicationEntry:
    """A positive entry also carries its subsection title's words; a limitation only its own."""
    negative = limiting or any(rx.search(text) for rx in negative_rx)
    full = f"{title}: {text}" if title and not negative else text
    prior = _PRIOR.search(text)
    return IndicationEntry(
        text=text,
        stems=expanded_stems(full, policy.synonyms),
        min_age_years=None if _NOT_A_STATEMENT.search(_XREF.sub(" ", text)) else min_age_years(text),
        prior_therapy=prior.group(1).strip() if prior else None,
        negative=negative,
        categories=vocabulary_categories(full),
    )


def _limitation(sentence: str, policy: OffLabelPolicy, negative_rx: list[re.Pattern[str]]) -> list[IndicationEntry]:
    """A sentence of a Limitations of Use paragraph: with a limitation cue ("not recommended") the
    whole sentence limits; otherwise only what follows its denial ("has no direct effect on an
    established thrombus"), so a risk named as the reason ("limited to 24 months due to the risk of
    bone loss, which may not be reversible") limits nothing; without a denial it limits nothing."""
    if any(rx.search(sentence) for rx in negative_rx):
        return [_entry(sentence, "", policy, negative_rx)]
    denial = _DENIES.search(sentence)
    if denial is None:
        return []
    return [replace(_entry(sentence[denial.start() :], "", policy, negative_rx, True), text=sentence)]


def _with_label_abbreviations(policy: OffLabelPolicy, abbreviations: dict[str, str]) -> OffLabelPolicy:
    """The policy's synonyms plus the short forms this label defines, so "failed to establish the
    efficacy ... in JRA" limits juvenile rheumatoid arthritis when the label spells it out once."""
    extra = {k.lower(): [v] for k, v in abbreviations.items() if k.lower() not in policy.synonyms}
    return policy.model_copy(update={"synonyms": {**policy.synonyms, **extra}}) if extra else policy


def _build_one(product: str, chunks: list[Chunk], policy: OffLabelPolicy, names: list[str]) -> LabelProfile:
    brand = next((c.meta.brand for c in chunks if c.meta.brand), None)
    bare = moiety(product)
    extra = [bare, *bare.split("/")] if bare != product else []
    profile = LabelProfile(product=product, brand=brand, names=tuple(dict.fromkeys([*(names or [product]), *extra])))
    negative_rx = [compile_ci(p) for p in policy.negative_label_cues]
    ordered = sorted(chunks, key=lambda c: (c.doc_id, c.ordinal))
    profile.label_text = "\n".join(c.text for c in ordered)
    profile.abbreviations = defined_abbreviations(profile.label_text)
    policy = _with_label_abbreviations(policy, profile.abbreviations)
    dosing_text: list[str] = []
    denied: list[str] = []
    for chunk in ordered:
        profile.chunk_sentences.append(sentences(chunk.text))
        if _is_indications(chunk):
            title = (chunk.section or "").split(" > ")[-1]
            title = "" if _INDICATIONS_TITLE.search(title) else title
            limiting = bool(_LIMITATIONS.match(title))
            for sentence in (use for s in sentences(chunk.text) for use in split_uses(s)):
                limiting = limiting or bool(_LIMITATIONS.match(sentence))
                if len(tokenize(sentence)) < _MIN_ENTRY_TOKENS and _heading(sentence):
                    continue  # headings such as "Limitations of Use:"; OTC "Uses" bullets are kept
                if limiting:
                    limits = _limitation(sentence, policy, negative_rx)
                    profile.limitations.extend(limits)
                    if not limits:
                        profile.other_sentences.append(expanded_stems(sentence, policy.synonyms))
                    continue
                if _TRIAL_REPORT.search(sentence) and not _STATES_A_USE.search(sentence):
                    profile.other_sentences.append(expanded_stems(sentence, policy.synonyms))
                    continue  # "The clinical trial was conducted among infants with ...": no use stated
                entry = _entry(sentence, title, policy, negative_rx)
                (profile.limitations if entry.negative else profile.indications).append(entry)
            dosing_text.append(chunk.text)
        else:
            # Dosage, warnings, specific populations: conditions named there are known to the
            # label (renal impairment, scoliosis), so they are vocabulary, not unknown uses.
            for sentence in sentences(chunk.text):
                if denies_use(sentence):
                    profile.limitations.append(replace(_entry(sentence, "", policy, negative_rx), elsewhere=True))
                    denied.append(sentence)
                else:
                    profile.other_sentences.append(expanded_stems(sentence, policy.synonyms))
            children = pediatric_maximum(chunk)
            if children and (profile.pediatric_max_daily is None or children[0] < profile.pediatric_max_daily[0]):
                profile.pediatric_max_daily = children
            per_dose = pediatric_maximum(chunk, dose_maxima)
            if per_dose and (profile.pediatric_max_dose is None or per_dose[0] < profile.pediatric_max_dose[0]):
                profile.pediatric_max_dose = per_dose
            if _is_dosage(chunk):
                dosing_text.append(chunk.text)
                profile.scoped_limits += chunk_limits(chunk)
                profile.requirements += chunk_requirements(chunk)
                for sentence in sentences(plain_schedules(chunk.text)):
                    profile.regimens.extend(regimens(sentence, (chunk.section or "").split(" > ")[-1]))
    profile.indications = inherit_floors(profile.indications)
    dosing = profile.usage_text = "\n".join(dosing_text)
    profile.dosing_topics = dosing_topics(ordered, profile.names)
    lay = lay_uses(ordered, profile.names)  # "used to treat ... an infection of the bladder"
    profile.indications = restated(profile.indications, lay, lambda t: expanded_stems(t, policy.synonyms))
    known = profile.label_text
    for sentence in denied:  # a word the label names only to deny the use is no known condition
        known = known.replace(sentence, " ")
    profile.vocabulary = frozenset(t.norm for t in tokenize(known))
    profile.label_codes = vocabulary_categories(profile.label_text)
    label_sentences = [s for chunk_sentences in profile.chunk_sentences for s in chunk_sentences]
    profile.kidney_limits = kidney_limits(label_sentences)
    profile.forbidden_methods = forbidden_methods(label_sentences)
    profile.forbidden = label_forbidden(ordered, profile.names)
    profile.doses_mg = tuple(sorted({v for v, _ in dose_amounts(dosing)}))
    profile.max_dose_per_kg = max((v for v, _ in doses_per_kg(dosing)), default=None)
    profile.frequencies = frozenset(k for k, _ in frequencies(dosing))
    profile.routes = frozenset(
        k for s in sentences(dosing) if not NEGATED.search(s) for k in product_routes(s, profile.names)
    )
    if not profile.routes:  # "the recommended dose is 50 mg taken ...": the dosage form names the route
        forms = " ".join(c.text for c in ordered if DOSAGE_FORMS_CODE in path_codes(c))
        profile.routes = inferred_routes(forms, profile.names, profile.label_text)
        profile.routes_inferred = True
    facts = dosing_facts(dosing)
    profile.starting_doses, profile.max_units, profile.titrated = facts.starting_doses, facts.max_units, facts.titrated
    profile.min_interval_hours, profile.max_daily_doses = facts.min_interval_hours, facts.max_daily_doses
    profile.route_only_phase = facts.route_only_phase
    profile.population = extract_limits(
        chunks, [e.min_age_years for e in profile.indications], [e.text for e in profile.indications]
    )
    profile.duration_limits = duration_limits(dosing, chunks)
    profile.course_limits = course_limits(dosing)
    profile.infusion_minutes = shortest_infusion(dosing)
    return profile


def build_profiles(chunks: Iterable[Chunk], policy: OffLabelPolicy) -> dict[str, LabelProfile]:
    """Group approved label chunks by product (normalised generic) and extract one profile each."""
    chunks = [c for c in chunks if c.meta.doc_type == "label" and c.meta.status == "approved"]
    catalog = ProductCatalog.from_metas(c.meta for c in chunks)
    by_product: dict[str, list[Chunk]] = defaultdict(list)
    for chunk in chunks:
        info = catalog.get(chunk.meta.product) if chunk.meta.product else None
        if info is not None:
            by_product[info.product].append(chunk)
    return {
        product: _build_one(product, group, policy, catalog.get(product).aliases)  # type: ignore[union-attr]
        for product, group in by_product.items()
    }
