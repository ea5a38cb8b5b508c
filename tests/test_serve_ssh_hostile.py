"""`serve ssh` against hostile clients (issue 14, SSH items 1-6): each test plays the attacker.

Floods of keys, revoked keys, piles of env requests, silent connections, idle channels and
throwaway keys: each must leave the server (and every other session) usable.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import time
from collections.abc import AsyncIterator
from pathlib import Path

import asyncssh
import pytest

from fasci_tui.content import Content
from fasci_tui.serve.ssh import SSHAppServer, client_state_dir
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

MIB = 1024 * 1024


@pytest.fixture
async def start_server(tmp_path: Path, content: Content) -> AsyncIterator[StartServer]:
    """Start servers running the stand-in app; closed after the test."""
    async with server_factory(tmp_path, content) as start:
        yield start


def _sessions(server: SSHAppServer) -> list:  # type: ignore[type-arg]
    return [session for client in server.connections for session in client.sessions]


def _rss_mib(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


# 1. input floods ------------------------------------------------------------------------


async def test_a_flood_of_keys_leaves_the_real_app_small_and_responsive(
    start_server: StartServer, caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="fasci_tui.serve")
    server = await start_server(app_command=None)
    key = new_key()
    atomic_write(client_state_dir(server.state_root, key) / "state.json",
                 State(disclaimer_acknowledged=True).to_json())
    async with await connect(server, key) as conn:
        process = await open_app(conn)
        await read_until(process, b"Fasciculation", timeout=30)
        (session,) = _sessions(server)
        assert session.pid is not None
        process.stdin.write(b"j" * MIB)  # as fast as the link takes it
        peak = 0.0
        for _ in range(30):  # three seconds of flood
            peak = max(peak, _rss_mib(session.pid))
            await asyncio.sleep(0.1)
        assert peak < 150, f"the app grew to {peak:.0f} MiB"
        process.stdin.write(b"q")  # still answers: q quits at once
        out, status = await read_all(process, timeout=10)
        assert status == 0
    assert "dropping keys" in caplog.text  # once per flood, not once per chunk
    assert caplog.text.count("dropping keys") == 1
    assert re.search(r"session \d+ end: .* \(dropped \d{6,} bytes of input\)", caplog.text)


async def test_every_app_gets_a_memory_limit_and_a_hog_ends_alone(
    start_server: StartServer,
) -> None:
    server = await start_server(memory_limit_mib=200)
    async with await connect(server, new_key()) as conn:
        hog, other = await open_app(conn), await open_app(conn)
        info = stand_in_line(await read_until(hog, b"END"))
        assert int(info["data_limit"]) == 200 * MIB
        await read_until(other, b"END")
        hog.stdin.write(b"m")
        out, status = await read_all(hog)
        assert status != 0 and b"the app stopped unexpectedly" in out
        other.stdin.write(b"q")  # the other session never noticed
        assert (await read_all(other))[1] == 0


# 2. revoking keys -------------------------------------------------------------------------


@pytest.mark.parametrize("revoke", ["empty", "commented", "unparsable", "deleted"])
async def test_revoking_keys_fails_closed(start_server: StartServer, tmp_path: Path,
                                          caplog: pytest.LogCaptureFixture,
                                          revoke: str) -> None:
    caplog.set_level(logging.INFO, logger="fasci_tui.serve")
    key = new_key()
    keys = tmp_path / "authorized_keys"
    keys.write_bytes(key.export_public_key())
    server = await start_server(authorized_keys=keys)
    async with await connect(server, key):
        pass
    if revoke == "deleted":
        keys.unlink()
    else:
        keys.write_bytes({"empty": b"", "commented": b"# " + key.export_public_key(),
                          "unparsable": b"ssh-ed25519 AAAA!!notbase64 x\n"}[revoke])
        os.utime(keys, ns=(time.time_ns() + 10**9,) * 2)
    with pytest.raises(asyncssh.PermissionDenied):
        await connect(server, key)
    assert any(r.levelno >= logging.ERROR and str(keys) in r.getMessage()
               for r in caplog.records), caplog.text
    keys.write_bytes(key.export_public_key())  # put back: let in again
    os.utime(keys, ns=(time.time_ns() + 2 * 10**9,) * 2)
    async with await connect(server, key):
        pass


# 3. env requests --------------------------------------------------------------------------


async def test_env_requests_keep_only_allowed_names_and_a_few(
    start_server: StartServer,
) -> None:
    server = await start_server()
    env = {"LANG": "C.UTF-8", "NO_COLOR": "1", "LD_PRELOAD": "/tmp/evil.so"}
    env.update({f"JUNK_{n}": "x" * 1000 for n in range(3000)})
    env.update({f"LC_{n}": "C" for n in range(100)})
    env["LC_ALL"] = "C"  # allowed, but past the cap on requests: not even read
    async with await connect(server, new_key()) as conn:
        process = await open_app(conn, env=env)
        await read_until(process, b"END")
        (session,) = _sessions(server)
        kept = session.client_environment()
        assert kept == {"LANG": "C.UTF-8", "NO_COLOR": "1"}
        process.stdin.write(b"q")
        await read_all(process)


# 4. silent connections ----------------------------------------------------------------------


async def test_silent_connections_do_not_lock_out_real_clients(
    start_server: StartServer,
) -> None:
    server = await start_server(max_sessions=5, login_timeout=30)
    silent = [await asyncio.open_connection("127.0.0.1", server.port) for _ in range(30)]
    try:
        for _ in range(3):  # and again, and again
            async with await connect(server, new_key()) as conn:
                process = await open_app(conn)
                await read_until(process, b"END")
                process.stdin.write(b"q")
                await read_all(process)
    finally:
        for _, writer in silent:
            writer.close()


async def test_a_silent_connection_is_dropped_at_the_login_grace_time_and_logged(
    start_server: StartServer, caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="fasci_tui.serve")
    server = await start_server(login_timeout=1)
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    try:
        started = time.monotonic()
        while await asyncio.wait_for(reader.read(4096), WAIT):
            pass  # the server's banner, then nothing until it hangs up
        assert time.monotonic() - started < 5
        assert await eventually(lambda: "no login within 1 s" in caplog.text, 5), caplog.text
    finally:
        writer.close()


# 5. channels --------------------------------------------------------------------------------


async def _open_bare_channel(conn: asyncssh.SSHClientConnection) -> object:
    """Open a session channel and never start anything on it (a private asyncssh call)."""
    from asyncssh.channel import SSHClientChannel

    chan = SSHClientChannel(conn, asyncio.get_running_loop(), "strict", None, "strict",
                            2 * MIB, 32768)
    await asyncio.wait_for(chan._open(b"session"), WAIT)
    return chan


async def test_channels_are_capped_and_idle_ones_closed(
    start_server: StartServer, caplog: pytest.LogCaptureFixture,
) -> None:
    server = await start_server(login_timeout=1)
    async with await connect(server, new_key()) as conn:
        opened = 0
        with pytest.raises(asyncssh.ChannelOpenError):
            for _ in range(100):
                await _open_bare_channel(conn)
                opened += 1
        assert opened <= 10
        # channels that never start a session are closed, and their places come back
        assert await eventually(lambda: not any(c.channels for c in server.connections), 5)
    async with await connect(server, new_key()) as conn:  # and sessions still start
        process = await open_app(conn)
        await read_until(process, b"END")
        process.stdin.write(b"q")
        await read_all(process)


async def test_a_client_vanishing_mid_output_floods_no_log(
    start_server: StartServer, caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    server = await start_server(app_command=["sh", "-c", "yes fasciculation"])
    conn = await connect(server, new_key())
    processes = [await open_app(conn) for _ in range(4)]
    for process in processes:
        await read_until(process, b"fasciculation\r\n")
    conn.abort()  # the network is gone, the apps keep writing
    assert await eventually(lambda: not server.connections, 10)
    await asyncio.sleep(0.5)
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert not warnings, warnings[:5]
    ends = [r for r in caplog.records if " end: " in r.getMessage()]
    assert len(ends) == 4 and all("client disconnected" in r.getMessage() for r in ends)


# 6. throwaway keys --------------------------------------------------------------------------


async def test_keys_that_never_write_leave_no_state(start_server: StartServer,
                                                    tmp_path: Path) -> None:
    server = await start_server()
    for _ in range(5):
        async with await connect(server, new_key()) as conn:
            process = await open_app(conn)
            await read_until(process, b"END")
            process.stdin.write(b"q")
            await read_all(process)
    clients = server.state_root / "clients"
    assert not clients.exists() or not any(clients.iterdir())


async def test_old_keys_are_forgotten_and_stored_keys_capped(start_server: StartServer,
                                                             tmp_path: Path) -> None:
    root = tmp_path / "state"
    old, kept, newcomer = new_key(), new_key(), new_key()
    for key in (old, kept):
        atomic_write(client_state_dir(root, key) / "state.json", State().to_json())
    stale = time.time() - 40 * 86400
    os.utime(client_state_dir(root, old) / "state.json", (stale, stale))
    os.utime(client_state_dir(root, old), (stale, stale))
    server = await start_server(forget_after_days=30, max_stored_keys=1)
    assert not client_state_dir(root, old).exists()
    assert client_state_dir(root, kept).exists()
    for key, stored in ((kept, True), (newcomer, False)):
        async with await connect(server, key) as conn:
            process = await open_app(conn)
            state = stand_in_line(await read_until(process, b"END"))["state"]
            assert (state == str(client_state_dir(root, key))) is stored
            assert stored or not state.startswith(str(root))
            process.stdin.write(b"q")
            await read_all(process)
