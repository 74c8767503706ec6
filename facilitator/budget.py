"""How much of the disk the phones may fill: a share per address for the whole run, and free space kept.

The rates (``rates.py``) slow a sender down minute by minute; over a long day
a steady sender could still grow the store without end. So each address may
add at most ``ADDRESS_BYTES`` to the store while ``serve`` runs (as the notes
files hold it: an emoji escaped in JSON is twelve bytes), and no phone's note
is taken once the store's disk has less than ``FREE_BYTES`` free: what is left
is the trainer's, for the app's own notes and the recap. A phone refused for
either keeps its note and sends it again later; nobody else is held up.
Textual-free.
"""

from __future__ import annotations

import shutil
from collections import OrderedDict
from collections.abc import Callable
from enum import Enum
from pathlib import Path

# 8 MiB of notes files is about a million words of Swedish: more than a table types in
# a year, and at the fastest rate a page allows, over half an hour of flooding.
ADDRESS_BYTES = 8 * 1024 * 1024
FREE_BYTES = 256 * 1024 * 1024  # kept free for the trainer: the app's notes, the recap, a .docx
MOST_ADDRESSES = 10_000  # the oldest forgotten first: made-up addresses cost a fixed memory


class Refusal(Enum):
    SHARE = "share"  # this address has added its share to the store already
    DISK = "disk"  # the store's disk is nearly full


def free_bytes(folder: Path) -> int:
    """Free space on the disk that holds ``folder`` (0 if it cannot be asked)."""
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return 0


class Budget:
    """What each address has added to the store in this run, and whether one more note may go in."""

    def __init__(
        self,
        folder: Path,
        per_address: int = ADDRESS_BYTES,
        keep_free: int = FREE_BYTES,
        free: Callable[[Path], int] = free_bytes,
    ) -> None:
        self.folder = folder
        self.per_address = per_address
        self.keep_free = keep_free
        self._free = free
        self._added: OrderedDict[str, int] = OrderedDict()

    def refusal(self, address: str, size: int) -> Refusal | None:
        """Why a note of ``size`` bytes from ``address`` may not be saved now, or None.

        An empty ``address`` (the laptop's own programs) has no share to use up,
        but the free space is kept from it too: a phone page played from the
        laptop is still a phone page.
        """
        if address and self._added.get(address, 0) + size > self.per_address:
            return Refusal.SHARE
        if self._free(self.folder) - size < self.keep_free:
            return Refusal.DISK
        return None

    def count(self, address: str, size: int) -> None:
        """``size`` more bytes saved from ``address``."""
        if not address:
            return
        self._added[address] = self._added.get(address, 0) + size
        self._added.move_to_end(address)
        while len(self._added) > MOST_ADDRESSES:
            self._added.popitem(last=False)

    def added(self, address: str) -> int:
        return self._added.get(address, 0)
