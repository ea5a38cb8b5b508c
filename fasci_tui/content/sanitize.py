"""Characters that must never reach a terminal from the data files, and how to drop them.

A data file is shown on every client's terminal (over SSH and the web too). An escape
character can retitle the window, write the clipboard (OSC 52) or move the cursor; C1
controls do the same on terminals that honour them; bidirectional overrides make text
display in a different order from the one it is stored in. ``validate`` rejects them with
their place (:func:`find_unsafe`), and the loader strips them from every value anyway
(:func:`clean`), so nothing the renderers get can carry one.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\x7f"  # C0 controls except tab and newline, and DEL
    "\x80-\x9f"  # C1 controls (CSI, OSC, NEL...)
    "\u202a-\u202e\u2066-\u2069]"  # bidirectional embeddings, overrides and isolates
)
_UNSAFE_RAW = re.compile(_UNSAFE.pattern.replace("\x0d", ""))  # a file may end lines in CR LF

_NAMES = {
    0x00: "NUL", 0x07: "bell", 0x08: "backspace", 0x0D: "carriage return", 0x1B: "escape",
    0x7F: "delete", 0x85: "next line", 0x9B: "CSI", 0x9D: "OSC",
    0x202A: "left-to-right embedding", 0x202B: "right-to-left embedding",
    0x202C: "pop directional formatting", 0x202D: "left-to-right override",
    0x202E: "right-to-left override", 0x2066: "left-to-right isolate",
    0x2067: "right-to-left isolate", 0x2068: "first strong isolate",
    0x2069: "pop directional isolate",
}


def describe(char: str) -> str:
    """``U+001B (escape, a control character)`` and the like, for messages."""
    code = ord(char)
    if 0x202A <= code <= 0x2069:
        kind = "a bidirectional control"
    elif 0x80 <= code <= 0x9F:
        kind = "a C1 control character"
    else:
        kind = "a control character"
    name = _NAMES.get(code)
    return f"U+{code:04X} ({name}, {kind})" if name else f"U+{code:04X} ({kind})"


def first_unsafe(text: str) -> str | None:
    """The first character of ``text`` that must not reach a terminal, or None (fast)."""
    match = _UNSAFE.search(text)
    return match.group() if match else None


def find_unsafe(text: str, *, raw: bool = False) -> list[tuple[int, str]]:
    """Positions and characters in ``text`` that must not reach a terminal.

    With ``raw`` the text is a whole file, whose line ends may be CR LF; in a value, a
    carriage return is unsafe (it moves the cursor back over what was printed).
    """
    pattern = _UNSAFE_RAW if raw else _UNSAFE
    return [(m.start(), m.group()) for m in pattern.finditer(text)]


def clean(text: str) -> str:
    """``text`` without any character that could drive a terminal (tab and newline stay)."""
    return _UNSAFE.sub("", text) if _UNSAFE.search(text) else text
