"""The guardrail policy: lexicons, thresholds and notice texts compliance can tune.

The packaged ``policy.yaml`` is the default; ``Settings.policy_file`` replaces it.
Everything is validated with pydantic on load and every regular expression is
compiled once, so a typo in a pattern fails at start-up with the field's path
(``promotional.patterns[3].pattern``) instead of silently never matching.
"""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from assistant.errors import AssistantError

PACKAGED_POLICY = Path(__file__).with_name("policy.yaml")


class PolicyError(AssistantError):
    """The policy file cannot be read or has an invalid field (named in the message)."""


def _check_regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"invalid regular expression {value!r}: {exc}") from exc
    return value


def _check_optional_regex(value: str | None) -> str | None:
    return None if value is None else _check_regex(value)


def compile_ci(pattern: str) -> re.Pattern[str]:
    """Policy patterns are case-insensitive and ``^``/``$`` work per line."""
    return re.compile(pattern, re.IGNORECASE | re.MULTILINE)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Notices(_Strict):
    off_label: str
    promotional: str
    adverse_event: str
    prompt_injection: str
    pii: str


class WeightedPattern(_Strict):
    """One scored pattern: ``weight`` adds to the sentence score when ``pattern`` matches."""

    name: str
    pattern: str
    weight: float = Field(gt=0)
    comparative: bool = Field(default=False, description="Discounted when the sentence carries data.")
    request: bool = Field(default=False, description="A request to produce material; never discounted.")
    near: str | None = Field(
        default=None, description="Also required: a match of this within ``window`` words of ``pattern``."
    )
    window: int = Field(default=6, ge=0, le=30)
    max_count: int = Field(default=1, ge=1, le=10, description="Distinct matches that each add ``weight``.")
    unless: str | None = Field(default=None, description="The pattern does not count in a sentence matching this.")

    _v = field_validator("pattern", "near", "unless")(_check_optional_regex)

    @cached_property
    def regex(self) -> re.Pattern[str]:
        return compile_ci(self.pattern)

    @cached_property
    def near_regex(self) -> re.Pattern[str] | None:
        return compile_ci(self.near) if self.near else None

    @cached_property
    def unless_regex(self) -> re.Pattern[str] | None:
        return compile_ci(self.unless) if self.unless else None


class PopulationRule(_Strict):
    """A population in the text that conflicts with the label's wording (e.g. post- vs premenopausal)."""

    name: str
    text: str
    conflicts_with: str

    _v = field_validator("text", "conflicts_with")(_check_regex)


class OffLabelPolicy(_Strict):
    lexical_cues: list[str]
    condition_suffixes: list[str]
    condition_suffix_exceptions: list[str] = Field(default_factory=list)
    condition_words: list[str]
    trailing_suffixes: list[str] = Field(default_factory=list)
    generic_modifiers: list[str] = Field(default_factory=list)
    synonyms: dict[str, list[str]] = Field(default_factory=dict)
    safety_cues: list[str]
    cue_window: int = Field(default=4, ge=1, le=12)
    safety_framing: str = r"$^"
    use_claim_cues: list[str] = Field(default_factory=list)
    risk_context_cues: list[str] = Field(default_factory=list)
    weak_risk_cues: list[str] = Field(default_factory=list)
    context_transparent: list[str] = Field(default_factory=list)
    comorbidity_links: list[str] = Field(default_factory=list)
    subtype_words: list[str] = Field(
        default_factory=list, description="A mention with one of these qualifies the indication, it is no comorbidity."
    )
    procedure_after: str = r"$^"
    drug_classes: dict[str, list[str]] = Field(default_factory=dict)
    interaction_cues: list[str] = Field(default_factory=list)
    purpose_claims: dict[str, str] = Field(default_factory=dict)
    use_claim_object: str = r"$^"
    not_condition_objects: list[str] = Field(default_factory=list)
    organ_words: list[str] = Field(default_factory=list)
    populations: list[PopulationRule] = Field(default_factory=list)
    pediatric_terms: dict[str, str] = Field(default_factory=dict)
    first_line_cues: list[str] = Field(default_factory=list)
    negative_label_cues: list[str]
    agent_nouns: list[str] = Field(
        default_factory=list, description="Words naming a medicine; 'takes an X for Y' is X's use, not the product's."
    )
    agent_stems: list[str] = Field(
        default_factory=list, description="USAN stems ending a nonproprietary drug name (-pril, -osin, -formin ...)."
    )
    taking_verbs: list[str] = Field(default_factory=list)

    _v = field_validator("safety_framing", "procedure_after", "use_claim_object")(_check_regex)

    @field_validator("purpose_claims")
    @classmethod
    def _purposes(cls, values: dict[str, str]) -> dict[str, str]:
        for value in values.values():
            _check_regex(value)
        return values

    @field_validator("lexical_cues", "first_line_cues", "negative_label_cues")
    @classmethod
    def _regexes(cls, values: list[str]) -> list[str]:
        for value in values:
            _check_regex(value)
        return values

    @field_validator("pediatric_terms")
    @classmethod
    def _pediatric(cls, values: dict[str, str]) -> dict[str, str]:
        allowed = {"infant", "toddler", "child", "adolescent"}
        for key, value in values.items():
            if key not in allowed:
                raise ValueError(f"unknown age group {key!r}; use one of {sorted(allowed)}")
            _check_regex(value)
        return values


class LearnedFeature(_Strict):
    """The packaged sentence classifier as one weighted feature of the promotional score.

    A sentence gains ``weight * (p - floor) / (1 - floor)`` when its probability ``p`` exceeds
    ``floor``; ``weight: 0`` (or ``enabled: false``) leaves the rail purely rule-based. From
    ``p >= cue_gate`` the structural ``cues`` (an imperative to the prescriber, an absolute
    quantifier, a comparative, a dismissive word near a risk) add their weights, up to ``cue_cap``:
    rule evidence that lowers the probability the classifier needs, never enough on its own.
    A sentence that joins a premise to a consequence ("X is gentle, so you can skip the allergy
    question") is also read clause by clause: its probability is the larger of the whole sentence's
    and the mean of the whole's and its most promotional clause's (a clause alone lacks context,
    so it only pulls the sentence halfway)."""

    enabled: bool = True
    weight: float = Field(default=1.0, ge=0)
    floor: float = Field(default=0.5, ge=0, lt=1)
    data_discount: bool = Field(default=True, description="Apply the policy's data discount to it too.")
    result_pattern: str | None = Field(
        default=None,
        description="When set, the learned feature is discounted only if the sentence also states a result "
        "(a number, a statistic, a citation): naming a trial ('X settled the debate') is not data.",
    )
    cues: list[WeightedPattern] = Field(
        default_factory=list,
        description="Features of promotional structure that count only where the classifier agrees.",
    )
    cue_gate: float = Field(default=0.5, ge=0, lt=1, description="The probability from which the cues count.")
    cue_cap: float = Field(default=0.0, ge=0, description="The most the cues of one sentence add together.")
    clause_pattern: str = Field(
        default="(?!)", description="Where a sentence splits into clauses the classifier also reads alone."
    )
    clause_min_words: int = Field(default=4, ge=1, description="Shorter clauses are not read alone.")
    contrast_weight: float = Field(
        default=0.0,
        ge=0,
        le=1,
        description="Share of the second (claim vs label prose) head in the probability: "
        "p = (1 - w) * p_first + w * p_contrast; 0 uses the first head alone.",
    )
    distortion_weight: float = Field(
        default=0.0,
        ge=0,
        le=1,
        description="Weight w of the distortion head (the sentence against its nearest sentence of the product's "
        "label, see distortion.py) for p inside distortion_band: it adds evidence as a noisy-OR, "
        "p = 1 - (1 - p) * (1 - w * d); 0 leaves it out.",
    )
    distortion_band: tuple[float, float] = Field(
        default=(0.0, 1.0), description="The probabilities the distortion head may move (low, high)."
    )
    distortion_faithful: float = Field(
        default=0.0,
        ge=0,
        le=1,
        description="A distortion probability d at or under this reads as a faithful restatement of the label: "
        "p moves towards it instead, p = (1 - w) * p + w * d.",
    )
    distortion_min_similarity: float = Field(
        default=0.0,
        ge=0,
        le=1,
        description="The distortion head is read only when the nearest label sentence is at least this similar "
        "(cosine): a sentence sharing no topic with the label differs from it in subject, not in spin.",
    )
    distortion_faithful_similarity: float = Field(
        default=0.0,
        ge=0,
        le=1,
        description="A faithful restatement must also be at least this similar to its nearest label sentence.",
    )

    _v = field_validator("clause_pattern")(_check_regex)
    _r = field_validator("result_pattern")(_check_optional_regex)


class PromotionalPolicy(_Strict):
    threshold: float = Field(gt=0)
    learned: LearnedFeature = Field(default_factory=LearnedFeature)
    question_factor: float = Field(default=0.5, ge=0, le=1)
    data_discount: float = Field(ge=0, le=1)
    evidence_pattern: str
    drafting_pattern: str = Field(default="(?!)", description="A question sentence asking for a text to be written.")
    patterns: list[WeightedPattern]

    _v = field_validator("evidence_pattern", "drafting_pattern")(_check_regex)


class LearnedHead(_Strict):
    """A rail's learned head (a classifier over the packaged sentence embeddings).

    It is consulted only where the rail's rules found part of the signal and did not decide:
    for adverse events, a specific person and an exposure without a narrated event the patterns
    know; for injection, a text matching ``gate`` (it speaks about the assistant's instructions,
    role or rules) with a pattern score under the threshold. ``p >= threshold`` fires the rail."""

    enabled: bool = True
    threshold: float = Field(default=0.5, gt=0, lt=1)
    gate: str = Field(default="(?!)", description="Texts the head may judge (injection only).")

    _v = field_validator("gate")(_check_regex)


class AdverseEventPolicy(_Strict):
    subject_pattern: str
    event_pattern: str
    exposure_pattern: str
    hypothetical_pattern: str
    not_event_pattern: str = r"^$"
    history_pattern: str = r"(?!)"
    history_override: str = r"(?!)"
    generic_person_pattern: str = r"(?!)"
    interrogative_pattern: str = r"\?\s*$"
    generic_override: str = r"(?!)"
    dose_timing_pattern: str = r"(?!)"
    prospective_pattern: str = r"(?!)"
    causal_pattern: str = r"(?!)"
    max_gap_chars: int = Field(default=160, ge=20)
    learned: LearnedHead = Field(default_factory=lambda: LearnedHead(enabled=False))

    _v = field_validator(
        "subject_pattern",
        "event_pattern",
        "exposure_pattern",
        "hypothetical_pattern",
        "not_event_pattern",
        "history_pattern",
        "history_override",
        "generic_person_pattern",
        "interrogative_pattern",
        "generic_override",
        "dose_timing_pattern",
        "prospective_pattern",
        "causal_pattern",
    )(_check_regex)


class AddressedLines(_Strict):
    """Lines of pasted material addressed to the reading model (``addressed.py``): the addressee head's
    P(the addressee is the model) >= ``threshold`` blocks the text."""

    enabled: bool = True
    threshold: float = Field(default=0.6, gt=0, lt=1)


class InjectionPolicy(_Strict):
    threshold: float = Field(gt=0)
    patterns: list[WeightedPattern]
    learned: LearnedHead = Field(default_factory=lambda: LearnedHead(enabled=False))
    addressed: AddressedLines = Field(default_factory=lambda: AddressedLines(enabled=False))


class PiiPolicy(_Strict):
    titles: list[str]
    name_cues: list[str]
    not_names: list[str] = Field(default_factory=list)


class Policy(_Strict):
    """The whole policy file."""

    version: int = 1
    notices: Notices
    off_label: OffLabelPolicy
    promotional: PromotionalPolicy
    adverse_event: AdverseEventPolicy
    prompt_injection: InjectionPolicy
    pii: PiiPolicy


def _field_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load_policy(path: Path | None = None) -> Policy:
    """Read and validate a policy file (the packaged one when ``path`` is None)."""
    source = path or PACKAGED_POLICY
    try:
        raw = yaml.safe_load(Path(source).read_text(encoding="utf-8"))
    except OSError as exc:
        raise PolicyError(f"{source}: cannot read policy file: {exc}") from exc
    except yaml.YAMLError as exc:
        raise PolicyError(f"{source}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise PolicyError(f"{source}: a policy file must be a YAML mapping")
    try:
        return Policy.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(f"{_field_path(e['loc'])}: {e['msg']}" for e in exc.errors())
        raise PolicyError(f"{source}: invalid policy: {problems}") from exc
