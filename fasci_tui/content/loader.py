"""Load and validate the YAML content into typed records.

YAML is parsed with PyYAML's safe composer (libyaml's ``CSafeLoader`` when present) into
a node tree that keeps line and column marks. The node tree is then converted into the
dataclasses of :mod:`fasci_tui.content.model` by reading their type hints, so the schema
lives in one place. Every problem is collected with its location; nothing stops at the
first one.
"""

from __future__ import annotations

import dataclasses
import difflib
import errno
import functools
import os
import re
import stat
import types
import typing
from pathlib import Path
from typing import Any, Literal, Union

import yaml

from fasci_tui.content.model import (
    Content,
    FaqFile,
    LifestyleFile,
    Number,
    Nutrient,
    NutrientsFile,
    Overview,
    Page,
    PagesFile,
    Reference,
    ReferencesFile,
)
from fasci_tui.content.problems import ContentError, Problem
from fasci_tui.content.rules import RULES, evidence_needs_refs, unsourced_numbers
from fasci_tui.content.sanitize import clean, describe, find_unsafe, first_unsafe

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

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_DECIMAL = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_MAX_DIGITS = 30
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SCALAR_TAGS = {_STR, _INT, _FLOAT, _NULL, _BOOL, _TIMESTAMP}
_ALLOWED_TAG = {
    yaml.MappingNode: "tag:yaml.org,2002:map",
    yaml.SequenceNode: "tag:yaml.org,2002:seq",
}
_KIND_NAMES = {
    _STR: "text", _INT: "a number", _FLOAT: "a number", _NULL: "null", _BOOL: "true/false",
    _TIMESTAMP: "a date",
}


@dataclasses.dataclass
class _Ref:
    """A cross-reference seen while converting, checked once every file is loaded."""

    kind: str
    value: str
    problem_at: Problem


class _Converter:
    """Turns one file's node tree into records, collecting problems as it goes."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.refs: list[_Ref] = []
        self.declared: dict[type, set[str]] = {}
        self.declared_at: dict[str, Problem] = {}
        """Where each reference id is declared (to point at unused references)."""
        self._seen: set[int] = set()

    def problem(self, node: yaml.Node | None, path: str, message: str) -> None:
        """Record a problem at ``node`` (or at the top of the file)."""
        self.problems.append(self._at(node, path, message))

    def _at(self, node: yaml.Node | None, path: str, message: str) -> Problem:
        if node is None:
            return Problem(self.file, 0, 0, path, message)
        mark = node.start_mark
        return Problem(self.file, mark.line + 1, mark.column + 1, path, message)

    def convert(self, node: yaml.Node, hint: Any, path: str) -> Any:
        """Convert ``node`` to a value of type ``hint``; None after recording a problem."""
        if id(node) in self._seen:
            self.problem(node, path, "anchors and aliases (&name, *name) are not supported; "
                         "write the value out")
            return None
        self._seen.add(id(node))
        if node.tag != _ALLOWED_TAG.get(type(node), node.tag) or (
            isinstance(node, yaml.ScalarNode) and node.tag not in _SCALAR_TAGS
        ):
            tag = node.tag.replace("tag:yaml.org,2002:", "!!", 1)
            self.problem(node, path, f"unsupported YAML tag {tag!r}; remove it")
            return None
        return self._convert(node, hint, path)

    def _convert(self, node: yaml.Node, hint: Any, path: str) -> Any:
        origin = typing.get_origin(hint)
        if origin in (Union, types.UnionType):
            options = [a for a in typing.get_args(hint) if a is not type(None)]
            if node.tag == _NULL:
                return None
            if len(options) == 1:
                return self._convert(node, options[0], path)
            return self._convert_number(node, path)  # Number | None
        if hint == Number:
            return self._convert_number(node, path)
        if origin is tuple:
            return self._convert_list(node, typing.get_args(hint)[0], path)
        if origin is Literal:
            allowed = typing.get_args(hint)
            value = self._scalar(node, path, "one of " + ", ".join(allowed))
            if value is not None and value not in allowed:
                self.problem(node, path, f"{value!r} is not allowed; use one of "
                             + ", ".join(allowed))
                return None
            return value
        if is_record(hint):
            return self._convert_record(node, hint, path)
        if hint is str:
            return self._scalar(node, path, "text")
        if hint is int:
            if node.tag != _INT:
                self.problem(node, path, f"expected a whole number, got {self._kind(node)}")
                return None
            return self._convert_int(node, path)
        raise TypeError(f"unsupported type hint {hint!r}")  # pragma: no cover - schema bug

    def _kind(self, node: yaml.Node) -> str:
        if isinstance(node, yaml.MappingNode):
            return "a mapping"
        if isinstance(node, yaml.SequenceNode):
            return "a list"
        return _KIND_NAMES.get(node.tag, "a value") + (
            f" ({node.value!r})" if node.tag != _NULL else ""
        )

    def _scalar(self, node: yaml.Node, path: str, expected: str) -> str | None:
        if node.tag != _STR:
            hint = "; put it in quotes" if isinstance(node, yaml.ScalarNode) else ""
            self.problem(node, path, f"expected {expected}, got {self._kind(node)}{hint}")
            return None
        if not node.value.strip():
            self.problem(node, path, "must not be empty")
            return None
        unsafe = first_unsafe(node.value)
        if unsafe is not None:
            # Only a YAML escape (such as "\e" or "\x9b") gets here: a raw character is
            # refused before parsing, with its exact place.
            self.problem(node, path, f"character {describe(unsafe)} is not allowed in "
                         "data files (it could drive the terminal); remove the escape")
            return clean(node.value)
        return node.value

    def _convert_number(self, node: yaml.Node, path: str) -> int | float | None:
        if node.tag == _INT:
            return self._convert_int(node, path)
        if node.tag == _FLOAT:
            try:
                value = float(node.value.replace("_", ""))
            except ValueError:
                value = float("nan")
            if value != value or value in (float("inf"), float("-inf")):
                self.problem(node, path, "expected a finite number")
                return None
            return value
        self.problem(node, path, f"expected a number, got {self._kind(node)}")
        return None

    def _convert_int(self, node: yaml.Node, path: str) -> int | None:
        """A YAML integer written in plain decimal digits (``0x1F``, ``1:30`` are refused)."""
        text = node.value.replace("_", "")
        if not _DECIMAL.match(text):
            self.problem(node, path, f"write {node.value!r} as a plain decimal number")
            return None
        if len(text) > _MAX_DIGITS:
            self.problem(node, path, f"number has {len(text):,} digits; that is too large")
            return None
        return int(text)

    def _convert_list(self, node: yaml.Node, item: Any, path: str) -> tuple[Any, ...] | None:
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, path, f"expected a list, got {self._kind(node)}")
            return None
        values = []
        ids: dict[str, str] = {}
        for index, child in enumerate(node.value):
            child_path = f"{path}[{index}]"
            value = self.convert(child, item, child_path)
            if value is None:
                continue
            record_id = getattr(value, "id", None)
            if isinstance(record_id, str):
                if record_id in ids:
                    self.problem(child, f"{child_path}.id",
                                 f"duplicate id {record_id!r} (first used at {ids[record_id]})")
                    continue
                ids[record_id] = child_path
            values.append(value)
        return tuple(values)

    def _convert_record(self, node: yaml.Node, cls: type, path: str) -> Any:
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, path, f"expected a mapping of keys, got {self._kind(node)}")
            return None
        fields = _schema(cls)
        given: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        ok = True
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key_node.tag != _STR or key is None:
                self.problem(key_node, path, "keys must be plain text")
                ok = False
                continue
            if key not in fields:
                known = ", ".join(fields)
                guess = _suggest(key, set(fields))
                self.problem(key_node, _join(path, key), f"unknown key {key!r}"
                             + (f"{guess} Known keys: {known}" if guess else
                                f"; known keys: {known}"))
                ok = False
                continue
            if key in given:
                self.problem(key_node, _join(path, key), "key given twice")
                ok = False
                continue
            given[key] = (key_node, value_node)
        values: dict[str, Any] = {}
        for name, spec in fields.items():
            field_path = _join(path, name)
            if name not in given:
                if spec.required:
                    self.problem(node, field_path, f"missing required key {name!r}")
                    ok = False
                continue
            _, value_node = given[name]
            value = self.convert(value_node, spec.hint, field_path)
            if value is None and not (spec.nullable and value_node.tag == _NULL):
                ok = False
                continue
            if name == "id" and isinstance(value, str):
                self.declared.setdefault(cls, set()).add(value)
                if cls is Reference:
                    self.declared_at.setdefault(value, self._at(value_node, field_path, ""))
                if not SLUG.match(value):
                    self.problem(value_node, field_path,
                                 f"id {value!r} must be a lowercase slug such as 'vitamin-d'")
                    ok = False
                    continue
            if name in _CROSS_REFERENCES and isinstance(value, tuple):
                for index, item in enumerate(value):
                    if not isinstance(item, str):
                        continue
                    item_node = value_node.value[index] if index < len(value_node.value) else node
                    self.refs.append(_Ref(_CROSS_REFERENCES[name], item,
                                          self._at(item_node, f"{field_path}[{index}]", "")))
            values[name] = value
        if not ok:
            return None
        record = cls(**values)
        for rel_path, message in (*RULES.get(cls, _no_rules)(record),
                                  *evidence_needs_refs(record)):
            target = _find_node(node, rel_path)
            self.problem(target, _join(path, rel_path), message)
        return record


_CROSS_REFERENCES = {"refs": "reference", "related": "nutrient", "tags": "nutrient",
                     "see_also": "page"}
"""Fields whose items are ids of other records, and what kind of record."""


@dataclasses.dataclass(frozen=True)
class _FieldSpec:
    """What the loader needs to know about one field of a record type."""

    hint: Any
    required: bool
    nullable: bool


def is_record(hint: Any) -> bool:
    """True for the record types of the model (NamedTuple classes)."""
    return isinstance(hint, type) and issubclass(hint, tuple) and hasattr(hint, "_fields")


@functools.cache
def _schema(cls: type) -> dict[str, _FieldSpec]:
    """The fields of a record type, read once from its definition."""
    hints = typing.get_type_hints(cls)
    defaults = cls._field_defaults  # type: ignore[attr-defined]
    return {
        name: _FieldSpec(hint=hints[name], required=name not in defaults,
                         nullable=_allows_none(hints[name]))
        for name in cls._fields  # type: ignore[attr-defined]
    }


def _no_rules(record: Any) -> list[tuple[str, str]]:
    return []


def _find_node(node: yaml.Node, rel_path: str) -> yaml.Node:
    """The node at ``rel_path`` (such as ``foods[2].unit``) below ``node``, or the nearest."""
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", rel_path):
        if part.startswith("[") and isinstance(node, yaml.SequenceNode):
            index = int(part[1:-1])
            if index >= len(node.value):
                break
            node = node.value[index]
        elif isinstance(node, yaml.MappingNode):
            match = [v for k, v in node.value if getattr(k, "value", None) == part]
            if not match:
                break
            node = match[0]
        else:
            break
    return node


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _allows_none(hint: Any) -> bool:
    return typing.get_origin(hint) in (Union, types.UnionType) and type(None) in typing.get_args(
        hint
    )


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


def parse_file(path: Path, record_type: type) -> tuple[Any, list[Problem], _Converter]:
    """Parse one data file into ``record_type``, with its problems and the converter.

    The converter holds the cross-references seen and the ids declared, even in records
    that failed, so that one broken record does not make every link to it dangle.
    """
    shown = display_path(path)
    converter = _Converter(shown)
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
            converter.problem(_find_node(node, rel_path), rel_path, message)
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
    refs: list[_Ref] = []
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
                    + _suggest(ref.value, known[ref.kind])))
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


def _suggest(value: str, known: set[str]) -> str:
    close = difflib.get_close_matches(value, sorted(known), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


__all__ = ["FILES", "ContentError", "Problem", "display_path", "load_content", "parse_file"]
