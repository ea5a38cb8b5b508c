"""The server's end of one app's pseudo-terminal: keys in through a small queue, output out.

Output is read only while the client keeps up (the session pauses and resumes it), so a
slow client slows its own app down and nothing piles up in the server. Keys wait in a
queue of at most :data:`MAX_QUEUED_INPUT` bytes when the app is not reading them.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import os
from collections.abc import Callable

from fasci_tui.serve.input_gate import MAX_QUEUED_INPUT
from fasci_tui.serve.ssh_requests import set_winsize

log = logging.getLogger("fasci_tui.serve")


class PtyRelay:
    """Relays between a pty master (non-blocking) and ``deliver`` (the client's channel)."""

    def __init__(self, master: int, deliver: Callable[[bytes], None], name: str,
                 on_output: Callable[[int], None] | None = None) -> None:
        self._master: int | None = master
        self._deliver = deliver
        self._on_output_hook = on_output
        """Called with the size of each piece of output delivered (the start gate's)."""
        self._name = name
        self._queue = bytearray()
        self._reading = False
        self._paused = False
        self._stopped = False
        self._writer_on = False
        self.done = asyncio.Event()
        """Set once the app's side of the terminal has closed (all output read)."""

    def room(self, size: int) -> bool:
        """Whether ``size`` more bytes of input fit in the queue."""
        return len(self._queue) + size <= MAX_QUEUED_INPUT

    def send(self, data: bytes) -> None:
        """Queue keys for the app and write what the terminal takes now."""
        self._queue += data
        self._flush()

    def resize(self, width: int, height: int) -> None:
        """Tell the app its new window size."""
        if self._master is not None:
            with contextlib.suppress(OSError):
                set_winsize(self._master, width, height)

    def pause(self) -> None:
        """Stop reading output (the client is behind)."""
        self._paused = True
        self._stop_reading()

    def resume(self) -> None:
        """Read output again."""
        self._paused = False
        self._start_reading()

    def stop(self) -> None:
        """Stop reading output for good (the client is gone, or the app ended)."""
        self._stopped = True
        self._stop_reading()

    def close(self) -> None:
        """Stop everything and close the master end."""
        self.stop()
        if self._writer_on and self._master is not None:
            asyncio.get_running_loop().remove_writer(self._master)
            self._writer_on = False
        if self._master is not None:
            os.close(self._master)
            self._master = None

    def start(self) -> None:
        """Begin relaying (call once the app runs)."""
        self._flush()
        self._start_reading()

    def _start_reading(self) -> None:
        if (self._master is not None and not self._reading and not self._paused
                and not self._stopped and not self.done.is_set()):
            asyncio.get_running_loop().add_reader(self._master, self._on_output)
            self._reading = True

    def _stop_reading(self) -> None:
        if self._reading and self._master is not None:
            asyncio.get_running_loop().remove_reader(self._master)
        self._reading = False

    def _on_output(self) -> None:
        assert self._master is not None
        try:
            data = os.read(self._master, 65536)
        except BlockingIOError:
            return
        except OSError as exc:  # EIO: every process holding the terminal has gone
            if exc.errno != errno.EIO:
                log.warning("%s: reading the terminal failed: %s", self._name, exc)
            data = b""
        if not data:
            self.done.set()
            self._stop_reading()
            return
        self._deliver(data)
        if self._on_output_hook is not None:
            self._on_output_hook(len(data))

    def _flush(self) -> None:
        if self._master is None:
            return
        while self._queue:
            try:
                written = os.write(self._master, self._queue)
            except BlockingIOError:
                break
            except OSError:
                self._queue.clear()
                break
            del self._queue[:written]
        loop = asyncio.get_running_loop()
        if self._queue and not self._writer_on:
            loop.add_writer(self._master, self._flush)
            self._writer_on = True
        elif not self._queue and self._writer_on:
            loop.remove_writer(self._master)
            self._writer_on = False
