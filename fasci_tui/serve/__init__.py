"""``fasci-tui serve ssh|web``: host the app for others, over SSH or in a browser.

This module only parses the command line; the servers (and asyncssh, textual-serve) are
imported when they are asked for, so ``python -m fasci_tui.serve.child`` stays light.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fasci_tui.serve.limits import (
    DEFAULT_IDLE_TIMEOUT,
    DEFAULT_LOGIN_TIMEOUT,
    DEFAULT_MAX_PER_ADDRESS,
    DEFAULT_MAX_SESSION_LENGTH,
    DEFAULT_MAX_SESSIONS,
    DEFAULT_MAX_STARTUPS,
    DEFAULT_MAX_STORED_KEYS,
    DEFAULT_MEMORY_LIMIT_MIB,
    DEFAULT_PER_SOURCE_MAX_STARTUPS,
    Startups,
)

EXIT_USAGE = 2

EPILOG = """\
ssh: every session runs its own copy of the app on its own terminal; nothing else can be
run (no shell, no SFTP/SCP, no forwarding). `ssh -t -p PORT HOST magnesium` opens at a
place. Without --authorized-keys anyone who can reach the port may connect: listen on
127.0.0.1 (the default) or pass a key list. Each client key keeps its own personal
data (profile, daily log, checklist) under the state directory (clients/), made on its
first write; clients without a key get a store for that session only. Hostile clients
are bounded: keys are rate-limited (a flood is dropped), each app has a memory limit,
--authorized-keys is re-read at each login and fails closed (a missing, empty or broken
file lets nobody in), env requests are allow-listed, connections waiting to log in are
dropped at random as they pile up, and client-supplied text is escaped in the log.

web: serves the app in the browser through textual-serve.
"""


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def _seconds(text: str) -> float:
    value = float(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more seconds")
    return value


def _startups(text: str) -> Startups:
    try:
        return Startups.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _port(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError("must be 0-65535")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The parser for ``fasci-tui serve``."""
    parser = argparse.ArgumentParser(
        prog="fasci-tui serve", description="Host fasci-tui for others.", epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    kinds = parser.add_subparsers(dest="kind", metavar="ssh|web", required=True)
    ssh = kinds.add_parser("ssh", help="serve over SSH (asyncssh)",
                           description="Serve the app over SSH, one app per session.")
    ssh.add_argument("--host", default="127.0.0.1", help="address to listen on "
                     "(default: 127.0.0.1, this machine only)")
    ssh.add_argument("--port", type=_port, default=2222, help="port (default: 2222)")
    ssh.add_argument("--authorized-keys", metavar="FILE", type=Path,
                     help="admit only the keys in FILE (OpenSSH authorized_keys format); "
                     "without it anyone may connect")
    ssh.add_argument("--max-sessions", type=_positive_int, default=DEFAULT_MAX_SESSIONS,
                     metavar="N", help=f"sessions at once (default: {DEFAULT_MAX_SESSIONS})")
    ssh.add_argument("--max-per-address", type=_count, default=DEFAULT_MAX_PER_ADDRESS,
                     metavar="N", help="sessions at once from one client address, 0 for no "
                     f"limit (default: {DEFAULT_MAX_PER_ADDRESS})")
    ssh.add_argument("--login-timeout", type=_seconds, default=DEFAULT_LOGIN_TIMEOUT,
                     metavar="S", help="seconds to log in, and then to start a session "
                     "(default: "
                     f"{DEFAULT_LOGIN_TIMEOUT:g})")
    ssh.add_argument("--idle-timeout", type=_seconds, default=DEFAULT_IDLE_TIMEOUT,
                     metavar="S", help="close a session after S seconds without input, 0 "
                     f"for never (default: {DEFAULT_IDLE_TIMEOUT:g})")
    ssh.add_argument("--max-session-length", type=_seconds,
                     default=DEFAULT_MAX_SESSION_LENGTH, metavar="S",
                     help="close a session after S seconds, 0 for no cap (default: "
                     f"{DEFAULT_MAX_SESSION_LENGTH:g})")
    ssh.add_argument("--max-startups", type=_startups, default=DEFAULT_MAX_STARTUPS,
                     metavar="START:RATE:FULL", help="connections waiting to log in: past "
                     "START, each new one drops a random waiting one with a chance rising "
                     "from RATE%% to 100%% at FULL, as in OpenSSH (default: "
                     f"{DEFAULT_MAX_STARTUPS})")
    ssh.add_argument("--per-source-max-startups", type=_positive_int,
                     default=DEFAULT_PER_SOURCE_MAX_STARTUPS, metavar="N",
                     help="connections waiting to log in from one address before one of "
                     f"them is dropped (default: {DEFAULT_PER_SOURCE_MAX_STARTUPS})")
    ssh.add_argument("--memory-limit", type=_count, default=DEFAULT_MEMORY_LIMIT_MIB,
                     metavar="MIB", help="each app's memory (RLIMIT_DATA), 0 for no limit "
                     f"(default: {DEFAULT_MEMORY_LIMIT_MIB})")
    ssh.add_argument("--forget-after", type=_seconds, default=0, metavar="DAYS",
                     help="remove a client key's personal data after DAYS unused, 0 for never "
                     "(default: 0)")
    ssh.add_argument("--max-stored-keys", type=_count, default=DEFAULT_MAX_STORED_KEYS,
                     metavar="N", help="client keys whose personal data is kept; past it new "
                     "keys get a store for one session, 0 for no limit (default: "
                     f"{DEFAULT_MAX_STORED_KEYS})")
    ssh.add_argument("--cold-start", action="store_true",
                     help="start every session's app from scratch instead of forking it "
                     "from a warmed zygote process (slower: for comparison or debugging)")
    ssh.add_argument("-v", "--verbose", action="store_true", help="log asyncssh's details too")
    web = kinds.add_parser("web", help="serve in the browser (textual-serve)",
                           description="Serve the app in the browser via textual-serve.")
    web.add_argument("--host", default="127.0.0.1",
                     help="address to listen on (default: 127.0.0.1)")
    web.add_argument("--port", type=_port, default=8000, help="port (default: 8000)")
    web.add_argument("--public-url", metavar="URL",
                     help="the URL browsers use, when behind a proxy (pages from any other "
                     "origin are refused)")
    web.add_argument("--max-sessions", type=_positive_int, default=DEFAULT_MAX_SESSIONS,
                     metavar="N", help=f"apps (pages) at once (default: {DEFAULT_MAX_SESSIONS})")
    web.add_argument("--max-per-address", type=_count, default=DEFAULT_MAX_PER_ADDRESS,
                     metavar="N", help="apps at once from one client address, 0 for no limit "
                     f"(default: {DEFAULT_MAX_PER_ADDRESS})")
    return parser


def main(argv: list[str], data_dir: Path) -> int:
    """``fasci-tui serve ...``: parse, then run the server; returns the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) if exc.code in (0, None) else EXIT_USAGE
    from fasci_tui.serve.logs import configure_logging

    configure_logging(sys.stderr, verbose=args.kind == "ssh" and args.verbose)
    if args.kind == "ssh":
        from dataclasses import replace

        from fasci_tui.serve.ssh_server import SSHServeConfig, run_ssh

        return run_ssh(SSHServeConfig(
            host=args.host, port=args.port, authorized_keys=args.authorized_keys,
            max_sessions=args.max_sessions, max_per_address=args.max_per_address,
            login_timeout=args.login_timeout, idle_timeout=args.idle_timeout,
            max_session_length=args.max_session_length, data_dir=data_dir,
            startups=replace(args.max_startups, per_address=args.per_source_max_startups),
            memory_limit_mib=args.memory_limit, forget_after_days=args.forget_after,
            max_stored_keys=args.max_stored_keys, warm_start=not args.cold_start,
        ))
    from fasci_tui.serve.web import run_web

    return run_web(args.host, args.port, data_dir, public_url=args.public_url,
                   max_sessions=args.max_sessions, max_per_address=args.max_per_address)
