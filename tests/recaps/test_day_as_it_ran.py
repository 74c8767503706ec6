"""The day as it ran: a block that ends takes its presenter's slot with it; a plan from another day; small surprises."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from conftest import press
from fakes import T0, FakeClock, said_by, screen_text
from textual.widgets import Input

from facilitator import agenda, presentations
from facilitator.app import FacilitatorApp
from facilitator.model import BlockKind, BlockState, PresentationState
from facilitator.store import Store


def _to_presentations(store: Store, session_id: str, clock: FakeClock) -> None:
    """Every block before the round of projects done; the round started; one presenter called."""

    def run_up_to_the_round(blocks):  # type: ignore[no-untyped-def]
        for block in blocks:
            if block.kind is BlockKind.PRESENTATIONS:
                agenda.start(blocks, block.id, clock())
                return
            agenda.start(blocks, block.id, clock() - timedelta(minutes=5))
            agenda.finish(blocks, block.id, clock() - timedelta(minutes=1))

    store.change_blocks(session_id, run_up_to_the_round)
    store.change_presentations(session_id, lambda q: presentations.call_next(q, clock()))


@pytest.mark.parametrize("how", ["f", "next block"])
async def test_a_block_that_ends_ends_its_presenters_slot(
    store: Store, demo_id: str, how: str
) -> None:
    clock = FakeClock()
    _to_presentations(store, demo_id, clock)
    app = FacilitatorApp(store, demo_id, clock=clock, language="sv")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        clock.advance(minutes=3)
        round_id = agenda.running(app.data.blocks).id  # type: ignore[union-attr]
        if how == "f":
            await press(pilot, "f")
        else:  # the trainer starts the next block (Fika) instead
            fika = next(b for b in app.data.blocks if b.title == "Fika")  # type: ignore[union-attr]
            app.screen.select(fika.id)
            await press(pilot, "space")
        saved = Store(store.root).load(demo_id)
        karin = saved.presentations[0]
        assert karin.state is PresentationState.DONE, "her slot ended with the block"
        ended = next(b for b in saved.blocks if b.id == round_id)
        assert ended.state is BlockState.DONE
        assert karin.finished_at == ended.finished_at == clock()
        assert karin.finished_at - karin.started_at == timedelta(minutes=3), "the time she took"
        assert presentations.current(saved.presentations) is None

        # The queue shows no one presenting …
        await press(pilot, "f5")
        await pilot.pause()
        assert "presenterar" not in screen_text(app).split("Nästa")[0]
        # … the room view says what runs now …
        await press(pilot, "f4")
        await pilot.pause()
        room = screen_text(app)
        assert "Nu:" not in room and "talare 1 av" not in room
        # … and a note typed now links to the running block only.
        await press(pilot, "f6")
        app.screen.query_one("#notes-capture", Input).value = "Kaffet är slut"
        await press(pilot, "enter")
    note = next(n for n in Store(store.root).load(demo_id).notes if n.text == "Kaffet är slut")
    assert note.presentation_id is None
    running = agenda.running(Store(store.root).load(demo_id).blocks)
    assert note.block_id == (running.id if running else None)


def test_pausing_the_round_keeps_the_presenter_on_stage(store: Store, demo_id: str) -> None:
    clock = FakeClock()
    _to_presentations(store, demo_id, clock)
    block = agenda.running(store.load(demo_id).blocks)
    assert block is not None
    store.change_blocks(demo_id, lambda blocks: agenda.toggle(blocks, block.id, clock()))
    assert presentations.current(store.load(demo_id).presentations) is not None


# --- a plan from another day ------------------------------------------------------------


def _dated(store: Store, session_id: str, day) -> None:  # type: ignore[no-untyped-def]
    store.change_session(session_id, lambda s: setattr(s, "date", day))


async def test_a_day_from_another_date_says_so_once_and_claims_no_lateness(
    store: Store, demo_id: str
) -> None:
    clock = FakeClock(T0.replace(year=2026, hour=14))  # the 2017 day opened in 2026, at 14:00
    app = FacilitatorApp(store, demo_id, clock=clock, language="en")
    said = said_by(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        clock.advance(seconds=2)
        app.watch_time()
        app.screen.tick()
        await pilot.pause()
        text = screen_text(app)
        assert [m for m in said if "30 November 2017" in m] == [
            "This day is dated 30 November 2017, not today: its agenda is shown as planned, "
            "with no lateness. ctrl+d runs it as today, from 14:15."
        ]
        assert "Reminder" not in " ".join(said), said
        assert "min late" not in text and "+" not in text.split("\n")[1], text[:300]
        app.reload()  # another save read: not said again
        assert len([m for m in said if "30 November 2017" in m]) == 1

        await press(pilot, "ctrl+d")
        saved = Store(store.root).load(demo_id).session
        assert saved.date == clock().date() and saved.start == "14:15"
        assert any("runs as today, from 14:15" in m for m in said)
        await press(pilot, "ctrl+d")  # once more: it is today's now, and stays as it is
        assert any("its times stay as they are" in m for m in said)
        assert Store(store.root).load(demo_id).session.start == "14:15"


async def test_a_day_dated_today_still_reminds_of_a_late_start(store: Store, demo_id: str) -> None:
    clock = FakeClock(T0 + timedelta(minutes=20))  # the day's own date, 20 minutes past its start
    app = FacilitatorApp(store, demo_id, clock=clock, language="en")
    said = said_by(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.watch_time()
        assert any("was due to start at 09:00" in m for m in said)
        assert not any("not today" in m for m in said)


async def test_starting_the_late_block_brings_no_reminder_of_it(store: Store, demo_id: str) -> None:
    """The reminder must not pop up at the moment the trainer starts that very block."""
    import time

    clock = FakeClock(T0 + timedelta(minutes=20))
    app = FacilitatorApp(store, demo_id, clock=clock, language="en")
    said = said_by(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        said.clear()
        app.time_watch.forget()
        # The disk is slow: the start is asked for, and the second ticks over before it is saved.
        app.services.desk.writer.submit(lambda: time.sleep(0.3), lambda result, error: None)
        app.screen.action_start_pause()
        app.watch_time()
        await pilot.pause(0.6)
        app.watch_time()
    assert not any("was due to start" in m for m in said), said
    assert agenda.running(Store(store.root).load(demo_id).blocks) is not None


# --- ctrl+t shows the kind it chose -------------------------------------------------------


async def test_ctrl_t_shows_the_kind_on_the_capture_line(store: Store, demo_id: str) -> None:
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="en", mode="notes")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        line = app.screen.query_one("#notes-capture", Input)
        assert not line.border_title
        await press(pilot, "ctrl+t")
        assert line.border_title == "ctrl+t: quote"
        await press(pilot, "ctrl+t", "ctrl+t", "ctrl+t", "ctrl+t")  # round to a point again
        assert not line.border_title


def test_demo_and_run_as_today_agree(store: Store) -> None:
    from facilitator.model import Session
    from facilitator.plan import demo_today, run_as_today

    now = T0.replace(hour=13, minute=7)
    session = replace(Session(title="x"))
    run_as_today(session, now)
    assert (session.date, session.start) == (now.date(), "13:15")
    demo = demo_today(now).session
    assert (demo.date, demo.start) == (session.date, session.start)


# --- the command line: a format by its file's name, kinds in both languages ------------------


@pytest.mark.parametrize(
    ("name", "starts"),
    [("recap.html", "<!doctype html>"), ("recap.md", "# "), ("recap.json", "{"), ("r.txt", "")],
)
def test_export_writes_the_format_its_file_is_named_for(
    store: Store, demo_id: str, tmp_path, name: str, starts: str
) -> None:  # type: ignore[no-untyped-def]
    from facilitator.cli import main

    out = tmp_path / name
    assert main(["--store", str(store.root), "export", demo_id, "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith(starts)
    if name.endswith(".txt"):
        assert not text.startswith(("#", "<", "{"))


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (
            ["-o", "recap.rtf"],
            ".rtf is no format facilitator writes; name the file .md, .html, .txt, .json, .docx, .eml or .ics",
        ),
        (["-o", "recap.html", "--format", "md"], "--format md does not match recap.html"),
    ],
)
def test_export_refuses_a_file_name_that_names_no_format_or_another(
    store: Store, demo_id: str, tmp_path, capsys, argv: list[str], says: str
) -> None:  # type: ignore[no-untyped-def]
    from facilitator.cli import main

    argv = [str(tmp_path / a) if a.startswith("recap.") else a for a in argv]
    assert main(["--store", str(store.root), "export", demo_id, *argv]) == 2
    assert says in capsys.readouterr().err
    assert list(tmp_path.glob("recap.*")) == []


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("teori", BlockKind.THEORY),
        ("Återblick", BlockKind.RECAP),
        ("paus", BlockKind.BREAK),
        ("discussion", BlockKind.DISCUSSION),
        ("avslutning", BlockKind.WRAPUP),
    ],
)
def test_a_plan_names_its_kinds_in_either_language(kind: str, expected: BlockKind) -> None:
    from facilitator.plan import parse_plan

    data = parse_plan(
        f'[session]\ntitle = "x"\n\n[[agenda]]\nkind = "{kind}"\ntitle = "A"\nminutes = 5\n'
    )
    assert data.blocks[0].kind is expected


def test_an_unknown_kind_lists_the_names_in_both_languages() -> None:
    from facilitator.errors import PlanError
    from facilitator.plan import parse_plan

    with pytest.raises(PlanError) as caught:
        parse_plan(
            '[session]\ntitle = "x"\n\n[[agenda]]\nkind = "föreläsning"\ntitle = "A"\nminutes = 5\n'
        )
    assert "theory" in str(caught.value) and "teori" in str(caught.value)


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_a_folder_that_never_existed_is_said_not_to_exist(
    store: Store, demo_id: str, tmp_path, capsys, monkeypatch, lang: str
) -> None:  # type: ignore[no-untyped-def]
    from facilitator.cli import main

    monkeypatch.setenv("LANG", "sv_SE.UTF-8" if lang == "sv" else "en_GB.UTF-8")
    monkeypatch.setenv("LC_ALL", "sv_SE.UTF-8" if lang == "sv" else "en_GB.UTF-8")
    out = tmp_path / "no-such-folder" / "recap.md"
    assert main(["--store", str(store.root), "export", demo_id, "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "does not exist" in err or "finns inte" in err
    assert "gone" not in err and "längre" not in err
