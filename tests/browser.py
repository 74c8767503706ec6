"""A headless Chromium driven over its DevTools protocol, for the `serve` tests.

The system's browser (Debian's `chromium`), started with a throwaway profile;
one page; navigate, run JavaScript, click, type, press keys, take a PNG. Small
on purpose: aiohttp's WebSocket client is already installed with the server.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp

CANDIDATES = ("/usr/lib/chromium/chromium", "chromium", "chromium-browser", "google-chrome")


def find_browser() -> str | None:
    """The browser to drive: $FACILITATOR_TEST_BROWSER, else a Chromium on this machine."""
    given = os.environ.get("FACILITATOR_TEST_BROWSER")
    if given:
        return given
    for name in CANDIDATES:
        found = name if os.path.isabs(name) and os.access(name, os.X_OK) else shutil.which(name)
        if found:
            return found
    return None


class Page:
    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self._socket = socket
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future[Any]] = {}
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self._socket:
            if message.type != aiohttp.WSMsgType.TEXT:
                continue
            data = json.loads(message.data)
            future = self._waiting.pop(data.get("id", -1), None)
            if future is not None and not future.done():
                if "error" in data:
                    future.set_exception(RuntimeError(str(data["error"])))
                else:
                    future.set_result(data.get("result", {}))

    async def send(self, method: str, **params: Any) -> Any:
        number = next(self._ids)
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._waiting[number] = future
        await self._socket.send_str(json.dumps({"id": number, "method": method, "params": params}))
        return await asyncio.wait_for(future, 30)

    async def goto(self, url: str) -> None:
        await self.send("Page.navigate", url=url)
        await self.wait_for("document.readyState === 'complete'")

    async def evaluate(self, expression: str) -> Any:
        result = await self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    async def wait_for(self, expression: str, timeout: float = 30) -> Any:
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            try:
                value = await self.evaluate(expression)
            except RuntimeError as exc:
                # Asked while the page was being replaced (a form sent, a link followed):
                # the old page cannot answer; the next one will.
                if "navigated or closed" not in str(exc) and "context" not in str(exc):
                    raise
                value = None
            if value:
                return value
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError(f"not true within {timeout} s: {expression}")
            await asyncio.sleep(0.2)

    async def click(self, x: float, y: float) -> None:
        for kind in ("mousePressed", "mouseReleased"):
            await self.send(
                "Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1
            )

    async def type(self, text: str) -> None:
        for char in text:
            await self.send("Input.dispatchKeyEvent", type="keyDown", text=char, key=char)
            await self.send("Input.dispatchKeyEvent", type="keyUp", key=char)

    async def press_enter(self) -> None:
        common = {"key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13}
        await self.send("Input.dispatchKeyEvent", type="keyDown", text="\r", **common)
        await self.send("Input.dispatchKeyEvent", type="keyUp", **common)

    async def as_phone(self, width: int = 390, height: int = 844) -> None:
        """A phone's screen from now on: its viewport, its pixel ratio, and touch instead of a mouse."""
        await self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=3,
            mobile=True,
        )
        await self.send("Emulation.setTouchEmulationEnabled", enabled=True, maxTouchPoints=5)
        await self.send(
            "Network.setUserAgentOverride",
            userAgent="Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
            "(KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36",
        )

    async def tap(self, selector: str) -> None:
        """Touch the middle of the element ``selector`` finds, as a finger would."""
        box = await self.evaluate(
            f"(function(){{var r=document.querySelector({selector!r}).getBoundingClientRect();"
            "return [r.left + r.width / 2, r.top + r.height / 2]})()"
        )
        x, y = box
        point = [{"x": x, "y": y}]
        await self.send("Input.dispatchTouchEvent", type="touchStart", touchPoints=point)
        await self.send("Input.dispatchTouchEvent", type="touchEnd", touchPoints=[])

    async def offline(self, cut: bool) -> None:
        """Cut the network (requests fail as on a dropped Wi-Fi), or bring it back."""
        await self.send("Network.enable")
        await self.send(
            "Network.emulateNetworkConditions",
            offline=cut,
            latency=0,
            downloadThroughput=-1,
            uploadThroughput=-1,
        )

    async def reload(self) -> None:
        await self.send("Page.reload", ignoreCache=True)
        await self.wait_for("document.readyState === 'complete'")

    async def screenshot(self, path: Path) -> bytes:
        result = await self.send("Page.captureScreenshot", format="png")
        data = base64.b64decode(result["data"])
        path.write_bytes(data)
        return data

    async def close(self) -> None:
        self._reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._reader
        await self._socket.close()


@contextlib.asynccontextmanager
async def browser(width: int = 1280, height: int = 800) -> AsyncIterator[Page]:
    """One page of a headless browser, gone with its profile afterwards."""
    executable = find_browser()
    if executable is None:
        raise RuntimeError("no Chromium found")
    profile = tempfile.mkdtemp(prefix="facilitator-browser-")
    process = subprocess.Popen(
        [
            executable,
            "--headless=new",
            "--no-sandbox",
            "--no-first-run",
            "--disable-gpu-sandbox",
            "--use-angle=swiftshader",
            "--enable-unsafe-swiftshader",
            "--remote-debugging-port=0",
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    session = aiohttp.ClientSession()
    page: Page | None = None
    try:
        assert process.stderr is not None
        endpoint = await asyncio.wait_for(asyncio.to_thread(_devtools_address, process), 30)
        port = re.search(r":(\d+)/", endpoint)
        assert port, endpoint
        async with session.get(f"http://127.0.0.1:{port[1]}/json/list") as response:
            targets = await response.json()
        target = next(t for t in targets if t.get("type") == "page")
        socket = await session.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=0)
        page = Page(socket)
        await page.send("Page.enable")
        yield page
    finally:
        if page is not None:
            await page.close()
        await session.close()
        process.kill()
        process.wait()
        shutil.rmtree(profile, ignore_errors=True)


def _devtools_address(process: subprocess.Popen[str]) -> str:
    assert process.stderr is not None
    for line in process.stderr:
        if "DevTools listening on" in line:
            # Keep reading what it says, so that a full pipe never stops the browser.
            threading.Thread(target=process.stderr.read, daemon=True).start()
            return line.split("DevTools listening on", 1)[1].strip()
    raise RuntimeError("the browser did not start")
