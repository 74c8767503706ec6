"""A child process for the crash and concurrency tests: saves notes and prints each id once saved."""

from __future__ import annotations

import sys

from fakes import add_note

from facilitator.store import Store


def main() -> None:
    root, session_id, count, tag = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    store = Store(root)
    for i in range(count):
        print("saving", flush=True)  # the crash test counts the kills that land inside a save
        note = add_note(store, session_id, f"{tag} note {i} — åäö 🎉")
        # Printed only after add_note returned, i.e. after the note is durable.
        print(note.id, flush=True)


if __name__ == "__main__":
    main()
