"""Completion scripts and the manual page, generated from the argument parser.

``completion_script(shell, parser, content)`` for bash, zsh and fish completes
commands, options (with their values where few: themes, formats, sort columns) and
every place name (sections, nutrient ids and one-word aliases). ``man_page(parser)`` is
the roff manual; ``fasci_tui/man/fasci-tui.1`` is it as generated (a test keeps it
current), shipped in the wheel; ``--man`` shows it through ``man -l`` in a terminal,
else as plain text (:func:`man_text`).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
from pathlib import Path

from fasci_tui import __version__
from fasci_tui.config import CONFIG_ENV
from fasci_tui.content.model import Content

COMMANDS = (
    ("validate", "check a data directory"),
    ("show", "print a page (--format txt, md, json; csv for compare)"),
    ("serve", "host the app over SSH or in a browser"),
    ("config", "check the settings file (--init writes a commented example)"),
    ("completions", "print a completion script: bash, zsh or fish"),
    ("lab", "read a blood test result (units, your range, what it shows)"),
    ("watch", "check your log against the see-a-doctor signs"),
    ("report", "a summary of your log for a visit to the doctor (txt, md, html)"),
)
"""Commands besides places, with a line about each (completions list them)."""
SHELLS = ("bash", "zsh", "fish")
"""Shells ``completions`` writes a script for."""
MAN_PAGE = Path(__file__).resolve().parent / "man" / "fasci-tui.1"
"""The generated manual, shipped in the package."""


# --- what the parser accepts --------------------------------------------------------

def _options(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    """The parser's options (not the positional arguments, not hidden ones)."""
    return [a for a in parser._actions  # argparse keeps no public list
            if a.option_strings and a.help != argparse.SUPPRESS]


def _place_names(content: Content | None) -> list[str]:
    from fasci_tui.content.export import SHOW_SECTIONS, place_names

    names = place_names(content) if content is not None else list(SHOW_SECTIONS)
    return sorted({n for n in names if re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", n)})


def _values(action: argparse.Action) -> list[str] | None:
    """Words an option's value can be, where they are few and known."""
    if action.dest == "theme":
        from fasci_tui.widgets.themes import theme_names

        return theme_names()
    if action.dest == "format":
        from fasci_tui.content.export import FORMATS, TABLE_FORMATS

        return [*FORMATS, *TABLE_FORMATS]
    if action.dest == "sort":
        from fasci_tui.content.compare import COLUMNS

        return [c.key for c in COLUMNS]
    return list(action.choices) if action.choices else None


def _plain_help(action: argparse.Action) -> str:
    text = " ".join((action.help or "").split()) % {"default": action.default}
    return re.sub(r"[\[\]'`$\\:\"]", "", text)


def _takes_value(action: argparse.Action) -> bool:
    return action.nargs != 0


def completion_script(shell: str, parser: argparse.ArgumentParser,
                      content: Content | None) -> str:
    """The completion script for ``shell`` (one of :data:`SHELLS`)."""
    return {"bash": _bash, "zsh": _zsh, "fish": _fish}[shell](
        _options(parser), _place_names(content))


def _bash(options: list[argparse.Action], places: list[str]) -> str:
    words = " ".join(s for a in options for s in a.option_strings)
    cases = []
    for action in options:
        if not _takes_value(action):
            continue
        pattern = "|".join(action.option_strings)
        values = _values(action)
        if values:
            cases.append(f"        {pattern}) COMPREPLY=($(compgen -W \"{' '.join(values)}\" "
                         "-- \"$cur\")); return ;;")
        elif action.dest == "data":
            cases.append(f"        {pattern}) COMPREPLY=($(compgen -d -- \"$cur\")); return ;;")
        elif action.dest == "config":
            cases.append(f"        {pattern}) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;")
        else:
            cases.append(f"        {pattern}) COMPREPLY=(); return ;;")
    commands = " ".join(name for name, _ in COMMANDS)
    return f"""\
# bash completion for fasci-tui {__version__} (fasci-tui completions bash)
_fasci_tui() {{
    local cur="${{COMP_WORDS[COMP_CWORD]}}" prev="${{COMP_WORDS[COMP_CWORD-1]}}"
    local places="{' '.join(places)}"
    case "$prev" in
{chr(10).join(cases)}
        show) COMPREPLY=($(compgen -W "$places" -- "$cur")); return ;;
        completions) COMPREPLY=($(compgen -W "{' '.join(SHELLS)}" -- "$cur")); return ;;
        serve) COMPREPLY=($(compgen -W "ssh web" -- "$cur")); return ;;
        validate) COMPREPLY=($(compgen -d -- "$cur")); return ;;
    esac
    if [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "{words}" -- "$cur"))
    else
        COMPREPLY=($(compgen -W "{commands} $places" -- "$cur"))
    fi
}}
complete -F _fasci_tui fasci-tui
"""


def _zsh(options: list[argparse.Action], places: list[str]) -> str:
    specs = []
    for action in options:
        names = action.option_strings
        exclusive = f"({' '.join(names)})" if len(names) > 1 else ""
        spelled = "{" + ",".join(names) + "}" if len(names) > 1 else names[0]
        value = ""
        if _takes_value(action):
            values = _values(action)
            metavar = str(action.metavar or action.dest).lower()
            if values:
                value = f":{metavar}:({' '.join(values)})"
            elif action.dest == "data":
                value = f":{metavar}:_files -/"
            elif action.dest == "config":
                value = f":{metavar}:_files"
            else:
                value = f":{metavar}: "
        exclusive = f"'{exclusive}'" if exclusive else ""
        specs.append(f"    {exclusive}{spelled}'[{_plain_help(action)}]{value}'")
    commands = " ".join(f"{name}\\:'{re.sub(r'[()]', '', about)}'" for name, about in COMMANDS)
    option_lines = "".join(spec + " \\\n" for spec in specs)
    return f"""\
#compdef fasci-tui
# zsh completion for fasci-tui {__version__} (fasci-tui completions zsh > _fasci-tui,
# in a directory of your $fpath)
_fasci_tui() {{
  local -a places
  places=({' '.join(places)})
  _arguments -s \\
{option_lines}    '1:command or place:->first' \\
    '2:argument:->second'
  case $state in
    first) _alternative "commands:command:(({commands}))" "places:place:($places)" ;;
    second)
      case $words[2] in
        show) _values place $places ;;
        completions) _values shell {' '.join(SHELLS)} ;;
        serve) _values how ssh web ;;
        validate) _files -/ ;;
      esac ;;
  esac
}}
_fasci_tui "$@"
"""


def _fish(options: list[argparse.Action], places: list[str]) -> str:
    lines = [f"# fish completion for fasci-tui {__version__} (fasci-tui completions fish)",
             "complete -c fasci-tui -f"]
    for action in options:
        flags = " ".join(f"-l {s[2:]}" if s.startswith("--") else f"-s {s[1:]}"
                         for s in action.option_strings)
        extra = ""
        if _takes_value(action):
            values = _values(action)
            extra = (f" -x -a \"{' '.join(values)}\"" if values
                     else " -r -F" if action.dest in ("data", "config") else " -x")
        lines.append(f"complete -c fasci-tui {flags} -d '{_plain_help(action)}'{extra}")
    for name, about in COMMANDS:
        lines.append(f"complete -c fasci-tui -n __fish_use_subcommand -a {name} -d '{about}'")
    lines.append(f"complete -c fasci-tui -n __fish_use_subcommand -a \"{' '.join(places)}\" "
                 "-d place")
    lines.append(f"complete -c fasci-tui -n '__fish_seen_subcommand_from show' "
                 f"-a \"{' '.join(places)}\" -d place")
    lines.append("complete -c fasci-tui -n '__fish_seen_subcommand_from completions' "
                 f"-a \"{' '.join(SHELLS)}\"")
    lines.append("complete -c fasci-tui -n '__fish_seen_subcommand_from serve' -a 'ssh web'")
    return "\n".join(lines) + "\n"


# --- the manual -----------------------------------------------------------------------

def _roff(text: str) -> str:
    """Text safe in a roff line: backslashes and hyphens escaped, no leading dot."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\\&" + text if text.startswith((".", "'")) else text


def _log_files_section() -> list[str]:
    """The man page's LOG EXPORT AND IMPORT section: each command's usage and its
    ``--help`` description, so the two never differ."""
    from fasci_tui.cli_log_args import build_log_parser

    actions = [a for a in build_log_parser()._actions  # argparse keeps no public list
               if isinstance(a.choices, dict)]
    out = [".SH LOG EXPORT AND IMPORT"]
    for name in ("export", "import"):
        command = actions[0].choices[name]
        usage = command.format_usage().removeprefix("usage: ").strip()
        out += [".TP", f"\\fB{_roff(usage)}\\fR",
                _roff(" ".join((command.description or "").split()))]
    return out


def man_page(parser: argparse.ArgumentParser) -> str:
    """The manual page (roff, ``man -l``), from the parser's definitions."""
    from fasci_tui.cli import DESCRIPTION, EPILOG
    from fasci_tui.content.paths import DATA_ENV

    out = [f'.TH FASCI\\-TUI 1 "" "fasci-tui {__version__}" "User Commands"',
           ".SH NAME", "fasci\\-tui \\- " + _roff(DESCRIPTION.split(".")[0].strip()
                                                  .replace("\n", " ")),
           ".SH SYNOPSIS", ".B fasci\\-tui",
           "[\\fIOPTIONS\\fR] [\\fIPLACE\\fR | \\fBvalidate\\fR [\\fIDIR\\fR] | "
           "\\fBshow\\fR \\fIID\\fR | \\fBserve\\fR ssh|web | \\fBconfig\\fR | "
           "\\fBcompletions\\fR \\fISHELL\\fR]",
           ".SH DESCRIPTION"]
    out += [_roff(line) if line else ".PP" for line in DESCRIPTION.strip().splitlines()]
    out.append(".SH OPTIONS")
    for action in _options(parser):
        spelled = ", ".join(f"\\fB{_roff(s)}\\fR" for s in action.option_strings)
        if _takes_value(action):
            spelled += f" \\fI{_roff(str(action.metavar or action.dest.upper()))}\\fR"
        out += [".TP", spelled, _roff(" ".join((action.help or "").split())
                                      % {"default": action.default})]
    out += [".SH COMMANDS AND EXAMPLES", ".nf"]
    out += [_roff(line) for line in EPILOG.rstrip().splitlines()]
    out += [".fi", *_log_files_section()]
    out += [".SH FILES", ".TP", "\\fI$XDG_CONFIG_HOME/fasci\\-tui/config.toml\\fR",
            "The settings (theme, start place, mouse, units, region, keys); "
            "\\fBfasci\\-tui config \\-\\-init\\fR writes a commented example.",
            ".SH ENVIRONMENT",
            ".TP", f"\\fB{_roff(CONFIG_ENV)}\\fR", "The settings file to read.",
            ".TP", f"\\fB{_roff(DATA_ENV)}\\fR", "The data directory to read.",
            ".TP", "\\fBFASCI_TUI_STATE_DIR\\fR", "Where ticks and the disclaimer are saved.",
            ".TP", "\\fBNO_COLOR\\fR", "Set to any value: no colours.",
            ".SH SEE ALSO", "The README, and inside the app ? or F1 for every key."]
    return "\n".join(out) + "\n"


def man_text(parser: argparse.ArgumentParser) -> str:
    """The manual as plain text, for where ``man`` is absent."""
    lines: list[str] = []
    term = False  # the line after .TP is the term; the lines after it, its description
    for line in man_page(parser).splitlines():
        text = re.sub(r"\\f[BIR]", "", line).replace("\\-", "-").replace("\\e", "\\")
        text = text.replace("\\&", "")
        if line.startswith(".SH "):
            lines += ["", text[4:]]
            term = False
        elif line in (".PP", ".TP"):
            lines.append("")
            term = line == ".TP"
        elif line.startswith(".B "):
            lines.append("       " + text[3:])
        elif line.startswith((".TH", ".nf", ".fi")):
            continue
        elif term:
            lines.append("       " + text)
            term = False
        else:
            indent = "           " if lines and lines[-1].startswith("       ") and \
                lines[-1].lstrip().startswith("-") else "       "
            lines.append(indent + text)
    return "\n".join(lines).strip() + "\n"


def cmd_man(parser: argparse.ArgumentParser) -> int:
    """``--man``: the manual through ``man -l`` in a terminal, else as plain text."""
    if sys.stdout is not None and sys.stdout.isatty() and shutil.which("man") \
            and MAN_PAGE.exists():
        import subprocess

        return subprocess.call(["man", "-l", os.fspath(MAN_PAGE)])
    from fasci_tui.cli_output import emit as _emit

    return _emit(man_text(parser))
