"""The session store: a folder per session of small TinyDB files, locked, versioned, change-aware.

``Store`` (in ``face``) is its face, and holds its parts, each an object with
public calls and no knowledge of the others' insides: ``ground`` (the folders,
a session's files, the lock, a file read with its checks or written whole),
``notes`` (the notes files), ``listing`` (the sessions and their index),
``programmes``, and ``sessions`` (a whole session read, created, migrated and
changed). ``layout`` says where things are, ``schema`` what a file holds, its
version and migrations, its checks.

Layout under the store folder::

    sessions/<id>/session.json       TinyDB tables meta, session, blocks, presentations
    sessions/<id>/notes-00001.json   TinyDB tables meta, notes: at most NOTES_PER_FILE notes
    sessions/<id>/notes-00002.json   ...
    sessions/<id>/.lock              taken around each read-modify-write
    sessions/<id>/<file>.v<N>.bak    a file as it was before its migration from schema N

Saving a note rewrites only the newest notes file, which the store remembers
(checked by name, not by listing the folder), so its cost stays the same
however long the day or the history grows. Readers need no lock: files are only
ever replaced whole (see storage.py).
"""

from .face import Store
from .layout import INDEX_FILE, LOCK_FILE, NOTES_PER_FILE, SESSION_FILE, default_store_dir
from .listing import Problem, SessionSummary
from .notes import SavedNotes
from .schema import MIGRATIONS, SCHEMA_VERSION

__all__ = [
    "INDEX_FILE",
    "LOCK_FILE",
    "MIGRATIONS",
    "NOTES_PER_FILE",
    "SCHEMA_VERSION",
    "SESSION_FILE",
    "Problem",
    "SavedNotes",
    "SessionSummary",
    "Store",
    "default_store_dir",
]
