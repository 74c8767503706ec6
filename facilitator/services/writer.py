"""One thread that does the durable work in the order it was asked for."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from ..errors import FacilitatorError
from ..storage import save_failed

# Runs a callback where the caller's state lives (the app's event loop); by default, at once.
Deliver = Callable[[Callable[[], None]], object]
Done = Callable[[Any, Exception | None], None]


def at_once(callback: Callable[[], None]) -> None:
    callback()


class Writer:
    """One thread that does the durable work in the order it was asked for.

    ``submit`` returns at once; ``done(result, error)`` is handed to ``deliver``
    when the work has finished. An error is never raised into the thread: a
    fault of the disk (``OSError``) arrives as the store's one clear message.

    Items handed to ``batch`` one after another while the thread is busy are
    done in one piece of work (thirty notes typed during a slow save: one
    write), unless anything else was submitted in between: that closes the
    batch, so everything is still done in the order asked.
    """

    def __init__(
        self, deliver: Deliver = at_once, on_idle: Callable[[], None] = lambda: None
    ) -> None:
        self._deliver = deliver
        self._jobs: queue.Queue[tuple[Callable[[], Any], Done] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._queued = 0
        # Handed to ``deliver`` after the outcome of the last job queued: the
        # moment to read the store afresh once for a whole burst of saves.
        self._on_idle = on_idle
        # The items of the last batch queued, while the thread has not started it.
        self._open_batch: tuple[object, list[Any]] | None = None
        self._batch_lock = threading.Lock()

    def submit(self, work: Callable[[], Any], done: Done) -> None:
        with self._batch_lock:
            self._open_batch = None  # what is batched after this is done after it
        self._put(work, done)

    def batch(
        self,
        key: object,
        item: Any,
        work: Callable[[list[Any]], Any],
        done: Callable[[list[Any], Any, Exception | None], None],
    ) -> None:
        """Add ``item`` to the batch of ``key`` not yet started, or queue a new batch with it.

        ``work(items)`` runs on the thread with every item the batch gathered;
        ``done(items, result, error)`` is delivered as ``submit``'s ``done`` is.
        """
        with self._batch_lock:
            if self._open_batch is not None and self._open_batch[0] == key:
                self._open_batch[1].append(item)
                return
            opened: tuple[object, list[Any]] = (key, [item])
            self._open_batch = opened

        def run() -> Any:
            with self._batch_lock:
                if self._open_batch is opened:
                    self._open_batch = None  # from now on, items go in the next batch
                items = list(opened[1])
            return items, work(items)

        def finished(result: Any, error: Exception | None) -> None:
            if error is None:
                items, result = result
            else:
                items = list(opened[1])
            done(items, result, error)

        self._put(run, finished)

    def _put(self, work: Callable[[], Any], done: Done) -> None:
        with self._lock:
            self._queued += 1
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="facilitator-writer", daemon=True
                )
                self._thread.start()
        self._jobs.put((work, done))

    @property
    def busy(self) -> bool:
        """Whether any work is queued or under way."""
        return self._queued > 0

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until every job submitted so far is done and its outcome handed to ``deliver``.

        False on a timeout.
        """
        finished = threading.Event()
        self._put(finished.set, lambda _result, _error: None)
        return finished.wait(timeout)

    def close(self, timeout: float = 10.0) -> bool:
        """Finish what was asked, then stop the thread; False if it did not finish in time."""
        with self._lock:
            thread = self._thread
            self._thread = None
        if thread is None:
            return True
        self._jobs.put(None)
        thread.join(timeout)
        return not thread.is_alive()

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            work, done = job
            result: Any = None
            error: Exception | None = None
            try:
                result = work()
            except FacilitatorError as exc:
                error = exc
            except OSError as exc:  # a path the store did not wrap: still one clear message
                error = save_failed(_path_of(exc), exc)
            except Exception as exc:  # a bug of ours: reported, and the text is kept
                error = exc
            with self._lock:
                self._queued -= 1
                idle = self._queued == 0
            try:
                self._deliver(partial(done, result, error))
                if idle:
                    self._deliver(self._on_idle)
            except RuntimeError:
                pass  # the app's loop is gone: nobody is left to tell


def _path_of(exc: OSError) -> Path:
    return Path(exc.filename) if exc.filename else Path(".")
