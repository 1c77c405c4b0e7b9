"""The guardrail engine: runs every rail over a question or answer and combines the verdicts.

Structured like the rail frameworks it borrows from (NeMo Guardrails' input and
output rails, LLM Guard's scanners, Presidio's recognisers): each rule is an
independent scanner returning findings with exact spans; the engine adds the
policy's notices and takes the most severe decision. Label profiles for the
off-label rail are built lazily from the store and cached on ``store.version``,
so an ingest or removal is picked up without restarting, and kept between
processes by :mod:`profile_cache`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.config import Settings
from assistant.guardrails import vocabulary
from assistant.guardrails.adverse_event import AdverseEventRule
from assistant.guardrails.boundary_questions import about_boundary
from assistant.guardrails.coverage import spelled_out
from assistant.guardrails.injection import InjectionRule
from assistant.guardrails.label_profile import LabelProfile, build_profiles
from assistant.guardrails.off_label import OffLabelRule
from assistant.guardrails.pii import PiiRule
from assistant.guardrails.policy import Policy, load_policy
from assistant.guardrails.profile_cache import cached, profiles_key
from assistant.guardrails.promotional import PromotionalRule
from assistant.guardrails.support import supported_spans
from assistant.guardrails.text import moiety
from assistant.retrieval.products import ProductCatalog
from assistant.types import ChunkFilter, Decision, DocumentMeta, GuardrailFinding, GuardrailResult, TextKind

if TYPE_CHECKING:
    from assistant.ingest.store import Store

SEVERITY: dict[Decision, int] = {"allow": 0, "allow_with_notice": 1, "block": 2}
_WORD = re.compile(r"[a-z0-9][a-z0-9-]+")
"""A name's words of two characters or more ('u-500', 'humulin'; not the 'r' of 'HUMULIN R')."""


class GuardrailEngine:
    """Loads the policy once; checks questions and answers against all rails."""

    def __init__(self, settings: Settings, store: Store | None = None) -> None:
        self.settings = settings
        self.store = store
        self.policy: Policy = load_policy(settings.policy_file)
        vocabulary.use_data_dir(settings.data_dir)  # the ICD-10-CM index cache lives with the other state
        self.injection = InjectionRule(self.policy.prompt_injection)
        self.promotional = PromotionalRule(self.policy.promotional)
        self.promotional.use_cache_dir(settings.data_dir / "cache")
        self.pii = PiiRule(self.policy.pii)
        self._version: str | None = None
        self._profiles: dict[str, LabelProfile] = {}
        self._catalog = ProductCatalog([])
        self._off_label = OffLabelRule(self.policy.off_label, set())
        self._adverse = AdverseEventRule(self.policy.adverse_event, set())

    # --- profiles and product recognition ------------------------------------------
    def set_profiles(self, profiles: dict[str, LabelProfile], catalog: ProductCatalog | None = None) -> None:
        """Install label profiles (built from the store, or directly from chunks in tests)."""
        self._profiles = profiles
        if catalog is None:
            catalog = ProductCatalog.from_metas(
                DocumentMeta(doc_id=p, title=p, doc_type="label", product=p, brand=prof.brand)
                for p, prof in profiles.items()
            )
        self._catalog = catalog
        names = {alias for info in catalog.products for alias in [info.product, *info.aliases]}
        self._off_label = OffLabelRule(self.policy.off_label, names)
        self._adverse = AdverseEventRule(self.policy.adverse_event, names)
        self.pii.know_products(names)
        self.promotional.know_products(names)

    def _refresh(self) -> None:
        if self.store is None:
            return
        version = str(self.store.version)
        if version == self._version:
            return
        chunks = self.store.all_chunks(ChunkFilter(doc_types=["label"]))
        policy = self.policy.off_label
        profiles = cached(
            self.settings.data_dir / "cache", profiles_key(chunks, policy), lambda: build_profiles(chunks, policy)
        )
        self.set_profiles(profiles, ProductCatalog.from_store(self.store))
        self._version = version

    @property
    def profiles(self) -> dict[str, LabelProfile]:
        self._refresh()
        return self._profiles

    def recognise_products(self, text: str) -> list[str]:
        """Products named in the text (generic, brand or a component of a combination)."""
        self._refresh()
        return self._catalog.recognize(text)

    def _resolve(self, product: str) -> str:
        """The catalog's generic for a product argument ('relugolix/estradiol/norethindrone', 'Entresto').

        A label stored under its salt ("sildenafil citrate") is found by its active moiety
        ("sildenafil") and the other way round, whichever naming the ingest used."""
        info = self._catalog.get(product)
        if info is not None:
            return info.product
        branded = self._brand_word_match(product)
        if branded is not None:
            return branded
        found = self._catalog.recognize(product)
        if found:
            return found[0]
        wanted = moiety(product)
        by_moiety = next((p for p in self._profiles if moiety(p) == wanted), None)
        return by_moiety or self._abbreviated_name(product) or product.lower().strip()

    def _abbreviated_name(self, product: str) -> str | None:
        """The label whose name ``product`` writes with that label's own abbreviations: 'HPV 9-valent
        vaccine' for a label that defines HPV and is named 'human papillomavirus 9-valent vaccine'."""
        for name, profile in self._profiles.items():
            expanded = spelled_out(product, profile)
            if expanded != product and " ".join(expanded.lower().split()) in profile.names:
                return name
        return None

    def _brand_word_match(self, product: str) -> str | None:
        """The one label whose brand has a word of ``product`` outside its generic name: 'insulin
        human U-500' names the HUMULIN R U-500 label (stored as 'insulin') by 'U-500', not the inhaled
        'insulin human' label whose generic it contains, which a name search would find first."""
        words = set(_WORD.findall(product.lower()))
        hits = [
            name
            for name, profile in self._profiles.items()
            if (set(_WORD.findall((profile.brand or "").lower())) - set(_WORD.findall(name))) & words
        ]
        return hits[0] if len(hits) == 1 else None

    def _products(self, text: str, product: str | None) -> list[str | None]:
        """The labels to check ``text`` against: the caller's product when a label is stored under it,
        else the products the text names. A product argument no label resolves ("mirvetuximab" for a
        label filed under its full conjugate name, before the catalog knew the short form) must not
        silence the off-label rail when the text names the brand."""
        if product:
            resolved = self._resolve(product)
            if resolved in self._profiles:
                return [resolved]
            return list(self._catalog.recognize(text)) or [resolved]
        return list(self._catalog.recognize(text))

    # --- checking ----------------------------------------------------------------
    def check(
        self,
        text: str,
        kind: TextKind = "question",
        product: str | None = None,
        sources: list[str] | None = None,
    ) -> GuardrailResult:
        """Run every rail over ``text``.

        ``sources`` (answers only) are the texts of the approved passages the answer
        cites. A sentence that restates one of them (see :mod:`.support`) presents
        approved content, so it cannot be off-label or a new adverse-event report; every
        other rail, promotional included, still applies to it. ``None`` (or an empty
        list) checks as before. The adverse-event patterns read answers too (an answer
        relaying a caller's report still needs the notice); the learned heads read
        questions only.
        """
        self._refresh()
        injection = self.injection.scan(text)
        pii = self.pii.scan(text)
        adverse = self._adverse.scan(text)
        products: list[str | None] = self._products(text, product)
        off_label: list[GuardrailFinding] = []
        for name in products or [None]:
            off_label += self._off_label.scan(text, kind, self._profiles.get(name) if name else None)
        if kind == "answer" and sources:
            # A sentence restating a cited passage presents approved content: not off-label, and a
            # trial narrative it quotes ("one subject reported ...") is not a new adverse-event report.
            restated = supported_spans(text, sources)
            off_label = _outside(off_label, restated)
            adverse = _outside(adverse, restated)
        off_label = _dedupe(off_label)
        if kind == "question":  # "approved for teens or only adults?" asks where the line is, not to cross it
            off_label = [f for f in off_label if not about_boundary(text, f)]
        # The learned heads cost an embedding; a text an injection blocks needs none of them. An
        # off-label block still gets the promotional head: a pitch for an unapproved use is both,
        # and compliance routes the two differently, so the promotional finding must not be lost.
        label = next(((n, self._profiles[n].chunk_sentences) for n in products if n and n in self._profiles), None)
        if kind == "question" and not injection:
            # A line of pasted material addressed to the model is read before the other heads: it is an
            # injection whatever else the text asks, and it spares the promotional head.
            injection = self.injection.scan_addressed(text)
        promotional = self.promotional.scan(text, kind, learned=not _blocks(injection), label=label)
        if kind == "question" and not _blocks(injection + off_label + promotional):
            injection += self.injection.scan_learned(text) if not injection else []
            if not injection:
                adverse = adverse or self._adverse.scan_learned(text)
        return self._result(text, injection + promotional + pii + adverse + off_label)

    def check_batch(self, items: list[tuple[str, str, str | None]]) -> list[GuardrailResult]:
        """``(text, kind, product)`` triples, checked in order."""
        out = []
        for text, kind, product in items:
            if kind not in ("question", "answer"):
                raise ValueError(f"kind must be 'question' or 'answer', got {kind!r}")
            out.append(self.check(text, kind=kind, product=product))  # type: ignore[arg-type]
        return out

    def _result(self, text: str, findings: list[GuardrailFinding]) -> GuardrailResult:
        decision: Decision = "allow"
        for f in findings:
            if SEVERITY[f.decision] > SEVERITY[decision]:
                decision = f.decision
        notices: list[str] = []
        for rule in dict.fromkeys(f.rule for f in findings):
            notice = getattr(self.policy.notices, rule)
            if notice not in notices:
                notices.append(notice)
        redacted = self.pii.redact(text) if any(f.rule == "pii" for f in findings) else None
        return GuardrailResult(decision=decision, findings=findings, notices=notices, redacted_text=redacted)


def _outside(findings: list[GuardrailFinding], spans: list[tuple[int, int]]) -> list[GuardrailFinding]:
    """Findings that do not start inside one of ``spans`` (sentences restating a cited source)."""
    return [f for f in findings if f.start is None or not any(a <= f.start < b for a, b in spans)]


def _blocks(findings: list[GuardrailFinding]) -> bool:
    return any(f.decision == "block" for f in findings)


def _dedupe(findings: list[GuardrailFinding]) -> list[GuardrailFinding]:
    seen: set[tuple[int | None, int | None, str]] = set()
    out = []
    for f in findings:
        key = (f.start, f.end, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
