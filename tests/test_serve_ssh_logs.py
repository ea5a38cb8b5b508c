"""`fasci-tui serve ssh` as a real process: its log lines and its start-up errors (items 7, 8).

Client-supplied strings (exec command, subsystem, TERM) must never start a log line of
their own (asyncssh itself refuses user names with control characters, by SASLprep);
start-up errors are one line each, never a traceback.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import asyncssh
import pytest

from tests.support.ssh_harness import WAIT, new_key

pytestmark = pytest.mark.slow

LOG_LINE = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (DEBUG|INFO|WARNING|ERROR) ")
FORGED = "2026-01-01 00:00:00,000 INFO FORGED"


def _serve(state: Path, *args: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ, FASCI_TUI_STATE_DIR=str(state))
    return subprocess.Popen([sys.executable, "-m", "fasci_tui", "serve", "ssh", "--port", "0",
                             *args], stderr=subprocess.PIPE, env=env)


async def _port(server: subprocess.Popen[bytes]) -> tuple[int, list[str]]:
    assert server.stderr is not None
    lines: list[str] = []
    loop = asyncio.get_running_loop()
    while True:
        line = await asyncio.wait_for(loop.run_in_executor(None, server.stderr.readline), WAIT)
        assert line, f"server ended early: {lines}"
        lines.append(line.decode())
        found = re.search(r"listening on 127\.0\.0\.1:(\d+)", lines[-1])
        if found:
            return int(found.group(1)), lines


async def test_client_strings_cannot_forge_log_lines(tmp_path: Path) -> None:
    server = _serve(tmp_path / "state", "--verbose")
    try:
        port, lines = await _port(server)
        options = {"known_hosts": None, "agent_path": None, "config": (),
                   "client_keys": [new_key()], "username": "eve"}
        async with await asyncio.wait_for(asyncssh.connect("127.0.0.1", port, **options),
                                          WAIT) as conn:
            result = await asyncio.wait_for(conn.run(f"magnesium\n{FORGED} exec\r\x1b[2K",
                                                     term_type="xterm", encoding=None), WAIT)
            assert result.exit_status == 2
            with pytest.raises((asyncssh.Error, OSError)):
                await asyncio.wait_for(conn.run(subsystem=f"sftp\n{FORGED} subsystem"), WAIT)
            process = await conn.create_process(term_type=f"xterm\n{FORGED} term",
                                                encoding=None)
            process.close()
    finally:
        server.send_signal(signal.SIGTERM)
        rest = server.communicate(timeout=WAIT)[1].decode()
    text = "".join(lines) + rest
    assert "exec" in text and "subsystem" in text, text
    for line in text.splitlines():
        assert LOG_LINE.match(line), f"a line that is not a log record: {line!r}"
        assert "\x1b" not in line and "\r" not in line
    assert "FORGED" in text  # escaped, still readable


def _one_line_error(state: Path, *args: str) -> str:
    server = _serve(state, *args)
    try:
        err = server.communicate(timeout=WAIT)[1].decode()
    finally:
        server.kill()
    assert server.returncode not in (0, None)
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return err


def test_a_corrupt_host_key_is_one_line(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    (state / "ssh_host_ed25519_key").write_text("-----BEGIN OPENSSH PRIVATE KEY-----\nnope\n")
    (state / "ssh_host_ed25519_key").chmod(0o600)
    err = _one_line_error(state)
    assert "ssh_host_ed25519_key" in err


def test_a_state_directory_that_is_a_file_is_one_line(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.write_text("not a directory")
    err = _one_line_error(state)
    assert str(state) in err


def test_an_unreadable_authorized_keys_file_is_one_line(tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    keys.write_text("ssh-ed25519 AAAA!! broken\n")
    err = _one_line_error(tmp_path / "state", "--authorized-keys", str(keys))
    assert str(keys) in err
