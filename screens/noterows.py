"""How a note is drawn in the notes list, and a note that could not be saved."""

from __future__ import annotations

from rich.text import Text

from facilitator.i18n import t
from facilitator.model import Note, NoteKind
from facilitator.safetext import one_line
from facilitator.services import PendingNote, reason

# Colour helps at a glance; the kind is always written out too.
KIND_STYLE = {
    NoteKind.POINT: "",
    NoteKind.QUOTE: "magenta",
    NoteKind.DECISION: "green",
    NoteKind.ACTION: "yellow",
    NoteKind.QUESTION: "cyan",
}
# A note put in the article (+) or kept out of it (−) by `a`; nothing while the article chooses.
ARTICLE_MARK: dict[bool | None, str] = {None: "", True: "+", False: "−"}


def failed_line(note: PendingNote, lang: str) -> Text:
    """A note that could not be saved, on one line: its time, its text, and why."""
    time = note.created_at.astimezone().strftime("%H:%M")
    line = Text(f"✗ {time}  ", style="bold red")
    line.append(one_line(note.text, 50))
    line.append(f"  — {reason(note.error, lang)}", style="red")
    return line


def note_cells(note: Note, blocks: dict[str, str], people: dict[str, str], lang: str) -> list[Text]:
    text = one_line(note.text, 120)
    if note.kind is NoteKind.QUOTE and note.speaker:
        text = f"“{text}” — {one_line(note.speaker, 40)}"
    elif note.kind is NoteKind.ACTION:
        if note.owner:
            text = f"{text} → {one_line(note.owner, 40)}"
        if note.done:
            text = f"✓ {text}"
        if note.carried_from:
            text += "  " + t("notes.carried", lang, date=note.carried_from.isoformat())
    links = [one_line(note.group, 20)] if note.group else []
    if note.block_id in blocks:
        links.append(one_line(blocks[note.block_id], 30))
    if note.presentation_id in people:
        links.append(one_line(people[note.presentation_id], 20))
    return [
        Text(note.created_at.astimezone().strftime("%H:%M")),
        Text(t(f"note.{note.kind.value}", lang), style=KIND_STYLE[note.kind]),
        Text(("★" if note.pinned else "") + ARTICLE_MARK[note.in_article]),
        Text(text),
        Text(" · ".join(links), style="dim"),
    ]
