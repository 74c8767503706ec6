"""Fast at every size: one row for each goal, each against its baseline measured in the same run.

Run:  python tests/benchmarks/bench_scale.py [ROWS]   (prints a table; not part of the test run)

ROWS picks rows by number (like 1,5,9); all by default. See README.md here for
what each row measures and its goal.
"""

from __future__ import annotations

import asyncio
import gc
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_notes import enter_to_durable  # noqa: E402
from terminal import empty_app, facilitator, first_paint, paired, program_env  # noqa: E402
from textual import events  # noqa: E402
from textual.app import App  # noqa: E402
from textual.coordinate import Coordinate  # noqa: E402
from textual.widgets import DataTable, Input  # noqa: E402

from facilitator.app import FacilitatorApp  # noqa: E402
from facilitator.model import Note, NoteKind, Session, SessionData  # noqa: E402
from facilitator.plan import load_demo  # noqa: E402
from facilitator.store import Store  # noqa: E402
from facilitator.store.layout import INDEX_FILE  # noqa: E402

RUNS = 11
EXPORT_RUNS = 21  # a tenth of a second each: more pairs, a steadier median
TEXT = "Lärande är en förutsättning för innovation, och en innovation kräver nytt lärande."
ROWS: list[tuple[str, str, str, str]] = []  # (row, measured, baseline, ratio or figure)


def row(name: str, measured: str, baseline: str, figure: str) -> None:
    ROWS.append((name, measured, baseline, figure))
    print(f"  {name}: {measured} vs {baseline} -> {figure}", flush=True)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _notes_session(store: Store, count: int) -> str:
    kinds = list(NoteKind)
    notes = [Note(text=f"{i} {TEXT}", kind=kinds[i % len(kinds)]) for i in range(count)]
    return store.create(SessionData(Session(title=f"{count} notes"), notes=notes))


def _sessions(root: Path, count: int) -> Path:
    """A store of ``count`` copies of the demo day."""
    store = Store(root)
    for i in range(count):
        demo = load_demo()  # each with ids of its own
        demo.session.title = f"Dag {i}"
        store.create(demo)
    return root


def _wall(argv: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=program_env()
    )
    return time.perf_counter() - started


# What a complete first frame shows, each side: the app's title and its key bar (or for the
# room its big clock), the empty app's line and its footer's keys. A terminal gets a
# frame in parts, and the empty app's footer comes about 40 ms after its first line:
# timing to the first part flattered the baseline's side.
EMPTY_FRAME = ("ready to go", "palette")
FRAMES = {
    "open": ("Innovation och", "Start/pause"),
    "room": ("Innovation och", "Next:", "\u2588"),  # the clock's big digits
    "start": ("the demo day", "commands"),
}


def _cold_list(store_dir: Path) -> float:
    index = store_dir / "sessions" / INDEX_FILE
    index.unlink(missing_ok=True)
    took = _wall(facilitator("--store", str(store_dir), "list"))
    if not index.exists():
        raise RuntimeError(f"`list` did not build the index of {store_dir}: not a cold run")
    return took


def start_up(root: Path) -> None:
    store = Store(root / "demo")
    session_id = store.create(load_demo())
    empty = root / "empty"
    base = lambda: first_paint(empty_app(), EMPTY_FRAME)  # noqa: E731
    for name, argv, marker in (
        ("1. open DEMO, first complete frame", ["open", session_id], FRAMES["open"]),
        ("2. room DEMO, first complete frame", ["room", session_id], FRAMES["room"]),
        ("2. start screen (no sessions), first complete frame", [], FRAMES["start"]),
    ):
        store_dir = str(root / "demo") if argv else str(empty)
        a, b, ratio, least = paired(
            lambda argv=argv, d=store_dir, m=marker: first_paint(
                facilitator("--store", d, *argv), m
            ),
            base,
            RUNS,
        )
        row(name, ms(a), f"empty app {ms(b)}", f"{ratio:.2f}x, least {least:.2f}x (goal <= 1.3x)")


def many_sessions(root: Path) -> None:
    started = time.perf_counter()
    few = _sessions(root / "few", 10)
    made_few = time.perf_counter() - started
    started = time.perf_counter()
    many = _sessions(root / "many", 1000)
    made_many = time.perf_counter() - started
    # A cold `list`: the store's index gone before every run (as after a copy or a
    # restore), so each run reads every session and writes the index anew.
    a, b, ratio, _ = paired(lambda: _cold_list(many), lambda: _cold_list(few), RUNS)
    row(
        "3. list, no index (each run builds it), 1,000 sessions",
        ms(a),
        f"10 sessions {ms(b)}",
        f"{ratio:.2f}x (measured: it reads every session; the goal is the listing below)",
    )
    row(
        "3. making the sessions (each keeps the index)",
        f"1,000: {made_many:.1f} s",
        f"10: {made_few:.2f} s",
        f"{1000 * made_many / 1000:.1f} ms a session at 1,000 vs {1000 * made_few / 10:.1f} ms at 10",
    )
    for name, run in (
        ("3. list", lambda d: _wall(facilitator("--store", str(d), "list"))),
        (
            "3. bare `facilitator` (the latest session), first paint",
            lambda d: first_paint(facilitator("--store", str(d)), "Start/pause"),
        ),
    ):
        a, b, ratio, least = paired(lambda r=run: r(many), lambda r=run: r(few), RUNS)
        row(
            f"{name}, 1,000 sessions",
            ms(a),
            f"10 sessions {ms(b)}",
            f"{ratio:.2f}x, least {least:.2f}x (goal <= 1.3x)",
        )


async def _notes_screen(store: Store, session_id: str) -> float:
    started = time.perf_counter()
    store = Store(store.root)  # nothing cached from an earlier run
    app = FacilitatorApp(store, session_id, language="en", mode="notes")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#notes-table", DataTable)
        assert table.row_count > 0
        elapsed = time.perf_counter() - started
    return elapsed


# Typed into the search, then taken back: each key changes what the list shows first
# (the notes are "N Lärande ...": "1", "12", "123" match fewer and fewer, each more than
# a screen of them), so the screen can be seen to show each key's result.
SEARCH_KEYS = ("1", "2", "3", "backspace", "backspace", "backspace")


async def _key_until_shown(
    app: App[object], key: str, shown: Callable[[], bool], timeout: float = 10
) -> float:
    """Seconds from a key sent to the app until ``shown()`` and the screen painted after it.

    Public API only: the key goes in as the terminal's driver sends one (an
    ``events.Key`` posted to the app, without the test pilot's waits for the
    process to idle, which would be most of the figure); ``shown`` reads the
    widgets (what the list holds first, what the field says); then
    ``call_after_refresh`` runs once the screen's next update is written out.
    """
    started = time.perf_counter()
    app.post_message(events.Key(key, key if len(key) == 1 else None))
    while not shown():
        await asyncio.sleep(0.001)
        if time.perf_counter() - started > timeout:
            raise TimeoutError(key)
    painted = asyncio.Event()
    app.screen.call_after_refresh(painted.set)
    await painted.wait()
    return time.perf_counter() - started


def _first_row(table: DataTable[object]) -> object:
    return table.coordinate_to_cell_key(Coordinate(0, 0)).row_key.value if table.row_count else None


async def _search(
    store: Store, session_id: str, rss: bool = False
) -> tuple[list[float], list[int]]:
    """Per keystroke in the search field: the time until the screen shows its list. And memory."""
    times: list[float] = []
    memory: list[int] = []
    store = Store(store.root)
    app = FacilitatorApp(store, session_id, language="en", mode="notes")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        while app.notes_partial:  # a big day reads its older notes after the first paint
            await asyncio.sleep(0.05)
        await pilot.pause()
        memory.append(_rss())
        if rss:  # a day's typing: RSS after 100 notes and after 1,000, each saved and settled
            line = app.screen.query_one("#notes-capture", Input)
            for count in (100, 900):
                for i in range(count):
                    line.value = f"new {i} {TEXT}"
                    await pilot.press("enter")
                while app.services.notes.unsaved():
                    await asyncio.sleep(0.05)
                await pilot.pause(0.5)
                gc.collect()
                memory.append(_rss())
        field = app.screen.query_one("#filter-search", Input)
        table = app.screen.query_one("#notes-table", DataTable)
        field.focus()
        await pilot.pause()
        assert app.data is not None
        newest_first = app.data.notes[::-1]

        def first_match(typed: str) -> str | None:
            return next((n.id for n in newest_first if typed in n.text.casefold()), None)

        expected = {t: first_match(t) for t in ("", "1", "12", "123")}
        for _ in range(10):
            typed = ""
            for key in SEARCH_KEYS:
                typed = typed[:-1] if key == "backspace" else typed + key
                want = expected[typed]
                times.append(
                    await _key_until_shown(
                        app,
                        key,
                        lambda t=typed, w=want: field.value == t and _first_row(table) == w,
                    )
                )
        memory.append(_rss())
    return times, memory


async def _plain_search() -> list[float]:
    """The same keys, timed the same way, in a plain Textual app: an Input and a DataTable of
    100 rows filled again at every key. What any Textual screen pays per keystroke here."""
    from textual.app import ComposeResult
    from textual.widgets import Footer, Header

    class Plain(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Input()
            yield DataTable()
            yield Footer()

        def on_mount(self) -> None:
            self.query_one(DataTable).add_columns("time", "kind", "pin", "text", "link")
            self.fill("")

        def fill(self, typed: str) -> None:
            table = self.query_one(DataTable)
            table.clear()
            for i in range(100):
                table.add_row(
                    "09:00", "point", "", f"{typed} {i} {TEXT}", "Block", key=f"{typed}/{i}"
                )

        def on_input_changed(self, event: Input.Changed) -> None:
            self.fill(event.value)

    app = Plain()
    times: list[float] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        field, table = app.query_one(Input), app.query_one(DataTable)
        field.focus()
        await pilot.pause()
        for _ in range(10):
            typed = ""
            for key in SEARCH_KEYS:
                typed = typed[:-1] if key == "backspace" else typed + key
                times.append(
                    await _key_until_shown(
                        app,
                        key,
                        lambda t=typed: field.value == t and _first_row(table) == f"{t}/0",
                    )
                )
    return times


def _rss() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def notes(root: Path) -> None:
    store = Store(root / "notes")
    small, big, mid = (_notes_session(store, n) for n in (100, 50_000, 10_000))
    opened = {n: [] for n in (100, 50_000)}  # type: dict[int, list[float]]
    for _ in range(3):
        for n, session_id in ((100, small), (50_000, big)):
            opened[n].append(asyncio.run(_notes_screen(store, session_id)))
    a, b = statistics.median(opened[50_000]), statistics.median(opened[100])
    row(
        "4. notes screen open, 50,000 notes",
        ms(a),
        f"100 notes {ms(b)}",
        f"{a / b:.2f}x (goal <= 1.5x)",
    )
    plain = statistics.median(asyncio.run(_plain_search()))
    for n, session_id in ((10_000, mid), (50_000, big)):
        times, _ = asyncio.run(_search(store, session_id))
        row(
            f"5. search per keystroke, {n:,} notes",
            ms(statistics.median(times)),
            f"a plain Textual app {ms(plain)}",
            f"{statistics.median(times) / plain:.2f}x (goal <= 1.2x)",
        )
    durable = {}
    for n in (100, 50_000):
        d, _ = asyncio.run(enter_to_durable(n, root / "durable"))
        durable[n] = statistics.median(d)
    row(
        "6. one durable note, 50,000 notes",
        ms(durable[50_000]),
        f"100 notes {ms(durable[100])}",
        f"{durable[50_000] / durable[100]:.2f}x (goal <= 1.3x)",
    )
    # Memory in a process of its own, so that what this one did before does not count.
    child = subprocess.run(
        [sys.executable, __file__, "--rss", str(store.root), mid],
        capture_output=True,
        text=True,
        check=True,
    )
    start, hundred, thousand, searched = (int(n) / 2**20 for n in child.stdout.split())
    row(
        "7. RSS, notes screen (10,000 notes): start -> 100 typed -> 1,000 typed -> 10 searches",
        f"{start:.1f} -> {hundred:.1f} -> {thousand:.1f} -> {searched:.1f} MiB",
        "after 100 typed",
        f"growth {100 * (thousand - hundred) / hundred:.0f} % to 1,000 typed, "
        f"{100 * (searched - hundred) / hundred:.0f} % after the searches (goal <= 10 %)",
    )


def rss_child(root: str, session_id: str) -> None:
    _, memory = asyncio.run(_search(Store(root), session_id, rss=True))
    print(*memory)


def export(root: Path) -> None:
    store = Store(root / "export")
    session_id = _notes_session(store, 1000)
    helped = lambda: _wall(facilitator("--help"))  # noqa: E731
    for fmt, goal in (("md", 1.3), ("html", 1.3), ("txt", 1.3), ("docx", 3.0)):
        out = root / f"out.{fmt}"
        a, b, ratio, least = paired(
            lambda f=fmt, o=out: _wall(
                facilitator(
                    "--store",
                    str(root / "export"),
                    "export",
                    session_id,
                    "--format",
                    f,
                    "-o",
                    str(o),
                )
            ),
            helped,
            EXPORT_RUNS,
        )
        row(
            f"8. export {fmt}, 1,000 notes",
            ms(a),
            f"--help {ms(b)}",
            f"{ratio:.2f}x, least {least:.2f}x (goal <= {goal}x)",
        )


async def _held_minus(store: Store, session_id: str) -> tuple[int, float]:
    """`-` 35 times in 3.5 s on a running block: applied by the last key, and the wait after it."""
    app = FacilitatorApp(store, session_id, language="en")
    block = store.load(session_id).blocks[1].id
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("down", "space")
        await pilot.pause(0.5)
        for _ in range(35):
            await pilot.press("minus")
            await asyncio.sleep(0.1)
        last = time.perf_counter()

        def applied() -> int:
            saved = next(b for b in Store(store.root).load(session_id).blocks if b.id == block)
            return int(-saved.extended_seconds // 60)

        by_then = applied()
        while applied() < 35:
            if time.perf_counter() - last > 30:
                break
            await asyncio.sleep(0.01)
        return by_then, time.perf_counter() - last


def held_key(root: Path) -> None:
    store = Store(root / "held")
    session_id = store.create(load_demo())
    by_then, wait = asyncio.run(_held_minus(store, session_id))
    row(
        "9. `-` 35 times in 3.5 s",
        f"{by_then} applied by the last key",
        "all 35",
        f"all on disk {ms(wait)} after it (goal <= 200 ms)",
    )


def main() -> None:
    if sys.argv[1:2] == ["--rss"]:
        rss_child(sys.argv[2], sys.argv[3])
        return
    chosen = {int(n) for n in sys.argv[1].split(",")} if len(sys.argv) > 1 else set(range(1, 10))
    root = Path(tempfile.mkdtemp(prefix="facilitator-scale-"))
    # A settings file of the run's own (not there: the defaults), never the user's: a user's
    # `language = "sv"` would change what the screens say and the markers looked for.
    os.environ["FACILITATOR_SETTINGS"] = str(root / "settings.toml")
    os.environ["XDG_CACHE_HOME"] = str(root / "cache")  # the cache as a first run finds it
    parts: list[tuple[set[int], Callable[[Path], None]]] = [
        ({1, 2}, start_up),
        ({3}, many_sessions),
        ({4, 5, 6, 7}, notes),
        ({8}, export),
        ({9}, held_key),
    ]
    try:
        for rows, part in parts:
            if rows & chosen:
                part(root / part.__name__)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print("\n| row | measured | baseline | ratio or figure |\n|---|---|---|---|")
    for name, measured, baseline, figure in ROWS:
        print(f"| {name} | {measured} | {baseline} | {figure} |")


if __name__ == "__main__":
    os.environ["LANG"] = "C.UTF-8"  # the English interface: the markers are in English
    main()
