"""The output compactor draws exactly what Textual asked for, in fewer bytes.

A small terminal model (independent of ``fasci_tui.output``) replays a stream: it keeps
the character and the style of every cell written, the style in force at every other
escape sequence, and the style at the end of each write. The compacted stream must give
the same record as the original, for hand-made cases, for random streams, and for what
the real app writes on a pseudo-terminal.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.drivers.headless_driver import HeadlessDriver
from textual.drivers.linux_driver import LinuxDriver

from fasci_tui.driver import RAW_OUTPUT_ENV, compact_driver_class
from fasci_tui.output import OutputCompactor
from fasci_tui.state import State, atomic_write
from tests.support.pty import spawn

_STREAM = re.compile(r"\x1b\[([0-9;]*)m|\x1b\[(\d*);?(\d*)H"
                     r"|(\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|.))|(.)", re.S)

_FLAG_OFF = {22: {1, 2}, 23: {3}, 24: {4, 21}, 25: {5, 6}, 27: {7}, 28: {8}, 29: {9},
             54: {51, 52}, 55: {53}}


def _apply(style: dict[str, Any], params: str) -> dict[str, Any]:
    """The model's own reading of an SGR sequence."""
    style = {**style, "flags": set(style["flags"]), "other": list(style["other"])}
    codes = [int(c) if c else 0 for c in params.split(";")]
    i = 0
    while i < len(codes):
        code = codes[i]
        if code in (38, 48, 58) and i + 1 < len(codes) and codes[i + 1] in (2, 5):
            width = 5 if codes[i + 1] == 2 else 3
            style[{38: "fg", 48: "bg", 58: "ul"}[code]] = tuple(codes[i:i + width])
            i += width
            continue
        if code == 0:
            style = {"fg": None, "bg": None, "ul": None, "flags": set(), "other": []}
        elif 30 <= code <= 37 or 90 <= code <= 97:
            style["fg"] = (code,)
        elif 40 <= code <= 47 or 100 <= code <= 107:
            style["bg"] = (code,)
        elif code in (39, 49, 59):
            style[{39: "fg", 49: "bg", 59: "ul"}[code]] = None
        elif code in _FLAG_OFF:
            style["flags"] -= _FLAG_OFF[code]
        elif 1 <= code <= 9 or code in (21, 51, 52, 53):
            style["flags"].add(code)
        else:
            style["other"].append(code)
        i += 1
    return style


def _frozen(style: dict[str, Any]) -> tuple[Any, ...]:
    return (style["fg"], style["bg"], style["ul"], frozenset(style["flags"]),
            tuple(style["other"]))


def replay(writes: list[str]) -> tuple[dict[tuple[int, int], tuple[str, Any]], list[Any]]:
    """Cells (position → character and style) and a log of escapes and write endings."""
    style: dict[str, Any] = {"fg": None, "bg": None, "ul": None, "flags": set(), "other": []}
    row = col = 0
    link = ""  # the hyperlink (OSC 8) text is drawn in
    cells: dict[tuple[int, int], tuple[str, Any]] = {}
    log: list[Any] = []
    for data in writes:
        for match in _STREAM.finditer(data):
            sgr, r, c, other, char = match.groups()
            if sgr is not None:
                style = _apply(style, sgr)
            elif r is not None:
                row, col = int(r or 1) - 1, int(c or 1) - 1
            elif other is not None:
                if other.startswith("\x1b]") or (other.startswith("\x1b[?") and not any(
                        mode in other for mode in ("47", "1047", "1049"))):
                    if other.startswith("\x1b]8;"):
                        link = other
                    else:
                        log.append(("mode or OSC", other))  # neither draws nor moves
                    continue
                log.append(("escape", other, row, col, _frozen(style)))
                if other in ("\x1b[2J", "\x1b[?1049h", "\x1b[?1049l"):
                    cells.clear()  # erased, or another screen
                elif other == "\x1b[K":
                    for cell in [cell for cell in cells if cell[0] == row and cell[1] >= col]:
                        del cells[cell]
                else:
                    row = col = -1  # anything else: the cursor may have moved
            elif char == "\r":
                col = 0
            elif char == "\n":
                row, col = row + 1, 0
            elif ord(char) < 32:
                log.append(("control", char, row, col, _frozen(style)))
                row = col = -1  # where the cursor is now is anyone's guess
            else:
                cells[row, col] = (char, (_frozen(style), link))
                col += cell_len(char)
        log.append(("end of write", _frozen(style)))
    return cells, log


def compacted(writes: list[str]) -> list[str]:
    """Each write after one compactor."""
    compactor = OutputCompactor()
    return [compactor.feed(data) for data in writes]


def assert_same_screen(writes: list[str]) -> list[str]:
    """Replaying the compacted writes gives the same cells and log; returns them."""
    out = compacted(writes)
    assert replay(out) == replay(writes)
    return out


# ------------------------------------------------------------------ by hand

TEXTUAL_ROW = ("\x1b[3;1H\x1b[38;5;214;48;5;235m│\x1b[0m\x1b[38;5;253;48;5;235m  Overview  \x1b[0m"
               "\x1b[38;5;231;48;5;235mo\x1b[0m\x1b[38;5;253;48;5;235m \x1b[0m\x1b[3;16H\n"
               "\x1b[4;1H\x1b[38;5;253;48;5;235m  FAQ       \x1b[0m")


def test_a_textual_row_keeps_its_look_in_far_fewer_bytes() -> None:
    out = assert_same_screen([TEXTUAL_ROW])[0]
    assert len(out) < 0.6 * len(TEXTUAL_ROW)
    assert out.count("\x1b[0m") == 1 and out.endswith("\x1b[0m")  # reset once, at the end


def test_only_what_changes_is_sent() -> None:
    out = compacted(["\x1b[1;38;5;1;48;5;2mA\x1b[0m\x1b[1;38;5;3;48;5;2mB\x1b[0m"])[0]
    assert out == "\x1b[1;38;5;1;48;5;2mA\x1b[38;5;3mB\x1b[0m"


def test_attributes_switched_off_and_back() -> None:
    out = assert_same_screen(["\x1b[1;2mA\x1b[0m\x1b[2mB\x1b[0m\x1b[4;7mC\x1b[m D"])[0]
    assert "\x1b[22;2mB" in out or "\x1b[0;2mB" in out


def test_moves_made_pointless_by_an_absolute_move_are_dropped() -> None:
    out = compacted(["x\x1b[2;40H\n\x1b[3;1Hy"])[0]
    assert out == "x\x1b[3;1Hy"


def test_a_move_to_where_the_cursor_already_is_is_dropped() -> None:
    out = assert_same_screen(["\x1b[2;3Hab\x1b[2;5Hcd\x1b[2;8He", "\x1b[1;1H文\x1b[1;3Hx"])
    assert out == ["\x1b[2;3Habcd\x1b[2;8He", "\x1b[1;1H文x"]
    # After a tab or a newline the cursor is not known: the move is kept.
    assert compacted(["a\tb\x1b[1;4Hc"])[0] == "a\tb\x1b[1;4Hc"
    assert compacted(["a\n\x1b[2;1Hb\n"])[0] == "a\x1b[2;1Hb\n"


def test_each_write_leaves_the_style_it_asked_for() -> None:
    out = compacted(["\x1b[31mred", "\x1b[0m\x1b[?25l", "plain"])
    assert out[0] == "\x1b[31mred"  # the input ended red: the terminal stays red
    assert out[1] == "\x1b[?25l\x1b[0m"  # a mode switch needs no style; reset by the end
    assert out[2] == "plain"


def test_sequences_it_does_not_know_pass_through_in_order() -> None:
    writes = ["\x1b[1mA\x1b[0m\x1b[73mB\x1b[1mC\x1b[0m\x1b]8;;https://x\x1b\\L\x1b]8;;\x1b\\"
              "\x1b[2JD\x1b[4:3mE\x1b[0m"]
    out = assert_same_screen(writes)[0]
    for kept in ("\x1b[73m", "\x1b]8;;https://x\x1b\\", "\x1b[2J", "\x1b[4:3m"):
        assert kept in out


# -------------------------------------------------------- what the screen shows

FRAME = ("\x1b[1;1H\x1b[1;31mHeader\x1b[0m\x1b[1;7H\x1b[32m  \x1b[0m\n"
         "\x1b[2;1H\x1b[33mBody one\x1b[0m\n\x1b[3;1H\x1b[33mBody two\x1b[0m\x1b[1;1H")


def test_a_frame_the_screen_shows_already_sends_nothing_but_the_cursor() -> None:
    first, second = assert_same_screen([FRAME, FRAME])
    assert "Header" in first and "Body two" in first
    assert second == "\x1b[1;1H"


def test_only_the_runs_that_changed_are_sent() -> None:
    changed = FRAME.replace("Body one", "Body 1!!")
    out = assert_same_screen([FRAME, changed])[1]
    assert "Body 1!!" in out and "Header" not in out and "Body two" not in out


def test_a_run_drawn_over_is_sent_again() -> None:
    over = "\x1b[2;3H\x1b[34mXY\x1b[0m"
    out = assert_same_screen([FRAME, over, FRAME])
    assert "Body one" in out[2] and "Header" not in out[2]


def test_a_newline_after_a_run_left_out_starts_where_the_run_ends() -> None:
    body_then_newline = "\x1b[2;1H\x1b[33mBody one\x1b[0m\nX"
    out = assert_same_screen([FRAME, "\x1b[9;9H!", body_then_newline])
    assert out[2] == "\x1b[2;9H\nX"


@pytest.mark.parametrize("between", ["\x1b[2J", "\x1b[?1049h", "\x1b[K", "\x1b7", "\ttab"])
def test_after_an_erase_or_anything_unknown_everything_is_sent_again(between: str) -> None:
    out = assert_same_screen([FRAME, between, FRAME])
    assert "Header" in out[2] and "Body two" in out[2]


def test_text_in_a_style_not_understood_is_always_sent() -> None:
    frame = "\x1b[1;1H\x1b[73mA\x1b[1;1H\x1b[0;74mA"
    out = assert_same_screen([frame, frame])
    assert out[1].count("A") == 2


def test_only_the_pieces_of_a_row_that_changed_are_sent() -> None:
    """A row drawn whole after being drawn widget by widget: unchanged pieces are left out."""
    pieces = "\x1b[1;1H\x1b[31mleft\x1b[0m\x1b[1;5H\x1b[32m|\x1b[0m\x1b[1;6H\x1b[33mright\x1b[0m"
    whole = "\x1b[1;1H\x1b[31mleft\x1b[0m\x1b[34m!\x1b[0m\x1b[33mright\x1b[0m"
    out = assert_same_screen([pieces, whole])[1]
    assert out == "\x1b[34m\x1b[1;5H!\x1b[0m\x1b[1;11H"  # the cursor ends where it would


def test_the_same_text_in_another_hyperlink_is_sent() -> None:
    def linked(url: str) -> str:
        return f"\x1b[1;1H\x1b]8;;{url}\x1b\\\x1b[4mdocs\x1b[0m\x1b]8;;\x1b\\"

    out = assert_same_screen([linked("https://a.example"), linked("https://b.example")])
    assert "docs" in out[1]


def test_modes_and_titles_leave_the_screen_known() -> None:
    out = assert_same_screen([FRAME, "\x1b[?25l\x1b[?2026h\x1b]0;title\x07", FRAME])
    assert "Header" not in out[2]


def test_forget_sends_the_next_frame_in_full() -> None:
    compactor = OutputCompactor()
    compactor.feed(FRAME)
    compactor.forget()
    assert "Header" in compactor.feed(FRAME)


# ------------------------------------------------------------- random streams

_colour = st.one_of(
    st.integers(30, 37).map(str), st.integers(90, 97).map(str), st.just("39"),
    st.integers(40, 47).map(str), st.just("49"), st.just("59"),
    st.tuples(st.sampled_from(["38", "48", "58"]), st.integers(0, 255)).map(
        lambda t: f"{t[0]};5;{t[1]}"),
    st.tuples(st.sampled_from(["38", "48"]), st.integers(0, 255), st.integers(0, 255),
              st.integers(0, 255)).map(lambda t: f"{t[0]};2;{t[1]};{t[2]};{t[3]}"),
)
_code = st.one_of(_colour, st.sampled_from(
    ["0", "", "1", "2", "3", "4", "5", "7", "8", "9", "21", "22", "23", "24", "25", "27",
     "28", "29", "51", "53", "54", "55", "73"]))
_token = st.one_of(
    st.lists(_code, min_size=1, max_size=4).map(lambda codes: f"\x1b[{';'.join(codes)}m"),
    st.tuples(st.integers(1, 6), st.integers(1, 12)).map(lambda p: f"\x1b[{p[0]};{p[1]}H"),
    st.text(alphabet="ab █│文\t", min_size=1, max_size=5),
    st.sampled_from(["\n", "\r\n", "\x1b[2J", "\x1b[K", "\x1b[?25l", "\x1b[?2026h",
                     "\x1b]8;;https://example.org\x1b\\", "\x1b[4:3m"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_token, max_size=25), min_size=1, max_size=4))
def test_random_streams_draw_the_same(writes: list[list[str]]) -> None:
    assert_same_screen(["".join(tokens) for tokens in writes])


_run = st.builds(
    lambda row, col, style, text: f"\x1b[{row};{col}H\x1b[{style}m{text}\x1b[0m",
    st.integers(1, 3), st.integers(1, 8), st.sampled_from(["31", "1;32", "7", "38;5;9"]),
    st.text(alphabet="abc文", min_size=1, max_size=4))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["\x1b[2J", "\x1b[K", "\n", "x", "\x1b[?25l"]), max_size=3),
       st.lists(_run, min_size=1, max_size=6), st.lists(st.lists(st.integers(0, 9), max_size=8),
                                                        min_size=2, max_size=5))
def test_frames_of_repeated_runs_draw_the_same(extras: list[str], pool: list[str],
                                               frames: list[list[int]]) -> None:
    """Frames built from a few runs (so that most are on screen already), with erases,
    newlines and stray text between them."""
    choices = pool + extras
    assert_same_screen(["".join(choices[i % len(choices)] for i in frame) for frame in frames])


# ------------------------------------------------------------ the real app

@pytest.mark.slow
def test_what_the_app_writes_draws_the_same_in_fewer_bytes(tmp_path: Path) -> None:
    """Raw output of the app on a pty (start, moves, pane switches, a sort, a search)."""
    atomic_write(tmp_path / "state.json", State(disclaimer_acknowledged=True).to_json())
    env = {"FASCI_TUI_STATE_DIR": str(tmp_path), RAW_OUTPUT_ENV: "1",
           "SSH_CONNECTION": "127.0.0.1 1 127.0.0.1 22"}
    proc = spawn([sys.executable, "-m", "fasci_tui"], env=env)
    try:
        assert proc.wait_for(b"Find", limit=60) is not None
        proc.read_for(quiet=0.5, limit=10)
        for key in (b"\x1b[B", b"\x1b[B", b"c", b"\r", b"s", b"\x1b", b"f", b"/", b"m", b"g"):
            proc.send(key)
            proc.read_for(quiet=0.2, limit=10)
    finally:
        proc.close()
    stream = b"".join(chunk.data for chunk in proc.chunks).decode("utf-8")
    out = assert_same_screen([stream])
    assert len(out[0]) < 0.75 * len(stream)


# ---------------------------------------------------------------- the driver

def test_the_terminal_driver_is_wrapped_and_others_are_not() -> None:
    wrapped = compact_driver_class(LinuxDriver, environ={})
    assert issubclass(wrapped, LinuxDriver) and wrapped is not LinuxDriver
    assert compact_driver_class(HeadlessDriver, environ={}) is HeadlessDriver


@pytest.mark.parametrize("value", ["1", "yes"])
def test_raw_output_can_be_asked_for(value: str) -> None:
    assert compact_driver_class(LinuxDriver, environ={RAW_OUTPUT_ENV: value}) is LinuxDriver
