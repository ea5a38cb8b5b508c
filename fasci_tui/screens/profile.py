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
from textual.widgets.input import Selection

from fasci_tui.content.personal import young_note
from fasci_tui.store.records import AGE_RANGE, FieldError, Profile, check_profile, whole

INTRO = ("Your sex and age let every nutrient page show your own daily intake "
         "instead of the adult range. It stays on this computer. Esc skips; you can "
         "set it later from ctrl+p (\"profile\") or with `fasci-tui profile`.")


class ProfileResult:
    """What the box returns: a profile to save, or ``forget`` (None) to remove it."""

    def __init__(self, profile: Profile | None) -> None:
        self.profile = profile


class StateRadio(RadioButton):
    """A radio button whose mark is there only when it is on, so the choice shows
    without colour (NO_COLOR); Textual draws the same dot both ways."""

    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802 (Textual's name for the mark)
        """The mark inside the button: a dot when chosen, blank when not."""
        return "●" if self.value else " "


class StateCheckbox(Checkbox):
    """A checkbox whose X is there only when it is ticked (readable without colour)."""

    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802 (Textual's name for the mark)
        """The mark inside the box: X when ticked, blank when not."""
        return "X" if self.value else " "


class AgeInput(Input):
    """The age box: a digit typed elsewhere starts it, and the next digit follows it.

    An Input selects its text when it gains focus, so a digit put in before focus came
    would be replaced by the next one ("35" was saved as 5). After :meth:`start` the
    cursor stays after the digit instead.
    """

    def __init__(self, value: str) -> None:
        super().__init__(value, type="integer", max_length=3, id="profile-age",
                         placeholder=f"{AGE_RANGE[0]}–{AGE_RANGE[1]}")

    def start(self, digit: str) -> None:
        """Begin the age with ``digit`` typed while another field had focus; the focus
        that follows keeps the cursor after it instead of selecting it."""
        self.value = digit
        self.select_on_focus = False
        self.selection = Selection.cursor(len(self.value))

    def add(self, digit: str) -> None:
        """Type ``digit`` at the cursor (a key that reached another field in the same burst)."""
        self.insert_text_at_cursor(digit)

    def on_blur(self) -> None:
        """Coming back later (Tab) selects the age again, so typing replaces it."""
        self.select_on_focus = True


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
                yield StateRadio("Woman (f)", value=profile is not None
                                  and profile.sex == "female", id="profile-female")
                yield StateRadio("Man (m)", value=profile is not None
                                  and profile.sex == "male", id="profile-male")
            with Horizontal(id="profile-age-row"):
                yield Static("Age ", markup=False)
                yield AgeInput(str(profile.age) if profile else "")
            yield Static(id="profile-young", markup=False)
            yield StateCheckbox("Pregnant", profile is not None and profile.pregnant,
                           id="profile-pregnant", compact=True)
            yield StateCheckbox("Breastfeeding", profile is not None and profile.breastfeeding,
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
        """``f``/``m`` pick the sex and move to the age; a digit starts the age.

        The age box stops every printable key typed in it, so a letter or digit that
        gets here was sent to another field, even when the age box has focus by now:
        keys of one burst are routed before the focus change of an earlier one lands.
        Focus therefore moves at once (``set_focus``), not after the queued keys.
        """
        age = self.query_one(AgeInput)
        if event.character in ("f", "m"):
            event.stop()
            which = "#profile-female" if event.character == "f" else "#profile-male"
            self.query_one(which, RadioButton).value = True
            if self.focused is not age:
                self.set_focus(age)
        elif event.character and event.character.isdigit():
            event.stop()
            if self.focused is age:
                age.add(event.character)
            else:
                age.start(event.character)
                self.set_focus(age)

    def read(self) -> Profile:
        """The profile in the form; FieldError naming the field if it is not allowed."""
        sex = ("female" if self.query_one("#profile-female", RadioButton).value else
               "male" if self.query_one("#profile-male", RadioButton).value else None)
        if sex is None:
            raise FieldError("sex", "choose woman (f) or man (m)")
        age = whole("age", self.query_one(AgeInput).value.strip(), *AGE_RANGE)
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

    def on_input_changed(self, event: Input.Changed) -> None:
        """Under 19: say at once that the pages show adult values that do not apply."""
        event.stop()
        value = event.value.strip()
        note = young_note(int(value)) if value.isdigit() and int(value) > 0 else None
        self.query_one("#profile-young", Static).update(note or "")
        self.query_one("#profile-young").display = note is not None

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
