"""How much one sender may write in a minute: notes and characters, per phone and per address.

A window per key (an address, a phone's own id) of what it sent in the last
minute; a send over either count is refused before anything is written, so a
sender that floods is slowed and nobody else is. The keys held are bounded:
the oldest are forgotten first, so a stream of made-up keys costs a fixed memory.
Textual-free.
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

WINDOW_SECONDS = 60.0
MOST_KEYS = 10_000


@dataclass(frozen=True)
class Rate:
    """At most ``notes`` sends and ``chars`` characters a minute from one key."""

    notes: int
    chars: int


class Window:
    """What each key sent in the last minute, for at most ``most_keys`` keys."""

    def __init__(
        self,
        rate: Rate,
        most_keys: int = MOST_KEYS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate = rate
        self.most_keys = most_keys
        self._clock = clock
        self._sent: OrderedDict[str, deque[tuple[float, int]]] = OrderedDict()

    def _recent(self, key: str) -> deque[tuple[float, int]]:
        now = self._clock()
        sent = self._sent.get(key)
        if sent is None:
            sent = self._sent[key] = deque()
            while len(self._sent) > self.most_keys:  # senders long gone: the oldest first
                self._sent.popitem(last=False)
        else:
            self._sent.move_to_end(key)
        while sent and now - sent[0][0] > WINDOW_SECONDS:
            sent.popleft()
        return sent

    def allows(self, key: str, chars: int) -> bool:
        """Whether ``key`` may send ``chars`` more characters now (without counting it)."""
        sent = self._recent(key)
        return len(sent) < self.rate.notes and sum(c for _, c in sent) + chars <= self.rate.chars

    def count(self, key: str, chars: int) -> None:
        self._recent(key).append((self._clock(), chars))

    def __len__(self) -> int:
        return len(self._sent)


class Limits:
    """One page's rates: per phone (its own id) and per address (what the network says)."""

    def __init__(
        self, per_phone: Rate, per_address: Rate, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.phones = Window(per_phone, clock=clock)
        self.addresses = Window(per_address, clock=clock)

    def take(self, address: str, phone: str, chars: int) -> bool:
        """Counted against both if both allow it; False, and nothing counted, if either does not.

        An empty ``address`` or ``phone`` is not limited by that window.
        """
        keys = [(self.addresses, address)] if address else []
        if phone:
            keys.append((self.phones, phone[:64]))
        if not all(window.allows(key, chars) for window, key in keys):
            return False
        for window, key in keys:
            window.count(key, chars)
        return True


def phone_of(body: Any) -> str:
    """The id a phone page gave itself (kept in its storage), for its rate."""
    phone = body.get("phone", "") if isinstance(body, dict) else ""
    return phone[:40] if isinstance(phone, str) else ""
