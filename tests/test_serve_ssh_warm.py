"""Sessions that start warm (issue 14): each app is a child forked from the server's zygote.

The zygote (fasci_tui/serve/zygote.py) is a separate single-threaded process that has
imported the app; each session is still one process of its own, on its own terminal,
with its own memory limit, state directory and environment. These tests check that, and
that the zygote's death, the server's death (kill -9) and a change to the data on disk
are all handled.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import asyncssh
import pytest

from fasci_tui.content import Content
from fasci_tui.serve.ssh import SSHAppServer, client_state_dir
from fasci_tui.serve.zygote_link import ZygoteProcess
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


def _parent(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as handle:
        return int(handle.read().rsplit(")", 1)[1].split()[1])


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting to be reaped does not count)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


async def _warm_zygote(server: SSHAppServer) -> ZygoteProcess:
    assert server.launcher.warm is not None
    zygote = server.launcher.warm.current
    assert zygote is not None
    assert await asyncio.wait_for(asyncio.shield(zygote.ready), 30)
    return zygote


async def test_a_session_is_a_forked_child_of_the_zygote(
    start_server: StartServer, tmp_path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="fasci_tui.serve")
    server = await start_server(memory_limit_mib=300)
    zygote = await _warm_zygote(server)
    key = new_key()
    async with await connect(server, key) as conn:
        process = await open_app(conn, "magnesium", env={"LANG": "C.UTF-8", "EVIL": "1"},
                                 term_size=(100, 30))
        info = stand_in_line(await read_until(process, b"END"))
        pid = int(info["pid"])
        assert _parent(pid) == zygote.pid != os.getpid()
        assert info["args"] == "['magnesium']" and info["size"] == "100x30"
        assert info["state"] == str(client_state_dir(tmp_path / "state", key))
        assert int(info["data_limit"]) == 300 * MIB
        environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
        names = {item.split(b"=", 1)[0] for item in environ if item}
        assert b"LANG" in names and b"EVIL" not in names and b"TERM" in names
        assert os.getsid(pid) == pid  # its own session, its terminal's controlling process
        process.change_terminal_size(90, 25)
        await read_until(process, b"RESIZED 90x25")  # SIGWINCH reaches it: a real ctty
        process.stdin.write(b"q")
        assert (await read_all(process))[1] == 0
    assert re.search(rf"session \d+ start: .* pid {pid} warm", caplog.text)


async def test_two_sessions_are_isolated_and_a_hog_ends_alone(
    start_server: StartServer, tmp_path: Path,
) -> None:
    server = await start_server(memory_limit_mib=200)
    zygote = await _warm_zygote(server)
    key_a, key_b = new_key(), new_key()
    async with await connect(server, key_a) as conn_a, await connect(server, key_b) as conn_b:
        hog, other = await open_app(conn_a), await open_app(conn_b)
        hog_info = stand_in_line(await read_until(hog, b"END"))
        other_info = stand_in_line(await read_until(other, b"END"))
        assert hog_info["pid"] != other_info["pid"]
        assert _parent(int(hog_info["pid"])) == _parent(int(other_info["pid"])) == zygote.pid
        assert hog_info["state"] == str(client_state_dir(tmp_path / "state", key_a))
        assert other_info["state"] == str(client_state_dir(tmp_path / "state", key_b))
        hog.stdin.write(b"m")  # eats memory until its own limit stops it
        out, status = await read_all(hog)
        assert status != 0 and b"the app stopped unexpectedly" in out
        other.change_terminal_size(81, 25)
        await read_until(other, b"RESIZED 81x25")  # the other session never noticed
        other.stdin.write(b"q")
        assert (await read_all(other))[1] == 0
    # the zygote is unharmed and still forks sessions
    async with await connect(server, new_key()) as conn:
        process = await open_app(conn)
        info = stand_in_line(await read_until(process, b"END"))
        assert _parent(int(info["pid"])) == zygote.pid
        process.stdin.write(b"q")
        await read_all(process)


async def test_a_killed_zygote_is_replaced_and_sessions_go_on(
    start_server: StartServer, caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="fasci_tui.serve")
    server = await start_server()
    first = await _warm_zygote(server)
    async with await connect(server, new_key()) as conn:
        running = await open_app(conn)
        running_pid = int(stand_in_line(await read_until(running, b"END"))["pid"])
        assert first.pid is not None
        os.kill(first.pid, signal.SIGKILL)
        assert await eventually(lambda: server.launcher.warm is not None
                                and server.launcher.warm.current is not first)
        # the session started by the dead zygote still runs, and can be ended
        running.change_terminal_size(82, 24)
        await read_until(running, b"RESIZED 82x24")
        assert _alive(running_pid)
        # the next session works, forked by the new zygote
        second = await _warm_zygote(server)
        process = await open_app(conn)
        info = stand_in_line(await read_until(process, b"END"))
        assert _parent(int(info["pid"])) == second.pid != first.pid
        process.stdin.write(b"q")
        assert (await read_all(process))[1] == 0
        running.stdin.write(b"q")
        await read_all(running)  # its exit status went with the zygote; it still ends
        assert await eventually(lambda: not _alive(running_pid))
    assert f"zygote {first.pid} lost" in caplog.text


async def test_without_a_zygote_sessions_start_cold(
    start_server: StartServer, caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="fasci_tui.serve")
    server = await start_server(warm_start=False)
    async with await connect(server, new_key()) as conn:
        process = await open_app(conn)
        info = stand_in_line(await read_until(process, b"END"))
        assert _parent(int(info["pid"])) == os.getpid()  # the server's own child
        process.stdin.write(b"x")
        assert (await read_all(process))[1] == 3
    assert re.search(r"session \d+ start: .* cold", caplog.text)


async def test_a_zygote_that_refuses_means_a_cold_start(
    start_server: StartServer, caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="fasci_tui.serve")
    server = await start_server()
    zygote = await _warm_zygote(server)
    # a request with no terminal and one of the wrong shape: refused, the zygote lives on
    for request, fds in (({"env": {}, "cwd": "/", "args": []}, []),
                         ({"env": [], "cwd": 1, "args": "x"}, [os.open(os.devnull, 0)])):
        assert zygote._sock is not None
        from fasci_tui.serve import zygote_protocol

        zygote_protocol.send(zygote._sock, {"op": "spawn", "id": 999, **request}, fds)
        for fd in fds:
            os.close(fd)
    assert await eventually(lambda: caplog.text.count("could not start a session") >= 2)
    async with await connect(server, new_key()) as conn:
        process = await open_app(conn)
        info = stand_in_line(await read_until(process, b"END"))
        assert _parent(int(info["pid"])) == zygote.pid
        process.close()


async def test_the_next_session_sees_changed_data(tmp_path: Path, content: Content,
                                                  data_copy: Path) -> None:
    async with server_factory(tmp_path, content) as start:
        server = await start(app_command=None, data_dir=data_copy)
        await _warm_zygote(server)
        key = new_key()
        atomic_write(client_state_dir(server.state_root, key) / "state.json",
                     State(disclaimer_acknowledged=True).to_json())
        overview = data_copy / "overview.yaml"
        for title in (b"Fasciculation nutrients", b"Twitch guide QX"):
            text = overview.read_bytes()
            overview.write_bytes(re.sub(rb"^title: .*$", b"title: " + title, text, count=1,
                                        flags=re.M))
            async with await connect(server, key) as conn:
                process = await open_app(conn)
                await read_until(process, title, timeout=30)
                process.stdin.write(b"q")
                out, status = await read_all(process)
                assert status == 0


def _serve(state: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, FASCI_TUI_STATE_DIR=str(state))
    return subprocess.Popen([sys.executable, "-m", "fasci_tui", "serve", "ssh", "--port", "0"],
                            stderr=subprocess.PIPE, env=env)


async def test_no_zygote_or_app_outlives_a_killed_server(tmp_path: Path) -> None:
    state = tmp_path / "state"
    server = _serve(state)
    assert server.stderr is not None
    loop = asyncio.get_running_loop()
    lines: list[str] = []

    async def line_matching(pattern: str) -> re.Match[str]:
        while True:
            line = await asyncio.wait_for(loop.run_in_executor(None, server.stderr.readline),
                                          60)
            assert line, f"server ended early: {lines}"
            lines.append(line.decode())
            found = re.search(pattern, lines[-1])
            if found:
                return found

    try:
        port = int((await line_matching(r"listening on 127\.0\.0\.1:(\d+)")).group(1))
        zygote = int((await line_matching(r"zygote (\d+) ready")).group(1))
        options = {"known_hosts": None, "agent_path": None, "config": (), "username": "u"}
        apps = []
        conns = []
        for _ in range(2):
            key = new_key()
            atomic_write(client_state_dir(state, key) / "state.json",
                         State(disclaimer_acknowledged=True).to_json())
            conn = await asyncio.wait_for(asyncssh.connect("127.0.0.1", port, client_keys=[key],
                                                           **options), WAIT)
            conns.append(conn)
            process = await open_app(conn)
            await read_until(process, b"Fasciculation", timeout=30)
            apps.append(int((await line_matching(r"start: .* pid (\d+) warm")).group(1)))
        assert all(_parent(pid) == zygote for pid in apps)
        server.kill()  # kill -9: no clean shutdown at all
        server.wait(WAIT)
        assert await eventually(lambda: not any(map(_alive, [zygote, *apps])), 20), (
            [pid for pid in [zygote, *apps] if _alive(pid)])
        for conn in conns:
            conn.close()
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(WAIT)
