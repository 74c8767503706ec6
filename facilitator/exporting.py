"""Writing a session out, one way for the command line and the app: its format, its text, its file."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from .errors import FacilitatorError
from .model import PLAIN, RecapOptions, SessionData

FORMATS = ("md", "html", "txt", "json", "docx", "eml", "ics")
# What a file's name says it holds; the names people give those formats, too.
_BY_EXTENSION = {
    "md": "md",
    "markdown": "md",
    "html": "html",
    "htm": "html",
    "txt": "txt",
    "text": "txt",
    "json": "json",
    "docx": "docx",
    "eml": "eml",
    "ics": "ics",
    "ical": "ics",
}


def format_of(path: Path) -> str | None:
    """The format a file's extension names (``recap.html``: html), or None if it names none."""
    return _BY_EXTENSION.get(path.suffix.lower().lstrip("."))


def text_of(
    data: SessionData,
    fmt: str,
    lang: str,
    now: datetime,
    style: str = "minutes",
    template: Path | None = None,
    options: RecapOptions = PLAIN,
) -> str:
    """The session as ``fmt``: the whole session for json, the next occasion for ics, else its recap.

    An eml is ASCII throughout (its parts encoded as MIME says): the same as its bytes.
    ``options`` are what the trainer's settings add to a recap (``Settings.recap_options``).
    """
    if fmt == "eml":
        from .recap.mail import mail_draft

        return mail_draft(data, lang, now, style=style, options=options).decode("utf-8")
    if fmt == "ics":
        from .recap.calendar import session_ics

        return session_ics(data, now, lang).decode("utf-8")
    if fmt == "json":
        from .exchange import to_json

        return to_json(data)
    from .recap import render

    return render(data, fmt, lang, now, template=template, style=style, options=options)


def export(
    data: SessionData,
    path: Path,
    fmt: str,
    lang: str,
    now: datetime,
    style: str = "minutes",
    template: Path | None = None,
    options: RecapOptions = PLAIN,
) -> None:
    """Write the session to ``path`` as ``fmt`` (see ``text_of``; docx: a Word file), whole or not at all."""
    if fmt == "docx":
        if template is not None:
            raise FacilitatorError("--template is for the recap formats md, html and txt")
        from .recap import render_docx

        write(path, render_docx(data, lang, now, style=style, options=options))
        return
    if fmt in ("eml", "ics"):
        if template is not None:
            raise FacilitatorError("--template is for the recap formats md, html and txt")
        from .recap.calendar import session_ics
        from .recap.mail import mail_draft

        # Made whole before a byte is written: a session with no next occasion leaves no file.
        made = (
            mail_draft(data, lang, now, style=style, options=options)
            if fmt == "eml"
            else session_ics(data, now, lang)
        )
        write(path, made)
        return
    write(path, text_of(data, fmt, lang, now, style, template, options))


def write(path: Path, text: str | bytes) -> None:
    """Write ``text`` whole or not at all; a fault is the store's one clear message.

    ``UnconfirmedSave`` passes through: the file is there, the disk did not confirm it.
    """
    from .storage import save_failed, write_atomically

    try:
        write_atomically(path, text)
    except OSError as exc:
        raise save_failed(path, exc) from exc
