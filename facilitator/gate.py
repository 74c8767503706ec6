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
import logging
import os
import time
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aiohttp import web

PER_ADDRESS = 64  # a phone's browser opens a few; a laptop with tabs a few more
MOST = 1_000
SPARE_HANDLES = 64  # kept for the store's files, the app processes' pipes and the log
BACKLOG = 64  # connections the loop may accept at once, each a handle until it is closed
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
        # At a low file limit (256 on macOS) the caps shrink with it: a burst of
        # accepts, each refused, still takes handles until it is closed.
        self.most = (
            most if most is not None else max(16, min(MOST, file_limit() - SPARE_HANDLES - BACKLOG))
        )
        self.per_address = max(8, min(per_address, self.most // 4))
        self.unlimited = unlimited
        self.held: Counter[str] = Counter()
        self.refused = 0

    @property
    def total(self) -> int:
        return sum(self.held.values())

    def admit(self, address: str) -> tuple[bool, str | None]:
        """Whether one more connection from ``address`` is held (counted if so), and whose to close.

        When all are taken, a newcomer takes the place of one held by the
        address that holds the most (never the laptop's own), if that holds
        more than the newcomer would: forty phones with a few each are not kept
        out by a few machines holding sockets open.
        """
        if address not in self.unlimited and self.held[address] >= self.per_address:
            self.refused += 1
            return False, None
        victim = None
        if self.total >= self.most:
            others = [a for a in self.held if a not in self.unlimited and a != address]
            victim = max(others, key=lambda a: self.held[a], default=None)
            if victim is None or self.held[victim] <= self.held[address] + 1:
                self.refused += 1
                return False, None
        self.held[address] += 1
        return True, victim

    def left(self, address: str) -> None:
        self.held[address] -= 1
        if self.held[address] <= 0:
            del self.held[address]


class OneLineNow(logging.Filter):
    """A logger's records as one line each, at most one per ``every`` seconds; the rest counted.

    For what a stranger's bytes make the web server log (a bad request line, a
    connection reset): worth a line, never a traceback per request.
    """

    def __init__(
        self,
        say: Callable[[str], object],
        every: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.say, self.every, self.clock = say, every, clock
        self.last, self.missed = -every, 0

    def filter(self, record: logging.LogRecord) -> bool:
        now = self.clock()
        self.missed += 1
        if now - self.last >= self.every:
            why = f": {record.exc_info[1]}" if record.exc_info and record.exc_info[1] else ""
            first = f"{record.getMessage()}{why}".splitlines()[0][:200]
            self.say(f"serve: {first} ({self.missed} times since the last line)")
            self.last, self.missed = now, 0
        return False  # said above, once


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


def guard(server: Any, gate: Gate) -> None:
    """Every connection asks the gate first; one over its caps is closed before it is read.

    Relies on aiohttp's ``web.Server`` being told of each connection by
    ``connection_made(handler, transport)`` and ``connection_lost(handler,
    exc)`` (tests/serve/test_hostile.py fails if it no longer is).
    """
    made, lost = server.connection_made, server.connection_lost
    held: dict[int, str] = {}
    by_address: dict[str, dict[int, Any]] = {}  # each address's connections, oldest first

    def connection_made(handler: Any, transport: Any) -> None:
        peer = transport.get_extra_info("peername")
        address = str(peer[0]) if peer else "?"
        made(handler, transport)
        admitted, victim = gate.admit(address)
        if not admitted:
            # Aborted once the handler's own task (made just after this returns) has
            # begun, which a loss told before it would trip; the handle is free then.
            asyncio.get_running_loop().call_soon(transport.abort)
            return
        held[id(handler)] = address
        by_address.setdefault(address, {})[id(handler)] = transport
        if victim is not None and by_address.get(victim):
            oldest = next(iter(by_address[victim].values()))
            oldest.abort()  # counted out when its loss is told

    def connection_lost(handler: Any, exc: BaseException | None) -> None:
        address = held.pop(id(handler), None)
        if address is not None:
            gate.left(address)
            mine = by_address.get(address, {})
            mine.pop(id(handler), None)
            if not mine:
                by_address.pop(address, None)
        lost(handler, exc)

    server.connection_made = connection_made
    server.connection_lost = connection_lost


def writes(request: web.Request) -> bool:
    """A request that may change something: any but GET, and a websocket's upgrade."""
    return request.method != "GET" or request.headers.get("Upgrade", "").lower() == "websocket"


def same_origin(request: web.Request) -> bool:
    """Whether the browser says the request comes from this server's own page.

    A browser names the page's origin in ``Origin`` (on every POST and
    websocket) and, newer ones, the relation in ``Sec-Fetch-Site``; a request
    that names neither is not from another site's page in a browser.
    """
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None and site not in ("same-origin", "none"):
        return False
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    return origin == f"{request.scheme}://{request.host}"
