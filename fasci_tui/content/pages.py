"""Page builders for every place but a nutrient (that one is ``nutrient_page.py``).

Each builder turns records into a :class:`~fasci_tui.content.page.Page` once; ``show``
prints it and the panes draw the same blocks. Panes that show one item at a time (a
habit's reasons, a question's answer, a table row's details) use the per-item builders
below, which the whole-page builders are made of. See ``page.py`` for the blocks.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from fasci_tui.content.compare import COLUMNS, KEY_COLUMNS, Row, row_for, sort_rows
from fasci_tui.content.model import Content, FaqEntry, FlagTier, Habit, Reference
from fasci_tui.content.model import Page as ReadingPage
from fasci_tui.content.nutrient_page import (
    claim_inline,
    evidence_run,
    legend,
    reference_entries,
)
from fasci_tui.content.page import (
    AnyBlock,
    Entry,
    Heading,
    Hint,
    Inline,
    Items,
    Page,
    Para,
    Table,
    Title,
    cite,
    folded,
    inline,
    number_refs,
)
from fasci_tui.content.personal import personal_intake
from fasci_tui.content.units import fmt_food_amount

if TYPE_CHECKING:
    from fasci_tui.store.records import Profile

DONE, TODO = "[x]", "[ ]"
"""The marks before a habit: ticked and not."""

DOCTOR_HINT = ("Press ! or F2 at any time for all the signs, sorted by how soon to act, "
               "and the disclaimer.")


def overview_page(content: Content) -> Page:
    """The landing page: headline, key points, when to see a doctor, disclaimer, sources."""
    overview = content.overview
    doctor = overview.see_a_doctor
    urgent = doctor.tier("now")
    numbers = number_refs(list(overview.headline.refs)
                          + [r for point in overview.key_points for r in point.refs]
                          + list(urgent.refs if urgent else ()) + list(doctor.refs))
    blocks: list[AnyBlock] = [
        Title(overview.title),
        Para(inline(folded(overview.headline.text) + cite(overview.headline.refs, numbers)),
             "strong", gap=True),
        Heading(inline("Key points"), anchor="key-points"),
        Items(tuple(inline((point.title, "strong"), ": ", folded(point.text),
                           evidence_run(point.evidence), cite(point.refs, numbers))
                    for point in overview.key_points)),
        Heading(inline("When to see a doctor"), anchor="doctor"),
        Para(inline(folded(doctor.intro))),
    ]
    if urgent is not None:  # the urgent tier first; every tier is on the ! screen
        blocks += tier_blocks(urgent, numbers, minor=True)
    soon = doctor.tier("soon")
    if soon is not None:
        word, role = TIER_WORDS["soon"]
        blocks.append(Heading(inline((word, role), ": ", soon.title), minor=True))
    blocks.append(Items(tuple(inline(folded(flag)) for flag in doctor.red_flags), mark="!"))
    if doctor.refs:
        blocks.append(Para(inline("Sources:" + cite(doctor.refs, numbers)), "muted"))
    blocks += [Heading(inline("Disclaimer"), anchor="disclaimer"),
               Para(inline(folded(overview.disclaimer))), Hint(DOCTOR_HINT)]
    blocks += legend(blocks)
    blocks += reference_entries(content, numbers)
    return Page(overview.title, tuple(blocks))


TIER_WORDS = {"now": ("NOW", "alert"), "soon": ("SOON", "note"),
              "reassurance": ("REASSURANCE", "good")}
"""How each red-flag tier is labelled in words (the role only adds a style)."""
TIER_MARKS = {"now": "!", "soon": "!", "reassurance": "•"}
"""The list mark of each tier's signs."""
DOCTOR_TITLE = "When to see a doctor"


def tier_blocks(tier: FlagTier, numbers: dict[str, int], minor: bool = False
                ) -> list[AnyBlock]:
    """One red-flag tier: its labelled heading (``minor`` inside another section), what
    to do, the signs, the sources."""
    word, role = TIER_WORDS.get(tier.level, (tier.level.upper(), "strong"))
    blocks: list[AnyBlock] = [
        Heading(inline((word, role), ": ", tier.title), anchor=f"tier-{tier.level}",
                minor=minor),
        Para(inline(folded(tier.action))),
        Items(tuple(inline(folded(sign)) for sign in tier.signs),
              mark=TIER_MARKS.get(tier.level, "•")),
    ]
    if tier.refs:
        blocks.append(Para(inline("Sources:" + cite(tier.refs, numbers)), "muted"))
    return blocks


def doctor_page(content: Content) -> Page:
    """When to see a doctor: the red flags in tiers (now, soon, reassurance), then the
    disclaimer and the sources. The ``!``/F2 screen shows it; ``show doctor`` prints it."""
    overview = content.overview
    doctor = overview.see_a_doctor
    numbers = number_refs([*doctor.refs, *(r for tier in doctor.tiers for r in tier.refs)])
    blocks: list[AnyBlock] = [Title(DOCTOR_TITLE), Para(inline(folded(doctor.intro)), gap=True)]
    if doctor.tiers:
        for tier in doctor.tiers:
            blocks += tier_blocks(tier, numbers)
    else:
        blocks.append(Items(tuple(inline(folded(flag)) for flag in doctor.red_flags), mark="!"))
        if doctor.refs:
            blocks.append(Para(inline("Sources:" + cite(doctor.refs, numbers)), "muted"))
    blocks += [Heading(inline("Disclaimer"), anchor="disclaimer"),
               Para(inline(folded(overview.disclaimer)))]
    blocks += reference_entries(content, numbers)
    return Page(DOCTOR_TITLE, tuple(blocks))


def reading_page(content: Content, page: ReadingPage) -> Page:
    """A reading page of pages.yaml (BFS, other causes): its summary, then each section
    (introduction and claims, each claim with its evidence mark and sources)."""
    numbers = number_refs([*page.refs, *(r for section in page.sections
                                        for item in section.items for r in item.refs)])
    blocks: list[AnyBlock] = [Title(page.title),
                              Para(inline(folded(page.summary), cite(page.refs, numbers)),
                                   "strong", gap=True)]
    for index, section in enumerate(page.sections, 1):
        blocks.append(Heading(inline(section.heading), anchor=f"section-{index}"))
        if section.intro:
            blocks.append(Para(inline(folded(section.intro))))
        blocks.append(Items(tuple(claim_inline(item, numbers) for item in section.items)))
    blocks += legend(blocks)
    blocks += reference_entries(content, numbers)
    return Page(page.title, tuple(blocks))


def progress_text(done: int, total: int) -> str:
    """The checklist's count, e.g. "3/5 habits"."""
    return f"{done}/{total} habits"


def habit_blocks(habit: Habit, ticked: bool) -> tuple[AnyBlock, ...]:
    """One habit: its mark and label, why it helps, and its tips."""
    blocks: list[AnyBlock] = [Entry(DONE if ticked else TODO, inline((habit.label, "strong")),
                                    gap=True),
                              Para(inline(folded(habit.why), evidence_run(habit.evidence)))]
    if habit.tips:
        blocks += [Heading(inline("Tips"), minor=True),
                   Items(tuple(inline(folded(tip)) for tip in habit.tips), mark="-")]
    return tuple(blocks)


def checklist_page(content: Content, done: Iterable[str] = ()) -> Page:
    """The lifestyle checklist, with ticks for the habit ids in ``done``."""
    ticked = set(done)
    count = sum(1 for habit in content.habits if habit.id in ticked)
    blocks: list[AnyBlock] = [Para(inline(progress_text(count, len(content.habits))))]
    for habit in content.habits:
        blocks += habit_blocks(habit, habit.id in ticked)
    # No legend here: the pane shows one habit at a time, and a mark spelled out
    # ("limited evidence") reads on its own.
    return Page("Lifestyle checklist", tuple(blocks))


def faq_blocks(content: Content, number: int, entry: FaqEntry) -> tuple[AnyBlock, ...]:
    """One question, numbered, with its answer and the nutrients it is about."""
    body: list[Inline] = [inline(folded(entry.answer), evidence_run(entry.evidence))]
    names = [content.nutrient(t).name for t in entry.tags if t in _ids(content)]
    if names:
        body.append(inline(("About: " + ", ".join(names), "muted")))
    pages = [content.page(p).title for p in entry.see_also if p in {q.id for q in content.pages}]
    if pages:
        body.append(inline(("See also: " + "; ".join(pages), "muted")))
    return (Entry(f"{number}.", inline((folded(entry.question), "strong")), tuple(body),
                  gap=True),)


def _ids(content: Content) -> set[str]:
    return {n.id for n in content.nutrients}


def faq_page(content: Content) -> Page:
    """Every question with its answer."""
    blocks: list[AnyBlock] = []
    for number, entry in enumerate(content.faq, 1):
        blocks += faq_blocks(content, number, entry)
    blocks += legend(blocks)
    return Page("Frequently asked questions", tuple(blocks))


def reference_blocks(number: int, ref: Reference) -> tuple[AnyBlock, ...]:
    """One source: numbered title, then publisher, address and note."""
    body: list[Inline] = [inline((ref.publisher, "em")), inline((ref.url, "url"))]
    if ref.note:
        body.append(inline((folded(ref.note), "muted")))
    return (Entry(f"{number}.", inline((folded(ref.title), "strong")), tuple(body),
                  gap=True),)


REFERENCES_HINT = "Enter copies an address."


def references_intro(content: Content) -> Para:
    """The line above the list of sources."""
    return Para(inline(f"{len(content.references)} sources."))


def references_page(content: Content) -> Page:
    """Every reference with its address, in the order of references.yaml."""
    blocks: list[AnyBlock] = [references_intro(content), Hint(REFERENCES_HINT)]
    for number, ref in enumerate(content.references, 1):
        blocks += reference_blocks(number, ref)
    return Page("References", tuple(blocks))


FOODS_HINT = "Enter opens the nutrient."

FOOD_HEADER = ("Food", "Supplies", "Per serving")
"""The foods table's columns; the screen shows the first two and the third below."""


def food_rows(content: Content, units: str = "us") -> tuple[tuple[str, ...], ...]:
    """A row per food and nutrient it supplies; the food's name on its first row only
    (servings in ``units``, content/measures.py)."""
    rows = []
    for source in content.foods():
        for index, nutrient_id in enumerate(source.nutrient_ids):
            nutrient = content.nutrient(nutrient_id)
            food = next((f for f in nutrient.foods if f.name.lower() == source.name.lower()),
                        None)
            amount = fmt_food_amount(food, units) if food is not None else None
            rows.append((source.name if index == 0 else "", nutrient.name.split(" (")[0],
                         amount or "—"))
    return tuple(rows)


def foods_intro(content: Content) -> Para:
    """The line above the foods table."""
    return Para(inline(f"{len(content.foods())} foods and the nutrients they supply."))


def foods_page(content: Content, units: str = "us") -> Page:
    """Every food, the nutrients it supplies and the amount in a serving (in ``units``)."""
    table = Table(FOOD_HEADER, food_rows(content, units), key_columns=2)
    return Page("Foods", (foods_intro(content), Hint(FOODS_HINT), table))


def compare_table(rows: Iterable[Row]) -> Table:
    """The comparison rows as a table: key columns first, then the details."""
    return Table(tuple(c.title for c in COLUMNS),
                 tuple(tuple(row.cells[c.key] or "—" for c in COLUMNS) for row in rows),
                 key_columns=KEY_COLUMNS)


def compare_page(content: Content, sort: str | None = None, descending: bool = False,
                 profile: Profile | None = None, region: str | None = None) -> Page:
    """The nutrients side by side, sorted by column ``sort`` (None: content order); with
    ``profile`` the intake column holds the person's own amounts, with ``region`` (the
    setting) the upper-limit column that region's limits where regions differ."""
    rows = [row_for(n, personal_intake(n, profile) if profile else None, region)
            for n in content.nutrients]
    if sort is not None:
        rows = sort_rows(rows, sort, descending)
    return Page("Compare nutrients", (compare_table(rows),))


def row_details(table: Table, index: int, marks: dict[int, str] | None = None
                ) -> tuple[Para, ...]:
    """The detail columns of row ``index`` as ``Header: value`` paragraphs.

    ``marks`` adds a mark after a column's header (a sort arrow), by column index.
    """
    start = len(table.header) if table.key_columns is None else table.key_columns
    row = table.rows[index]
    marks = marks or {}
    return tuple(
        Para(inline((table.header[i] + (f" {marks[i]}" if i in marks else "") + ": ",
                     "strong"), row[i]))
        for i in range(start, len(table.header))
    )

