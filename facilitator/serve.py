"""`facilitator serve`: the room view and the notes screen in browsers, each behind its own join code.

One small web server on the trainer's laptop. Each browser tab that opens a
page gets its own app process (Textual's web driver, through textual-serve's
``AppService``), reading and writing the same store through the same ordered,
durable path as the trainer's app.

Access: every address carries a join code made fresh for each run, one per
page, long enough not to be guessed and compared in constant time. A request
without the right code, or for anything else, is refused with 403 before any
app process is started. At most ``max_apps`` processes run at once; a tab
closed ends its process, and stopping the server ends them all.

Textual-free: the app processes import Textual, this module does not.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import hmac
import html
import json
import secrets
import signal
import socket
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import textual_serve
from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from . import limits
from .addresses import PAGES, SERVING_FILE, write_serving_file
from .errors import FacilitatorError, StoreError, UnconfirmedSave
from .i18n import t
from .phone import FILES, PhoneNotes, web_folder
from .qr import qr_text
from .service import SessionService
from .store import Store
from .voice import FILES as VOICE_FILES
from .voice import RoomVoice

MAX_APPS = 30
CODE_BYTES = 18  # 144 random bits per code, written in 24 characters
STOP_SECONDS = 5.0  # a tab's app is asked to quit, then ended
STATIC = Path(textual_serve.__file__).parent / "static"  # its browser client: xterm.js and fonts
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def new_codes() -> dict[str, str]:
    """A fresh join code for each page."""
    return {page: secrets.token_urlsafe(CODE_BYTES) for page in PAGES}


def code_matches(given: str, expected: str) -> bool:
    """Compared in constant time, so that timing does not tell how much of a code was right."""
    return hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode("utf-8"))


def group_to_path(group: str) -> str:
    return base64.urlsafe_b64encode(group.encode("utf-8")).decode("ascii").rstrip("=")


def group_from_path(text: str) -> str:
    padded = text + "=" * (-len(text) % 4)
    try:
        raw = base64.b64decode(padded.encode("ascii"), altchars=b"-_", validate=True)
        group = limits.group(raw.decode("utf-8"))
    except (ValueError, binascii.Error, UnicodeError):
        raise ValueError("not a group") from None
    if not group:
        raise ValueError("not a group")
    return group


def lan_address() -> str:
    """This laptop's address on the local network, as others on it reach it (no packet is sent)."""
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))  # a documentation address: routing only, nothing sent
        return str(probe.getsockname()[0])
    return socket.gethostname()


@dataclass
class Serving:
    """What one run of ``serve`` offers: the session, where it listens, and the codes."""

    store_root: Path
    session_id: str
    host: str = "127.0.0.1"
    port: int = 8080
    codes: dict[str, str] = field(default_factory=new_codes)

    @property
    def on_network(self) -> bool:
        return self.host not in LOCAL_HOSTS

    @property
    def shown_host(self) -> str:
        """The host written in the addresses: one that the other devices can reach."""
        if self.host in ("", "0.0.0.0", "::"):
            return lan_address()
        return f"[{self.host}]" if ":" in self.host else self.host

    def address(self, page: str) -> str:
        return f"http://{self.shown_host}:{self.port}/{page}/{self.codes[page]}"


class _TabApp(AppService):
    """One tab's app process, started without a shell and with our own environment.

    The only place we use textual-serve's private API, and why: its
    ``AppService`` starts the app through a shell from one command string, and
    offers no public way to pass an argument list or an environment. We
    override its process start (``_open_app_process``) and read its process and
    stdin (``_process``, ``_stdin``, ``_build_environment``). textual-serve is
    pinned to 1.1.x in pyproject.toml for this; tests/test_serve.py starts
    real tabs, so a change there fails a test, not a trainer's day.
    """

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


def tab_command(page: str, store_root: Path, session_id: str) -> list[str]:
    """The command line of one tab's app."""
    entry = "from facilitator.cli import served_page; served_page()"
    return [sys.executable, "-c", entry, page, str(store_root), session_id]


class Server:
    """The pages of one session, for browsers."""

    def __init__(
        self,
        serving: Serving,
        language: str = "en",
        max_apps: int = MAX_APPS,
        command: Callable[[str, Path, str], list[str]] = tab_command,
    ) -> None:
        self.serving = serving
        self.language = language
        self.max_apps = max_apps
        self.command = command
        self.tabs: set[_TabApp] = set()
        self.started = 0  # app processes started in all, for the tests and the log
        self._sockets: set[web.WebSocketResponse] = set()
        self._downloads = DownloadManager()
        # Made at the first phone's visit: one service (one writer) for both phone pages.
        self.service: SessionService | None = None
        self.phone: PhoneNotes | None = None
        self.voice: RoomVoice | None = None

    # --- the web application ---------------------------------------------------

    def make_app(self) -> web.Application:
        # A note may be a million characters (limits.NOTE_CHARS), written as JSON.
        app = web.Application(client_max_size=8 * limits.NOTE_CHARS)
        app.router.add_route("*", "/{tail:.*}", self.handle)
        app.on_shutdown.append(self._on_shutdown)
        return app

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """Every request: the join code first, then the page, its socket or its files."""
        parts = request.path.strip("/").split("/")
        if request.method not in ("GET", "POST") or len(parts) < 2 or parts[0] not in PAGES:
            return self._refused()
        page, code, rest = parts[0], parts[1], parts[2:]
        if not code_matches(code, self.serving.codes[page]):
            return self._refused()
        if page == "notes" and (not rest or rest[0] in ("api", "web")):
            return await self._phone(request, code, rest)
        if page == "ask":
            return await self._ask(request, code, rest)
        if request.method != "GET":
            return self._refused()
        if not rest or rest == ["terminal"]:
            return self._page(request, page, code)
        if rest[0] == "ws" and len(rest) <= 2:
            return await self._socket(request, page, rest[1] if len(rest) == 2 else "")
        if rest[0] == "static" and len(rest) > 1:
            return self._static(rest[1:])
        return self._refused()

    async def _phone(self, request: web.Request, code: str, rest: list[str]) -> web.StreamResponse:
        """The notes page for phones: no app process, the server's own service."""
        phone = self._phone_notes()
        base = f"/notes/{code}"
        if not rest and request.method == "GET":
            page = phone.page(base, f"{base}/terminal")
            return web.Response(text=page, content_type="text/html", headers=_NO_STORE)
        if rest[:1] == ["web"] and len(rest) == 2 and rest[1] in FILES and request.method == "GET":
            return web.FileResponse(web_folder() / rest[1], headers=_NO_STORE)
        if rest == ["api", "state"] and request.method == "GET":
            reply = phone.state(request.query.get("group", ""))
        elif rest == ["api", "notes"] and request.method == "POST":
            try:
                body = await request.json()
            except (ValueError, UnicodeDecodeError):
                body = None
            reply = await phone.receive(body)
        else:
            return self._refused()
        return web.json_response(reply.body, status=reply.status, headers=_NO_STORE)

    async def _ask(self, request: web.Request, code: str, rest: list[str]) -> web.StreamResponse:
        """The room's page for phones: questions, thoughts and a round's answers."""
        voice = self._voice()
        base = f"/ask/{code}"
        if not rest and request.method == "GET":
            return web.Response(text=voice.page(base), content_type="text/html", headers=_NO_STORE)
        if rest[:1] == ["web"] and len(rest) == 2 and rest[1] in VOICE_FILES:
            if request.method == "GET":
                return web.FileResponse(web_folder() / rest[1], headers=_NO_STORE)
        if rest == ["api", "state"] and request.method == "GET":
            reply = voice.state()
        elif rest == ["api", "notes"] and request.method == "POST":
            try:
                body = await request.json()
            except (ValueError, UnicodeDecodeError):
                body = None
            phone = str(body.get("phone", ""))[:40] if isinstance(body, dict) else ""
            reply = await voice.receive(body, f"{request.remote} {phone}")
        else:
            return self._refused()
        return web.json_response(reply.body, status=reply.status, headers=_NO_STORE)

    def _service(self) -> SessionService:
        """The server's own door to the core, shared by the phone pages."""
        if self.service is None:
            loop = asyncio.get_running_loop()
            self.service = SessionService(
                Store(self.serving.store_root, create=False),
                self.serving.session_id,
                deliver=loop.call_soon_threadsafe,
            )
        return self.service

    def _voice(self) -> RoomVoice:
        if self.voice is None:
            self.voice = RoomVoice(self._service(), self.language)
        return self.voice

    def _phone_notes(self) -> PhoneNotes:
        if self.phone is None:
            self.phone = PhoneNotes(self._service(), self.language)
        return self.phone

    def _say(self, key: str, **values: object) -> str:
        return html.escape(t(key, self.language, **values))

    def _html(self, title: str, body: str, status: int = 200) -> web.Response:
        text = (
            f'<!DOCTYPE html><html lang="{self.language}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{title}</title><style>{_PAGE_STYLE}</style></head>"
            f"<body><main>{body}</main></body></html>"
        )
        return web.Response(text=text, status=status, content_type="text/html")

    def _refused(self) -> web.Response:
        title = self._say("serve.refused.title")
        return self._html(title, f"<h1>{title}</h1><p>{self._say('serve.refused')}</p>", 403)

    def _full(self) -> web.Response:
        title = self._say("serve.full.title")
        body = f"<h1>{title}</h1><p>{self._say('serve.full', count=self.max_apps)}</p>"
        return self._html(title, body, 503)

    def _page(self, request: web.Request, page: str, code: str) -> web.Response:
        if len(self.tabs) >= self.max_apps:
            return self._full()
        socket_path = f"/{page}/{code}/ws"
        if page == "notes":
            if "group" not in request.query:
                return self._ask_group()
            try:
                group = limits.group(request.query["group"])
            except ValueError:
                return self._ask_group(self._say("serve.group.bad", max=limits.GROUP_CHARS), 400)
            if group:
                socket_path += "/" + group_to_path(group)
        host = request.headers.get("Host", request.host)
        title = self._say(f"serve.title.{page}")
        static = f"/{page}/{code}/static/"
        # The notes page in a terminal, for laptops: a link to the page made for phones.
        other = (
            f'<a class="other" href="/notes/{code}">{self._say("phone.for_phones")}</a>'
            if page == "notes"
            else ""
        )
        ended = self._say("serve.ended_notes" if page == "notes" else "serve.ended")
        body = (
            f'<div id="terminal" class="textual-terminal" data-session-websocket-url='
            f'"ws://{html.escape(host)}{socket_path}" data-font-size="{16 if page == "notes" else 18}">'
            f'</div><div class="ended"><p>{ended}</p>'
            f'<button onclick="location.reload()">{self._say("serve.reload")}</button>{other}</div>'
        )
        text = (
            f'<!DOCTYPE html><html lang="{self.language}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{title}</title><link rel="stylesheet" href="{static}css/xterm.css">'
            f'<script src="{static}js/textual.js"></script><style>{_TERMINAL_STYLE}</style>'
            f"</head><body>{body}{_LOST_WATCH}</body></html>"
        )
        return web.Response(text=text, content_type="text/html")

    def _ask_group(self, problem: str = "", status: int = 200) -> web.Response:
        title = self._say("serve.group.title")
        error = f'<p class="problem">{problem}</p>' if problem else ""
        body = (
            f"<h1>{title}</h1><p>{self._say('serve.group.ask')}</p>{error}"
            '<form method="get"><input name="group" autofocus maxlength="'
            f'{limits.GROUP_CHARS}" placeholder="{self._say("serve.group.example")}">'
            f'<button type="submit">{self._say("serve.group.go")}</button></form>'
            f'<p class="hint">{self._say("serve.group.none")}</p>'
        )
        return self._html(title, body, status)

    def _static(self, parts: list[str]) -> web.StreamResponse:
        target = (STATIC / "/".join(parts)).resolve()
        if STATIC.resolve() not in target.parents or not target.is_file():
            return self._refused()
        return web.FileResponse(target)

    async def _socket(self, request: web.Request, page: str, group_part: str) -> web.StreamResponse:
        group = ""
        if group_part:
            if page != "notes":
                return self._refused()
            try:
                group = group_from_path(group_part)
            except ValueError:
                return self._refused()
        if len(self.tabs) >= self.max_apps:
            return self._full()  # before the upgrade: no process is started
        ws = web.WebSocketResponse(heartbeat=15)
        env = {"FACILITATOR_GROUP": group, "FACILITATOR_LANGUAGE": self.language}
        argv = self.command(page, self.serving.store_root, self.serving.session_id)
        tab = _TabApp(
            argv,
            env,
            write_bytes=ws.send_bytes,
            write_str=ws.send_str,
            close=ws.close,
            download_manager=self._downloads,
        )
        self.tabs.add(tab)  # counted before any await: the limit holds under a burst
        self._sockets.add(ws)
        try:
            await ws.prepare(request)
            width = _whole(request.query.get("width"), 80)
            height = _whole(request.query.get("height"), 24)
            await tab.start(width, height)
            self.started += 1
            await self._relay(ws, tab)
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            await tab.end()
            self.tabs.discard(tab)
            self._sockets.discard(ws)
            if not ws.closed:
                with contextlib.suppress(ConnectionError, RuntimeError):
                    await ws.close()
        return ws

    async def _relay(self, ws: web.WebSocketResponse, tab: _TabApp) -> None:
        """The browser's keys and size to the app; the app's screen goes back by itself."""
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
                await tab.set_terminal_size(
                    _whole(data.get("width"), 80), _whole(data.get("height"), 24)
                )
            elif kind == "ping":
                await ws.send_json(["pong", data])
            elif kind == "focus":
                await tab.focus()
            elif kind == "blur":
                await tab.blur()

    async def _on_shutdown(self, app: web.Application) -> None:
        await self.close()

    async def close(self) -> None:
        """End every tab's app and close every socket; nothing is left running."""
        await asyncio.gather(*(tab.end() for tab in list(self.tabs)), return_exceptions=True)
        for ws in list(self._sockets):
            with contextlib.suppress(ConnectionError, RuntimeError):
                await ws.close()
        if self.service is not None:  # what the phones sent is on disk before the end
            await asyncio.to_thread(self.service.close, STOP_SECONDS)

    # --- running ------------------------------------------------------------------------

    async def run(self, ready: Callable[[], object] = lambda: None) -> None:
        """Serve until cancelled (ctrl+c, SIGTERM); then end every app and return."""
        runner = web.AppRunner(self.make_app(), handle_signals=False, access_log=None)
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.serving.host, self.serving.port)
            try:
                await site.start()
            except OSError as exc:
                raise StoreError.of(
                    "serve.cannot_listen",
                    host=self.serving.host,
                    port=self.serving.port,
                    reason=exc.strerror or str(exc),
                ) from exc
            if self.serving.port == 0:  # the tests ask for any free port
                self.serving.port = runner.addresses[0][1]
            stop = asyncio.Event()
            with _stop_on_signals(stop):
                ready()
                await stop.wait()
        finally:
            await self.close()
            await runner.cleanup()


@contextlib.contextmanager
def _stop_on_signals(stop: asyncio.Event) -> Iterator[None]:
    loop = asyncio.get_running_loop()
    added = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
            added.append(sig)
        except (NotImplementedError, RuntimeError, ValueError):  # Windows: ctrl+c cancels
            pass
    try:
        yield
    finally:
        for sig in added:
            loop.remove_signal_handler(sig)


def _whole(value: object, default: int) -> int:
    try:
        number = int(str(value))
    except ValueError:
        return default
    return min(max(number, 10), 1000)


def serve(
    store: Store,
    session_id: str,
    host: str,
    port: int,
    language: str,
    say: Callable[[str], object] = lambda line: print(line, flush=True),
    warn: Callable[[str], object] = lambda line: print(line, file=sys.stderr, flush=True),
    max_apps: int = MAX_APPS,
) -> int:
    """Run ``facilitator serve`` until ctrl+c: print the addresses, then serve."""
    serving = Serving(store.root, session_id, host, port)
    server = Server(serving, language, max_apps=max_apps)
    written: list[Path] = []

    def ready() -> None:
        # Said to the trainer in the session's language, as every line of the pages is.
        if serving.on_network:
            warn(t("serve.warning", language, text=t("serve.on_network", language, host=host)))
        else:
            warn(t("serve.local_only", language, host=serving.shown_host))
        say(t("serve.room", language, address=serving.address("room")))
        say(t("serve.notes", language, address=serving.address("notes")))
        say(qr_text(serving.address("notes")))
        say(t("serve.ask", language, address=serving.address("ask")))
        say(qr_text(serving.address("ask")))
        say(t("serve.stop", language))
        try:
            written.append(write_serving_file(serving))
        except UnconfirmedSave:
            written.append(serving.store_root / SERVING_FILE)  # in place, as far as anyone reads
        except OSError:
            pass  # the trainer's app cannot show the addresses; the terminal does

    try:
        asyncio.run(server.run(ready))
    except KeyboardInterrupt:
        pass
    finally:
        for path in written:
            with contextlib.suppress(OSError):
                path.unlink()
    say(t("serve.stopped", language))
    return 0


_NO_STORE = {
    "Cache-Control": "no-store"
}  # a join code's page is not kept by a proxy or the browser
_PAGE_STYLE = (
    "body{font-family:system-ui,sans-serif;background:#0b0b0b;color:#f2f2f2;margin:0}"
    "main{max-width:34em;margin:10vh auto;padding:0 1em;font-size:1.25em}"
    "input,button{font-size:1em;padding:.4em .6em;margin:.3em 0}"
    "input{width:100%;box-sizing:border-box}.problem{color:#ff6060}.hint{color:#aaa}"
)
# The terminal page says at once when its connection is gone instead of freezing:
# textual.js marks the body "-closed" when its socket closes (the app ended, the
# server stopped); a device that goes off the network says so too.
_LOST_WATCH = (
    "<script>addEventListener('offline',function(){document.body.classList.add('-closed')})"
    "</script>"
)
_TERMINAL_STYLE = (
    "html,body{margin:0;height:100%;background:#0b0b0b}"
    "#terminal{position:absolute;inset:0}.ended{display:none}"
    "body.-closed .ended{display:flex;position:absolute;inset:0;flex-direction:column;"
    "align-items:center;justify-content:center;color:#f2f2f2;font:1.3em system-ui,sans-serif;"
    "background:#0b0b0bee;text-align:center;padding:1em}"
    ".ended a.other{color:#7fd1ff;margin-top:1em}"
)


def check_host(host: str) -> str:
    if not host or any(ch.isspace() for ch in host):
        raise FacilitatorError(f"--host {host!r} is not an address to listen on")
    return host
