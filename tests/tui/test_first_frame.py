"""The first frame waits only for its own screen: no other area's screen, no dialog, is imported."""

from __future__ import annotations

import subprocess
import sys

import pytest

AREAS = {"agenda", "presentations", "notes", "recap", "attendance", "room", "start", "voice"}
DIALOGS = {"forms", "help", "join"}

FIRST_FRAME = """
import asyncio, sys, tempfile
from facilitator.store import Store
from facilitator.plan import load_demo
store = Store(tempfile.mkdtemp() + "/store")
session_id = store.create(load_demo()) if sys.argv[1] != "start" else None
from facilitator.app import FacilitatorApp
app = FacilitatorApp(store, session_id, language="en", mode=sys.argv[1])

async def main():
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        print(" ".join(sorted(m for m in sys.modules if m.startswith("screens."))))

asyncio.run(main())
"""


@pytest.mark.parametrize("area", ["agenda", "presentations", "notes", "room", "start"])
def test_the_first_frame_imports_only_its_own_screen(area: str, tmp_path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME, area],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    imported = {name.split(".", 1)[1] for name in done.stdout.split()}
    assert area in imported
    others = (AREAS - {area}) & imported
    assert not others, f"the {area} screen's first frame imported {sorted(others)}"
    dialogs = DIALOGS & imported - ({"join"} if area == "room" else set())  # its QR is on it
    assert not dialogs, f"the {area} screen's first frame imported the dialogs {sorted(dialogs)}"
