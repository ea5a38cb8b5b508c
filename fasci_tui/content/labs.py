"""Reading a lab result: units converted, the value placed on a range, the test explained.

Six tests are known: serum magnesium, calcium, potassium and sodium, serum B12 and
25-hydroxyvitamin D. Each has a base unit (the unit of the data's typical range) and the
other units labs print, with the factor that turns one into the base unit. The factors
follow from the molar masses (magnesium 24.305 g/mol: 1 mmol/L = 2.43 mg/dL; calcium
40.08 g/mol: 1 mmol/L = 4.008 mg/dL; cobalamin 1355 g/mol: 1 pg/mL = 0.738 pmol/L;
25(OH)D 400.6 g/mol: 1 ng/mL = 2.496 nmol/L); for the monovalent potassium and sodium
1 mEq/L = 1 mmol/L, for the divalent magnesium and calcium 1 mEq/L = 0.5 mmol/L.

:func:`read_result` places a value on the person's own printed range when given, else on
the typical range from ``data/nutrients.yaml`` (labelled as typical: labs differ), and
gathers what the test shows and does not show from the data, with its sources. Values
that no blood test could report (negative, absurd magnitudes) and unknown units raise
:class:`LabError` with a message that says what to do. No Textual here.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import TYPE_CHECKING, NamedTuple

from fasci_tui.content.model import Content, Nutrient, normalise
from fasci_tui.content.units import fmt_number

if TYPE_CHECKING:
    from fasci_tui.store.results import LabResult


class LabError(ValueError):
    """A result that cannot be read: ``str()`` says which part and what is allowed."""


class Analyte(NamedTuple):
    """A blood test this module can read."""

    nutrient: str
    """The nutrient id in the data."""
    base: str
    """The unit of the data's typical range."""
    units: dict[str, float]
    """Each unit (lowercase key) and how many base units one of it is."""
    plausible: tuple[float, float]
    """The widest values (base unit) a living person's result could have; outside them
    the number was mistyped or the unit is wrong."""
    names: tuple[str, ...] = ()


ANALYTES: tuple[Analyte, ...] = (
    Analyte("magnesium", "mg/dL", {"mg/dl": 1.0, "mmol/l": 2.43, "meq/l": 1.215},
            (0.2, 20.0)),
    Analyte("calcium", "mg/dL", {"mg/dl": 1.0, "mmol/l": 4.008, "meq/l": 2.004},
            (2.0, 25.0)),
    Analyte("potassium", "mEq/L", {"meq/l": 1.0, "mmol/l": 1.0}, (0.5, 15.0)),
    Analyte("sodium", "mEq/L", {"meq/l": 1.0, "mmol/l": 1.0}, (80.0, 220.0)),
    Analyte("vitamin-b12", "pg/mL", {"pg/ml": 1.0, "ng/l": 1.0, "pmol/l": 1 / 0.738},
            (10.0, 100_000.0)),
    Analyte("vitamin-d", "ng/mL", {"ng/ml": 1.0, "mcg/l": 1.0, "ug/l": 1.0,
                                   "nmol/l": 1 / 2.496}, (1.0, 400.0),
            ("25(oh)d", "25ohd", "25-hydroxyvitamin d", "vitamin d 25-oh")),
)

UNIT_SPELLING = {"mg/dl": "mg/dL", "mmol/l": "mmol/L", "meq/l": "mEq/L", "pg/ml": "pg/mL",
                 "ng/l": "ng/L", "pmol/l": "pmol/L", "ng/ml": "ng/mL", "nmol/l": "nmol/L",
                 "mcg/l": "mcg/L", "ug/l": "mcg/L"}

TEST_NAMES = ("magnesium", "calcium", "potassium", "sodium", "b12", "vitamin-d")
"""How the tests are named in help and messages."""

_RANGE = re.compile(r"\s*([0-9]+(?:[.,][0-9]+)?)\s*(?:-|–|to|\.\.)\s*([0-9]+(?:[.,][0-9]+)?)\s*\Z")


class Placement(NamedTuple):
    """Where the value sits on a range."""

    where: str
    """``below``, ``within``, ``above``, or ``unplaced`` (no numeric range)."""
    low: float | None
    high: float | None
    unit: str
    own: bool
    """True for the range printed on the person's report; False for the typical one."""


class LabReading(NamedTuple):
    """A result read: the value in every unit, its placement and what the test says."""

    nutrient: Nutrient
    analyte: Analyte
    value: float
    unit: str
    base_value: float
    conversions: tuple[tuple[float, str], ...]
    """The value in each other unit."""
    placement: Placement
    test: str
    """The test's name, e.g. ``serum magnesium``."""
    explains: tuple[tuple[str, tuple[str, ...]], ...]
    """What the test does and does not show: sentences with their reference ids."""


def find_analyte(content: Content, name: str) -> tuple[Analyte, Nutrient]:
    """The test for ``name`` (a nutrient name, alias or ``25(OH)D``), or LabError."""
    key = name.strip().lower()
    for analyte in ANALYTES:
        if key in analyte.names or normalise(key) in (normalise(n) for n in analyte.names):
            return analyte, content.nutrient(analyte.nutrient)
    nutrient = content.find_nutrient(key) or content.find_nutrient(
        key.replace("vit ", "vitamin "))
    if nutrient is not None:
        for analyte in ANALYTES:
            if analyte.nutrient == nutrient.id:
                return analyte, nutrient
    raise LabError(f"test {name!r}: not one this can read; use one of "
                   f"{', '.join(TEST_NAMES)}")


def unit_factor(analyte: Analyte, unit: str) -> tuple[str, float]:
    """The unit as usually written and how many base units one of it is, or LabError."""
    key = unit.strip().lower().replace("µ", "u").replace("μ", "u").replace(" ", "")
    if key not in analyte.units:
        known = ", ".join(UNIT_SPELLING[u] for u in analyte.units)
        raise LabError(f"unit {unit!r}: not a unit for {analyte.nutrient} results; use "
                       f"one of {known}")
    return UNIT_SPELLING[key], analyte.units[key]


def parse_number(text: str, what: str) -> float:
    """A finite, non-negative number from text (a decimal comma allowed), or LabError."""
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        raise LabError(f"{what} {text!r}: not a number (write it like 1.6)") from None
    if not math.isfinite(value):
        raise LabError(f"{what} {text!r}: not a number (write it like 1.6)")
    if value < 0:
        raise LabError(f"{what} {text!r}: a blood level cannot be negative")
    return value


def parse_range(text: str, what: str = "--range") -> tuple[float, float]:
    """``1.7-2.2`` (or ``1.7 to 2.2``) as (low, high), low below high, or LabError
    (its message names the range ``what``: the option, or the app's field)."""
    match = _RANGE.match(text)
    if match is None:
        raise LabError(f"{what} {text!r}: write the range as LOW-HIGH, e.g. 1.7-2.2, in "
                       "the same unit as the value")
    low, high = (float(g.replace(",", ".")) for g in match.groups())
    if not low < high:
        raise LabError(f"{what} {text!r}: the low end must be below the high end")
    return low, high


def _place(value: float, low: float | None, high: float | None) -> str:
    if low is None and high is None:
        return "unplaced"
    if low is not None and value < low:
        return "below"
    if high is not None and value > high:
        return "above"
    return "within"


def read_result(content: Content, test: str, value: float, unit: str,
                own_range: tuple[float, float] | None = None,
                what: str = "--range") -> LabReading:
    """Read ``value`` ``unit`` for ``test``; ``own_range`` is the report's, in ``unit``.

    Raises LabError for an unknown test or unit, a negative value, or one (or a range,
    called ``what`` in the message) outside anything a blood test could report."""
    analyte, nutrient = find_analyte(content, test)
    shown_unit, factor = unit_factor(analyte, unit)
    if value < 0 or not math.isfinite(value):
        raise LabError(f"value {value:g}: a blood level cannot be negative")
    base_value = value * factor
    low_ok, high_ok = analyte.plausible
    if not low_ok <= base_value <= high_ok:
        raise LabError(
            f"value {fmt_number(value)} {shown_unit}: no {nutrient.name.lower()} result is "
            f"that {'low' if base_value < low_ok else 'high'} (possible results lie between "
            f"about {fmt_number(low_ok)} and {fmt_number(high_ok)} {analyte.base}); check "
            "the number and its unit on the report")
    if own_range is not None:
        for bound in own_range:
            if not low_ok <= bound * factor <= high_ok:
                raise LabError(f"{what} {fmt_number(own_range[0])}-{fmt_number(own_range[1])}"
                               f": not a range for {shown_unit}; give the range in the same "
                               "unit as the value")
    conversions = tuple((base_value / f, UNIT_SPELLING[u]) for u, f in analyte.units.items()
                        if UNIT_SPELLING[u] != shown_unit
                        and UNIT_SPELLING[u] in ("mg/dL", "mmol/L", "mEq/L", "pg/mL",
                                                  "pmol/L", "ng/mL", "nmol/L"))
    blood = nutrient.blood_range
    if own_range is not None:
        placement = Placement(_place(value, *own_range), own_range[0], own_range[1],
                              shown_unit, True)
    elif blood is not None and (blood.low is not None or blood.high is not None):
        low = None if blood.low is None else blood.low / factor
        high = None if blood.high is None else blood.high / factor
        placement = Placement(_place(value, low, high), low, high, shown_unit, False)
    else:
        placement = Placement("unplaced", None, None, shown_unit, False)
    explains: list[tuple[str, tuple[str, ...]]] = []
    if blood is not None:
        if blood.reading:
            explains.append((blood.reading, tuple(blood.refs)))
        if blood.note:
            explains.append((blood.note, tuple(blood.refs)))
    explains += [(claim.text, tuple(claim.refs)) for claim in nutrient.testing]
    test_name = blood.test if blood is not None else nutrient.name
    return LabReading(nutrient, analyte, value, shown_unit, base_value, conversions,
                      placement, test_name, tuple(explains))


def read_typed(content: Content, test: str, value: str, unit: str, own_range: str | None,
               what: str = "--range") -> LabReading:
    """A result as typed (the command's arguments, the app's fields): the value and the
    optional range (``1.7-2.2``, blank for none) parsed, then :func:`read_result`."""
    number = parse_number(value, "value")
    own = parse_range(own_range, what) if own_range and own_range.strip() else None
    return read_result(content, test, number, unit, own, what)


def lab_result(reading: LabReading, day: dt.date) -> LabResult:
    """The reading as the log keeps it: its day, test, value and unit as printed, and the
    report's own range (None when the placement used the typical one)."""
    from fasci_tui.store.results import LabResult

    place = reading.placement
    return LabResult(day, reading.nutrient.id, reading.value, reading.unit,
                     place.low if place.own else None, place.high if place.own else None)


def units_for(analyte: Analyte) -> tuple[str, ...]:
    """The units a test's result may be given in, as usually written, base unit first."""
    return tuple(dict.fromkeys([analyte.base, *(UNIT_SPELLING[u] for u in analyte.units)]))


def fmt_value(value: float, unit: str) -> str:
    """A lab value with sensible decimals: ``1.6 mg/dL``, ``0.658 mmol/L``, ``412 pg/mL``."""
    digits = 0 if value >= 100 else 1 if value >= 10 else 2 if value >= 1 else 3
    text = f"{value:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text} {unit}"


def _span(place: Placement) -> str:
    """The range a value was placed on: ``1.7–2.2 mg/dL``, ``at least 20 ng/mL``..."""
    if place.low is not None and place.high is not None:
        return f"{fmt_value(place.low, '').strip()}–{fmt_value(place.high, place.unit)}"
    if place.low is not None:
        return f"at least {fmt_value(place.low, place.unit)}"
    return f"at most {fmt_value(place.high or 0.0, place.unit)}"


def placement_sentence(reading: LabReading) -> str:
    """``1.6 mg/dL is below your lab's range (1.7–2.2 mg/dL).`` or the typical-range one."""
    place = reading.placement
    value = fmt_value(reading.value, reading.unit)
    if place.where == "unplaced":
        return (f"{value}: there is no single typical range for this test to place it on; "
                "see how to read it below, and the range printed on your report.")
    span = _span(place)
    whose = ("your lab's range" if place.own
             else "the typical range (labs differ: the range on your report is the one "
                  "that counts)")
    return f"{value} is {place.where} {whose}: {span}."


def placement_short(reading: LabReading) -> str:
    """``within your lab's range 0.7–1 mmol/L``, ``below the typical range 1.7–2.2 mg/dL
    (labs differ)``, or ``no single typical range``: for tables."""
    place = reading.placement
    if place.where == "unplaced":
        return "no single typical range (see the range on the lab's report)"
    span = _span(place)
    if place.own:
        return f"{place.where} the lab's own range {span}"
    return f"{place.where} the typical range {span} (labs differ)"


def render_reading(content: Content, reading: LabReading, width: int = 80) -> str:
    """The reading as plain text: value and conversions, placement, what the test shows,
    and the sources."""
    import textwrap

    from fasci_tui.content.supplements import source_names

    name = reading.test[:1].upper() + reading.test[1:]
    lines = [f"{name}: {fmt_value(reading.value, reading.unit)}"]
    if reading.conversions:
        lines[0] += " = " + " = ".join(fmt_value(v, u) for v, u in reading.conversions)
    paragraphs = [placement_sentence(reading)]
    refs: list[str] = []
    for text, ids in reading.explains:
        paragraphs.append(text)
        refs += [r for r in ids if r not in refs]
    paragraphs.append("What a result means for you is for your doctor to say, with your "
                      "symptoms, medicines and other results.")
    for paragraph in paragraphs:
        lines += textwrap.wrap(paragraph, width, initial_indent="  ", subsequent_indent="  ")
    if refs:
        lines += textwrap.wrap("Sources: " + "; ".join(
            f"{source_names(content, [r])} ({r})" for r in refs), width,
            subsequent_indent="  ", break_on_hyphens=False)  # ids stay whole
    return "\n".join(lines) + "\n"
