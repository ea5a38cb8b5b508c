"""The vocabulary shared by every record: number and mark types, references and claims.

Split out of :mod:`fasci_tui.content.model` (which re-exports these names) so that the
nutrient records can use them without an import cycle.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

Number = int | float
"""A YAML integer or decimal."""

Sex = Literal["male", "female", "any"]
LinkType = Literal["direct", "indirect"]
NutrientKind = Literal["mineral", "vitamin"]
IntakeKind = Literal["RDA", "AI"]
MassUnit = Literal["mg", "mcg", "g"]
FoodUnit = Literal["mg", "mcg", "g", "IU"]
Evidence = Literal["strong", "limited", "opinion"]
"""How well a claim that something works or is linked is supported."""
FlagLevel = Literal["now", "soon", "reassurance"]
"""The tiers of the red flags, most urgent first."""

EVIDENCE_LABELS: dict[str, str] = {
    "strong": "strong evidence (guidelines, trials)",
    "limited": "limited evidence (observational or small studies)",
    "opinion": "expert opinion or anecdote",
}
"""What each evidence mark means, for display beside the claim."""

EVIDENCE_SHORT: dict[str, str] = {"strong": "strong evidence", "limited": "limited evidence",
                                  "opinion": "expert opinion"}
"""A short form of each evidence mark, to show beside a claim."""

FLAG_LEVELS: tuple[str, ...] = ("now", "soon", "reassurance")
"""The red-flag tiers in the order they are shown."""


class Reference(NamedTuple):
    """A published source that numbers and statements point to by ``id``."""

    id: str
    title: str
    publisher: str
    url: str
    note: str | None = None


class Statement(NamedTuple):
    """A piece of text with the references that back it."""

    text: str
    refs: tuple[str, ...] = ()


class Claim(NamedTuple):
    """One statement with its sources and, when it says something works or is linked,
    an evidence mark (see :data:`EVIDENCE_LABELS`)."""

    text: str
    refs: tuple[str, ...] = ()
    evidence: Evidence | None = None
