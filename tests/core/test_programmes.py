"""Programmes: occasions joined by name, the next occasion prepared from this one, the programme recap."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from datetime import date, timedelta

from conftest import press
from fakes import T0, add_note

from facilitator import agenda, presentations
from facilitator.exchange import from_json, to_json
from facilitator.model import (
    Attendance,
    BlockKind,
    NextSession,
    NoteKind,
    PresentationState,
    SessionData,
)
from facilitator.occasions import next_occasion
from facilitator.plan import parse_plan
from facilitator.recap import render_programme
from facilitator.store import Store

PLAN = """
[programme]
name = "{programme}"
purpose = "Leda innovation"

[session]
title = "{title}"
occasion = {occasion}
date = {day}
facilitators = ["Anna"]
language = "sv"

[[participants]]
name = "Karin Ek"
organisation = "Kultur"
role = "enhetschef"

[[presentations]]
presenter = "Karin Ek"
title = "Digitalt bibliotek"

[[presentations]]
presenter = "Jonas Ström"
organisation = "Omsorg"
title = "LSS-boende"
"""


def plan(
    title: str, occasion: int, day: str, programme: str = "Innovationsledarskap"
) -> SessionData:
    return parse_plan(
        PLAN.format(title=title, occasion=occasion, day=day, programme=programme), "p.toml"
    )


def test_plans_with_the_same_programme_join_it(store: Store) -> None:
    first = store.create(plan("Start", 1, "2017-10-12"))
    second = store.create(plan("Lärande", 2, "2017-11-30", programme="innovationsledarskap"))
    store.create(plan("Annat", 1, "2017-12-01", programme="Något annat"))
    programmes = store.programmes()
    assert [p.name for p in programmes] == ["Innovationsledarskap", "Något annat"]
    course = store.programme("innov")
    assert [s.id for s in store.occasions(course.id)] == [first, second]
    assert [(p.name, p.organisation, p.role) for p in course.participants] == [
        ("Karin Ek", "Kultur", "enhetschef"),
        ("Jonas Ström", "Omsorg", ""),
    ]
    # One person is one participant across the occasions, and the queue knows who is who.
    ids = {p.name: p.id for p in course.participants}
    for session_id in (first, second):
        data = store.load(session_id)
        assert {p.name: p.id for p in data.session.participants} == ids
        assert [p.participant_id for p in data.presentations] == [
            ids["Karin Ek"],
            ids["Jonas Ström"],
        ]


def test_list_groups_sessions_by_programme(store: Store) -> None:
    store.create(plan("Lärande", 2, "2017-11-30"))
    store.create(plan("Start", 1, "2017-10-12"))
    store.create(SessionData(replace(plan("Fristående", 1, "2017-09-01").session, programme=None)))
    result = subprocess.run(
        [sys.executable, "-m", "facilitator", "--store", str(store.root), "list"],
        capture_output=True, text=True,
    )  # fmt: skip
    lines = [line.split() for line in result.stdout.splitlines()]
    assert lines[0] == ["Innovationsledarskap"]
    assert [line[-1] for line in lines[1:3]] == ["Start", "Lärande"], "occasions in order"
    assert lines[3] == ["(no", "programme)"] and lines[4][-1] == "Fristående"


def _finished_day(store: Store) -> str:
    """Occasion 2 run through: notes of each kind, one action done and one open."""
    data = plan("Lärande", 2, "2017-11-30")
    data.session.theme = "Innovation och lärande"
    data.session.homework = "Intervjua en medarbetare"
    data.session.next_session = NextSession(date=date(2018, 1, 25), venue="Sjöhotellet")
    data.blocks = parse_plan(
        '[session]\ntitle = "x"\n[[agenda]]\nkind = "recap"\ntitle = "Återblick"\nminutes = 15\n'
        '[[agenda]]\nkind = "theory"\ntitle = "Teori"\nminutes = 45\n',
        "b.toml",
    ).blocks
    session_id = store.create(data)
    blocks = store.load(session_id).blocks
    store.change_blocks(session_id, lambda b: agenda.start(b, blocks[1].id, T0))
    add_note(store, session_id, "Lärande före innovation", now=T0)
    add_note(store, session_id, "Nu förstår jag", kind=NoteKind.QUOTE, speaker="Karin Ek", now=T0)
    add_note(store, session_id, "Vi ses i januari", kind=NoteKind.DECISION, now=T0)
    open_action = add_note(
        store, session_id, "Skicka bilderna", kind=NoteKind.ACTION, owner="Anna", now=T0
    )
    done = add_note(store, session_id, "Boka lokal", kind=NoteKind.ACTION, now=T0)
    store.change_note(session_id, done.id, lambda n: replace(n, done=True))
    store.change_blocks(
        session_id, lambda b: agenda.finish(b, blocks[1].id, T0 + timedelta(minutes=45))
    )
    assert open_action.kind is NoteKind.ACTION
    return session_id


def test_next_occasion_carries_what_it_should(store: Store) -> None:
    this_id = _finished_day(store)
    this = store.load(this_id)
    nxt = next_occasion(this)
    s = nxt.session
    assert s.occasion == 3 and s.date == date(2018, 1, 25) and s.venue == "Sjöhotellet"
    assert s.facilitators == ["Anna"] and s.pre_assignment.task == "Intervjua en medarbetare"
    assert s.homework == "" and s.next_session is None
    assert [p.id for p in s.participants] == [p.id for p in this.session.participants]
    assert all(p.attendance is Attendance.UNKNOWN for p in s.participants)
    opening = nxt.blocks[0]
    assert opening.kind is BlockKind.RECAP and opening.title == "Återblick på tillfälle 2"
    for line in (
        "Tema: Innovation och lärande",
        "- Lärande före innovation",
        "- ”Nu förstår jag” — Karin Ek",
        "- Vi ses i januari",
    ):
        assert line in opening.notes
    assert [b.title for b in nxt.blocks[1:]] == ["Teori"], (
        "the old recap block gives way to the new one"
    )
    assert all(b.started_at is None for b in nxt.blocks)
    assert [(n.text, n.owner, n.carried_from) for n in nxt.notes] == [
        ("Skicka bilderna", "Anna", date(2017, 11, 30))
    ]
    assert [(p.presenter, p.title, p.state) for p in nxt.presentations] == [
        ("Karin Ek", "Digitalt bibliotek", PresentationState.WAITING),
        ("Jonas Ström", "LSS-boende", PresentationState.WAITING),
    ]

    # Through the command line, given a date and a venue; the new session is like any other.
    result = subprocess.run(
        [sys.executable, "-m", "facilitator", "--store", str(store.root), "next", this_id, "--date", "2018-02-01", "--venue", "Skövde"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    new_id = result.stdout.strip()
    made = store.load(new_id)
    assert (made.session.date, made.session.venue, made.session.occasion) == (
        date(2018, 2, 1),
        "Skövde",
        3,
    )
    assert [s.id for s in store.occasions(store.programme("Innovationsledarskap").id)] == [
        this_id,
        new_id,
    ]
    exported = to_json(made)
    again = from_json(exported, "x.json")
    assert json.loads(to_json(again))["notes"][0]["carried_from"] == "2017-11-30"
    store.create(again)


def test_programme_recap_has_every_occasion_in_order(store: Store) -> None:
    store.create(plan("Tredje", 3, "2018-01-25"))
    store.create(plan("Första", 1, "2017-10-12"))
    second = store.create(plan("Andra", 2, "2017-11-30"))
    store.change_presentations(second, lambda q: presentations.call_next(q, T0))
    add_note(store, second, "Biblioteket når äldreboenden", now=T0)
    course = store.programme("Innovationsledarskap")
    occasions = [store.load(s.id) for s in store.occasions(course.id)]
    for fmt in ("md", "html", "txt"):
        text = render_programme(course, occasions, fmt, "sv", T0)
        first, middle, last = (text.find(title) for title in ("Första", "Andra", "Tredje"))
        assert 0 < first < middle < last, fmt
        assert "Tre tillfällen, från 12 oktober 2017 till 25 januari 2018" in text
        assert "Biblioteket når äldreboenden" in text
    page = render_programme(course, occasions, "html", "sv", T0)
    assert (
        page.startswith("<!doctype html>")
        and page.count("<article>") == 3
        and page.count("<html") == 1
    )


async def test_attendance_round_by_keys(store: Store, demo_id: str) -> None:
    from fakes import FakeClock
    from textual.widgets import DataTable

    from facilitator.app import FacilitatorApp
    from facilitator.recap import render

    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="sv")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "f9")
        await pilot.pause()
        assert app.current_mode == "attendance"
        await press(pilot, "p", "a", "l", "p", "a")  # one key per person, moving on
        people = store.load(demo_id).session.participants
        assert [(p.name, p.attendance) for p in people] == [
            ("Karin Ek", Attendance.PRESENT),
            ("Jonas Ström", Attendance.ABSENT),
            ("Maria Holm", Attendance.LATE),
            ("Ali Hassan", Attendance.PRESENT),
            ("Eva Nord", Attendance.ABSENT),
        ]
        table = app.screen.query_one("#attendance-table", DataTable)
        assert [str(table.get_row_at(i)[3]) for i in range(5)] == [
            "närvarande", "frånvarande", "sen", "närvarande", "frånvarande",
        ]  # fmt: skip
        counts = str(app.screen.query_one("#attendance-counts").render())
        assert counts.startswith("2 närvarande, 1 sen, 2 frånvarande, 0 omarkerade."), counts
        states = [p.state for p in store.load(demo_id).presentations]
        assert states[1] is PresentationState.ABSENT and states[4] is PresentationState.ABSENT

        # The queue passes those who are away by.
        await press(pilot, "f5", "n", "n", "n")
        called = [p.presenter.split()[0] for p in store.load(demo_id).presentations if p.started_at]
        assert called == ["Karin", "Maria", "Ali"]
        assert presentations.up_next(store.load(demo_id).presentations) is None

        # Eva turns up after all: her presentation comes back.
        await press(pilot, "f9")
        await pilot.pause()
        table = app.screen.query_one("#attendance-table", DataTable)
        table.move_cursor(row=4)
        await press(pilot, "l")
        assert store.load(demo_id).presentations[4].state is PresentationState.WAITING

    recap = render(store.load(demo_id), "md", "sv", T0)
    assert "## Deltagare" in recap
    assert (
        "Sammanlagt var fyra deltagare med, från Hemvården, Individ- och familjeomsorgen, Kultur och fritid och Samhällsbyggnad."
        in recap
    )
    assert (
        "- Karin Ek (Kultur och fritid)" in recap
        and "Frånvarande: Jonas Ström (Socialförvaltningen)" in recap
    )


async def test_next_occasion_from_the_app(store: Store, demo_id: str) -> None:
    from fakes import FakeClock
    from textual.widgets import Input

    from facilitator.app import FacilitatorApp

    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="sv")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "ctrl+n")
        await pilot.pause()
        prompt = app.screen.query_one("#prompt-input", Input)
        assert prompt.value == "2018-01-25", "the date planned for the next occasion"
        await press(pilot, "enter")
        await pilot.pause()
        assert app.session_id != demo_id and app.data is not None
        assert app.data.session.occasion == 3 and app.data.session.date == date(2018, 1, 25)
        assert app.data.blocks[0].title == "Återblick på tillfälle 2"


async def test_an_action_marked_done_stays_behind(store: Store, demo_id: str) -> None:
    from fakes import FakeClock

    from facilitator.app import FacilitatorApp

    add_note(store, demo_id, "Boka lokal", kind=NoteKind.ACTION)
    add_note(store, demo_id, "Skicka bilderna", kind=NoteKind.ACTION)
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="en", mode="notes")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "down", "down", "c")  # the older one: "Boka lokal"
    notes = store.load(demo_id).notes
    assert [(n.text, n.done) for n in notes] == [("Boka lokal", True), ("Skicka bilderna", False)]
    assert [n.text for n in next_occasion(store.load(demo_id)).notes] == ["Skicka bilderna"]


def test_programme_and_export_commands(store: Store) -> None:
    store.create(plan("Första", 1, "2017-10-12"))
    store.create(plan("Andra", 2, "2017-11-30"))

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "facilitator", "--store", str(store.root), *args],
            capture_output=True, text=True,
        )  # fmt: skip

    shown = run("programme", "innovation")
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0] == "Innovationsledarskap"
    assert "#1  2017-10-12" in shown.stdout and "#2  2017-11-30" in shown.stdout
    assert "  Karin Ek (Kultur, enhetschef)" in lines
    assert shown.stdout.count("Digitalt bibliotek") == 2
    exported = run("export", "--programme", "Innovationsledarskap", "--format", "txt")
    assert exported.returncode == 0 and exported.stdout.index("Första") < exported.stdout.index(
        "Andra"
    )
    assert run("programme", "nothing").returncode == 1
    assert run("export", "--programme", "x", "--format", "json").returncode == 2


async def test_marking_absent_someone_who_presented_asks_first(store: Store, demo_id: str) -> None:
    from fakes import FakeClock

    from facilitator.app import FacilitatorApp

    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="en", mode="presentations")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "n")  # Karin presents: calling her marks her present
        karin = store.load(demo_id).session.participants[0]
        assert karin.attendance is Attendance.PRESENT
        await press(pilot, "f9", "a")  # the cursor is on Karin
        assert "has presented today" in str(app.screen.query_one("#form-heading").render())
        await press(pilot, "n")  # no: nothing changes
        assert store.load(demo_id).session.participants[0].attendance is Attendance.PRESENT
        await press(pilot, "a", "y")  # yes: as asked
        assert store.load(demo_id).session.participants[0].attendance is Attendance.ABSENT
        # The presentation she gave stays given.
        assert store.load(demo_id).presentations[0].state is PresentationState.PRESENTING


def test_the_next_pre_assignment_block_is_named_for_the_new_task(demo: SessionData) -> None:
    demo.session.homework = "Intervjua en medarbetare om ett nytt arbetssätt"
    nxt = next_occasion(demo)
    reporting = [b for b in nxt.blocks if b.pre_assignment]
    # Titled as a person titles it (issue 38), not with the homework's sentence.
    assert [b.title for b in reporting] == ["Förberedelseuppgiften"]
    assert nxt.session.pre_assignment.task == demo.session.homework
    assert "styrdokumenten" not in reporting[0].title
