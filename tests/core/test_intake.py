"""One intake: the same odd and hostile input refused (or taken) alike by every door a note comes in by."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import aiohttp
import pytest
from conftest import press
from fakes import FakeClock, said_by
from serving import address, running_server

from facilitator import intake, limits
from facilitator.app import FacilitatorApp
from facilitator.i18n import t
from facilitator.model import NoteKind
from facilitator.store import Store

LONG = "ord " * 250_000 + "slut"  # past every door's limit (the app's 1,000,000 characters)

# name: (text, kind, id); None where a door cannot carry that part (the app's kinds are keys).
CASES: dict[str, tuple[str, str | None, str | None]] = {
    "empty": ("", None, None),
    "only spaces": ("   \t ", None, None),
    "too long": (LONG, None, None),
    "control characters": ("Rad\x1b[2J med\x07 styrtecken\x9b", None, None),
    "markup": ("<script>alert(1)</script> **fet** [länk](javascript:x) {{ x }}", None, None),
    "not text": ("halv\ud800tecken", None, None),
    "a wrong kind": ("Något sagt", "bogus", None),
    "a bad id": ("Något sagt", None, "x"),
}
TAKEN = {"control characters", "markup"}  # kept exactly as typed, shown inert
BLANK = {"empty", "only spaces"}


def _expected(case: str, lang: str, most: int = limits.NOTE_CHARS) -> str | None:
    text = CASES[case][0]
    return {
        "empty": t("error.note_empty", lang),
        "only spaces": t("error.note_empty", lang),
        "too long": t("error.note_long", lang, max=f"{most:,}", count=f"{len(text.strip()):,}"),
        "not text": t("error.note_bad_text", lang, at=4),
        "a bad id": t("error.note_id", lang),
    }.get(case)


def _body(case: str) -> dict[str, object]:
    text, kind, note_id = CASES[case]
    body: dict[str, object] = {"id": note_id or secrets.token_hex(8), "text": text}
    if kind is not None:
        body["kind"] = kind
    return body


async def test_the_app_the_command_line_and_both_phone_pages_refuse_alike(
    store: Store, demo_id: str
) -> None:
    """In English here: the command line speaks English, and the session is set to it."""
    store.change_session(demo_id, lambda session: setattr(session, "language", "en"))
    said: dict[str, dict[str, str | None]] = {}

    # The app: each line typed in the capture line and Enter.
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="en", mode="notes")
    async with app.run_test(size=(100, 30)) as pilot:
        notices = said_by(app)
        for case, (text, kind, note_id) in CASES.items():
            if kind is not None or note_id is not None:
                continue
            before = len(notices)
            app.screen.focused.insert_text_at_cursor(text)
            await press(pilot, "enter")
            refused = [n for n in notices[before:] if n]
            said.setdefault(case, {})["app"] = refused[-1] if refused else None
            app.screen.focused.value = ""

    # The command line: `facilitator note` (the text too long for an argument comes on stdin).
    for case, (text, kind, note_id) in CASES.items():
        if note_id is not None:
            continue
        argv = [sys.executable, "-m", "facilitator", "--store", str(store.root), "note", demo_id]
        argv += ["-" if case == "too long" else text, *(["--kind", kind] if kind else [])]
        env = {**os.environ, "PYTHONIOENCODING": "utf-8:surrogateescape"}
        done = subprocess.run(
            [a.encode("utf-8", "surrogatepass") if "\ud800" in a else a for a in argv],
            input=text.encode() if case == "too long" else b"",
            capture_output=True,
            env=env,
            timeout=60,
        )
        err = done.stderr.decode("utf-8", "replace")
        assert "Traceback" not in err
        line = err.strip().splitlines()[-1] if done.returncode else ""
        # The command line's frame ("facilitator: error: ") around the refusal itself.
        refusal = line.split("facilitator: ", 1)[-1].removeprefix("error: ") if line else None
        said.setdefault(case, {})["cli"] = refusal

    # The tables' page and the room's page, over HTTP.
    async with (
        running_server(store, demo_id, language="en") as server,
        aiohttp.ClientSession() as session,
    ):
        for page, key in (("notes", "phone"), ("ask", "room")):
            url = address(server, page) + "/api/notes"
            for case in CASES:
                async with session.post(url, json=_body(case)) as response:
                    answer = await response.json()
                    # Too long for a phone is refused unread (413), its size said.
                    assert response.status in (200, 413 if case == "too long" else 422), (
                        page,
                        case,
                        response.status,
                    )
                    said.setdefault(case, {})[key] = (
                        answer.get("error") if response.status != 200 else None
                    )

    for case, doors in said.items():
        if case in TAKEN:
            assert set(doors.values()) == {None}, (case, doors)
            continue
        if case == "a wrong kind":
            kinds = ", ".join(k.value for k in NoteKind)
            wrong = t("error.note_kind", "en", kind="bogus", kinds=kinds)
            assert doors["cli"] == doors["phone"] == wrong
            room_kinds = ", ".join(intake.ROOM_KINDS)
            assert doors["room"] == t("error.note_kind", "en", kind="bogus", kinds=room_kinds)
            continue
        wanted = _expected(case, "en")
        room = _expected(case, "en", most=intake.ROOM_CHARS)
        if case in BLANK:
            # Enter on a blank capture line is no note and no news: the line is simply left.
            assert doors.pop("app") is None
        if case == "too long":
            unread = t("serve.too_large", "en", max=f"{intake.PHONE_CHARS:,}")
            assert doors.pop("phone") == doors.pop("room") == unread
        for door, refusal in doors.items():
            assert refusal == (room if door == "room" else wanted), (case, door, doors)

    # Nothing refused was stored; what was taken is stored as typed.
    texts = [n.text for n in Store(store.root).load(demo_id).notes]
    for case in TAKEN:
        assert texts.count(CASES[case][0]) == 4, case  # the app, the command line, both pages
    assert len(texts) == 4 * len(TAKEN)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_refusals_are_in_the_sessions_language(lang: str) -> None:
    from datetime import UTC, datetime

    from facilitator.errors import InputError

    now = datetime(2017, 11, 30, 9, tzinfo=UTC)
    for case in ("empty", "not text", "a bad id"):
        with pytest.raises(InputError) as refused:
            intake.from_phone(_body(case), now)
        assert refused.value.localized(lang) == _expected(case, lang)
    with pytest.raises(InputError) as refused:
        intake.from_phone({**_body("empty"), "text": "x", "kind": "bogus"}, now)
    assert "bogus" in refused.value.localized(lang)
    if lang == "sv":
        assert refused.value.localized(lang).startswith("det finns ingen anteckningstyp")


def test_a_phone_saying_its_note_is_older_than_any_clock_is_read_as_a_day_old_at_most() -> None:
    from datetime import UTC, datetime

    now = datetime(2017, 11, 30, 9, tzinfo=UTC)
    for age in (10**17, 10**400, -(10**17)):
        note = intake.from_phone({"id": "a" * 12, "text": "sent late", "age_ms": age}, now)
        assert now - intake.MOST_AGE <= note.created_at <= now
