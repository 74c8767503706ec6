"""A child process for the crash test of notes from afar: bursts of phone notes, each id printed once saved."""

from __future__ import annotations

import sys
import threading

from facilitator.model import Note
from facilitator.services import Desk, Services
from facilitator.store import Store


def main() -> None:
    root, session_id, bursts, tag = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    services = Services(Desk(Store(root), session_id))  # outcomes delivered on the writer's thread
    lock = threading.Lock()
    last: list[Note] = []
    for burst in range(bursts):
        answered = threading.Semaphore(0)
        notes = [Note(f"{tag} burst {burst} phone {i} — åäö") for i in range(20)]
        sent = [*notes, *last[:2]]  # two phones that never heard their ✓ send again

        def done(error: Exception | None, note: Note, told: threading.Semaphore) -> None:
            if error is None:
                with lock:
                    print(note.id, flush=True)  # only once its write is on disk
            told.release()

        print("saving", flush=True)
        for note in sent:
            services.notes.save_from_afar(
                [note], lambda _, e, n=note, told=answered: done(e, n, told)
            )
        for _ in sent:
            answered.acquire()
        last = notes


if __name__ == "__main__":
    main()
