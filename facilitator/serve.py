"""`facilitator serve`: the room view and the notes screen in browsers, each behind its own join code.

One small web server on the trainer's laptop, its addresses declared as routes
(``Server.make_app``), one handler each. Each browser tab that opens a
terminal page gets its own app process (Textual's web driver, run through
textual-serve by terminals.py), reading and writing the same store through the
same ordered, durable path as the trainer's app. The phone pages get no
process: their handlers hand the request to phone.py and voice.py.

Access: every address carries a join code made fresh for each run, one per
page, long enough not to be guessed and compared in constant time. A request
without the right code, or for anything else, is refused with 403 by one
middleware, before any handler runs or any app process is started. At most
``max_apps`` processes run at once; a tab closed ends its process, and
stopping the server ends them all. Textual-free: the app processes import it.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import logging
import signal
import sys
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

from aiohttp import web
from textual_serve.download_manager import DownloadManager

from . import intake, limits
from .addresses import (
    SERVING_FILE,
    Serving,
    code_matches,
    group_from_path,
    group_to_path,
    write_serving_file,
)
from .budget import Budget
from .errors import FacilitatorError, StoreError, UnconfirmedSave
from .gate import BACKLOG, Gate, OneLineNow, guard, quiet_exhaustion, same_origin, writes
from .handout import DOCX, PAGE_HEADERS, HandoutPages
from .i18n import Count, t
from .model import Note
from .phone import FILES, PER_MINUTE, PhoneNotes, Reply, web_folder
from .qr import qr_text
from .rates import Limits, Rate, phone_of
from .services import Desk, Services
from .storage import NestedTooDeep, parse_json
from .store import Store
from .terminals import (
    CLIENT_FILES,
    LOST_WATCH,
    STOP_SECONDS,
    TERMINAL_STYLE,
    TabApp,
    cells,
    relay,
    tab_command,
)
from .voice import FILES as VOICE_FILES
from .voice import RoomVoice

MAX_APPS = 30
ROOM_SLOTS = 1  # app processes only the room view may take: the projector always opens
ROOM_KEY = "room view"  # the room view's tabs, counted apart from any address
TABS_PER_ADDRESS = 3  # terminal tabs one machine may hold (a note-taker's laptop: one or two)
IDLE_SECONDS = 10.0  # a connection that has not sent a whole request in this long is closed
BODY_SECONDS = 10.0  # and one whose body does not arrive in this long is answered 408
BODY_BYTES = 256 * 1024  # a phone's note of intake.PHONE_CHARS, every character escaped, and names
NOTES_PER_ADDRESS = 60  # notes a minute from one address on the tables' page (a few phones)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _route(path: str) -> str:
    """A route's pattern. Slashes doubled before a path or added after it were always ignored."""
    return "/{_lead:/*}" + path.lstrip("/") + "{_end:/*}"


def _get(path: str, handler: Handler) -> web.RouteDef:
    return web.get(_route(path), handler, allow_head=False)  # HEAD was never served


def _post(path: str, handler: Handler) -> web.RouteDef:
    return web.post(_route(path), handler)


class Server:
    """The pages of one session, for browsers."""

    def __init__(
        self,
        serving: Serving,
        language: str = "en",
        max_apps: int = MAX_APPS,
        command: Callable[[str, Path, str], list[str]] = tab_command,
        idle_seconds: float = IDLE_SECONDS,
        log: Callable[[str], object] = lambda line: print(line, file=sys.stderr, flush=True),
    ) -> None:
        self.serving = serving
        self.idle_seconds = idle_seconds
        self.log = log
        self.language = language
        self.max_apps = max_apps
        self.command = command
        self.tabs: set[TabApp] = set()
        self.started = 0  # app processes started in all, for the tests and the log
        # Rates per address do not hold for the laptop itself: its programs write the
        # store directly anyway, and the benchmarks play many phones from it.
        self.unlimited: frozenset[str] = frozenset(("127.0.0.1", "::1"))
        self.gate = Gate(unlimited=self.unlimited)
        self._tabs_from: Counter[str] = Counter()  # terminal tabs by address
        self.notes_rates = Limits(
            Rate(PER_MINUTE, PER_MINUTE * intake.PHONE_CHARS),
            Rate(NOTES_PER_ADDRESS, NOTES_PER_ADDRESS * intake.PHONE_CHARS // 5),
        )
        self.budget = Budget(serving.store_root)  # what the phones may add to the store in this run
        self._sockets: set[web.WebSocketResponse] = set()
        self._downloads = DownloadManager()
        # Made at the first phone's visit: one service (one writer) for both phone pages.
        self.services: Services | None = None
        self.phone: PhoneNotes | None = None
        self.voice: RoomVoice | None = None
        self.handout: HandoutPages | None = None

    # --- the web application ---------------------------------------------------

    def make_app(self) -> web.Application:
        # What a phone sends is one note (intake.PHONE_CHARS) and two names, as JSON:
        # even each character written as an escape fits; a larger body is refused unread.
        app = web.Application(client_max_size=BODY_BYTES, middlewares=[self._door])
        app.add_routes(
            [
                # The room view and the notes screen as terminals, for laptops.
                _get("/{page:room}/{code}", self.terminal_page),
                _get("/{page:room|notes}/{code}/terminal", self.terminal_page),
                _get("/{page:room|notes}/{code}/ws", self.terminal_socket),
                _get("/{page:notes}/{code}/ws/{group}", self.terminal_socket),
                _get("/{page:room|notes}/{code}/static/{file:.+}", self.terminal_client),
                # The tables' notes page, for phones.
                _get("/notes/{code}", self.notes_page),
                _get("/notes/{code}/web/{file}", self.notes_file),
                _get("/notes/{code}/api/state", self.notes_state),
                _post("/notes/{code}/api/notes", self.notes_note),
                # The room's page, for phones: questions, thoughts and a round's answers.
                _get("/ask/{code}", self.ask_page),
                _get("/ask/{code}/web/{file}", self.ask_file),
                _get("/ask/{code}/api/state", self.ask_state),
                _post("/ask/{code}/api/notes", self.ask_note),
                # The day's recap on both phone pages, once the trainer publishes it.
                _get("/{page:notes|ask}/{code}/recap{kind:|\\.docx|\\.ics}", self.handed_out),
                web.route("*", "/{anything:.*}", self.refuse),  # last: whatever else is asked
            ]
        )
        app.on_shutdown.append(self._on_shutdown)
        return app

    @web.middleware
    async def _door(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """The join code first: without its page's code, a request reaches no page and starts nothing."""
        page = request.path.lstrip("/").partition("/")[0]
        code = request.match_info.get("code")
        expected = self.serving.codes.get(page)
        if code is None or expected is None or not code_matches(code, expected):
            return self._refused()
        if writes(request) and not same_origin(request):
            return self._foreign()
        return await handler(request)

    async def refuse(self, request: web.Request) -> web.Response:
        return self._refused()

    # --- the terminals, for laptops --------------------------------------------

    async def terminal_page(self, request: web.Request) -> web.Response:
        """The page whose terminal opens a tab's app; the notes screen first asks for the group."""
        page, code = request.match_info["page"], request.match_info["code"]
        if not self._may_open(page, request):
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
        return self._terminal(request, page, code, socket_path)

    async def terminal_client(self, request: web.Request) -> web.StreamResponse:
        """textual-serve's browser client (textual.js, xterm's style, fonts)."""
        target = (CLIENT_FILES / request.match_info["file"]).resolve()
        if CLIENT_FILES.resolve() not in target.parents or not target.is_file():
            return self._refused()
        return web.FileResponse(target)

    async def terminal_socket(self, request: web.Request) -> web.StreamResponse:
        """A tab's socket: its own app process, for as long as the socket is open."""
        try:
            group = (
                group_from_path(request.match_info["group"])
                if "group" in request.match_info
                else ""
            )
        except ValueError:
            return self._refused()
        page = request.match_info["page"]
        if not self._may_open(page, request):
            return self._full()  # before the upgrade: no process is started
        ws = web.WebSocketResponse(heartbeat=15)
        env = {"FACILITATOR_GROUP": group, "FACILITATOR_LANGUAGE": self.language}
        argv = self.command(page, self.serving.store_root, self.serving.session_id)
        tab = TabApp(
            argv,
            env,
            write_bytes=ws.send_bytes,
            write_str=ws.send_str,
            close=ws.close,
            download_manager=self._downloads,
        )
        self.tabs.add(tab)  # counted before any await: the limit holds under a burst
        keys = self._tab_keys(page, request)
        self._tabs_from.update(keys)
        self._sockets.add(ws)
        try:
            await ws.prepare(request)
            width = cells(request.query.get("width"), 80)
            height = cells(request.query.get("height"), 24)
            await tab.start(width, height)
            self.started += 1
            await relay(ws, tab)
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            await tab.end()
            self.tabs.discard(tab)
            self._tabs_from.subtract(keys)
            self._tabs_from = +self._tabs_from  # keys down to nothing are forgotten
            self._sockets.discard(ws)
            if not ws.closed:
                with contextlib.suppress(ConnectionError, RuntimeError):
                    await ws.close()
        return ws

    def _may_open(self, page: str, request: web.Request) -> bool:
        """Whether one more tab's app may start: the room view's slot kept, a few per machine."""
        if len(self.tabs) >= self.max_apps:
            return False
        mine = self._tab_keys(page, request)[-1]
        if mine and self._tabs_from[mine] >= TABS_PER_ADDRESS:
            return False  # one machine, a few tabs: the room view's too, if its code leaks
        if page == "room":
            return True  # the projector: the trainer's own code, its slot kept free of others
        kept = 0 if self._tabs_from[ROOM_KEY] else ROOM_SLOTS  # kept until a room view holds it
        return len(self.tabs) < self.max_apps - kept

    def _tab_keys(self, page: str, request: web.Request) -> list[str]:
        """What a tab counts against: the room view's slot, and last its machine's own ("": none)."""
        address = self._address(request)
        if page == "room":
            return [ROOM_KEY, f"{ROOM_KEY} {address}" if address else ""]
        return [address]

    # --- the notes page, for phones: no app process, the server's own service ----

    async def notes_page(self, request: web.Request) -> web.Response:
        base = f"/notes/{request.match_info['code']}"
        page = self._phone_notes().page(base, f"{base}/terminal")
        return web.Response(text=page, content_type="text/html", headers=_NO_STORE)

    async def notes_file(self, request: web.Request) -> web.StreamResponse:
        return self._web_file(request.match_info["file"], FILES)

    async def notes_state(self, request: web.Request) -> web.Response:
        return await self._with_handout(self._phone_notes().state(request.query.get("group", "")))

    async def notes_note(self, request: web.Request) -> web.Response:
        body, refused = await self._body(request)
        if refused is not None:
            return _json(refused)
        address = self._address(request)
        phone = phone_of(body)

        def may_send(note: Note) -> bool:
            key = f"{request.remote} {phone}" if phone else ""
            return self.notes_rates.take(address, key, intake.chars_of(note))

        return _json(await self._phone_notes().receive(body, may_send, address))

    # --- the room's page, for phones ---------------------------------------------

    async def ask_page(self, request: web.Request) -> web.Response:
        page = self._voice().page(f"/ask/{request.match_info['code']}")
        return web.Response(text=page, content_type="text/html", headers=_NO_STORE)

    async def ask_file(self, request: web.Request) -> web.StreamResponse:
        return self._web_file(request.match_info["file"], VOICE_FILES)

    async def ask_state(self, request: web.Request) -> web.Response:
        return await self._with_handout(self._voice().state())

    async def ask_note(self, request: web.Request) -> web.Response:
        body, refused = await self._body(request)
        if refused is not None:
            return _json(refused)
        # The page's own id keys a phone's rate within its address; the address's own
        # rate holds whatever ids one sender makes up.
        phone = f"{request.remote} {phone_of(body)}"
        return _json(await self._voice().receive(body, phone, self._address(request)))

    # --- the day's hand-out, on both phone pages ------------------------------------

    async def handed_out(self, request: web.Request) -> web.Response:
        """The published recap as a page, a Word file or the next occasion's event; else 404."""
        kind = request.match_info["kind"].lstrip(".")
        got = await self._handout().file(kind)
        if got is None:
            return self._not_published()
        body, name = got
        attached = {"Content-Disposition": f'attachment; filename="{name}"'} if name else {}
        return web.Response(
            body=body,
            content_type={"": "text/html", "docx": DOCX}.get(kind, "text/calendar"),
            charset=None if kind == "docx" else "utf-8",
            headers={**PAGE_HEADERS, **attached},
        )

    async def _with_handout(self, reply: Reply) -> web.Response:
        """A phone page's state, and the hand-out while it is published (its page shows it then)."""
        if reply.status == 200:
            try:
                reply.body["handout"] = await self._handout().summary()
            except FacilitatorError as exc:  # the page goes on; the trainer reads why
                self.log(f"serve: the recap could not be handed out: {exc.localized('en')}")
                reply.body["handout"] = None
        return _json(reply)

    def _handout(self) -> HandoutPages:
        if self.handout is None:
            self.handout = HandoutPages(self._service(), self.language)
        return self.handout

    def _not_published(self) -> web.Response:
        title = self._say("handout.none.title")
        return self._html(title, f"<h1>{title}</h1><p>{self._say('handout.none')}</p>", 404)

    def _address(self, request: web.Request) -> str:
        """The key of a sender's address for the rates; "" for the laptop's own programs."""
        remote = request.remote or "?"
        return "" if remote in self.unlimited else remote

    async def _body(self, request: web.Request) -> tuple[Any, Reply | None]:
        """What a phone sent, as JSON (None if it is not, for the intake to refuse); or the refusal.

        Only ``application/json``: a form or a ``text/plain`` body, which another
        site's page may send without asking, is never read as a note. The body's
        size is bounded before it is read and its nesting by the parser.
        """
        if request.content_type != "application/json":
            return None, Reply(415, {"error": t("serve.not_json", self.language)})
        try:
            raw = await asyncio.wait_for(request.read(), BODY_SECONDS)
        except TimeoutError:
            return None, Reply(408, {"error": t("serve.slow_body", self.language)})
        except web.HTTPRequestEntityTooLarge:
            said = t("serve.too_large", self.language, max=Count(intake.PHONE_CHARS))
            return None, Reply(413, {"error": said})
        except Exception:  # noqa: BLE001 - a body that cannot be read (gzip that is not) is the sender's
            return None, Reply(400, {"error": t("serve.bad_json", self.language)})
        try:
            return parse_json(raw), None
        except NestedTooDeep:
            return None, Reply(400, {"error": t("serve.too_deep", self.language)})
        except ValueError:
            return None, Reply(400, {"error": t("serve.bad_json", self.language)})

    def _web_file(self, name: str, files: dict[str, str]) -> web.StreamResponse:
        """One of a phone page's own files (data/web), none other."""
        if name not in files:
            return self._refused()
        return web.FileResponse(web_folder() / name, headers=_NO_STORE)

    def _service(self) -> Services:
        """The server's own door to the core, shared by the phone pages."""
        if self.services is None:
            loop = asyncio.get_running_loop()
            self.services = Services(
                Desk(
                    Store(self.serving.store_root, create=False),
                    self.serving.session_id,
                    deliver=loop.call_soon_threadsafe,
                )
            )
        return self.services

    def _voice(self) -> RoomVoice:
        if self.voice is None:
            self.voice = RoomVoice(self._service(), self.language, budget=self.budget)
        return self.voice

    def _phone_notes(self) -> PhoneNotes:
        if self.phone is None:
            self.phone = PhoneNotes(self._service(), self.language, self.budget)
        return self.phone

    # --- the server's own pages ----------------------------------------------------

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

    def _foreign(self) -> web.Response:
        title = self._say("serve.refused.title")
        return self._html(title, f"<h1>{title}</h1><p>{self._say('serve.foreign')}</p>", 403)

    def _full(self) -> web.Response:
        title = self._say("serve.full.title")
        body = f"<h1>{title}</h1><p>{self._say('serve.full', count=self.max_apps)}</p>"
        return self._html(title, body, 503)

    def _terminal(
        self, request: web.Request, page: str, code: str, socket_path: str
    ) -> web.Response:
        """The terminal's page: textual-serve's client, told which socket to open."""
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
            f'<script src="{static}js/textual.js"></script><style>{TERMINAL_STYLE}</style>'
            f"</head><body>{body}{LOST_WATCH}</body></html>"
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

    async def _on_shutdown(self, app: web.Application) -> None:
        await self.close()

    async def close(self) -> None:
        """End every tab's app and close every socket; nothing is left running."""
        await asyncio.gather(*(tab.end() for tab in list(self.tabs)), return_exceptions=True)
        for ws in list(self._sockets):
            with contextlib.suppress(ConnectionError, RuntimeError):
                await ws.close()
        if self.services is not None:  # what the phones sent is on disk before the end
            await asyncio.to_thread(self.services.close, STOP_SECONDS)

    # --- running ------------------------------------------------------------------------

    async def run(self, ready: Callable[[], object] = lambda: None) -> None:
        """Serve until cancelled (ctrl+c, SIGTERM); then end every app and return."""
        runner = web.AppRunner(
            self.make_app(),
            handle_signals=False,
            access_log=None,
            # From a connection's start, or its last answer, to the next whole request:
            # a socket left open, or fed a header line now and then, is closed.
            keepalive_timeout=self.idle_seconds,
        )
        await runner.setup()
        guard(runner.server, self.gate)
        loop = asyncio.get_running_loop()
        loop.set_exception_handler(quiet_exhaustion(self.log))
        quiet = OneLineNow(self.log)
        server_log = logging.getLogger("aiohttp.server")
        server_log.addFilter(quiet)
        try:
            site = web.TCPSite(runner, self.serving.host, self.serving.port, backlog=BACKLOG)
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
            server_log.removeFilter(quiet)


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
    server = Server(serving, language, max_apps=max_apps, log=warn)
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


# A join code's page is not kept by a proxy or the browser.
_NO_STORE = {"Cache-Control": "no-store"}


def _json(reply: Reply) -> web.Response:
    """A reply as JSON: UTF-8 as it is (an emoji is 4 bytes, not a 12-byte escape), compressed
    for a browser that takes it once it is more than a few packets."""
    text = json.dumps(reply.body, ensure_ascii=False)
    response = web.Response(
        text=text, status=reply.status, content_type="application/json", headers=_NO_STORE
    )
    if len(text) > 4096:
        response.enable_compression()
    return response


_PAGE_STYLE = (
    "body{font-family:system-ui,sans-serif;background:#0b0b0b;color:#f2f2f2;margin:0}"
    "main{max-width:34em;margin:10vh auto;padding:0 1em;font-size:1.25em}"
    "input,button{font-size:1em;padding:.4em .6em;margin:.3em 0}"
    "input{width:100%;box-sizing:border-box}.problem{color:#ff6060}.hint{color:#aaa}"
)
