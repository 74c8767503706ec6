"""What a write says is what the store holds: every writing command and app action × every disk fault.

For each cell the test reads what the user was told (exit code and stderr for
a command; notices and form errors in the app) and then what a fresh ``Store``
finds. "saved" must be there; "not saved" must leave the store folder byte for
byte as it was; "saved, unconfirmed" must be there *and* said. The table below
is the whole matrix: a cell that changes is a change of what users are told.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import press
from fakes import FakeClock, said_by
from faults import Faults, on_file, on_folder, on_lock, snapshot
from textual.widgets import Input

from facilitator.app import FacilitatorApp
from facilitator.cli import main
from facilitator.model import Attendance
from facilitator.store import Store

SAVED, NOT_SAVED, UNCONFIRMED = "S", "N", "U"

# Rows: what writes. Columns: the fault under the store. S saved, N not saved,
# U saved but unconfirmed (the rename happened; the disk did not promise to keep it).
MATRIX = """
                ENOSPC-write  EIO-file-fsync  EIO-folder-fsync  EIO-rename  EACCES-lock  read-only
new                 N              N                U               N            N           N
import              N              N                U               N            N           N
note                N              N                U               N            N           N
next                N              N                U               N            N           N
export -o           N              N                U               N            S           S
attendance          N              N                U               N            N           N
edit form           N              N                U               N            N           N
ctrl+n              N              N                U               N            N           N
app note            N              N                U               N            N           N
"""

FAULTS: dict[str, Callable[[Faults, Path], None]] = {
    "ENOSPC-write": lambda f, root: f.fail("write", errno.ENOSPC, times=None),
    "EIO-file-fsync": lambda f, root: f.fail("fsync", errno.EIO, times=None, where=on_file),
    "EIO-folder-fsync": lambda f, root: f.fail("fsync", errno.EIO, times=None, where=on_folder),
    "EIO-rename": lambda f, root: f.fail("replace", errno.EIO, times=None),
    "EACCES-lock": lambda f, root: f.fail("open", errno.EACCES, times=None, where=on_lock),
    # Only the store is read-only: an export written elsewhere is not under it.
    "read-only": lambda f, root: f.read_only(root),
}


def _matrix() -> dict[tuple[str, str], str]:
    lines = [line for line in MATRIX.strip().splitlines() if line.strip()]
    columns = lines[0].split()
    cells = {}
    for line in lines[1:]:
        (*words,) = line.split()
        name, marks = " ".join(words[: -len(columns)]), words[-len(columns) :]
        for column, mark in zip(columns, marks, strict=True):
            cells[(name, column)] = mark
    return cells


CELLS = _matrix()
ROWS = sorted({row for row, _ in CELLS}, key=list(dict.fromkeys(r for r, _ in CELLS)).index)


def test_the_table_names_every_fault_and_every_row_has_a_runner() -> None:
    assert {column for _, column in CELLS} == set(FAULTS)
    assert set(ROWS) == set(COMMANDS) | set(APP_ACTIONS)


@dataclass
class Told:
    """What the user was told: the outcome it claims, and the words."""

    claim: str
    words: str


def _claim_from_exit(status: int, err: str) -> Told:
    if status != 0:
        return Told(NOT_SAVED, err)
    if "did not confirm" in err:
        return Told(UNCONFIRMED, err)
    return Told(SAVED, err)


def _claim_from_notices(said: list[str]) -> Told:
    words = "\n".join(said)
    if any("did not confirm" in m for m in said):
        return Told(UNCONFIRMED, words)
    if any("not saved" in m or "not created" in m for m in said):
        return Told(NOT_SAVED, words)
    return Told(SAVED, words)


# --- the command line -------------------------------------------------------


@dataclass
class Cell:
    store: Store
    session_id: str
    tmp: Path
    before: dict[str, tuple[str, int]] | None = None


def _plan(cell: Cell) -> str:
    plan = cell.tmp / "plan.toml"
    plan.write_text(
        '[programme]\nname = "Innovationsledarskap"\n\n[session]\ntitle = "Dag tre"\n\n'
        '[[agenda]]\nkind = "theory"\ntitle = "Teori"\nminutes = 45\n',
        encoding="utf-8",
    )
    return str(plan)


# Each command's arguments after --store.
COMMANDS: dict[str, Callable[[Cell], list[str]]] = {
    "new": lambda c: ["new", "Ny dag"],
    "import": lambda c: ["import", _plan(c)],
    "note": lambda c: ["note", c.session_id, "en anteckning i matrisen"],
    "next": lambda c: ["next", c.session_id],
    "export -o": lambda c: ["export", c.session_id, "-o", str(c.tmp / "out" / "recap.md")],
}


# --- the app --------------------------------------------------------------------


async def _in_app(cell: Cell, faults: Faults, fault: str, mode: str, act) -> Told:  # type: ignore[no-untyped-def]
    app = FacilitatorApp(cell.store, cell.session_id, clock=FakeClock(), language="en", mode=mode)
    said = said_by(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        cell.before = snapshot(cell.store.root)
        FAULTS[fault](faults, cell.store.root)
        await act(app, pilot, said)
        faults.clear()
    return _claim_from_notices(said)


async def _attendance(app, pilot, said) -> None:  # type: ignore[no-untyped-def]
    await press(pilot, "a")


async def _edit_form(app, pilot, said) -> None:  # type: ignore[no-untyped-def]
    await press(pilot, "e")
    form = app.screen
    form.query_one("#form-title", Input).value = "Återblick, ny titel"
    await press(pilot, "enter")
    if app.screen is not form and type(app.screen) is type(form):  # refused: asked again
        from textual.widgets import Static

        said.append(str(app.screen.query_one("#form-error", Static).render()))


async def _next_occasion(app, pilot, said) -> None:  # type: ignore[no-untyped-def]
    await press(pilot, "ctrl+n")
    await pilot.pause()
    await press(pilot, "enter")


async def _typed_note(app, pilot, said) -> None:  # type: ignore[no-untyped-def]
    app.screen.query_one("#notes-capture", Input).value = "en anteckning i matrisen"
    await press(pilot, "enter")
    from facilitator.services import NoteState

    if any(n.state is NoteState.FAILED for n in app.services.notes.unsaved()):
        said.append("The note was not saved (kept on screen)")


APP_ACTIONS = {
    "attendance": ("attendance", _attendance),
    "edit form": ("agenda", _edit_form),
    "ctrl+n": ("agenda", _next_occasion),
    "app note": ("notes", _typed_note),
}


# --- what the store holds afterwards ---------------------------------------------


def _present(row: str, store: Store, session_id: str, tmp: Path, ids_before: set[str]) -> bool:
    """Whether what ``row`` wrote is in the store, read afresh."""
    fresh = Store(store.root, create=False)
    new_sessions = {s.id for s in fresh.list_sessions()[0]} - ids_before
    data = fresh.load(session_id)
    if row in ("new", "import", "next", "ctrl+n"):
        return len(new_sessions) == 1
    if row in ("note", "app note"):
        return any(n.text == "en anteckning i matrisen" for n in data.notes)
    if row == "export -o":
        return (tmp / "out" / "recap.md").is_file()
    if row == "attendance":
        return data.session.participants[0].attendance is Attendance.ABSENT
    if row == "edit form":
        return data.blocks[0].title == "Återblick, ny titel"
    raise AssertionError(row)


@pytest.mark.parametrize(
    ("row", "fault"), sorted(CELLS), ids=[f"{r}|{f}" for r, f in sorted(CELLS)]
)
async def test_what_is_said_is_what_the_store_holds(
    store: Store,
    demo_id: str,
    tmp_path: Path,
    faults: Faults,
    capsys: pytest.CaptureFixture[str],
    row: str,
    fault: str,
) -> None:
    (tmp_path / "out").mkdir()
    ids_before = {s.id for s in store.list_sessions()[0]}
    cell = Cell(store, demo_id, tmp_path)
    _plan(cell)
    fired = faults.fired
    if row in COMMANDS:
        argv = ["--store", str(store.root), *COMMANDS[row](cell)]
        capsys.readouterr()
        cell.before = snapshot(store.root)
        FAULTS[fault](faults, store.root)
        status = main(argv)
        faults.clear()
        told = _claim_from_exit(status, capsys.readouterr().err)
    else:
        mode, act = APP_ACTIONS[row]
        told = await _in_app(cell, faults, fault, mode, act)
    reached = faults.fired > fired
    after = snapshot(store.root)  # before the fresh read below (a listing refreshes its index)
    present = _present(row, store, demo_id, tmp_path, ids_before)
    expected = CELLS[(row, fault)]

    # What was said agrees with the store, whatever the table says …
    if told.claim == NOT_SAVED:
        assert reached, f"refused without the fault being reached: {told.words}"
        assert after == cell.before, f"said not saved, but the store changed: {told.words}"
        assert not present
    else:
        assert present, f"said {told.claim}, but a fresh read does not find it: {told.words}"
    if told.claim == UNCONFIRMED:
        assert reached
    # … and is what the table promises for this cell.
    assert told.claim == expected, (
        f"{row} × {fault}: told {told.claim!r}, table says {expected!r}: {told.words}"
    )
    if expected == SAVED and fault in ("EACCES-lock", "read-only"):
        return  # the write never went near the store
    assert reached, "the injected fault was never reached: the cell tests nothing"
