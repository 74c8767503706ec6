"""What the storage layer promises, one behaviour at a time.

The other store tests go through ``Store``; these call ``storage`` directly, so
that a small change to how a file is written, read or locked fails here by name:
the bytes on disk, the file's mode, the order of fsync and rename, the cleanup
after a failure, how long the lock waits and how it backs off, and what the
user is told.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import sys
import time
from pathlib import Path

import pytest

from facilitator import storage
from facilitator.errors import DamagedFileError, StoreBusy, StoreError, UnconfirmedSave
from facilitator.storage import (
    AtomicJSONStorage,
    FileLock,
    TransactionStorage,
    fsync_folder,
    read_json,
    reason_of,
    save_failed,
    temp_name,
    write_atomically,
)


def _open_fds() -> set[str]:
    return set(os.listdir("/proc/self/fd"))


@pytest.fixture
def umask_022():  # type: ignore[no-untyped-def]
    old = os.umask(0o022)
    yield
    os.umask(old)


# --- what the disk said, in words ---------------------------------------------


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.EACCES, "no permission to write there"),
        (errno.EPERM, "no permission to write there"),
        (errno.EROFS, "the disk is read-only"),
        (errno.ENOSPC, "the disk is full"),
        (errno.EDQUOT, "the disk is full"),
        (errno.EIO, "the disk reported an error"),
        (errno.ENOENT, "the folder does not exist"),
        (errno.EISDIR, "a folder is where a file should be"),
        (errno.ENOTDIR, "a file is where a folder should be"),
    ],
)
def test_each_fault_is_said_in_words_a_trainer_can_act_on(
    tmp_path: Path, code: int, words: str
) -> None:
    error = save_failed(tmp_path / "session.json", OSError(code, os.strerror(code)))
    assert isinstance(error, StoreError)
    assert words in str(error)
    assert str(tmp_path / "session.json") in str(error), "it says where"
    assert error.__cause__ is not None and error.__cause__.errno == code


def test_a_fault_without_words_of_ours_keeps_the_systems_words() -> None:
    assert reason_of(OSError(errno.EBUSY, "Device or resource busy")) == "Device or resource busy"
    assert reason_of(OSError(errno.EBUSY, None)) == "OSError"
    assert reason_of(OSError()) == "OSError", "no errno at all"
    assert reason_of(PermissionError(errno.EACCES, "x")) == "@oserror.access"


@pytest.mark.parametrize("winerror", [32, 33])
def test_a_windows_sharing_violation_says_another_program_has_the_file(winerror: int) -> None:
    exc = OSError(errno.EACCES, "denied")
    exc.winerror = winerror  # type: ignore[attr-defined]
    assert reason_of(exc) == "@oserror.in_use"
    other = OSError(errno.EACCES, "denied")
    other.winerror = 5  # type: ignore[attr-defined]
    assert reason_of(other) == "@oserror.access"


# --- writing a file whole ----------------------------------------------------------


def test_the_temporary_copy_is_hidden_beside_the_file_and_unique(tmp_path: Path) -> None:
    target = tmp_path / "session.json"
    first, second = temp_name(target), temp_name(target)
    assert first.parent == tmp_path, "same folder, so the rename is atomic"
    assert first.name.startswith(".session.json.")
    assert first.name.endswith(".tmp")
    assert f".{os.getpid()}-" in first.name, "a later run can tell a live writer's copy"
    assert first != second


def test_a_write_puts_exactly_the_text_in_place_with_the_usual_mode(
    tmp_path: Path, umask_022: None
) -> None:
    target = tmp_path / "session.json"
    write_atomically(target, '{"å": 1}')
    assert target.read_bytes() == '{"å": 1}'.encode()
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["session.json"], "no copy left"


def test_a_write_replaces_what_was_there(tmp_path: Path) -> None:
    target = tmp_path / "session.json"
    target.write_text("old and much longer than the new text")
    write_atomically(target, "new")
    assert target.read_text() == "new"


def test_a_short_write_is_carried_on_to_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The system may write less than asked; what is left must still be written."""
    real_write = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real_write(fd, bytes(data[:3])))
    target = tmp_path / "session.json"
    write_atomically(target, "Nästa träff 25 januari")
    assert target.read_text(encoding="utf-8") == "Nästa träff 25 januari"


def test_the_data_is_on_disk_before_the_rename_and_the_rename_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "session.json"
    steps: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        steps.append("fsync folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync file")
        real_fsync(fd)

    def replace(src: object, dst: object) -> None:
        steps.append("rename")
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    before = _open_fds()
    write_atomically(target, "x")
    assert steps == ["fsync file", "rename", "fsync folder"]
    assert _open_fds() == before, "every descriptor is closed again"


@pytest.mark.parametrize("where", ["write", "fsync", "replace"])
def test_a_failed_write_leaves_the_old_file_and_no_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    target = tmp_path / "session.json"
    target.write_text("kept")

    def refuse(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, where, refuse)
    before = _open_fds()
    with pytest.raises(OSError) as caught:
        write_atomically(target, "new")
    assert caught.value.errno == errno.ENOSPC
    monkeypatch.undo()
    assert target.read_text() == "kept"
    assert [p.name for p in tmp_path.iterdir()] == ["session.json"]
    assert _open_fds() == before


def test_an_interrupt_during_a_write_also_removes_the_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(tmp_path / "session.json", "new")
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_does_not_confirm_the_rename_is_an_unconfirmed_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "session.json"
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EIO, "Input/output error")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(UnconfirmedSave) as caught:
        write_atomically(target, "new")
    assert target.read_text() == "new", "the file is in place all the same"
    assert "the disk reported an error" in str(caught.value)
    assert str(target) in str(caught.value)
    assert isinstance(caught.value.__cause__, OSError)


def test_the_folder_sync_opens_the_folder_and_closes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[bool] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append(stat.S_ISDIR(os.fstat(fd).st_mode))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    before = _open_fds()
    fsync_folder(tmp_path)
    assert synced == [True]
    assert _open_fds() == before
    with pytest.raises(OSError):
        fsync_folder(tmp_path / "gone")


def test_windows_skips_the_folder_sync_it_cannot_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_open(*args: object, **kwargs: object) -> int:
        raise AssertionError("Windows cannot open a folder")

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(os, "open", no_open)
    fsync_folder(tmp_path)


# --- a refused rename, retried only where that passes ------------------------------


def _refusing_replace(times: int, calls: list[float]):  # type: ignore[no-untyped-def]
    real_replace = os.replace

    def replace(src: object, dst: object) -> None:
        calls.append(time.monotonic())
        if len(calls) <= times:
            raise PermissionError(errno.EACCES, "in use")
        real_replace(src, dst)  # type: ignore[arg-type]

    return replace


def test_a_refused_rename_is_retried_on_windows_with_growing_pauses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[float] = []
    pauses: list[float] = []
    monkeypatch.setattr(storage, "RETRY_REPLACE", True)
    monkeypatch.setattr(os, "replace", _refusing_replace(6, calls))
    monkeypatch.setattr(time, "sleep", pauses.append)
    write_atomically(tmp_path / "session.json", "new")
    assert len(calls) == 7
    assert pauses == [0.01, 0.02, 0.04, 0.08, 0.1, 0.1]
    assert (tmp_path / "session.json").read_text() == "new"


def test_a_rename_refused_for_longer_than_a_second_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[float] = []
    monkeypatch.setattr(storage, "RETRY_REPLACE", True)
    monkeypatch.setattr(os, "replace", _refusing_replace(10**6, calls))
    started = time.monotonic()
    with pytest.raises(PermissionError):
        write_atomically(tmp_path / "session.json", "new")
    took = time.monotonic() - started
    assert storage.REPLACE_RETRY_SECONDS == 1.0
    assert 0.95 <= took < 3.0
    assert len(calls) > 5
    assert list(tmp_path.iterdir()) == []


def test_elsewhere_a_refused_rename_fails_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[float] = []
    monkeypatch.setattr(storage, "RETRY_REPLACE", False)
    monkeypatch.setattr(os, "replace", _refusing_replace(1, calls))
    with pytest.raises(PermissionError):
        write_atomically(tmp_path / "session.json", "new")
    assert len(calls) == 1


def test_only_windows_retries_a_refused_rename() -> None:
    assert storage.RETRY_REPLACE is (sys.platform == "win32")


# --- reading -------------------------------------------------------------------


def test_reading_gives_back_what_was_written(tmp_path: Path) -> None:
    target = tmp_path / "f.json"
    target.write_text('{"a": {"1": {"text": "\\u00e5"}}, "b": []}')
    assert read_json(target) == {"a": {"1": {"text": "å"}}, "b": []}


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "the file is empty"),
        (b"  \n\t ", "the file is empty"),
        (b'{"a": 1, "a": 2}', "the key 'a' appears twice in one record"),
        (b'{"a": {"y": 1, "x": 2, "x": 3}}', "the key 'x' appears twice in one record"),
        (b"\xff\xfe{}", "not valid JSON"),
        (b'{"a": ', "not valid JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    ],
)
def test_a_file_that_does_not_read_is_damaged_and_named(
    tmp_path: Path, raw: bytes, reason: str
) -> None:
    target = tmp_path / "f.json"
    target.write_bytes(raw)
    with pytest.raises(DamagedFileError) as caught:
        read_json(target)
    if reason == "not valid JSON":
        assert caught.value.reason.startswith("not valid JSON: ")
    else:
        assert caught.value.reason == reason
    assert caught.value.path == target
    assert target.read_bytes() == raw, "left as it was"


def test_a_file_that_cannot_be_read_says_so(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as caught:
        read_json(tmp_path / "gone.json")
    assert not isinstance(caught.value, DamagedFileError)
    assert str(caught.value) == f"{tmp_path / 'gone.json'}: cannot read (No such file or directory)"


def test_equal_values_under_different_keys_are_not_duplicates(tmp_path: Path) -> None:
    target = tmp_path / "f.json"
    target.write_text('{"a": 1, "b": 1, "c": {"a": 1}}')
    assert read_json(target) == {"a": 1, "b": 1, "c": {"a": 1}}


# --- the TinyDB storages --------------------------------------------------------------


def test_a_missing_file_reads_as_no_data(tmp_path: Path) -> None:
    assert AtomicJSONStorage(tmp_path / "none.json").read() is None


@pytest.mark.parametrize("raw", ["[]", '"text"', '{"_default": []}', '{"a": {}, "b": 3}'])
def test_a_file_without_tables_is_not_a_tinydb_file(tmp_path: Path, raw: str) -> None:
    target = tmp_path / "f.json"
    target.write_text(raw)
    with pytest.raises(DamagedFileError) as caught:
        AtomicJSONStorage(target).read()
    assert caught.value.reason == "not a TinyDB file: tables are missing"


def test_tables_read_as_they_are(tmp_path: Path) -> None:
    target = tmp_path / "f.json"
    target.write_text('{"_default": {"1": {"a": 1}}, "notes": {}}')
    assert AtomicJSONStorage(str(target)).read() == {"_default": {"1": {"a": 1}}, "notes": {}}


def test_tables_are_written_compact_and_in_ascii(tmp_path: Path) -> None:
    target = tmp_path / "f.json"
    AtomicJSONStorage(target).write({"_default": {"1": {"text": "Grön öl, 5 €"}}})
    assert target.read_bytes() == b'{"_default":{"1":{"text":"Gr\\u00f6n \\u00f6l, 5 \\u20ac"}}}'
    AtomicJSONStorage(target).close()
    assert json.loads(target.read_bytes())["_default"]["1"]["text"] == "Grön öl, 5 €"


def test_a_failed_table_write_is_one_store_error_naming_the_file(tmp_path: Path) -> None:
    target = tmp_path / "gone" / "f.json"
    with pytest.raises(StoreError) as caught:
        AtomicJSONStorage(target).write({"_default": {}})
    assert not isinstance(caught.value, UnconfirmedSave)
    assert str(target) in str(caught.value)
    assert "the folder does not exist" in str(caught.value)
    assert isinstance(caught.value.__cause__, OSError)


def test_a_transaction_writes_once_on_commit_and_only_if_changed(tmp_path: Path) -> None:
    target = tmp_path / "f.json"
    data = {"_default": {"1": {"a": 1}}}
    transaction = TransactionStorage(target, data)
    assert transaction.read() is data
    transaction.commit()
    assert not target.exists(), "nothing changed, nothing written"
    transaction.write({"_default": {"1": {"a": 2}}})
    assert not target.exists(), "not before the commit"
    assert transaction.read() == {"_default": {"1": {"a": 2}}}
    transaction.commit()
    assert json.loads(target.read_text()) == {"_default": {"1": {"a": 2}}}
    target.write_text("changed by hand")
    transaction.commit()
    assert target.read_text() == "changed by hand", "a second commit writes nothing"


def test_a_new_files_transaction_writes_it_even_unchanged(tmp_path: Path) -> None:
    target = tmp_path / "f.json"
    TransactionStorage(target, {"_default": {}}, new=True).commit()
    assert json.loads(target.read_text()) == {"_default": {}}


# --- the lock between programs ------------------------------------------------------


def test_a_lock_never_taken_can_be_released(tmp_path: Path) -> None:
    lock = FileLock(tmp_path / "s")
    lock.release()
    assert not lock.lock_path.exists()
    with lock:
        pass
    lock.release()


def test_a_temporary_name_already_taken_is_never_written_into(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Exclusive creation: another writer's copy under the same name is left alone."""
    taken = tmp_path / ".session.json.taken.tmp"
    taken.write_text("another writer's copy")
    monkeypatch.setattr(storage, "temp_name", lambda path: taken)
    with pytest.raises(FileExistsError):
        write_atomically(tmp_path / "session.json", "new")
    assert taken.read_text() == "another writer's copy"
    assert not (tmp_path / "session.json").exists()


def test_the_lock_file_sits_beside_the_file(tmp_path: Path) -> None:
    assert FileLock(tmp_path / "session.json").lock_path == tmp_path / "session.json.lock"
    assert FileLock(tmp_path / "x").timeout == 10.0


def test_a_held_lock_is_refused_to_another_holder_until_released(tmp_path: Path) -> None:
    first, second = FileLock(tmp_path / "s"), FileLock(tmp_path / "s")
    before = _open_fds()
    with first:
        assert second.acquire(blocking=False) is False
        assert _open_fds() - before, "the holder keeps its descriptor"
    assert _open_fds() == before, "release closes it"
    assert second.acquire(blocking=False) is True
    assert first.acquire(blocking=False) is False
    second.release()
    second.release()  # a second release is harmless
    assert first.acquire(blocking=False) is True
    first.release()
    assert _open_fds() == before


def test_a_refused_lock_attempt_leaves_no_descriptor_open(tmp_path: Path) -> None:
    holder = FileLock(tmp_path / "s")
    holder.acquire()
    before = _open_fds()
    for _ in range(20):
        assert FileLock(tmp_path / "s").acquire(blocking=False) is False
    with pytest.raises(StoreBusy):
        FileLock(tmp_path / "s", timeout=0.05).acquire()
    assert _open_fds() == before
    holder.release()


def test_a_lock_held_past_the_timeout_is_a_busy_store(tmp_path: Path) -> None:
    holder = FileLock(tmp_path / "s")
    holder.acquire()
    waiter = FileLock(tmp_path / "s", timeout=0.3)
    started = time.monotonic()
    with pytest.raises(StoreBusy) as caught:
        waiter.acquire()
    took = time.monotonic() - started
    holder.release()
    assert 0.3 <= took < 1.5
    assert str(tmp_path / "s.lock") in str(caught.value)
    assert "busy" in str(caught.value)


def test_the_waiting_backs_off_from_a_millisecond_to_a_twentieth(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    holder = FileLock(tmp_path / "s")
    holder.acquire()
    pauses: list[float] = []
    clock = [0.0]

    def sleep(seconds: float) -> None:
        pauses.append(seconds)
        clock[0] += seconds

    monkeypatch.setattr(time, "sleep", sleep)
    monkeypatch.setattr(time, "monotonic", lambda: clock[0])
    with pytest.raises(StoreBusy):
        FileLock(tmp_path / "s", timeout=0.2).acquire()
    monkeypatch.undo()
    holder.release()
    assert pauses[:7] == [0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.05]
    assert set(pauses[6:]) == {0.05}
    assert 0.2 <= sum(pauses) < 0.2 + 0.05 + 1e-9, "it waits the timeout, not more"


def test_a_lock_released_while_waiting_is_taken(tmp_path: Path) -> None:
    import threading

    holder = FileLock(tmp_path / "s")
    holder.acquire()
    threading.Timer(0.1, holder.release).start()
    waiter = FileLock(tmp_path / "s", timeout=5)
    started = time.monotonic()
    waiter.acquire()
    assert time.monotonic() - started < 1.0
    assert holder.acquire(blocking=False) is False
    waiter.release()


@pytest.mark.parametrize("in_the_way", ["folder", "file"])
def test_a_lock_that_cannot_be_made_names_what_is_in_the_way(
    tmp_path: Path, in_the_way: str
) -> None:
    if in_the_way == "folder":
        (tmp_path / "s.lock").mkdir()
        expected = tmp_path / "s.lock"
        path = tmp_path / "s"
    else:
        (tmp_path / "plain").write_text("")
        path = tmp_path / "plain" / "s"
        expected = path.with_name("s.lock")
    with pytest.raises(StoreError) as caught:
        FileLock(path).acquire()
    assert str(expected) in str(caught.value)
    assert isinstance(caught.value.__cause__, OSError)


def test_a_lock_in_a_missing_folder_names_the_folder(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as caught:
        FileLock(tmp_path / "gone" / "s").acquire()
    message = str(caught.value)
    assert str(tmp_path / "gone") in message
    assert str(tmp_path / "gone" / "s.lock") not in message
    assert "the folder does not exist" in message


def test_the_lock_file_is_its_owners_alone_as_the_store_is(tmp_path: Path, umask_022: None) -> None:
    with FileLock(tmp_path / "s") as lock:
        assert lock.lock_path.exists()
    assert stat.S_IMODE((tmp_path / "s.lock").stat().st_mode) == 0o600
