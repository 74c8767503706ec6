"""Programmes: the series a session belongs to, and a session joining one (all or nothing)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from .. import model
from ..errors import (
    DamagedFileError,
    SessionNotFound,
    UnconfirmedSave,
)
from ..model import Participant, Programme, SessionData
from ..records import (
    programme_from_record,
    programme_to_record,
)
from ..storage import (
    FileLock,
    save_failed,
    temp_name,
)
from .ground import Ground
from .layout import LOCK_FILE
from .schema import CONTENT_ERRORS, PROGRAMME_KIND, Raw, meta_table, only_record


class Undo:
    """What a file was before a change: called, it is put back; forgotten, it is let go.

    The old file is kept under a second name (a hard link: no bytes written, so it
    works on a full disk) and renamed back, bytes, times and all. A file that did
    not exist is removed again.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.kept: Path | None = None
        if path.exists():
            kept = temp_name(path)
            try:
                os.link(path, kept)
            except OSError:
                shutil.copy2(path, kept)  # no hard links on this file system
            self.kept = kept

    def __call__(self) -> None:
        try:
            if self.kept is not None:
                os.replace(self.kept, self.path)
                self.kept = None
            else:
                self.path.unlink(missing_ok=True)
        except OSError:
            pass  # the error already on its way says what failed; a later tidy removes the copy

    def forget(self) -> None:
        if self.kept is not None:
            with suppress(OSError):
                self.kept.unlink()
            self.kept = None


def confirmed_or_noted(write: Callable[[], None], unconfirmed: list[UnconfirmedSave]) -> None:
    """Run a write; one the disk did not confirm is noted, and the work goes on."""
    try:
        write()
    except UnconfirmedSave as exc:
        unconfirmed.append(exc)


class ProgrammeFiles:
    """The programmes, and a new session joining one."""

    def __init__(self, ground: Ground) -> None:
        self.ground = ground

    def programmes(self) -> list[Programme]:
        """Every programme in the store, by name."""
        found = []
        for path in sorted(self.ground.programmes_dir.glob("[!.]*.json")):
            raw = self.ground.read(path, PROGRAMME_KIND)
            try:
                found.append(programme_from_record(only_record(raw, "programme")))
            except CONTENT_ERRORS as exc:
                raise DamagedFileError(
                    path, f"unexpected content ({type(exc).__name__}: {exc})"
                ) from exc
        return sorted(found, key=lambda p: p.name.casefold())

    def programme(self, ref: str) -> Programme:
        """A programme by id, by name (any case), or by the unique start of either."""
        wanted = ref.strip().casefold()
        programmes = self.programmes()
        for programme in programmes:
            if wanted in (programme.id, programme.name.casefold()):
                return programme
        matches = [
            p for p in programmes if p.id.startswith(wanted) or p.name.casefold().startswith(wanted)
        ]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise SessionNotFound(f"{ref!r} matches {len(matches)} programmes; type more of it")
        raise SessionNotFound(
            f"no programme {ref!r} in {self.ground.root} (see `facilitator list`)"
        )

    @contextmanager
    def locked(self, needed: bool) -> Iterator[None]:
        if not needed:
            yield
            return
        try:
            with FileLock(self.ground.programmes_dir / LOCK_FILE):
                yield
        except OSError as exc:
            raise save_failed(Path(exc.filename or self.ground.programmes_dir), exc) from exc

    def attach(self, data: SessionData, unconfirmed: list[UnconfirmedSave]) -> Undo:
        """Join the session to the programme of the same name, or start that programme.

        The programme gains the session's facilitators and participants it did
        not have; the session's participants take the programme's ids, so that
        one person is one participant across the occasions. The caller holds the
        programmes' lock; the returned undo puts the programme's file back as it was.
        """
        session = data.session
        assert session.programme is not None
        wanted = session.programme.name.casefold()
        existing = next((p for p in self.programmes() if p.name.casefold() == wanted), None)
        programme = existing or Programme(name=session.programme.name, id=model.new_id())
        programme.organiser = programme.organiser or session.programme.organiser
        programme.purpose = programme.purpose or session.programme.purpose
        programme.audience = programme.audience or session.programme.audience
        programme.contact = programme.contact or list(session.programme.contact)
        for name in session.facilitators:
            if name not in programme.facilitators:
                programme.facilitators.append(name)
        renamed: dict[str, str] = {}
        for person in session.participants:
            known = next(
                (
                    p
                    for p in programme.participants
                    if p.id == person.id or p.name.casefold() == person.name.casefold()
                ),
                None,
            )
            if known is None:
                known = Participant(
                    person.name, person.organisation, person.role, id=person.id, email=person.email
                )
                programme.participants.append(known)
            elif person.email and not known.email:
                known.email = person.email  # the programme learns an address it lacked
            renamed[person.id] = known.id
            person.id = known.id
        for presentation in data.presentations:
            if presentation.participant_id in renamed:
                presentation.participant_id = renamed[presentation.participant_id]
        raw: Raw = {
            "meta": meta_table(PROGRAMME_KIND),
            "programme": {"1": programme_to_record(programme)},
        }
        undo = Undo(self.ground.programmes_dir / f"{programme.id}.json")
        try:
            confirmed_or_noted(lambda: self.ground.write(undo.path, raw), unconfirmed)
        except BaseException:
            undo.forget()
            raise
        session.programme = Programme(
            name=programme.name,
            organiser=programme.organiser,
            purpose=programme.purpose,
            id=programme.id,
            audience=programme.audience,
            contact=list(programme.contact),
        )
        return undo
