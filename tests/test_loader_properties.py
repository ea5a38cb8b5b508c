"""Property tests: a mutated copy of the shipped data loads or gives located errors.

A soak (120 copies of the data, each loaded whole), so marked slow: ``make test`` runs it,
``make check`` leaves it out.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fasci_tui.content import ContentError, load_content
from fasci_tui.content.paths import DATA_FILES, shipped_data_dir

pytestmark = pytest.mark.slow

SHIPPED = {name: (shipped_data_dir() / name).read_text(encoding="utf-8") for name in DATA_FILES}
PARSED = {name: yaml.safe_load(text) for name, text in SHIPPED.items()}

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                    st.floats(allow_nan=True), st.text(max_size=12))


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, prefix + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, prefix + (index,))
    return found


def _mutate(tree: Any, path: tuple, action: str, new: Any) -> Any:
    if not path:
        return new if action == "replace" else tree
    parent = tree
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if action == "replace":
        parent[last] = new
    elif action == "delete":
        del parent[last]
    elif action == "add-key" and isinstance(parent[last], dict):
        parent[last]["surprise"] = new
    elif action == "duplicate" and isinstance(parent, list):
        parent.append(parent[last])
    return tree


def _check(directory: Path) -> None:
    try:
        load_content(directory)
    except ContentError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.file.endswith(".yaml"), problem
            assert problem.message, problem


SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(data=st.data(), name=st.sampled_from(DATA_FILES))
def test_structural_mutations(tmp_path_factory: Any, data: st.DataObject, name: str) -> None:
    import copy

    tree = copy.deepcopy(PARSED[name])
    path = data.draw(st.sampled_from(_paths(tree)))
    action = data.draw(st.sampled_from(["replace", "delete", "add-key", "duplicate"]))
    new = data.draw(st.one_of(scalars, st.lists(scalars, max_size=3)))
    if path == () and action == "delete":
        action = "replace"
    tree = _mutate(tree, path, action, new)
    directory = tmp_path_factory.mktemp("mut")
    shutil.copytree(shipped_data_dir(), directory, dirs_exist_ok=True)
    (directory / name).write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8")
    _check(directory)


@SETTINGS
@given(data=st.data(), name=st.sampled_from(DATA_FILES))
def test_byte_mutations(tmp_path_factory: Any, data: st.DataObject, name: str) -> None:
    raw = bytearray(SHIPPED[name].encode("utf-8"))
    for _ in range(data.draw(st.integers(1, 5))):
        at = data.draw(st.integers(0, len(raw) - 1))
        op = data.draw(st.sampled_from(["flip", "insert", "delete"]))
        byte = data.draw(st.sampled_from(list(b":-[]{}&*!|>'\"\t\n #%@`") + [0xFF, 0xC3, 0]))
        if op == "flip":
            raw[at] = byte
        elif op == "insert":
            raw.insert(at, byte)
        else:
            del raw[at]
    directory = tmp_path_factory.mktemp("bytes")
    shutil.copytree(shipped_data_dir(), directory, dirs_exist_ok=True)
    (directory / name).write_bytes(bytes(raw))
    _check(directory)
