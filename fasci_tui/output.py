"""Fewer bytes for the same screen: a filter over what Textual writes to the terminal.

Textual draws each run of same-styled cells as ``ESC[<every attribute>m text ESC[0m``,
so a row of five runs carries five full style sequences and five resets, and it moves
the cursor to each row twice (a newline, then an absolute move). Over SSH on a slow
link those bytes are most of every keystroke's cost.

:class:`OutputCompactor` rewrites that stream so the terminal ends up in exactly the
same state, cell for cell:

* a style is sent only when the text that follows needs a different one, and then only
  what changes (``ESC[38;5;231m`` instead of a reset and the whole style again);
* a newline or cursor move directly followed by another absolute cursor move is dropped,
  and so is a move to where the text just written has left the cursor (Textual moves
  the cursor at every edge between widgets, even where a line simply goes on);
* a piece of text that would draw exactly what its cells show already is left out.
  Textual repaints whole widgets, and whole rows, when a few cells change (a focus
  change repaints the screen twice); the compactor remembers what each piece of text
  it sent drew where, forgets what later text covers, and forgets everything on what
  it cannot follow (erasing, another screen buffer, text at an unknown place) or when
  told to (:meth:`OutputCompactor.forget`: the app calls it on a resize and on ctrl+l).

Everything it does not understand is passed through untouched, after the terminal has
been given the style the stream asked for up to that point. At the end of each
:meth:`OutputCompactor.feed` the terminal's style is the one the input left it in, so
nothing written in between (or after the app exits) sees a stray colour.

This module does not import Textual; ``fasci_tui.driver`` plugs it into the driver.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from rich.cells import cell_len

_TOKEN = re.compile(
    r"(?P<sgr>\x1b\[(?P<params>[0-9;]*)m)"
    r"|(?P<cup>\x1b\[(?P<row>[0-9]*)(?:;(?P<col>[0-9]*))?H)"
    r"|(?P<esc>\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[ -/]*[0-~])?)"
    r"|(?P<newline>[\r\n]+)"
    r"|(?P<text>[^\x1b\r\n]+)"
)
"""One token of terminal output: a style (SGR), an absolute cursor move, any other escape
sequence, line breaks, or printable text."""

_FLAG_ON = frozenset({1, 2, 3, 4, 5, 6, 7, 8, 9, 21, 51, 52, 53})
"""SGR codes that switch an attribute on (bold, dim, italic, underline, blink, ...)."""

_FLAG_OFF: dict[int, frozenset[int]] = {
    22: frozenset({1, 2}),
    23: frozenset({3}),
    24: frozenset({4, 21}),
    25: frozenset({5, 6}),
    27: frozenset({7}),
    28: frozenset({8}),
    29: frozenset({9}),
    54: frozenset({51, 52}),
    55: frozenset({53}),
}
"""SGR codes that switch attributes off, and which."""

_OFF_CODE: dict[int, int] = {flag: code for code, flags in _FLAG_OFF.items() for flag in flags}
"""The code that switches each attribute off."""


class Style(NamedTuple):
    """What an SGR sequence leaves the terminal drawing with.

    Colours are kept as their SGR parameters (``"38;5;253"``, ``"31"``), None for the
    terminal's default; ``flags`` are the attribute codes that are on.
    """

    fg: str | None = None
    bg: str | None = None
    underline_color: str | None = None
    flags: frozenset[int] = frozenset()

    def params(self) -> list[str]:
        """The SGR parameters that set this style from a reset terminal."""
        out = [str(flag) for flag in sorted(self.flags)]
        out += [colour for colour in (self.fg, self.bg, self.underline_color) if colour]
        return out


DEFAULT = Style()
"""The terminal's style after a reset."""


@lru_cache(maxsize=4096)  # a screen uses a few dozen styles: each pair is worked out once
def apply_sgr(style: Style, params: str) -> Style | None:
    """``style`` after an SGR sequence with ``params``; None if a code is not understood."""
    codes = [int(code) if code else 0 for code in params.split(";")]
    fg, bg, underline, flags = style
    i = 0
    while i < len(codes):
        code = codes[i]
        if code in (38, 48, 58):
            if i + 1 < len(codes) and codes[i + 1] == 5 and i + 2 < len(codes):
                width = 3
            elif i + 1 < len(codes) and codes[i + 1] == 2 and i + 4 < len(codes):
                width = 5
            else:
                return None
            colour = ";".join(str(part) for part in codes[i:i + width])
            if code == 38:
                fg = colour
            elif code == 48:
                bg = colour
            else:
                underline = colour
            i += width
            continue
        if code == 0:
            fg = bg = underline = None
            flags = frozenset()
        elif 30 <= code <= 37 or 90 <= code <= 97:
            fg = str(code)
        elif 40 <= code <= 47 or 100 <= code <= 107:
            bg = str(code)
        elif code == 39:
            fg = None
        elif code == 49:
            bg = None
        elif code == 59:
            underline = None
        elif code in _FLAG_ON:
            flags = flags | {code}
        elif code in _FLAG_OFF:
            flags = flags - _FLAG_OFF[code]
        else:
            return None
        i += 1
    return Style(fg, bg, underline, flags)


@lru_cache(maxsize=4096)
def transition(current: Style, wanted: Style) -> str:
    """The shortest SGR sequence that turns ``current`` into ``wanted`` ('' if equal)."""
    if current == wanted:
        return ""
    full = ["0", *wanted.params()] if wanted != DEFAULT else ["0"]
    removed = current.flags - wanted.flags
    off_codes = sorted({_OFF_CODE[flag] for flag in removed})
    switched_off = frozenset().union(*(_FLAG_OFF[code] for code in off_codes))
    delta = [str(code) for code in off_codes]
    delta += [str(flag) for flag in sorted(wanted.flags - (current.flags - switched_off))]
    for had, want, default in ((current.fg, wanted.fg, "39"), (current.bg, wanted.bg, "49"),
                               (current.underline_color, wanted.underline_color, "59")):
        if had != want:
            delta.append(want or default)
    best = min((";".join(full), ";".join(delta)), key=len)
    return f"\x1b[{best}m"


_PRIVATE_MODE = re.compile(r"\x1b\[\?([0-9;]+)[hl]")
_SCREEN_MODES = frozenset({"47", "1047", "1049"})
"""Private modes that switch to another screen buffer (its cells are not ours)."""

Position = tuple[int, int]
"""Row and column, from 1, as in a cursor move."""


def leaves_cells_alone(token: str) -> bool:
    """True for an escape sequence that neither draws, erases nor moves the cursor: an
    OSC (title, clipboard, hyperlink) or a private mode (cursor shown, mouse, paste,
    synchronized output) other than a switch of screen buffer."""
    if token.startswith("\x1b]"):
        return True
    mode = _PRIVATE_MODE.fullmatch(token)
    return mode is not None and not _SCREEN_MODES & set(mode.group(1).split(";"))


def _move(position: Position) -> str:
    return f"\x1b[{position[0]};{position[1]}H"


Shown = tuple[Style | None, str, str]
"""What a piece of text draws: its style, the hyperlink open around it, the text."""


class OutputCompactor:
    """Rewrites terminal output into fewer bytes that draw the same screen.

    Feed it each string the app writes, in order; it returns what to write instead.
    Besides shortening styles and moves, it remembers what each piece of text it sent
    drew where (Textual draws a row as pieces of styled text, and repaints whole
    widgets, or whole rows, when little has changed) and leaves out a piece that would
    draw exactly what those cells show already. Anything that may change cells it
    cannot follow (erasing, another screen buffer, text at an unknown place) makes it
    forget the screen; call :meth:`forget` when the terminal may have changed behind its
    back (a resize, a request to redraw).

    Not thread-safe: one compactor per output stream, fed from one thread.
    """

    def __init__(self) -> None:
        self._terminal: Style | None = DEFAULT
        """The style the terminal draws with now (None: not known)."""
        self._wanted: Style | None = DEFAULT
        """The style the input stream has asked for (None: not understood)."""
        self._link = ""
        """The last hyperlink sequence (OSC 8) of the input: text drawn now is in it."""
        self._screen: dict[int, dict[int, tuple[Shown, int]]] = {}
        """Row → column → what a piece of text drew there, and its width in cells."""

    def forget(self) -> None:
        """Assume nothing about what the screen shows: the next frame is sent in full."""
        self._screen.clear()

    def _sync(self, out: list[str]) -> None:
        """Give the terminal the style the input has asked for."""
        wanted = self._wanted
        if wanted is None or wanted == self._terminal:
            return
        if self._terminal is None:
            out.append(f"\x1b[{';'.join(['0', *wanted.params()])}m")
        else:
            out.append(transition(self._terminal, wanted))
        self._terminal = wanted

    def _drawn(self, row: int, col: int, shown: Shown, width: int) -> None:
        """Note that ``shown`` now covers ``width`` cells from ``col`` on ``row``; forget
        what it covered of the pieces noted before."""
        runs = self._screen.setdefault(row, {})
        for start in [start for start, (_, w) in runs.items()
                      if start < col + width and col < start + w]:
            del runs[start]
        runs[col] = (shown, width)

    def feed(self, data: str) -> str:
        """The compacted form of ``data``."""
        out: list[str] = []
        logical: Position | None = None  # where the input has put the cursor, if known
        actual: Position | None = None  # where the terminal's cursor is, if known
        newlines = ""  # line breaks not written yet (pointless if a move follows)
        newlines_from: Position | None = None

        def place() -> None:
            """Put the terminal's cursor where the input has it, before drawing there."""
            nonlocal logical, actual, newlines
            if newlines:
                if newlines_from is not None and newlines_from != actual:
                    out.append(_move(newlines_from))
                out.append(newlines)
                newlines = ""
                logical = actual = None  # where a newline leaves it depends on the tty
            elif logical is not None and logical != actual:
                out.append(_move(logical))
                actual = logical

        for match in _TOKEN.finditer(data):
            kind, token = match.lastgroup, match.group()
            if kind == "cup":
                logical = (int(match.group("row") or 1), int(match.group("col") or 1))
                newlines = ""  # an absolute move makes earlier ones pointless
                continue
            if kind == "newline":
                if not newlines:
                    newlines_from = logical
                newlines += token
                logical = None
                continue
            if kind == "sgr":
                base = self._wanted
                if base is None:
                    base = DEFAULT if match.group("params").split(";")[0] in ("", "0") else None
                wanted = apply_sgr(base, match.group("params")) if base is not None else None
                if wanted is None:
                    # Not understood: write it as it came, on top of the style it expects.
                    self._sync(out)
                    place()
                    out.append(token)
                    self._terminal = self._wanted = None
                else:
                    self._wanted = wanted
                continue
            if kind == "esc" and leaves_cells_alone(token):
                if token.startswith("\x1b]8;"):
                    self._link = token
                out.append(token)
                continue
            if kind == "text" and logical is not None and not newlines and token.isprintable():
                width = cell_len(token)
                shown: Shown = (self._wanted, self._link, token)
                row, col = logical
                logical = (row, col + width)
                if self._screen.get(row, {}).get(col) == (shown, width):
                    continue  # those cells show this already
                self._sync(out)
                logical = (row, col)
                place()
                out.append(token)
                self._drawn(row, col, shown, width)
                if self._wanted is None:  # a style not understood: not to be compared
                    del self._screen[row][col]
                logical = actual = (row, col + width)
                continue
            # Text at an unknown place, or an escape sequence that may draw, erase or move
            # the cursor: style and cursor in place first, then forget the screen.
            self._sync(out)
            place()
            out.append(token)
            self.forget()
            logical = actual = None
        self._sync(out)
        place()
        return "".join(out)
