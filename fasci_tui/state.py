"""The user's saved state (checklist ticks, disclaimer seen), written atomically.

The state is a small JSON file in the user's state directory (platformdirs), or in
``$FASCI_TUI_STATE_DIR`` when that is set. Every change is a read-modify-write under an
advisory lock, so two running copies do not lose each other's ticks, and every write
goes to a temporary file that is fsynced and then renamed over the old one, so a crash
at any moment leaves either the old state or the new one. A damaged file is moved aside
(never deleted) and the app carries on with a notice.

Another copy of the app may change the file at any time: :meth:`StateStore.reload_if_changed`
tells with one ``stat`` whether it did (the app asks when it regains focus, and every few
seconds). Temporary files left by a copy killed mid-write are removed at the next start,
under the lock. The lock file is never opened through a symbolic link.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fasci_tui.content.model import Habit

STATE_ENV = "FASCI_TUI_STATE_DIR"
"""Environment variable naming the directory where state is kept."""

STATE_VERSION = 1
STATE_FILE = "state.json"
TEMP_PREFIX = f".{STATE_FILE}."
TEMP_SUFFIX = ".tmp"
"""Names of :func:`atomic_write`'s temporary files beside the state file."""
MAX_STATE_BYTES = 1024 * 1024
"""A state file larger than this is treated as damaged (a real one is a few hundred bytes)."""
STATE_POLL_SECONDS = 2.0
"""How often the app looks (one ``stat``) for ticks saved by another copy of it."""

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


def state_dir() -> Path:
    """The directory for saved state: ``$FASCI_TUI_STATE_DIR`` or the platform's own."""
    env = os.environ.get(STATE_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_state_dir

    return Path(user_state_dir("fasci-tui", appauthor=False))


@dataclass(frozen=True)
class State:
    """What is remembered between runs."""

    checked: frozenset[str] = field(default_factory=frozenset)
    disclaimer_acknowledged: bool = False

    def to_json(self) -> str:
        """The state as the JSON text that is written to disk."""
        return json.dumps({
            "version": STATE_VERSION,
            "checked": sorted(self.checked),
            "disclaimer_acknowledged": self.disclaimer_acknowledged,
        }, indent=2) + "\n"


class StateFormatError(ValueError):
    """The state file exists but does not hold a state this version understands."""


def parse_state(text: str) -> State:
    """Parse the state file's text, or raise :class:`StateFormatError` saying why."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise StateFormatError(f"not valid JSON (line {exc.lineno}, column {exc.colno})") from exc
    except RecursionError as exc:
        raise StateFormatError("nested too deeply to be a state file") from exc
    if not isinstance(data, dict):
        raise StateFormatError("expected a JSON object")
    if data.get("version") != STATE_VERSION:
        raise StateFormatError(f"unsupported version {data.get('version')!r}")
    checked = data.get("checked", [])
    if not isinstance(checked, list) or not all(isinstance(c, str) for c in checked):
        raise StateFormatError("'checked' must be a list of habit ids")
    ack = data.get("disclaimer_acknowledged", False)
    if not isinstance(ack, bool):
        raise StateFormatError("'disclaimer_acknowledged' must be true or false")
    return State(frozenset(checked), ack)


def read_state_text(path: Path) -> str:
    """The state file's text; OSError if it is not a regular file of a sane size.

    A named pipe or a link to a device in its place must not hang the app or fill memory.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        raw = handle.read(MAX_STATE_BYTES + 1)
    if len(raw) > MAX_STATE_BYTES:
        raise OSError(errno.EFBIG, f"over {MAX_STATE_BYTES:,} bytes")
    return raw.decode("utf-8")


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that readers see the old or the new file, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def open_lock_file(path: Path) -> contextlib.AbstractContextManager:
    """Open (creating) the lock file for ``flock``, never through a symbolic link.

    A link there could make the app create or open a file of the link's choosing: that
    raises OSError ("the lock file ... is a symbolic link").
    """
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags, 0o600)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise OSError(errno.ELOOP, f"the lock file {path} is a symbolic link") from exc
        raise
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, f"the lock file {path} is not a regular file")
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


class StateStore:
    """Reads and changes the state file; collects notices for the user.

    Failures never raise to the caller: a damaged file is set aside, an unwritable
    directory leaves the state in memory only, and each case adds a notice.
    """

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory if directory is not None else state_dir()
        self.path = self.directory / STATE_FILE
        self.notices: list[str] = []
        self.state = State()
        self.writable = True
        self._seen: tuple[int, ...] | None = None  # the file's stamp when last read or written

    def load(self) -> State:
        """Read the saved state (an empty state when there is none or it is damaged).

        Temporary files left by a copy killed while saving are removed first.
        """
        self._remove_leftovers()
        self.state = self._read()
        return self.state

    def reload_if_changed(self) -> bool:
        """Re-read the file if something else changed it since it was last read or written.

        True when the state was re-read (``state`` is then the file's). Costs one ``stat``
        when nothing changed. Never while changes cannot be saved: the ticks kept in memory
        for this session would be lost.
        """
        if not self.writable or self._stamp() == self._seen:
            return False
        self.state = self._read()
        return True

    def progress(self, habits: Sequence[Habit]) -> tuple[int, int]:
        """How many of ``habits`` are ticked, and how many there are (the sidebar's "3/5")."""
        return len(self.state.checked & {habit.id for habit in habits}), len(habits)

    def _stamp(self) -> tuple[int, ...] | None:
        try:
            info = os.stat(self.path)
        except OSError:
            return None
        return (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)

    def _remove_leftovers(self) -> None:
        """Remove ``.state.json.*.tmp`` files: under the lock, none is being written."""
        try:
            names = [entry.name for entry in os.scandir(self.directory)
                     if entry.name.startswith(TEMP_PREFIX) and entry.name.endswith(TEMP_SUFFIX)]
        except OSError:
            return
        if not names:
            return
        try:
            with self._locked():
                for name in names:
                    with contextlib.suppress(OSError):
                        os.unlink(self.directory / name)
        except OSError:
            pass  # not ours to clean (read-only, or the lock is not a plain file)

    def _read(self) -> State:
        self._seen = self._stamp()
        try:
            text = read_state_text(self.path)
        except FileNotFoundError:
            return State()
        except PermissionError as exc:
            # Not damaged, just not ours to read: leave it exactly as it is, and do not
            # write a fresh state over the ticks it holds.
            if self.writable:
                self.writable = False
                self.notices.append(f"Saved state in {self.path} could not be read "
                                    f"({_reason(exc)}); changes will not be saved.")
            return self.state
        except (OSError, UnicodeDecodeError) as exc:
            return self._set_aside(f"could not be read ({_reason(exc)})")
        try:
            return parse_state(text)
        except StateFormatError as exc:
            return self._set_aside(str(exc))

    def _set_aside(self, why: str) -> State:
        aside = self.path.with_name(f"{STATE_FILE}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            os.replace(self.path, aside)
            self.notices.append(f"Saved state {why}; moved it to {aside} and started afresh.")
        except OSError as exc:
            self.notices.append(f"Saved state {why} and could not be moved aside "
                                f"({_reason(exc)}); changes will not be saved.")
            self.writable = False
        return State()

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.directory.mkdir(parents=True, exist_ok=True)
        with open_lock_file(self.directory / f"{STATE_FILE}.lock") as lock:
            if fcntl is not None:
                fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                if fcntl is not None:
                    fcntl.flock(lock, fcntl.LOCK_UN)

    def update(self, change: Callable[[State], State]) -> State:
        """Apply ``change`` to the latest saved state and save it; return the new state.

        If the state cannot be saved, the change still applies in memory and a notice
        says why.
        """
        if not self.writable:
            self.state = change(self.state)
            return self.state
        try:
            with self._locked():
                self.state = change(self._read())
                if self.writable:  # reading may have found the file is not ours to replace
                    atomic_write(self.path, self.state.to_json())
                    self._seen = self._stamp()
        except OSError as exc:
            self.writable = False
            self.state = change(self.state)
            self.notices.append(f"Cannot save state in {self.directory} ({_reason(exc)}); "
                                "ticks are kept for this session only.")
        return self.state

    def set_checked(self, habit_id: str, checked: bool) -> State:
        """Tick or untick one habit."""
        def change(state: State) -> State:
            ids = set(state.checked)
            (ids.add if checked else ids.discard)(habit_id)
            return replace(state, checked=frozenset(ids))
        return self.update(change)

    def reset_checklist(self) -> State:
        """Untick every habit."""
        return self.update(lambda state: replace(state, checked=frozenset()))

    def acknowledge_disclaimer(self) -> State:
        """Remember that the disclaimer was read."""
        return self.update(lambda state: replace(state, disclaimer_acknowledged=True))

    def take_notices(self) -> list[str]:
        """The notices gathered so far, clearing them."""
        notices, self.notices = self.notices, []
        return notices


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror[:1].lower() + exc.strerror[1:]
    return str(exc)
