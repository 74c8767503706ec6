"""The notes page for phones: its two calls, its refusals, and a real phone-sized browser.

No app process is started for it; a note is answered only once it is on disk,
saved once by the id the phone gave it, in the order each phone typed.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
from pathlib import Path

import aiohttp
import pytest
from browser import Page, browser, find_browser
from serving import address, running_server

from facilitator.addresses import Serving
from facilitator.intake import PHONE_CHARS
from facilitator.model import Note, NoteKind, RoomState
from facilitator.rates import Limits, Rate
from facilitator.services import Desk, Services
from facilitator.store import Store


def _shot(tmp_path: Path, name: str) -> Path:
    folder = Path(os.environ.get("FACILITATOR_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


def _id() -> str:
    return secrets.token_hex(8)


async def _post(session: aiohttp.ClientSession, url: str, body: object) -> tuple[int, dict]:  # type: ignore[type-arg]
    async with session.post(url + "/api/notes", json=body) as response:
        return response.status, await response.json()


async def test_a_note_is_answered_once_on_disk_and_saved_once_by_its_id(
    store: Store, demo_id: str
) -> None:
    async with running_server(store, demo_id) as server, aiohttp.ClientSession() as session:
        url = address(server, "notes")
        note = {"id": _id(), "text": "“Smart citat — Karin", "group": "Grupp 2", "age_ms": 2000}
        status, said = await _post(session, url, note)
        assert status == 200 and said["saved"] and said["id"] == note["id"]
        # Answered after the save: a fresh Store reads it from the disk already.
        (saved,) = Store(store.root).load(demo_id).notes
        assert (saved.text, saved.kind, saved.speaker, saved.group) == (
            "Smart citat",
            NoteKind.QUOTE,
            "Karin",
            "Grupp 2",
        ), "a phone's curly quote is a quote, as in the app"
        assert said["note"]["text"] == "Smart citat"
        # The phone never heard its ✓ and sends it again: still one note.
        assert (await _post(session, url, note))[0] == 200
        assert len(Store(store.root).load(demo_id).notes) == 1
        async with session.get(url + "/api/state", params={"group": "Grupp 2"}) as response:
            state = await response.json()
        assert state["title"] == "Innovation och lärande"
        assert [n["id"] for n in state["notes"]] == [note["id"]]
        async with session.get(url + "/api/state", params={"group": "Grupp 1"}) as response:
            assert (await response.json())["notes"] == [], "each group sees its own notes"
    assert server.started == 0, "no app process for a phone"


async def test_a_note_sent_late_is_saved_once_even_after_hundreds_of_others(
    store: Store, demo_id: str
) -> None:
    """The store looks for a repeated id in its newest files; a phone may come back much later."""
    async with running_server(store, demo_id) as server, aiohttp.ClientSession() as session:
        url = address(server, "notes")
        first = {"id": _id(), "text": "den första", "group": "Grupp 1"}
        assert (await _post(session, url, first))[0] == 200
        for i in range(250):  # three notes files' worth from the other tables
            await _post(session, url, {"id": _id(), "text": f"annan {i}", "group": "Grupp 2"})
        assert (await _post(session, url, first))[0] == 200
    notes = Store(store.root).load(demo_id).notes
    assert [n.text for n in notes].count("den första") == 1
    assert len(notes) == 251


async def test_a_note_refused_by_a_rule_says_why_and_nothing_is_saved(
    store: Store, demo_id: str
) -> None:
    async with running_server(store, demo_id) as server, aiohttp.ClientSession() as session:
        url = address(server, "notes")
        for body, why in (
            ({"id": _id(), "text": "   ", "group": ""}, "behöver text"),
            ({"id": _id(), "text": "x" * (PHONE_CHARS + 1), "group": ""}, "5"),
            ({"id": _id(), "text": "ok", "group": "x" * 41}, "40"),
            ({"id": "kort", "text": "ok"}, "id"),
            ({"text": "utan id"}, "id"),
            ([1, 2], ""),
        ):
            status, said = await _post(session, url, body)
            assert status == 422, body if not isinstance(body, dict) else body.get("text", "")[:20]
            assert why in said["error"]
        json_type = {"Content-Type": "application/json"}
        async with session.post(
            url + "/api/notes", data=b"\xff\xfe not json", headers=json_type
        ) as response:  # not JSON at all: a bad request, not a note a rule refused
            assert response.status == 400 and "JSON" in (await response.json())["error"]
    assert Store(store.root).load(demo_id).notes == []


async def test_markup_and_controls_are_kept_as_typed_and_shown_inert(
    store: Store, demo_id: str
) -> None:
    async with running_server(store, demo_id) as server, aiohttp.ClientSession() as session:
        url = address(server, "notes")
        text = "<script>alert(1)</script> [red]röd[/red] \x1b]52;c;aGk=\x07 slut"
        group = "<b>Grupp</b> [red]1"
        assert (await _post(session, url, {"id": _id(), "text": text, "group": group}))[0] == 200
        async with session.get(url + "/api/state", params={"group": group}) as response:
            (shown,) = (await response.json())["notes"]
        async with session.get(url) as response:
            page = await response.text()
    (saved,) = Store(store.root).load(demo_id).notes
    assert (saved.text, saved.group) == (text, group), "kept as typed"
    assert "\x1b" not in shown["text"] and "\x07" not in shown["text"], "controls shown as symbols"
    assert "</script>" not in page.split('id="config"')[1].split("</script>")[0]


@pytest.mark.parametrize(
    "path",
    [
        "/notes/{room}/api/state",
        "/notes/{notes}x/api/state",
        "/notes/{notes}/api/other",
        "/notes/{notes}/web/../serve.py",
        "/notes/{notes}/web/notes.html",
        "/room/{room}/api/state",
        "/notes/{notes}/terminal/extra",
    ],
)
async def test_every_wrong_address_is_refused_and_starts_nothing(
    store: Store, demo_id: str, path: str
) -> None:
    async with running_server(store, demo_id) as server, aiohttp.ClientSession() as session:
        codes = server.serving.codes
        url = f"http://127.0.0.1:{server.serving.port}" + path.format(**codes)
        async with session.get(url) as response:
            assert response.status == 403
            assert "join-koden" in await response.text() or "kod" in await response.text()
        async with session.post(url, json={"id": _id(), "text": "x"}) as response:
            assert response.status == 403
        post_elsewhere = f"http://127.0.0.1:{server.serving.port}/room/{codes['room']}/api/notes"
        async with session.post(post_elsewhere, json={"id": _id(), "text": "x"}) as response:
            assert response.status == 403
    assert server.started == 0 and Store(store.root).load(demo_id).notes == []


# --- in a real browser, the size of a phone ----------------------------------------------

needs_browser = pytest.mark.skipif(
    find_browser() is None, reason="no Chromium here (Debian: apt install chromium)"
)


async def _join(page: Page, url: str, group: str) -> None:
    await page.goto(url)
    await page.wait_for("!document.getElementById('ask').hidden")
    await page.tap("#group")
    await page.type(group)
    await page.tap("#group-go")
    await page.wait_for("!document.getElementById('write').hidden")
    await page.tap("#text")


def _saved_on_page(count: int) -> str:
    return f"document.querySelectorAll('#notes .state.saved').length >= {count}"


@needs_browser
async def test_a_phone_joins_writes_with_a_kind_button_and_a_prefix_and_sees_them_saved(
    store: Store, demo_id: str, tmp_path: Path
) -> None:
    async with running_server(store, demo_id) as server, browser(390, 844) as page:
        await page.as_phone()
        url = address(server, "notes")
        await page.goto(url)
        await page.screenshot(_shot(tmp_path, "phone_ask_sv.png"))
        await _join(page, url, "Grupp 2")
        await page.screenshot(_shot(tmp_path, "phone_empty_sv.png"))
        await page.tap("#kinds button[data-kind=decision]")
        await page.type("Vi provar i vår")
        await page.tap("#send")
        await page.type("> Skicka bilderna @Anna")
        await page.press_enter()
        await page.wait_for(_saved_on_page(2), 20)
        await page.screenshot(_shot(tmp_path, "phone_notes_sv.png"))
        shown = await page.evaluate("document.getElementById('notes').innerText")
        # The group is remembered on this phone: a reload does not ask again.
        await page.reload()
        await page.wait_for("!document.getElementById('write').hidden")
    notes = Store(store.root).load(demo_id).notes
    assert [(n.text, n.kind, n.owner, n.group) for n in notes] == [
        ("Vi provar i vår", NoteKind.DECISION, "", "Grupp 2"),
        ("Skicka bilderna", NoteKind.ACTION, "Anna", "Grupp 2"),
    ]
    assert "✓ sparad" in shown and "Skicka bilderna → Anna" in shown
    assert server.started == 0


@needs_browser
async def test_notes_typed_while_the_server_is_gone_are_saved_once_in_order_after_a_reload(
    store: Store, demo_id: str, tmp_path: Path
) -> None:
    """The server stops while three notes are typed; the tab is reloaded while it is gone."""
    serving = Serving(store.root, demo_id, "127.0.0.1", 0)
    async with browser(390, 844) as page:
        await page.as_phone()
        async with running_server(store, demo_id, serving=serving) as server:
            url = address(server, "notes")
            await _join(page, url, "Grupp 1")
            await page.type("före avbrottet")
            await page.press_enter()
            await page.wait_for(_saved_on_page(1), 20)
        # The laptop's server is gone (the lid closed, the Wi-Fi dropped).
        for text in ("ett", "två", "tre"):
            await page.type(f"under avbrottet {text}")
            await page.press_enter()
        # Waiting to be sent again, each said so, none in red (red is for a refusal).
        await page.wait_for("document.querySelectorAll('#notes .state.waiting').length >= 3", 20)
        await page.wait_for("!document.getElementById('line').hidden", 20)
        assert await page.evaluate("document.querySelectorAll('#notes .state.refused').length") == 0
        await page.screenshot(_shot(tmp_path, "phone_offline_sv.png"))
        waiting = await page.evaluate(
            "JSON.parse(localStorage.getItem(Object.keys(localStorage)"
            ".find(k => k.startsWith('facilitator.outbox.')))).length"
        )
        assert waiting == 3, "kept on the phone"
        with contextlib.suppress(Exception):
            await page.reload()  # the page cannot load: the notes stay in the phone's storage
        async with running_server(
            store, demo_id, serving=serving
        ):  # back, on the same port, the same codes
            await page.goto(url)
            await page.wait_for(_saved_on_page(4), 30)
            await page.screenshot(_shot(tmp_path, "phone_back_sv.png"))
    notes = Store(store.root).load(demo_id).notes
    assert [n.text for n in notes] == [
        "före avbrottet",
        "under avbrottet ett",
        "under avbrottet två",
        "under avbrottet tre",
    ], "each once, in the order typed"
    assert {n.group for n in notes} == {"Grupp 1"}


@needs_browser
async def test_the_network_cut_mid_typing_loses_nothing(
    store: Store, demo_id: str, tmp_path: Path
) -> None:
    """The phone's own network drops (a tunnel of a corridor), then comes back."""
    async with running_server(store, demo_id) as server, browser(390, 844) as page:
        await page.as_phone()
        await _join(page, address(server, "notes"), "Grupp 3")
        await page.offline(True)
        for text in ("a", "b", "c"):
            await page.type(f"utan nät {text}")
            await page.press_enter()
        await page.wait_for("!document.getElementById('line').hidden", 20)
        assert Store(store.root).load(demo_id).notes == []
        await page.offline(False)
        await page.wait_for(_saved_on_page(3), 30)
    assert [n.text for n in Store(store.root).load(demo_id).notes] == [
        "utan nät a",
        "utan nät b",
        "utan nät c",
    ]


@needs_browser
@pytest.mark.parametrize("size", [(390, 844), (1366, 768)])
@pytest.mark.parametrize("language", ["sv", "en"])
async def test_the_page_in_each_language_and_size(
    store: Store, demo_id: str, tmp_path: Path, language: str, size: tuple[int, int]
) -> None:
    async with running_server(store, demo_id, language=language) as server:
        async with browser(*size) as page:
            if size[0] < 500:
                await page.as_phone(*size)
            url = address(server, "notes")
            await _join(page, url, "Group 4" if language == "en" else "Grupp 4")
            await page.screenshot(_shot(tmp_path, f"phone_empty_{language}_{size[0]}.png"))
            for text in ("A first point", '"Well said -- Karin', "? Who decides"):
                await page.type(text)
                await page.press_enter()
            await page.wait_for(_saved_on_page(3), 20)
            await page.screenshot(_shot(tmp_path, f"phone_notes_{language}_{size[0]}.png"))
            words = await page.evaluate("document.body.innerText")
            wide = await page.evaluate("document.documentElement.scrollWidth")
    assert ("Which group" in words or "Your group's notes" in words) == (language == "en")
    assert wide <= size[0], "nothing wider than the screen"


OUTBOX_LENGTH = (
    "(function(){var k=Object.keys(localStorage).find(function(k){"
    "return k.indexOf('facilitator.outbox.')===0});"
    "return k ? JSON.parse(localStorage.getItem(k)).length : 0})()"
)


@needs_browser
async def test_notes_typed_offline_come_in_order_from_two_copies_of_the_page_after_a_reload(
    store: Store, demo_id: str, tmp_path: Path
) -> None:
    """Ten runs of ten notes: typed offline, the page reloaded offline, a second copy open.

    The second copy (as Chromium's own reload of its error page makes one) shares
    the phone's storage; one copy sends at a time, the oldest first, and the
    outbox is empty within 2 s of the last save.
    """
    runs, count = 10, 10
    async with running_server(store, demo_id) as server, browser(390, 844) as page:
        # A hundred notes in about a minute from one phone: more than its rate, which is
        # not what is tested here.
        server.notes_rates = Limits(Rate(1000, 10**7), Rate(1000, 10**7))
        await page.as_phone()
        url = address(server, "notes")
        await _join(page, url, "Grupp 5")
        folder = store.root / "sessions" / demo_id
        for run in range(runs):
            await page.offline(True)
            typed = [f"körning {run} nr {i}" for i in range(count)]
            for text in typed:
                await page.type(text)
                await page.press_enter()
            # A second copy of the page, on line, from the same storage: it sends what the
            # first kept while the first is reloaded off line (the browser's error page).
            await page.send(
                "Runtime.evaluate", expression=f"window.open({url!r})", userGesture=True
            )
            targets = await page.send("Target.getTargets")
            pages = [t for t in targets["targetInfos"] if t["type"] == "page"]
            assert len(pages) >= 2 + run, pages
            with contextlib.suppress(Exception):
                await page.reload()
            await page.offline(False)
            with contextlib.suppress(Exception):
                await page.goto(url)
            await page.wait_for("!document.getElementById('write').hidden", 30)
            saved_at = None
            for _ in range(300):
                on_disk = [n.text for n in Store(store.root).load(demo_id).notes if n.text in typed]
                if len(on_disk) >= count:
                    saved_at = asyncio.get_running_loop().time()
                    break
                await asyncio.sleep(0.1)
            assert on_disk == typed, (
                run,
                on_disk,
                await page.evaluate(
                    "Object.keys(localStorage).map(function(k){var v=localStorage.getItem(k);"
                    "return k.slice(0,20)+'='+(k.indexOf('outbox')>0?JSON.parse(v).map("
                    "function(n){return n.text+':'+n.state+':'+n.error}).join('|'):v)}).join(' ; ')"
                ),
                await page.evaluate("document.activeElement.id"),
            )
            assert saved_at is not None
            await page.wait_for(f"{OUTBOX_LENGTH} === 0", 5)
            emptied = asyncio.get_running_loop().time() - saved_at
            assert emptied <= 2.0, (run, emptied)
            await page.evaluate("document.getElementById('text').focus()")
        assert folder.is_dir()
    texts = [n.text for n in Store(store.root).load(demo_id).notes]
    assert len(texts) == len(set(texts)) == runs * count, "each saved once"


@needs_browser
async def test_the_room_page_says_waiting_off_line_and_sends_in_order_when_back(
    store: Store, demo_id: str, tmp_path: Path
) -> None:
    async with running_server(store, demo_id) as server, browser(390, 844) as page:
        await page.as_phone()
        await page.goto(address(server, "ask"))
        await page.offline(True)
        for text in ("första frågan", "andra frågan"):
            await page.tap("#text")
            await page.type(text)
            await page.tap("#send")
        # Both held on the phone: waiting, or the one on its way still trying (on a loaded
        # machine a request may hang a while before the cut network fails it); none red.
        held = "#notes .state.waiting, #notes .state.sending"
        await page.wait_for(f"document.querySelectorAll({held!r}).length >= 2", 30)
        assert await page.evaluate("document.querySelectorAll('#notes .state.refused').length") == 0
        assert Store(store.root).load(demo_id).notes == [], "nothing got through the cut"
        await page.screenshot(_shot(tmp_path, "ask_offline_sv.png"))
        await page.offline(False)
        await page.wait_for("document.querySelectorAll('#notes .state.saved').length >= 2", 30)
    texts = [n.text for n in Store(store.root).load(demo_id).notes]
    assert texts == ["första frågan", "andra frågan"]


async def test_each_page_sees_every_change_whichever_page_asked_first(
    store: Store, demo_id: str
) -> None:
    """The pages share the server's one door to the store; none takes a change as seen for another.

    A table's second phone sees the note its first phone just sent, and the
    participants' page sees a round the trainer opened although the tables'
    page read the session first.
    """
    async with running_server(store, demo_id) as server, aiohttp.ClientSession() as session:
        notes, ask = address(server, "notes"), address(server, "ask")

        async def state(url: str, **query: str) -> dict:  # type: ignore[type-arg]
            async with session.get(url + "/api/state", params=query) as response:
                assert response.status == 200
                return await response.json()  # type: ignore[no-any-return]

        assert (await state(ask))["round"] is None
        await state(notes, group="Grupp 2")
        status, _ = await _post(
            session, notes, {"id": _id(), "text": "från första telefonen", "group": "Grupp 2"}
        )
        assert status == 200
        seen = await state(notes, group="Grupp 2")
        assert "från första telefonen" in [n["text"] for n in seen["notes"]]

        trainer = Services(Desk(Store(store.root), demo_id, deliver=lambda f, *a: f(*a)))
        try:
            trainer.room.start_round("Vad tar du med dig?", None)  # the trainer's app
            trainer.desk.writer.wait(10)
        finally:
            trainer.close(timeout=10)
        await state(notes, group="Grupp 2")  # the tables' page asks first
        asked = (await state(ask))["round"]
        assert asked is not None and asked["prompt"] == "Vad tar du med dig?"


async def test_a_phones_notes_keep_the_order_it_sent_them_in_however_long_each_was_on_the_way(
    store: Store, demo_id: str
) -> None:
    """A phone sends one note at a time, oldest first, and says how long ago each was typed.

    Counted back from when it arrives, a note held up on the way (here: said to
    be typed just now, where the next says a second ago) was timed after the
    next and sorted after it: "två, fyra, tre" after a reconnect on a busy laptop.
    """
    async with running_server(store, demo_id) as server, aiohttp.ClientSession() as session:
        url = address(server, "notes")
        sent = [("ett", 0), ("två", 0), ("tre", 1000), ("fyra", 400)]
        for text, age in sent:
            body = {"id": _id(), "text": text, "group": "G", "phone": "p1", "age_ms": age}
            assert (await _post(session, url, body))[0] == 200
        # Another phone's note typed long ago still goes where its time says.
        early = {"id": _id(), "text": "tidigt", "group": "H", "phone": "p2", "age_ms": 60_000}
        assert (await _post(session, url, early))[0] == 200
    texts = [n.text for n in Store(store.root).load(demo_id).notes]
    assert texts == ["tidigt", "ett", "två", "tre", "fyra"]


async def test_the_tables_see_a_kept_room_contribution_but_not_the_name_its_sender_gave(
    store: Store, demo_id: str
) -> None:
    store.save_notes(demo_id, [Note("Behållen fråga", room=RoomState.KEPT, speaker="Lisa")])
    async with running_server(store, demo_id) as server, aiohttp.ClientSession() as session:
        async with session.get(address(server, "notes") + "/api/state") as response:
            shown = (await response.json())["notes"]
    assert [(n["text"], n["speaker"]) for n in shown] == [("Behållen fråga", "")]
