"""Plan files: the demo reads, and every kind of mistake gets a message with file and line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from facilitator.errors import PlanError
from facilitator.model import BlockKind
from facilitator.plan import parse_plan, read_plan

GOOD = """\
[programme]
name = "Innovationsledarskap"

[session]
title = "Innovation och lärande"
occasion = 2
date = 2017-11-30
start = "09:00"
facilitators = ["Anna", "Peter"]
language = "sv"
pre_assignment = "Inventera styrdokumenten"
next_session = { date = 2018-01-25, venue = "Knistad" }

[[agenda]]
kind = "recap"
title = "Återblick"
minutes = 20

[[agenda]]
kind = "theory"
title = "Teori"
minutes = 45
notes = \"\"\"
Två rader
privata anteckningar\"\"\"

[[presentations]]
presenter = "Karin"
title = "Digitalt bibliotek"
"""


def test_demo_plan_describes_the_example_day(demo) -> None:
    s = demo.session
    assert (s.occasion, s.language, s.date) == (2, "sv", date(2017, 11, 30))
    assert s.programme is not None and s.next_session is not None
    assert s.pre_assignment.task and s.homework and s.theme
    kinds = {b.kind for b in demo.blocks}
    assert {
        BlockKind.RECAP,
        BlockKind.THEORY,
        BlockKind.DISCUSSION,
        BlockKind.PRESENTATIONS,
    } <= kinds
    assert len(demo.presentations) == 5


def test_good_plan_reads() -> None:
    data = parse_plan(GOOD, "plan.toml")
    assert data.session.programme is not None
    assert data.session.programme.name == "Innovationsledarskap"
    assert data.session.pre_assignment.task == "Inventera styrdokumenten"
    assert data.session.next_session is not None
    assert data.session.next_session.venue == "Knistad"
    assert [b.minutes for b in data.blocks] == [20, 45]
    assert data.blocks[1].notes == "Två rader\nprivata anteckningar"
    assert data.presentations[0].minutes == 5


def _mistake(old: str, new: str) -> str:
    assert old in GOOD
    with pytest.raises(PlanError) as caught:
        parse_plan(GOOD.replace(old, new, 1), "plan.toml")
    return str(caught.value)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("occasion = 2", 'occasion = 2\nroom = "B"', "plan.toml:7: session.room: unknown key"),
        (
            "minutes = 20",
            'minutes = "twenty"',
            "plan.toml:17: [[agenda]] #1 minutes: must be a whole number of minutes, got 'twenty'",
        ),
        (
            'kind = "theory"',
            'kind = "lecture"',
            "plan.toml:20: [[agenda]] #2 kind: unknown kind 'lecture'; expected one of recap, theory",
        ),
        (
            "minutes = 45",
            "minutes = 0",
            "plan.toml:22: [[agenda]] #2 minutes: must be above 0 minutes, got 0",
        ),
        (
            "minutes = 45",
            "minutes = -5",
            "plan.toml:22: [[agenda]] #2 minutes: must be above 0 minutes, got -5",
        ),
        (
            'start = "09:00"',
            'start = "25:99"',
            "plan.toml:8: session.start: must be a time like \"09:00\" (00:00-23:59), got '25:99'",
        ),
        (
            'title = "Innovation och lärande"\n',
            "",
            "plan.toml:4: session.title: is required (a text)",
        ),
        (
            'title = "Innovation och lärande"',
            'title = "  "',
            "plan.toml:5: session.title: must not be empty",
        ),
        (
            'language = "sv"',
            'language = "de"',
            'plan.toml:10: session.language: must be "sv" or "en", got \'de\'',
        ),
        (
            "date = 2017-11-30",
            'date = "30 nov"',
            "plan.toml:7: session.date: must be a date written like 2017-11-30",
        ),
        (
            'facilitators = ["Anna", "Peter"]',
            'facilitators = "Anna"',
            "plan.toml:9: session.facilitators: must be a list of names",
        ),
        (
            'presenter = "Karin"\ntitle = "Digitalt bibliotek"\n',
            'organisation = "Bibliotek"\n',
            "plan.toml:27: [[presentations]] #1 presenter: is required",
        ),
        ('kind = "recap"\n', "", "plan.toml:14: [[agenda]] #1 kind: is required"),
        ("[programme]", '[programme]\nleader = "x"', "plan.toml:2: programme.leader: unknown key"),
        (
            'venue = "Knistad"',
            'venue = "Knistad", hall = 3',
            "plan.toml:12: session.next_session.hall: unknown key",
        ),
        (
            "occasion = 2",
            "occasion = true",
            "plan.toml:6: session.occasion: must be a whole number above 0, got true",
        ),
    ],
)
def test_each_mistake_has_one_clear_message(old: str, new: str, expected: str) -> None:
    message = _mistake(old, new)
    assert expected in message
    assert message.count("\n") == 0, message


def test_several_mistakes_are_all_listed() -> None:
    text = GOOD.replace("minutes = 20", "minutes = 0").replace('kind = "theory"', 'kind = "x"')
    with pytest.raises(PlanError) as caught:
        parse_plan(text, "plan.toml")
    assert len(str(caught.value).splitlines()) == 2


def test_toml_syntax_error_names_line_and_column() -> None:
    message = _mistake("occasion = 2", "occasion = ")
    assert message.startswith("plan.toml:6:12: not valid TOML")


def test_missing_session_table() -> None:
    with pytest.raises(PlanError, match=r"plan.toml: whole file: a \[session\] table"):
        parse_plan('[[agenda]]\nkind = "theory"\ntitle = "x"\nminutes = 5\n', "plan.toml")


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(PlanError, match="cannot read the plan"):
        read_plan(tmp_path / "missing.toml")
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes('[session]\ntitle = "Växjö"\n'.encode("latin-1"))
    with pytest.raises(PlanError, match="not UTF-8"):
        read_plan(latin1)


def test_a_byte_order_mark_is_read_past(tmp_path: Path) -> None:
    plan = tmp_path / "notepad.toml"
    plan.write_bytes(b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    assert read_plan(plan).session.title == "Innovation och lärande"


def test_a_start_of_one_digit_hour_is_read_and_written_as_two() -> None:
    assert parse_plan(GOOD.replace('"09:00"', '"9:00"'), "plan.toml").session.start == "09:00"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('start = "09:00"', 'start = "09:00\\n"', 'plan.toml:8: session.start: must be a time'),
        ("minutes = 20", "minutes = 1000000000000", "plan.toml:17: [[agenda]] #1 minutes: must be at most 1440"),
        ('title = "Digitalt bibliotek"', 'title = "Digitalt bibliotek"\nminutes = 241', "plan.toml:30: [[presentations]] #1 minutes: must be at most 240"),
        ('start = "09:00"', 'start = "09:00"\nwarn_minutes = []', "plan.toml:9: session.warn_minutes: warning times must be a list of 1 to 10"),
        ("date = 2017-11-30", "date = 9999-11-30", "plan.toml:7: session.date: dates must be from the years 1900 to 2200"),
        ('title = "Teori"', 'title = "' + "T" * 1001 + '"', "plan.toml:21: [[agenda]] #2 title: may be at most 1,000 characters"),
    ],
)  # fmt: skip
def test_values_the_store_could_not_keep_are_refused_at_their_line(
    old: str, new: str, expected: str
) -> None:
    assert expected in _mistake(old, new)


def test_refusals_come_in_the_order_of_the_file() -> None:
    bad = GOOD.replace("minutes = 45", "minutes = 0").replace('start = "09:00"', 'start = "x"')
    bad = bad.replace("minutes = 20", "minutes = -1")
    with pytest.raises(PlanError) as caught:
        parse_plan(bad, "plan.toml")
    lines = [int(m.split(":")[1]) for m in str(caught.value).splitlines()]
    assert lines == sorted(lines) and len(lines) == 3


def test_a_plan_nested_too_deeply_is_refused_in_words() -> None:
    deep = "[session]\ntitle = 'x'\nv = " + "[" * 1000 + "]" * 1000 + "\n"
    with pytest.raises(PlanError, match="plan.toml: "):
        parse_plan(deep, "plan.toml")


def test_the_same_block_or_presenter_twice_is_warned_about_not_refused() -> None:
    twice = (
        GOOD.replace('title = "Teori"', 'title = "återblick"')
        + '\n[[presentations]]\npresenter = "karin"\n'
    )
    warnings: list[str] = []
    data = parse_plan(twice, "plan.toml", warnings)
    assert len(data.blocks) == 2 and len(data.presentations) == 2
    assert warnings == [
        "plan.toml:21: [[agenda]] #2 title: the same title as [[agenda]] #1; two blocks, or one twice?",
        "plan.toml:32: [[presentations]] #2 presenter: presents already as [[presentations]] #1",
    ]


def test_the_facts_an_article_needs() -> None:
    extra = GOOD.replace(
        'name = "Innovationsledarskap"',
        'name = "Innovationsledarskap"\naudience = "enhetschefer från Skaraborgs kommuner"\n'
        'contact = ["Skaraborgs Kommunalförbund", "Box 54", "541 22 Skövde"]',
    ).replace(
        'facilitators = ["Anna", "Peter"]',
        'facilitators = ["Anna", "Peter"]\nfacilitator_organisation = "Linköpings universitet"',
    )
    extra += '\n[[presentations]]\ntitle = "Bygglovsprocessen"\nsummary = "Enklare, digitalt."\n'
    data = parse_plan(extra, "plan.toml")
    assert data.session.programme is not None
    assert data.session.programme.audience == "enhetschefer från Skaraborgs kommuner"
    assert data.session.programme.contact == [
        "Skaraborgs Kommunalförbund",
        "Box 54",
        "541 22 Skövde",
    ]
    assert data.session.facilitator_organisation == "Linköpings universitet"
    anonymous = data.presentations[-1]
    assert (anonymous.presenter, anonymous.title, anonymous.participant_id) == (
        "",
        "Bygglovsprocessen",
        None,
    )
    from facilitator.records import session_from_record, session_to_record

    assert session_from_record(session_to_record(data.session)) == data.session


@pytest.mark.parametrize(
    ("hour", "minute", "start"),
    [(8, 0, "08:15"), (13, 7, "13:15"), (13, 14, "13:15"), (16, 45, "17:00"), (23, 50, "23:50")],
)
def test_the_demo_is_todays_day_and_on_time(hour: int, minute: int, start: str) -> None:
    from datetime import UTC, datetime

    from facilitator.plan import demo_today
    from facilitator.timing import schedule

    now = datetime(2026, 11, 27, hour, minute, tzinfo=UTC)  # the tests show local time as UTC
    data = demo_today(now)
    assert data.session.start == start
    assert data.session.date == now.date()
    plan = schedule(data.session.start, data.blocks, now)
    assert plan.late_block is None and plan.projected_end == plan.planned_end, "not late"


def test_the_demos_next_occasion_keeps_its_distance_from_today() -> None:
    """Moved to today, the demo day must not announce a next occasion years before it."""
    from datetime import UTC, datetime

    from facilitator.plan import demo_today, load_demo

    planned = load_demo().session
    assert planned.date and planned.next_session and planned.next_session.date
    gap = planned.next_session.date - planned.date
    data = demo_today(datetime(2026, 11, 27, 9, 0, tzinfo=UTC))
    assert data.session.next_session is not None
    assert data.session.next_session.date == data.session.date + gap


def test_the_demos_next_occasion_is_at_the_plans_hours_whatever_hour_the_demo_opens() -> None:
    """The demo runs from the next quarter hour; its next occasion (in the .ics too) at the plan's own."""
    from datetime import UTC, datetime

    from facilitator.plan import demo_today, load_demo

    hours = load_demo().session.start
    data = demo_today(datetime(2026, 11, 27, 20, 5, tzinfo=UTC))
    assert data.session.start == "20:15"
    assert data.session.next_session is not None and data.session.next_session.start == hours


def test_a_day_run_as_today_takes_its_next_occasion_along() -> None:
    """ctrl+d on a day dated another day: its next occasion (the .ics, the mail) moves with it."""
    from datetime import UTC, date, datetime

    from facilitator.plan import load_demo, run_as_today

    session = load_demo().session
    assert session.date and session.next_session and session.next_session.date
    gap, hours = session.next_session.date - session.date, session.start
    run_as_today(session, datetime(2026, 12, 6, 20, 40, tzinfo=UTC))
    assert session.date == date(2026, 12, 6) and session.start == "20:45"
    assert session.next_session.date == session.date + gap
    assert session.next_session.start == hours
