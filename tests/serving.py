"""A `facilitator serve` server in the test's own loop, and a PNG read back into pixels."""

from __future__ import annotations

import asyncio
import contextlib
import struct
import zlib
from collections.abc import AsyncIterator
from typing import Any

from facilitator.addresses import Serving
from facilitator.serve import Server
from facilitator.store import Store


@contextlib.asynccontextmanager
async def running_server(
    store: Store,
    session_id: str,
    max_apps: int = 30,
    language: str = "sv",
    serving: Serving | None = None,
    **options: Any,
) -> AsyncIterator[Server]:
    """A server on a free port of localhost; every tab's app has ended when it is left.

    ``serving`` again: the same port and codes as a server before it (a restart).
    """
    serving = serving or Serving(store.root, session_id, "127.0.0.1", 0)
    server = Server(serving, language, max_apps=max_apps, **options)
    ready = asyncio.Event()
    task = asyncio.create_task(server.run(ready.set))
    await asyncio.wait_for(ready.wait(), 10)
    try:
        yield server
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    assert server.tabs == set(), "every tab's app has ended"


def address(server: Server, page: str) -> str:
    return f"http://127.0.0.1:{server.serving.port}/{page}/{server.serving.codes[page]}"


def pixels(png: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the rows (RGB or RGBA bytes) of an 8-bit, non-interlaced PNG."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    at, data, header = 8, b"", b""
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind, body = png[at + 4 : at + 8], png[at + 8 : at + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            data += body
        at += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6) and header[12] == 0, "8-bit RGB(A), not interlaced"
    size = 3 if colour == 2 else 4
    raw, stride, rows, previous = zlib.decompress(data), width * size, [], bytearray(width * size)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for x in range(stride):
            left = line[x - size] if x >= size else 0
            up, corner = previous[x], previous[x - size] if x >= size else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                guess = left + up - corner
                near = min(
                    (abs(guess - left), 0, left),
                    (abs(guess - up), 1, up),
                    (abs(guess - corner), 2, corner),
                )
                line[x] = (line[x] + near[2]) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, rows


def light_share(png: bytes, top: float, bottom: float) -> float:
    """The share of light pixels (all channels above 200) between two heights, as fractions."""
    width, height, rows = pixels(png)
    size = len(rows[0]) // width
    band = rows[int(height * top) : int(height * bottom)]
    light = sum(
        1
        for row in band
        for x in range(0, len(row), size)
        if row[x] > 200 and row[x + 1] > 200 and row[x + 2] > 200
    )
    return light / max(1, len(band) * width)
