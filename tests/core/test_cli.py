"""The command line: each command, its exit codes, and that scripting commands skip the UI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import facilitator_data
import pytest

from facilitator.cli import main
from facilitator.i18n import t
from facilitator.store import Store

GOOD_PLAN = '[session]\ntitle = "Dag två"\ndate = 2017-11-30\n\n[[agenda]]\nkind = "theory"\ntitle = "Teori"\nminutes = 45\n'


def run(store: Store, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "facilitator", "--store", str(store.root), *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=60,
    )


def test_new_list_note_export(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "--store",
                str(store.root),
                "new",
                "Dag två",
                "--date",
                "2017-11-30",
                "--start",
                "09:30",
                "--language",
                "sv",
            ]
        )
        == 0
    )
    session_id = capsys.readouterr().out.strip()
    assert (
        main(
            [
                "--store",
                str(store.root),
                "note",
                "latest",
                "Ett citat",
                "--kind",
                "quote",
                "--speaker",
                "Anna",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert main(["--store", str(store.root), "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows == [
        {"id": session_id, "date": "2017-11-30", "title": "Dag två", "state": "running"}
        | {"programme": None, "occasion": None}
    ]
    assert main(["--store", str(store.root), "list"]) == 0
    changed = datetime.fromtimestamp(store.path_for(session_id).stat().st_mtime)
    assert capsys.readouterr().out.splitlines() == [
        "(no programme)",
        f"  {session_id}  2017-11-30       running   {changed:%Y-%m-%d %H:%M}  Dag två",
    ]
    assert main(["--store", str(store.root), "export", session_id[:5], "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["session"]["start"] == "09:30"
    assert doc["notes"][0] | {"id": "", "created_at": ""} == {
        "id": "", "created_at": "", "text": "Ett citat", "kind": "quote", "speaker": "Anna",
        "owner": "", "block_id": None, "presentation_id": None, "pinned": False,
        "done": False, "carried_from": None, "in_article": None,
    }  # fmt: skip


def test_import_plan_and_json_then_export_to_file(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(GOOD_PLAN, encoding="utf-8")
    assert main(["--store", str(store.root), "import", str(plan)]) == 0
    first = capsys.readouterr().out.strip()
    out = tmp_path / "day.json"
    assert (
        main(["--store", str(store.root), "export", first, "--format", "json", "-o", str(out)]) == 0
    )
    assert main(["--store", str(store.root), "import", str(out)]) == 0
    second = capsys.readouterr().out.strip()
    assert second != first
    assert store.load(second).blocks[0].title == "Teori"


def test_store_from_environment(tmp_path: Path) -> None:
    env_store = tmp_path / "env-store"
    result = subprocess.run(
        [sys.executable, "-m", "facilitator", "new", "Via env"],
        capture_output=True, text=True, env={**os.environ, "FACILITATOR_STORE": str(env_store)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert Store(env_store).list_sessions()[0][0].title == "Via env"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["frobnicate"], 2, "invalid choice"),
        (["new", "X", "--date", "30/11"], 2, "'30/11' is not a date like 2017-11-30"),
        (["new", "X", "--start", "25:99"], 2, "'25:99' is not a time like 09:00"),
        (["new", "  "], 2, "the title must not be empty"),
        (["note", "nosuch", "hej"], 1, "no session 'nosuch'"),
        (["note", "latest", "  "], 1, "a note needs some text"),
        (["note", "latest", "x", "--kind", "shout"], 2, "no kind of note is called “shout”"),
        (["export", "latest", "--format", "pdf"], 2, "invalid choice"),
        (
            ["export", "latest", "--format", "json", "--template", "t.j2"],
            2,
            "--template is for the recap formats",
        ),
        (
            ["export", "latest", "--format", "md", "--template", "/nope/t.j2"],
            1,
            "no such template file",
        ),
        (["import", "/nonexistent/plan.toml"], 1, "cannot read the plan"),
    ],
)
def test_errors_are_one_clear_line_with_the_right_exit_code(
    store: Store, demo_id: str, args: list[str], code: int, message: str
) -> None:
    before = store.path_for(demo_id).read_bytes()
    result = run(store, *args)
    assert result.returncode == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert store.path_for(demo_id).read_bytes() == before


def test_bad_plan_exits_1_and_writes_nothing(store: Store, tmp_path: Path) -> None:
    plan = tmp_path / "bad.toml"
    plan.write_text(GOOD_PLAN.replace("minutes = 45", "minutes = 0"), encoding="utf-8")
    result = run(store, "import", str(plan))
    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == f"facilitator: error: {plan}:8: [[agenda]] #1 minutes: must be above 0 minutes, got 0"
    )
    assert store.list_sessions() == ([], [])


def test_note_from_stdin_keeps_text_exactly(store: Store, demo_id: str) -> None:
    text = "Rad ett\nRad två med åäö och 🎉\n\tindrag"
    result = run(store, "note", demo_id, "-", stdin=text)
    assert result.returncode == 0, result.stderr
    assert store.load(demo_id).notes[-1].text == text


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\n\n"])
def test_note_from_stdin_leaves_out_the_line_ends_that_close_it(
    store: Store, demo_id: str, ending: str
) -> None:
    """`echo "…" | facilitator note ID -` saves what was echoed, not a line break after it."""
    result = run(store, "note", demo_id, "-", stdin=f"Rad ett\n\tRad två{ending}")
    assert result.returncode == 0, result.stderr
    assert store.load(demo_id).notes[-1].text == "Rad ett\n\tRad två"


@pytest.mark.parametrize(
    "args", [["note", "latest", "hej"], ["export", "latest", "--format", "json"], ["list"]]
)
def test_scripting_commands_never_load_the_interface(
    store: Store, demo_id: str, args: list[str]
) -> None:
    code = (
        "import sys\n"
        "from facilitator.cli import main\n"
        f"rc = main({['--store', str(store.root), *args]!r})\n"
        "loaded = sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'screens'})\n"
        "print('LOADED', loaded, file=sys.stderr); sys.exit(rc)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "LOADED []" in result.stderr


def test_two_copies_of_one_plan_are_told_apart_in_the_list(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    demo = str(Path(facilitator_data.__file__).with_name("demo.toml"))
    assert main(["--store", str(store.root), "import", demo]) == 0
    first = store.resolve("latest")
    os.utime(store.path_for(first), (1_500_000_000, 1_500_000_000))  # saved long ago
    assert main(["--store", str(store.root), "import", demo]) == 0
    capsys.readouterr()
    assert main(["--store", str(store.root), "list"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("  ")]
    assert len(lines) == 2
    without_ids = {line.split(None, 1)[1] for line in lines}
    assert len(without_ids) == 2, "the lines differ in more than the id"


@pytest.mark.parametrize("settings_language", [None, "sv", "en"])
def test_errors_speak_one_language_whatever_the_locale(
    store: Store,
    demo_id: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    own_settings: Path,
    settings_language: str | None,
) -> None:
    """The command line says each line in English, as its help and a plan's mistakes are:
    never an English prefix with a Swedish cause."""
    if settings_language:
        own_settings.parent.mkdir(parents=True, exist_ok=True)
        own_settings.write_text(f'language = "{settings_language}"\n', encoding="utf-8")
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    said = []
    for locale in ("sv_SE.UTF-8", "en_GB.UTF-8"):
        monkeypatch.setenv("LANG", locale)
        assert main(["--store", str(store.root), "note", demo_id, "   "]) == 1
        assert main(["--store", str(store.root), "export", demo_id, "-o", "/no/such/dir/r.md"]) == 1
        said.append(capsys.readouterr().err)
    assert said[0] == said[1], "the same words in either locale"
    assert t("error.note_empty", "en") in said[0]
    assert "could not save (the folder does not exist)" in said[0]
    assert t("error.note_empty", "sv") not in said[0] and "kunde inte" not in said[0]


def test_a_one_shot_command_says_all_before_it_ends_and_a_closed_pipe_stays_quiet(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    """The process ends at once after the command: what it printed has all arrived first."""
    from facilitator.model import Note
    from facilitator.plan import load_demo

    session_id = store.create(load_demo())
    store.save_notes(session_id, [Note(f"Anteckning {i} " + "ord " * 20) for i in range(1500)])
    assert main(["--store", str(store.root), "export", session_id]) == 0
    expected = capsys.readouterr().out
    assert len(expected.encode()) > 100_000, "more than a pipe holds at once"
    whole = run(store, "export", session_id)
    assert whole.returncode == 0 and whole.stderr == ""
    assert whole.stdout == expected
    # A reader that goes away after a few bytes: no complaint, the command's own code.
    command = f"{sys.executable} -m facilitator --store {store.root} export {session_id}"
    cut = subprocess.run(
        ["bash", "-o", "pipefail", "-c", f"{command} | head -c 100"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert cut.returncode == 0 and cut.stderr == ""
    assert expected.startswith(cut.stdout) and len(cut.stdout.encode()) == 100
    # Usage mistakes and --help end the same quick way, with their usual codes.
    assert run(store, "--bogus").returncode == 2
    shown = run(store, "--help")
    assert shown.returncode == 0 and "usage: facilitator" in shown.stdout
