"""The recap of a session as plain data, in one language, with its sentences written out.

Everything comes from the session: what was planned, what ran, and what was
noted. Sections with nothing in them are left out (their lists are empty and
the templates skip them).
"""

# Without `from __future__ import annotations`, on purpose: with it, each
# NamedTuple field's annotation is text that typing compiles anew at every
# import, about 1 ms for the recap's classes on every export.
from collections.abc import Callable
from datetime import datetime
from typing import NamedTuple

from ..attendance import attendance_of
from ..i18n import long_date, t
from ..model import (
    PLAIN,
    Attendance,
    Block,
    BlockKind,
    BlockState,
    Note,
    NoteKind,
    Participant,
    Presentation,
    PresentationState,
    RecapOptions,
    SessionData,
    day_state,
    in_recap,
)
from ..timing import clock_text, ran_minutes, schedule, slot_elapsed, whole_minutes
from .sentences import (
    ended,
    held,
    intro,
    join_names,
    next_session_sentence,
    number,
    presentations_lead,
    subtitle,
    verb_phrase,
)
from .sentences import ordinal as ordinal  # where the tests have always found it


def round_answers(data: SessionData, round_id: str) -> list[Note]:
    """The answers to a round that the trainer kept, in the order they came."""
    return sorted(
        (n for n in data.notes if n.round_id == round_id and in_recap(n)),
        key=lambda n: n.created_at,
    )


def room_text(note: Note, lang: str, room_names: bool, text: str | None = None) -> str:
    """A note's text (or ``text``), with the name its sender in the room gave, if the trainer shows them.

    The room's page lets a participant give a name (kept as the note's speaker);
    the recap names no one from the room unless the setting ``room_names`` is on.
    """
    said = note.text if text is None else text
    if not (room_names and note.room is not None and note.speaker):
        return said
    return t("recap.room_name", lang, text=said, name=" ".join(note.speaker.split()))


class RecapNote(NamedTuple):
    text: str
    kind: str  # the kind's label in the recap's language
    speaker: str = ""
    owner: str = ""
    pinned: bool = False
    time: str = ""
    where: str = ""  # the block and presenter it belongs to
    group: str = ""  # the group it was written for in a group discussion


class AgendaRow(NamedTuple):
    title: str
    kind: str
    planned_start: str
    planned_minutes: int
    actual_start: str  # empty for a block that did not run
    actual_minutes: str
    state: str
    skipped: bool


class PresentationItem(NamedTuple):
    presenter: str
    organisation: str
    title: str
    summary: str
    state: str
    spoke: str
    notes: list[RecapNote]
    outcome: str = ""  # what happened, in words: "presented (4:30)", "not reached", "absent"…


class GroupPoints(NamedTuple):
    name: str
    notes: list[RecapNote]


class BlockPoints(NamedTuple):
    """A block's points: all of them (``notes``), and the same split into the room's and each group's."""

    title: str
    kind: str
    notes: list[RecapNote]
    room: list[RecapNote]  # written for the whole room
    groups: list[GroupPoints]  # in the order first written


class RoundPoints(NamedTuple):
    """A round put to the room: its question, its block, and the answers the trainer kept."""

    prompt: str
    block: str
    answers: list[RecapNote]


class Recap(NamedTuple):
    """The recap as plain data: every field is given by ``build``, and its lists filled there.

    A NamedTuple, like its parts, not a dataclass: a dataclass of thirty
    fields costs more to define (1.5 ms, at every import) than an export of a
    thousand notes spends writing its Markdown.
    """

    lang: str
    title: str
    subtitle: str
    intro: str
    date: str
    venue: str
    facilitators: str
    purpose: str
    labels: dict[str, str]
    leads: dict[str, str]
    agenda: list[AgendaRow]
    # Each participant in exactly one of these, as "Name (Organisation)".
    attended: list[str]  # present
    late: list[str]
    absent: list[str]
    unmarked: list[str]  # attendance not taken for them
    day: str  # planned (not held yet: an invitation), unheld, running or done
    pre_assignment_task: str
    pre_assignment_result: str
    pre_assignment_notes: list[RecapNote]
    presentations: list[PresentationItem]
    key_points: list[BlockPoints]
    rounds: list[RoundPoints]
    quotes: list[RecapNote]
    decisions: list[RecapNote]
    actions: list[RecapNote]
    questions: list[RecapNote]
    information: list[RecapNote]
    other_points: list[RecapNote]
    homework: str
    next_session: str

    @property
    def has_pre_assignment(self) -> bool:
        return bool(
            self.pre_assignment_task or self.pre_assignment_result or self.pre_assignment_notes
        )


LABELS = (
    "rounds", "agenda", "attendance", "absent", "late", "unmarked", "pre_assignment", "presentations", "key_points", "quotes", "decisions",
    "actions", "questions", "information", "other_points", "homework", "next_session",
    "planned", "ran", "start", "minutes", "block", "kind", "state", "spoke", "date",
    "venue", "facilitators", "purpose", "task", "result", "owner", "skipped",
)  # fmt: skip


def build(data: SessionData, lang: str, now: datetime, options: RecapOptions = PLAIN) -> Recap:
    """The recap of ``data`` in ``lang`` ("sv" or "en"), as of ``now`` (for a day still running).

    ``options``: what the trainer's settings add (the names the room's senders gave).
    """
    s = data.session
    day = day_of(data, now)
    attended, late, absent, unmarked = _attendance(data)
    next_session = ""
    if s.next_session and (s.next_session.date or s.next_session.venue):
        when = s.next_session.date
        past = when is not None and when < now.astimezone().date()
        next_session = next_session_sentence(when, s.next_session.venue, lang, past)
    recap = Recap(
        lang=lang,
        title=s.title,
        subtitle=subtitle(data, lang),
        intro=intro(data, lang, day),
        date=long_date(s.date, lang) if s.date else "",
        venue=s.venue,
        facilitators=join_names(s.facilitators, lang),
        purpose=s.programme.purpose if s.programme else "",
        labels={key: t(f"recap.label.{key}", lang) for key in LABELS},
        leads={},  # below, once the sections they lead are filled
        agenda=_agenda(data, lang, now, day),
        attended=attended,
        late=late,
        absent=absent,
        unmarked=unmarked,
        day=day,
        pre_assignment_task=s.pre_assignment.task,
        pre_assignment_result=s.pre_assignment.result,
        pre_assignment_notes=[],
        presentations=[],
        key_points=[],
        rounds=[],
        quotes=[],
        decisions=[],
        actions=[],
        questions=[],
        information=[],
        other_points=[],
        homework=s.homework,
        next_session=next_session,
    )
    _sort_notes(recap, data, lang, now, options.room_names)
    recap.leads.update(_leads(recap, lang, data.presentations))
    return recap


def _attendance(data: SessionData) -> tuple[list[str], list[str], list[str], list[str]]:
    """Each participant in one list: present, late, absent, or not marked."""
    s = data.session
    seen = attendance_of(data)
    attended = [_who(p) for p in s.participants if seen[p.id] is Attendance.PRESENT]
    late = [_who(p) for p in s.participants if seen[p.id] is Attendance.LATE]
    absent = [_who(p) for p in s.participants if seen[p.id] is Attendance.ABSENT]
    unmarked = [_who(p) for p in s.participants if seen[p.id] is Attendance.UNKNOWN]
    if not (attended or late or absent):
        unmarked = []  # attendance was not taken: nothing to say of anyone
    return attended, late, absent, unmarked


def _sort_notes(
    recap: Recap, data: SessionData, lang: str, now: datetime, room_names: bool = False
) -> None:
    """Every note the recap holds in its section: by kind, presenter, block, or else other points."""
    blocks = {b.id: b for b in data.blocks}
    people = {p.id: p for p in data.presentations}

    kinds = {kind: t(f"note.{kind.value}", lang) for kind in NoteKind}  # once, not a note
    clocks: dict[int, str] = {}  # a minute's local time, worked out once for all its notes

    def clock(moment: datetime) -> str:
        # Zones differ from UTC by whole minutes: one UTC minute is one local minute.
        minute = int(moment.timestamp()) // 60
        said = clocks.get(minute)
        if said is None:
            said = clocks[minute] = moment.astimezone().strftime("%H:%M")
        return said

    def item(note: Note) -> RecapNote:
        return _note(note, blocks, people, lang, kinds, clock, room_names)

    recap.rounds.extend(
        RoundPoints(r.prompt, blocks[r.block_id].title if r.block_id in blocks else "", answers)
        for r, answers in (
            (r, [item(n) for n in round_answers(data, r.id)]) for r in data.session.rounds
        )
        if answers
    )
    # What the room sent is in the recap once the trainer kept it; a round's answers under it.
    notes = sorted(
        (n for n in data.notes if in_recap(n) and n.round_id is None),
        key=lambda n: (not n.pinned, n.created_at),
    )
    by_kind = {
        NoteKind.QUOTE: recap.quotes,
        NoteKind.DECISION: recap.decisions,
        NoteKind.ACTION: recap.actions,
        NoteKind.QUESTION: recap.questions,
    }
    by_presentation: dict[str, list[RecapNote]] = {}
    by_block: dict[str, list[RecapNote]] = {}
    for note in notes:
        said = item(note)
        if note.kind is NoteKind.DECISION and note.group:
            # A decision taken at one table is that group's, not the whole course's.
            said = said._replace(text=f"{note.group}: {said.text}")
        if note.kind in by_kind:
            by_kind[note.kind].append(said)
        elif note.presentation_id in people:
            by_presentation.setdefault(note.presentation_id or "", []).append(said)
        else:
            _file_point(recap, blocks, by_block, note.block_id, said)
    for p in data.presentations:  # every project, each with what happened to it
        recap.presentations.append(
            _presentation(p, by_presentation.get(p.id, []), lang, now, recap.day)
        )
    for block in data.blocks:
        if by_block.get(block.id):
            recap.key_points.append(
                _block_points(block.title, t(f"kind.{block.kind.value}", lang), by_block[block.id])
            )


def _file_point(
    recap: Recap,
    blocks: dict[str, Block],
    by_block: dict[str, list[RecapNote]],
    block_id: str | None,
    said: RecapNote,
) -> None:
    """A point where its block puts it: the pre-assignment, information, its block, or other."""
    block = blocks.get(block_id or "")
    if block is None:
        recap.other_points.append(said)
    elif block.pre_assignment:
        recap.pre_assignment_notes.append(said)
    elif block.kind is BlockKind.INFO:
        recap.information.append(said)
    else:
        by_block.setdefault(block.id, []).append(said)


def _block_points(title: str, kind: str, notes: list[RecapNote]) -> BlockPoints:
    groups: dict[str, list[RecapNote]] = {}
    for note in notes:
        if note.group:
            groups.setdefault(note.group, []).append(note)
    return BlockPoints(
        title,
        kind,
        notes,
        room=[n for n in notes if not n.group],
        groups=[GroupPoints(name, written) for name, written in groups.items()],
    )


def day_of(data: SessionData, now: datetime) -> str:
    """Where the day stands for the recap's tense: planned, unheld, running or done.

    Planned until a block starts (an invitation, in the future tense); unheld
    if nothing was recorded and its date has passed (the plan, in the past). Done when
    every block is done or skipped, or when nothing runs and the day's planned
    end has passed (blocks nobody started do not keep a day open), or once its
    date has passed.
    """
    blocks = data.blocks
    state = day_state(blocks, has_notes=bool(data.notes))
    day = data.session.date
    if state == "planned" and day is not None and day < now.astimezone().date():
        # Its date has passed and nothing was recorded: neither an invitation
        # nor a day that happened, but the plan of one.
        return "unheld"
    if state != "running":
        return state
    running = any(b.state in (BlockState.RUNNING, BlockState.PAUSED) for b in blocks)
    over = bool(blocks) and now >= schedule(data.session.start, blocks, now).planned_end
    if (over and not running) or (day is not None and day < now.astimezone().date()):
        return "done"
    return "running"


def _who(person: Participant) -> str:
    return f"{person.name} ({person.organisation})" if person.organisation else person.name


def _agenda(data: SessionData, lang: str, now: datetime, day: str = "running") -> list[AgendaRow]:
    plan = schedule(data.session.start, data.blocks, now)
    rows = []
    for slot in plan.slots:
        block: Block = slot.block
        ran = block.started_at is not None
        minutes = str(ran_minutes(block, now)) if ran else ""
        state = t(f"state.{block.state.value}", lang)
        if day == "done" and block.state in (BlockState.RUNNING, BlockState.PAUSED):
            # Left on the clock when the day ended: when it really ended is not
            # known, so the recap neither says it runs nor counts the days since.
            state = t("state.unfinished", lang)
            if block.state is BlockState.RUNNING:
                minutes = ""
        rows.append(
            AgendaRow(
                title=block.title,
                kind=t(f"kind.{block.kind.value}", lang),
                planned_start=slot.planned_start.astimezone().strftime("%H:%M"),
                planned_minutes=block.minutes,
                actual_start=block.started_at.astimezone().strftime("%H:%M")
                if block.started_at
                else "",
                actual_minutes=minutes,
                state=state,
                skipped=block.state is BlockState.SKIPPED,
            )
        )
    return rows


def _presentation(
    p: Presentation, notes: list[RecapNote], lang: str, now: datetime, day: str = "done"
) -> PresentationItem:
    # Still on stage when the day was over: they presented, for how long is not known.
    left_on = day == "done" and p.state is PresentationState.PRESENTING
    spoke = clock_text(slot_elapsed(p, now)) if p.started_at and not left_on else ""
    return PresentationItem(
        presenter=p.presenter,
        organisation=p.organisation,
        title=p.title,
        summary=p.summary,
        state=t(f"pstate.{p.state.value}", lang),
        spoke=spoke,
        notes=notes,
        outcome=_outcome(p, whole_minutes(slot_elapsed(p, now)) if spoke else None, lang, day),
    )


def _outcome(p: Presentation, minutes: int | None, lang: str, day: str) -> str:
    """What happened to a presentation, in words; for a day not yet held, only who is away.

    How long in whole minutes ("Presenterade (6 min)"): "6:00" in a sentence reads
    as a time of day in Swedish.
    """
    if not held(day) and p.state is not PresentationState.ABSENT:
        return ""
    if p.state is PresentationState.DONE or (
        day == "done" and p.state is PresentationState.PRESENTING
    ):
        if minutes is None:
            return t("recap.outcome.done_untimed", lang)
        if minutes < 1:
            return t("recap.outcome.done_short", lang)
        return t("recap.outcome.done", lang, minutes=minutes)
    if p.state is PresentationState.WAITING:
        return t("recap.outcome.not_reached", lang)
    return t(f"recap.outcome.{p.state.value}", lang)


def _note(
    note: Note,
    blocks: dict[str, Block],
    people: dict[str, Presentation],
    lang: str,
    kinds: dict[NoteKind, str],
    clock: Callable[[datetime], str],
    room_names: bool = False,
) -> RecapNote:
    # Run for every note of the day: its fields given in order, not by name.
    block = blocks.get(note.block_id) if note.block_id is not None else None
    person = people.get(note.presentation_id) if note.presentation_id is not None else None
    if person is None:
        where = block.title if block is not None else ""
    else:
        where = f"{block.title} · {person.presenter}" if block is not None else person.presenter
    return RecapNote(
        room_text(note, lang, room_names),  # text
        kinds[note.kind],  # kind
        # A name from the room is the sender's, said only with the setting (room_text).
        "" if note.room is not None else note.speaker,  # speaker
        note.owner,
        note.pinned,
        clock(note.created_at),  # time
        where,
        note.group,
    )


def _leads(
    recap: Recap, lang: str, presentations: list[Presentation] | None = None
) -> dict[str, str]:
    """A sentence before each section, where a reader would expect one."""
    came = len(recap.attended) + len(recap.late)
    one = ".one" if came == 1 else ""
    known = not recap.unmarked  # a count only where every participant's attendance is known
    organisations = sorted(
        {
            part[part.index("(") + 1 : -1]
            for part in recap.attended + recap.late
            if part.endswith(")")
        }
    )
    return {
        "attendance": (
            t(
                "recap.lead.attendance" + one,
                lang,
                count=number(came, lang),
                organisations=join_names(organisations, lang),
            )
            if organisations
            else t("recap.lead.attendance_plain" + one, lang, count=number(came, lang))
        )
        if known
        else t("recap.lead.attendance_partial", lang),
        "agenda": t("recap.lead.agenda" + ("" if held(recap.day) else f".{recap.day}"), lang),
        "presentations": presentations_lead(presentations or [], recap.day, lang),
        "key_points": t("recap.lead.key_points", lang),
        "rounds": t("recap.lead.rounds", lang),
        "quotes": t("recap.lead.quotes", lang),
        "decisions": t("recap.lead.decisions", lang),
        "actions": t("recap.lead.actions", lang),
        "questions": t("recap.lead.questions", lang),
        "information": t("recap.lead.information", lang),
        "other_points": t("recap.lead.other_points", lang),
        "pre_assignment": ended(
            t(
                "recap.lead.pre_assignment" + (".planned" if recap.day == "planned" else ""),
                lang,
                task=verb_phrase(recap.pre_assignment_task),
            )
        )
        if recap.pre_assignment_task
        else "",
        "homework": t("recap.lead.homework", lang),
    }
