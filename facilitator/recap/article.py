"""The recap as an article about the day: prose in the order the day ran, chosen from the notes.

Every sentence comes from the plan, the timestamps or a note; the sentence
patterns are in the string table (``article.*``), so they can be reworded
without touching this code. The article is not the minutes: it carries what
the trainer marked for it, and otherwise a few of each block's points, within
the length of an article (``WORDS``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from ..i18n import t
from ..model import (
    PLAIN,
    Block,
    BlockKind,
    BlockState,
    Note,
    NoteKind,
    Presentation,
    PresentationState,
    RecapOptions,
    SessionData,
    in_recap,
)
from .build import day_of, room_text, round_answers
from .sentences import (
    capitalised,
    ended,
    intro,
    join_names,
    leaders,
    next_session_sentence,
    number,
    subtitle,
    verb_phrase,
)

# Words the article may have in all: the notes chosen fill what the plan's sentences
# leave, so an article of a full day stays within 400–700 words however many notes.
WORDS = 620
QUESTIONS = 2  # at most this many of the questions raised, unless the trainer marks more
QUOTES = 2  # the quotes pinned or marked, else the first ones
ANSWERS = 3  # of a round's answers kept, unless marked

# Labels a note-taker types before a note ("Beslut: …", "! Viktigt: …"): not said in prose.
_LABELS = re.compile(
    r"^[\s!?>*#•\-–]*(?:(?:beslut|att göra|fråga|citat|viktigt|obs|decision|decided|action|"
    r"to do|todo|question|quote|important|note)\s*:\s*)?",
    re.IGNORECASE,
)
# A count of something, not a date, a time or a group's number ("3 kommuner", not "3 januari").
_COUNT = re.compile(
    r"(?<![\w.:,/-])(?<!grupp )(?<!group )(?<!kl\. )(?<!kl )(1[0-2]|[1-9])(?![\w.:,/-])"
    r"(?! (?:jan|feb|mar|apr|maj|may|jun|jul|aug|sep|okt|oct|nov|dec))",
    re.IGNORECASE,
)


class Quote(NamedTuple):
    text: str
    speaker: str


class RoundSaid(NamedTuple):
    """A round in the article: the sentence that puts its question, then the answers kept."""

    said: str
    answers: list[str]


@dataclass
class Paragraph:
    sentences: list[str] = field(default_factory=list)
    projects: list[str] = field(default_factory=list)  # "Title. Summary", the short list
    quotes: list[Quote] = field(default_factory=list)  # said during it: they follow it
    rounds: list[RoundSaid] = field(default_factory=list)  # put to the room during it


@dataclass
class Article:
    lang: str
    title: str
    subtitle: str
    quote_marks: tuple[str, str]
    paragraphs: list[Paragraph]
    contact: list[str]


@dataclass
class _Day:
    """What the article is written from, and in which words."""

    data: SessionData
    lang: str
    day: str
    foreign: bool  # the day's own texts are in another language than the article's
    options: RecapOptions = PLAIN
    turn: int = (
        0  # the plain openers used so far: the next one is another ("Därefter …", "Sedan …")
    )
    points: int = 0  # the quoted lists of points said so far: the next is said another way
    told: frozenset[str] = frozenset()  # the ids of the blocks the article tells, a paragraph each
    breaks: dict[str, str] = field(
        default_factory=dict
    )  # block id -> the break that ran just before

    def q(self, text: str) -> str:
        return f"”{text}”" if self.lang == "sv" else f"“{text}”"


def words_in(text: str) -> int:
    return len(text.split())


def build_article(
    data: SessionData, lang: str, now: datetime, options: RecapOptions = PLAIN
) -> Article:
    """The article of ``data`` in ``lang``, as of ``now``; ``options`` from the trainer's settings."""
    s = data.session
    day = _Day(data, lang, day_of(data, now), foreign=lang != s.language, options=options)
    ran = _blocks_told(data, now)
    day.told = frozenset(b.id for b in ran)
    day.breaks = _after_breaks(data, ran, now)
    names = leaders(s, lang)
    # The first block's sentence names the leaders ("Anna och Peter började dagen …"):
    # the opening does not name them as well.
    opening = Paragraph([intro(data, lang, day.day, leaders_later=bool(ran and names))])
    chosen = _choose(data, ran, WORDS - _planned_words(data, ran) - words_in(opening.sentences[0]))
    paragraphs = [opening]
    reported = any(b.pre_assignment for b in ran)
    for position, block in enumerate(ran):
        paragraph = _block_paragraph(day, block, position, len(ran), names, chosen)
        paragraphs.append(paragraph)
        if position == 0 and not reported and block.kind is BlockKind.RECAP:
            paragraphs.append(_pre_assignment(day))  # after the look back
            reported = True
    if not reported and s.pre_assignment.task:
        # No block reported on it: its own paragraph where the day began.
        paragraphs.insert(1, _pre_assignment(day))
    paragraphs.append(_closing(day, chosen.get(None, []), _rounds(day, chosen, None), now))
    for paragraph in paragraphs:  # a quoted title or question keeps its own mark, no period after
        paragraph.sentences = [
            x.replace("?”.", "?”").replace("!”.", "!”") for x in paragraph.sentences
        ]
    return Article(
        lang=lang,
        title=s.title,
        subtitle=subtitle(data, lang),
        quote_marks=("”", "”") if lang == "sv" else ("“", "”"),
        paragraphs=[p for p in paragraphs if p.sentences or p.quotes or p.projects or p.rounds],
        contact=list(s.programme.contact) if s.programme else [],
    )


def _blocks_told(data: SessionData, now: datetime) -> list[Block]:
    """The blocks that ran, in the order they ran; a break only when a note in it was marked."""
    marked = {n.block_id for n in data.notes if n.in_article}
    ran = sorted(
        (b for b in data.blocks if b.started_at is not None and b.state is not BlockState.SKIPPED),
        key=lambda b: b.started_at or now,
    )
    return [b for b in ran if b.kind is not BlockKind.BREAK or b.id in marked]


def _after_breaks(data: SessionData, told: list[Block], now: datetime) -> dict[str, str]:
    """The told blocks that came right after a break, with the break's title ("Lunch")."""
    ran = sorted(
        (b for b in data.blocks if b.started_at is not None and b.state is not BlockState.SKIPPED),
        key=lambda b: b.started_at or now,
    )
    ids = {b.id for b in told}
    after = {}
    for before, block in zip(ran, ran[1:], strict=False):
        if before.kind is BlockKind.BREAK and before.id not in ids and block.id in ids:
            after[block.id] = before.title
    return after


def _planned_words(data: SessionData, ran: list[Block]) -> int:
    """About how many words the article says from the plan, without a note: what notes may fill."""
    s = data.session
    said = (
        [s.pre_assignment.task, s.pre_assignment.result, s.homework, *s.programme.contact]
        if s.programme
        else [s.pre_assignment.task, s.pre_assignment.result, s.homework]
    )
    said += [
        f"{p.title} {p.summary}"
        for p in data.presentations
        if p.state in (PresentationState.DONE, PresentationState.PRESENTING)
    ]
    return sum(words_in(text) for text in said) + 12 * len(ran) + 30


def _choose(data: SessionData, ran: list[Block], budget: int) -> dict[str | None, list[Note]]:
    """The notes the article carries, by block (None: no block that is told), in time order.

    What the trainer marked is in and what they kept out is out; then the quotes
    pinned (else the first ones), and each block's points in turn, the pinned and
    the decisions first, until the article has its length.
    """
    told = {b.id for b in ran}
    notes = sorted(
        (n for n in data.notes if in_recap(n) and n.in_article is not False),
        key=lambda n: n.created_at,
    )
    chosen = _marked_and_quoted(notes)
    # The round of projects is told by its list: notes taken during it stay in the minutes.
    projects = {b.id for b in ran if b.kind is BlockKind.PRESENTATIONS}
    queues = [_candidates([n for n in notes if n.block_id == b.id]) for b in ran]
    queues = [queue for queue, b in zip(queues, ran, strict=True) if b.id not in projects]
    queues.append(_candidates([n for n in notes if n.block_id not in told]))
    budget -= sum(words_in(n.text) for n in chosen)
    chosen += _fill(queues, budget, sum(n.kind is NoteKind.QUESTION for n in chosen))
    by_block: dict[str | None, list[Note]] = {None: []}
    for note in sorted(chosen, key=lambda n: n.created_at):
        by_block.setdefault(note.block_id if note.block_id in told else None, []).append(note)
    for asked in data.session.rounds:  # a round's answers: those marked, else the first ones
        answers = round_answers(data, asked.id)
        marked = [n for n in answers if n.in_article]
        kept = marked or [n for n in answers if n.in_article is not False][:ANSWERS]
        by_block.setdefault("round:" + asked.id, []).extend(kept)
    return by_block


def _marked_and_quoted(notes: list[Note]) -> list[Note]:
    """The notes marked for the article, and its quotes: those pinned first, a few in all."""
    chosen = [n for n in notes if n.in_article and n.round_id is None]
    quotes = sorted(
        (n for n in notes if n.kind is NoteKind.QUOTE and not n.in_article and not n.round_id),
        key=lambda n: not n.pinned,
    )
    return chosen + quotes[: max(0, QUOTES - sum(n.kind is NoteKind.QUOTE for n in chosen))]


def _fill(queues: list[list[Note]], budget: int, questions: int) -> list[Note]:
    """One note of each block in turn, the likeliest first, until ``budget`` words are used."""
    chosen = []
    while budget > 0 and any(queues):
        for queue in queues:
            note = queue.pop(0) if queue else None
            if note is None:
                continue
            if note.kind is NoteKind.QUESTION:
                if questions >= QUESTIONS:
                    continue  # one or two of the questions raised, not every one
                questions += 1
            chosen.append(note)
            budget -= words_in(note.text) + 3  # and the words that weave it in
    return chosen


def _candidates(notes: list[Note]) -> list[Note]:
    """A block's notes the article may choose, the likeliest first.

    Actions stay in the minutes, and so do a presenter's notes (the project list
    says what each project is) and the answers of a round; a trainer who wants
    one of them in marks it.
    """
    rank = {NoteKind.DECISION: 1, NoteKind.POINT: 2, NoteKind.QUESTION: 4}
    open_ = [
        n
        for n in notes
        if n.in_article is None
        and n.kind in rank
        and n.presentation_id is None
        and n.round_id is None
    ]
    return sorted(
        open_, key=lambda n: (0 if n.pinned else rank[n.kind] + (1 if n.group else 0), n.created_at)
    )


def _block_paragraph(
    day: _Day,
    block: Block,
    position: int,
    count: int,
    names: str,
    chosen: dict[str | None, list[Note]],
) -> Paragraph:
    s = day.data.session
    lang = day.lang
    paragraph = Paragraph([_opener(day, block, position, count, names)])
    notes = chosen.get(block.id, [])
    if block.pre_assignment and s.pre_assignment.task:
        paragraph.sentences.append(_task_sentence(day, "article.pre_assignment"))
        if s.pre_assignment.result:
            paragraph.sentences.append(_result(day))
            # A note that only says the result again is not said twice.
            said = _words(s.pre_assignment.result)
            notes = [n for n in notes if not _words(n.text) <= said]
    if block.kind is BlockKind.PRESENTATIONS and day.data.presentations:
        presented = [
            p
            for p in day.data.presentations
            if p.state in (PresentationState.DONE, PresentationState.PRESENTING)
        ]
        if presented:
            # Who presented is told; who did not is the minutes' business, not a public text's.
            one = ".one" if len(presented) == 1 else ""  # "One participant presented …"
            how_many = capitalised(number(len(presented), lang))
            paragraph.sentences.append(t("article.presented" + one, lang, count=how_many))
            paragraph.projects = [_project(day, p) for p in presented]
    paragraph.sentences.extend(_said(day, notes, block.kind))
    paragraph.quotes = [Quote(_clean(n.text), n.speaker) for n in notes if n.kind is NoteKind.QUOTE]
    paragraph.rounds = _rounds(day, chosen, block.id)
    if len(paragraph.rounds) == 1 and len(paragraph.sentences) > 1 and not paragraph.projects:
        # One round in a block with its own sentences: the question closes the paragraph,
        # its answers listed under it, as the projects are (not a paragraph of its own).
        asked = paragraph.rounds[0]
        paragraph.sentences.append(asked.said)
        paragraph.rounds = [asked._replace(said="")]
    return paragraph


def _rounds(
    day: _Day, chosen: dict[str | None, list[Note]], block_id: str | None
) -> list[RoundSaid]:
    out = []
    for asked in day.data.session.rounds:
        # A round of a block told goes with it; the closing takes the rest (once).
        here = asked.block_id == block_id or (block_id is None and asked.block_id not in day.told)
        answers = chosen.get("round:" + asked.id, [])
        if here and answers:
            # Some of the answers only: the sentence says so ("bland annat").
            given = sum(1 for n in day.data.notes if n.round_id == asked.id and in_recap(n))
            key = "article.round.some" if len(answers) < given else "article.round"
            said = t(key, day.lang, prompt=_clean(asked.prompt))
            out.append(RoundSaid(said, [_named(day, n, _clean(n.text)) for n in answers]))
    return out


def _closing(day: _Day, notes: list[Note], rounds: list[RoundSaid], now: datetime) -> Paragraph:
    """What no told block holds, then the homework and the next occasion."""
    s = day.data.session
    closing = Paragraph(_said(day, notes), rounds=rounds)
    closing.quotes = [Quote(_clean(n.text), n.speaker) for n in notes if n.kind is NoteKind.QUOTE]
    if s.homework:
        closing.sentences.append(_task_sentence(day, "article.homework"))
    if s.next_session and (s.next_session.date or s.next_session.venue):
        past = s.next_session.date is not None and s.next_session.date < now.astimezone().date()
        closing.sentences.append(
            next_session_sentence(s.next_session.date, s.next_session.venue, day.lang, past)
        )
    return closing


def _task_sentence(day: _Day, key: str) -> str:
    """The pre-assignment's task or the homework, woven in, or quoted when in another language."""
    s = day.data.session
    task = s.homework if key == "article.homework" else s.pre_assignment.task
    if key == "article.pre_assignment" and day.day == "planned":
        key = "article.pre_assignment.planned"
    if day.foreign:
        return t(key + ".quoted", day.lang, task=day.q(" ".join(task.split()).rstrip(".")))
    return ended(t(key, day.lang, task=verb_phrase(task), homework=verb_phrase(task)))


def _result(day: _Day) -> str:
    """What came of the pre-assignment: said as it is, or quoted when in another language."""
    result = day.data.session.pre_assignment.result
    if day.foreign:
        return t("article.result.quoted", day.lang, text=day.q(_clean(result).rstrip(".")))
    return _text(day, result)


def _pre_assignment(day: _Day) -> Paragraph:
    """The task the participants had before the day, and what came of it, if anyone said."""
    task = day.data.session.pre_assignment
    if not task.task:
        return Paragraph()
    sentences = [_task_sentence(day, "article.pre_assignment")]
    if task.result:
        sentences.append(_result(day))
    return Paragraph(sentences)


def _opener(day: _Day, block: Block, position: int, count: int, names: str) -> str:
    """The sentence that opens a block's paragraph, by what it was and where it fell in the day."""
    lang = day.lang
    # "Avslutningsvis …" only for the day's last block: mid-day, what is told so far is not the end.
    after = day.data.blocks[[b.id for b in day.data.blocks].index(block.id) + 1 :]
    over = day.day == "done" or all(b.state is BlockState.SKIPPED for b in after)
    last = position == count - 1 and count > 2 and over
    title, topic = block.title, ""
    if _repeats(title, block.kind, lang):
        # "Gruppsamtal: lärande i den egna verksamheten": the kind is said already,
        # what it was about is not ("en gruppdiskussion om lärande i …").
        head, colon, rest = title.partition(":")
        if colon and rest.strip() and not _repeats(rest, block.kind, lang):
            topic = rest.strip()
        title = ""
    if block.kind in (BlockKind.INFO, BlockKind.WRAPUP) and position > 0:
        # "Finally came a closing session" says nothing: say what was done in it.
        key = f"article.{block.kind.value}.{'last' if last else 'next'}"
        if not title:
            return t(key + ".plain", lang) + "."
        if lang == "sv" and block.kind is BlockKind.INFO:
            return t(key, lang, title=_lowered(title)) + "."
        return t(key, lang, title=day.q(title)) + "."
    kind = t(f"article.kind.{block.kind.value}", lang)
    what = t("article.block", lang, kind=kind, title=day.q(title)) if title else kind
    if topic:
        about = day.q(topic) if day.foreign else _lowered(topic)
        what = t("article.block.about", lang, kind=kind, topic=about)
    if position == 0:
        leaders = len(day.data.session.facilitators)
        key = (
            ("article.first.one" if leaders == 1 else "article.first")
            if names
            else "article.first_plain"
        )
        return t(key, lang, names=names, what=what) + "."
    if last:
        return t("article.last", lang, what=what) + "."
    pause = day.breaks.get(block.id, "")
    if pause and not day.foreign and len(pause.split()) <= 2:
        # "Efter lunch följde …": the day's own rhythm says when it was, better than "Sedan".
        return t("article.after_break", lang, pause=_break_said(pause, lang), what=what) + "."
    variants = ("article.next.0", "article.next.1", "article.next.2")
    day.turn += 1
    return t(variants[(day.turn - 1) % len(variants)], lang, what=what) + "."


def _break_said(title: str, lang: str) -> str:
    """A break's title after "Efter" / "After": "lunch", "fikat", "eftermiddagsfikat", "pausen"."""
    said = _lowered(title)
    if lang == "sv" and said.endswith("fika"):
        return said + "t"
    if lang == "sv" and said.endswith("paus"):
        return said + "en"
    return said


def _repeats(title: str, kind: BlockKind, lang: str) -> bool:
    """Whether a block's title only says again what its kind says ("en återblick, ”Återblick …”")."""
    said = " ".join(t(f"{key}.{kind.value}", lang) for key in ("article.kind", "kind"))
    stems = {w[:5] for w in _words(said) if len(w) > 3}
    return any(w[:5] in stems for w in _words(title) if len(w) > 3)


def _said(day: _Day, notes: list[Note], kind: BlockKind | None = None) -> list[str]:
    """The chosen notes of a block as prose: the room's in order, then each group's, then questions.

    A theory block's points are what was taught, said as such ("Passet tog upp
    att …, att … och att …"): one bare sentence after another reads as a slide,
    and as the article's own claims.
    """
    lang = day.lang
    room = [n for n in notes if not n.group and n.kind not in (NoteKind.QUOTE, NoteKind.QUESTION)]
    groups: dict[str, list[Note]] = {}
    for note in notes:
        if note.group and note.kind not in (NoteKind.QUOTE, NoteKind.QUESTION):
            groups.setdefault(note.group, []).append(note)
    asked = [n for n in notes if n.kind is NoteKind.QUESTION]
    sentences: list[str] = []
    if day.foreign and room:
        # The day's own words quoted, said one way after another: eight blocks in a row
        # opening with the same words read as a form filled in.
        key = "article.points.one" if len(room) == 1 else f"article.points.{day.points % 3}"
        day.points += 1
        quoted = join_names([day.q(_clean(n.text).rstrip(".")) for n in room], lang)
        sentences.append(t(key, lang, texts=quoted))
    elif kind is BlockKind.THEORY and len(room) > 1 and all(_plain(n) for n in room):
        clauses = [_clause(day, n.text) for n in room]
        for start in range(0, len(clauses), 3):  # three to a sentence, as a reader keeps them
            key = "article.taught" if start == 0 else "article.taught.more"
            said = t(key, lang, text=_clauses(clauses[start : start + 3], lang))
            sentences.append(capitalised(_numbers(said, lang)))
    else:
        sentences += [_named_sentence(day, n, _room_sentence(day, n)) for n in room]
    for group, written in groups.items():
        raised = [_clause(day, n.text) for n in written if n.kind is not NoteKind.DECISION]
        decided = [
            _decided(day, _clause(day, n.text)) for n in written if n.kind is NoteKind.DECISION
        ]
        # "Grupp 2 bestämde sig för att pröva …" for a decision said as a verb of its
        # own, "Grupp 2 bestämde att kommunerna …" for one that names who does it.
        for key, texts in (
            ("article.group", raised),
            ("article.group.decided.to", [text for text, verb in decided if verb]),
            ("article.group.decided", [text for text, verb in decided if not verb]),
        ):
            if texts:
                # "I grupp 1 lyftes …": the name lowered where it does not open the sentence.
                named = _lowered(group) if key == "article.group" and lang == "sv" else group
                said = t(key, lang, group=named, text=_clauses(texts, lang))
                sentences.append(capitalised(_numbers(said, lang)))
    if asked:
        key = "article.questions.one" if len(asked) == 1 else "article.questions"
        quoted = join_names(
            [_named(day, n, day.q(_sentence(_clean(n.text), "?"))) for n in asked], lang
        )
        sentences.append(t(key, lang, texts=quoted))
    return sentences


def _clauses(texts: list[str], lang: str) -> str:
    """ "a", "a och att b", "a, att b och att c": each point its own clause after "att" / "that"."""
    if len(texts) == 1:
        return texts[0]
    comma = t("article.group.comma", lang)
    return comma.join(texts[:-1]) + t("article.group.glue", lang) + texts[-1]


def _decided(day: _Day, clause: str) -> tuple[str, bool]:
    """A group's decision, and whether it is said as an infinitive: "gruppen prövar …" as "pröva …".

    Only the verbs whose infinitive is sure from their present (-ar: "prövar",
    "pröva"; -as: "träffas") lose their subject; any other is left as written.
    """
    words = clause.split(" ", 2)
    if day.lang != "sv" or day.foreign or len(words) < 3 or words[0] not in ("gruppen", "vi"):
        return clause, False
    verb = words[1]
    if verb.endswith("ar") and len(verb) > 3:
        return f"{verb[:-1]} {words[2]}", True
    if verb.endswith("as") and len(verb) > 3:
        return f"{verb} {words[2]}", True
    return clause, False


def _plain(note: Note) -> bool:
    """A point said as it is: no decision or action, no name that goes with it."""
    return note.kind is NoteKind.POINT and not note.speaker and not note.owner


def _room_sentence(day: _Day, note: Note) -> str:
    """A note of the room as a sentence; an action marked in says who does it, or asks the participants.

    An action is typed as an order ("Boka coachning före jul"): in an article it
    reads "Deltagarna uppmanas att boka …", or with its owner "Peter ska samla …".
    Only an order whose first word is also the infinitive (Swedish -a, any English
    verb) is turned; another stays as typed, with its owner after it.
    """
    text = " ".join(_clean(note.text).split()).rstrip(".!")
    first = text.split(" ", 1)[0] if text else ""
    if note.kind is NoteKind.ACTION and (day.lang == "en" or first.endswith("a")) and first:
        key = "article.action.owner" if note.owner else "article.action"
        said = t(key, day.lang, owner=note.owner, text=_numbers(_lowered(text), day.lang))
        return capitalised(said)
    if note.kind is NoteKind.DECISION and text:
        # A decision said as a decision: as a bare sentence it reads as a fact of the world.
        return t("article.decided", day.lang, text=_clause(day, note.text)) + "."
    return _text(day, _with_owner(note))


def _with_owner(note: Note) -> str:
    """An action marked for the article, with who does it; anything else as it is."""
    if note.kind is NoteKind.ACTION and note.owner:
        return f"{_clean(note.text).rstrip('.')} ({note.owner})"
    return note.text


def _clause(day: _Day, text: str) -> str:
    """A note as what follows "att" / "that", or quoted when in another language."""
    said = " ".join(_clean(text).split()).rstrip(".!")
    if day.foreign:
        return day.q(said)
    if day.lang == "sv":
        said = _not_before_verb(said)
    return _numbers(_lowered(said), day.lang)


# Swedish sentence adverbs: after "att" they go before the verb ("att det inte räcker").
NEGATIONS = frozenset(
    ("inte", "aldrig", "alltid", "ofta", "sällan", "bara", "också", "redan", "ännu")
    + ("kanske", "verkligen", "egentligen", "dock", "ju", "nog", "fortfarande")
)
PHRASES = (("i", "sin", "tur"), ("till", "exempel"), ("i", "dag"))


def _not_before_verb(clause: str) -> str:
    """A Swedish main clause as a subordinate one: "inte" before the verb after "att".

    "Lärandet räcker inte" reads "att lärandet inte räcker". Only where the verb
    is sure: a word in -r among the first four, followed at once by the adverb.
    """
    words = clause.split(" ")
    for i in range(1, min(4, len(words) - 1)):
        if not words[i].endswith("r"):
            continue
        after = [w.lower() for w in words[i + 1 :]]
        size = 1 if after[0] in NEGATIONS else 0
        size = next((len(p) for p in PHRASES if tuple(after[: len(p)]) == p), size)
        if size:
            return " ".join(
                words[:i] + words[i + 1 : i + 1 + size] + [words[i]] + words[i + 1 + size :]
            )
    return clause


def _text(day: _Day, text: str) -> str:
    """A note or a field as a sentence of its own."""
    return _numbers(_sentence(_clean(text)), day.lang)


def _clean(text: str) -> str:
    """A note's text without the marks and labels typed before it ("! Viktigt: …")."""
    flat = " ".join(text.split())
    cleaned = _LABELS.sub("", flat, count=1)
    return cleaned or flat


def _numbers(sentence: str, lang: str) -> str:
    """Counts from one to twelve in words; a sentence never opens with a digit."""
    said = _COUNT.sub(lambda m: number(int(m.group(1)), lang), sentence)
    return capitalised(said) if sentence[:1].isupper() or sentence[:1].isdigit() else said


def _lowered(text: str) -> str:
    """A title or a group's name in the middle of a sentence: "grupp 1", but "LSS" and "Anna" kept."""
    first = text.split()[0] if text.split() else ""
    return text if not first or first[1:2].isupper() else text[:1].lower() + text[1:]


def _words(text: str) -> set[str]:
    return {w.strip(".,;:!?”“\"'()").casefold() for w in text.split()} - {""}


def _sentence(text: str, end: str = ".") -> str:
    flat = capitalised(" ".join(text.split()))
    if not flat:
        return ""
    return flat if flat[-1] in ".!?…:" else flat + end


def _named(day: _Day, note: Note, said: str) -> str:
    """What a participant sent from the room, with the name they gave, if the trainer shows names."""
    return room_text(note, day.lang, day.options.room_names, said)


def _named_sentence(day: _Day, note: Note, sentence: str) -> str:
    """A sentence from the room with its sender's name before its full stop ("… saknas (Anna).")."""
    body, end = (sentence[:-1], sentence[-1]) if sentence[-1:] in ".!?…" else (sentence, "")
    named = _named(day, note, body)
    return sentence if named == body else named + end


def _project(day: _Day, p: Presentation) -> str:
    """A project in the article's list: its title and what it is about; its presenter if asked."""
    title, summary = p.title or p.presenter, " ".join(p.summary.split())
    if day.options.presenters and p.title:
        who = ", ".join(x for x in (p.presenter, " ".join(p.organisation.split())) if x)
        key = "article.project.named" if summary else "article.project.named.plain"
        return t(key, day.lang, title=title.rstrip(". "), who=who, summary=capitalised(summary))
    return f"{_sentence(title)} {summary}".strip()
