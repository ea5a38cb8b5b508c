"""The real app on a pseudo-terminal in unfriendly environments: it runs, or says why.

Each case starts ``python -m fasci_tui`` on its own pty (tests/support/pty.py; CI has
no terminal), waits for the first screen, acknowledges the first-run box, quits with
``q`` and expects exit code 0 and no traceback. Root ignores file permissions, so the
read-only HOME case drops root's override capabilities with ``setpriv`` when run as root.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.pty import PtyProcess, finish, screen_text, spawn, wait_exit, wait_text

pytestmark = pytest.mark.slow  # every test here starts the app or `show` as a process

ROOT = Path(__file__).resolve().parent.parent
LOCATIONS = ("FASCI_TUI_STATE_DIR", "FASCI_TUI_CACHE_DIR", "XDG_STATE_HOME", "XDG_CACHE_HOME",
             "XDG_CONFIG_HOME", "XDG_DATA_HOME")
"""Variables that choose where state and cache go; unset so HOME decides."""

NO_DAC = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search",
          "--inh-caps", "-dac_override,-dac_read_search"]
"""Prefix that runs a command as root but without root's power to ignore permissions."""


@pytest.fixture
def run_app(monkeypatch: pytest.MonkeyPatch) -> Iterator:
    """Start the app on a pty with some variables set and some removed; always cleaned up."""
    started: list[PtyProcess] = []

    def start(env: dict[str, str], unset: tuple[str, ...] = (), prefix: list[str] | None = None,
              argv: tuple[str, ...] = ()) -> PtyProcess:
        for name in unset:
            monkeypatch.delenv(name, raising=False)
        monkeypatch.chdir(ROOT)
        proc = spawn([*(prefix or []), sys.executable, "-m", "fasci_tui", *argv], env=env)
        started.append(proc)
        return proc

    yield start
    for proc in started:
        finish(proc)


def first_run_then_quit(proc: PtyProcess) -> str:
    """The first-run box appears, Enter accepts it, the app appears, q quits with 0."""
    assert wait_text(proc, "I understand"), screen_text(proc)[-2000:]
    proc.send(b"\r")
    assert wait_text(proc, "Places"), screen_text(proc)[-2000:]
    proc.read_for(0.3, 2)
    proc.send(b"q")
    code = wait_exit(proc)
    text = screen_text(proc)
    assert code == 0, text[-2000:]
    assert "Traceback" not in text and "Error" not in text, text[-2000:]
    return text


def test_read_only_home(tmp_path: Path, run_app) -> None:
    """HOME is read-only (0555) and no state/cache variables are set: the app runs, and
    says the checklist cannot be saved."""
    if os.geteuid() == 0 and not shutil.which("setpriv"):
        pytest.skip("root ignores 0555, and setpriv (to drop that) is not installed")
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o555)
    prefix = NO_DAC if os.geteuid() == 0 else []
    proc = run_app({"HOME": str(home)}, unset=LOCATIONS, prefix=prefix)
    text = first_run_then_quit(proc)
    assert "Saved state" in text  # the notice about the unwritable state directory
    assert list(home.iterdir()) == []


def test_home_is_a_file(tmp_path: Path, run_app) -> None:
    """HOME names a regular file, so no directory can be made under it (even as root)."""
    home = tmp_path / "home"
    home.write_text("not a directory\n")
    proc = run_app({"HOME": str(home)}, unset=LOCATIONS)
    text = first_run_then_quit(proc)
    assert "Saved state" in text


def test_missing_xdg_state_home_is_created(tmp_path: Path, run_app) -> None:
    state_home = tmp_path / "does" / "not" / "exist"
    proc = run_app({"XDG_STATE_HOME": str(state_home), "HOME": str(tmp_path)},
                   unset=("FASCI_TUI_STATE_DIR",))
    first_run_then_quit(proc)
    from fasci_tui.store import open_store

    saved = state_home / "fasci-tui"
    assert (saved / "personal.sqlite3").is_file()
    with open_store(saved) as store:
        assert store.disclaimer_acknowledged()


@pytest.mark.parametrize("env", [
    {"TERM": "dumb"},
    {"NO_COLOR": "1"},
    {"LANG": "C"},
    {"LANG": "C", "LC_ALL": "C"},
    # The C locale with Python's UTF-8 fallbacks off: the terminal encoding is ASCII.
    {"LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
], ids=["term-dumb", "no-color", "lang-c", "lc-all-c", "ascii-only"])
def test_unusual_terminal_settings(tmp_path: Path, run_app, env: dict[str, str]) -> None:
    proc = run_app({**env, "FASCI_TUI_STATE_DIR": str(tmp_path / "state")},
                   unset=("LC_ALL", "LC_CTYPE", "PYTHONIOENCODING"))
    first_run_then_quit(proc)


def test_open_without_a_terminal_says_so(tmp_path: Path) -> None:
    """No terminal at all (as under cron or in a pipe): one line and exit code 2."""
    proc = subprocess.run([sys.executable, "-m", "fasci_tui", "magnesium"], cwd=ROOT,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "fasci-tui: the app needs a terminal; for plain text use: fasci-tui show ID"]


@pytest.mark.parametrize("env", [
    {"LANG": "C"},
    {"LC_ALL": "C"},
    {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
    {"PYTHONIOENCODING": "ascii"},
], ids=["lang-c", "lc-all-c", "ascii-locale", "pythonioencoding-ascii"])
def test_show_in_a_pipe_with_a_narrow_locale(env: dict[str, str]) -> None:
    """``show`` into a pipe under the C locale: no UnicodeEncodeError; "–" becomes "-"."""
    base = {k: v for k, v in os.environ.items()
            if k not in ("LANG", "LC_ALL", "LC_CTYPE", "PYTHONIOENCODING", "PYTHONUTF8")}
    proc = subprocess.run([sys.executable, "-m", "fasci_tui", "show", "magnesium"], cwd=ROOT,
                          env={**base, **env}, capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    assert b"Traceback" not in proc.stderr
    out = proc.stdout.decode("utf-8")
    assert out.startswith("Magnesium (mineral)\n")
    assert re.search(r"Men +19[–-]30 +400 mg", out), out


@pytest.mark.parametrize("command", [("show", "magnesium"), ("validate",)])
def test_output_that_cannot_be_written(command: tuple[str, ...]) -> None:
    """A full disk, a closed stdout and a reader that stops early: one line, no traceback."""
    argv = [sys.executable, "-m", "fasci_tui", *command]
    if Path("/dev/full").exists():
        with open("/dev/full", "w") as full:
            proc = subprocess.run(argv, cwd=ROOT, stdout=full, stderr=subprocess.PIPE,
                                  text=True, timeout=60)
        assert proc.returncode == 1
        assert proc.stderr == "fasci-tui: cannot write the output: No space left on device\n"
    closed = subprocess.run(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, timeout=60,
                            preexec_fn=lambda: os.close(1))
    assert closed.returncode == 1
    assert closed.stderr == "fasci-tui: standard output is closed; nothing to write to\n"
    piped = subprocess.run(f"{' '.join(argv)} | true", shell=True, cwd=ROOT,
                           capture_output=True, text=True, timeout=60)
    assert "Traceback" not in piped.stderr and "Error" not in piped.stderr, piped.stderr


def test_app_killed_while_ticking_keeps_a_sound_state_file(tmp_path: Path, run_app) -> None:
    """kill -9 the real app at random moments while it saves ticks: the log always
    reads back whole (ticks and the disclaimer), never set aside as damaged."""
    import random
    import signal

    from fasci_tui.state import StateStore

    state = tmp_path / "state"
    StateStore(state).acknowledge_disclaimer()
    rng = random.Random(2024)
    ticked: set[str] = set()
    for _ in range(6):
        proc = run_app({"FASCI_TUI_STATE_DIR": str(state)}, argv=("checklist",))
        assert wait_text(proc, "habits"), screen_text(proc)[-1000:]
        for _ in range(rng.randint(1, 6)):
            proc.send(rng.choice([b" ", b"\x1b[B", b"\x1b[A", b"  "]))  # tick, down, up
            time.sleep(rng.uniform(0.0, 0.08))
        os.kill(proc.pid, signal.SIGKILL)
        _, status = os.waitpid(proc.pid, 0)
        # Killed while running, not already gone (a crash would end it before the kill).
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, status
        after = StateStore(state).load()  # never half-written
        assert after.disclaimer_acknowledged
        assert after.checked <= {"stress", "stimulants", "hydration", "sleep", "exercise"}
        ticked |= after.checked
    assert ticked  # some ticks were being saved when the kills came
    assert not list(state.glob("personal.sqlite3.damaged-*"))
