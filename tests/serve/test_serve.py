"""`facilitator serve` with a real server on localhost: the join codes, the limit, and a clean stop.

The server runs in the test's loop (or, for ctrl+c, as the real command in a
child process); each tab's app is a real app process.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from facilitator.addresses import (
    SERVING_FILE,
    Serving,
    code_matches,
    group_from_path,
    group_to_path,
    new_codes,
)
from facilitator.qr import qr_matrix, qr_text
from facilitator.serve import Server
from facilitator.store import Store


@pytest.fixture
async def server(store: Store, demo_id: str) -> AsyncIterator[Server]:
    serving = Serving(store.root, demo_id, "127.0.0.1", 0)
    running = Server(serving, "sv", max_apps=2)
    ready = asyncio.Event()
    task = asyncio.create_task(running.run(ready.set))
    await asyncio.wait_for(ready.wait(), 10)
    yield running
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        pass
    assert running.tabs == set(), "every tab's app has ended"


def _base(server: Server) -> str:
    return f"http://127.0.0.1:{server.serving.port}"


def _children() -> set[int]:
    """The live child processes of this process (Linux)."""
    found = set()
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{name}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == os.getpid() and fields[0] != "Z":
            found.add(int(name))
    return found


async def _status(session: aiohttp.ClientSession, url: str, method: str = "GET") -> int:
    async with session.request(method, url) as response:
        await response.read()
        return response.status


async def test_without_the_right_code_nothing_is_served_and_no_app_starts(
    server: Server,
) -> None:
    base, codes = _base(server), server.serving.codes
    before = _children()
    wrong = [
        "/",
        "/room",
        "/notes",
        "/favicon.ico",
        "/room/not-the-code",
        f"/room/{codes['room'][:-1]}",  # all but its last character
        f"/notes/{codes['room']}",  # the room's code does not open the notes
        f"/room/{codes['notes']}",
        f"/room/{codes['room']}/other",
        f"/room/{codes['room']}/static/../../server.py",
        f"/room/{codes['room']}/static/%2e%2e/%2e%2e/server.py",
        f"/room/{codes['room']}/ws/{group_to_path('Grupp 2')}",  # the room has no groups
        f"/notes/{codes['notes']}/ws/not-base64!",
        f"/notes/{codes['room']}/ws",
        "/room/wrong/ws",
    ]
    async with aiohttp.ClientSession() as session:
        for path in wrong:
            assert await _status(session, base + path) == 403, path
        assert await _status(session, f"{base}/room/{codes['room']}", "POST") == 403
        # A WebSocket upgrade with a wrong code is refused before any process.
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect(f"{base}/notes/{codes['room']}/ws")
        assert refused.value.status == 403
        async with session.get(base + "/room/wrong") as response:
            text = await response.text()
    assert "anslutningskoden" in text, "the refusal says what is missing, in the session's language"
    assert codes["room"] not in text and codes["notes"] not in text
    assert server.started == 0
    assert _children() == before


# Each address, as the pages, the phones and the QR codes have always used it: the
# method, the path ({room}, {notes}, {ask}: that page's code), the status, and
# whether the answer may be kept by a cache.
ADDRESSES = [
    ("GET", "/room/{room}", 200, True),
    ("GET", "/room/{room}/", 200, True),  # a slash added at the end is ignored
    ("GET", "//room/{room}", 200, True),  # and one doubled at the start
    ("GET", "/room/{room}/terminal", 200, True),
    ("GET", "/room/{room}/ws", 400, True),  # a socket's address, opened as a page
    ("GET", "/room/{room}//terminal", 403, True),
    ("GET", "/room/{room}/static/", 403, True),
    ("GET", "/notes/{notes}/terminal?group=G", 200, True),
    ("GET", "/notes/{notes}/static/css/xterm.css", 200, True),
    ("GET", "/notes/{notes}", 200, False),
    ("GET", "/notes/{notes}/web/notes.js", 200, False),
    ("GET", "/notes/{notes}/web/notes.js/", 200, False),
    ("GET", "/notes/{notes}/web/ask.js", 403, True),  # the other page's file
    ("GET", "/notes/{notes}/api/state", 200, False),
    ("GET", "/notes/{notes}/api/state/", 200, False),
    ("GET", "/notes/{notes}/api/notes", 403, True),
    ("POST", "/notes/{notes}/api/state", 403, True),
    ("POST", "/notes/{notes}", 403, True),
    ("GET", "/ask/{ask}", 200, False),
    ("GET", "/ask/{ask}/web/ask.js", 200, False),
    ("GET", "/ask/{ask}/web/notes.css", 200, False),
    ("GET", "/ask/{ask}/web/notes.js", 403, True),
    ("GET", "/ask/{ask}/api/state", 200, False),
    ("GET", "/ask/{ask}/terminal", 403, True),  # the room's page has no terminal
    ("GET", "/ask/{ask}/ws", 403, True),
    ("GET", "/ask/{ask}/static/js/textual.js", 403, True),
    ("HEAD", "/room/{room}", 403, True),  # only GET and POST, and each where it belongs
    ("PUT", "/notes/{notes}/api/notes", 403, True),
    ("DELETE", "/ask/{ask}", 403, True),
    ("OPTIONS", "/notes/{notes}", 403, True),
    ("PATCH", "/room/{room}", 403, True),
]


async def test_each_address_answers_as_it_always_has(server: Server) -> None:
    base, codes = _base(server), server.serving.codes
    async with aiohttp.ClientSession() as session:
        for method, path, status, cached in ADDRESSES:
            url = base + path.format(**codes)
            async with session.request(method, url, allow_redirects=False) as response:
                await response.read()
                assert response.status == status, (method, path)
                kept = response.headers.get("Cache-Control") != "no-store"
                assert kept == cached, (method, path, "Cache-Control")
    assert server.started == 0 and server.tabs == set(), "no address opened as a page starts an app"


async def test_with_the_code_each_page_and_its_files_are_served(server: Server) -> None:
    base, codes = _base(server), server.serving.codes
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{base}/room/{codes['room']}") as response:
            assert response.status == 200
            page = await response.text()
        assert f'/room/{codes["room"]}/ws"' in page
        assert 'class="textual-terminal"' in page
        async with session.get(f"{base}/room/{codes['room']}/static/js/textual.js") as response:
            assert response.status == 200 and len(await response.read()) > 10_000
        terminal = f"{base}/notes/{codes['notes']}/terminal"
        async with session.get(terminal) as response:
            asked = await response.text()
        assert response.status == 200 and "Vilken grupp skriver du för?" in asked
        assert 'name="group"' in asked
        async with session.get(terminal, params={"group": "Grupp 2"}) as r:
            notes_page = await r.text()
        assert f"/notes/{codes['notes']}/ws/{group_to_path('Grupp 2')}" in notes_page
        assert 'name="viewport"' in notes_page, "a phone lays it out at its own width"
        assert f'href="/notes/{codes["notes"]}"' in notes_page, "a link to the page for phones"
        async with session.get(terminal, params={"group": ""}) as r:
            assert f'/notes/{codes["notes"]}/ws"' in await r.text(), "no group: the whole room"
        async with session.get(terminal, params={"group": "x" * 41}) as response:
            assert response.status == 400
            assert "högst 40 tecken" in await response.text()
    assert server.started == 0, "pages alone start no app"


async def _open_tab(session: aiohttp.ClientSession, url: str) -> aiohttp.ClientWebSocketResponse:
    """A tab's socket, once its app has drawn something."""
    socket = await session.ws_connect(url + "?width=100&height=30")
    while True:
        message = await asyncio.wait_for(socket.receive(), 30)
        if message.type == aiohttp.WSMsgType.BINARY and len(message.data) > 100:
            return socket
        assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT), message


async def test_a_tab_starts_one_app_and_closing_it_ends_it(server: Server) -> None:
    base, codes = _base(server), server.serving.codes
    before = _children()
    async with aiohttp.ClientSession() as session:
        socket = await _open_tab(session, f"{base}/room/{codes['room']}/ws")
        assert server.started == 1 and len(server.tabs) == 1
        started = _children() - before
        assert len(started) == 1
        await socket.send_json(["ping", "1"])
        while (message := await socket.receive()).type != aiohttp.WSMsgType.TEXT:
            pass
        assert json.loads(message.data) == ["pong", "1"]
        await socket.close()
    for _ in range(100):
        if not server.tabs and not (_children() & started):
            break
        await asyncio.sleep(0.1)
    assert server.tabs == set()
    assert not (_children() & started), "the closed tab's app has ended"


async def test_a_tab_whose_app_dies_is_closed_so_the_page_says_so(server: Server) -> None:
    """A frozen page takes keys that go nowhere: when its app dies, the socket closes."""
    base, codes = _base(server), server.serving.codes
    async with aiohttp.ClientSession() as session:
        socket = await _open_tab(session, f"{base}/notes/{codes['notes']}/ws")
        (tab,) = server.tabs
        assert tab.pid is not None
        os.kill(tab.pid, signal.SIGKILL)
        closed = False
        for _ in range(100):
            message = await asyncio.wait_for(socket.receive(), 20)
            if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                closed = True
                break
        assert closed and socket.closed, "the page is told: textual.js shows that it has stopped"


async def test_tabs_beyond_the_limit_are_refused_with_a_clear_page(server: Server) -> None:
    base, codes = _base(server), server.serving.codes
    async with aiohttp.ClientSession() as session:
        tabs = [
            await _open_tab(session, f"{base}/room/{codes['room']}/ws"),
            await _open_tab(session, f"{base}/notes/{codes['notes']}/ws"),
        ]
        assert len(server.tabs) == 2
        async with session.get(f"{base}/room/{codes['room']}") as response:
            assert response.status == 503
            assert "redan 2 webbläsarflikar" in await response.text()
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect(f"{base}/room/{codes['room']}/ws")
        assert refused.value.status == 503
        assert server.started == 2, "no third app was started"
        await tabs[0].close()
        for _ in range(100):
            if len(server.tabs) < 2:
                break
            await asyncio.sleep(0.1)
        third = await _open_tab(session, f"{base}/room/{codes['room']}/ws")
        assert server.started == 3, "a closed tab makes room for another"
        await third.close()
        await tabs[1].close()


def test_the_codes_are_fresh_long_and_apart() -> None:
    first, second = new_codes(), new_codes()
    assert set(first) == {"room", "notes", "ask"}
    assert len(set(first.values())) == 3, "each page its own code"
    assert all(first[page] != second[page] for page in first)
    assert all(len(code) >= 24 and re.fullmatch(r"[A-Za-z0-9_-]+", code) for code in first.values())
    assert code_matches(first["room"], first["room"])
    assert not code_matches(first["room"][:-1], first["room"])
    assert not code_matches("å", first["room"])


def test_a_group_survives_its_trip_through_the_address() -> None:
    for group in ("Grupp 2", "Bord vid fönstret", "Ä/Ö ?&=#", "🎉 fest"):
        assert group_from_path(group_to_path(group)) == group
    for bad in ("!!", "x" * 200, group_to_path("x" * 41), group_to_path(" "), "", "////"):
        with pytest.raises(ValueError):
            group_from_path(bad)


def test_the_qr_code_is_a_qr_code_of_the_address() -> None:
    matrix = qr_matrix("http://192.168.1.20:8080/notes/abc")
    size = len(matrix)
    assert size >= 25 and all(len(row) == size for row in matrix)
    # The three finder patterns: dark 7×7 squares in three corners, inside the quiet zone.
    for top, left in ((2, 2), (2, size - 9), (size - 9, 2)):
        assert all(matrix[top][left + i] for i in range(7))
        assert all(matrix[top + i][left] for i in range(7))
    assert not any(matrix[0]) and not any(row[0] for row in matrix), "a quiet zone"
    lines = qr_text("http://192.168.1.20:8080/notes/abc").splitlines()
    assert len(lines) == (size + 1) // 2 and {len(line) for line in lines} == {size}


def _serve_command(store: Store, session_id: str) -> subprocess.Popen[str]:
    """`facilitator serve` as a user runs it, on a free port."""
    env = {**os.environ, "FACILITATOR_STORE": str(store.root), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "facilitator", "serve", session_id, "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


async def _addresses_printed(child: subprocess.Popen[str]) -> dict[str, str]:
    assert child.stdout is not None
    addresses: dict[str, str] = {}
    while len(addresses) < 2:
        line = await asyncio.to_thread(child.stdout.readline)
        assert line, child.stderr.read() if child.stderr else "no output"
        found = re.search(r"http://\S+/(room|notes)/\S+", line)
        if found:
            addresses[found[1]] = found[0]
    return addresses


async def test_ctrl_c_stops_the_server_and_leaves_no_process(store: Store, demo_id: str) -> None:
    child = _serve_command(store, demo_id)
    try:
        addresses = await _addresses_printed(child)
        serving_file = store.root / SERVING_FILE
        for _ in range(50):
            if serving_file.exists():
                break
            await asyncio.sleep(0.1)
        assert json.loads(serving_file.read_text())["notes"] == addresses["notes"]
        async with aiohttp.ClientSession() as session:
            tabs = [  # two tabs, left open
                await _open_tab(session, addresses[page].replace("http", "ws") + "/ws")
                for page in ("room", "notes")
            ]
            apps = _grandchildren(child.pid)
            assert len(apps) == 2, "one app process a tab"
            child.send_signal(signal.SIGINT)
            out, err = await asyncio.to_thread(child.communicate, timeout=30)
            for tab in tabs:  # each browser is told that its page has stopped
                while (await asyncio.wait_for(tab.receive(), 10)).type not in (
                    aiohttp.WSMsgType.CLOSE,
                    aiohttp.WSMsgType.CLOSED,
                    aiohttp.WSMsgType.CLOSING,
                ):
                    pass
        assert child.returncode == 0, err
        assert "Stoppat" in out
        assert "Traceback" not in err
        for pid in apps:
            assert not Path(f"/proc/{pid}").exists() or _zombie(pid), f"app {pid} still runs"
        assert not serving_file.exists(), "the addresses are gone with the server"
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def _grandchildren(pid: int) -> list[int]:
    found = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                stat = Path(f"/proc/{name}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(name))
    return found


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


async def test_a_server_killed_outright_leaves_no_app_behind(store: Store, demo_id: str) -> None:
    """SIGKILL gives the server no time to stop its apps: each notices and ends by itself."""
    child = _serve_command(store, demo_id)
    try:
        notes = (await _addresses_printed(child))["notes"]
        async with aiohttp.ClientSession() as session:
            tab = await _open_tab(session, notes.replace("http", "ws") + "/ws")
            apps = _grandchildren(child.pid)
            assert len(apps) == 1
            child.kill()
            await asyncio.to_thread(child.wait)
            for _ in range(100):
                if all(not Path(f"/proc/{pid}").exists() or _zombie(pid) for pid in apps):
                    break
                await asyncio.sleep(0.1)
            else:
                raise AssertionError("the app outlived its server")
            await tab.close()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def test_listening_on_the_network_is_said_and_a_busy_port_is_one_clear_line(
    store: Store, demo_id: str
) -> None:
    import socket

    env = {**os.environ, "FACILITATOR_STORE": str(store.root), "PYTHONUNBUFFERED": "1"}
    child = subprocess.Popen(
        [sys.executable, "-m", "facilitator", "serve", demo_id, "--host", "0.0.0.0", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert child.stderr is not None and child.stdout is not None
        warning = child.stderr.readline()
        # In the session's language (the demo day is Swedish), as the addresses are.
        assert warning.startswith("Varning: ") and "(0.0.0.0)" in warning, warning
        assert "krypter" in warning
        room = child.stdout.readline()
        assert "/room/" in room and "0.0.0.0" not in room, "an address others can reach"
    finally:
        child.send_signal(signal.SIGINT)
        child.communicate(timeout=30)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = subprocess.run(
            [sys.executable, "-m", "facilitator", "serve", demo_id, "--port", str(port)],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
    assert busy.returncode == 1
    assert busy.stderr.strip().startswith("facilitator: error: cannot listen on 127.0.0.1 port")
    assert "Traceback" not in busy.stderr and len(busy.stderr.strip().splitlines()) == 1
    assert not (store.root / SERVING_FILE).exists()
