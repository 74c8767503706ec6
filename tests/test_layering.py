"""The one layering rule: the core runs with Textual (and our screens) unavailable."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import facilitator
import screens

BLOCKER = """
import importlib.abc, sys

class Blocked(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("textual", "screens"):
            raise ImportError(f"blocked for this test: {name}")
        return None

sys.meta_path.insert(0, Blocked())
import importlib
for name in sys.argv[1:]:
    importlib.import_module(name)
print("ok", len(sys.argv) - 1)
"""


def core_modules() -> list[str]:
    names = [
        f"facilitator.{m.name}"
        for m in pkgutil.walk_packages(facilitator.__path__)
        if m.name not in ("app", "__main__")
    ]
    return ["facilitator", *names]


def test_core_imports_without_textual() -> None:
    modules = core_modules()
    assert "facilitator.store" in modules and "facilitator.cli" in modules
    result = subprocess.run(
        [sys.executable, "-c", BLOCKER, *modules], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"ok {len(modules)}"


def test_the_blocker_does_block() -> None:
    result = subprocess.run(
        [sys.executable, "-c", BLOCKER, "facilitator.app"], capture_output=True, text=True
    )
    assert result.returncode != 0 and "blocked for this test" in result.stderr


def _imports_of(path: Path) -> set[str]:
    """The modules a source file imports, and the names it takes from them, as written."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_the_screens_never_import_the_app() -> None:
    """The app imports its screens; they know it only as screens.base.SessionApp."""
    screen_files = sorted(Path(screens.__file__).parent.glob("*.py"))
    assert len(screen_files) > 10
    for path in screen_files:
        imported = _imports_of(path)
        wrong = {
            name
            for name in imported
            if name == "facilitator.app" or name.startswith("facilitator.app.")
        }
        assert not wrong, f"{path.name} imports {wrong}"
        assert "FacilitatorApp" not in path.read_text(encoding="utf-8"), path.name


def test_the_screens_reach_the_store_only_through_the_service() -> None:
    """No screen imports the store or its storage, nor reaches for the app's store."""
    for path in sorted(Path(screens.__file__).parent.glob("*.py")):
        imported = _imports_of(path)
        wrong = {
            name
            for name in imported
            if name.split(".")[:2] in (["facilitator", "store"], ["facilitator", "storage"])
        }
        assert not wrong, f"{path.name} imports {wrong}"
        assert "app.store" not in path.read_text(encoding="utf-8"), path.name


def test_the_check_sees_an_import_of_the_app(tmp_path: Path) -> None:
    sneaky = tmp_path / "sneaky.py"
    sneaky.write_text("if TYPE_CHECKING:\n    from facilitator.app import FacilitatorApp\n")
    assert "facilitator.app.FacilitatorApp" in _imports_of(sneaky)


SERVICE_WITHOUT_TEXTUAL = BLOCKER.replace(
    'print("ok", len(sys.argv) - 1)',
    """
from datetime import UTC, datetime
from pathlib import Path
from facilitator import agenda
from facilitator.plan import load_demo
from facilitator.model import NoteKind
from facilitator.service import SessionService
from facilitator.store import Store

store = Store(Path(sys.argv[1]))
session_id = store.create(load_demo())
service = SessionService(store, session_id, lambda: datetime(2017, 11, 30, 9, tzinfo=UTC))
first = store.load(session_id).blocks[0].id
service.change_blocks(lambda blocks: agenda.start(blocks, first, service.clock()))
service.change_session(lambda s: setattr(s, "room_message", "Fika"))
note = service.capture("Said in the room", NoteKind.QUOTE)
assert service.writer.wait(10)
service.close(10)
data = store.load(session_id)
assert data.blocks[0].started_at is not None, "block started"
assert data.session.room_message == "Fika", "message set"
assert [n.text for n in data.notes][-1] == "Said in the room", "note saved"
assert note.state.name == "SAVED", note.state
print("ok service")
""",
).replace("for name in sys.argv[1:]:\n    importlib.import_module(name)\n", "")


def test_the_service_runs_the_sessions_operations_without_textual(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", SERVICE_WITHOUT_TEXTUAL, str(tmp_path / "store")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok service"
