"""A stand-in for the app behind ``serve web``: speaks the web driver's protocol, reports.

It writes the prelude, then one data packet holding JSON about itself (pid, COLUMNS,
ROWS, the names in its environment, its working directory), then echoes every meta
packet it receives back as a data packet (``meta:{...}``). Quits on a ``quit`` meta,
unless started with ``--stubborn``: then it ignores both that and SIGTERM.
"""

from __future__ import annotations

import json
import os
import signal
import sys


def send(kind: bytes, payload: bytes) -> None:
    """Write one packet to standard output."""
    sys.stdout.buffer.write(kind + len(payload).to_bytes(4, "big") + payload)
    sys.stdout.buffer.flush()


def main() -> int:
    """Report, then echo meta packets until told to quit (or forever, if stubborn)."""
    stubborn = "--stubborn" in sys.argv
    if stubborn:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    sys.stdout.buffer.write(b"__GANGLION__\n")
    report = {"pid": os.getpid(), "columns": os.environ.get("COLUMNS"),
              "rows": os.environ.get("ROWS"), "env": sorted(os.environ), "cwd": os.getcwd(),
              "state": os.environ.get("FASCI_TUI_STATE_DIR")}
    send(b"D", b"report:" + json.dumps(report).encode())
    stdin = sys.stdin.buffer
    while True:
        head = stdin.read(5)
        if len(head) < 5:
            return 0
        payload = stdin.read(int.from_bytes(head[1:], "big"))
        if head[:1] == b"M":
            send(b"D", b"meta:" + payload)
            if json.loads(payload).get("type") == "quit" and not stubborn:
                send(b"M", b'{"type": "exit"}')
                return 0
        else:
            send(b"D", b"data:" + payload)


if __name__ == "__main__":
    raise SystemExit(main())
