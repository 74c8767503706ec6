"""Every refusal of the agenda and the queue, word for word: what was refused, and which one.

A refusal is all the trainer sees when a key does nothing, so its words are
part of the behaviour: each names the block or the presenter, or the value
that was wrong, in English and in Swedish.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fakes import T0

from facilitator import agenda, presentations
from facilitator.errors import InputError
from facilitator.model import (
    Attendance,
    Block,
    BlockKind,
    Participant,
    Presentation,
    PresentationState,
)


def _blocks() -> list[Block]:
    done = Block(BlockKind.RECAP, "Återblick", 20, started_at=T0, finished_at=T0)
    running = Block(BlockKind.THEORY, "Innovation som lärprocess", 60, started_at=T0)
    planned = Block(BlockKind.BREAK, "Fika", 20)
    return [done, running, planned]


def _queue() -> list[Presentation]:
    return [
        Presentation("Karin Ek", state=PresentationState.DONE),
        Presentation("Jonas Ström", state=PresentationState.PRESENTING, started_at=T0),
        Presentation("Maria Holm", state=PresentationState.ABSENT),
    ]


def sv(number: int) -> str:
    """A number as Swedes write it: a no-break space between the thousands (5 000)."""
    return f"{number:,}".replace(",", "\u00a0")


B = _blocks
Q = _queue

REFUSALS: dict[str, tuple[Callable[[], object], str, str]] = {
    "start a finished block": (
        lambda: agenda.start(b := B(), b[0].id, T0),
        "“Återblick” is done already",
        "”Återblick” är redan klart",
    ),
    "extend a finished block": (
        lambda: agenda.adjust(b := B(), b[0].id, 60),
        "“Återblick” has ended; its time can no longer change",
        "”Återblick” är över; dess tid kan inte längre ändras",
    ),
    "finish a block not started": (
        lambda: agenda.finish(b := B(), b[2].id, T0),
        "“Fika” is not running",
        "”Fika” pågår inte",
    ),
    "skip a running block": (
        lambda: agenda.skip(b := B(), b[1].id),
        "“Innovation som lärprocess” has run already; finish it instead of skipping",
        "”Innovation som lärprocess” har redan pågått; avsluta det i stället för att hoppa över",
    ),
    "remove a running block": (
        lambda: agenda.remove(b := B(), b[1].id),
        "“Innovation som lärprocess” is running; finish it before removing it",
        "”Innovation som lärprocess” pågår; avsluta det innan det tas bort",
    ),
    "a block removed meanwhile": (
        lambda: agenda.toggle(B(), "gone", T0),
        "that block is no longer on the agenda",
        "passet finns inte längre på agendan",
    ),
    "an unknown kind": (
        lambda: agenda.check_block_fields("lecture", "Pass", 10),
        "kind must be one of recap, theory, discussion, presentations, break, exercise, "
        "info, wrapup, not “lecture”",
        "typen måste vara en av recap, theory, discussion, presentations, break, exercise, "
        "info, wrapup, inte ”lecture”",
    ),
    "a title of spaces": (
        lambda: agenda.check_block_fields("theory", "   ", 10),
        "the block needs a title",
        "passet behöver en titel",
    ),
    "a title too long": (
        lambda: agenda.check_block_fields("theory", "x" * (agenda.MAX_TITLE + 1), 10),
        f"a title can have at most {agenda.MAX_TITLE:,} characters",
        f"en titel kan ha högst {sv(agenda.MAX_TITLE)} tecken",  # Swedes write 1 000
    ),
    "minutes in words": (
        lambda: agenda.check_block_fields("theory", "Pass", "tio"),
        "minutes must be a whole number, not “tio”",
        "minuter ska vara ett heltal, inte ”tio”",
    ),
    "minutes out of range": (
        lambda: agenda.check_block_fields("theory", "Pass", 0),
        f"minutes must be between 1 and {agenda.MAX_MINUTES}, not 0",
        f"minuter ska vara mellan 1 och {agenda.MAX_MINUTES}, inte 0",
    ),
    "warnings in words": (
        lambda: agenda.parse_warn_minutes("fem"),
        "warnings are whole minutes separated by commas, like 5, 1 — not “fem”",
        "varningar skrivs i hela minuter med komma emellan, till exempel 5, 1 — inte ”fem”",
    ),
    "warnings out of range": (
        lambda: agenda.parse_warn_minutes("5, 0"),
        f"warnings are minutes between 1 and {agenda.MAX_MINUTES}, like 5, 1",
        f"varningar är minuter mellan 1 och {agenda.MAX_MINUTES}, till exempel 5, 1",
    ),
    "a presentation removed meanwhile": (
        lambda: presentations.skip(Q(), "gone"),
        "that presentation is no longer in the queue",
        "presentationen finns inte längre i kön",
    ),
    "finish with nobody on stage": (
        lambda: presentations.finish([Presentation("Karin Ek")], T0),
        "nobody is presenting",
        "ingen presenterar",
    ),
    "next with nobody waiting": (
        lambda: presentations.call_next(Q(), T0),
        "nobody is waiting; bring back a skipped or absent presenter first",
        "ingen väntar; ta först tillbaka en överhoppad eller frånvarande talare",
    ),
    "skip one who is done": (
        lambda: presentations.skip(q := Q(), q[0].id),
        "Karin Ek is done; only a waiting or presenting one can be skipped",
        "Karin Ek: klar; bara den som väntar eller presenterar kan hoppas över",
    ),
    "absent one on stage": (
        lambda: presentations.absent(q := Q(), q[1].id),
        "Jonas Ström is presenting; only a waiting or skipped one can be marked absent",
        "Jonas Ström: presenterar; bara den som väntar eller hoppats över kan markeras frånvarande",
    ),
    "bring back one who is done": (
        lambda: presentations.bring_back(q := Q(), q[0].id),
        "Karin Ek is done, not skipped or absent",
        "Karin Ek: klar, inte överhoppad eller frånvarande",
    ),
    "remove the one on stage": (
        lambda: presentations.remove(q := Q(), q[1].id),
        "Jonas Ström is presenting; finish first",
        "Jonas Ström presenterar; avsluta först",
    ),
    "no presenter's name": (
        lambda: presentations.check_fields(" ", "", "", "", 5),
        "the presenter's name is needed",
        "talarens namn behövs",
    ),
    "an organisation too long": (
        lambda: presentations.check_fields("Karin", "o" * 1201, "", "", 5),
        f"Organisation can have at most {presentations.MAX_NAME:,} characters; this one has 1,201",
        f"Organisation kan ha högst {sv(presentations.MAX_NAME)} tecken; här finns 1\u00a0201",
    ),
    "a summary too long": (
        lambda: presentations.check_fields(
            "Karin", "", "", "s" * (presentations.MAX_SUMMARY + 1), 5
        ),
        f"Summary can have at most {presentations.MAX_SUMMARY:,} characters; "
        f"this one has {presentations.MAX_SUMMARY + 1:,}",
        f"Sammanfattning kan ha högst {sv(presentations.MAX_SUMMARY)} tecken; "
        f"här finns {sv(presentations.MAX_SUMMARY + 1)}",
    ),
    "slot minutes in words": (
        lambda: presentations.check_fields("Karin", "", "", "", "fem"),
        "slot minutes must be a whole number, not “fem”",
        "minuterna ska vara ett heltal, inte ”fem”",
    ),
    "slot minutes out of range": (
        lambda: presentations.check_fields("Karin", "", "", "", presentations.MAX_MINUTES + 1),
        f"slot minutes must be between 1 and {presentations.MAX_MINUTES}, not {presentations.MAX_MINUTES + 1}",
        f"minuterna ska vara mellan 1 och {presentations.MAX_MINUTES}, inte {presentations.MAX_MINUTES + 1}",
    ),
    "attendance of one gone": (
        lambda: presentations.mark_attendance(
            [Participant("Karin Ek")], Q(), "gone", Attendance.PRESENT
        ),
        "that participant is no longer on the list",
        "deltagaren finns inte längre på listan",
    ),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_each_refusal_says_what_and_which(case: str) -> None:
    call, english, swedish = REFUSALS[case]
    with pytest.raises(InputError) as caught:
        call()
    assert str(caught.value) == english
    assert caught.value.localized("en") == english
    assert caught.value.localized("sv") == swedish


def test_a_refused_change_leaves_the_agenda_and_queue_as_they_were() -> None:
    blocks, people = _blocks(), _queue()
    before = ([vars(b).copy() for b in blocks], [vars(p).copy() for p in people])
    for call in (
        lambda: agenda.start(blocks, blocks[0].id, T0),
        lambda: agenda.adjust(blocks, blocks[0].id, 60),
        lambda: agenda.skip(blocks, blocks[1].id),
        lambda: agenda.remove(blocks, blocks[1].id),
        lambda: presentations.skip(people, people[0].id),
        lambda: presentations.absent(people, people[1].id),
        lambda: presentations.remove(people, people[1].id),
    ):
        with pytest.raises(InputError):
            call()
    assert ([vars(b) for b in blocks], [vars(p) for p in people]) == before
