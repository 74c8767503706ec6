"""How many connections the server holds, per address and in all, and what it says when file handles run out.

The web server asks ``Gate.admit`` for every connection it accepts and tells
``Gate.left`` when one closes; a connection over either cap is closed at once,
before a byte of it is read, so that sockets left open by one machine cannot
take the handles every phone needs. Running out of handles anyway is said in
one line now and then (``quiet_exhaustion``), never a traceback per accept:
the event loop already waits a second before it accepts again.
Textual-free and aiohttp-free.
"""

from __future__ import annotations

import asyncio
import errno
import os
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

PER_ADDRESS = 64  # a phone's browser opens a few; a laptop with tabs a few more
MOST = 1_000
SPARE_HANDLES = 64  # kept for the store's files, the app processes' pipes and the log
EXHAUSTED = (errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM)


def file_limit() -> int:
    """How many files this process may hold open (the soft limit), or a large number where unknown."""
    try:
        import resource
    except ImportError:  # Windows: bounded by memory, not by a count
        return 1 << 16
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    return soft if soft != resource.RLIM_INFINITY else 1 << 16


class Gate:
    """Connections held now, by address; ``unlimited`` addresses (the laptop's own) count only in all."""

    def __init__(
        self,
        per_address: int = PER_ADDRESS,
        most: int | None = None,
        unlimited: frozenset[str] = frozenset(),
    ) -> None:
        self.per_address = per_address
        self.most = most if most is not None else max(16, min(MOST, file_limit() - SPARE_HANDLES))
        self.unlimited = unlimited
        self.held: Counter[str] = Counter()
        self.refused = 0

    @property
    def total(self) -> int:
        return sum(self.held.values())

    def admit(self, address: str) -> bool:
        """Whether one more connection from ``address`` is held; counted if so."""
        over = self.total >= self.most or (
            address not in self.unlimited and self.held[address] >= self.per_address
        )
        if over:
            self.refused += 1
            return False
        self.held[address] += 1
        return True

    def left(self, address: str) -> None:
        self.held[address] -= 1
        if self.held[address] <= 0:
            del self.held[address]


def quiet_exhaustion(
    say: Callable[[str], object], every: float = 10.0, clock: Callable[[], float] = time.monotonic
) -> Callable[[asyncio.AbstractEventLoop, dict[str, Any]], None]:
    """An event loop's exception handler: running out of handles is one line per ``every`` seconds.

    Anything else goes to the loop's own handler, as before.
    """
    last = [-every]
    missed = [0]

    def handle(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        exc = context.get("exception")
        if isinstance(exc, OSError) and exc.errno in EXHAUSTED:
            now = clock()
            missed[0] += 1
            if now - last[0] >= every:
                say(
                    f"serve: out of file handles ({os.strerror(exc.errno or 0)}); "
                    f"accepting slowly ({missed[0]} times since the last line)"
                )
                last[0], missed[0] = now, 0
            return
        loop.default_exception_handler(context)

    return handle
