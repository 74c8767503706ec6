"""The command line on a failing disk: one line that says what and where, exit 1, files as they were."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from faults import ERRNOS, Faults, snapshot

from facilitator.cli import main
from facilitator.store import Store

PLAN = (
    '[session]\ntitle = "Dag två"\n\n[[agenda]]\nkind = "theory"\ntitle = "Teori"\nminutes = 45\n'
)


def _commands(store: Store, session_id: str, tmp_path: Path) -> dict[str, list[str]]:
    plan = tmp_path / "plan.toml"
    plan.write_text(PLAN, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    return {
        "note": ["note", session_id, "en anteckning"],
        "new": ["new", "Ny dag"],
        "import": ["import", str(plan)],
        "next": ["next", session_id],
        "export -o": ["export", session_id, "-o", str(out / "recap.md")],
    }


@pytest.mark.parametrize("code", sorted(ERRNOS))
@pytest.mark.parametrize("call", ["open", "write", "fsync", "replace"])
def test_write_commands_fail_with_one_line(
    store: Store,
    demo_id: str,
    tmp_path: Path,
    faults: Faults,
    capsys: pytest.CaptureFixture[str],
    code: str,
    call: str,
) -> None:
    for name, argv in _commands(store, demo_id, tmp_path).items():
        before = snapshot(tmp_path)
        faults.clear()
        faults.fail(call, ERRNOS[code], at=1, times=None)
        status = main(["--store", str(store.root), *argv])
        faults.clear()
        out, err = capsys.readouterr()
        assert status == 1, f"{name}: exit {status}"
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("facilitator: error: "), (name, err)
        assert "internal error" not in err and "Traceback" not in err
        assert str(tmp_path) in err, f"{name}: no path in {err!r}"
        assert out == ""
        assert snapshot(tmp_path) == before, f"{name}: files changed"


def test_note_with_a_lock_path_that_is_a_folder(
    store: Store, demo_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from facilitator.storage import FileLock
    from facilitator.store import LOCK_FILE

    lock = FileLock(store.folder_for(demo_id) / LOCK_FILE).lock_path
    lock.unlink(missing_ok=True)
    lock.mkdir()
    before = snapshot(store.root)
    assert main(["--store", str(store.root), "note", demo_id, "text"]) == 1
    err = capsys.readouterr().err
    assert "a folder is where a file should be" in err and "internal error" not in err
    assert snapshot(store.root) == before


def test_an_unexpected_error_is_one_line_and_a_file(
    store: Store,
    demo_id: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from facilitator import crash

    monkeypatch.setattr(crash, "_folders", lambda: [tmp_path / "logs"])

    def broken(self: Store) -> None:
        raise RuntimeError("a bug of ours")

    monkeypatch.setattr(Store, "list_sessions", broken)
    assert main(["--store", str(store.root), "list"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "internal error: RuntimeError: a bug of ours; details in" in err
    (report,) = (tmp_path / "logs").iterdir()
    assert str(report) in err
    assert "Traceback" in report.read_text() and "a bug of ours" in report.read_text()
    # --debug (after the command too) shows the traceback instead.
    with pytest.raises(RuntimeError, match="a bug of ours"):
        main(["list", "--store", str(store.root), "--debug"])


@pytest.mark.skipif(os.name != "posix", reason="`| true` needs a POSIX shell")
def test_a_note_piped_into_a_closed_reader_is_saved_and_quiet(store: Store, demo_id: str) -> None:
    done = subprocess.run(
        f"{sys.executable} -m facilitator --store {store.root} note {demo_id} piped | true",
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stderr == ""
    assert [n.text for n in Store(store.root).load(demo_id).notes] == ["piped"]


def test_store_and_debug_after_the_command(store: Store, demo_id: str, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["list", "--store", str(store.root)]) == 0
    assert demo_id in capsys.readouterr().out
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out.startswith("facilitator ")


def test_import_prints_a_plans_warnings_and_imports(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(
        PLAN + '\n[[agenda]]\nkind = "theory"\ntitle = "teori"\nminutes = 30\n', encoding="utf-8"
    )
    assert main(["--store", str(store.root), "import", str(plan)]) == 0
    out, err = capsys.readouterr()
    assert err == (
        f"facilitator: warning: {plan}:11: [[agenda]] #2 title: "
        "the same title as [[agenda]] #1; two blocks, or one twice?\n"
    )
    assert len(Store(store.root).load(out.strip()).blocks) == 2
