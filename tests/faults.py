"""Fault injection for the store's disk work: an os call that fails with an errno, or is slow, at its Nth call.

Only calls made on behalf of facilitator's own code are touched (the nearest
caller outside the standard library is a facilitator module), so Textual and
pytest keep working while the store's disk is made to fail.
"""

from __future__ import annotations

import errno
import hashlib
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

CALLS = ("open", "write", "fsync", "replace", "mkdir")
_STDLIB = ("os", "pathlib", "shutil", "tempfile", "io", "posixpath", "ntpath", "genericpath")


def _from_facilitator() -> bool:
    frame = sys._getframe(2)
    while frame is not None:
        name = frame.f_globals.get("__name__", "")
        if name.split(".")[0] not in _STDLIB and name != __name__:
            return name.startswith("facilitator")
        frame = frame.f_back  # type: ignore[assignment]
    return False


class Faults:
    """Set up with ``fail`` or ``slow``; ``fired`` counts the faults raised."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self._monkeypatch = monkeypatch
        self._lock = threading.Lock()
        self.calls: dict[str, int] = {name: 0 for name in CALLS}
        self.fired = 0
        self._rules: list[tuple[str, int, int | None, int, float]] = []
        for name in CALLS:
            monkeypatch.setattr(os, name, self._wrap(name, getattr(os, name)))

    def fail(self, call: str, code: int, at: int = 1, times: int | None = 1) -> None:
        """``os.<call>`` raises ``code`` from its ``at``-th call on, ``times`` times (None: always)."""
        assert call in CALLS
        self._rules.append((call, at, times, code, 0.0))

    def slow(self, call: str, seconds: float) -> None:
        """Every ``os.<call>`` takes ``seconds`` longer."""
        self._rules.append((call, 1, None, 0, seconds))

    def clear(self) -> None:
        self._rules.clear()

    def _wrap(self, name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            if _from_facilitator():
                with self._lock:
                    self.calls[name] += 1
                    count = self.calls[name]
                for rule, at, times, code, seconds in list(self._rules):
                    if rule != name or count < at or (times is not None and count >= at + times):
                        continue
                    if seconds:
                        time.sleep(seconds)
                        continue
                    self.fired += 1
                    path = args[0] if args and isinstance(args[0], (str, Path)) else None
                    raise OSError(code, os.strerror(code), path)
            return real(*args, **kwargs)

        return call


@pytest.fixture
def faults(monkeypatch: pytest.MonkeyPatch) -> Faults:
    return Faults(monkeypatch)


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under ``folder`` by its path: the sha256 of its bytes and its mtime."""
    return {
        str(path.relative_to(folder)): (
            hashlib.sha256(path.read_bytes()).hexdigest(),
            path.stat().st_mtime_ns,
        )
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


ERRNOS = {
    "EACCES": errno.EACCES,
    "EROFS": errno.EROFS,
    "ENOSPC": errno.ENOSPC,
    "EIO": errno.EIO,
    "ENOENT": errno.ENOENT,
}
# The points of one save where the disk can fail, as (call, nth call):
# the lock file, the temp file, its write, its fsync, the rename, a new folder.
POINTS = [("open", 1), ("open", 2), ("write", 1), ("fsync", 1), ("replace", 1), ("mkdir", 1)]
