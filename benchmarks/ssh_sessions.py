"""Concurrent SSH sessions: time to first screen and memory per session, real app.

For each N given (default 1, 10 and 50) a fresh ``fasci-tui serve ssh`` runs on a free
loopback port, with limits raised to N, and N asyncssh clients (each with its own key,
80×24 xterm-256color, a returning user: the disclaimer already read, in a log made as
the app makes it) connect at the same moment. ``--legacy-state`` gives each client a
pre-log ``state.json`` instead, as this script did until issue #14: every session then
also moves it into a new log (a one-time step per user, ~20 ms of CPU and a notice). For each
client it measures the time from starting to connect until the output contains the
app's title text ("Fasciculation"), and the same from the session request alone (the
app's own start after login, without the SSH handshake). The server is given a few
seconds first, so its zygote is warm (as it is for every session but those in the
first second of a server's life). Once every screen has settled it sums the resident
memory (VmRSS, and PSS, which splits pages shared copy-on-write with the zygote and
each other fairly) of the session apps and divides by N; the zygote's own PSS is shown
apart. Prints median and p90 times and memory per session. ``--cold`` measures the
server with warm starts off (``serve ssh --cold-start``), as before the zygote. The last
line splits the CPU used until the last first screen: the session apps, the server, and
this script's own clients (``process_time``), which share the same processors.

Then one client floods its session with 1 MiB of ``j`` and the script prints the app's
peak memory over the next three seconds and how long ``q`` then takes to end the session
(the input gate drops a flood, so the app stays small and answers at once).

    python benchmarks/ssh_sessions.py [--cold] [--legacy-state] [N ...]   # default: 1 10 50
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import asyncssh  # noqa: E402

from benchmarks.pty_harness import median  # noqa: E402
from fasci_tui.serve.ssh import client_state_dir  # noqa: E402
from fasci_tui.state import State, StateStore, atomic_write  # noqa: E402

TITLE = b"Fasciculation"
LIMIT = 300.0
"""Seconds any one measurement may take before the run gives up."""


def p90(values: list[float]) -> float:
    """The 90th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]


def _proc_kib(pid: int, path: str, field: str) -> int:
    try:
        with open(f"/proc/{pid}/{path}") as handle:
            for line in handle:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def children_of(pid: int) -> list[int]:
    """Process ids whose parent is ``pid`` (Linux /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and _proc_kib(int(entry), "status", "PPid:") == pid:
            found.append(int(entry))
    return found


def cpu_seconds(pid: int) -> float:
    """User and system CPU time ``pid`` has used (Linux /proc), in seconds."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def is_zygote(pid: int) -> bool:
    """Whether ``pid`` is the server's zygote (by its command line)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return b"fasci_tui.serve.zygote" in handle.read()
    except OSError:
        return False


def server_processes(server: int) -> tuple[list[int], list[int]]:
    """The server's session apps (its own children, or its zygote's) and its zygotes."""
    zygotes, apps = [], []
    for pid in children_of(server):
        if is_zygote(pid):
            zygotes.append(pid)
            apps += children_of(pid)
        else:
            apps.append(pid)
    return apps, zygotes


LEGACY_STATE = False
"""Store the returning users as a pre-log ``state.json`` (set by ``--legacy-state``)."""


def returning_user(directory: Path) -> None:
    """A client state directory whose user has read the disclaimer."""
    if LEGACY_STATE:
        atomic_write(directory / "state.json", State(disclaimer_acknowledged=True).to_json())
        return
    store = StateStore(directory)
    store.acknowledge_disclaimer()
    if store.log is not None:
        store.log.close()


COLD = False
"""Start the servers with ``--cold-start`` (set by ``--cold``)."""


async def start_server(n: int, state: Path) -> tuple[subprocess.Popen[bytes], int]:
    """A server allowing ``n`` sessions, its zygote warm; returns it and its port."""
    env = {**os.environ, "FASCI_TUI_STATE_DIR": str(state)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "fasci_tui", "serve", "ssh", "--port", "0",
         "--max-sessions", str(n), "--max-per-address", "0", "--idle-timeout", "0",
         "--login-timeout", "120", "--max-startups", f"{2 * n}:30:{4 * n}",
         "--per-source-max-startups", str(2 * n), *(["--cold-start"] if COLD else [])],
        env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
    )
    assert proc.stderr is not None
    deadline = time.monotonic() + 30
    port, warm = 0, False
    while time.monotonic() < deadline:
        line = await asyncio.to_thread(proc.stderr.readline)
        if not line:
            break
        match = re.search(rb"listening on [\d.]+:(\d+)", line)
        if match:
            port = int(match.group(1))
        warm = warm or b"ready in" in line
        if port and (COLD or warm):
            # keep draining the log so the server never blocks on a full pipe
            asyncio.get_running_loop().run_in_executor(None, proc.stderr.read)
            return proc, port
    proc.kill()
    raise RuntimeError("the server did not start")


async def one_session(port: int, key: asyncssh.SSHKey, start: asyncio.Event,
                      opened: list[asyncssh.SSHClientConnection]) -> tuple[float, float]:
    """Connect when ``start`` is set; seconds to the title (from connect, from session)."""
    await start.wait()
    began = time.monotonic()
    conn = await asyncssh.connect("127.0.0.1", port, known_hosts=None, username="bench",
                                  client_keys=[key], agent_path=None, config=())
    opened.append(conn)
    requested = time.monotonic()
    process = await conn.create_process(term_type="xterm-256color", term_size=(80, 24),
                                        encoding=None)
    seen = b""
    while TITLE not in seen:
        chunk = await process.stdout.read(65536)
        if not chunk:
            raise RuntimeError(f"session ended before its first screen: {seen[-300:]!r}")
        seen = seen[-64:] + chunk
    now = time.monotonic()
    asyncio.ensure_future(_drain(process))
    return now - began, now - requested


async def _drain(process: asyncssh.SSHClientProcess[bytes]) -> None:
    with_output = True
    while with_output:
        with_output = bool(await process.stdout.read(65536))


async def measure(n: int) -> None:
    """Run N concurrent sessions and print the figures."""
    with tempfile.TemporaryDirectory(prefix="fasci-bench-ssh-") as tmp:
        state = Path(tmp)
        keys = [asyncssh.generate_private_key("ssh-ed25519") for _ in range(n)]
        for key in keys:
            returning_user(client_state_dir(state, key))
        server, port = await start_server(n, state)
        opened: list[asyncssh.SSHClientConnection] = []
        try:
            start = asyncio.Event()
            tasks = [asyncio.ensure_future(one_session(port, key, start, opened))
                     for key in keys]
            await asyncio.sleep(0.2)
            server_cpu, own_cpu = cpu_seconds(server.pid), time.process_time()
            start.set()
            results = await asyncio.wait_for(asyncio.gather(*tasks), LIMIT)
            server_cpu = cpu_seconds(server.pid) - server_cpu
            own_cpu = time.process_time() - own_cpu
            children, zygotes = server_processes(server.pid)
            app_cpu = sum(cpu_seconds(pid) for pid in children)
            await asyncio.sleep(1.5)  # let every screen settle before reading memory
            rss = sum(_proc_kib(pid, "status", "VmRSS:") for pid in children)
            pss = sum(_proc_kib(pid, "smaps_rollup", "Pss:") for pid in children)
            zygote_pss = sum(_proc_kib(pid, "smaps_rollup", "Pss:") for pid in zygotes)
            server_rss = _proc_kib(server.pid, "status", "VmRSS:")
        finally:
            for conn in opened:
                conn.close()
            server.send_signal(signal.SIGINT)
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
    total = [r[0] for r in results]
    app = [r[1] for r in results]
    print(f"{n:3d} sessions  first screen from connect: median {median(total) * 1000:7.0f} ms"
          f"  p90 {p90(total) * 1000:7.0f} ms   from session request: median "
          f"{median(app) * 1000:7.0f} ms  p90 {p90(app) * 1000:7.0f} ms")
    print(f"{'':14}memory per session: RSS {rss / n / 1024:6.1f} MiB  PSS {pss / n / 1024:6.1f}"
          f" MiB   ({len(children)} app processes; zygote PSS {zygote_pss / 1024:.1f} MiB; "
          f"server itself RSS {server_rss / 1024:.1f} MiB)   [{os.cpu_count()} cpus, "
          f"load {os.getloadavg()[0]:.1f}]")
    print(f"{'':14}CPU per session to the first screens: app {app_cpu / n * 1000:.0f} ms, "
          f"server {server_cpu / n * 1000:.0f} ms, this benchmark's clients "
          f"{own_cpu / n * 1000:.0f} ms")


async def flood() -> None:
    """One session gets 1 MiB of ``j``: the app's peak RSS, then how fast ``q`` ends it."""
    with tempfile.TemporaryDirectory(prefix="fasci-bench-ssh-") as tmp:
        state = Path(tmp)
        key = asyncssh.generate_private_key("ssh-ed25519")
        returning_user(client_state_dir(state, key))
        server, port = await start_server(1, state)
        try:
            async with asyncssh.connect("127.0.0.1", port, known_hosts=None, username="bench",
                                        client_keys=[key], agent_path=None,
                                        config=()) as conn:
                process = await conn.create_process(term_type="xterm-256color",
                                                    term_size=(80, 24), encoding=None)
                seen = b""
                while TITLE not in seen:
                    seen = seen[-64:] + await process.stdout.read(65536)
                drain = asyncio.ensure_future(_drain(process))
                (app,) = server_processes(server.pid)[0]
                process.stdin.write(b"j" * (1024 * 1024))
                peak = 0
                for _ in range(30):
                    peak = max(peak, _proc_kib(app, "status", "VmRSS:"))
                    await asyncio.sleep(0.1)
                began = time.monotonic()
                process.stdin.write(b"q")
                await asyncio.wait_for(process.wait_closed(), LIMIT)
                quit_ms = (time.monotonic() - began) * 1000
                drain.cancel()
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
    print(f"1 MiB flood   app peak RSS {peak / 1024:.1f} MiB over 3 s; q then ended the "
          f"session in {quit_ms:.0f} ms")


def main() -> None:
    """Parse the counts and measure each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("counts", nargs="*", type=int, default=[1, 10, 50], metavar="N",
                        help="concurrent sessions to open (default: 1 10 50)")
    parser.add_argument("--cold", action="store_true",
                        help="serve with --cold-start: every app starts from scratch")
    parser.add_argument("--legacy-state", action="store_true",
                        help="returning users with a pre-log state.json (each session "
                             "then moves it into a new log)")
    args = parser.parse_args()
    global COLD, LEGACY_STATE
    COLD, LEGACY_STATE = args.cold, args.legacy_state
    print(f"{'cold' if COLD else 'warm'} starts; returning users' state "
          f"{'in state.json' if LEGACY_STATE else 'in a log'}; load average "
          f"{os.getloadavg()[0]:.1f} at the start")
    for n in args.counts:
        asyncio.run(measure(n))
    asyncio.run(flood())


if __name__ == "__main__":
    main()
