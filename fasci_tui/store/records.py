"""The person's records (profile, daily entry, supplement) and their validation.

Every check lives here, once: the store, the command line and the import formats all
call :func:`check_profile`, :func:`check_entry` or the per-field converters below, so a
bad value gets the same message wherever it comes from. A message names the field and
what is allowed, e.g. ``twitch: must be a whole number from 0 to 10 (got 11)``.

The converters take a Python value (from code or JSON) or a piece of text (from the
command line or a CSV cell) and return the checked value; an empty text or ``None``
means "not recorded".
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from typing import NamedTuple

SEXES = ("female", "male")
"""Sexes the intake tables distinguish."""

SEX_WORDS = {"f": "female", "female": "female", "woman": "female", "women": "female",
             "m": "male", "male": "male", "man": "male", "men": "male"}
"""Words accepted for a sex (lowercased)."""

AGE_RANGE = (1, 120)
TWITCH_RANGE = (0, 10)
STRESS_RANGE = (0, 5)
DRINKS_RANGE = (0, 40)
SLEEP_RANGE = (0.0, 24.0)

SITES = ("eyelid", "face", "tongue", "arms", "hands", "legs", "calves", "feet",
         "whole-body", "other")
"""Where twitching can be recorded, in display order (ids; see SITE_LABELS)."""

SITE_LABELS = {site: site.replace("-", " ") for site in SITES}
"""How each site reads: ``whole-body`` -> ``whole body``."""

EXERCISE_LEVELS = ("none", "light", "hard")

SUPPLEMENT_UNITS = ("mg", "mcg", "g", "IU", "ml")
_UNIT_WORDS = {"mg": "mg", "mcg": "mcg", "ug": "mcg", "µg": "mcg", "μg": "mcg", "g": "g",
               "iu": "IU", "ml": "ml"}
MAX_SUPPLEMENTS = 20
MAX_SUPPLEMENT_NAME = 60
MAX_SUPPLEMENT_AMOUNT = 1_000_000
MAX_NOTE = 2000
MAX_HABITS = 50

FIRST_DAY = dt.date(1970, 1, 1)
"""The earliest day a log entry may have."""

_HABIT_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}\Z")
_SUPPLEMENT_TEXT = re.compile(r"\s*(?P<name>.+?)\s+(?P<amount>[0-9]+(?:[.,][0-9]+)?)\s*"
                              r"(?P<unit>[A-Za-zµμ]+)\s*\Z")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class FieldError(ValueError):
    """A value that is not allowed: ``str()`` gives ``field: message``."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class Profile(NamedTuple):
    """Who the intakes are for: sex, age in years, pregnancy and breastfeeding."""

    sex: str
    age: int
    pregnant: bool = False
    breastfeeding: bool = False

    def describe(self) -> str:
        """The profile in words: ``woman, 34, pregnant``."""
        words = ["woman" if self.sex == "female" else "man", str(self.age)]
        if self.pregnant:
            words.append("pregnant")
        if self.breastfeeding:
            words.append("breastfeeding")
        return ", ".join(words)


class Supplement(NamedTuple):
    """A supplement taken on a day: ``Supplement("magnesium", 200, "mg")``."""

    name: str
    amount: float
    unit: str

    def __str__(self) -> str:
        amount = int(self.amount) if float(self.amount).is_integer() else self.amount
        return f"{self.name} {amount} {self.unit}"


class DailyEntry(NamedTuple):
    """One day's check-in. ``None`` (or empty) means "not recorded" for that field.

    ``habits`` are the checklist habits ticked that day (the same as the store's ticks
    for the day); ``sites`` are ids from :data:`SITES` in that order.
    """

    day: dt.date
    twitch: int | None = None
    sites: tuple[str, ...] = ()
    caffeine: int | None = None
    alcohol: int | None = None
    sleep: float | None = None
    stress: int | None = None
    exercise: str | None = None
    habits: frozenset[str] = frozenset()
    supplements: tuple[Supplement, ...] = ()
    note: str = ""

    def has_checkin(self) -> bool:
        """True when anything besides habit ticks is recorded."""
        return self._replace(habits=frozenset()) != DailyEntry(self.day)


class LabResult(NamedTuple):
    """A blood test result the person saved: its day, the nutrient id (``magnesium``),
    the value and unit as printed, and the range printed on the report (None when none
    was given)."""

    day: dt.date
    test: str
    value: float
    unit: str
    low: float | None = None
    high: float | None = None


class Answer(NamedTuple):
    """A yes/no answer to one of the watch's questions (ids in
    :data:`fasci_tui.content.watch.QUESTIONS`), with the day it was given."""

    day: dt.date
    question: str
    yes: bool


ENTRY_FIELDS = DailyEntry._fields
"""The entry's fields in order (``day`` first)."""


def today() -> dt.date:
    """The local date now."""
    return dt.date.today()


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _shown(value: object) -> str:
    return repr(value.strip()) if isinstance(value, str) else repr(value)


def whole(field: str, value: object, low: int, high: int, what: str = "a whole number") -> int:
    """``value`` as an int from ``low`` to ``high``, or FieldError naming ``field``."""
    problem = f"must be {what} from {low} to {high} (got {_shown(value)})"
    if isinstance(value, str):
        try:
            value = int(value.strip())
        except ValueError:
            raise FieldError(field, problem) from None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise FieldError(field, problem)
    return value


def optional_whole(field: str, value: object, low: int, high: int) -> int | None:
    """Like :func:`whole`, with ``None`` or empty text meaning "not recorded"."""
    return None if _blank(value) else whole(field, value, low, high)


def check_day(value: object, field: str = "date") -> dt.date:
    """A day from a date or ``YYYY-MM-DD`` text (also ``today``, ``yesterday``).

    Days before :data:`FIRST_DAY` or after tomorrow (time zones differ) are refused.
    """
    latest = today() + dt.timedelta(days=1)
    problem = (f"must be a date YYYY-MM-DD from {FIRST_DAY.isoformat()} to "
               f"{latest.isoformat()} (got {_shown(value)})")
    if isinstance(value, str):
        text = value.strip().lower()
        if text in ("today", "yesterday"):
            return today() - dt.timedelta(days=1 if text == "yesterday" else 0)
        try:
            value = dt.date.fromisoformat(text) if len(text) == 10 else None
        except ValueError:
            value = None
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise FieldError(field, problem)
    if not FIRST_DAY <= value <= latest:
        raise FieldError(field, problem)
    return value


def check_sleep(value: object, field: str = "sleep") -> float | None:
    """Hours slept, 0 to 24 (decimals allowed), or None."""
    if _blank(value):
        return None
    low, high = SLEEP_RANGE
    problem = f"must be a number of hours from {low:g} to {high:g} (got {_shown(value)})"
    if isinstance(value, str):
        try:
            value = float(value.strip().replace(",", "."))
        except ValueError:
            raise FieldError(field, problem) from None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FieldError(field, problem)
    if not math.isfinite(value) or not low <= value <= high:
        raise FieldError(field, problem)
    return round(float(value), 2)


def check_exercise(value: object, field: str = "exercise") -> str | None:
    """``none``, ``light`` or ``hard``, or None when not recorded."""
    if _blank(value):
        return None
    word = value.strip().lower() if isinstance(value, str) else value
    if word not in EXERCISE_LEVELS:
        raise FieldError(field, f"must be one of {', '.join(EXERCISE_LEVELS)} "
                                f"(got {_shown(value)})")
    return str(word)


def _items(field: str, value: object) -> list[str]:
    """A list of words from a list/tuple/set or from comma- or semicolon-separated text."""
    if _blank(value):
        return []
    if isinstance(value, str):
        return [w.strip() for w in re.split(r"[,;]", value) if w.strip()]
    if isinstance(value, (list, tuple, set, frozenset)) and all(isinstance(w, str)
                                                                 for w in value):
        return [w.strip() for w in value if w.strip()]
    raise FieldError(field, f"must be a list of words (got {_shown(value)})")


def check_sites(value: object, field: str = "sites") -> tuple[str, ...]:
    """Sites from :data:`SITES` (``whole body`` may be written with a space), in order."""
    chosen = set()
    for word in _items(field, value):
        site = "-".join(word.lower().replace("_", " ").split())
        if site not in SITES:
            raise FieldError(field, f"unknown site {word!r} (allowed: "
                                    f"{', '.join(SITE_LABELS[s] for s in SITES)})")
        chosen.add(site)
    return tuple(s for s in SITES if s in chosen)


def check_habit(value: object, field: str = "habit") -> str:
    """One habit id (a lowercase slug such as ``sleep``)."""
    if not isinstance(value, str) or not _HABIT_ID.match(value):
        raise FieldError(field, f"{value!r} is not a habit id (lowercase letters, digits "
                                "and dashes, up to 64)")
    return value


def check_habits(value: object, field: str = "habits") -> frozenset[str]:
    """Habit ids (lowercase slugs such as ``sleep``)."""
    words = [check_habit(word, field) for word in _items(field, value)]
    if len(set(words)) > MAX_HABITS:
        raise FieldError(field, f"at most {MAX_HABITS} habits a day (got {len(set(words))})")
    return frozenset(words)


def check_note(value: object, field: str = "note") -> str:
    """Free text up to :data:`MAX_NOTE` characters (new lines and tabs allowed)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise FieldError(field, f"must be text (got {_shown(value)})")
    text = value.strip()
    if len(text) > MAX_NOTE:
        raise FieldError(field, f"must be at most {MAX_NOTE:,} characters (got {len(text):,})")
    bad = _CONTROL.search(text)
    if bad:
        raise FieldError(field, f"must not hold control characters (found {bad.group()!r} at "
                                f"character {bad.start() + 1})")
    return text


def _unit(field: str, value: object) -> str:
    unit = _UNIT_WORDS.get(value.strip().lower()) if isinstance(value, str) else None
    if unit is None:
        raise FieldError(field, f"unit must be one of {', '.join(SUPPLEMENT_UNITS)} "
                                f"(got {_shown(value)})")
    return unit


def check_supplement(value: object, field: str = "supplements") -> Supplement:
    """A supplement from a Supplement, a (name, amount, unit) triple, a JSON object with
    those keys, or text such as ``magnesium 200 mg``."""
    if isinstance(value, str):
        match = _SUPPLEMENT_TEXT.match(value)
        if not match:
            raise FieldError(field, 'expected NAME AMOUNT UNIT, e.g. "magnesium 200 mg" '
                                    f"(got {_shown(value)})")
        name, amount, unit = (match["name"], match["amount"].replace(",", "."),
                              match["unit"])
    elif isinstance(value, dict):
        extra = set(value) - {"name", "amount", "unit"}
        if extra:
            raise FieldError(field, f"unknown key {sorted(extra)[0]!r} (keys: name, amount, "
                                    "unit)")
        name, amount, unit = value.get("name"), value.get("amount"), value.get("unit")
    elif isinstance(value, (tuple, list)) and len(value) == 3:
        name, amount, unit = value
    else:
        raise FieldError(field, 'expected NAME AMOUNT UNIT, e.g. "magnesium 200 mg" '
                                f"(got {_shown(value)})")
    if not isinstance(name, str) or not name.strip():
        raise FieldError(field, "a supplement needs a name")
    name = " ".join(name.split())
    if len(name) > MAX_SUPPLEMENT_NAME or _CONTROL.search(name) or ";" in name:
        raise FieldError(field, f"a name is up to {MAX_SUPPLEMENT_NAME} characters, without "
                                f"';' (got {name[:MAX_SUPPLEMENT_NAME + 10]!r})")
    problem = (f"amount for {name!r} must be a number above 0 and up to "
               f"{MAX_SUPPLEMENT_AMOUNT:,} (got {_shown(amount)})")
    if isinstance(amount, str):
        try:
            amount = float(amount.strip())
        except ValueError:
            raise FieldError(field, problem) from None
    if isinstance(amount, bool) or not isinstance(amount, (int, float)):
        raise FieldError(field, problem)
    if not math.isfinite(amount) or not 0 < amount <= MAX_SUPPLEMENT_AMOUNT:
        raise FieldError(field, problem)
    return Supplement(name, float(amount), _unit(field, unit))


def check_supplements(value: object, field: str = "supplements") -> tuple[Supplement, ...]:
    """Several supplements: a list of anything :func:`check_supplement` takes, or text
    with one supplement per ``;``."""
    if _blank(value):
        return ()
    if isinstance(value, str):
        items: list[object] = [part for part in value.split(";") if part.strip()]
    elif isinstance(value, (list, tuple)):
        items = list(value)
    else:
        raise FieldError(field, f"must be a list of supplements (got {_shown(value)})")
    if len(items) > MAX_SUPPLEMENTS:
        raise FieldError(field, f"at most {MAX_SUPPLEMENTS} supplements a day "
                                f"(got {len(items)})")
    return tuple(check_supplement(item, field) for item in items)


def make_entry(day: object, **fields: object) -> DailyEntry:
    """A checked entry from raw values (Python values or text), keyed by field name.

    Unknown field names raise FieldError too.
    """
    unknown = set(fields) - set(ENTRY_FIELDS)
    if unknown:
        raise FieldError(sorted(unknown)[0], f"unknown field (fields: {', '.join(ENTRY_FIELDS)})")
    g = fields.get
    return DailyEntry(
        day=check_day(day),
        twitch=optional_whole("twitch", g("twitch"), *TWITCH_RANGE),
        sites=check_sites(g("sites")),
        caffeine=optional_whole("caffeine", g("caffeine"), *DRINKS_RANGE),
        alcohol=optional_whole("alcohol", g("alcohol"), *DRINKS_RANGE),
        sleep=check_sleep(g("sleep")),
        stress=optional_whole("stress", g("stress"), *STRESS_RANGE),
        exercise=check_exercise(g("exercise")),
        habits=check_habits(g("habits")),
        supplements=check_supplements(g("supplements")),
        note=check_note(g("note")),
    )


def check_entry(entry: DailyEntry) -> DailyEntry:
    """``entry`` checked and normalised (sites in order, note trimmed), or FieldError."""
    return make_entry(**entry._asdict())


def check_sex(value: object, field: str = "sex") -> str:
    """``female`` or ``male`` (also f/m, woman/man)."""
    sex = SEX_WORDS.get(value.strip().lower()) if isinstance(value, str) else None
    if sex is None:
        raise FieldError(field, f"must be one of {', '.join(SEXES)} (got {_shown(value)})")
    return sex


def check_profile(profile: Profile) -> Profile:
    """``profile`` checked, or FieldError."""
    for name in ("pregnant", "breastfeeding"):
        if not isinstance(getattr(profile, name), bool):
            raise FieldError(name, f"must be true or false (got {getattr(profile, name)!r})")
    return Profile(check_sex(profile.sex),
                   whole("age", profile.age, *AGE_RANGE, what="a whole number of years"),
                   profile.pregnant, profile.breastfeeding)


def merge_entry(old: DailyEntry | None, day: dt.date, given: dict[str, object]) -> DailyEntry:
    """The entry for ``day`` with the ``given`` raw fields replacing those of ``old``."""
    base = old._asdict() if old is not None else {}
    base.pop("day", None)
    base.update(given)
    return make_entry(day, **base)


def describe_sites(sites: Iterable[str]) -> str:
    """Sites as words: ``calves, whole body``."""
    return ", ".join(SITE_LABELS.get(s, s) for s in sites)
