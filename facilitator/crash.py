"""Where the details of an unexpected error go, so that the user sees one line and not a traceback."""

from __future__ import annotations

import os
import tempfile
import time
import traceback
from pathlib import Path


def write_report(error: BaseException) -> Path | None:
    """Write the error's traceback to a new file and return its path (None if nowhere could take it).

    The user's log folder first, else the temporary folder: a crash report must
    not depend on the store, whose disk may be what failed.
    """
    text = "".join(traceback.format_exception(error))
    name = f"facilitator-error-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.txt"
    for folder in _folders():
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / name
            # Its owner's alone: an error's message may quote a note, and /tmp is everyone's.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as file:
                file.write(text)
            return path
        except OSError:
            continue
    return None


def _folders() -> list[Path]:
    from .places import user_folder

    return [user_folder("log"), Path(tempfile.gettempdir())]
