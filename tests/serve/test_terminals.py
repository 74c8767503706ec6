"""What facilitator/terminals.py relies on in textual-serve beyond its public API, checked on the installed one.

If one of these fails after textual-serve was upgraded, the message names the
private name that changed; facilitator/terminals.py says what each is for.
A stand-in app (a few lines of Python speaking the web driver's framing) plays
the tab's app, so that these run in a moment and need no browser.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import sys
from importlib.metadata import version

import pytest
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from facilitator.terminals import RELIED_ON, TabApp, cells

UPSTREAM = f"textual-serve {version('textual-serve')}"

# Says who it is and what it was given, echoes the first packet it is sent, and
# answers a quit as a Textual app does.
STAND_IN = """
import json, os, sys
out, into = sys.stdout.buffer, sys.stdin.buffer
def send(kind, payload):
    out.write(kind + len(payload).to_bytes(4, "big") + payload)
    out.flush()
def receive():
    kind = into.read(1)
    return (kind, into.read(int.from_bytes(into.read(4), "big"))) if kind else (b"", b"")
out.write(b"__GANGLION__\\n")
names = ("FACILITATOR_GROUP", "COLUMNS", "ROWS", "TEXTUAL_DRIVER")
told = {name: os.environ.get(name) for name in names}
send(b"D", json.dumps({"pid": os.getpid(), **told}).encode())
send(b"D", b"".join(receive()))
while True:
    kind, payload = receive()
    if not kind or (kind == b"M" and json.loads(payload)["type"] == "quit"):
        break
send(b"M", b'{"type": "exit"}')
"""


class Browser:
    """The tab's side: what the app drew, and whether its socket was closed."""

    def __init__(self) -> None:
        self.drawn: asyncio.Queue[bytes] = asyncio.Queue()
        self.closed = asyncio.Event()

    async def write_bytes(self, data: bytes) -> None:
        await self.drawn.put(data)

    async def write_str(self, text: str) -> None:
        pass

    async def close(self) -> None:
        self.closed.set()

    async def next(self) -> bytes:
        return await asyncio.wait_for(self.drawn.get(), 20)


def _tab(browser: Browser, env: dict[str, str]) -> TabApp:
    return TabApp(
        [sys.executable, "-c", STAND_IN],
        env,
        write_bytes=browser.write_bytes,
        write_str=browser.write_str,
        close=browser.close,
        download_manager=DownloadManager(),
    )


def test_the_private_names_relied_on_are_still_there() -> None:
    service = AppService(
        "true",
        write_bytes=Browser().write_bytes,
        write_str=Browser().write_str,
        close=Browser().close,
        download_manager=DownloadManager(),
    )
    for name, use in RELIED_ON.items():
        assert hasattr(service, name), f"{UPSTREAM}: AppService has no {name} any more ({use})"
    for name in ("_open_app_process", "_build_environment"):
        parameters = list(inspect.signature(getattr(AppService, name)).parameters)
        assert parameters == ["self", "width", "height"], (
            f"{UPSTREAM}: AppService.{name} now takes {parameters}, not (width, height)"
        )
    assert inspect.iscoroutinefunction(AppService._open_app_process), (
        f"{UPSTREAM}: AppService._open_app_process is no longer a coroutine"
    )
    assert service._process is None and service._stdin is None, (
        f"{UPSTREAM}: AppService no longer starts with _process and _stdin unset"
    )
    environment = service._build_environment(width=123, height=45)
    assert (environment.get("COLUMNS"), environment.get("ROWS")) == ("123", "45"), (
        f"{UPSTREAM}: AppService._build_environment no longer gives the size as COLUMNS and ROWS"
    )
    assert "WebDriver" in environment.get("TEXTUAL_DRIVER", ""), (
        f"{UPSTREAM}: AppService._build_environment no longer names Textual's web driver"
    )


async def test_a_tab_app_runs_as_started_without_a_shell_and_quits_when_asked() -> None:
    browser = Browser()
    tab = _tab(browser, {"FACILITATOR_GROUP": "Grupp 2"})
    await tab.start(123, 45)
    try:
        told = json.loads(await browser.next())
    except TimeoutError:
        pytest.fail(
            f"{UPSTREAM}: the app never spoke; start() no longer starts it through "
            "TabApp._open_app_process, or run() no longer reads its output from _process"
        )
    assert told["pid"] == tab.pid, (
        f"{UPSTREAM}: the app read is not the process TabApp._open_app_process started "
        "(start() no longer calls _open_app_process, or run() no longer reads _process)"
    )
    assert told["FACILITATOR_GROUP"] == "Grupp 2", f"{UPSTREAM}: our environment was not used"
    assert (told["COLUMNS"], told["ROWS"]) == ("123", "45")
    assert "WebDriver" in told["TEXTUAL_DRIVER"]
    assert await tab.send_bytes(b"keys"), f"{UPSTREAM}: send_bytes() no longer writes to _stdin"
    assert await browser.next() == b"Dkeys", f"{UPSTREAM}: send_bytes() no longer writes to _stdin"
    await tab.end()
    # It quit: not ended by a signal (a kill is negative). asyncio says 255 when another
    # child watcher in the process reaped it first and its status is lost.
    assert tab._process is not None and tab._process.returncode in (0, 255), "it was killed"
    assert browser.closed.is_set()


async def test_a_tab_whose_app_dies_closes_its_socket() -> None:
    browser = Browser()
    tab = _tab(browser, {})
    await tab.start(80, 24)
    await browser.next()
    assert tab._process is not None
    tab._process.kill()
    await asyncio.wait_for(browser.closed.wait(), 20)
    await tab.end()
    assert tab._process.returncode is not None


@pytest.mark.parametrize(
    ("given", "used"), [("132", 132), ("", 80), ("x", 80), (None, 80), ("-3", 10), ("99999", 1000)]
)
def test_a_terminal_size_from_the_browser_stays_within_reason(given: object, used: int) -> None:
    assert cells(given, 80) == used
