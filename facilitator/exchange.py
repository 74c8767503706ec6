"""The lossless JSON form of a session: export it, and import it back under fresh ids."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from . import model
from .errors import PlanError
from .model import RoomState, SessionData
from .records import (
    block_from_record,
    block_to_record,
    note_from_record,
    note_to_record,
    presentation_from_record,
    presentation_to_record,
    session_from_record,
    session_to_record,
)
from .safetext import escape_unsafe_json
from .storage import TooLarge, parse_json, read_limited, unreadable

FORMAT = "facilitator-session"
FORMAT_VERSION = 1
# A whole day's export: fifty thousand notes of a paragraph each is about 50 MiB.
IMPORT_LIMIT = 256 * 1024 * 1024


def to_json_data(data: SessionData) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "session": session_to_record(data.session),
        "blocks": [block_to_record(b) for b in data.blocks],
        "presentations": [presentation_to_record(p) for p in data.presentations],
        # What the trainer hid from the room's contributions stays in the store only.
        "notes": [note_to_record(n) for n in data.notes if n.room is not RoomState.HIDDEN],
    }


def to_json(data: SessionData) -> str:
    text = json.dumps(to_json_data(data), ensure_ascii=False, indent=2)
    return escape_unsafe_json(text) + "\n"


def from_json(text: str | bytes, source: str = "<json>") -> SessionData:
    """A session from its JSON export, under fresh ids with every link intact."""
    try:
        doc = parse_json(text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text)
    except ValueError as exc:
        raise PlanError(f"{source}: {exc}") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise PlanError(f'{source}: not a facilitator session export (no "format": "{FORMAT}")')
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise PlanError(f'{source}: "version" must be a whole number, got {version!r}')
    if version > FORMAT_VERSION:
        raise PlanError(
            f"{source}: written by a newer facilitator (format version {version}; this one "
            f"reads up to {FORMAT_VERSION}). Upgrade facilitator to import it."
        )
    where = "session"
    try:
        session = session_from_record(doc["session"])
        blocks = []
        for i, record in enumerate(doc.get("blocks", [])):
            where = f"blocks[{i}]"
            blocks.append(block_from_record(record))
        presentations = []
        for i, record in enumerate(doc.get("presentations", [])):
            where = f"presentations[{i}]"
            presentations.append(presentation_from_record(record))
        notes = []
        for i, record in enumerate(doc.get("notes", [])):
            where = f"notes[{i}]"
            notes.append(note_from_record(record))
    except KeyError as exc:
        raise PlanError(f"{source}: {where}: missing field {exc}") from exc
    except (TypeError, ValueError, AttributeError) as exc:
        raise PlanError(f"{source}: {where}: {exc}") from exc
    _check_links(SessionData(session, blocks, presentations, notes), source)
    return model.with_fresh_ids(SessionData(session, blocks, presentations, notes))


def _check_links(data: SessionData, source: str) -> None:
    block_ids = {b.id for b in data.blocks}
    presentation_ids = {p.id for p in data.presentations}
    if len(block_ids) < len(data.blocks) or len(presentation_ids) < len(data.presentations):
        raise PlanError(f"{source}: two records share one id; links would be ambiguous")
    for i, note in enumerate(data.notes):
        if note.block_id is not None and note.block_id not in block_ids:
            raise PlanError(
                f"{source}: notes[{i}]: links to block {note.block_id!r}, which is not in the file"
            )
        if note.presentation_id is not None and note.presentation_id not in presentation_ids:
            raise PlanError(
                f"{source}: notes[{i}]: links to presentation {note.presentation_id!r}, which is not in the file"
            )


def read_import(path: str | Path, warnings: list[str] | None = None) -> SessionData:
    """A session from a .json export (by its extension) or else a .toml plan (and its warnings)."""
    from .plan import read_plan

    path = Path(path)
    if path.suffix.lower() == ".json":
        try:
            raw = read_limited(path, IMPORT_LIMIT)
        except TooLarge as exc:
            raise PlanError(f"{path}: {exc}") from None
        except OSError as exc:
            raise PlanError(f"{path}: {unreadable(exc)}") from exc
        return from_json(raw, str(path))
    return read_plan(path, warnings)
