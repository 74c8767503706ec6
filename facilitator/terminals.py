"""A browser tab's terminal: its app process, run through textual-serve, and the tab's keys relayed to it.

The one place that leans on textual-serve beyond its public API. Its
``AppService`` speaks Textual's web-driver protocol with the app process (the
prelude, the framed packets, quitting, downloads), which moves with each
Textual release; we keep using it for that rather than copying it. What it does
not offer is starting the app without a shell, from an argument list and with
an environment of our own, and knowing the process to end it when it will not
quit. For those we override one private method and use three private names,
all listed in ``RELIED_ON``; tests/serve/test_terminals.py checks each of them
on the installed textual-serve (pinned to 1.1.x in pyproject.toml) and names
the one that changed. Textual-free: the app processes import Textual, this
module does not.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
from pathlib import Path
from typing import Any

import textual_serve
from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService

STOP_SECONDS = 5.0  # a tab's app is asked to quit, then ended
CLIENT_FILES = Path(textual_serve.__file__).parent / "static"  # its browser client: xterm.js, fonts
# textual-serve's private names this module relies on, and what for.
RELIED_ON = {
    "_open_app_process": "overridden: start the app from an argument list, without a shell",
    "_build_environment": "called: the environment textual-serve gives an app (its web driver)",
    "_process": "set and read: the app's process, read by run() and ended by end()",
    "_stdin": "set: the app's stdin, written by send_bytes() and send_meta()",
}


def tab_command(page: str, store_root: Path, session_id: str) -> list[str]:
    """The command line of one tab's app."""
    entry = "from facilitator.cli import served_page; served_page()"
    return [sys.executable, "-c", entry, page, str(store_root), session_id]


class TabApp(AppService):
    """One tab's app process, started without a shell and with our own environment."""

    def __init__(self, argv: list[str], env: dict[str, str], **kwargs: Any) -> None:
        super().__init__(" ".join(argv), **kwargs)
        self._argv = argv
        self._env = env

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Any:
        environment = self._build_environment(width=width, height=height)
        environment.update(self._env)
        self._process = process = await asyncio.create_subprocess_exec(
            *self._argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=environment,
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def run(self) -> None:
        await super().run()
        # The app's output has ended: it quit, or its process died. textual-serve
        # closes the socket only on a quit it was told of; a dead app would leave
        # the page frozen, taking keys that go nowhere. Closed, the page says so.
        with contextlib.suppress(ConnectionError, RuntimeError):
            await self.remote_close()

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    async def end(self) -> None:
        """Ask the app to quit; end its process if it has not within STOP_SECONDS."""
        try:
            await asyncio.wait_for(self.stop(), STOP_SECONDS)
        except (TimeoutError, ConnectionError, RuntimeError):
            pass
        process = self._process
        if process is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(process.wait(), STOP_SECONDS)


async def relay(ws: web.WebSocketResponse, tab: TabApp) -> None:
    """The browser's keys and size to the app (textual.js's messages); its screen goes back by itself."""
    async for message in ws:
        if message.type != WSMsgType.TEXT:
            continue
        try:
            kind, data = json.loads(message.data)
        except (ValueError, TypeError):
            continue
        if kind == "stdin" and isinstance(data, str):
            await tab.send_bytes(data.encode("utf-8"))
        elif kind == "resize" and isinstance(data, dict):
            await tab.set_terminal_size(cells(data.get("width"), 80), cells(data.get("height"), 24))
        elif kind == "ping":
            await ws.send_json(["pong", data])
        elif kind == "focus":
            await tab.focus()
        elif kind == "blur":
            await tab.blur()


def cells(value: object, default: int) -> int:
    """A terminal's width or height as the browser gave it, within reason."""
    try:
        number = int(str(value))
    except ValueError:
        return default
    return min(max(number, 10), 1000)


# The terminal page says at once when its connection is gone instead of freezing:
# textual.js marks the body "-closed" when its socket closes (the app ended, the
# server stopped); a device that goes off the network says so too.
LOST_WATCH = (
    "<script>addEventListener('offline',function(){document.body.classList.add('-closed')})"
    "</script>"
)
TERMINAL_STYLE = (
    "html,body{margin:0;height:100%;background:#0b0b0b}"
    "#terminal{position:absolute;inset:0}.ended{display:none}"
    "body.-closed .ended{display:flex;position:absolute;inset:0;flex-direction:column;"
    "align-items:center;justify-content:center;color:#f2f2f2;font:1.3em system-ui,sans-serif;"
    "background:#0b0b0bee;text-align:center;padding:1em}"
    ".ended a.other{color:#7fd1ff;margin-top:1em}"
)
