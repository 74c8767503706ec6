"""The next occasion in a calendar (.ics): parsed back with icalendar, its zone, its UID, its errors."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import facilitator_data
import pytest
from icalendar import Calendar

from facilitator.cli import main
from facilitator.errors import FacilitatorError, PlanError
from facilitator.model import SessionData
from facilitator.occasions import next_occasion
from facilitator.plan import parse_plan
from facilitator.recap.calendar import NoOccasion, programme_ics, session_ics
from facilitator.store import Store

NOW = datetime(2017, 11, 30, 16, 5, tzinfo=UTC)
DEMO = (Path(facilitator_data.__file__).parent / "demo.toml").read_text(encoding="utf-8")
HOMEWORK = "Intervjua en medarbetare om vad innovation betyder för hen"


def plan(*lines: str, replacing: tuple[str, str] | None = None) -> str:
    """The demo plan with ``lines`` added to its [session] (and one line replaced)."""
    text = DEMO.replace("[session]\n", "[session]\n" + "".join(f"{x}\n" for x in lines), 1)
    if replacing is not None:
        assert replacing[0] in text
        text = text.replace(replacing[0], replacing[1])
    return text


def stockholm() -> SessionData:
    return parse_plan(plan('timezone = "Europe/Stockholm"'))


def events(blob: bytes) -> tuple[Calendar, list]:  # type: ignore[type-arg]
    calendar = Calendar.from_ical(blob)
    return calendar, [c for c in calendar.walk() if c.name == "VEVENT"]


def test_the_next_occasion_as_one_event_in_the_sessions_zone() -> None:
    blob = session_ics(stockholm(), NOW)
    calendar, (event,) = events(blob)
    start = event["DTSTART"]
    assert start.params["TZID"] == "Europe/Stockholm"
    assert start.dt == datetime(2018, 1, 25, 9, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
    assert start.dt.utcoffset().total_seconds() == 3600  # winter: CET
    assert b"DTSTART;TZID=Europe/Stockholm:20180125T090000\r\n" in blob
    # The day as long as this one's agenda: seven hours.
    assert event["DTEND"].dt == datetime(2018, 1, 25, 16, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
    assert str(event["LOCATION"]) == "Sjöhotellet, utanför stan"
    assert str(event["SUMMARY"]) == "Innovationsledarskap för enhetschefer, tillfälle 3"
    assert HOMEWORK in str(event["DESCRIPTION"])
    assert str(event["DESCRIPTION"]).startswith("Hemuppgift: ")
    assert event["DTSTAMP"].dt == NOW
    # The zone's rules travel with it, for calendars that do not know its name.
    (zone,) = [c for c in calendar.walk() if c.name == "VTIMEZONE"]
    assert str(zone["TZID"]) == "Europe/Stockholm"
    assert {c.name for c in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}


def test_english_words_for_an_english_session() -> None:
    data = stockholm()
    _, (event,) = events(session_ics(data, NOW, "en"))
    assert str(event["SUMMARY"]) == "Innovationsledarskap för enhetschefer, occasion 3"
    assert str(event["DESCRIPTION"]).startswith("Homework: ")


def test_the_same_uid_across_exports_stores_and_days(tmp_path: Path) -> None:
    """Sent again, the event updates: the same UID, however and wherever it was exported."""
    first = events(session_ics(stockholm(), NOW))[1][0]
    later = events(session_ics(stockholm(), datetime(2018, 1, 2, tzinfo=UTC)))[1][0]
    assert str(first["UID"]) == str(later["UID"]) and first["DTSTAMP"].dt != later["DTSTAMP"].dt
    # The same plan imported into two stores gets different ids, but not a different event.
    uids = set()
    for name in ("a", "b"):
        store = Store(tmp_path / name)
        loaded = store.load(store.create(stockholm()))
        uids.add(str(events(session_ics(loaded, NOW))[1][0]["UID"]))
    assert uids == {str(first["UID"])}
    # Another occasion is another event.
    data = stockholm()
    data.session.occasion = 3
    assert str(events(session_ics(data, NOW))[1][0]["UID"]) != str(first["UID"])


def test_its_own_times_and_a_summer_day(store: Store) -> None:
    data = parse_plan(
        plan(
            'timezone = "Europe/Stockholm"',
            replacing=(
                'next_session = { date = 2018-01-25, venue = "Sjöhotellet, utanför stan" }',
                'next_session = { date = 2018-06-14, venue = "Sjöhotellet", start = "13:00", end = "16:30" }',
            ),
        )
    )
    _, (event,) = events(session_ics(data, NOW))
    zone = ZoneInfo("Europe/Stockholm")
    assert event["DTSTART"].dt == datetime(2018, 6, 14, 13, 0, tzinfo=zone)
    assert event["DTSTART"].dt.utcoffset().total_seconds() == 7200  # summer: CEST
    assert event["DTEND"].dt == datetime(2018, 6, 14, 16, 30, tzinfo=zone)
    following = data.session.next_session
    assert following is not None and (following.start, following.end) == ("13:00", "16:30")
    # Kept by the store as the plan said them.
    loaded = store.load(store.create(data)).session
    assert loaded.next_session == following and loaded.timezone == "Europe/Stockholm"
    # The next occasion, prepared from this one, starts then, in the same zone.
    prepared = next_occasion(data).session
    assert (prepared.start, prepared.timezone) == ("13:00", "Europe/Stockholm")


def test_the_machines_zone_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    if not hasattr(time, "tzset"):
        pytest.fail("this test sets the machine's zone with TZ, which needs time.tzset")
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        _, (event,) = events(session_ics(parse_plan(DEMO), NOW))
    finally:
        monkeypatch.setenv("TZ", "UTC")
        time.tzset()
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert event["DTSTART"].dt.replace(tzinfo=None) == datetime(2018, 1, 25, 9, 0)


def test_text_is_escaped_folded_and_inert() -> None:
    data = stockholm()
    assert data.session.next_session is not None
    data.session.next_session.venue = "Rum 3; vån 2, Sjöhotellet\x1b]0;pwnd\x07"
    data.session.homework = "Läs kapitel 1, 2; skriv\nen sida. " + "Mycket text " * 30
    blob = session_ics(data, NOW)
    _, (event,) = events(blob)
    assert str(event["LOCATION"]) == "Rum 3; vån 2, Sjöhotellet␛]0;pwnd␇"
    assert str(event["DESCRIPTION"]).startswith("Hemuppgift: Läs kapitel 1, 2; skriv\nen sida.")
    assert b"\x1b" not in blob and b"\x07" not in blob
    lines = blob.split(b"\r\n")
    assert lines[-1] == b"" and all(b"\n" not in line for line in lines)
    assert max(len(line) for line in lines) <= 75  # RFC 5545: octets a line, folded past it


def test_no_next_occasion_is_one_clear_line_and_no_file(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = stockholm()
    data.session.next_session = None
    with pytest.raises(NoOccasion, match="no next occasion"):
        session_ics(data, NOW)
    dateless = stockholm()
    assert dateless.session.next_session is not None
    dateless.session.next_session.date = None
    with pytest.raises(NoOccasion):
        session_ics(dateless, NOW)
    store.create(data)
    out = tmp_path / "next.ics"
    assert main(["--store", str(store.root), "export", "latest", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no next occasion" in err and "Traceback" not in err
    assert not out.exists()


@pytest.mark.parametrize(
    ("lines", "key"),
    [
        (['timezone = "Europe/Stokholm"'], "session.timezone"),
        (["timezone = 1"], "session.timezone"),
    ],
)
def test_a_bad_zone_in_a_plan_names_the_key(lines: list[str], key: str) -> None:
    with pytest.raises(PlanError) as caught:
        parse_plan(plan(*lines))
    message = str(caught.value)
    assert f"<plan>:11: {key}: " in message and "Europe/Stockholm" in message


def test_bad_times_of_the_next_occasion_name_the_key() -> None:
    for given, says in (
        ('start = "25:00"', "session.next_session.start: "),
        ('end = "08:00"', "session.next_session.end: must be after"),
    ):
        text = plan(
            replacing=(
                'venue = "Sjöhotellet, utanför stan" }',
                f'venue = "Sjöhotellet, utanför stan", {given} }}',
            )
        )
        with pytest.raises(PlanError, match=says):
            parse_plan(text)


def test_a_stored_zone_is_checked_when_read(tmp_path: Path) -> None:
    """A JSON file edited by hand to a zone nobody knows is refused, not taken in half."""
    from facilitator.exchange import read_import, to_json

    good = to_json(stockholm())
    assert '"timezone": "Europe/Stockholm"' in good
    bad = tmp_path / "bad.json"
    bad.write_text(good.replace("Europe/Stockholm", "Europe/Atlantis"), encoding="utf-8")
    with pytest.raises(FacilitatorError, match="Europe/Atlantis"):
        read_import(bad, [])


def _programme_store(store: Store) -> str:
    """Occasion 2 from the plan, occasion 3 prepared from it (`facilitator next`)."""
    first = store.create(stockholm())
    store.create(next_occasion(store.load(first)))
    return first


def test_a_programmes_occasions_as_one_calendar(store: Store) -> None:
    first = _programme_store(store)
    programme = store.programme("Innovationsledarskap")
    occasions = [store.load(s.id) for s in store.occasions(programme.id)]
    _, found = events(programme_ics(programme, occasions, NOW))
    assert [e["DTSTART"].dt.date() for e in found] == [date(2017, 11, 30), date(2018, 1, 25)]
    assert [str(e["SUMMARY"]) for e in found] == [
        "Innovationsledarskap för enhetschefer, tillfälle 2",
        "Innovationsledarskap för enhetschefer, tillfälle 3",
    ]
    assert all(e["DTSTART"].params["TZID"] == "Europe/Stockholm" for e in found)
    # Occasion 3 is the same event as the one sent with occasion 2's recap.
    (sent,) = events(session_ics(store.load(first), NOW))[1]
    assert str(found[1]["UID"]) == str(sent["UID"]) != str(found[0]["UID"])
    # What to prepare for each: occasion 3's pre-assignment is occasion 2's homework.
    assert HOMEWORK in str(found[1]["DESCRIPTION"])
    assert str(found[0]["DESCRIPTION"]).startswith("Förberedelseuppgift: Gå igenom")


def test_only_the_stored_occasion_and_its_next(store: Store) -> None:
    store.create(stockholm())
    programme = store.programme("Innovationsledarskap")
    occasions = [store.load(s.id) for s in store.occasions(programme.id)]
    _, found = events(programme_ics(programme, occasions, NOW))
    assert [e["DTSTART"].dt.date() for e in found] == [date(2017, 11, 30), date(2018, 1, 25)]


def test_the_command_line(store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _programme_store(store)
    root = ["--store", str(store.root)]
    capsys.readouterr()
    first = store.occasions(store.programme("Innovationsledarskap").id)[0].id
    assert main([*root, "export", first, "--format", "ics"]) == 0
    (event,) = events(capsys.readouterr().out.encode())[1]
    assert event["DTSTART"].dt.date() == date(2018, 1, 25)
    out = tmp_path / "next.ics"
    assert main([*root, "export", first, "-o", str(out)]) == 0, "the extension names the format"
    assert len(events(out.read_bytes())[1]) == 1
    whole = tmp_path / "programme.ics"
    assert main([*root, "export", "--programme", "Innovation", "-o", str(whole)]) == 0
    assert len(events(whole.read_bytes())[1]) == 2
    assert main([*root, "export", first, "--programme", "--format", "ics"]) == 0
    assert len(events(capsys.readouterr().out.encode())[1]) == 2
    # Usage errors: exit 2, one line saying what is wrong.
    assert main([*root, "export", first, "--format", "ics", "--template", str(out)]) == 2
    assert "--template is for the recap formats" in capsys.readouterr().err
    assert main([*root, "export", "--programme", "--format", "ics"]) == 2
    assert "--programme wants a programme's name" in capsys.readouterr().err
