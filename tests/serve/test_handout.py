"""The day's hand-out on the phone pages: nothing before the trainer publishes, the recap after, gone once taken down."""

from __future__ import annotations

import asyncio
import io
import zipfile
from dataclasses import replace

import aiohttp
import icalendar
from serving import address, running_server

from facilitator import handout
from facilitator.handout import DOCX, HandoutPages
from facilitator.model import Note, RecapOptions, RoomState
from facilitator.records import session_from_record, session_to_record
from facilitator.services import Desk, Services
from facilitator.store import Store

HIDDEN = "Hemlig synpunkt som tränaren dolde"
UNREAD = "Nytt bidrag som ingen gått igenom"
KEPT = "Behållen fråga från rummet"


def _trainer(store: Store, session_id: str) -> Services:
    """The trainer's side, as the recap screen reaches it: through the services."""
    return Services(Desk(Store(store.root), session_id))


async def _publish(store: Store, session_id: str, style: str = "minutes", lang: str = "sv") -> None:
    services = _trainer(store, session_id)
    services.sessions.publish(style, lang)
    assert await asyncio.to_thread(services.close, 10)


async def _unpublish(store: Store, session_id: str) -> None:
    services = _trainer(store, session_id)
    services.sessions.unpublish()
    assert await asyncio.to_thread(services.close, 10)


def _room_notes(store: Store, session_id: str) -> None:
    store.save_notes(
        session_id,
        [
            Note(HIDDEN, room=RoomState.HIDDEN),
            Note(UNREAD, room=RoomState.NEW),
            Note(KEPT, room=RoomState.KEPT),
        ],
    )


async def _get(session: aiohttp.ClientSession, url: str) -> tuple[int, str, bytes, dict[str, str]]:
    async with session.get(url) as response:
        return response.status, response.content_type, await response.read(), dict(response.headers)


async def _state(session: aiohttp.ClientSession, url: str) -> dict:  # type: ignore[type-arg]
    async with session.get(url + "/api/state") as response:
        assert response.status == 200
        return await response.json()  # type: ignore[no-any-return]


async def test_nothing_before_publishing_the_recap_after_and_nothing_once_taken_down(
    store: Store, demo_id: str
) -> None:
    _room_notes(store, demo_id)
    async with running_server(store, demo_id) as server, aiohttp.ClientSession() as session:
        for page in ("ask", "notes"):
            url = address(server, page)
            assert (await _state(session, url))["handout"] is None
            for tail in ("/recap", "/recap.docx", "/recap.ics"):
                status, kind, body, _ = await _get(session, url + tail)
                assert (status, kind) == (404, "text/html"), tail
                assert "Inte publicerad" in body.decode(), "said in the session's language"

        await _publish(store, demo_id)
        for page in ("ask", "notes"):
            url = address(server, page)
            handout = (await _state(session, url))["handout"]
            assert handout["words"]["handout.title"] == "Dagens sammanfattning"
            assert handout["homework"].startswith("Intervjua en medarbetare")
            assert "25 januari 2018" in handout["next"] and "Sjöhotellet" in handout["next"]
            status, kind, body, headers = await _get(session, url + "/recap")
            text = body.decode()
            assert (status, kind) == (200, "text/html")
            assert "<h1>Innovation och lärande" in text and KEPT in text
            assert HIDDEN not in text and UNREAD not in text, "only what the trainer kept"
            assert "default-src 'none'" in headers["Content-Security-Policy"]
            assert headers["Cache-Control"] == "no-store"
            status, kind, body, headers = await _get(session, url + "/recap.docx")
            assert (status, kind) == (200, DOCX)
            assert (
                headers["Content-Disposition"] == 'attachment; filename="recap-2017-11-30-sv.docx"'
            )
            words = zipfile.ZipFile(io.BytesIO(body)).read("word/document.xml").decode()
            assert KEPT in words and HIDDEN not in words and UNREAD not in words
            assert handout["calendar"] is True, "the next occasion has a date"
            status, kind, body, headers = await _get(session, url + "/recap.ics")
            assert (status, kind) == (200, "text/calendar")
            assert headers["Content-Type"] == "text/calendar; charset=utf-8"
            assert headers["Content-Disposition"] == 'attachment; filename="nasta-tillfalle.ics"'
            (event,) = icalendar.Calendar.from_ical(body).walk("VEVENT")
            assert event.decoded("DTSTART").date().isoformat() == "2018-01-25"
            assert str(event["LOCATION"]) == "Sjöhotellet, utanför stan"
        # One page's code does not open the other page's hand-out.
        wrong = f"http://127.0.0.1:{server.serving.port}/ask/{server.serving.codes['notes']}/recap"
        assert (await _get(session, wrong))[0] == 403

        await _unpublish(store, demo_id)
        for page in ("ask", "notes"):
            url = address(server, page)
            assert (await _state(session, url))["handout"] is None, "taken down at the next look"
            for tail in ("/recap", "/recap.docx"):
                assert (await _get(session, url + tail))[0] == 404
    assert server.started == 0, "no app process for the hand-out"


async def test_the_recap_is_published_in_the_style_and_language_chosen(
    store: Store, demo_id: str
) -> None:
    async with running_server(store, demo_id) as server, aiohttp.ClientSession() as session:
        url = address(server, "ask")
        await _publish(store, demo_id, "article", "en")
        handout = (await _state(session, url))["handout"]
        assert handout["lang"] == "en" and handout["words"]["handout.title"] == "Today's summary"
        status, _, body, _ = await _get(session, url + "/recap")
        text = body.decode()
        assert status == 200 and '<html lang="en">' in text
        assert "<table>" not in text, "the article, not the minutes' agenda table"
        minutes_tag = handout["tag"]
        await _publish(store, demo_id, "minutes", "en")
        again = (await _state(session, url))["handout"]
        assert again["tag"] != minutes_tag, "the page learns that the recap changed"
        assert "<table>" in (await _get(session, url + "/recap"))[2].decode()


async def test_forty_phones_at_once_cost_one_rendering(
    store: Store, demo_id: str, monkeypatch: object
) -> None:
    made: list[str] = []
    page = HandoutPages._page

    def counted(self: HandoutPages, rendered: object) -> str:
        made.append("page")
        return page(self, rendered)  # type: ignore[arg-type]

    monkeypatch.setattr(HandoutPages, "_page", counted)  # type: ignore[attr-defined]
    await _publish(store, demo_id)
    async with running_server(store, demo_id) as server, aiohttp.ClientSession() as session:
        url = address(server, "ask")
        got = await asyncio.gather(*(_get(session, url + "/recap") for _ in range(40)))
        assert {status for status, *_ in got} == {200}
        assert len({body for _, _, body, _ in got}) == 1
        for _ in range(5):
            await _state(session, url)
        assert made == ["page"], "one rendering for every phone, until the session changes"
        # Anyone at a table can save a note: a new one shows within RENDER_SECONDS, not
        # by rendering the whole recap again at every phone's next look.
        store.save_notes(demo_id, [Note("En sak till"), Note("Att ta bort")])
        assert "En sak till" not in (await _get(session, url + "/recap"))[2].decode()
        assert made == ["page"]
        monkeypatch.setattr(handout, "RENDER_SECONDS", 0.0)  # type: ignore[attr-defined]
        shown = (await _get(session, url + "/recap"))[2].decode()
        assert "En sak till" in shown and "Att ta bort" in shown
        assert made == ["page", "page"]
        monkeypatch.setattr(handout, "RENDER_SECONDS", 3600.0)  # type: ignore[attr-defined]
        # A note hidden (or deleted) is gone at the next look, however recent the rendering.
        gone = next(n for n in Store(store.root).load(demo_id).notes if n.text == "Att ta bort")
        store.change_note(demo_id, gone.id, lambda n: replace(n, room=RoomState.HIDDEN))
        assert "Att ta bort" not in (await _get(session, url + "/recap"))[2].decode()
        assert made == ["page", "page", "page"]


async def test_what_anyone_typed_stays_text_on_the_recap_s_page(store: Store, demo_id: str) -> None:
    typed = '<script>alert(1)</script> "><img src=x onerror=alert(2)> &amp; \x1b]0;x\x07'

    def titled(session: object) -> None:
        session.homework = typed  # type: ignore[attr-defined]

    store.change_session(demo_id, titled)
    store.save_notes(demo_id, [Note(typed, room=RoomState.KEPT), Note(typed, speaker=typed)])
    await _publish(store, demo_id)
    async with running_server(store, demo_id) as server, aiohttp.ClientSession() as session:
        url = address(server, "ask")
        page = (await _get(session, url + "/recap"))[2].decode()
        assert "<script" not in page and "<img" not in page and "\x1b" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&amp;amp;" in page
        handout = (await _state(session, url))["handout"]
        assert "\x1b" not in handout["homework"], "controls shown as symbols, as on every page"
        assert handout["homework"].startswith("<script>"), "text for the page to set as text"


async def test_no_calendar_link_for_a_next_occasion_without_a_date(
    store: Store, demo_id: str
) -> None:
    def undated(session: object) -> None:
        session.next_session.date = None  # type: ignore[attr-defined]

    store.change_session(demo_id, undated)
    await _publish(store, demo_id)
    async with running_server(store, demo_id) as server, aiohttp.ClientSession() as session:
        url = address(server, "notes")
        handout = (await _state(session, url))["handout"]
        assert handout["calendar"] is False and "Sjöhotellet" in handout["next"]
        assert (await _get(session, url + "/recap.ics"))[0] == 404
        assert (await _get(session, url + "/recap"))[0] == 200


def test_the_publish_state_is_kept_with_the_session_and_old_stores_read_as_unpublished(
    store: Store, demo_id: str
) -> None:
    record = session_to_record(store.load(demo_id).session)
    assert "handout" not in record, "an unpublished session is stored as before"
    assert session_from_record(record).handout is None
    services = _trainer(store, demo_id)
    services.sessions.publish("article", "en")
    assert services.close(10)
    handout = Store(store.root).load(demo_id).session.handout
    assert handout is not None and (handout.style, handout.language) == ("article", "en")
    services = _trainer(store, demo_id)
    services.sessions.unpublish()
    assert services.close(10)
    assert Store(store.root).load(demo_id).session.handout is None


def test_a_session_imported_from_its_export_is_not_published(store: Store, demo_id: str) -> None:
    from facilitator.exchange import read_import, to_json

    services = _trainer(store, demo_id)
    services.sessions.publish("minutes", "sv")
    assert services.close(10)
    exported = Store(store.root).load(demo_id)
    assert exported.session.handout is not None
    path = store.root.parent / "day.json"
    path.write_text(to_json(exported), encoding="utf-8")
    assert '"handout"' in path.read_text(encoding="utf-8"), "the export keeps the whole session"
    assert read_import(path, []).session.handout is None, "a copy is on nobody's phone"


async def test_the_phones_get_the_recap_with_what_the_trainers_settings_added_when_published(
    store: Store, demo_id: str
) -> None:
    """A room sender's name shows on the phones only if the trainer's settings showed it in the preview."""
    store.save_notes(demo_id, [Note(KEPT, room=RoomState.KEPT, speaker="Lisa")])
    async with running_server(store, demo_id) as server, aiohttp.ClientSession() as session:
        url = address(server, "ask")
        await _publish(store, demo_id)
        plain = (await _get(session, url + "/recap"))[2].decode()
        assert KEPT in plain and "Lisa" not in plain
        services = _trainer(store, demo_id)
        services.sessions.publish("minutes", "sv", options=RecapOptions(room_names=True))
        assert await asyncio.to_thread(services.close, 10)
        named = (await _get(session, url + "/recap"))[2].decode()
        assert f"{KEPT} (Lisa)" in named
    kept = Store(store.root).load(demo_id).session.handout
    assert kept is not None and kept.options == RecapOptions(room_names=True)
