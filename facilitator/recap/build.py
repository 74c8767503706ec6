"""The recap of a session as plain data, in one language, with its sentences written out.

Everything comes from the session: what was planned, what ran, and what was
noted. Sections with nothing in them are left out (their lists are empty and
the templates skip them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from ..attendance import attendance_of
from ..i18n import long_date, t
from ..model import (
    Attendance,
    Block,
    BlockKind,
    BlockState,
    Note,
    NoteKind,
    Participant,
    Presentation,
    PresentationState,
    Programme,
    Session,
    SessionData,
    day_state,
    in_recap,
)
from ..timing import clock_text, ran_minutes, schedule, slot_elapsed

ORDINALS = {
    "en": "first second third fourth fifth sixth seventh eighth ninth tenth".split(),
    "sv": "första andra tredje fjärde femte sjätte sjunde åttonde nionde tionde".split(),
}


def round_answers(data: SessionData, round_id: str) -> list[Note]:
    """The answers to a round that the trainer kept, in the order they came."""
    return sorted(
        (n for n in data.notes if n.round_id == round_id and in_recap(n)),
        key=lambda n: n.created_at,
    )


def ordinal(n: int, lang: str) -> str:
    """2 -> "second" / "andra"; past ten, 11th / 11:e."""
    words = ORDINALS["sv" if lang == "sv" else "en"]
    if 1 <= n <= len(words):
        return words[n - 1]
    if lang == "sv":
        return f"{n}:e"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def leaders(session: Session, lang: str) -> str:
    """The facilitators and where they come from, each organisation said once.

    "Anna och Peter, Linköpings universitet," when they share it; "Anna,
    Linköpings universitet, och Omar, Högskolan i Skövde," when they do not.
    """
    own = {
        name: session.facilitator_organisations.get(name, session.facilitator_organisation)
        for name in session.facilitators
    }
    groups: dict[str, list[str]] = {}
    for name, organisation in own.items():
        groups.setdefault(organisation, []).append(name)
    parts = [
        f"{join_names(names, lang)}, {organisation}" if organisation else join_names(names, lang)
        for organisation, names in groups.items()
    ]
    if not groups:
        return ""  # nobody named: the sentences that need leaders take their plain form
    said = join_names(parts, lang)
    # The organisation that ends the names is set off by a comma on both sides.
    return said + "," if list(groups)[-1] else said


def verb_phrase(text: str) -> str:
    """A purpose or a task as it goes after "to" / "att": "Att inventera…" → "inventera…".

    Plans write them as what is to be done ("Inventera styrdokumenten", "Help
    managers…"); the recap weaves them into a sentence instead of a label.
    """
    phrase = " ".join(text.split()).rstrip(".")
    for lead in ("att ", "to "):
        if phrase[: len(lead)].casefold() == lead:
            phrase = phrase[len(lead) :]
            break
    if phrase[:1].isupper() and not phrase[1:2].isupper():  # not an acronym
        phrase = phrase[:1].lower() + phrase[1:]
    return phrase


def ended(sentence: str) -> str:
    """A sentence whose woven-in phrase ends in ? or ! keeps that mark, not a period after it."""
    return sentence[:-2] + sentence[-2] if sentence[-2:] in ("?.", "!.") else sentence


def join_names(names: list[str], lang: str) -> str:
    """["Anna", "Peter", "Eva"] -> "Anna, Peter and Eva" / "Anna, Peter och Eva"."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {t('recap.and', lang)} {names[-1]}"


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


class BlockPoints(NamedTuple):
    """A block's points: all of them (``notes``), and the same split into the room's and each group's."""

    title: str
    kind: str
    notes: list[RecapNote]
    room: list[RecapNote]  # written for the whole room
    groups: list[GroupPoints]  # in the order first written


class GroupPoints(NamedTuple):
    name: str
    notes: list[RecapNote]


class RoundPoints(NamedTuple):
    """A round put to the room: its question, its block, and the answers the trainer kept."""

    prompt: str
    block: str
    answers: list[RecapNote]


@dataclass
class Recap:
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
    agenda: list[AgendaRow] = field(default_factory=list)
    # Each participant in exactly one of these, as "Name (Organisation)".
    attended: list[str] = field(default_factory=list)  # present
    late: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    unmarked: list[str] = field(default_factory=list)  # attendance not taken for them
    day: str = "done"  # planned (not held yet: an invitation), running or done
    pre_assignment_task: str = ""
    pre_assignment_result: str = ""
    pre_assignment_notes: list[RecapNote] = field(default_factory=list)
    presentations: list[PresentationItem] = field(default_factory=list)
    key_points: list[BlockPoints] = field(default_factory=list)
    rounds: list[RoundPoints] = field(default_factory=list)
    quotes: list[RecapNote] = field(default_factory=list)
    decisions: list[RecapNote] = field(default_factory=list)
    actions: list[RecapNote] = field(default_factory=list)
    questions: list[RecapNote] = field(default_factory=list)
    information: list[RecapNote] = field(default_factory=list)
    other_points: list[RecapNote] = field(default_factory=list)
    homework: str = ""
    next_session: str = ""

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


def build(data: SessionData, lang: str, now: datetime) -> Recap:
    """The recap of ``data`` in ``lang`` ("sv" or "en"), as of ``now`` (for a day still running)."""
    s = data.session
    blocks = {b.id: b for b in data.blocks}
    people = {p.id: p for p in data.presentations}
    report_ids = {b.id for b in data.blocks if b.pre_assignment}
    day = day_of(data, now)
    recap = Recap(
        lang=lang,
        day=day,
        title=s.title,
        subtitle=subtitle(data, lang),
        intro=intro(data, lang, day),
        date=long_date(s.date, lang) if s.date else "",
        venue=s.venue,
        facilitators=join_names(s.facilitators, lang),
        purpose=s.programme.purpose if s.programme else "",
        labels={key: t(f"recap.label.{key}", lang) for key in LABELS},
        leads={},
        agenda=_agenda(data, lang, now, day),
        pre_assignment_task=s.pre_assignment.task,
        pre_assignment_result=s.pre_assignment.result,
        homework=s.homework,
    )
    seen = attendance_of(data)
    recap.attended = [_who(p) for p in s.participants if seen[p.id] is Attendance.PRESENT]
    recap.late = [_who(p) for p in s.participants if seen[p.id] is Attendance.LATE]
    recap.absent = [_who(p) for p in s.participants if seen[p.id] is Attendance.ABSENT]
    recap.unmarked = [_who(p) for p in s.participants if seen[p.id] is Attendance.UNKNOWN]
    if not (recap.attended or recap.late or recap.absent):
        recap.unmarked = []  # attendance was not taken: nothing to say of anyone
    # What the room sent is in the recap once the trainer kept it; a round's answers under it.
    notes = sorted(
        (n for n in data.notes if in_recap(n) and n.round_id is None),
        key=lambda n: (not n.pinned, n.created_at),
    )

    def item(note: Note) -> RecapNote:
        return _note(note, blocks, people, lang)

    recap.rounds = [
        RoundPoints(r.prompt, blocks[r.block_id].title if r.block_id in blocks else "", answers)
        for r, answers in ((r, [item(n) for n in round_answers(data, r.id)]) for r in s.rounds)
        if answers
    ]

    by_presentation: dict[str, list[RecapNote]] = {}
    by_block: dict[str, list[RecapNote]] = {}
    for note in notes:
        if note.kind is NoteKind.QUOTE:
            recap.quotes.append(item(note))
        elif note.kind is NoteKind.DECISION:
            # A decision taken at one table is that group's, not the whole course's.
            decided = item(note)
            recap.decisions.append(
                decided._replace(text=f"{note.group}: {note.text}") if note.group else decided
            )
        elif note.kind is NoteKind.ACTION:
            recap.actions.append(item(note))
        elif note.kind is NoteKind.QUESTION:
            recap.questions.append(item(note))
        elif note.presentation_id in people:
            by_presentation.setdefault(note.presentation_id or "", []).append(item(note))
        elif note.block_id in report_ids:
            recap.pre_assignment_notes.append(item(note))
        elif note.block_id in blocks and blocks[note.block_id].kind is BlockKind.INFO:
            recap.information.append(item(note))
        elif note.block_id in blocks:
            by_block.setdefault(note.block_id or "", []).append(item(note))
        else:
            recap.other_points.append(item(note))

    for p in data.presentations:  # every project, each with what happened to it
        recap.presentations.append(_presentation(p, by_presentation.get(p.id, []), lang, now, day))
    for block in data.blocks:
        if by_block.get(block.id):
            recap.key_points.append(
                _block_points(block.title, t(f"kind.{block.kind.value}", lang), by_block[block.id])
            )
    if s.next_session and (s.next_session.date or s.next_session.venue):
        when = s.next_session.date
        past = when is not None and when < now.astimezone().date()
        recap.next_session = next_session_sentence(when, s.next_session.venue, lang, past)
    recap.leads = _leads(recap, lang, data.presentations)
    return recap


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


def subtitle(data: SessionData, lang: str) -> str:
    s = data.session
    parts = []
    if s.programme:
        parts.append(s.programme.name)
    if s.occasion:
        parts.append(t("session.occasion", lang, n=s.occasion))
    if s.theme:
        parts.append(s.theme)
    # What the title says already is not said again under it ("…, tillfälle 3 · tillfälle 3").
    title = s.title.casefold()
    return " · ".join(part for part in parts if part.casefold() not in title)


def intro(data: SessionData, lang: str, day: str = "done", leaders_later: bool = False) -> str:
    """The opening paragraph: when, which occasion of what, where, who leads it, the theme.

    In the tense of the day: a day not yet held is an invitation, one under way
    says so. With ``leaders_later`` (the article's first block names them) the
    leaders are not named here too.
    """
    s = data.session
    sentences = []
    if s.occasion and s.programme:
        suffix, name = programme_in(s.programme.name, lang)
        what = t(
            "recap.intro.occasion_of" + suffix,
            lang,
            ordinal=ordinal(s.occasion, lang),
            programme=name,
        )
    elif s.occasion:
        what = t("recap.intro.occasion", lang, ordinal=ordinal(s.occasion, lang), title=s.title)
    elif s.programme:
        what = t("recap.intro.in_programme", lang, title=s.title, programme=s.programme.name)
    else:
        what = t("recap.intro.plain", lang, title=s.title)
    where = t("recap.intro.at", lang, venue=s.venue) if s.venue else ""
    tense = {"planned": ".planned", "running": ".running", "unheld": ".unheld"}.get(day, "")
    if s.date:
        sentences.append(
            t(
                f"recap.intro.took_place_on{tense}",
                lang,
                date=long_date(s.date, lang),
                what=what,
                where=where,
            )
        )
    else:
        sentences.append(t(f"recap.intro.took_place{tense}", lang, what=what, where=where))
    if day == "unheld":
        sentences.append(t("recap.intro.nothing_recorded", lang))
    present = ".unheld" if day == "unheld" else ".now" if tense else ""
    if s.facilitators and not leaders_later:
        sentences.append(t(f"recap.intro.led{present}", lang, names=leaders(s, lang)))
    organiser = s.programme.organiser if s.programme else ""
    audience = s.programme.audience if s.programme else ""
    foreign = lang != s.language  # the plan's own words are quoted, not woven into grammar
    if foreign and audience:
        audience = _quoted(audience.rstrip("."), lang)
    if organiser and audience:
        sentences.append(
            t("recap.intro.organiser_audience", lang, organiser=organiser, audience=audience)
        )
    elif organiser:
        sentences.append(t("recap.intro.organiser", lang, organiser=organiser))
    elif audience:
        sentences.append(t("recap.intro.audience", lang, audience=audience))
    if s.theme:
        sentences.append(t(f"recap.intro.theme{present}", lang, theme=s.theme))
    if s.programme and s.programme.purpose and foreign:
        purpose = _quoted(" ".join(s.programme.purpose.split()).rstrip("."), lang)
        sentences.append(t("recap.intro.purpose.quoted", lang, purpose=purpose))
    elif s.programme and s.programme.purpose:
        sentences.append(
            ended(t("recap.intro.purpose", lang, purpose=verb_phrase(s.programme.purpose)))
        )
    return " ".join(capitalised(sentence) for sentence in sentences)


def _quoted(text: str, lang: str) -> str:
    return f"”{text}”" if lang == "sv" else f"“{text}”"


def programme_in(name: str, lang: str) -> tuple[str, str]:
    """The intro's key suffix and the programme's name as it follows "i".

    "" where a Swedish name can follow "i" as it stands ("Innovationsledarskapsutbildningen"),
    or takes the definite form its last word plainly has ("…utbildning" → "…utbildningen");
    else ".named": a name from a plan cannot be inflected, so the sentence names what it is.
    """
    if lang != "sv":
        return "", name
    last = name.split()[-1].casefold() if name.split() else ""
    if last.endswith(("en", "et", "na", "erna", "arna")):
        return "", name
    if last.endswith("utbildning"):
        return "", name + "en"
    return ".named", name


def capitalised(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


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
        outcome=_outcome(p, spoke, lang, day),
    )


def _outcome(p: Presentation, spoke: str, lang: str, day: str) -> str:
    """What happened to a presentation, in words; for a day not yet held, only who is away."""
    if not held(day) and p.state is not PresentationState.ABSENT:
        return ""
    if p.state is PresentationState.DONE or (
        day == "done" and p.state is PresentationState.PRESENTING
    ):
        if spoke:
            return t("recap.outcome.done", lang, spoke=spoke)
        return t("recap.outcome.done_untimed", lang)
    if p.state is PresentationState.WAITING:
        return t("recap.outcome.not_reached", lang)
    return t(f"recap.outcome.{p.state.value}", lang)


def _note(
    note: Note, blocks: dict[str, Block], people: dict[str, Presentation], lang: str
) -> RecapNote:
    where = [blocks[note.block_id].title] if note.block_id in blocks else []
    if note.presentation_id in people:
        where.append(people[note.presentation_id].presenter)
    return RecapNote(
        text=note.text,
        kind=t(f"note.{note.kind.value}", lang),
        speaker=note.speaker,
        owner=note.owner,
        pinned=note.pinned,
        time=note.created_at.astimezone().strftime("%H:%M"),
        where=" · ".join(where),
        group=note.group,
    )


def held(day: str) -> bool:
    """Whether anything of the day was recorded (it runs or ran), by ``day_of``."""
    return day in ("running", "done")


def next_session_sentence(day: date | None, venue: str, lang: str, past: bool = False) -> str:
    """When and where the next occasion is; in the past tense once its date has passed too."""
    when = long_date(day, lang) if day else ""
    tense = ".past" if past else ""
    if when and venue:
        return t(f"recap.next.both{tense}", lang, date=when, venue=venue)
    if when:
        return t(f"recap.next.date{tense}", lang, date=when)
    return t(f"recap.next.venue{tense}", lang, venue=venue)


def presentations_lead(presentations: list[Presentation], day: str, lang: str) -> str:
    """What happened to the queue, counted: nothing is said that did not happen."""
    if not held(day):
        return t(f"recap.lead.presentations.{day}", lang)
    counts = {state: 0 for state in PresentationState}
    for p in presentations:
        if day == "done" and p.state is PresentationState.PRESENTING:
            counts[PresentationState.DONE] += 1  # still on stage when the day ended
        else:
            counts[p.state] += 1
    total = len(presentations)
    sentences = [
        t("recap.lead.presentations.done", lang, count=counts[PresentationState.DONE], total=total)
    ]
    for state, key in (
        (PresentationState.PRESENTING, "presenting"),
        (PresentationState.WAITING, "not_reached" if day == "done" else "waiting"),
        (PresentationState.SKIPPED, "skipped"),
        (PresentationState.ABSENT, "absent"),
    ):
        if counts[state]:
            one = ".one" if counts[state] == 1 and key != "presenting" else ""
            sentences.append(t(f"recap.lead.presentations.{key}{one}", lang, count=counts[state]))
    return " ".join(sentences)


def _leads(
    recap: Recap, lang: str, presentations: list[Presentation] | None = None
) -> dict[str, str]:
    """A sentence before each section, where a reader would expect one."""
    came = len(recap.attended) + len(recap.late)
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
                "recap.lead.attendance",
                lang,
                count=came,
                organisations=join_names(organisations, lang),
            )
            if organisations
            else t("recap.lead.attendance_plain", lang, count=came)
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


class ThreadStep(NamedTuple):
    occasion: str
    title: str
    summary: str
    notes: list[str]


class Thread(NamedTuple):
    """One participant's project, occasion by occasion."""

    name: str
    organisation: str
    steps: list[ThreadStep]


@dataclass
class ProgrammeRecap:
    lang: str
    name: str
    intro: str
    labels: dict[str, str]
    threads: list[Thread]
    occasions: list[Recap]


def build_programme(
    programme: Programme, occasions: list[SessionData], lang: str, now: datetime
) -> ProgrammeRecap:
    """Every occasion's recap in order, and each participant's project across them."""
    threads = []
    for person in programme.participants:
        steps = []
        for data in occasions:
            notes_of: dict[str, list[str]] = {p.id: [] for p in data.presentations}
            for note in filter(in_recap, data.notes):
                if note.presentation_id in notes_of and note.kind in (
                    NoteKind.POINT,
                    NoteKind.QUESTION,
                ):
                    notes_of[note.presentation_id].append(" ".join(note.text.split()))
            for p in data.presentations:
                if p.participant_id == person.id and p.state is not PresentationState.ABSENT:
                    occasion = t("session.occasion", lang, n=data.session.occasion or "?")
                    steps.append(ThreadStep(occasion, p.title, p.summary, notes_of[p.id]))
        if steps:
            threads.append(Thread(person.name, person.organisation, steps))
    days = [d.session.date for d in occasions if d.session.date]
    if days:
        opening = t(
            "recap.programme.intro_dates",
            lang,
            count=len(occasions),
            first=long_date(min(days), lang),
            last=long_date(max(days), lang),
        )
    else:
        opening = t("recap.programme.intro", lang, count=len(occasions))
    if programme.purpose:
        opening += " " + ended(
            t("recap.intro.purpose", lang, purpose=verb_phrase(programme.purpose))
        )
    return ProgrammeRecap(
        lang=lang,
        name=programme.name,
        intro=opening,
        labels={"threads": t("recap.programme.threads", lang)},
        threads=threads,
        occasions=[build(d, lang, now) for d in occasions],
    )
