"""The first frame waits only for its own screen: no other area's screen, no dialog, is imported."""

from __future__ import annotations

import subprocess
import sys

import pytest

from facilitator.store import Store

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
        print(" ".join(sorted(m for m in sys.modules if m.startswith("facilitator."))))

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
    screens_line, core_line = done.stdout.splitlines()[-2:]
    imported = {name.split(".", 1)[1] for name in screens_line.split()}
    assert area in imported
    others = (AREAS - {area}) & imported
    assert not others, f"the {area} screen's first frame imported {sorted(others)}"
    dialogs = DIALOGS & imported - ({"join"} if area == "room" else set())  # its QR is on it
    assert not dialogs, f"the {area} screen's first frame imported the dialogs {sorted(dialogs)}"
    # Where no note is typed, the intake and its line reader wait for the first one.
    typed_later = {"facilitator.intake", "facilitator.capture"} & set(core_line.split())
    assert area == "notes" or not typed_later, f"the {area} screen imported {sorted(typed_later)}"


@pytest.mark.parametrize("area", ["agenda", "notes", "room"])
async def test_the_first_screen_is_made_with_the_day_already_read(
    store: Store, demo_id: str, area: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its first frame is the day: rows, cursor and keys, not an empty screen drawn again.

    The session used to be read once the first screen was up, which drew it
    empty, then again with the day, and its key bar a frame later still.
    """
    from textual.screen import Screen

    from facilitator.app import FacilitatorApp

    seen: list[tuple[str, bool]] = []
    mounted = Screen._on_mount

    def noted(self: Screen[object], event: object) -> object:
        seen.append((type(self).__name__, self.app.data is not None))  # type: ignore[attr-defined]
        return mounted(self, event)  # type: ignore[arg-type]

    monkeypatch.setattr(Screen, "_on_mount", noted)
    app = FacilitatorApp(store, demo_id, language="en", mode=area)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert seen and all(read for _, read in seen), seen
        if area == "agenda":
            keys = {a.binding.description for a in app.screen.active_bindings.values()}
            assert "Start/pause" in keys, "the day's keys, with its first block under the cursor"
            # What is told on opening (the day is dated another day) still is, on the screen.
            assert any("not today" in n.message for n in app.notices), "the dated day's notice"


@pytest.mark.parametrize("area", ["agenda", "notes", "room", "start"])
async def test_the_first_screen_s_style_sheet_is_read_once(
    store: Store, demo_id: str, area: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read with the app's own, not as the screen is made: that made Textual parse them all again."""
    from textual.css.stylesheet import Stylesheet

    from facilitator.app import FacilitatorApp

    parsed_again: list[str] = []
    reparse = Stylesheet.reparse

    def counted(self: Stylesheet) -> None:
        parsed_again.append(sys._getframe(1).f_code.co_name)  # who asked for it
        reparse(self)

    monkeypatch.setattr(Stylesheet, "reparse", counted)
    app = FacilitatorApp(store, demo_id if area != "start" else None, language="en", mode=area)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        sheets = {path.name for path in app.css_path}
        assert {"common.tcss", f"{area}.tcss"} <= sheets, sheets
        assert "_load_screen_css" not in parsed_again, "parsed again for the first screen's sheet"


@pytest.mark.parametrize(
    ("area", "table_id"), [("agenda", "#agenda-table"), ("presentations", "#queue-table")]
)
async def test_the_first_frame_fills_the_table_once_and_a_new_width_fits_it_again(
    store: Store, demo_id: str, area: str, table_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fitted to the terminal's width before the first layout, not again when that layout gives it.

    The table used to be filled as if 200 wide, then cleared and filled again at the
    first resize: every cell was rendered twice before the first frame.
    """
    from importlib import import_module

    from textual.widgets import DataTable

    from facilitator.app import FacilitatorApp

    module = import_module(f"screens.{area}")
    fills: list[int] = []
    fill = module.fill_table

    def counted(table: DataTable[object], *args: object) -> None:
        fills.append(table.size.width)
        fill(table, *args)

    monkeypatch.setattr(module, "fill_table", counted)
    app = FacilitatorApp(store, demo_id, language="en", mode=area)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert len(fills) == 1, fills
        wide = len(app.screen.query_one(table_id, DataTable).columns)
        await pilot.resize_terminal(50, 30)  # narrower: the columns are fitted again
        await pilot.pause()
        table = app.screen.query_one(table_id, DataTable)
        assert len(fills) == 2 and fills[-1] == 50, fills
        assert len(table.columns) < wide
        await pilot.resize_terminal(50, 20)  # the same width: nothing to fit
        await pilot.pause()
        assert len(fills) == 2, fills


async def test_the_key_bar_s_keys_are_made_as_the_bar_is_styled_once(
    store: Store, demo_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual makes each key compact and at once tells it to follow the bar: styled three times.

    Made as the bar is (not compact), each key is styled once before the first frame;
    the palette's key, which does not follow the bar, as Textual makes it.
    """
    from collections import Counter

    from textual.css.stylesheet import Stylesheet
    from textual.dom import DOMNode

    from facilitator.app import FacilitatorApp
    from screens.keybar import KeyBar

    styled: Counter[DOMNode] = Counter()
    apply = Stylesheet.apply

    def counted(self: Stylesheet, node: DOMNode, *args: object, **kwargs: object) -> None:
        if isinstance(node.parent, KeyBar):
            styled[node] += 1
        apply(self, node, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Stylesheet, "apply", counted)
    app = FacilitatorApp(store, demo_id, language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        keys = [key for key in bar.children if not key.has_class("-command-palette")]
        assert len(keys) >= 5 and all(styled[key] == 1 for key in keys), list(styled.values())
        assert not any(key.has_class("-compact") for key in keys), "drawn as the bar: not compact"
