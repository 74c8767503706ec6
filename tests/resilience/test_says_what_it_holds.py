"""What the program says is what the store holds, and nothing it prints can drive a terminal.

One test per promise; the fault matrix (test_fault_matrix.py) covers every
write under every fault.
"""

from __future__ import annotations

import errno
import json
import os
import re
import tracemalloc
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import press
from fakes import FakeClock, add_note, said_by
from faults import Faults, on_folder, snapshot
from textual.widgets import Static

from facilitator.app import FacilitatorApp
from facilitator.cli import main
from facilitator.errors import DamagedFileError, UnconfirmedSave
from facilitator.model import Participant, Presentation, Programme, SessionData
from facilitator.plan import load_demo
from facilitator.store import Store

# Bytes a terminal acts on: ESC, BEL and the C1 controls (CSI U+009B, OSC U+009D …).
_DRIVES_A_TERMINAL = re.compile("[\x1b\x07\x80-\x9f]")

HOSTILE = [
    "kopiera \x1b]52;c;aGFja2Vk\x07 klart",  # OSC 52: writes the clipboard
    "titel \x1b]0;pwned\x07 satt",  # OSC 0: the window title
    "rensa \x1b[2J skärmen",  # CSI
    "C1 \x9b2J och \x9d0;x\x9c",  # the same, in C1 form
    "höger \u202etill vänster\u202c",  # a bidi override
    "[bold red]markup[/] <script>x</script>",
]
BIG = "Å" * 100_000


def _assert_inert(data: bytes, where: str) -> None:
    text = data.decode("utf-8")
    found = _DRIVES_A_TERMINAL.search(text)
    assert found is None, (
        f"{where}: {found.group()!r} at {found.start()}: {text[max(0, found.start() - 40) : found.start() + 40]!r}"
    )


def _hostile_store(store: Store, tmp_path: Path) -> str:
    data = load_demo()
    people = []
    for i, text in enumerate(HOSTILE):
        people.append(Participant(name=f"{text} {i}", organisation=text))
    data.session = replace(
        data.session,
        title="Dag " + HOSTILE[0] + HOSTILE[3],
        venue=HOSTILE[1],
        facilitators=[HOSTILE[2], HOSTILE[4]],
        participants=people,
        programme=Programme(name="Program " + HOSTILE[1] + HOSTILE[3], organiser=HOSTILE[0]),
    )
    data.presentations = [
        Presentation(presenter=p.name, title=HOSTILE[i], participant_id=p.id)
        for i, p in enumerate(people)
    ]
    session_id = store.create(data)
    for i, text in enumerate([*HOSTILE, BIG]):
        add_note(store, session_id, text, speaker=HOSTILE[i % len(HOSTILE)], group=f"G{i} [b]x[/b]")
    # A sync tool's copy beside the files, with a name that is itself an escape sequence.
    (store.folder_for(session_id) / "notes \x1b]0;stray\x07.json").write_text("{}")
    return session_id


def test_no_command_prints_a_byte_that_drives_the_terminal(
    store: Store, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    session_id = _hostile_store(store, tmp_path)
    plan = tmp_path / "plan.toml"
    plan.write_text(
        '[session]\ntitle = "x"\n\n[[agenda]]\nkind = "theory"\ntitle = "A \\u001b]52;c;eA==\\u0007"\n'
        'minutes = 5\n\n[[agenda]]\nkind = "theory"\ntitle = "A \\u001b]52;c;eA==\\u0007"\nminutes = 5\n',
        encoding="utf-8",
    )
    bad_plan = tmp_path / "bad.toml"
    bad_plan.write_text('[session]\ntitle = "x"\n\n[[agenda]]\nkind = "\\u001b]0;k\\u0007"\n')
    root = str(store.root)
    commands = [
        ["list"],
        ["list", "--json"],
        ["programme", "Program"],
        ["note", session_id, HOSTILE[0]],
        ["import", str(plan)],  # its warning quotes the title twice
        ["import", str(bad_plan)],  # its error quotes the kind
        ["next", session_id],
        *[["export", session_id, "--format", f] for f in ("md", "txt", "html", "json")],
        *[["export", session_id, "--style", "article", "--format", f] for f in ("md", "txt")],
        ["export", "--programme", "Program"],
        ["note", "no-such-\x1b]52;c;eA==\x07", "x"],
    ]
    for argv in commands:
        main(["--store", root, *argv])
        out, err = capsysbinary.readouterr()
        _assert_inert(out, f"{argv[0]} stdout")
        _assert_inert(err, f"{argv[0]} stderr")
        if argv == ["list"]:
            assert "52;c;aGFja2Vk␇".encode() in out, "the title is there, its controls shown"
    # A store path that is itself hostile, and a kind of note that is none.
    for argv in (
        ["--store", str(tmp_path / "no\x1b]0;x\x07store"), "list"],
        ["note", session_id, "x", "--kind", "\x1b]52;c;eA==\x07"],
    ):
        assert main(argv) in (1, 2)
        out, err = capsysbinary.readouterr()
        _assert_inert(out + err, " ".join(argv[:2]))
        assert err, "something was said"


def test_list_json_escapes_c1_controls_and_reads_back_exactly(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    session_id = store.create(SessionData(replace(load_demo().session, title="CSI \x9b2J här")))
    assert main(["--store", str(store.root), "list", "--json"]) == 0
    out = capsys.readouterr().out
    assert "\x9b" not in out and "\\u009b" in out
    assert {row["id"]: row["title"] for row in json.loads(out)}[session_id] == "CSI \x9b2J här"


# --- 1. a session told saved stays saved ---------------------------------------------


@pytest.mark.parametrize("command", ["import", "new", "next"])
def test_a_session_whose_folder_sync_failed_is_kept_listed_and_its_id_printed(
    store: Store,
    demo_id: str,
    tmp_path: Path,
    faults: Faults,
    capsys: pytest.CaptureFixture[str],
    command: str,
) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text('[programme]\nname = "P"\n\n[session]\ntitle = "Dag"\n', encoding="utf-8")
    argv = {"import": [str(plan)], "new": ["Ny dag"], "next": [demo_id]}[command]
    faults.fail("fsync", errno.EIO, times=None, where=on_folder)
    assert main(["--store", str(store.root), command, *argv]) == 0
    faults.clear()
    assert faults.reached
    out, err = capsys.readouterr()
    assert "did not confirm" in err and "facilitator: warning:" in err
    new_id = out.strip()
    assert new_id and new_id != demo_id
    listed = {s.id for s in Store(store.root, create=False).list_sessions()[0]}
    assert new_id in listed, "the session the user was given an id for is there"


async def test_ctrl_n_on_an_unconfirming_disk_opens_the_session_it_made(
    store: Store, demo_id: str, faults: Faults
) -> None:
    from textual.widgets import Input

    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="en")
    said = said_by(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen.focused, Input)
        faults.fail("fsync", errno.EIO, times=None, where=on_folder)
        await press(pilot, "enter")
        faults.clear()
        await pilot.pause()
        assert app.session_id != demo_id, "the app is on the session that was made"
    assert any("did not confirm" in m for m in said)
    assert app.session_id in {s.id for s in Store(store.root).list_sessions()[0]}


# --- 3. a refused create leaves every file as it was ----------------------------------


@pytest.mark.parametrize("command", ["import", "next"])
def test_a_refused_session_save_leaves_the_programme_file_as_it_was(
    store: Store,
    demo_id: str,
    tmp_path: Path,
    faults: Faults,
    capsys: pytest.CaptureFixture[str],
    command: str,
) -> None:
    """The programme's file is written first; the session's main file then fails: both undone."""
    plan = tmp_path / "plan.toml"
    name = store.load(demo_id).session.programme.name  # type: ignore[union-attr]
    plan.write_text(
        f'[programme]\nname = "{name}"\n\n[session]\ntitle = "Dag"\nfacilitators = ["Ny Person"]\n'
        '\n[[presentations]]\npresenter = "Helt Ny"\n',
        encoding="utf-8",
    )
    before = snapshot(store.root)
    argv = [str(plan)] if command == "import" else [demo_id]
    faults.fail("replace", errno.ENOSPC, times=None, where=lambda p: "session.json" in str(p))
    assert main(["--store", str(store.root), command, *argv]) == 1
    faults.clear()
    assert faults.reached
    assert snapshot(store.root) == before
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_a_refused_new_session_makes_no_programme_and_leaves_no_copy(
    store: Store, demo_id: str, faults: Faults
) -> None:
    data = load_demo()
    data.session.programme = Programme(name="Ett helt nytt program")
    before = snapshot(store.root)
    faults.fail("replace", errno.EIO, times=None, where=lambda p: "session.json" in str(p))
    with pytest.raises(Exception, match="the disk reported an error"):
        store.create(data)
    faults.clear()
    assert snapshot(store.root) == before
    assert [p.name for p in store.programmes_dir.iterdir()] == [
        p.name for p in store.programmes_dir.iterdir() if not p.name.endswith(".tmp")
    ]


def test_an_unconfirmed_create_raises_with_the_id_it_kept(store: Store, faults: Faults) -> None:
    faults.fail("fsync", errno.EIO, times=None, where=on_folder)
    with pytest.raises(UnconfirmedSave) as caught:
        store.create(load_demo())
    faults.clear()
    assert caught.value.result in {s.id for s in store.list_sessions()[0]}


# --- 4. links and folders where files should be ------------------------------------


@pytest.mark.parametrize("what", ["loop", "folder"])
@pytest.mark.parametrize("which", ["notes-00001.json", "session.json"])
def test_a_file_that_is_a_loop_or_a_folder_is_named_as_damaged(
    store: Store, demo_id: str, capsys: pytest.CaptureFixture[str], what: str, which: str
) -> None:
    add_note(store, demo_id, "en anteckning")
    path = store.folder_for(demo_id) / which
    path.unlink()
    if what == "loop":
        path.symlink_to(path.name)
    else:
        path.mkdir()
    before = snapshot(store.folder_for(demo_id))
    # A listing reads only the main files: a damaged notes file is named when it is read.
    listing = [["list"]] if which == "session.json" else []
    for argv in (["export", demo_id], ["note", demo_id, "x"], *listing):
        status = main(["--store", str(store.root), *argv])
        err = capsys.readouterr().err
        assert "internal error" not in err
        assert str(path) in err and "damaged store file" in err, (argv, err)
        assert ("loop" if what == "loop" else "a folder is where a file should be") in err
        assert status == (0 if argv == ["list"] else 1)
    assert snapshot(store.folder_for(demo_id)) == before


@pytest.mark.parametrize("what", ["loop", "folder"])
async def test_the_app_opens_on_a_loop_or_folder_with_the_warning(
    store: Store, demo_id: str, what: str
) -> None:
    path = store.folder_for(demo_id) / "notes-00001.json"
    add_note(store, demo_id, "en anteckning")
    path.unlink()
    path.symlink_to(path.name) if what == "loop" else path.mkdir()
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.is_running
        alert = str(app.screen.query_one("#agenda-alert", Static).render())
        assert "notes-00001.json" in alert and "damaged" in alert


# --- 5. nesting, 6. size -------------------------------------------------------------


def test_json_nested_too_deep_is_refused_by_name(
    store: Store, demo_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    assert main(["--store", str(store.root), "import", str(deep)]) == 1
    err = capsys.readouterr().err
    assert f"{deep}: nested too deep" in err and "internal error" not in err
    (store.folder_for(demo_id) / "notes-00001.json").write_text("[" * 100_000 + "]" * 100_000)
    assert main(["--store", str(store.root), "export", demo_id]) == 1
    assert "nested too deep" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["notes", "plan", "json"])
def test_a_huge_file_is_refused_before_it_is_read(
    store: Store, demo_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    path = {
        "notes": store.folder_for(demo_id) / "notes-00001.json",
        "plan": tmp_path / "plan.toml",
        "json": tmp_path / "export.json",
    }[kind]
    with open(path, "wb") as handle:
        handle.truncate(1024**3)  # sparse: a gigabyte that costs no disk
    argv = ["export", demo_id] if kind == "notes" else ["import", str(path)]
    tracemalloc.start()
    status = main(["--store", str(store.root), *argv])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    err = capsys.readouterr().err
    assert status == 1 and str(path) in err and "too large" in err
    assert re.search(r"where \d+ MiB is the most", err), "the limit is in the message"
    assert peak < 50 * 1024**2, f"{peak / 1024**2:.0f} MiB was taken to refuse it"


def test_the_store_never_writes_a_file_larger_than_it_reads(store: Store, demo_id: str) -> None:
    from facilitator import storage

    before = snapshot(store.root)
    small = 200_000
    old = storage.STORE_FILE_LIMIT
    storage.STORE_FILE_LIMIT = small
    try:
        with pytest.raises(Exception, match="not saved, the file would be too large"):
            add_note(store, demo_id, "x" * (small + 1))
    finally:
        storage.STORE_FILE_LIMIT = old
    assert snapshot(store.root) == before


# --- 7. a mistyped --store -------------------------------------------------------------


@pytest.mark.parametrize("command", ["note", "open", "room", "serve", "next", "export", "list"])
def test_a_command_on_a_missing_store_makes_no_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    where = tmp_path / "stor"  # a typo of "store"
    argv = {"note": ["latest", "text"], "list": []}.get(command, ["latest"])
    assert main(["--store", str(where), command, *argv]) == 1
    assert not where.exists()
    assert "no facilitator store there" in capsys.readouterr().err


# --- 8. the notes screen says a damaged file up front ---------------------------------


async def test_the_notes_screen_says_a_damaged_notes_file_at_once(
    store: Store, demo_id: str
) -> None:
    add_note(store, demo_id, "en anteckning")
    path = store.folder_for(demo_id) / "notes-00001.json"
    path.write_text('{"meta": {"1": ')
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="en", mode="notes")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        problem = app.screen.query_one("#notes-problem", Static)
        assert problem.display
        assert str(path) in str(problem.render()) and "damaged" in str(problem.render())


# --- 9. JSON imports: as strict as TOML, as forgiving of a BOM ---------------------------


def _export(store: Store, session_id: str, tmp_path: Path) -> str:
    from facilitator.exchange import to_json

    return to_json(store.load(session_id))


def test_a_duplicate_key_in_an_import_is_refused_by_name(
    store: Store, demo_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = _export(store, demo_id, tmp_path).replace('"title": ', '"title": "first", "title": ', 1)
    path = tmp_path / "dup.json"
    path.write_text(text, encoding="utf-8")
    before = snapshot(store.root)
    assert main(["--store", str(store.root), "import", str(path)]) == 1
    assert f"{path}: the key 'title' appears twice in one object" in capsys.readouterr().err
    assert snapshot(store.root) == before


def test_a_json_import_with_a_byte_order_mark_is_read_like_a_toml_one(
    store: Store, demo_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + _export(store, demo_id, tmp_path).encode())
    assert main(["--store", str(store.root), "import", str(path)]) == 0
    new_id = capsys.readouterr().out.strip()
    assert store.load(new_id).session.title == store.load(demo_id).session.title


def test_a_wrong_type_in_an_import_says_which_field_and_what_was_found(
    store: Store, demo_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = json.loads(_export(store, demo_id, tmp_path))
    doc["session"]["title"] = 5
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["--store", str(store.root), "import", str(path)]) == 1
    assert f"{path}: session: title must be a text, got 5" in capsys.readouterr().err


def test_a_damaged_file_error_names_the_file(store: Store, demo_id: str) -> None:
    path = store.folder_for(demo_id) / "session.json"
    os.truncate(path, 0)
    with pytest.raises(DamagedFileError, match=re.escape(str(path))):
        store.load(demo_id)
