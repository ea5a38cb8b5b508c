"""Your profile (sex, age, pregnancy or breastfeeding) in a small box over the app.

Asked once, gently, after the first-run disclaimer (Esc skips), and again from the
palette ("Your profile"). With a profile every nutrient page, food bar and the compare
table use the person's own intake ("your RDA: 320 mg, women 31+"). Keyboard: ``f``/``m``
pick the sex, digits go to the age box, Tab moves, Enter saves, Esc leaves unchanged.
"""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Footer, Input, RadioButton, RadioSet, Static

from fasci_tui.store.records import AGE_RANGE, FieldError, Profile, check_profile, whole

INTRO = ("Your sex and age let every nutrient page show your own daily intake "
         "instead of the adult range. It stays on this computer. Esc skips; you can "
         "set it later from ctrl+p (\"profile\") or with `fasci-tui profile`.")


class ProfileResult:
    """What the box returns: a profile to save, or ``forget`` (None) to remove it."""

    def __init__(self, profile: Profile | None) -> None:
        self.profile = profile


class ProfileScreen(ModalScreen[ProfileResult | None]):
    """The profile form. Dismissed with a :class:`ProfileResult`, or None when skipped."""

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    BINDINGS = [
        Binding("escape", "skip", "Skip"),
        Binding("ctrl+s", "save", "Save"),
        Binding("q", "app.quit", "Quit", show=False),  # typed as a letter in the age box
        # A modal screen hides the app's bindings: ctrl+l must still redraw.
        Binding("ctrl+l", "app.redraw", "Redraw", show=False),
    ]

    def __init__(self, profile: Profile | None = None, first_run: bool = False) -> None:
        super().__init__()
        self.profile = profile
        self.first_run = first_run

    def compose(self) -> ComposeResult:
        """Sex, age, pregnancy and breastfeeding, buttons."""
        profile = self.profile
        with Vertical(id="profile-box") as box:
            box.border_title = "Your profile (optional)" if self.first_run else "Your profile"
            yield Static(INTRO, id="profile-intro", markup=False)
            with RadioSet(id="profile-sex"):
                yield RadioButton("Woman (f)", value=profile is not None
                                  and profile.sex == "female", id="profile-female")
                yield RadioButton("Man (m)", value=profile is not None
                                  and profile.sex == "male", id="profile-male")
            with Horizontal(id="profile-age-row"):
                yield Static("Age ", markup=False)
                yield Input(str(profile.age) if profile else "", type="integer",
                            max_length=3, id="profile-age", compact=True,
                            placeholder=f"{AGE_RANGE[0]}–{AGE_RANGE[1]}")
            yield Checkbox("Pregnant", profile is not None and profile.pregnant,
                           id="profile-pregnant", compact=True)
            yield Checkbox("Breastfeeding", profile is not None and profile.breastfeeding,
                           id="profile-breastfeeding", compact=True)
            yield Static(id="profile-error", markup=False)
            with Horizontal(id="profile-buttons"):
                yield Button("Save", id="profile-save", variant="primary", compact=True)
                yield Button("Skip" if self.first_run else "Cancel", id="profile-skip",
                             compact=True)
                if profile is not None:
                    yield Button("Forget it", id="profile-forget", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        """Start on the sex."""
        self.query_one(RadioSet).focus()

    def on_key(self, event: events.Key) -> None:
        """``f``/``m`` pick the sex and move to the age; a digit starts the age."""
        if isinstance(self.focused, Input):
            return
        if event.character in ("f", "m"):
            event.stop()
            which = "#profile-female" if event.character == "f" else "#profile-male"
            self.query_one(which, RadioButton).value = True
            self.query_one("#profile-age", Input).focus()
        elif event.character and event.character.isdigit():
            event.stop()
            age = self.query_one("#profile-age", Input)
            age.value = event.character
            age.focus()
            age.cursor_position = len(age.value)

    def read(self) -> Profile:
        """The profile in the form; FieldError naming the field if it is not allowed."""
        sex = ("female" if self.query_one("#profile-female", RadioButton).value else
               "male" if self.query_one("#profile-male", RadioButton).value else None)
        if sex is None:
            raise FieldError("sex", "choose woman (f) or man (m)")
        age = whole("age", self.query_one("#profile-age", Input).value.strip(), *AGE_RANGE)
        return check_profile(Profile(sex, age,
                                     self.query_one("#profile-pregnant", Checkbox).value,
                                     self.query_one("#profile-breastfeeding", Checkbox).value))

    def action_save(self) -> None:
        """Save (Enter in the age box, the Save button, ctrl+s)."""
        try:
            profile = self.read()
        except FieldError as exc:
            self.query_one("#profile-error", Static).update(str(exc))
            return
        self.dismiss(ProfileResult(profile))

    def action_skip(self) -> None:
        """Esc: leave everything as it was."""
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the age box saves."""
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Save, skip or forget."""
        event.stop()
        if event.button.id == "profile-save":
            self.action_save()
        elif event.button.id == "profile-forget":
            self.dismiss(ProfileResult(None))
        else:
            self.dismiss(None)
