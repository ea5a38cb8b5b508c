"""Upper limits by region, in the order the person's ``region`` setting asks for.

Where authorities differ (vitamin B6: 100 mg in the US and Canada, 12 mg in the EU) the
data gives the limit with its ``region`` and the others in ``other_regions``. With a
region setting (``fasci_tui.config``: ``us-canada`` or ``eu``) the limit of that region
comes first and is marked "(your region setting)"; without one, the data's order. The
nutrient page, the compare table's upper-limit column and ``show`` all come here.
Textual-free.
"""

from __future__ import annotations

from typing import NamedTuple

from fasci_tui.config import REGION_NAMES, Settings
from fasci_tui.content.model import Number, UpperLimit
from fasci_tui.content.units import fmt_amount

YOURS = "(your region setting)"
"""How the limit of the person's region is marked."""

_WORDS = {"us-canada": ("us", "usa", "canada", "united states"),
          "eu": ("eu", "european", "europe", "efsa")}
"""Words in a region's name in the data that say which setting it belongs to."""


class RegionLimit(NamedTuple):
    """One region's upper limit, ready to show."""

    region: str
    """The region as the data names it (``European Union (adults)``)."""
    setting: str | None
    """The setting it belongs to (``eu``), None if no setting names it."""
    amount: Number
    unit: str
    refs: tuple[str, ...]
    note: str | None
    yours: bool
    """True for the limit of the person's region setting."""

    @property
    def short(self) -> str:
        """The region's short name (``EU``), else its name in the data."""
        return REGION_NAMES.get(self.setting or "", self.region)


def region_setting(settings: Settings) -> str | None:
    """The region the settings ask for, None when they keep the default (then the data's
    own order, as without a settings file: the file does not say whether it was set)."""
    return settings.region if settings.region != Settings.region else None


def setting_of(region: str) -> str | None:
    """Which region setting a region named in the data belongs to (None: neither)."""
    text = region.lower().replace("/", " ").replace(",", " ").replace("(", " ")
    words = set(text.split())
    for setting, names in _WORDS.items():
        if any((" " in name and name in text) or name in words for name in names):
            return setting
    return None


def regional_limits(limit: UpperLimit, region: str | None = None) -> list[RegionLimit]:
    """The limits of a nutrient that has limits by region, the setting's region first;
    empty when the limit is not regional (one amount, or none set)."""
    if limit.amount is None or not limit.region or not limit.other_regions:
        return []
    found = [RegionLimit(limit.region, setting_of(limit.region), limit.amount,
                         limit.unit or "", limit.refs, limit.note, False)]
    found += [RegionLimit(r.region, setting_of(r.region), r.amount, r.unit, r.refs, r.note,
                          False) for r in limit.other_regions]
    if region is None:
        return found
    at = next((i for i, r in enumerate(found) if r.setting == region), None)
    if at is None:
        return found
    return [found[at]._replace(yours=True), *found[:at], *found[at + 1:]]


def limit_cell(limit: UpperLimit, region: str | None = None
               ) -> tuple[str, Number | None, str | None]:
    """The compare table's upper-limit cell, and the amount and unit it shows (to sort
    by): ``12 mg (EU)`` for the setting's region where limits differ by region, else the
    amount (``none set`` without one)."""
    if limit.amount is None or limit.unit is None:
        return "none set", None, None
    regional = regional_limits(limit, region)
    if regional and regional[0].yours:
        first = regional[0]
        return f"{fmt_amount(first.amount, first.unit)} ({first.short})", first.amount, \
            first.unit
    return fmt_amount(limit.amount, limit.unit), limit.amount, limit.unit
