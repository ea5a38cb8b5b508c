"""Convert a YAML node tree into the typed records of the model, walking their schema.

The record types' type hints are the schema: each field's hint says what a node must
hold. Problems are collected with their file, line, column and key path; cross-references
are gathered to be checked once every file is loaded (in :mod:`fasci_tui.content.loader`).
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import re
import types
import typing
from typing import Any, Literal, Union

import yaml

from fasci_tui.content.model import Number, Reference
from fasci_tui.content.problems import Problem
from fasci_tui.content.rules import RULES, evidence_needs_refs
from fasci_tui.content.sanitize import clean, describe, first_unsafe

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
class Ref:
    """A cross-reference seen while converting, checked once every file is loaded."""

    kind: str
    value: str
    problem_at: Problem


class Converter:
    """Turns one file's node tree into records, collecting problems as it goes."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.refs: list[Ref] = []
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
                guess = suggest(key, set(fields))
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
                    self.refs.append(Ref(_CROSS_REFERENCES[name], item,
                                          self._at(item_node, f"{field_path}[{index}]", "")))
            values[name] = value
        if not ok:
            return None
        record = cls(**values)
        for rel_path, message in (*RULES.get(cls, _no_rules)(record),
                                  *evidence_needs_refs(record)):
            target = find_node(node, rel_path)
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


def find_node(node: yaml.Node, rel_path: str) -> yaml.Node:
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


def suggest(value: str, known: set[str]) -> str:
    close = difflib.get_close_matches(value, sorted(known), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""
