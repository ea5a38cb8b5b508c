"""The person's own data: profile, daily check-ins and checklist ticks per day.

Everything goes through the :class:`~fasci_tui.store.api.Store` protocol; the one
implementation today is :class:`~fasci_tui.store.sqlite.SqliteStore` (``open_store``).
Records and their validation are in :mod:`fasci_tui.store.records`; CSV/JSON export
and import in :mod:`fasci_tui.store.exchange`. This package never imports Textual.
"""

from __future__ import annotations

from pathlib import Path

from fasci_tui.store.api import Store, StoreBusy, StoreDamaged, StoreError
from fasci_tui.store.records import DailyEntry, FieldError, Profile, Supplement

__all__ = ["DailyEntry", "FieldError", "Profile", "Store", "StoreBusy", "StoreDamaged",
           "StoreError", "Supplement", "open_store"]


def open_store(directory: Path | None = None, set_aside_damaged: bool = False,
               create: bool = True) -> Store:
    """Open the person's store in ``directory`` (default: the state directory).

    A file that is not a readable log raises StoreDamaged and is left as it is; with
    ``set_aside_damaged`` it is renamed instead and a new log started (see the notice
    from ``take_notices``). With ``create`` False a missing log is made by the first
    write, not now.
    """
    from fasci_tui.store.sqlite import SqliteStore

    return SqliteStore.open(directory, set_aside_damaged, create)
