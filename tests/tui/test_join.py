"""The trainer's app shows where the browser pages are: F12 on any screen, j on the room view."""

from __future__ import annotations

import json
import os

from conftest import press
from fakes import FakeClock, screen_text

from facilitator.addresses import SERVING_FILE
from facilitator.app import FacilitatorApp
from facilitator.qr import qr_matrix
from facilitator.store import Store
from screens.join import AddressesDialog, QrCode

ROOM = "http://192.168.1.20:8080/room/Qm9vbS1jb2RlLW9mLTI0LWNoYXJz"
NOTES = "http://192.168.1.20:8080/notes/Tm90ZXMtY29kZS1vZi0yNC1jaGFy"
ASK = "http://192.168.1.20:8080/ask/QXNrLWNvZGUtb2YtMjQtY2hhcnMx"


def _serving(store: Store, session_id: str, pid: int | None = None) -> None:
    record = {"pid": pid or os.getpid(), "session": session_id, "room": ROOM, "notes": NOTES}
    (store.root / SERVING_FILE).write_text(json.dumps(record))


async def test_f12_shows_both_addresses_and_the_notes_qr(store: Store, demo_id: str) -> None:
    _serving(store, demo_id)
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="sv")
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "f12")
        await pilot.pause()
        assert isinstance(app.screen, AddressesDialog)
        text = screen_text(app)
        assert ROOM in text and NOTES in text
        qr = app.screen.query_one(QrCode)
        assert qr.address == NOTES
        picture = qr.render()
        assert not isinstance(picture, str)
        assert picture.rows == qr_matrix(NOTES), "the code of the notes page, module for module"
        assert picture.columns <= qr.size.width
        assert (picture.columns + 1) // 2 <= qr.size.height, (
            "drawn whole: a cut code reads as nothing"
        )
        await press(pilot, "escape")
        await pilot.pause()
        assert not isinstance(app.screen, AddressesDialog)


async def test_f12_says_which_page_each_address_opens_and_when_phones_cannot_reach_it(
    store: Store, demo_id: str
) -> None:
    _serving(store, demo_id)
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "f12")
        await pilot.pause()
        text = " ".join(screen_text(app).split())
        assert "opens the notes page for phones" in text and "opens the room view" in text
        assert "Only this laptop can open these" not in text, "a network address: phones reach it"
    local = {"pid": os.getpid(), "session": demo_id}
    local |= {"room": ROOM.replace("192.168.1.20", "127.0.0.1")}
    local |= {"notes": NOTES.replace("192.168.1.20", "127.0.0.1")}
    (store.root / SERVING_FILE).write_text(json.dumps(local))
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "f12")
        await pilot.pause()
        text = " ".join(screen_text(app).split())
        assert "Only this laptop can open these" in text and "--host 0.0.0.0" in text


async def test_without_a_server_f12_says_how_to_start_one(store: Store, demo_id: str) -> None:
    _serving(store, demo_id, pid=2**22 + 12345)  # a server that has ended: no such process
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="sv")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "f12")
        await pilot.pause()
        assert not isinstance(app.screen, AddressesDialog)
        assert any("facilitator serve" in str(n.message) for n in app.notices)


async def test_j_puts_the_notes_qr_on_the_projector_and_takes_it_off(
    store: Store, demo_id: str
) -> None:
    _serving(store, demo_id)
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="sv")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "f4", "j")
        await pilot.pause()
        assert app.screen.has_class("-join")
        qr = app.screen.query_one("#room-qr", QrCode)
        assert qr.address == NOTES and qr.display and qr.size.height >= 15
        assert NOTES in screen_text(app)
        await press(pilot, "j")
        await pilot.pause()
        assert not app.screen.has_class("-join")
        assert NOTES not in screen_text(app)
    room = FacilitatorApp(store, demo_id, clock=FakeClock(), mode="room", read_only=True)
    async with room.run_test(size=(100, 30)) as pilot:
        await press(pilot, "j")
        await pilot.pause()
        assert not room.screen.has_class("-join"), "the room's own view only follows"


async def test_a_window_too_small_for_the_code_says_where_it_fits(
    store: Store, demo_id: str
) -> None:
    _serving(store, demo_id)
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="sv")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f12")
        await pilot.pause()
        assert isinstance(app.screen.query_one(QrCode).render(), str)
        assert "rumsvyn visar den stor" in screen_text(app)
        assert NOTES in screen_text(app), "the address is there to type"


async def test_a_notice_showing_when_a_dialog_opens_waits_for_it_to_close(
    store: Store, demo_id: str
) -> None:
    """Textual draws notices above every screen: one left up would cover the QR code."""
    _serving(store, demo_id)
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="en")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await press(pilot, "f2")  # "Gränssnittet på svenska"
        await pilot.pause(0.2)
        assert len(app.screen.query("Toast")) == 1
        for key, dialog in (("f12", AddressesDialog), ("e", None)):
            await press(pilot, key)
            await pilot.pause(0.3)
            if dialog is not None:
                assert isinstance(app.screen, dialog)
            assert len(app.screen.query("Toast")) == 0, key
            await press(pilot, "escape")
            await pilot.pause(0.3)
            assert len(app.screen.query("Toast")) == 1, "back with the screen under"
        [notice] = app.notices
        assert notice.time_left < app.NOTIFICATION_TIMEOUT - 1, "for the rest of its time only"


async def test_a_notice_whose_time_ran_out_under_a_dialog_does_not_come_back(
    store: Store, demo_id: str
) -> None:
    _serving(store, demo_id)
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="en")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        app.notify("an old refusal", timeout=0.5)
        await pilot.pause(0.1)
        await press(pilot, "f12")
        await pilot.pause(0.8)  # longer than the notice had left
        await press(pilot, "escape")
        await pilot.pause(0.2)
        assert not any("an old refusal" in str(n.message) for n in app.notices)
        # One raised while the dialog was open was never seen: it comes back whole.
        # (Its time is long enough that a busy machine cannot run it out after the dialog.)
        await press(pilot, "f12")
        app.notify("new while the dialog is open", timeout=3)
        await pilot.pause(3.3)  # longer than its whole time, all of it under the dialog
        await press(pilot, "escape")
        await pilot.pause(0.1)
        assert any("new while the dialog is open" in str(n.message) for n in app.notices)


async def test_j_again_shows_the_participants_qr_then_takes_it_off(
    store: Store, demo_id: str
) -> None:
    record = {"pid": os.getpid(), "session": demo_id, "room": ROOM, "notes": NOTES, "ask": ASK}
    (store.root / SERVING_FILE).write_text(json.dumps(record))
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="sv")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "f4", "j")
        await pilot.pause()
        assert app.screen.query_one("#room-qr", QrCode).address == NOTES
        await press(pilot, "j")
        await pilot.pause()
        assert app.screen.query_one("#room-qr", QrCode).address == ASK
        assert "Frågor och tankar till kursledaren" in screen_text(app) and ASK in screen_text(app)
        await press(pilot, "j")
        await pilot.pause()
        assert not app.screen.has_class("-join") and ASK not in screen_text(app)
