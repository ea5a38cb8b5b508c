"""Load and validate the YAML content into typed records.

YAML is parsed with PyYAML's safe composer (libyaml's ``CSafeLoader`` when present) into
a node tree that keeps line and column marks. The node tree is then converted into the
dataclasses of :mod:`fasci_tui.content.model` by reading their type hints, so the schema
lives in one place. Every problem is collected with its location; nothing stops at the
first one.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml

from fasci_tui.content.convert import Converter, Ref, find_node, suggest
from fasci_tui.content.model import (
    Content,
    FaqFile,
    LifestyleFile,
    Nutrient,
    NutrientsFile,
    Overview,
    Page,
    PagesFile,
    Reference,
    ReferencesFile,
)
from fasci_tui.content.problems import ContentError, Problem
from fasci_tui.content.rules import unsourced_numbers
from fasci_tui.content.sanitize import describe, find_unsafe

try:  # libyaml is several times faster when it is installed.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

MAX_FILE_BYTES = 64 * 1024 * 1024
"""Files larger than this are refused rather than parsed."""

MAX_CHARACTER_PROBLEMS = 20
"""At most this many forbidden characters are listed for one file."""

FILES: dict[str, type] = {  # same names as paths.DATA_FILES
    "overview.yaml": Overview,
    "nutrients.yaml": NutrientsFile,
    "lifestyle.yaml": LifestyleFile,
    "faq.yaml": FaqFile,
    "pages.yaml": PagesFile,
    "references.yaml": ReferencesFile,
}
"""Each data file and the record type its top level maps to."""

def _syntax_message(exc: yaml.MarkedYAMLError) -> str:
    """PyYAML's problem, with its context when that says where the broken part began."""
    problem = exc.problem or str(exc)
    context, at = exc.context or "", exc.context_mark
    if "duplicate anchor" in context and at is not None:
        return (f"anchor defined twice (first at line {at.line + 1}, column {at.column + 1}); "
                "anchors and aliases are not supported")
    mark = exc.problem_mark
    what = re.match(r"while (?:parsing|scanning) an? (.+)", context)
    same_place = mark is not None and at is not None and (at.line, at.column) == (
        mark.line, mark.column)
    if what and at is not None and not same_place:
        return (f"{problem} (in the {what.group(1)} that starts at line {at.line + 1}, "
                f"column {at.column + 1})")
    if context.startswith("expected "):
        return f"{context}, {problem}"
    return problem


def _line_column(text: str, position: int) -> tuple[int, int]:
    """1-based line and column of the character at ``position`` in ``text``."""
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    return lines[line][column : column + 1] if line < len(lines) else ""


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when it lies under it."""
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute, os.getcwd())
    except (ValueError, OSError):
        return absolute
    return absolute if relative.startswith("..") else relative


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """Read a data file as UTF-8 text, or explain why it cannot be read.

    Only a regular file is read, and never more than :data:`MAX_FILE_BYTES`: a pipe, a
    device such as /dev/zero or a file that keeps growing cannot hang or exhaust memory.
    """
    def refuse(message: str) -> tuple[None, list[Problem]]:
        return None, [Problem(shown, 0, 0, "", message)]

    limit = MAX_FILE_BYTES
    mib = 1024 * 1024
    shown_limit = f"{limit // mib} MiB" if limit % mib == 0 else f"{limit:,} bytes"
    too_big = f"over the {shown_limit} limit for a data file"
    try:
        # O_NONBLOCK: opening a named pipe must not wait for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            st = os.fstat(handle.fileno())
            if stat.S_ISDIR(st.st_mode):
                return refuse("is a directory, expected a YAML file")
            if not stat.S_ISREG(st.st_mode):
                return refuse("is not a regular file (a pipe, device or socket); "
                              "expected a YAML file")
            if st.st_size > limit:
                return refuse(f"is {st.st_size:,} bytes, {too_big}")
            raw = handle.read(limit + 1)
        if len(raw) > limit:
            return refuse(f"grew while being read, {too_big}")
    except FileNotFoundError:
        if path.is_symlink():
            return refuse(f"is a symbolic link to {os.readlink(path)!r}, which does not exist")
        return refuse("file not found; every data directory needs " + ", ".join(FILES))
    except IsADirectoryError:
        return refuse("is a directory, expected a YAML file")
    except PermissionError:
        return refuse("permission denied; make the file readable")
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return refuse("symbolic link loop; point the link at a file")
        return refuse(f"cannot read: {exc.strerror or exc}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, [Problem(shown, line, column, "",
                              f"byte 0x{raw[exc.start]:02x} is not UTF-8; save the file as UTF-8")]
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        return refuse("file is empty")
    unsafe = find_unsafe(text, raw=True)
    if unsafe:
        problems = []
        for position, char in unsafe[:MAX_CHARACTER_PROBLEMS]:
            line, column = _line_column(text, position)
            problems.append(Problem(shown, line, column, "", f"character {describe(char)} is "
                                    "not allowed in data files (it could drive the terminal); "
                                    "remove it"))
        if len(unsafe) > MAX_CHARACTER_PROBLEMS:
            problems.append(Problem(shown, 0, 0, "", f"{len(unsafe) - MAX_CHARACTER_PROBLEMS:,} "
                                    "more such characters not listed"))
        return None, problems
    return text, []


def parse_file(path: Path, record_type: type) -> tuple[Any, list[Problem], Converter]:
    """Parse one data file into ``record_type``, with its problems and the converter.

    The converter holds the cross-references seen and the ids declared, even in records
    that failed, so that one broken record does not make every link to it dangle.
    """
    shown = display_path(path)
    converter = Converter(shown)
    text, problems = read_text(path, shown)
    if text is None:
        return None, problems, converter
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        if mark and _char_at(text, mark.line, mark.column) == "\t":
            message = (f"{exc.problem or exc} (a tab: YAML is indented with spaces, "
                       "not tabs)")
        else:
            message = _syntax_message(exc)
        problem = Problem(shown, line, column, "", f"YAML syntax error: {message}")
        return None, [problem], converter
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        line, column = _line_column(text, exc.position)
        code = exc.character if isinstance(exc.character, int) else None
        what = f"character U+{code:04X}" if code is not None else "a character"
        problem = Problem(shown, line, column, "",
                          f"{what} is not allowed in YAML (a control character); remove it")
        return None, [problem], converter
    except yaml.YAMLError as exc:
        return None, [Problem(shown, 0, 0, "", f"YAML error: {exc}")], converter
    except RecursionError:
        return None, [Problem(shown, 0, 0, "", "nested too deeply to read")], converter
    if node is None:
        return None, [Problem(shown, 0, 0, "", "file is empty")], converter
    try:
        record = converter.convert(node, record_type, "")
    except RecursionError:
        converter.problem(node, "", "nested too deeply to read")
        record = None
    if record is not None:
        for rel_path, message in unsourced_numbers(record):
            converter.problem(find_node(node, rel_path), rel_path, message)
    return record, converter.problems, converter


def load_content(data_dir: Path | str) -> Content:
    """Load and validate every data file in ``data_dir``.

    Raises :class:`ContentError` carrying every problem found, each with its location.
    """
    data_dir = Path(data_dir)
    unusable = _check_data_dir(data_dir)
    if unusable:
        shown = display_path(data_dir)
        raise ContentError([Problem(shown, 0, 0, "", f"data directory {unusable}")])
    records: dict[str, Any] = {}
    problems: list[Problem] = []
    refs: list[Ref] = []
    declared: dict[type, set[str]] = {}
    declared_at: dict[str, Problem] = {}
    for name, record_type in FILES.items():
        record, file_problems, converter = parse_file(data_dir / name, record_type)
        records[name] = record
        problems.extend(file_problems)
        refs.extend(converter.refs)
        for cls, ids in converter.declared.items():
            declared.setdefault(cls, set()).update(ids)
        declared_at.update(converter.declared_at)
    known = {"reference": declared.get(Reference, set()), "nutrient": declared.get(Nutrient, set()),
             "page": declared.get(Page, set())}
    if all(records[name] is not None for name in ("references.yaml", "nutrients.yaml",
                                                  "pages.yaml")):
        for ref in refs:
            if ref.value not in known[ref.kind]:
                problems.append(ref.problem_at._replace(
                    message=f"unknown {ref.kind} id {ref.value!r}"
                    + suggest(ref.value, known[ref.kind])))
    if not problems:  # on otherwise clean data only: a broken file would cascade
        cited = {ref.value for ref in refs if ref.kind == "reference"}
        for ref_id, at in declared_at.items():
            if ref_id not in cited:
                problems.append(at._replace(message=f"reference {ref_id!r} is not cited "
                                            "anywhere; cite it or remove it"))
    if problems:
        raise ContentError(problems)
    content = Content(
        overview=records["overview.yaml"],
        nutrients=records["nutrients.yaml"].nutrients,
        habits=records["lifestyle.yaml"].habits,
        faq=records["faq.yaml"].faq,
        references=records["references.yaml"].references,
        pages=records["pages.yaml"].pages,
    )
    return content


def _check_data_dir(data_dir: Path) -> str | None:
    """Why ``data_dir`` cannot be used as a data directory, or None when it can."""
    try:
        st = os.stat(data_dir)
    except (FileNotFoundError, NotADirectoryError):
        return "does not exist"
    except PermissionError:
        return "cannot be reached (permission denied on a directory above it)"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "is a symbolic link loop"
        return f"cannot be opened: {exc.strerror or exc}"
    if not stat.S_ISDIR(st.st_mode):
        return "is not a directory"
    if not os.access(data_dir, os.R_OK | os.X_OK):
        return "is not readable (permission denied); make it readable"
    return None


__all__ = ["FILES", "ContentError", "Problem", "display_path", "load_content", "parse_file"]
