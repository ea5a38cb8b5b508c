"""textual_fixes patches Textual only on the version each patch was checked against."""

from __future__ import annotations

import pytest
import textual
from textual.command import CommandPalette
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList

from fasci_tui.widgets import textual_fixes


def test_the_installed_textual_is_the_checked_one() -> None:
    """Fails after a Textual upgrade: check each bug again (tests/test_monkey.py), then
    drop the patch or move CHECKED_ON."""
    assert textual.__version__ == textual_fixes.CHECKED_ON
    assert textual_fixes.installed_version() == textual.__version__
    assert textual_fixes.APPLIED
    assert OptionList._move_page is textual_fixes._safe_move_page
    assert Screen.dismiss is textual_fixes._dismiss_if_on_top


@pytest.fixture
def sentinels(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """Stand-ins in place of every patched method (restored afterwards)."""
    placed: dict[str, object] = {}
    for owner, name in [(OptionList, "_move_page"), (Screen, "dismiss"),
                        (Content, "_wrap_and_format"),
                        *((CommandPalette, n) for n in textual_fixes.PALETTE_METHODS)]:
        def stand_in(*args: object, **kwargs: object) -> None:
            return None
        monkeypatch.setattr(owner, name, stand_in)
        placed[f"{owner.__name__}.{name}"] = stand_in
    return placed


def current(placed: dict[str, object]) -> dict[str, object]:
    owners = {"OptionList": OptionList, "Screen": Screen, "Content": Content,
              "CommandPalette": CommandPalette}
    return {key: getattr(owners[key.split(".")[0]], key.split(".")[1]) for key in placed}


def test_another_version_is_left_alone(sentinels: dict[str, object]) -> None:
    assert textual_fixes.apply("9.0.0") is False
    assert current(sentinels) == sentinels


def test_the_checked_version_is_patched(sentinels: dict[str, object]) -> None:
    assert textual_fixes.apply(textual_fixes.CHECKED_ON) is True
    now = current(sentinels)
    assert all(now[key] is not sentinels[key] for key in sentinels)
    assert now["Screen.dismiss"] is textual_fixes._dismiss_if_on_top
