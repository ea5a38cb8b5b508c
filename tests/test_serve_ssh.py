"""`fasci-tui serve ssh` with real asyncssh clients against a server on 127.0.0.1.

Most tests run a small stand-in app (tests/support/ssh_harness.py) that prints what its
session's child process really got; one runs the real app. The hostile clients are in
test_serve_ssh_hostile.py, the log and start-up checks in test_serve_ssh_logs.py and the
plain rules (places, limits, keys) in test_serve_ssh_rules.py.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import stat
from collections.abc import AsyncIterator
from pathlib import Path

import asyncssh
import pytest

from fasci_tui.content import Content
from fasci_tui.serve.ssh import (
    EXIT_BUSY,
    EXIT_TIMEOUT,
    EXIT_USAGE,
    HOST_KEY_NAME,
    ClientConnection,
    client_state_dir,
)
from fasci_tui.state import State, atomic_write
from tests.support.ssh_harness import (
    WAIT,
    StartServer,
    connect,
    eventually,
    new_key,
    open_app,
    read_all,
    read_until,
    server_factory,
    stand_in_line,
)

pytestmark = pytest.mark.slow


@pytest.fixture
async def start_server(tmp_path: Path, content: Content) -> AsyncIterator[StartServer]:
    """Start servers running the stand-in app; closed after the test."""
    async with server_factory(tmp_path, content) as start:
        yield start


# ---------------------------------------------------------------------------------------


@pytest.mark.slow
async def test_pty_session_gets_term_size_and_resizes(start_server: StartServer) -> None:
    server = await start_server()
    async with await connect(server, new_key()) as conn:
        process = await open_app(conn)
        seen = await read_until(process, b"END")
        info = stand_in_line(seen)
        assert info["args"] == "[]" and info["term"] == "xterm-256color"
        assert info["size"] == "80x24"
        process.change_terminal_size(100, 30)
        await read_until(process, b"RESIZED 100x30")
        process.stdin.write(b"q")
        out, status = await read_all(process)
        assert status == 0


@pytest.mark.slow
async def test_real_app_draws_the_overview(start_server: StartServer) -> None:
    server = await start_server(app_command=None)
    key = new_key()
    # a returning client: the key's own state says the disclaimer has been read
    atomic_write(client_state_dir(server.state_root, key) / "state.json",
                 State(disclaimer_acknowledged=True).to_json())
    async with await connect(server, key) as conn:
        process = await open_app(conn)
        await read_until(process, b"Fasciculation", timeout=30)
        process.stdin.write(b"q")
        out, status = await read_all(process)
        assert status == 0 and b"stopped unexpectedly" not in out


@pytest.mark.slow
async def test_deep_link_is_validated(start_server: StartServer) -> None:
    server = await start_server()
    async with await connect(server, new_key()) as conn:
        process = await open_app(conn, "Mg")
        assert stand_in_line(await read_until(process, b"END"))["args"] == "['magnesium']"
        process.close()
        process = await open_app(conn, "faq")
        assert stand_in_line(await read_until(process, b"END"))["args"] == "['faq']"
        process.close()
        for command in ("sh -c id", "scp -t /tmp", "magnesium; id", "nonsense"):
            process = await open_app(conn, command)
            out, status = await read_all(process)
            assert status == EXIT_USAGE
            text = out.decode()
            assert text.startswith("fasci-tui: no place called") and text.count("\n") == 1
            assert "STAND-IN" not in text


@pytest.mark.slow
async def test_without_a_pty_the_client_is_told_to_use_ssh_t(start_server: StartServer) -> None:
    server = await start_server()
    async with await connect(server) as conn:
        result = await asyncio.wait_for(conn.run("magnesium", input=b"", encoding=None), WAIT)
        assert result.exit_status == EXIT_USAGE
        assert result.stdout.decode().strip().startswith("fasci-tui needs a terminal: "
                                                         "connect with ssh -t")
        result = await asyncio.wait_for(conn.run(encoding=None), WAIT)  # a shell, no pty
        assert result.exit_status == EXIT_USAGE and b"needs a terminal" in result.stdout


@pytest.mark.slow
async def test_no_sftp_scp_or_forwarding(start_server: StartServer) -> None:
    server = await start_server()
    async with await connect(server, new_key()) as conn:
        with pytest.raises((asyncssh.Error, OSError)):
            await asyncio.wait_for(conn.start_sftp_client(), WAIT)
        with pytest.raises(asyncssh.ChannelOpenError):
            await asyncio.wait_for(
                conn.create_connection(asyncssh.SSHTCPSession, "127.0.0.1", server.port), WAIT)
        with pytest.raises(asyncssh.ChannelListenError):
            await asyncio.wait_for(conn.forward_remote_port("127.0.0.1", 0, "127.0.0.1", 9),
                                   WAIT)
        listener = await conn.forward_local_port("127.0.0.1", 0, "127.0.0.1", server.port)
        reader, writer = await asyncio.open_connection("127.0.0.1", listener.get_port())
        assert await asyncio.wait_for(reader.read(100), WAIT) == b""  # refused: closed at once
        writer.close()
        listener.close()
        # the connection still works for the app afterwards
        process = await open_app(conn)
        await read_until(process, b"END")
        process.close()


@pytest.mark.slow
async def test_authorized_keys_admit_only_listed_keys(
    start_server: StartServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    allowed, refused = new_key(), new_key()
    keys = tmp_path / "authorized_keys"
    keys.write_bytes(allowed.export_public_key())
    server = await start_server(authorized_keys=keys)
    caplog.set_level(logging.INFO, logger="fasci_tui.serve")
    with pytest.raises(asyncssh.PermissionDenied):
        await connect(server, refused)
    with pytest.raises(asyncssh.PermissionDenied):
        await connect(server)  # no key: keyboard-interactive is not offered
    async with await connect(server, allowed) as conn:
        process = await open_app(conn)
        await read_until(process, b"END")
        process.close()
    assert refused.get_fingerprint("sha256") in caplog.text
    # the file is read again when it changes
    keys.write_bytes(allowed.export_public_key() + refused.export_public_key())
    os.utime(keys, ns=(1, 1))
    async with await connect(server, refused):
        pass


@pytest.mark.slow
async def test_session_limits(start_server: StartServer) -> None:
    server = await start_server(max_sessions=1)
    async with await connect(server, new_key()) as first:
        running = await open_app(first)
        await read_until(running, b"END")
        async with await connect(server, new_key()) as second:
            refused = await open_app(second)
            out, status = await read_all(refused)
            assert status == EXIT_BUSY
            assert out.decode().strip() == ("fasci-tui: the server is full (1 session open); "
                                            "please try again later.")
            await asyncio.wait_for(second.wait_closed(), WAIT)  # and it is disconnected
        running.stdin.write(b"q")
        await read_all(running)
    async with await connect(server, new_key()) as third:  # the slot is free again
        process = await open_app(third)
        await read_until(process, b"END")
        process.close()


@pytest.mark.slow
async def test_per_address_limit(start_server: StartServer) -> None:
    server = await start_server(max_per_address=1)
    async with await connect(server, new_key()) as conn:
        running = await open_app(conn)
        await read_until(running, b"END")
        out, status = await read_all(await open_app(conn))
        assert status == EXIT_BUSY and b"too many sessions from your address" in out
        running.close()


@pytest.mark.parametrize("max_sessions,max_per_address,message", [
    (1, 0, "the server is busy"), (8, 1, "too many connections from your address"),
])
@pytest.mark.slow
async def test_connection_limit_disconnects_with_a_message(
    start_server: StartServer, max_sessions: int, max_per_address: int, message: str
) -> None:
    server = await start_server(max_sessions=max_sessions, max_per_address=max_per_address)
    conns = [await connect(server, new_key()) for _ in range(2)]  # 2 connections per session
    try:
        with pytest.raises(asyncssh.DisconnectError, match=message):
            await connect(server, new_key())
    finally:
        for conn in conns:
            conn.close()
    await asyncio.sleep(0.1)
    async with await connect(server, new_key()):  # closed connections free their places
        pass


@pytest.mark.slow
async def test_idle_timeout_and_length_cap(start_server: StartServer) -> None:
    server = await start_server(idle_timeout=1, max_session_length=2.5)
    async with await connect(server, new_key()) as conn:
        idle = await open_app(conn)
        busy = await open_app(conn)

        async def keep_typing() -> None:
            for _ in range(40):
                busy.stdin.write(b".")
                await asyncio.sleep(0.25)

        typing = asyncio.ensure_future(keep_typing())
        await read_until(idle, b"END")
        await read_until(busy, b"END")
        out, status = await read_all(idle)
        assert status == EXIT_TIMEOUT and b"closed after 1 s without input." in out
        assert b"\x1b[?1049l" in out  # the terminal is put back after the app was stopped
        out, status = await read_all(busy)
        assert status == EXIT_TIMEOUT and b"sessions last at most 2 s" in out
        typing.cancel()


@pytest.mark.slow
async def test_each_key_has_its_own_state_dir_and_no_key_a_temporary_one(
    start_server: StartServer, tmp_path: Path
) -> None:
    server = await start_server()
    root = tmp_path / "state"
    key_a, key_b = new_key(), new_key()
    dirs = []
    for key in (key_a, key_b, key_a):
        async with await connect(server, key) as conn:
            process = await open_app(conn)
            dirs.append(stand_in_line(await read_until(process, b"END"))["state"])
            process.close()
    assert dirs[0] == dirs[2] == str(client_state_dir(root, key_a))
    assert dirs[1] == str(client_state_dir(root, key_b)) != dirs[0]
    assert stat.S_IMODE(os.stat(root / "clients").st_mode) == 0o700  # others cannot look in
    async with await connect(server) as conn:
        process = await open_app(conn)
        temp = stand_in_line(await read_until(process, b"END"))["state"]
        assert os.path.isdir(temp) and not temp.startswith(str(root))
        process.stdin.write(b"q")
        await read_all(process)
    assert await eventually(lambda: not os.path.exists(temp), 5)


@pytest.mark.slow
async def test_an_offered_but_unproven_key_gives_no_state(start_server: StartServer) -> None:
    """Offering someone's public key, then logging in without it, must not reach their state.

    A public key is public: a client may offer it (the server answers "that key would do")
    and then log in by keyboard-interactive instead; the session must not get that key.
    """
    server = await start_server()
    victim = new_key()
    client = ClientConnection(server)
    client.begin_auth("mallory")
    assert client.validate_public_key("mallory", victim.convert_to_public())
    assert client.get_kbdint_challenge("mallory", "", "") is True
    client.auth_completed()
    assert client.key is None and client.fingerprint == "none"
    client._cancel_timer()


@pytest.mark.slow
async def test_crash_is_reported_and_logged(start_server: StartServer,
                                            caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="fasci_tui.serve")
    server = await start_server()
    key = new_key()
    async with await connect(server, key) as conn:
        process = await open_app(conn)
        await read_until(process, b"END")
        process.stdin.write(b"x")
        out, status = await read_all(process)
        assert status == 3 and b"the app stopped unexpectedly (exit status 3)" in out
    fingerprint = key.get_fingerprint("sha256")
    assert re.search(rf"session \d+ start: client 127\.0\.0\.1:\d+ key {re.escape(fingerprint)}",
                     caplog.text)
    assert re.search(r"session \d+ end: .* duration [\d.]+s reason app failed \(3\)",
                     caplog.text)
    public = key.export_public_key().split()[1].decode()
    assert public not in caplog.text and "PRIVATE KEY" not in caplog.text


@pytest.mark.slow
async def test_host_key_is_created_0600_and_reused(start_server: StartServer,
                                                   tmp_path: Path) -> None:
    first = await start_server()
    path = tmp_path / "state" / HOST_KEY_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    second = await start_server()
    assert (first.host_key.get_fingerprint() == second.host_key.get_fingerprint())
    async with await connect(second, new_key(),
                             known_hosts=([first.host_key.convert_to_public()], [], [])):
        pass
