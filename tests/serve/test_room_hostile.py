"""A hostile sender in the room: what it sends is refused or slowed, and everyone else's notes are saved.

Senders on other addresses are played from 127.0.0.2, .3 and .4 (the whole of
127/8 is this machine's), so that the rates per address hold as they do for a
phone on the room's Wi-Fi; the laptop's own 127.0.0.1 is not limited per address.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import json
import secrets
import stat
import unicodedata
from collections.abc import AsyncIterator

import aiohttp
import pytest
from fakes import add_note
from serving import address, running_server

from facilitator import agenda, serve
from facilitator.addresses import Serving, write_serving_file
from facilitator.budget import FREE_BYTES, Budget
from facilitator.gate import quiet_exhaustion
from facilitator.intake import PHONE_CHARS
from facilitator.model import NoteKind, open_round, utc_now
from facilitator.phone import LIST_CHARS, MOST_GROUPS, SHOWN_CHARS
from facilitator.phone import PER_MINUTE as PHONE_PER_MINUTE
from facilitator.serve import NOTES_PER_ADDRESS, TABS_PER_ADDRESS
from facilitator.services import Desk, Services
from facilitator.storage import STORE_FILE_LIMIT
from facilitator.store import Store
from facilitator.store.layout import NOTES_FILE_BYTES
from facilitator.voice import PER_ADDRESS


def _id() -> str:
    return secrets.token_hex(8)


def _from(host: str) -> aiohttp.ClientSession:
    """A client whose requests come from ``host`` (a loopback address other than the laptop's)."""
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(local_addr=(host, 0)))


async def _post(
    session: aiohttp.ClientSession, url: str, body: object, **headers: str
) -> tuple[int, dict]:  # type: ignore[type-arg]
    async with session.post(url + "/api/notes", json=body, headers=headers) as response:
        said = (
            await response.json(content_type=None) if response.content_type.endswith("json") else {}
        )
        return response.status, said


@pytest.fixture
async def attacker() -> AsyncIterator[aiohttp.ClientSession]:
    async with _from("127.0.0.2") as session:
        yield session


async def test_notes_the_size_of_the_apps_limit_never_stop_the_next_note_from_saving(
    store: Store, demo_id: str
) -> None:
    """Six notes of a million emoji (12 MB each on disk) once filled the newest file past its limit."""
    huge = "😀" * 1_000_000
    for _ in range(6):
        add_note(store, demo_id, huge)
    folder = store.root / "sessions" / demo_id
    sizes = [p.stat().st_size for p in sorted(folder.glob("notes-*.json"))]
    assert len(sizes) == 6 and max(sizes) < STORE_FILE_LIMIT, sizes
    async with running_server(store, demo_id) as server, aiohttp.ClientSession() as session:
        status, said = await _post(
            session, address(server, "notes"), {"id": _id(), "text": "efter"}
        )
        assert status == 200, said
    assert [n.text for n in Store(store.root).load(demo_id).notes][-1] == "efter"


async def test_a_flood_of_large_notes_from_one_address_is_slowed_and_others_still_save(
    store: Store, demo_id: str, attacker: aiohttp.ClientSession
) -> None:
    big = "😀" * PHONE_CHARS  # the largest a phone may send: 60 kB on disk
    async with running_server(store, demo_id) as server, _from("127.0.0.3") as honest:
        url = address(server, "notes")
        answers = [(await _post(attacker, url, {"id": _id(), "text": big}))[0] for _ in range(40)]
        assert answers.count(200) <= NOTES_PER_ADDRESS // 5 and 429 in answers, answers
        status, said = await _post(attacker, url, {"id": _id(), "text": big})
        assert status == 429 and "i minuten" in said["error"], "said on the phone, in Swedish"
        # Too large to be a phone's note: refused unread, said why.
        status, said = await _post(attacker, url, {"id": _id(), "text": "x" * 300_000})
        swedish = f"{PHONE_CHARS:,}".replace(",", "\u00a0")  # the refusal is in Swedish: 5 000
        assert status == 413 and swedish in said["error"]
        assert (await _post(honest, url, {"id": _id(), "text": "från bord 3"}))[0] == 200
    folder = store.root / "sessions" / demo_id
    assert all(p.stat().st_size <= NOTES_FILE_BYTES for p in folder.glob("notes-*.json"))
    assert "från bord 3" in [n.text for n in Store(store.root).load(demo_id).notes]


async def test_the_rates_hold_per_address_whatever_phone_a_body_names(
    store: Store, demo_id: str, attacker: aiohttp.ClientSession
) -> None:
    async with running_server(store, demo_id) as server, _from("127.0.0.3") as honest:
        ask, notes = address(server, "ask"), address(server, "notes")
        answers = [
            (await _post(attacker, ask, {"id": _id(), "text": f"t {i}", "phone": f"p{i}"}))[0]
            for i in range(30)
        ]
        assert answers.count(200) == PER_ADDRESS and answers.count(429) == 30 - PER_ADDRESS
        assert (await _post(honest, ask, {"id": _id(), "text": "min fråga", "phone": "x"}))[
            0
        ] == 200
        sent = [
            (await _post(attacker, notes, {"id": _id(), "text": f"n {i}", "phone": f"p{i}"}))[0]
            for i in range(NOTES_PER_ADDRESS + 5)
        ]
        assert sent.count(200) == NOTES_PER_ADDRESS and sent[-5:] == [429] * 5
        # One phone alone: its own rate, whatever address it comes from.
        mine = [
            (await _post(honest, notes, {"id": _id(), "text": f"m {i}", "phone": "same"}))[0]
            for i in range(PHONE_PER_MINUTE + 5)
        ]
        assert mine.count(200) == PHONE_PER_MINUTE and mine[-5:] == [429] * 5


async def test_a_resent_answer_is_answered_by_what_is_stored_after_its_round_closed(
    store: Store, demo_id: str
) -> None:
    block = store.load(demo_id).blocks[1]
    store.change_blocks(demo_id, lambda b: agenda.start(b, block.id, utc_now()))
    trainer = Services(Desk(store, demo_id, deliver=lambda f, *a: f(*a)))
    try:
        trainer.room.start_round("Vad tar du med dig?", block.id)
        trainer.desk.writer.wait(10)
        asked = open_round(store.load(demo_id).session)
        assert asked is not None
        async with running_server(store, demo_id) as server, aiohttp.ClientSession() as session:
            ask, notes = address(server, "ask"), address(server, "notes")
            answer = {"id": _id(), "text": "Modet", "round": asked.id, "kind": "answer"}
            assert (await _post(session, ask, answer))[0] == 200
            trainer.room.close_round()
            trainer.desk.writer.wait(10)
            status, said = await _post(session, ask, answer)
            assert status == 200 and said["saved"], said
            status, said = await _post(session, ask, {**answer, "text": "Något annat"})
            assert status == 409 and "id" in said["error"]
            note = {"id": _id(), "text": "“Citat — Karin", "group": "Grupp 1"}
            assert (await _post(session, notes, note))[0] == 200
            status, said = await _post(session, notes, {**note, "text": "ändrad"})
            assert status == 409 and said["error"]
            status, said = await _post(session, notes, note)
            assert status == 200 and said["note"]["text"] == "Citat"
    finally:
        trainer.close(timeout=10)
    saved = Store(store.root).load(demo_id).notes
    assert [n.text for n in saved].count("Modet") == 1 and "ändrad" not in [n.text for n in saved]
    assert [n.kind for n in saved if n.text == "Citat"] == [NoteKind.QUOTE]


async def test_writes_from_another_sites_page_are_refused(store: Store, demo_id: str) -> None:
    async with running_server(store, demo_id) as server, aiohttp.ClientSession() as session:
        own = f"http://127.0.0.1:{server.serving.port}"
        for page in ("notes", "ask"):
            url = address(server, page)
            body = {"id": _id(), "text": "från en annan sida"}
            assert (await _post(session, url, body, Origin="http://evil.example"))[0] == 403
            assert (await _post(session, url, body, Origin="null"))[0] == 403
            assert (await _post(session, url, body, **{"Sec-Fetch-Site": "cross-site"}))[0] == 403
            for kind in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data"):
                async with session.post(
                    url + "/api/notes", data=json.dumps(body), headers={"Content-Type": kind}
                ) as response:
                    assert response.status == 415, kind
            ok = {"id": _id(), "text": "från sidan själv"}
            headers = {"Origin": own, "Sec-Fetch-Site": "same-origin"}
            assert (await _post(session, url, ok, **headers))[0] == 200
        for path in ("/room/{code}/ws", "/notes/{code}/ws"):
            page = path.split("/")[1]
            ws_url = address(server, page) + "/ws"
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await session.ws_connect(ws_url, origin="http://evil.example")
            assert refused.value.status == 403
        assert server.started == 0, "no app process for a foreign page"
    texts = [n.text for n in Store(store.root).load(demo_id).notes]
    assert "från en annan sida" not in texts and texts.count("från sidan själv") == 2


async def _held(reader: asyncio.StreamReader, seconds: float) -> bool:
    """Whether the server still holds the connection after ``seconds`` (it has not closed it)."""
    try:
        return await asyncio.wait_for(reader.read(1), seconds) != b""
    except TimeoutError:
        return True
    except ConnectionError:
        return False


async def test_idle_half_sent_and_dribbling_connections_are_closed(
    store: Store, demo_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(serve, "BODY_SECONDS", 0.5)
    async with running_server(store, demo_id, idle_seconds=1.0) as server:
        port, code = server.serving.port, server.serving.codes["notes"]
        idle = await asyncio.open_connection("127.0.0.1", port)
        half = await asyncio.open_connection("127.0.0.1", port)
        half[1].write(f"GET /notes/{code}/api/state HTTP/1.1\r\nHost: x\r\n".encode())
        dribble = await asyncio.open_connection("127.0.0.1", port)
        dribble[1].write(f"GET /notes/{code} HTTP/1.1\r\n".encode())
        for i in range(8):  # a header line every 0.3 s: never a whole request
            await asyncio.sleep(0.3)
            with contextlib.suppress(ConnectionError):
                dribble[1].write(f"X-{i}: y\r\n".encode())
        for reader, _ in (idle, half, dribble):
            assert not await _held(reader, 2.0), "closed by the server"
        # A body that never comes: 408, said why.
        body = await asyncio.open_connection("127.0.0.1", port)
        body[1].write(
            f"POST /notes/{code}/api/notes HTTP/1.1\r\nHost: x\r\n"
            "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{".encode()
        )
        answer = await asyncio.wait_for(body[0].read(4096), 5)
        assert answer.startswith(b"HTTP/1.1 408") and b"i tid" in answer
        for _, writer in (idle, half, dribble, body):
            writer.close()


async def test_connections_from_one_address_are_capped_and_phones_still_save(
    store: Store, demo_id: str
) -> None:
    async with running_server(store, demo_id) as server, _from("127.0.0.3") as phone:
        port = server.serving.port
        sockets = [
            await asyncio.open_connection("127.0.0.1", port, local_addr=("127.0.0.2", 0))
            for _ in range(server.gate.per_address + 40)
        ]
        held = await asyncio.gather(*(_held(reader, 0.5) for reader, _ in sockets))
        assert held.count(True) == server.gate.per_address, held.count(True)
        assert server.gate.refused >= 40
        status, said = await _post(phone, address(server, "notes"), {"id": _id(), "text": "hej"})
        assert status == 200, said
        # Every connection the server may hold is taken: a phone takes the place of one
        # held by the address holding the most.
        server.gate.most = server.gate.total
        async with _from("127.0.0.4") as late:
            status, said = await _post(late, address(server, "notes"), {"id": _id(), "text": "då"})
        assert status == 200, said
        held = await asyncio.gather(*(_held(reader, 0.2) for reader, _ in sockets))
        assert held.count(True) == server.gate.per_address - 1, "one of the many was closed"
        for _, writer in sockets:
            writer.close()


def test_running_out_of_file_handles_is_one_line_not_a_flood() -> None:
    said: list[str] = []
    loop = asyncio.new_event_loop()
    try:
        handle = quiet_exhaustion(said.append, every=10.0, clock=lambda: 5.0)
        for _ in range(10_000):
            handle(loop, {"message": "accept", "exception": OSError(errno.EMFILE, "Too many")})
    finally:
        loop.close()
    assert len(said) == 1 and "file handles" in said[0]


async def test_one_machines_terminal_tabs_never_take_the_projectors_slot(
    store: Store, demo_id: str
) -> None:
    async with running_server(store, demo_id, max_apps=4) as server:
        notes = address(server, "notes") + "/ws?width=80&height=24"
        async with _from("127.0.0.2") as attacker, _from("127.0.0.3") as other:
            opened, refused = [], 0
            for _ in range(31):
                try:
                    opened.append(await attacker.ws_connect(notes))
                except aiohttp.WSServerHandshakeError as exc:
                    assert exc.status == 503
                    refused += 1
            assert len(opened) == TABS_PER_ADDRESS and refused == 31 - TABS_PER_ADDRESS
            with pytest.raises(aiohttp.WSServerHandshakeError):
                await other.ws_connect(notes)  # the last slot is the projector's
            async with aiohttp.ClientSession() as trainer:
                room = address(server, "room")
                async with trainer.get(room) as response:
                    assert response.status == 200
                projector = await trainer.ws_connect(room + "/ws?width=80&height=24")
                assert len(server.tabs) == 4
                await projector.close()
            for socket in opened:
                await socket.close()
        for _ in range(100):
            if not server.tabs:
                break
            await asyncio.sleep(0.1)


async def test_a_leaked_room_code_opens_a_few_room_views_per_machine_and_the_projector_still_opens(
    store: Store, demo_id: str
) -> None:
    async with running_server(store, demo_id, max_apps=5) as server:
        room = address(server, "room") + "/ws?width=80&height=24"
        async with _from("127.0.0.2") as stranger:
            opened, refused = [], 0
            for _ in range(6):
                try:
                    opened.append(await stranger.ws_connect(room))
                except aiohttp.WSServerHandshakeError as exc:
                    assert exc.status == 503
                    refused += 1
            assert len(opened) == TABS_PER_ADDRESS and refused == 6 - TABS_PER_ADDRESS
            async with aiohttp.ClientSession() as trainer:  # the laptop: the projector's view
                projector = await trainer.ws_connect(room)
                assert len(server.tabs) == TABS_PER_ADDRESS + 1
                await projector.close()
            for socket in opened:
                await socket.close()
        for _ in range(100):
            if not server.tabs:
                break
            await asyncio.sleep(0.1)


async def test_one_address_adds_at_most_its_share_to_the_store_and_others_still_save(
    store: Store, demo_id: str, attacker: aiohttp.ClientSession
) -> None:
    note = "😀" * 1000  # about 12 kB in a notes file
    async with running_server(store, demo_id) as server, _from("127.0.0.3") as honest:
        server.budget = Budget(store.root, per_address=40_000)  # three such notes
        notes, ask = address(server, "notes"), address(server, "ask")
        sent = [(await _post(attacker, notes, {"id": _id(), "text": note}))[0] for _ in range(5)]
        assert sent == [200, 200, 200, 429, 429], sent
        status, said = await _post(attacker, notes, {"id": _id(), "text": "kort"})
        assert status == 200, "a short note still fits in what is left"
        status, said = await _post(attacker, notes, {"id": _id(), "text": note})
        assert status == 429 and "i dag" in said["error"], said
        # The room's page counts against the same share.
        status, _ = await _post(attacker, ask, {"id": _id(), "text": "ä" * 500, "phone": "p"})
        assert status == 429
        assert (await _post(honest, notes, {"id": _id(), "text": note}))[0] == 200
        assert server.budget.added("127.0.0.2") <= 40_000
    texts = [n.text for n in Store(store.root).load(demo_id).notes]
    assert texts.count(note) == 4 and "kort" in texts


async def test_a_nearly_full_disk_keeps_its_last_room_for_the_trainer(
    store: Store, demo_id: str, attacker: aiohttp.ClientSession
) -> None:
    before = [n.text for n in Store(store.root).load(demo_id).notes]
    async with running_server(store, demo_id) as server:
        free = {"bytes": FREE_BYTES + 10_000}
        server.budget = Budget(store.root, free=lambda folder: free["bytes"])
        url = address(server, "notes")
        first = {"id": _id(), "text": "medan det fanns plats"}
        assert (await _post(attacker, url, first))[0] == 200
        free["bytes"] = FREE_BYTES + 100
        status, said = await _post(attacker, url, {"id": _id(), "text": "när disken är full"})
        assert status == 503 and "disk" in said["error"], said
        # A resend of what is stored is still answered by it: the phone lets it go.
        status, said = await _post(attacker, url, first)
        assert status == 200 and said["note"]["text"] == "medan det fanns plats"
        # The trainer's own app still saves: the room kept is for it.
        add_note(store, demo_id, "tränarens egen anteckning")
    after = [n.text for n in Store(store.root).load(demo_id).notes]
    assert after == [*before, "medan det fanns plats", "tränarens egen anteckning"]


async def test_groups_that_read_alike_are_one_group_under_the_name_first_typed(
    store: Store, demo_id: str
) -> None:
    first = unicodedata.normalize("NFC", "Gruppé 2")
    alike = [unicodedata.normalize("NFD", "Gruppé 2"), "gruppé ２", "GRUPPÉ  2"]
    async with running_server(store, demo_id) as server, aiohttp.ClientSession() as session:
        url = address(server, "notes")
        for i, group in enumerate([first, *alike]):
            assert (await _post(session, url, {"id": _id(), "text": f"n{i}", "group": group}))[
                0
            ] == 200
        async with session.get(url + "/api/state", params={"group": alike[1]}) as response:
            assert len((await response.json())["notes"]) == 4, "the same group, however typed"
        # A stream of made-up groups: the lists kept between reads stay few.
        for i in range(MOST_GROUPS + 200):
            async with session.get(url + "/api/state", params={"group": f"g{i}"}) as response:
                assert response.status == 200
        assert server.phone is not None and server.phone.groups_kept <= MOST_GROUPS
    assert {n.group for n in Store(store.root).load(demo_id).notes} == {first}


async def test_the_addresses_file_is_for_its_owner_only(store: Store, demo_id: str) -> None:
    serving = Serving(store.root, demo_id)
    path = write_serving_file(serving)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


async def test_a_strangers_long_notes_and_names_never_make_the_tables_lists_heavy(
    store: Store, demo_id: str, attacker: aiohttp.ClientSession
) -> None:
    """Every phone of a group fetches its list every few seconds: it stays a glance, whatever is sent.

    Once, a minute of large notes with long names from one address made a
    group's list 800 kB, and a few such minutes 12 MB, for each phone, each time.
    """
    big = "😀" * PHONE_CHARS
    async with running_server(store, demo_id) as server:
        url = address(server, "notes")
        long_name = {"id": _id(), "text": "x", "kind": "quote", "speaker": "😀" * 81, "group": "G"}
        status, said = await _post(attacker, url, long_name)
        assert status == 422 and "80" in said["error"]
        sent = [
            (
                await _post(
                    attacker, url, {"id": _id(), "text": big, "group": "G", "phone": f"p{i}"}
                )
            )[0]
            for i in range(12)
        ]
        assert sent.count(200) >= 10, sent
        for _ in range(40):  # notes typed in the app itself may be far longer
            add_note(store, demo_id, "ä" * 20_000, group="G")
        async with aiohttp.ClientSession() as phone:
            async with phone.get(url + "/api/state", params={"group": "G"}) as response:
                raw = await response.read()
                shown = json.loads(raw)["notes"]
                assert response.headers.get("Content-Encoding") in ("gzip", "deflate")
        assert all(len(n["text"]) <= SHOWN_CHARS for n in shown)
        assert sum(len(n["text"]) for n in shown) <= LIST_CHARS + SHOWN_CHARS
    assert len(shown) >= 10
