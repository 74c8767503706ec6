"""Test doubles: a clock that only moves when the test says so."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from facilitator.model import Note, NoteKind
from facilitator.store import Store

T0 = datetime(2017, 11, 30, 9, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def screen_text(app: object) -> str:
    """What the app's screen shows, as lines of text (read from Textual's SVG screenshot)."""
    import html
    import re

    svg = app.export_screenshot()  # type: ignore[attr-defined]
    rows: dict[float, list[tuple[float, str]]] = {}
    for x, y, text in re.findall(r'<text[^>]* x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>', svg):
        rows.setdefault(float(y), []).append((float(x), html.unescape(text).replace("\xa0", " ")))
    return "\n".join("".join(t for _, t in sorted(row)) for _, row in sorted(rows.items()))


def said_by(app: object) -> list[str]:
    """Every notice ``app`` raises from now on, as its message, in order (the list fills as it runs)."""
    said: list[str] = []
    real = app.notify  # type: ignore[attr-defined]

    def notify(message: object, *args: object, **kwargs: object) -> object:
        said.append(str(message))
        return real(message, *args, **kwargs)

    app.notify = notify  # type: ignore[attr-defined]
    return said


# Who is watching which folder, and the names of the files opened there for reading.
_watching: list[tuple[Path, list[str]]] = []


# Who is watching which folder, and the folders under it listed meanwhile.
_listings: list[tuple[Path, list[str]]] = []


def _audit(event: str, args: tuple[object, ...]) -> None:
    if event in ("os.scandir", "os.listdir") and _listings and isinstance(args[0], (str, Path)):
        listed = Path(args[0])
        for folder, names in _listings:
            if listed == folder or folder in listed.parents:
                names.append(listed.relative_to(folder).as_posix())
        return
    if event != "open" or not _watching or not isinstance(args[0], (str, Path)):
        return
    mode = args[1] if isinstance(args[1], str) else "r"
    if "r" in mode and "+" not in mode:
        path = Path(args[0])
        for folder, names in _watching:
            if folder in path.parents:
                names.append(path.relative_to(folder).as_posix())


sys.addaudithook(_audit)  # once for the run; it records only inside files_read()


@contextmanager
def files_read(folder: Path) -> Iterator[list[str]]:
    """The files under ``folder`` opened for reading meanwhile, as paths from it, in order (live).

    Watched through Python's audit events, as a tracing tool would: no private
    method of the store is replaced.
    """
    watch = (folder, [])
    _watching.append(watch)
    try:
        yield watch[1]
    finally:
        _watching.remove(watch)


@contextmanager
def folders_listed(folder: Path) -> Iterator[list[str]]:
    """The folders at or under ``folder`` listed meanwhile (scandir, listdir), as paths from it (live)."""
    watch = (folder, [])
    _listings.append(watch)
    try:
        yield watch[1]
    finally:
        _listings.remove(watch)


def add_notes(store: Store, session_id: str, drafts: list[Note]) -> list[Note]:
    """Save notes as a program would: each checked by the intake, then saved; as stored."""
    from facilitator.intake import checked

    return store.save_notes(session_id, [checked(draft) for draft in drafts]).notes


def add_note(
    store: Store,
    session_id: str,
    text: str,
    kind: NoteKind = NoteKind.POINT,
    speaker: str = "",
    owner: str = "",
    now: datetime | None = None,
    note_id: str | None = None,
    group: str = "",
) -> Note:
    """One note saved now (or at ``now``), linked to the block and presenter of the moment."""
    from facilitator import model

    note = Note(
        text=text,
        kind=kind,
        id=note_id or model.new_id(),
        speaker=speaker,
        owner=owner,
        created_at=now or model.utc_now(),
        group=group,
    )
    return add_notes(store, session_id, [note])[0]
