"""The commands around the app: ``config [--init]``, ``completions SHELL``, ``--man``,
and ``show --format``. Kept out of ``cli.py`` so that module stays the dispatcher.

The completion scripts and the manual are generated from the argument parser
(``cli.build_parser``) and the content (nutrient ids and aliases), so they list what the
command really accepts. ``fasci_tui/man/fasci-tui.1`` is the manual as generated (a
test keeps it current), shipped in the wheel for ``man -l`` and packagers.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path

from fasci_tui import __version__
from fasci_tui.config import CONFIG_ENV, config_path, example, init_file, load_settings
from fasci_tui.content.model import Content

COMMANDS = (
    ("validate", "check a data directory"),
    ("show", "print a page (--format txt, md, json; csv for compare)"),
    ("serve", "host the app over SSH or in a browser"),
    ("config", "check the settings file (--init writes a commented example)"),
    ("completions", "print a completion script: bash, zsh or fish"),
)
"""Commands besides places, with a line about each (completions list them)."""
SHELLS = ("bash", "zsh", "fish")
"""Shells ``completions`` writes a script for."""
MAN_PAGE = Path(__file__).resolve().parent / "man" / "fasci-tui.1"
"""The generated manual, shipped in the package."""
SECTIONS = ("overview", "compare", "checklist", "faq", "foods", "references")
"""Places with one page (besides the nutrients)."""


def _say(text: str) -> int:
    from fasci_tui.cli import _emit

    return _emit(text)


def _error(message: str) -> None:
    print(f"fasci-tui: {message}", file=sys.stderr)


# --- config ---------------------------------------------------------------------------

def _binding_ids() -> list[tuple[str, str, str]]:
    from fasci_tui.app_keys import binding_ids

    return binding_ids()


def cmd_config(explicit: str | None, init: bool) -> int:
    """``config``: say which file is used and what is wrong in it (exit 1 if anything);
    ``config --init``: write the commented example there (never over a file)."""
    path = config_path(explicit)
    if init:
        error = init_file(path, example(_binding_ids()))
        if error:
            _error(error)
            return 1
        return _say(f"wrote {path} (every line commented out; remove a # to use it)\n")
    if not path.exists():
        return _say(f"{path}: no settings file (the defaults apply); "
                    "fasci-tui config --init writes a commented example\n")
    settings = load_settings(path, frozenset(b[0] for b in _binding_ids()))
    problems = list(settings.problems)
    if settings.theme:
        from fasci_tui.widgets.themes import theme_names

        if settings.theme not in theme_names():
            problems.append(f"{path}: theme: no theme called {settings.theme!r} "
                            f"(themes: {', '.join(theme_names())})")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    return _say(f"{path}: OK\n")


# --- show --format --------------------------------------------------------------------

def show_formatted(content: Content, what: str, fmt: str, width: int, sort: str | None,
                   descending: bool, done: Iterable[str] = ()) -> str | None:
    """``show WHAT --format FMT`` as text; None when there is no such place."""
    from fasci_tui.content.export import compare_csv, page_of, render_as

    key = what.lower()
    if fmt == "csv":
        return compare_csv(content, sort, descending)
    page = page_of(content, key, done=done, sort=sort, descending=descending)
    return None if page is None else render_as(page, fmt, width)


def format_problem(what: str | None, fmt: str) -> str | None:
    """Why ``show WHAT --format FMT`` cannot be, or None."""
    from fasci_tui.content.export import FORMATS, TABLE_FORMATS

    if fmt not in FORMATS + TABLE_FORMATS:
        return (f"unknown format {fmt!r} (formats: {', '.join(FORMATS)}; "
                "csv for show compare)")
    if fmt in TABLE_FORMATS and (what or "").lower() != "compare":
        return f"--format {fmt} is for the table: fasci-tui show compare --format {fmt}"
    return None


# --- what the parser accepts --------------------------------------------------------

def _options(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    """The parser's options (not the positional arguments, not hidden ones)."""
    return [a for a in parser._actions  # argparse keeps no public list
            if a.option_strings and a.help != argparse.SUPPRESS]


def _place_names(content: Content | None) -> list[str]:
    names = list(SECTIONS)
    for nutrient in content.nutrients if content is not None else ():
        names += [nutrient.id, *(a.lower() for a in nutrient.aliases)]
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
    out += [".fi", ".SH FILES", ".TP", "\\fI$XDG_CONFIG_HOME/fasci\\-tui/config.toml\\fR",
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
    return _say(man_text(parser))


# --- dispatch -------------------------------------------------------------------------

def run_tool(parser: argparse.ArgumentParser, args: argparse.Namespace, data_dir: Path) -> int:
    """Run ``--man``, ``config``, ``completions`` or ``show --format``; the exit code."""
    from fasci_tui.cli import EXIT_PROBLEMS, EXIT_USAGE, _load, _show_sort, _suggest

    if args.man:
        return cmd_man(parser)
    if args.command == "config":
        if args.argument:
            _error(f"unexpected argument {args.argument!r}: fasci-tui config [--init]")
            return EXIT_USAGE
        return cmd_config(args.config, args.init)
    if args.init:
        _error("--init goes with config: fasci-tui config --init")
        return EXIT_USAGE
    if args.command == "completions":
        if args.argument not in SHELLS:
            _error(f"completions needs a shell: {', '.join(SHELLS)}"
                   + (f" (not {args.argument!r})" if args.argument else ""))
            return EXIT_USAGE
        content = _load(data_dir)  # the place names; None: the sections only
        return _say(completion_script(args.argument, parser, content))
    if args.command != "show":
        _error("--format goes with show: fasci-tui show ID --format md")
        return EXIT_USAGE
    fmt = args.format.lower()
    problem = format_problem(args.argument, fmt)
    sort = _show_sort(args)
    if problem is None and isinstance(sort, str) and sort.startswith("!"):
        problem = sort[1:]
    if problem is None and not args.argument:
        problem = "show needs an ID: a nutrient (magnesium, b12, ...) or one of " \
            + ", ".join(SECTIONS)
    if problem is not None:
        _error(problem)
        return EXIT_USAGE
    content = _load(data_dir)
    if content is None:
        return EXIT_PROBLEMS
    done: frozenset[str] = frozenset()
    if args.argument.lower() == "checklist":
        from fasci_tui.state import StateStore

        store = StateStore()
        done = store.load().checked
        for notice in store.take_notices():
            _error(notice)
    from fasci_tui.cli import _terminal_width

    out = show_formatted(content, args.argument, fmt, min(_terminal_width(), 100), sort,
                         args.desc, done)
    if out is None:
        names = [n.id for n in content.nutrients] + list(SECTIONS)
        _error(f"no nutrient or section called {args.argument!r}"
               + _suggest(args.argument, names))
        return EXIT_USAGE
    return _say(out)
