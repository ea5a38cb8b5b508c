"""Over `serve ssh`, each client key checks in to its own log: two keys never mix."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from fasci_tui.content import Content
from fasci_tui.serve.ssh_keys import client_state_dir
from fasci_tui.state import StateStore
from fasci_tui.store import open_store
from tests.support.ssh_harness import (
    StartServer,
    connect,
    new_key,
    open_app,
    read_all,
    read_until,
    server_factory,
)


@pytest.fixture
async def start_server(tmp_path: Path, content: Content) -> AsyncIterator[StartServer]:
    """Servers running the real app; closed after the test."""
    async with server_factory(tmp_path, content) as start:
        yield start


async def check_in(server, key, keys: bytes) -> bytes:  # type: ignore[no-untyped-def]
    """Open the Today pane as ``key``, press ``keys``, quit; the session's output."""
    async with await connect(server, key) as conn:
        process = await open_app(conn, "today")
        seen = await read_until(process, b"Twitch", timeout=30)
        if keys:
            process.stdin.write(keys)
            seen += await read_until(process, b"Saved", timeout=30)
        process.stdin.write(b"q")  # the form leaves letters to the app: quit
        out, status = await read_all(process, timeout=30)
        assert status == 0, out[-800:]
        return seen + out


@pytest.mark.slow
async def test_two_keys_check_in_to_their_own_logs(start_server: StartServer) -> None:
    server = await start_server(app_command=None)
    alice, bob = new_key(), new_key()
    for key in (alice, bob):  # returning clients: the disclaimer has been read
        StateStore(client_state_dir(server.state_root, key)).acknowledge_disclaimer()
    await check_in(server, alice, b"7\r")  # twitch 7, saved
    await check_in(server, bob, b"2\r")  # twitch 2, saved
    today = dt.date.today()
    with open_store(client_state_dir(server.state_root, alice)) as log:
        entry = log.entry(today)
        assert entry is not None and entry.twitch == 7 and log.count_days() == 1
    with open_store(client_state_dir(server.state_root, bob)) as log:
        entry = log.entry(today)
        assert entry is not None and entry.twitch == 2 and log.count_days() == 1
    carol = new_key()
    StateStore(client_state_dir(server.state_root, carol)).acknowledge_disclaimer()
    seen = await check_in(server, carol, b"")
    assert b"not checked in yet" in seen
