"""Keys for ``serve ssh``: the host key, who may log in, and where each client keeps its state.

- The host key is made once (ed25519, mode 0600) and reused; a damaged one stops the
  server with one line saying which file and what to do.
- ``--authorized-keys`` is read again at every login when the file changed (by mtime,
  size and inode) and fails *closed*: a missing, unreadable, unparsable or empty file
  lets nobody in, and each refusal logs an error naming the file.
- A client's personal data (profile, daily log, checklist) lives in
  ``<state>/clients/sha256-<hex>``, created by the app on its first write (a key that
  never saves anything leaves nothing behind). Directories
  untouched for ``--forget-after`` days are removed, and past ``--max-stored-keys`` a
  new key gets a store for that session only.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
import time
from pathlib import Path

import asyncssh

log = logging.getLogger("fasci_tui.serve")

HOST_KEY_NAME = "ssh_host_ed25519_key"
"""File name of the host key in the state directory."""
CLIENTS_DIR = "clients"
"""Sub-directory of the state directory holding one directory per client key."""
_DAY = 86400.0


class StartupError(Exception):
    """The server cannot start; the message is one line saying what to do."""


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def load_or_create_host_key(path: Path) -> asyncssh.SSHKey:
    """The server's ed25519 host key at ``path``, generated (mode 0600) on first use.

    Raises :class:`StartupError` when it exists but cannot be read or is damaged.
    """
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        return _create_host_key(path)
    except OSError as exc:
        raise StartupError(f"cannot read the host key {path}: {_reason(exc)}") from None
    try:
        if mode & 0o077:
            log.warning("host key %s was readable by others (mode %o); now 0600", path, mode)
            os.chmod(path, 0o600)
        return asyncssh.read_private_key(path)
    except (OSError, ValueError) as exc:
        raise StartupError(f"cannot read the host key {path}: {_reason(exc)}; move it away "
                           "and a new one is made (clients will see a new host key)") from None


def _create_host_key(path: Path) -> asyncssh.SSHKey:
    key = asyncssh.generate_private_key("ssh-ed25519", comment="fasci-tui host key")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise StartupError(f"cannot write the host key in {path.parent}: {_reason(exc)}; "
                           "the state directory must be a writable directory") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(key.export_private_key())
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp, path)  # never replaces a key another server wrote meanwhile
        except FileExistsError:
            return load_or_create_host_key(path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    with contextlib.suppress(OSError):
        pub = path.with_name(path.name + ".pub")
        pub.write_bytes(key.export_public_key())
        os.chmod(pub, 0o644)
    log.info("generated host key %s (%s)", path, key.get_fingerprint("sha256"))
    return key


def key_fingerprint(key: asyncssh.SSHKey) -> str:
    """The key's OpenSSH SHA-256 fingerprint, ``SHA256:<base64>`` (safe to log)."""
    return key.get_fingerprint("sha256")


def client_state_dir(root: Path, key: asyncssh.SSHKey) -> Path:
    """Where the client that logged in with ``key`` keeps its state (not created here).

    The name is the hex SHA-256 of the public key blob (the digest that OpenSSH prints in
    base64 as the key's fingerprint), so it is safe as a file name everywhere.
    """
    digest = hashlib.sha256(key.public_data).hexdigest()
    return root / CLIENTS_DIR / f"sha256-{digest}"


def _has_entries(text: str) -> bool:
    return any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines())


class AuthorizedKeys:
    """An OpenSSH ``authorized_keys`` file, re-read at a login whenever it changed; fails closed.

    ``from="..."`` restrictions in the file are honoured; other options are ignored (the
    server runs nothing but the app anyway).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stamp: tuple[int, ...] | None = None
        self._keys: asyncssh.SSHAuthorizedKeys | None = None
        self.problem: str | None = "not read yet"
        """Why nobody may log in now, or None when the file is in use."""
        self.refresh()

    def refresh(self) -> str | None:
        """Read the file again if it changed; returns :attr:`problem`."""
        try:
            st = os.stat(self.path)
        except OSError as exc:
            self._stamp = None
            return self._fail(f"cannot read it: {_reason(exc)}")
        stamp = (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)
        if stamp == self._stamp:
            return self.problem
        self._stamp = stamp
        try:
            text = self.path.read_text(encoding="utf-8")
            if not _has_entries(text):
                return self._fail("it lists no keys")
            keys = asyncssh.import_authorized_keys(text)
        except (OSError, ValueError) as exc:
            return self._fail(f"cannot use it: {_reason(exc)}")
        if self._keys is not None or self.problem != "not read yet":
            log.info("re-read the authorized keys in %s", self.path)
        self._keys, self.problem = keys, None
        return None

    def _fail(self, problem: str) -> str:
        self._keys, self.problem = None, problem
        return problem

    def allows(self, key: asyncssh.SSHKey, client_host: str, client_addr: str) -> bool:
        """Whether ``key`` may log in from this client (never while the file is unusable)."""
        problem = self.refresh()
        if problem is not None or self._keys is None:
            log.error("refused key %s from %s: --authorized-keys %s: %s; nobody may log in "
                      "until it is fixed", key_fingerprint(key), client_addr, self.path, problem)
            return False
        return self._keys.validate(key, client_host, client_addr) is not None


class ClientStore:
    """The clients' state directories under ``<root>/clients``: where, how many, how old."""

    def __init__(self, root: Path, forget_after_days: float = 0.0,
                 max_stored_keys: int = 0) -> None:
        self.directory = root / CLIENTS_DIR
        self.forget_after = forget_after_days * _DAY
        self.max_stored_keys = max_stored_keys
        self._swept = 0.0

    def prepare(self) -> None:
        """Make the clients directory (0700) and forget old ones; :class:`StartupError`."""
        try:
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.listdir(self.directory)
        except OSError as exc:
            raise StartupError(f"cannot use the state directory {self.directory}: "
                               f"{_reason(exc)}; give a directory the server may write "
                               "(FASCI_TUI_STATE_DIR)") from None
        self.forget_old()

    def forget_old(self) -> int:
        """Remove the state of keys unused for ``forget_after`` days; how many went."""
        self._swept = time.monotonic()
        if self.forget_after <= 0:
            return 0
        limit = time.time() - self.forget_after
        gone = 0
        for entry in self._entries():
            if _last_change(entry) < limit:
                shutil.rmtree(entry, ignore_errors=True)
                gone += 1
        if gone:
            log.info("forgot the state of %d client key(s) unused for %g days", gone,
                     self.forget_after / _DAY)
        return gone

    def _entries(self) -> list[Path]:
        try:
            return [self.directory / name for name in os.listdir(self.directory)
                    if name.startswith("sha256-")]
        except OSError:
            return []

    def state_path(self, key: asyncssh.SSHKey) -> Path | None:
        """Where ``key``'s state goes; None when the store is full and this key is new."""
        if self.forget_after > 0 and time.monotonic() - self._swept > 3600:
            self.forget_old()
        path = client_state_dir(self.directory.parent, key)
        if (self.max_stored_keys and not path.exists()
                and len(self._entries()) >= self.max_stored_keys):
            log.warning("%d client keys are stored (--max-stored-keys): key %s gets a "
                        "store for this session only", self.max_stored_keys,
                        key_fingerprint(key))
            return None
        return path


def _last_change(path: Path) -> float:
    try:
        newest = path.stat().st_mtime
        for child in path.iterdir():
            newest = max(newest, child.stat().st_mtime)
        return newest
    except OSError:
        return time.time()
