"""Fault injection for the store's disk work: an os call that fails with an errno, or is slow, at its Nth call.

Only calls made on behalf of facilitator's own code are touched (the nearest
caller outside the standard library is a facilitator module), so Textual and
pytest keep working while the store's disk is made to fail.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

CALLS = ("open", "write", "fsync", "replace", "mkdir", "link", "unlink", "rmdir")
# What a call's first argument must be for a rule to apply to it (None: any).
Where = Callable[[Any], bool] | None
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
        self._rules: list[tuple[str, int, int | None, int, float, Where]] = []
        self.reached: dict[str, int] = {}  # per rule's name: how often it fired
        for name in CALLS:
            monkeypatch.setattr(os, name, self._wrap(name, getattr(os, name)))

    def fail(
        self, call: str, code: int, at: int = 1, times: int | None = 1, where: Where = None
    ) -> None:
        """``os.<call>`` raises ``code`` from its ``at``-th call on, ``times`` times (None: always).

        With ``where``, only calls whose first argument it accepts count and fail.
        """
        assert call in CALLS
        self._rules.append((call, at, times, code, 0.0, where))

    def slow(self, call: str, seconds: float) -> None:
        """Every ``os.<call>`` takes ``seconds`` longer."""
        self._rules.append((call, 1, None, 0, seconds, None))

    def read_only(self, root: Path) -> None:
        """Everything under ``root`` behaves as on a read-only disk: reading works, nothing else."""

        def inside(target: Any) -> bool:
            return isinstance(target, (str, Path)) and Path(target).is_relative_to(root)

        for call in ("mkdir", "replace", "link", "unlink", "rmdir"):
            self.fail(call, errno.EROFS, times=None, where=inside)
        self._read_only_root = root  # and open() for writing, in _wrap

    _read_only_root: Path | None = None

    def _read_only_open(self, args: tuple[Any, ...]) -> bool:
        root = self._read_only_root
        if root is None or not args or not isinstance(args[0], (str, Path)):
            return False
        flags = args[1] if len(args) > 1 else os.O_RDONLY
        wants_write = flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC)
        return bool(wants_write) and Path(args[0]).is_relative_to(root)

    def clear(self) -> None:
        self._rules.clear()
        self._read_only_root = None

    def _wrap(self, name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            if _from_facilitator():
                with self._lock:
                    self.calls[name] += 1
                    count = self.calls[name]
                if name == "open" and self._read_only_open(args):
                    self._fire("read-only", errno.EROFS, args)
                for rule, at, times, code, seconds, where in list(self._rules):
                    if rule != name or (where is not None and not where(args[0] if args else None)):
                        continue
                    if where is not None:
                        with self._lock:
                            key = f"{name}@{id(where)}"
                            self.calls[key] = self.calls.get(key, 0) + 1
                            count = self.calls[key]
                    if count < at or (times is not None and count >= at + times):
                        continue
                    if seconds:
                        time.sleep(seconds)
                        continue
                    self._fire(name, code, args)
            return real(*args, **kwargs)

        return call

    def _fire(self, name: str, code: int, args: tuple[Any, ...]) -> None:
        with self._lock:
            self.fired += 1
            self.reached[name] = self.reached.get(name, 0) + 1
        path = args[0] if args and isinstance(args[0], (str, Path)) else None
        raise OSError(code, os.strerror(code), path)


def on_folder(fd: Any) -> bool:
    """An fsync of a folder (the rename's confirmation)."""
    return isinstance(fd, int) and stat.S_ISDIR(os.fstat(fd).st_mode)


def on_file(fd: Any) -> bool:
    """An fsync of a file (its bytes)."""
    return isinstance(fd, int) and not stat.S_ISDIR(os.fstat(fd).st_mode)


def on_lock(path: Any) -> bool:
    """The opening of a lock file."""
    return isinstance(path, (str, Path)) and str(path).endswith(".lock")


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
