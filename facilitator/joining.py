"""Where the browser pages of `facilitator serve` are, for the trainer's app to show, and their QR code.

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

PAGES = ("room", "notes")
SERVING_FILE = "serving.json"  # in the store, while `serve` runs: its addresses


def write_serving_file(serving: Serving) -> Path:
    """Tell the trainer's app the addresses, while this run lasts."""
    path = serving.store_root / SERVING_FILE
    record = {
        "pid": os.getpid(),
        "session": serving.session_id,
        **{page: serving.address(page) for page in PAGES},
    }
    write_atomically(path, json.dumps(record))
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


def qr_matrix(text: str) -> list[list[bool]]:
    """The QR code of ``text`` as rows of dark (True) and light modules, with its quiet zone."""
    import segno

    code = segno.make(text, error="m", micro=False)
    return [[bool(module) for module in row] for row in code.matrix_iter(scale=1, border=2)]


def qr_text(text: str) -> str:
    """The QR code of ``text`` drawn with half blocks: two rows of modules a line.

    Light modules are drawn, dark ones left blank, so that on a terminal's dark
    background the code reads as dark on light, as scanners expect.
    """
    rows = qr_matrix(text)
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))
    lines = []
    for top, bottom in zip(rows[::2], rows[1::2], strict=True):
        lines.append(
            "".join(
                " " if a and b else "▄" if a else "▀" if b else "█"
                for a, b in zip(top, bottom, strict=True)
            )
        )
    return "\n".join(lines)
