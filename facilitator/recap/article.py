"""The recap as an article about the day: prose in the order the day ran.

Every sentence comes from the plan, the timestamps or a note; the sentence
patterns are in the string table (``article.*``), so they can be reworded
without touching this code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from ..i18n import t
from ..model import (
    Block,
    BlockKind,
    BlockState,
    Note,
    NoteKind,
    Presentation,
    PresentationState,
    SessionData,
    in_recap,
)
from .build import (
    capitalised,
    day_of,
    ended,
    held,
    intro,
    join_names,
    leaders,
    next_session_sentence,
    presentations_lead,
    round_answers,
    subtitle,
    verb_phrase,
)

# Blocks that make one paragraph when they follow each other: the day's
# theory alternating with group discussions.
_WOVEN = (BlockKind.THEORY, BlockKind.DISCUSSION, BlockKind.EXERCISE)


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


def build_article(data: SessionData, lang: str, now: datetime) -> Article:
    """The article of ``data`` in ``lang``, as of ``now``."""
    s = data.session
    day = day_of(data, now)
    notes = sorted(
        (n for n in data.notes if in_recap(n) and n.round_id is None), key=lambda n: n.created_at
    )
    rounds: dict[str | None, list[RoundSaid]] = {}
    for asked in s.rounds:
        answers = [n.text for n in round_answers(data, asked.id)]
        if answers:
            put = RoundSaid(t("article.round", lang, prompt=asked.prompt), answers)
            rounds.setdefault(asked.block_id, []).append(put)
    by_block: dict[str | None, list[Note]] = {}
    for note in notes:
        by_block.setdefault(note.block_id, []).append(note)

    ran = sorted(
        (b for b in data.blocks if b.started_at is not None and b.state is not BlockState.SKIPPED),
        key=lambda b: b.started_at or now,
    )
    ran = [b for b in ran if b.kind is not BlockKind.BREAK or by_block.get(b.id)]
    groups: list[list[Block]] = []
    for block in ran:
        if groups and block.kind in _WOVEN and groups[-1][-1].kind in _WOVEN:
            groups[-1].append(block)
        else:
            groups.append([block])

    names = leaders(s, lang)
    # The first block's sentence names the leaders ("Anna och Peter började dagen …"):
    # the opening does not name them as well.
    opening = Paragraph([intro(data, lang, day, leaders_later=bool(groups and names))])
    paragraphs = [opening]
    reported = any(b.pre_assignment for group in groups for b in group)
    for position, group in enumerate(groups):
        paragraph = Paragraph([_opener(group, position, len(groups), names, lang)])
        for block in group:
            if block.pre_assignment and s.pre_assignment.task:
                paragraph.sentences.append(
                    ended(
                        t("article.pre_assignment", lang, task=verb_phrase(s.pre_assignment.task))
                    )
                )
                if s.pre_assignment.result:
                    paragraph.sentences.append(_sentence(s.pre_assignment.result))
                    # A note that only says the result again is not said twice.
                    said = _words(s.pre_assignment.result)
                    by_block[block.id] = [
                        n for n in by_block.get(block.id, []) if not _words(n.text) <= said
                    ]
            if block.kind is BlockKind.PRESENTATIONS and data.presentations:
                paragraph.sentences.append(presentations_lead(data.presentations, day, lang))
                # Every participant's project, each with what became of it when it
                # was not presented: the recap is the record of all of them.
                paragraph.projects = [
                    _project(p.title or p.presenter, p.summary, _fate(p, day, lang))
                    for p in data.presentations
                    if p.title or p.state in (PresentationState.DONE, PresentationState.PRESENTING)
                ]
            _weave(paragraph, by_block.get(block.id, []), lang)
            paragraph.rounds.extend(rounds.pop(block.id, []))
        paragraphs.append(paragraph)
        if position == 0 and not reported and group[0].kind is BlockKind.RECAP:
            paragraphs.append(_pre_assignment(data, day, lang))  # after the look back
            reported = True
    if not reported and s.pre_assignment.task:
        # No block reported on it: its own paragraph where the day began.
        paragraphs.insert(1, _pre_assignment(data, day, lang))
    paragraphs = [p for p in paragraphs if p.sentences or p.quotes or p.projects or p.rounds]

    closing = Paragraph()
    _weave(closing, [n for n in notes if n.block_id not in {b.id for b in ran}], lang)
    closing.rounds = [said for left in rounds.values() for said in left]  # no block ran then
    if s.homework:
        closing.sentences.append(
            ended(t("article.homework", lang, homework=verb_phrase(s.homework)))
        )
    if s.next_session and (s.next_session.date or s.next_session.venue):
        closing.sentences.append(
            next_session_sentence(s.next_session.date, s.next_session.venue, lang)
        )
    if closing.sentences or closing.quotes or closing.rounds:
        paragraphs.append(closing)
    return Article(
        lang=lang,
        title=s.title,
        subtitle=subtitle(data, lang),
        quote_marks=("”", "”") if lang == "sv" else ("“", "”"),
        paragraphs=paragraphs,
        contact=list(s.programme.contact) if s.programme else [],
    )


def _pre_assignment(data: SessionData, day: str, lang: str) -> Paragraph:
    """The task the participants had before the day, and what came of it, if anyone said."""
    task = data.session.pre_assignment
    if not task.task:
        return Paragraph()
    key = "article.pre_assignment.planned" if day == "planned" else "article.pre_assignment"
    sentences = [ended(t(key, lang, task=verb_phrase(task.task)))]
    if task.result:
        sentences.append(_sentence(task.result))
    return Paragraph(sentences)


def _opener(group: list[Block], position: int, count: int, leaders: str, lang: str) -> str:
    """The sentence that opens a block's paragraph, by what it was and where it fell in the day."""
    if len(group) > 2:
        # More titles than a reader takes in one breath: the kinds say enough.
        what = t("article.woven_untitled", lang)
    elif len(group) > 1:
        titles = join_names([f"{_q(b.title, lang)}" for b in group], lang)
        what = t("article.woven", lang, titles=titles)
    else:
        block = group[0]
        if block.kind in (BlockKind.INFO, BlockKind.WRAPUP) and position > 0:
            # "Finally came a closing session" says nothing: say what was done in it.
            where = "last" if position == count - 1 and count > 2 else "next"
            key = f"article.{block.kind.value}.{where}"
            return t(key, lang, title=_q(block.title, lang)) + "."
        kind = t(f"article.kind.{block.kind.value}", lang)
        what = t("article.block", lang, kind=kind, title=_q(block.title, lang))
    if position == 0:
        key = "article.first" if leaders else "article.first_plain"
        return t(key, lang, names=leaders, what=what) + "."
    if position == count - 1 and count > 2:
        return t("article.last", lang, what=what) + "."
    variants = ("article.next.0", "article.next.1", "article.next.2")
    return t(variants[(position - 1) % len(variants)], lang, what=what) + "."


def _weave(paragraph: Paragraph, notes: list[Note], lang: str) -> None:
    """A block's notes as sentences of its paragraph; quotes to follow it.

    Notes written at the tables of a group discussion come after the room's,
    group by group, each group named once before its own.
    """
    groups: dict[str, list[Note]] = {}
    for note in notes:
        if note.kind is NoteKind.QUOTE:
            paragraph.quotes.append(Quote(note.text, note.speaker))
        elif note.group:
            groups.setdefault(note.group, []).append(note)
        else:
            paragraph.sentences.append(_said(note, lang))
    for group, written in groups.items():
        said = [_said(note, lang) for note in written]
        said[0] = t("article.group", lang, group=group, text=said[0])
        paragraph.sentences.extend(said)


def _said(note: Note, lang: str) -> str:
    if note.kind is NoteKind.POINT:
        return _sentence(note.text)
    said = _sentence(note.text, "?" if note.kind is NoteKind.QUESTION else ".")
    if note.kind is NoteKind.ACTION and note.owner:
        said = said[:-1] + f" ({note.owner})" + said[-1]
    return t(f"article.note.{note.kind.value}", lang, text=said)


def _words(text: str) -> set[str]:
    return {w.strip(".,;:!?”“\"'()").casefold() for w in text.split()} - {""}


def _sentence(text: str, end: str = ".") -> str:
    flat = capitalised(" ".join(text.split()))
    if not flat:
        return ""
    return flat if flat[-1] in ".!?…:" else flat + end


def _project(title: str, summary: str, fate: str = "") -> str:
    said = f"{_sentence(title)} {' '.join(summary.split())}".strip()
    return f"{said} ({fate})" if fate else said


def _fate(p: Presentation, day: str, lang: str) -> str:
    """What became of a project not presented ("not reached", "absent"); nothing for one presented."""
    if p.state in (PresentationState.DONE, PresentationState.PRESENTING):
        return ""
    if not held(day) and p.state is not PresentationState.ABSENT:
        return ""
    if p.state is PresentationState.WAITING:
        key = "recap.outcome.not_reached" if day == "done" else "pstate.waiting"
    elif p.state is PresentationState.SKIPPED:
        key = "article.fate.skipped"  # as the count above says it
    else:
        key = f"recap.outcome.{p.state.value}"
    text = t(key, lang)
    return text[:1].lower() + text[1:]


def _q(title: str, lang: str) -> str:
    return f"”{title}”" if lang == "sv" else f"“{title}”"
