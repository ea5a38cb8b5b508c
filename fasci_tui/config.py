"""The user's settings file: ``config.toml`` in the XDG config directory.

Where it is: ``--config FILE``, else ``$FASCI_TUI_CONFIG``, else
``$XDG_CONFIG_HOME/fasci-tui/config.toml`` (``~/.config/fasci-tui/config.toml``).
A missing file means the defaults. A file that cannot be read, or a key or value that
is wrong, is reported as ``file:line: message`` (:attr:`Settings.problems`) and the rest
is used: the app always starts. ``fasci-tui config --init`` writes :data:`EXAMPLE`.

The TOML parser (``tomllib``, or ``tomli`` before Python 3.11) is imported only when
there is a file to read, so a start without one pays nothing for it. Textual-free.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

CONFIG_ENV = "FASCI_TUI_CONFIG"
"""Environment variable naming the settings file."""

UNITS = ("metric", "us")
"""``units``: metric (grams, millilitres) or US customary (ounces, cups) where they differ."""
REGIONS = ("us-canada", "eu")
"""``region``: whose upper limits to show where the authorities differ (e.g. vitamin B6)."""
REGION_NAMES = {"us-canada": "US/Canada", "eu": "EU"}
"""How each region is written on screen."""


@dataclass(frozen=True)
class Settings:
    """What the settings file says (defaults for what it leaves out).

    ``keys`` maps binding ids (``help``, ``quit``, ``find``...; ``fasci-tui config
    --init`` lists them) to keys (``"f1,question_mark"``), as Textual's keymap does.
    ``problems`` are ``file:line: message`` lines about what was ignored.
    """

    theme: str | None = None
    start: str | None = None
    mouse: bool = True
    units: str = "us"
    region: str = "us-canada"
    keys: dict[str, str] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)
    path: Path | None = None
    problems: tuple[str, ...] = ()


def default_path() -> Path:
    """``$XDG_CONFIG_HOME/fasci-tui/config.toml`` (``~/.config`` when it is unset)."""
    base = os.environ.get("XDG_CONFIG_HOME") or ""
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".config"
    return root / "fasci-tui" / "config.toml"


def config_path(explicit: str | Path | None = None) -> Path:
    """The settings file to use: ``explicit``, else $FASCI_TUI_CONFIG, else the default."""
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(CONFIG_ENV)
    return Path(from_env).expanduser() if from_env else default_path()


def _toml() -> Any:
    """The standard library's TOML parser (``tomli`` on Python 3.10)."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10: the same parser, as a package
        import tomli as tomllib  # type: ignore[no-redef]
    return tomllib


def _line_of(lines: list[str], table: str | None, key: str) -> int:
    """The line (from 1) where ``key`` is set, in ``[table]`` when given; else 1."""
    header = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]")
    setting = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
    current: str | None = None
    for number, line in enumerate(lines, 1):
        match = header.match(line)
        if match:
            current = match.group(1).strip("\"'")
            if current == key and table == key:  # a table: its header's line
                return number
        elif current == table and setting.match(line):
            return number
    return 1


def _choice(value: Any, choices: tuple[str, ...]) -> str | None:
    return value.lower() if isinstance(value, str) and value.lower() in choices else None


def load_settings(path: Path | None = None, known_ids: frozenset[str] | None = None
                  ) -> Settings:
    """Read the settings file at ``path`` (default :func:`config_path`).

    ``known_ids`` are the binding ids ``[keys]`` may name (None: any).
    """
    path = config_path() if path is None else path
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings(path=path)
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        return Settings(path=path, problems=(f"{path}: cannot read the settings: {reason}; "
                                             "using the defaults",))
    toml = _toml()
    try:
        data = toml.loads(text)
    except toml.TOMLDecodeError as exc:
        found = re.search(r"line (\d+), column (\d+)", str(exc))
        where = f"{path}:{found.group(1)}:{found.group(2)}" if found else str(path)
        message = re.sub(r"\s*\(at .*\)$", "", str(exc))
        return Settings(path=path, problems=(f"{where}: {message}; not TOML, so the defaults "
                                             "are used (fasci-tui config --init shows the form)",))
    return _settings(data, text.splitlines(), path, known_ids)


def _settings(data: dict[str, Any], lines: list[str], path: Path,
              known_ids: frozenset[str] | None) -> Settings:
    problems: list[str] = []
    settings = Settings(path=path)

    def bad(table: str | None, key: str, message: str) -> None:
        problems.append(f"{path}:{_line_of(lines, table, key)}: {key}: {message}")

    for key, value in data.items():
        if key == "theme":
            if isinstance(value, str) and value.strip():
                settings = replace(settings, theme=value.strip())
            else:
                bad(None, key, "give a theme name in quotes, e.g. theme = \"high-contrast\"")
        elif key == "start":
            if isinstance(value, str) and value.strip():
                settings = replace(settings, start=value.strip())
            else:
                bad(None, key, "give a place in quotes, e.g. start = \"magnesium\"")
        elif key == "mouse":
            if isinstance(value, bool):
                settings = replace(settings, mouse=value)
            else:
                bad(None, key, "write true or false (no quotes)")
        elif key == "units":
            if (units := _choice(value, UNITS)) is not None:
                settings = replace(settings, units=units)
            else:
                bad(None, key, f"{value!r} is not one of " + ", ".join(map(repr, UNITS)))
        elif key == "region":
            if (region := _choice(value, REGIONS)) is not None:
                settings = replace(settings, region=region)
            else:
                bad(None, key, f"{value!r} is not one of " + ", ".join(map(repr, REGIONS)))
        elif key == "keys":
            if isinstance(value, dict):
                keys = _keys(value, lines, path, known_ids, problems)
                settings = replace(settings, keys=keys, key_lines={
                    k: _line_of(lines, "keys", k) for k in keys})
            else:
                bad(None, key, "make it a table: a line [keys], then id = \"key\" lines")
        else:
            bad(None if not isinstance(value, dict) else key, key,
                "unknown setting, ignored (known: theme, start, mouse, units, region, [keys])")
    return replace(settings, problems=tuple(problems))


KEY_PATTERN = re.compile(r"^[A-Za-z0-9_+]+(,[A-Za-z0-9_+]+)*$")
"""A key list as Textual's keymap takes it: ``f1``, ``ctrl+f``, ``question_mark,h``."""


def _keys(table: dict[str, Any], lines: list[str], path: Path,
          known_ids: frozenset[str] | None, problems: list[str]) -> dict[str, str]:
    keys: dict[str, str] = {}
    for binding_id, value in table.items():
        where = f"{path}:{_line_of(lines, 'keys', binding_id)}: keys.{binding_id}"
        if known_ids is not None and binding_id not in known_ids:
            problems.append(f"{where}: no such key binding, ignored (known: "
                            + ", ".join(sorted(known_ids)) + ")")
        elif not isinstance(value, str) or not KEY_PATTERN.match(value.replace(" ", "")):
            problems.append(f"{where}: write the keys in quotes, comma-separated, e.g. "
                            "\"f1,question_mark\" or \"ctrl+f\"")
        else:
            keys[binding_id] = value.replace(" ", "")
    return keys


EXAMPLE = """\
# fasci-tui settings (TOML). Every line is optional; remove the # to use one.
# Where this file lives: --config FILE, else $FASCI_TUI_CONFIG, else
# $XDG_CONFIG_HOME/fasci-tui/config.toml (~/.config/fasci-tui/config.toml).
# Mistakes are reported (file:line) when the app starts; the rest still applies.

# Colours: a Textual theme (textual-dark, textual-light, nord, gruvbox,
# solarized-light, ...) or high-contrast (readable in 16 colours, dark or light
# terminals). Choosing a theme from the palette (ctrl+p, "theme") saves it here.
# --theme NAME overrides it for one run. NO_COLOR=1 still turns colour off.
# theme = "high-contrast"

# Where the app opens: overview, a section (faq, compare, checklist, foods,
# references) or a nutrient (magnesium, b12, ...).
# start = "overview"

# false leaves the mouse to the terminal (its own text selection); so does --no-mouse.
# mouse = true

# Where US customary and metric measures differ: "metric" or "us".
# units = "us"

# Whose upper limits to show where authorities differ (e.g. vitamin B6):
# "us-canada" or "eu". The shipped data so far gives US/Canada values only (each
# page says whose value it shows); EU values will be used once the data has them.
# region = "us-canada"

# Keys: binding id = "keys" (comma-separated; names as Textual writes them:
# f1, ctrl+f, question_mark, slash, ...). The help screen (?) and the footer show
# the keys in force.
[keys]
{keys}
"""
"""The commented example ``config --init`` writes (``{keys}`` lists the bindings)."""


def example(bindings: list[tuple[str, str, str]]) -> str:
    """:data:`EXAMPLE` listing ``bindings`` (id, default keys, what it does), commented out."""
    rows = [f"# {binding_id} = \"{keys}\"   # {what}" for binding_id, keys, what in bindings]
    return EXAMPLE.format(keys="\n".join(rows))


def init_file(path: Path, text: str) -> str | None:
    """Write ``text`` to ``path`` unless a file is there; an error message, or None."""
    if path.exists():
        return f"{path} exists already; not overwritten (remove it first to start afresh)"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as out:
            out.write(text)
    except OSError as exc:
        return f"cannot write {path}: {exc.strerror or exc}"
    return None


def save_theme(path: Path, theme: str) -> str | None:
    """Set ``theme = "NAME"`` in the file at ``path`` (its other lines kept as they are).

    Replaces an uncommented ``theme`` line, else adds one before the first table.
    Returns an error message, or None.
    """
    line = f"theme = \"{theme}\""
    try:
        lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    except (OSError, UnicodeDecodeError) as exc:
        return f"cannot read {path}: {exc}"
    setting = re.compile(r"^\s*theme\s*=")
    table = re.compile(r"^\s*\[")
    for index, old in enumerate(lines):
        if table.match(old):
            lines.insert(index, line)
            break
        if setting.match(old):
            lines[index] = line
            break
    else:
        lines.append(line)
    from fasci_tui.state import atomic_write

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, "\n".join(lines) + "\n")
    except OSError as exc:
        return f"cannot save the theme in {path}: {exc.strerror or exc}"
    return None
