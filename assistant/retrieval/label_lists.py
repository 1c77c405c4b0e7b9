"""How the lists of a structured label read when quoted one item at a time.

Two shapes of label list do not quote as sentences on their own:

* **Items that continue their heading.** An OTC "Drug Facts" label writes its
  sections as a heading and fragments: "Do not use" / "- in a child under 4 years
  of age", "Purpose" / "Antihistamine/cough suppressant", "Directions" / "- may be
  given every 4 hours". A fragment starts in lower case or has no full stop, so
  the composer would skip it as a heading or a line cut mid-sentence. Read with
  its heading it is the statement the label makes: "Do not use: in a child under
  4 years of age." (:func:`under_heading`).
* **Labelled values.** An old-format label writes a dosing chart as lines "Psychotic
  Disorders - 0.05 mg/kg/day to 0.15 mg/kg/day": a label, a dash, a value with figures,
  no full stop. Read as "Psychotic Disorders: 0.05 mg/kg/day to 0.15 mg/kg/day." it is
  a statement (:func:`labelled_values`); left alone it would be split at the dash into
  a heading and a fragment.
* **Items introduced by a sentence** ("X is contraindicated in women with any of
  the following:" / "- Known osteoporosis."): the item alone does not say what it
  is an item of. The introduction is kept as a candidate that never answers on
  its own but is quoted with the items chosen (:func:`is_intro`).

Only passages of structured (SPL) labels are rewritten: there a line is a line
of the author's list, whereas in extracted PDF text a lower-case line is most
often a sentence wrapped across lines.
"""

from __future__ import annotations

import re

from assistant.retrieval.text import strip_bullet

_BULLET_RE = re.compile(r"^\s*[-•▪*]\s+")
_INLINE_BULLET_RE = re.compile(r"\s*•\s*")
_TERMINAL = (".", "!", "?")
MAX_FRAGMENT_WORDS = 60
"""A section of fragments this short is quoted whole ("Purpose: Antihistamine; Nasal decongestant.")."""


def _tidy(fragment: str) -> str:
    """ "temporarily relieves • sneezing • runny nose" -> "temporarily relieves, sneezing, runny nose"."""
    text = _INLINE_BULLET_RE.sub(", ", fragment).strip(" ,")
    return re.sub(r"\s{2,}", " ", text)


def _ends(text: str) -> str:
    return text if text.endswith(_TERMINAL) else f"{text}."


def _same_words(text: str, heading: str) -> bool:
    def words(t: str) -> list[str]:
        return re.findall(r"[a-z]+", t.casefold())

    return words(text) == words(heading)


def under_heading(text: str, heading: str) -> str:
    """The passage with its fragments read under ``heading`` (see the module docstring).

    A passage made only of unpunctuated lines becomes one statement; a bulleted
    item that starts in lower case, and does not continue an introduction ending
    with ":", ";" or ",", is prefixed with the heading. Other lines are unchanged.
    """
    heading = heading.strip().rstrip(".:")
    lines = [line for line in text.splitlines() if line.strip()]
    if not heading or not lines:
        return text
    bodies = [_tidy(strip_bullet(line)) for line in lines]
    if all(_same_words(body, heading) for body in bodies):
        return text  # "19. HOW SUPPLIED/STORAGE AND HANDLING": the title again, no statement
    if not any(b.endswith(_TERMINAL) for b in bodies) and sum(len(b.split()) for b in bodies) <= MAX_FRAGMENT_WORDS:
        return f"{heading}: " + "; ".join(b.rstrip(";,") for b in bodies if b) + "."
    out: list[str] = []
    previous = ""
    for line, body in zip(lines, bodies, strict=True):
        continues = previous.rstrip().endswith((":", ";", ","))
        if body[:1].islower() and (_BULLET_RE.match(line) or not out) and not continues:
            out.append(f"- {heading}: {_ends(body)}")
        else:
            out.append(line)
        previous = line
    return "\n".join(out)


_LABELLED_VALUE_RE = re.compile(
    r"^(\s*(?:[-•▪*]\s+)?[A-Z](?:(?!\s[-–—]\s)[^.:;]){2,80}?)\s[-–—]\s(\d(?:(?!\s[-–—]\s).)*?)\s*$"
)


def labelled_values(text: str) -> str:
    """``text`` with each "Label - value with figures" line written "Label: value." (see the module docstring)."""
    out = []
    for line in text.splitlines():
        match = _LABELLED_VALUE_RE.match(line)
        out.append(f"{match.group(1)}: {_ends(match.group(2))}" if match else line)
    return "\n".join(out)


def is_intro(sentence: str, following: str | None) -> bool:
    """A sentence ending with ":" directly followed by a bulleted item introduces a list."""
    return sentence.rstrip().endswith(":") and following is not None and bool(_BULLET_RE.match(following))


def intro_lines(text: str) -> set[str]:
    """The lines of a passage that introduce the bulleted list after them (without their markers)."""
    lines = [line for line in text.splitlines() if line.strip()]
    return {
        strip_bullet(line)
        for line, following in zip(lines, [*lines[1:], None], strict=True)
        if is_intro(line, following)
    }
