"""The app's view of the person's saved state: today's checklist ticks, the disclaimer
flag, and the way into their log (profile, daily check-ins), kept by :mod:`fasci_tui.store`.

:class:`StateStore` is what the app and its panes hold. It opens the personal store (one
SQLite file; the old ``state.json`` of earlier versions is moved in on first open and kept
as ``state.json.migrated``) and never raises: a damaged log is moved aside, and a log that
cannot be opened or written (read-only or full directory) leaves the ticks in memory for
the session, each with a notice. The JSON helpers below read that older file.

Another copy of the app may change the log at any time: :meth:`StateStore.reload_if_changed`
tells with one ``PRAGMA data_version`` whether it did (the app asks when it regains focus
and every few seconds), and also notices when the day has changed under a running app.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import stat
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fasci_tui.content.model import Habit
    from fasci_tui.store.api import Store
    from fasci_tui.store.records import Profile

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
"""How often the app looks (one cheap query) for ticks saved by another copy of it."""

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


class StateStore:
    """Today's ticks and the disclaimer flag, read from and written to the personal store.

    Failures never raise to the caller: a damaged log is set aside by the store, a log
    that cannot be opened or written leaves the state in memory only (``writable`` is
    then False), and each case adds a notice.
    """

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory if directory is not None else state_dir()
        self.notices: list[str] = []
        self.state = State()
        self.writable = True
        self.day = _today()
        self.profile: Profile | None = None
        """The person's profile (sex, age...), None when none is set."""
        self.generation = 0
        """Goes up whenever what is saved may have changed (read again, or written by this
        app): a pane showing the log reads it again only then."""
        self._log: Store | None = None
        self._version: int | None = None

    @property
    def log(self) -> Store | None:
        """The person's store (profile, check-ins), or None when it could not be opened."""
        return self._log

    def load(self) -> State:
        """Open the store (once) and read today's ticks and the disclaimer flag.

        Without a usable store the older ``state.json``, if any, is read instead (the
        directory may be read-only), and nothing will be saved.
        """
        if self._log is None and self.writable:
            from fasci_tui.store import StoreError, open_store

            try:
                # The file is made by the first write: a look leaves nothing behind (an SSH
                # key that never saves anything, issue #14).
                self._log = open_store(self.directory, set_aside_damaged=True, create=False)
            except StoreError as exc:
                self.writable = False
                self.notices.append(f"Your log cannot be used ({exc}); changes will not be "
                                    "saved (kept for this session only).")
                self.state = _legacy_state(self.directory)
                return self.state
            self.notices += self._log.take_notices()
        self._read()
        return self.state

    def _open_once(self) -> None:
        """Open the store if nothing has yet (a change made before :meth:`load`)."""
        if self._log is None and self.writable:
            self.load()

    def _read(self) -> None:
        if self._log is None:
            return
        from fasci_tui.store import StoreError

        self.day = _today()
        self.generation += 1
        try:
            self._version = self._log.data_version()
            self.state = State(self._log.ticks(self.day), self._log.disclaimer_acknowledged())
            self.profile = self._log.profile()
        except StoreError as exc:
            self.notices.append(f"Your log could not be read ({exc}).")

    def reload_if_changed(self) -> bool:
        """Re-read if another copy wrote the log, or the day changed, since the last read.

        True when the state was re-read. Costs one ``PRAGMA data_version`` otherwise.
        """
        if self._log is None:
            return False
        from fasci_tui.store import StoreError

        try:
            version = self._log.data_version()
        except StoreError:
            return False
        if version == self._version and self.day == _today():
            return False
        self._read()
        return True

    def progress(self, habits: Sequence[Habit]) -> tuple[int, int]:
        """How many of ``habits`` are ticked, and how many there are (the sidebar's "3/5")."""
        return len(self.state.checked & {habit.id for habit in habits}), len(habits)

    def _change(self, what: Callable[[Store], State], in_memory: State) -> State:
        """Apply a change through the store, or in memory with a notice if it fails."""
        from fasci_tui.store import StoreError

        if self._log is not None and self.writable:
            try:
                self.generation += 1
                self.state = what(self._log)
                self._version = self._log.data_version()
                return self.state
            except StoreError as exc:
                self.notices.append(f"Cannot save: {exc}. Ticks are kept for this session "
                                    "only.")
                self.writable = False
        self.state = in_memory
        return self.state

    def set_checked(self, habit_id: str, checked: bool) -> State:
        """Tick or untick one habit for today."""
        self._open_once()
        ids = set(self.state.checked)
        (ids.add if checked else ids.discard)(habit_id)
        day = self.day

        def change(log: Store) -> State:
            return replace(self.state, checked=log.set_tick(day, habit_id, checked))
        return self._change(change, replace(self.state, checked=frozenset(ids)))

    def reset_checklist(self) -> State:
        """Untick every habit for today."""
        self._open_once()
        day = self.day

        def change(log: Store) -> State:
            return replace(self.state, checked=log.set_ticks(day, ()))
        return self._change(change, replace(self.state, checked=frozenset()))

    def acknowledge_disclaimer(self) -> State:
        """Remember that the disclaimer was read."""
        self._open_once()
        def change(log: Store) -> State:
            log.acknowledge_disclaimer()
            return replace(self.state, disclaimer_acknowledged=True)
        return self._change(change, replace(self.state, disclaimer_acknowledged=True))

    def set_profile(self, profile: Profile | None) -> bool:
        """Save (or, with None, forget) the profile; False with a notice if it failed.
        In memory it applies either way, for this session."""
        from fasci_tui.store import FieldError, StoreError

        self._open_once()
        if self._log is not None and self.writable:
            try:
                self._log.set_profile(profile)
            except (FieldError, StoreError) as exc:
                self.notices.append(f"Your profile could not be saved: {exc}")
                return False
        self.profile = profile
        return self._log is not None and self.writable

    def saved(self) -> None:
        """Something else (a pane) wrote through :attr:`log`: re-read today's ticks."""
        self._read()

    def report(self, error: Exception) -> None:
        """Keep a store error met by a pane as a notice."""
        self.notices.append(str(error))

    def take_notices(self) -> list[str]:
        """The notices gathered so far, clearing them."""
        notices, self.notices = self.notices, []
        if self._log is not None:
            notices += self._log.take_notices()
        return notices


def _today() -> dt.date:
    return dt.date.today()


def _legacy_state(directory: Path) -> State:
    """The older ``state.json`` (read only), or an empty state."""
    try:
        return parse_state(read_state_text(directory / STATE_FILE))
    except (OSError, UnicodeDecodeError, StateFormatError):
        return State()


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror[:1].lower() + exc.strerror[1:]
    return str(exc)
