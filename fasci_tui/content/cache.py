"""A cache of validated content, so start-up skips YAML parsing when nothing changed.

The key is the package version plus each data file's path, size, inode and modification
time; any edit to the data makes a new key, and the next load validates the YAML again.
The cache lives in ``$FASCI_TUI_CACHE_DIR`` or the user's cache directory; if it cannot
be read or written the content is simply loaded from YAML. Within one process the last
content loaded is kept under its key: a process forked after loading it (the apps of
``serve ssh``, forked from a zygote that loaded it) checks the key (one ``stat`` per data
file) and takes it without reading the cache file again.
"""

from __future__ import annotations

import os
import pickle
import zlib
from pathlib import Path

from fasci_tui import __version__
from fasci_tui.content.model import Content
from fasci_tui.content.paths import DATA_FILES

CACHE_ENV = "FASCI_TUI_CACHE_DIR"
"""Environment variable naming the cache directory."""

_FORMAT = 4
_loaded: tuple[str, Content] | None = None
"""The key and content of the last load in this process."""


def cache_dir() -> Path:
    """Where cached content is kept."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "fasci-tui"


def _key(data_dir: Path) -> str | None:
    parts = [f"{__version__}:{_FORMAT}:{os.path.abspath(data_dir)}"]
    for name in DATA_FILES:
        try:
            st = os.stat(data_dir / name)
        except OSError:
            return None
        parts.append(f"{name}:{st.st_size}:{st.st_ino}:{st.st_mtime_ns}")
    key = "|".join(parts).encode()
    # two different checksums make an accidental clash of keys vanishingly unlikely
    return f"{zlib.crc32(key):08x}{zlib.adler32(key):08x}"


def _read(path: Path) -> Content | None:
    try:
        st = os.stat(path)
        if st.st_uid != os.getuid() or st.st_mode & 0o022:
            return None  # only trust a cache file this user wrote and nobody else can
        with open(path, "rb") as handle:
            content = pickle.load(handle)
    except Exception:  # noqa: BLE001 - any unreadable cache just means "load the YAML"
        return None
    return content if isinstance(content, Content) else None


def _write(path: Path, content: Content) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob("content-*.pickle"):
            old.unlink(missing_ok=True)
        import tempfile  # only when the cache is written: ~5 ms off every start

        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".content-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(content, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache only costs speed


def load_cached(data_dir: Path) -> Content:
    """Validated content for ``data_dir``, from the cache when the files are unchanged.

    Raises :class:`~fasci_tui.content.problems.ContentError` like ``load_content``.
    """
    global _loaded
    key = _key(data_dir)
    if key is not None and _loaded is not None and _loaded[0] == key:
        return _loaded[1]
    path = cache_dir() / f"content-{key}.pickle"
    content = _read(path) if key is not None else None
    if content is None:
        from fasci_tui.content.loader import load_content

        content = load_content(data_dir)
        if key is not None:
            _write(path, content)
    if key is not None:
        _loaded = (key, content)
    return content
