"""Where the browser pages of `facilitator serve` are, for the trainer's app to show.

Light on purpose: the app reads this without loading the web server.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .storage import write_atomically

if TYPE_CHECKING:
    from .serve import Serving

PAGES = ("room", "notes", "ask")  # the projector, the note-takers, the participants
SERVING_FILE = "serving.json"  # in the store, while `serve` runs: its addresses


def write_serving_file(serving: Serving) -> Path:
    """Tell the trainer's app the addresses, while this run lasts."""
    path = serving.store_root / SERVING_FILE
    record = {
        "pid": os.getpid(),
        "session": serving.session_id,
        **{page: serving.address(page) for page in PAGES},
    }
    # The join codes: for the trainer's own programs, not for every user of the machine.
    write_atomically(path, json.dumps(record), mode=0o600)
    return path


def current_addresses(store_root: Path, session_id: str) -> dict[str, str] | None:
    """The addresses a running ``serve`` offers for this session, if one runs."""
    try:
        record = json.loads((store_root / SERVING_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("session") != session_id:
        return None
    pid = record.get("pid")
    if not isinstance(pid, int) or not _alive(pid):
        return None
    found = {page: record.get(page) for page in PAGES}
    return {k: v for k, v in found.items() if isinstance(v, str)} or None


def _alive(pid: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - no cheap check there; the file goes at exit
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
