"""The content cache: one load per process while the data files stay the same."""

from __future__ import annotations

import os
from pathlib import Path

from fasci_tui.content.cache import load_cached
from fasci_tui.content.paths import DATA_FILES


def test_a_process_keeps_its_content_until_a_data_file_changes(data_copy: Path) -> None:
    first = load_cached(data_copy)
    assert load_cached(data_copy) is first  # what a forked app gets from its zygote
    edited = data_copy / DATA_FILES[0]
    stamp = edited.stat()
    os.utime(edited, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 1_000_000_000))
    again = load_cached(data_copy)
    assert again is not first
    assert again.nutrients == first.nutrients
