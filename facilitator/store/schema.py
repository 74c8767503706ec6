"""What a store file holds and how it is read: its kind, its schema version and migrations, its checks."""

from __future__ import annotations

import errno
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..errors import (
    DamagedFileError,
    NewerVersionError,
    StoreError,
)
from ..model import SessionData
from ..records import (
    block_from_record,
    note_from_record,
    presentation_from_record,
    session_from_record,
)
from ..storage import (
    unreadable,
)

SCHEMA_VERSION = 1


SESSION_KIND = "facilitator-session"


NOTES_KIND = "facilitator-notes"


PROGRAMME_KIND = "facilitator-programme"


INDEX_KIND = "facilitator-session-index"


# Upgrades of one file's raw data from schema N to N + 1, given the file's kind
# (SESSION_KIND or NOTES_KIND). An older file is backed up, then taken through
# each step in turn.
MIGRATIONS: dict[int, Callable[[str, dict[str, Any]], dict[str, Any]]] = {}


Raw = dict[str, dict[str, Any]]


CONTENT_ERRORS = (KeyError, TypeError, ValueError, AttributeError)


def meta_table(kind: str) -> dict[str, Any]:
    return {"1": {"kind": kind, "schema": SCHEMA_VERSION}}


def schema_of(raw: Raw, path: Path, kind: str) -> int:
    meta = list(raw.get("meta", {}).values())
    if len(meta) != 1 or not isinstance(meta[0], dict) or meta[0].get("kind") != kind:
        raise DamagedFileError(path, f"not a {kind} file (no meta record)")
    version = meta[0].get("schema")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DamagedFileError(path, f"unknown schema version {version!r}")
    if version > SCHEMA_VERSION:
        raise NewerVersionError(
            f"{path}: written by a newer facilitator (schema {version}; this one knows up "
            f"to {SCHEMA_VERSION}). Upgrade facilitator to open it; the file was left as it is."
        )
    return version


def check_shape(raw: Raw, path: Path, kind: str) -> None:
    """Refuse to write into a file we could not read back whole.

    Every record of the file is read as a load would read it (types, limits,
    times), ids are unique, and a session file has exactly one session: a file
    that breaks any of it is damaged, and a save into it would rewrite what we
    do not understand. A notes file holds at most a hundred notes, so this stays
    cheap.
    """
    tables = ("notes",) if kind == NOTES_KIND else ("session", "blocks", "presentations")
    try:
        if kind == SESSION_KIND:
            only_record(raw, "session")
        for table in tables:
            ids: set[str] = set()
            for number, item in raw.get(table, {}).items():
                if not isinstance(item, dict):
                    raise ValueError(f"{table} record {number} is not a record")
                record = _READERS[table](item)
                if record.id in ids:
                    raise ValueError(f"two {table} records have the id {record.id!r}")
                ids.add(record.id)
    except CONTENT_ERRORS as exc:
        raise DamagedFileError(path, f"unexpected content ({type(exc).__name__}: {exc})") from exc


def ordered(table: dict[str, Any], by_position: bool) -> list[dict[str, Any]]:
    if by_position:
        return sorted(table.values(), key=lambda r: r.get("position", 0))
    return [table[k] for k in sorted(table, key=int)]


def table_dict(table: Any) -> dict[str, Any]:
    """A TinyDB table's records keyed by doc id, as in the file."""
    return {str(doc.doc_id): dict(doc) for doc in table.all()}


def only_record(raw: Raw, table: str) -> dict[str, Any]:
    """The one record of a table that holds exactly one (session, programme)."""
    records = list(raw.get(table, {}).values())
    if len(records) != 1:
        raise KeyError(table)
    return dict(records[0])


def positioned(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**r, "position": i} for i, r in enumerate(records)]


def numbered(records: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {str(i): r for i, r in enumerate(records, start=1)}


def to_session_data(main: Raw, path: Path) -> SessionData:
    try:
        data = SessionData(
            session=session_from_record(only_record(main, "session")),
            blocks=[block_from_record(r) for r in ordered(main.get("blocks", {}), True)],
            presentations=[
                presentation_from_record(r) for r in ordered(main.get("presentations", {}), True)
            ],
        )
    except CONTENT_ERRORS as exc:
        raise DamagedFileError(path, f"unexpected content ({type(exc).__name__}: {exc})") from exc
    for records in (data.blocks, data.presentations):
        if len({r.id for r in records}) < len(records):
            raise DamagedFileError(path, "two records share one id")
    return data


def unreadable_file(path: Path, exc: OSError) -> StoreError:
    """A store file the system would not open: damaged where it is the file's own fault."""
    if exc.errno in (errno.ELOOP, errno.EISDIR, errno.ENOENT):
        return DamagedFileError(
            path, unreadable(exc) if exc.errno != errno.ENOENT else "a link to no file"
        )
    return StoreError(f"{path}: {unreadable(exc)}")


# What each table's records are read with: the rules of model.py and limits.py.
_READERS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "session": session_from_record,
    "blocks": block_from_record,
    "presentations": presentation_from_record,
    "notes": note_from_record,
}
