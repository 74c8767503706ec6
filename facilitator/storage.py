"""A TinyDB storage that cannot leave a half-written file, and the lock around it."""

from __future__ import annotations

import errno
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from .errors import DamagedFileError, StoreBusy, StoreError, UnconfirmedSave

TEMP_SUFFIX = ".tmp"
LOCK_SUFFIX = ".lock"

# Windows refuses to replace a file that another process has open (the room view
# and a note-taker read every half second): such a refusal passes within moments.
RETRY_REPLACE = sys.platform == "win32"
REPLACE_RETRY_SECONDS = 1.0

# What the operating system said, in words a trainer can act on (string table keys).
_REASONS = {
    errno.EACCES: "oserror.access",
    errno.EPERM: "oserror.access",
    errno.EROFS: "oserror.read_only",
    errno.ENOSPC: "oserror.full",
    errno.EDQUOT: "oserror.full",
    errno.EIO: "oserror.io",
    errno.ENOENT: "oserror.gone",
    errno.EISDIR: "oserror.folder",
    errno.ENOTDIR: "oserror.not_folder",
}
_SHARING_VIOLATIONS = {32, 33}  # Windows: ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION


def reason_of(exc: OSError) -> str:
    """The cause of an OS fault: a string-table key written "@key", else the system's words."""
    if getattr(exc, "winerror", None) in _SHARING_VIOLATIONS:
        return "@oserror.in_use"
    key = _REASONS.get(exc.errno or 0)
    if key is not None:
        return "@" + key
    return exc.strerror or type(exc).__name__


def save_failed(path: Path, exc: OSError) -> StoreError:
    """One message for any fault while saving ``path``: what the disk said, and that nothing changed."""
    error = StoreError.of("store.save_failed", path=str(path), reason=reason_of(exc))
    error.__cause__ = exc
    return error


def temp_name(path: Path) -> Path:
    """Where a new copy of ``path`` is written before it replaces the old one."""
    return path.with_name(f".{path.name}.{os.getpid()}-{os.urandom(3).hex()}{TEMP_SUFFIX}")


# The store's files and folders are the trainer's alone: they hold participants' names,
# e-mail addresses and what was said. Exports keep the usual mode (the user's umask).
PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


def write_atomically(path: Path, text: str | bytes, mode: int = 0o644) -> None:
    """Replace ``path`` with ``text`` so that a reader sees all of it or none.

    ``mode``: who may read it (0o600 for what only its owner may: join codes).

    The data is on disk (fsync) before the rename, and the rename is on disk
    (fsync of the folder) before we return: a note whose save returned survives
    a crash or a pulled plug.
    """
    tmp = temp_name(path)
    data = text.encode("utf-8") if isinstance(text, str) else text
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
    try:
        try:
            written = 0
            while written < len(data):
                written += os.write(fd, data[written:])
            os.fsync(fd)
        finally:
            os.close(fd)
        _replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:
        fsync_folder(path.parent)
    except OSError as exc:
        # The new file is in place and every reader sees it; only the disk's
        # promise to keep the rename is missing. Saying "not saved" here would
        # have the user save the same thing twice.
        raise UnconfirmedSave.of(
            "store.unconfirmed", path=str(path), reason=reason_of(exc)
        ) from exc


def _replace(tmp: Path, path: Path) -> None:
    deadline = time.monotonic() + REPLACE_RETRY_SECONDS
    delay = 0.01
    while True:
        try:
            os.replace(tmp, path)
            return
        except PermissionError:
            if not RETRY_REPLACE or time.monotonic() >= deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.1)


def fsync_folder(folder: Path) -> None:
    if sys.platform == "win32":  # Windows cannot open a folder for fsync; NTFS journals renames.
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# No real session comes near these sizes; a file past them is refused before it
# is read, so that a stray 1 GB file cannot take the laptop's memory. The store
# never writes a file larger than it will read back.
STORE_FILE_LIMIT = 64 * 1024 * 1024


class TooLarge(ValueError):
    """A file larger than the program will read."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(
            f"too large: {size / 1024 / 1024:,.1f} MiB, where {limit // 1024 // 1024} MiB "
            "is the most a file of this kind may hold"
        )


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of ``path``, refused (``TooLarge``) before reading if it holds more than ``limit``."""
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > limit:
            raise TooLarge(size, limit)
        # Asked for what the file holds, not for the limit: a read allocates what it is asked.
        data = handle.read(size + 1)
        while len(data) > size:  # it grows while being read: on, up to the limit
            more = handle.read(1 << 20)
            if not more:
                break
            data += more
            if len(data) > limit:
                raise TooLarge(len(data), limit)
    return data


def unreadable(exc: OSError, what: str = "") -> str:
    """Why a file (``what``: "the plan") could not be read, in words that say what is wrong with it."""
    if exc.errno == errno.ELOOP:
        return "a link that leads round in a loop, not a file"
    if exc.errno == errno.EISDIR:
        return "a folder is where a file should be"
    return f"cannot read{' ' + what if what else ''} ({exc.strerror or exc})"


class NestedTooDeep(ValueError):
    """JSON nested deeper than the parser goes: no file or note of ours is like it."""


def parse_json(raw: bytes) -> Any:
    """JSON from bytes, strictly: UTF-8 (a byte-order mark allowed), no key twice in one object.

    Raises ``ValueError`` with what is wrong; deep nesting included.
    """
    try:
        return json.loads(raw.removeprefix(b"\xef\xbb\xbf"), object_pairs_hook=_unique_keys)
    except _DuplicateKey as exc:
        raise ValueError(f"the key {exc} appears twice in one object") from None
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 text (byte {exc.start})") from None
    except RecursionError:
        raise NestedTooDeep("nested too deep") from None
    except ValueError as exc:
        raise ValueError(f"not valid JSON: {exc}") from None


def read_json(path: Path) -> Any:
    """The parsed contents of a store file; a file that does not parse is damaged."""
    try:
        raw = read_limited(path, STORE_FILE_LIMIT)
    except TooLarge as exc:
        raise DamagedFileError(path, str(exc)) from None
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EISDIR):
            raise DamagedFileError(path, unreadable(exc)) from exc
        raise StoreError(f"{path}: {unreadable(exc)}") from exc
    if not raw.strip():
        raise DamagedFileError(path, "the file is empty")
    try:
        return json.loads(raw, object_pairs_hook=_unique_keys)
    except _DuplicateKey as exc:
        raise DamagedFileError(path, f"the key {exc} appears twice in one record") from exc
    except (UnicodeDecodeError, ValueError) as exc:
        raise DamagedFileError(path, f"not valid JSON: {exc}") from exc
    except RecursionError:
        raise DamagedFileError(path, "nested too deeply") from None


class _DuplicateKey(ValueError):
    """Two equal keys in one JSON object: a rewrite would silently keep only one."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(repr(key))
            seen.add(key)
    return result


class AtomicJSONStorage(Storage):
    """TinyDB's JSON layout, written by temp file, fsync and rename.

    The file stays plain TinyDB JSON, so stock ``TinyDB(path)`` opens it. It is
    written as ASCII (non-ASCII escaped) so that any reader decodes it alike,
    whatever its locale.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def read(self) -> dict[str, dict[str, Any]] | None:
        if not self.path.exists():
            return None
        data = read_json(self.path)
        if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
            raise DamagedFileError(self.path, "not a TinyDB file: tables are missing")
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
        if len(text) > STORE_FILE_LIMIT:  # ASCII: one byte a character
            raise StoreError(
                f"{self.path}: not saved, the file would be {TooLarge(len(text), STORE_FILE_LIMIT)}"
            )
        try:
            write_atomically(self.path, text, PRIVATE_FILE)
        except OSError as exc:
            raise save_failed(self.path, exc) from exc

    def close(self) -> None:
        pass


class TransactionStorage(Storage):
    """One file's data for TinyDB, read once by the caller and written once on commit.

    A transaction holds the lock, so the data cannot go stale in between; and
    nothing reaches the disk unless the whole change succeeded.
    """

    def __init__(self, path: Path, data: dict[str, dict[str, Any]], new: bool = False) -> None:
        self.path = path
        self.data = data
        self.dirty = new

    def read(self) -> dict[str, dict[str, Any]]:
        return self.data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self.data = data
        self.dirty = True

    def commit(self) -> None:
        if self.dirty:
            AtomicJSONStorage(self.path).write(self.data)
            self.dirty = False


class FileLock:
    """An exclusive lock between processes on ``path`` + ``.lock``.

    The operating system drops the lock when its holder dies, so a killed
    process never leaves the store locked. (We hold our own few lines here
    rather than depend on `filelock`, whose import alone costs more than the
    whole `facilitator note` command is allowed.)
    """

    def __init__(self, path: Path, timeout: float = 10.0) -> None:
        self.lock_path = path.with_name(path.name + LOCK_SUFFIX)
        self.timeout = timeout
        self._fd: int | None = None

    def acquire(self, blocking: bool = True) -> bool:
        try:
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
        except OSError as exc:
            # A folder in the lock's place is named as such; otherwise the folder
            # that refused (read-only, full…) says more to the user than our lock file.
            in_the_way = exc.errno in (errno.EISDIR, errno.ENOTDIR)
            raise save_failed(self.lock_path if in_the_way else self.lock_path.parent, exc) from exc
        deadline = time.monotonic() + self.timeout
        delay = 0.001
        while True:
            if _try_lock(fd):
                self._fd = fd
                return True
            if not blocking or time.monotonic() >= deadline:
                os.close(fd)
                if not blocking:
                    return False
                raise StoreBusy.of("store.busy", path=str(self.lock_path))
            time.sleep(delay)
            delay = min(delay * 2, 0.05)

    def release(self) -> None:
        if self._fd is not None:
            _unlock(self._fd)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
