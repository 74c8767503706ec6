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
import importlib.abc, os, sys

BLOCKED = os.environ.get("BLOCKED", "textual screens").split()

class Blocked(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"blocked for this test: {name}")
        return None

sys.meta_path.insert(0, Blocked())
import importlib
for name in sys.argv[1:]:
    importlib.import_module(name)
print("ok", len(sys.argv) - 1)
"""


def core_modules() -> list[str]:
    # Named in full as it walks: a bare "recap" could be found elsewhere on the path.
    names = [
        m.name
        for m in pkgutil.walk_packages(facilitator.__path__, prefix="facilitator.")
        if m.name not in ("facilitator.app", "facilitator.__main__")
    ]
    return ["facilitator", *names]


def test_core_imports_without_textual() -> None:
    modules = core_modules()
    assert {"facilitator.store.notes", "facilitator.recap.build", "facilitator.cli"} <= set(modules)
    result = subprocess.run(
        [sys.executable, "-c", BLOCKER, *modules], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"ok {len(modules)}"


# The web side: the server and its terminals' adapter may use aiohttp and textual-serve;
# the rest of the core (the phone pages' logic included) uses neither.
WEB = ("facilitator.serve", "facilitator.terminals")


def test_the_core_imports_without_the_web_servers_and_the_web_without_screens() -> None:
    import os

    core = [m for m in core_modules() if m not in WEB and m != "facilitator.cli"]
    assert "facilitator.phone" in core and "facilitator.services.notes" in core
    blocked = {**os.environ, "BLOCKED": "textual screens aiohttp textual_serve"}
    result = subprocess.run(
        [sys.executable, "-c", BLOCKER, *core], capture_output=True, text=True, env=blocked
    )
    assert result.returncode == 0, result.stderr
    web = {**os.environ, "BLOCKED": "screens"}
    result = subprocess.run(
        [sys.executable, "-c", BLOCKER, *WEB], capture_output=True, text=True, env=web
    )
    assert result.returncode == 0, result.stderr


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
from facilitator.services import Desk, Services
from facilitator.store import Store

store = Store(Path(sys.argv[1]))
session_id = store.create(load_demo())
service = Services(Desk(store, session_id, lambda: datetime(2017, 11, 30, 9, tzinfo=UTC)))
first = store.load(session_id).blocks[0].id
service.desk.change_blocks(lambda blocks: agenda.start(blocks, first, service.desk.clock()))
service.desk.change_session(lambda s: setattr(s, "room_message", "Fika"))
note = service.notes.take_line("Said in the room", NoteKind.QUOTE)
assert service.desk.writer.wait(10)
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


# --- the import contract: one door to the core ----------------------------------------
# What the screens may import of the core, and why. Everything else (the agenda's and the
# queue's steps, the store, the plan file, the recap, the exports, the settings file) is
# reached through the service's named operations.
SCREENS_MAY_IMPORT = {
    "facilitator.services": "the doors by area: every reading and every change",
    "facilitator.model": "the records the screens show",
    "facilitator.errors": "the refusals and faults the screens say",
    "facilitator.i18n": "the words, in the session's language",
    "facilitator.safetext": "text made inert before it is drawn",
    "facilitator.statuslines": "the status lines' sentences",
    "facilitator.timing": "clocks, time left, and their text",
    "facilitator.attendance": "who was there, as every recap says it",
    "facilitator.intake": "the one way in for a note: a preview reads a line as it will be saved",
    "facilitator.bigtext": "the room view's large digits",
    "facilitator.qr": "the QR code drawn for the join address",
}
# The app is the shell around the screens: it may also decide what to warn of (alerts),
# read the settings it starts with, write a crash report, and be handed the store.
APP_MAY_IMPORT = {
    **SCREENS_MAY_IMPORT,
    "facilitator.alerts": "what to warn the trainer of, decided without Textual",
    "facilitator.settings": "the settings the app starts with",
    "facilitator.crash": "where an unexpected error's report goes",
    "facilitator.store": "the type of the store it is handed (the service uses it)",
}
# Generic steps that take a function: for the service's own operations, not for screens.
GENERIC_STEPS = {
    "change_blocks",
    "change_presentations",
    "change_session",
    "change_roster",
    "change_note",
}


def _core_modules_imported(path: Path) -> set[str]:
    """The core modules a file imports (``from facilitator import agenda`` counts as agenda)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            module = node.module
            if node.level:  # a relative import inside facilitator/
                module = "facilitator." + module if path.parent.name == "facilitator" else module
            names = [module]
            if module == "facilitator":
                names = [f"facilitator.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "facilitator" and len(parts) > 1:
                found.add(".".join(parts[:2]))
    return found


def _calls_of(path: Path) -> set[str]:
    """The names of the methods a file calls (``x.y.change_blocks(…)``: change_blocks)."""
    return {
        node.func.attr
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }


def test_the_screens_import_only_the_service_the_model_and_presentation_helpers() -> None:
    screen_files = sorted(Path(screens.__file__).parent.glob("*.py"))
    for path in screen_files:
        wrong = _core_modules_imported(path) - set(SCREENS_MAY_IMPORT)
        assert not wrong, f"screens/{path.name} imports {sorted(wrong)}: ask the service"


def test_the_app_imports_only_what_a_shell_needs() -> None:
    app_file = Path(facilitator.__file__).parent / "app.py"
    wrong = _core_modules_imported(app_file) - set(APP_MAY_IMPORT)
    assert not wrong, f"facilitator/app.py imports {sorted(wrong)}: ask the service"


def test_the_screens_and_the_app_ask_for_named_operations() -> None:
    """No ``change_blocks(lambda …)`` in a screen: each step has its name in the service."""
    files = [
        *Path(screens.__file__).parent.glob("*.py"),
        Path(facilitator.__file__).parent / "app.py",
    ]
    for path in files:
        used = _calls_of(path) & GENERIC_STEPS
        assert not used, f"{path.name} calls {sorted(used)}: give the service a named operation"


def test_every_module_the_contract_names_exists() -> None:
    """A renamed module must not leave the contract naming nothing (and so allowing nothing)."""
    import importlib

    for name in APP_MAY_IMPORT:
        importlib.import_module(name)


def test_the_contract_sees_each_way_of_importing(tmp_path: Path) -> None:
    folder = tmp_path / "facilitator"
    folder.mkdir()
    sneaky = folder / "sneaky.py"
    sneaky.write_text(
        "from facilitator import agenda\n"
        "import facilitator.store\n"
        "def later():\n    from .plan import load_demo\n"
        "    service.desk.change_session(lambda s: None)\n"
    )
    assert {"facilitator.agenda", "facilitator.store", "facilitator.plan"} <= (
        _core_modules_imported(sneaky)
    )
    assert "change_session" in _calls_of(sneaky)
