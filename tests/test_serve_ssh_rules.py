"""The rules behind `serve ssh`, without a server: places, limits, the input gate, log text,
key files, the clients' store, the child's options, and how serve/ is put together."""

from __future__ import annotations

import ast
import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

import asyncssh
import pytest

from fasci_tui.content import Content
from fasci_tui.serve.input_gate import InputGate
from fasci_tui.serve.limits import Limits, Startups, client_env_allowed, human_duration
from fasci_tui.serve.logs import escape, for_log
from fasci_tui.serve.ssh import AuthorizedKeys, ClientStore, client_state_dir, resolve_place
from fasci_tui.state import State, atomic_write

SERVE = Path(__file__).resolve().parent.parent / "fasci_tui" / "serve"


def test_resolve_place(content: Content) -> None:
    assert resolve_place(content, None) == (None, None)
    assert resolve_place(content, "  ") == (None, None)
    assert resolve_place(content, "B12") == ("vitamin-b12", None)
    assert resolve_place(content, "COMPARE") == ("compare", None)
    place, refusal = resolve_place(content, "cat /etc/passwd")
    assert place is None and refusal and "\n" not in refusal


def test_limits_count_and_release() -> None:
    limits = Limits(max_sessions=2, max_per_address=1)
    assert limits.open_session("a") is None
    assert "your address" in (limits.open_session("a") or "")
    assert limits.open_session("b") is None
    assert "full" in (limits.open_session("c") or "")
    limits.close_session("a")
    assert limits.open_session("c") is None and limits.sessions == 2
    assert [human_duration(s) for s in (1, 900, 14400, 5400)] == ["1 s", "15 min", "4 h",
                                                                  "1 h 30 min"]


def test_waiting_logins_are_dropped_like_maxstartups() -> None:
    policy = Startups(start=2, rate=50, full=4, per_address=3)
    assert [policy.drop_chance(n) for n in (1, 2, 3, 4, 5)] == [0, 0, 0.5, 0.75, 1.0]
    assert Startups.parse("10:30:60") == Startups(10, 30, 60)
    assert Startups.parse("5") == Startups(5, 100, 5)
    with pytest.raises(ValueError, match="START:RATE:FULL"):
        Startups.parse("10:x")
    limits = Limits(startups=Startups(start=100, rate=0, full=200, per_address=2))
    assert limits.open_waiting("a") is None and limits.open_waiting("a") is None
    assert limits.open_waiting("a") == "address"  # a third from one address: drop one of its
    assert limits.open_waiting("b") is None
    limits.close_waiting("a")
    assert limits.waiting == 3
    full = Limits(startups=Startups(start=1, rate=0, full=1, per_address=9))
    assert full.open_waiting("a") is None and full.open_waiting("b") == "any"


def test_logged_in_connections_are_capped_overall_and_per_address() -> None:
    limits = Limits(max_sessions=2, max_per_address=1)
    for _ in range(2):
        assert limits.connection_refusal("a") is None
        limits.open_connection("a")
    assert "your address" in (limits.connection_refusal("a") or "")
    limits.open_connection("b")
    limits.open_connection("c")
    assert "busy" in (limits.connection_refusal("d") or "")
    limits.close_connection("b")
    assert limits.connection_refusal("d") is None


def test_the_input_gate_drops_a_flood_and_lets_typing_through() -> None:
    now = [0.0]
    gate = InputGate(rate=100, burst=50, clock=lambda: now[0])
    assert gate.admit(50) and not gate.admit(1)
    now[0] = 0.5
    assert gate.admit(40) and not gate.admit(40)  # 50 bytes came back in half a second
    assert gate.dropped == 41
    now[0] = 100.0
    assert gate.admit(50) and not gate.admit(51)  # never more than the burst at once


def test_client_env_allow_list() -> None:
    assert client_env_allowed("LANG", "C.UTF-8") and client_env_allowed("NO_COLOR", "1")
    assert not client_env_allowed("LD_PRELOAD", "/tmp/x.so")
    assert not client_env_allowed("LANG", "x" * 65) and not client_env_allowed("LANG", "a b")


def test_log_text_is_escaped_and_short() -> None:
    assert escape("plain text") == "plain text"
    assert escape("a\nb\r\x1b[2J\u202e\x85") == "a\\nb\\r\\x1b[2J\\u202e\\x85"
    assert for_log("x" * 100, 8) == '"xxxxxxxx..."' and for_log(None) == "none"


def _key_line(key: asyncssh.SSHKey) -> bytes:
    return key.export_public_key()


def test_authorized_keys_fail_closed(tmp_path: Path) -> None:
    key = asyncssh.generate_private_key("ssh-ed25519").convert_to_public()
    path = tmp_path / "keys"
    path.write_bytes(_key_line(key))
    keys = AuthorizedKeys(path)
    assert keys.problem is None and keys.allows(key, "h", "127.0.0.1")
    for text, problem in ((b"", "lists no keys"), (b"# gone\n", "lists no keys"),
                          (b"ssh-ed25519 !!!\n", "cannot use it")):
        path.write_bytes(text)
        os.utime(path, ns=(time.time_ns() + 10**9,) * 2)
        assert not keys.allows(key, "h", "127.0.0.1")
        assert keys.problem and problem in keys.problem
    path.unlink()
    assert not keys.allows(key, "h", "127.0.0.1") and "cannot read it" in (keys.problem or "")
    path.write_bytes(_key_line(key))
    assert keys.allows(key, "h", "127.0.0.1") and keys.problem is None


def test_client_store_forgets_old_keys_and_caps_new_ones(tmp_path: Path) -> None:
    old, kept, new = (asyncssh.generate_private_key("ssh-ed25519") for _ in range(3))
    for key in (old, kept):
        atomic_write(client_state_dir(tmp_path, key) / "state.json", State().to_json())
    stale = time.time() - 10 * 86400
    for path in (client_state_dir(tmp_path, old), client_state_dir(tmp_path, old) / "state.json"):
        os.utime(path, (stale, stale))
    store = ClientStore(tmp_path, forget_after_days=7, max_stored_keys=1)
    store.prepare()
    assert not client_state_dir(tmp_path, old).exists()
    assert store.state_path(kept) == client_state_dir(tmp_path, kept)
    assert store.state_path(new) is None  # full: a store for this session only
    never = ClientStore(tmp_path)
    never.prepare()
    assert never.state_path(new) == client_state_dir(tmp_path, new)
    assert not client_state_dir(tmp_path, new).exists()  # made by the app's first write


def test_nothing_in_serve_imports_the_command_line_and_no_module_is_long() -> None:
    for path in SERVE.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert len(text.splitlines()) <= 400, f"{path.name} is over 400 lines"
        for node in ast.walk(ast.parse(text)):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n == "fasci_tui.cli" or n.startswith(("fasci_tui.app",
                                                                 "fasci_tui.panes"))
                           for n in names), f"{path.name} imports {names}"


@pytest.mark.slow
def test_the_child_sets_the_memory_limit_and_runs_the_entry_it_is_handed() -> None:
    code = ("import resource, sys; "
            "print(resource.getrlimit(resource.RLIMIT_DATA)[0] // 2**20, sys.argv[1:])")
    out = subprocess.run([sys.executable, "-m", "fasci_tui.serve.child", "--memory-mib", "123",
                          "--exec", sys.executable, "-c", code, "faq"],
                         capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=30)
    assert out.stdout.strip() == "123 ['faq']", out.stderr
    for entry in ("fasci_tui.cli:main", "fasci_tui"):  # a function, or a module to run
        out = subprocess.run([sys.executable, "-m", "fasci_tui.serve.child", "--entry", entry,
                              "show", "magnesium"], capture_output=True, text=True,
                             stdin=subprocess.DEVNULL, timeout=30)
        assert out.returncode == 0 and "Magnesium" in out.stdout, out.stderr


def test_cli_serve_help_and_bad_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    from fasci_tui.cli import main

    assert main(["serve", "ssh", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--authorized-keys FILE" in out and "--max-session-length" in out
    for option in ("--memory-limit MIB", "--forget-after DAYS", "--max-stored-keys N",
                   "--max-startups START:RATE:FULL", "--per-source-max-startups N"):
        assert option in out
    assert main(["serve", "ssh", "--max-sessions", "0"]) == 2
    assert main(["serve", "ssh", "--max-startups", "9:x"]) == 2
    assert main(["serve"]) == 2
    assert main(["--help"]) == 0 and "serve ssh|web" in capsys.readouterr().out


async def test_the_start_gate_admits_in_turn_and_frees_a_slot_once_drawn() -> None:
    from fasci_tui.serve import start_gate
    from fasci_tui.serve.start_gate import DRAWN_BYTES, StartGate

    gate = StartGate(slots=1)
    first = await gate.enter()
    waiting = asyncio.ensure_future(gate.enter())
    await asyncio.sleep(0.01)
    assert not waiting.done()  # one slot: the second waits
    first.output(200)  # the driver's set-up: not a screen yet
    await asyncio.sleep(start_gate.QUIET * 3)
    assert not waiting.done()
    first.output(DRAWN_BYTES)  # a screen, then quiet: the slot goes to the next
    second = await asyncio.wait_for(waiting, 2)
    third = asyncio.ensure_future(gate.enter())
    second.release()
    second.release()  # given back once only
    fourth = asyncio.ensure_future(gate.enter())
    await asyncio.sleep(0.01)
    assert third.done() and not fourth.done()
    (await third).release()
    (await asyncio.wait_for(fourth, 2)).release()


async def test_a_start_ticket_is_given_back_at_the_latest_and_after_little_output(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from fasci_tui.serve import start_gate

    monkeypatch.setattr(start_gate, "LONGEST", 0.05)
    monkeypatch.setattr(start_gate, "SMALL_QUIET", 0.05)
    gate = start_gate.StartGate(slots=1)
    await gate.enter()  # never writes: given back after LONGEST
    small = await asyncio.wait_for(gate.enter(), 2)
    small.output(10)  # writes a little, then nothing: given back after SMALL_QUIET
    (await asyncio.wait_for(gate.enter(), 2)).release()
