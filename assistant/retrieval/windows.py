"""Whether a sentence's stated age or weight window holds a patient's measured value.

The reader moved to :mod:`assistant.quantities`, below retrieval and the guardrails, which share its
unit spellings; its names stay importable from here.
"""

from __future__ import annotations

from assistant.quantities import holds, unit_pattern

__all__ = ["holds", "unit_pattern"]
