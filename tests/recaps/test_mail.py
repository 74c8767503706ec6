"""The recap as a mail draft (.eml): parsed back with the email package, and held to RFC 5322/2045."""

from __future__ import annotations

import email.policy
import io
import re
from datetime import UTC, datetime
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest
from conftest import press
from docx import Document
from fakes import FakeClock, add_notes
from icalendar import Calendar
from test_recap import END, lived_day  # type: ignore[import-not-found]
from textual.widgets import Input

from facilitator.app import FacilitatorApp
from facilitator.cli import main
from facilitator.errors import PlanError
from facilitator.model import Note, RoomState, SessionData
from facilitator.plan import parse_plan
from facilitator.recap import render
from facilitator.recap.mail import mail_draft
from facilitator.store import Store

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ADDRESSES = {"Karin Ek": "karin.ek@example.se", "Maria Holm": "maria.holm@example.se"}


def parse(blob: bytes) -> EmailMessage:
    message = BytesParser(policy=email.policy.default).parsebytes(blob)
    assert isinstance(message, EmailMessage)
    return message


def content(part: EmailMessage | None) -> str:
    """A text part's content as the renderer wrote it (the mail carries its lines in CRLF)."""
    assert part is not None
    return str(part.get_content()).replace("\r\n", "\n")


def with_addresses(data: SessionData) -> SessionData:
    for person in data.session.participants:
        person.email = ADDRESSES.get(person.name, "")
    return data


def attachments(message: EmailMessage) -> dict[str, EmailMessage]:
    return {str(part.get_filename()): part for part in message.iter_attachments()}  # type: ignore[misc]


@pytest.mark.parametrize(
    ("lang", "subject", "docx_name", "ics_name"),
    [
        (
            "sv",
            "Sammanfattning: Innovation och lärande, tillfälle 2, 30 november 2017",
            "sammanfattning-2017-11-30.docx",
            "nasta-tillfalle.ics",
        ),
        (
            "en",
            "Summary: Innovation och lärande, occasion 2, 30 November 2017",
            "recap-2017-11-30.docx",
            "next-occasion.ics",
        ),
    ],
)
def test_the_draft_parsed_back(
    store: Store, demo: SessionData, lang: str, subject: str, docx_name: str, ics_name: str
) -> None:
    demo.session.timezone = "Europe/Stockholm"
    _, data = lived_day(store, demo)
    message = parse(mail_draft(data, lang, END))
    assert message["X-Unsent"] == "1"
    assert message["Subject"] == subject
    assert message["Date"].datetime == END
    assert message["To"] is None and message["From"] is None, "the mail program fills them in"
    assert message.get_content_type() == "multipart/mixed"
    # The recap's text twice: as HTML and as plain text, the mail program shows the one it can.
    body = message.get_body(("html",))
    assert body is not None and body.get_content_type() == "text/html"
    html = content(body)
    assert html == render(data, "html", lang, END)
    plain = content(message.get_body(("plain",)))
    assert plain == render(data, "txt", lang, END)
    for part in (html, plain):
        assert "Nu inser jag varför vi går utbildningen" in part and "Karin Ek" in part
    (alternative,) = [p for p in message.iter_parts() if p.is_multipart()]
    assert alternative.get_content_type() == "multipart/alternative"
    # The attachments: the recap in Word, the next occasion for calendars.
    attached = attachments(message)
    assert set(attached) == {docx_name, ics_name}
    word = attached[docx_name]
    assert word.get_content_type() == DOCX and word.get_content_disposition() == "attachment"
    paragraphs = [p.text for p in Document(io.BytesIO(word.get_content())).paragraphs]
    assert paragraphs[0] == "Innovation och lärande"
    ics = attached[ics_name]
    assert ics.get_content_type() == "text/calendar"
    (event,) = [c for c in Calendar.from_ical(ics.get_content()).walk() if c.name == "VEVENT"]
    assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert event["DTSTART"].dt.replace(tzinfo=None) == datetime(2018, 1, 25, 9, 0)


def test_the_style_goes_to_every_part(store: Store, demo: SessionData) -> None:
    _, data = lived_day(store, demo)
    message = parse(mail_draft(data, "sv", END, style="article"))
    body = message.get_body(("html",))
    assert content(body) == render(data, "html", "sv", END, style="article")
    minutes = parse(mail_draft(data, "sv", END))
    article_docx = next(p for p in message.iter_attachments() if p.get_content_type() == DOCX)
    minutes_docx = next(p for p in minutes.iter_attachments() if p.get_content_type() == DOCX)
    assert article_docx.get_content() != minutes_docx.get_content()


def test_to_the_participants_who_have_an_address(store: Store, demo: SessionData) -> None:
    session_id, data = lived_day(store, with_addresses(demo))
    message = parse(mail_draft(data, "sv", END))
    to = message["To"]
    assert [(a.display_name, a.addr_spec) for a in to.addresses] == list(ADDRESSES.items())
    # Kept by the store, in the session and in its programme.
    loaded = store.load(session_id).session.participants
    assert {p.name: p.email for p in loaded if p.email} == ADDRESSES
    programme = store.programme("Innovationsledarskap").participants
    assert {p.name: p.email for p in programme if p.email} == ADDRESSES


def test_without_a_next_occasion_no_calendar(store: Store, demo: SessionData) -> None:
    demo.session.next_session = None
    _, data = lived_day(store, demo)
    message = parse(mail_draft(data, "sv", END))
    assert [p.get_content_type() for p in message.iter_attachments()] == [DOCX]


def test_text_stays_inert_and_the_html_fetches_nothing(store: Store, demo: SessionData) -> None:
    demo.session.title = "Dag\x1b]0;x\x07 två <script>alert(1)</script>"
    demo.session.participants[0].name = "Karin\r\nBcc: evil@example.com"
    demo.session.participants[0].email = "karin@example.se"
    _, data = lived_day(store, demo)
    blob = mail_draft(data, "sv", END)
    message = parse(blob)
    assert "\x1b" not in message["Subject"] and "␛" in message["Subject"]
    assert message["Bcc"] is None, "a name cannot add a header"
    assert message["To"].addresses[0].addr_spec == "karin@example.se"
    html = content(message.get_body(("html",)))
    assert "<script>" not in html and "&lt;script&gt;" in html
    # Nothing for the mail program to fetch: no remote images, fonts, styles or frames.
    assert not re.search(
        r"""(src|href)\s*=|url\(|@import|<(img|link|iframe|object)\b""", html, re.I
    )


def test_what_the_trainer_hid_or_keeps_private_stays_out(store: Store, demo: SessionData) -> None:
    """The room's hidden and not yet kept contributions and the facilitators' own notes: in no part."""
    session_id, _ = lived_day(store, demo)
    add_notes(
        store,
        session_id,
        [
            Note("Dolt från rummet", room=RoomState.HIDDEN),
            Note("Ännu inte genomgånget", room=RoomState.NEW),
            Note("Behållet från rummet", room=RoomState.KEPT),
        ],
    )
    data = store.load(session_id)
    private = next(b.notes for b in data.blocks if b.notes)
    message = parse(mail_draft(data, "sv", END))
    parts = [content(message.get_body(("html",))), content(message.get_body(("plain",)))]
    word = next(p for p in message.iter_attachments() if p.get_content_type() == DOCX)
    parts.append("\n".join(p.text for p in Document(io.BytesIO(word.get_content())).paragraphs))
    for part in parts:
        assert "Behållet från rummet" in part
        assert "Dolt från rummet" not in part and "Ännu inte genomgånget" not in part
        assert private not in part


def test_the_structure_holds_to_rfc_5322_and_2045(store: Store, demo: SessionData) -> None:
    """No mail program installs here offline (see the README): the rules they read by, checked."""
    _, data = lived_day(store, with_addresses(demo))
    blob = mail_draft(data, "sv", END)
    # Lines end in CRLF, none longer than 998 octets; every byte is ASCII (7bit, RFC 2045).
    assert blob.count(b"\n") == blob.count(b"\r\n") and b"\r" not in blob.replace(b"\r\n", b"")
    lines = blob.split(b"\r\n")
    assert max(len(line) for line in lines) <= 998
    assert blob.isascii()
    # The head: field names then values, non-ASCII only as encoded-words (RFC 2047).
    head = blob.split(b"\r\n\r\n", 1)[0].decode("ascii")
    assert re.search(r"^Subject: .*=\?utf-8\?q\?", head, re.M | re.I)
    for line in head.split("\r\n"):
        assert re.match(r"[\x21-\x39\x3b-\x7e]+: ", line) or line[:1] in " \t", line
    assert head.count("MIME-Version: 1.0") == 1
    assert blob.count(b"MIME-Version") == 1, "only at the top"
    # Boundaries: declared once each, used to open and close their parts, in no body.
    message = parse(blob)
    for part in message.walk():
        if part.is_multipart():
            boundary = part.get_boundary()
            assert boundary and len(boundary) <= 70
            opened = blob.count(b"\r\n--" + boundary.encode() + b"\r\n")
            assert opened == len(list(part.iter_parts()))
            assert blob.count(b"\r\n--" + boundary.encode() + b"--\r\n") == 1
        else:
            assert part["Content-Transfer-Encoding"] in ("quoted-printable", "base64")
    assert not message.defects and all(not p.defects for p in message.walk())
    # Made again, later, the same boundaries: they follow from the recap, not from chance.
    later = parse(mail_draft(data, "sv", END.replace(second=7)))
    assert [p.get_boundary() for p in later.walk()] == [p.get_boundary() for p in message.walk()]


@pytest.mark.parametrize(
    ("entry", "says"),
    [
        ('email = "karin at example.se"', "[[participants]] #1 email: must be an address"),
        ('email = "åsa@example.se"', "[[participants]] #1 email: must be written in plain letters"),
        ("email = 5", "[[participants]] #1 email: must be an address"),
    ],
)
def test_a_bad_address_in_a_plan_names_the_key(entry: str, says: str) -> None:
    text = f'[session]\ntitle = "Dag"\n\n[[participants]]\nname = "Karin Ek"\n{entry}\n'
    with pytest.raises(PlanError, match=re.escape(f"<plan>:6: {says}")):
        parse_plan(text)


def test_addresses_are_never_shown(store: Store, demo: SessionData, tmp_path: Path) -> None:
    """Only the mail draft (and the lossless JSON) holds them: no recap, no screen, no page."""
    _, data = lived_day(store, with_addresses(demo))
    for fmt in ("md", "html", "txt"):
        for style in ("minutes", "article"):
            shown = render(data, fmt, "sv", END, style=style)
            assert not any(address in shown for address in ADDRESSES.values()), (fmt, style)
    # Who reads a participant's address, in the code: the draft, and the places that keep it.
    root = Path(__file__).parents[2]
    readers = sorted(
        str(path.relative_to(root))
        for folder in ("facilitator", "screens")
        for path in (root / folder).rglob("*.py")
        if re.search(r"\b(person|p|participant|who|x)\.email\b", path.read_text(encoding="utf-8"))
    )
    assert readers == [
        "facilitator/recap/mail.py",
        "facilitator/records.py",
        "facilitator/store/programmes.py",
    ]
    data_files = root / "data" / "web"
    assert not any(
        "email" in p.read_text(encoding="utf-8") for p in data_files.iterdir() if p.is_file()
    )


def test_the_command_line(
    store: Store, demo: SessionData, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    session_id = store.create(demo)
    root = ["--store", str(store.root)]
    out = tmp_path / "recap.eml"
    assert main([*root, "export", session_id, "-o", str(out)]) == 0
    message = parse(out.read_bytes())
    assert message["X-Unsent"] == "1" and len(attachments(message)) == 2
    assert (
        main([*root, "export", session_id, "--format", "eml", "--lang", "en", "--style", "article"])
        == 0
    )
    printed = parse(capsys.readouterr().out.encode("ascii"))
    assert printed["Subject"].startswith("Summary: ")
    assert main([*root, "export", "--programme", "Innovation", "--format", "eml"]) == 2
    assert "--programme goes without --format eml" in capsys.readouterr().err


async def test_the_recap_screen_exports_a_draft_and_a_calendar(
    store: Store, demo: SessionData, tmp_path: Path
) -> None:
    demo.session.timezone = "Europe/Stockholm"
    session_id = store.create(demo)
    app = FacilitatorApp(store, session_id, clock=FakeClock(), language="sv", mode="recap")
    async with app.run_test(size=(100, 30)) as pilot:
        for name in ("dagen.eml", "nasta.ics"):
            await press(pilot, "e")
            await pilot.pause()
            app.screen.query_one(Input).value = str(tmp_path / name)
            await press(pilot, "enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
    message = parse((tmp_path / "dagen.eml").read_bytes())
    assert message["Subject"].startswith("Sammanfattning: Innovation och lärande")
    calendar = Calendar.from_ical((tmp_path / "nasta.ics").read_bytes())
    assert len([c for c in calendar.walk() if c.name == "VEVENT"]) == 1


async def test_the_recap_screen_says_when_there_is_no_next_occasion(
    store: Store, demo: SessionData, tmp_path: Path
) -> None:
    demo.session.next_session = None
    session_id = store.create(demo)
    app = FacilitatorApp(store, session_id, clock=FakeClock(), language="sv", mode="recap")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "e")
        await pilot.pause()
        target = str(tmp_path / "nasta.ics")
        app.screen.query_one(Input).value = target
        await press(pilot, "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = str(app.screen.query_one("#form-error").render())
        assert "inget nästa tillfälle med datum" in said
        assert app.screen.query_one(Input).value == target
    assert not (tmp_path / "nasta.ics").exists()


def test_now_is_the_date_of_a_dateless_session(store: Store, demo: SessionData) -> None:
    demo.session.date = None
    _, data = lived_day(store, demo)
    now = datetime(2017, 12, 1, 9, tzinfo=UTC)
    message = parse(mail_draft(data, "sv", now))
    assert message["Subject"] == "Sammanfattning: Innovation och lärande, tillfälle 2"
    assert "sammanfattning-2017-12-01.docx" in attachments(message)
