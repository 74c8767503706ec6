"""Where things are in a store: the folders, the files' names, the default store."""

from __future__ import annotations

import os
import re
from pathlib import Path

SESSION_FILE = "session.json"


LOCK_FILE = ".lock"


INDEX_FILE = ".index.json"  # beside the session folders: what `list` needs of each


NOTES_PER_FILE = 100
# A notes file takes no more notes past this size (a note larger starts a file of its
# own): well under what a file may hold (storage.STORE_FILE_LIMIT, 64 MiB), so that no
# note, the largest the app allows included (a million characters, 12 MB escaped), can
# make the newest file one that can no longer be saved.
NOTES_FILE_BYTES = 16 * 1024 * 1024


NOTES_NAME = re.compile(r"notes-\d{5}\.json")


# Everything the store itself writes in a session's folder: its files, their
# locks, backups from a migration, and the temp files of a save under way.
OURS = re.compile(
    r"(session\.json|notes-\d{5}\.json)(\.v\d+\.bak)?|\.lock(\.lock)?|\..+\.tmp|.+\.lock"
)


def default_store_dir() -> Path:
    """$FACILITATOR_STORE, else the platform's user data folder."""
    env = os.environ.get("FACILITATOR_STORE")
    if env:
        return Path(env).expanduser()
    from ..places import user_folder  # only here: most runs never need it

    return user_folder("data")


def notes_path(folder: Path, number: int) -> Path:
    return folder / f"notes-{number:05d}.json"


def notes_number(name: str) -> int:
    """The number in a notes file's name: 7 for ``notes-00007.json``."""
    return int(name[len("notes-") : -len(".json")])
