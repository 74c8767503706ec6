"""The note-taker's screen: a capture line always ready, and the day's notes to edit, pin and find."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Select, Static

from facilitator.errors import FacilitatorError
from facilitator.i18n import t, tn
from facilitator.intake import read_line
from facilitator.model import Note, NoteKind, in_recap, presenting_now, running_block
from facilitator.safetext import one_line
from facilitator.services import Failed, NoteState

from .base import SessionScreen
from .capture import CaptureLine
from .keybar import KeyBar
from .noterows import KIND_STYLE, failed_line, note_cells
from .status import DayStatus
from .tables import cursor_key, move_cursor_to, reset_table

KINDS = list(NoteKind)
PENDING_SHOWN = 5  # notes that could not be saved, listed above the notes at most
# The list is drawn a screen at a time: at first (and at each key in the search) as
# many rows as the terminal is high, which is more than the list can show, and a
# screen more each time the cursor or the scrolling nears the last row drawn.
# Never fewer than this, for a window too low to say.
LEAST_ROWS = 10
ALL = "*"
# `a` on a note: the article chooses → in the article → kept out → the article chooses.
ARTICLE_NEXT: dict[bool | None, bool | None] = {None: True, True: False, False: None}
NO_GROUP = "-"  # the group filter: notes written for the whole room

if TYPE_CHECKING:
    from .forms import NoteForm


class NotesScreen(SessionScreen):
    CSS_PATH = "notes.tcss"
    BINDINGS = [
        Binding("ctrl+t", "cycle_kind", "Kind", id="note_kind"),
        Binding("ctrl+r", "retry", "Retry unsaved", id="retry_notes"),
        Binding("ctrl+z", "undo", "Undo delete", id="undo"),
        Binding("escape", "write", "Write", id="write"),
        Binding("down", "to_list", "List", id="to_list", show=False),
        Binding("e", "edit", "Edit", id="edit_note"),
        Binding("x", "delete", "Delete", id="delete_note"),
        Binding("p", "pin", "Pin", id="pin_note"),
        Binding("a", "article", "In article", id="article_note"),
        Binding("c", "done", "Done/open", id="done_note"),
        Binding("ctrl+f,slash", "search", "Search", id="search"),
        Binding("f3", "app.switch_mode('agenda')", "Agenda", id="agenda", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.kind = NoteKind.POINT
        self._undo: list[Note] = []
        self._options_key: tuple[object, ...] = ()
        self._counts = Text()  # the counts line as last counted; the save state is added to it
        self._captured = False  # a note was typed here: "all saved" then means something
        # The search's key of each note (see _search_keys): for which list, by note id.
        self._keys_of: list[Note] | None = None
        self._keys: list[str] = []
        # The searches typed so far, each a prefix of the next: for which list, and each
        # text typed with the places it matched (see filtered).
        self._searched_in: list[Note] | None = None
        self._searches: list[tuple[str, list[int]]] = []
        # Each note by its id, for the list it was made for (the cursor's note, at every key).
        self._by_id: tuple[list[Note] | None, dict[str, Note]] = (None, {})
        self._counted_for: list[Note] | None = None
        self._select_next: str | None = None  # a note to put the cursor on once it is listed
        self._drawn: tuple[list[Note], int] = ([], 0)  # the list in the table, and rows drawn
        self._typed_start = ""  # the capture line's first characters, as the kind was shown for
        self._counted: tuple[dict[NoteKind, int], int] = ({}, 0)
        self._groups_of: list[Note] | None = None
        self._listed_of: list[Note] | None = None
        self._listed: list[Note] = []
        self._group_names: tuple[str, ...] = ()

    def compose(self) -> ComposeResult:
        yield DayStatus(id="notes-status")
        yield Static(id="notes-problem")
        yield Static(id="notes-link")
        yield CaptureLine(receive=self._receive, id="notes-capture")
        with Horizontal(id="notes-filters"):
            # Real options come with the session's data (_update_filter_options).
            for name in ("filter-kind", "filter-block", "filter-presenter", "filter-group"):
                yield Select([("", ALL)], value=ALL, allow_blank=False, compact=True, id=name)
            yield Input(id="filter-search", compact=True)
        yield Static(id="notes-counts")
        yield Static(id="notes-pending")
        yield DataTable(id="notes-table", cursor_type="row")
        yield KeyBar()

    def on_mount(self) -> None:
        self.watch(
            self.query_one("#notes-table", DataTable), "scroll_y", self._scrolled, init=False
        )
        self.watch(self.app, "data", self._refresh)
        self.watch(self.app, "language", self._relabel)
        self.watch(self.app, "pending", self._show_pending)
        self.watch(self.app, "problem", self._show_problem)
        self.set_interval(1.0, self.tick)
        self.query_one("#notes-capture", Input).focus()

    # --- drawing ----------------------------------------------------------

    def _relabel(self) -> None:
        lang = self.lang
        self.query_one("#notes-capture", Input).placeholder = t("notes.placeholder", lang)
        self.query_one("#filter-search", Input).placeholder = t("notes.search", lang)
        self._options_key = ()
        self._refresh()

    def _refresh(self) -> None:
        """Redraw the list and the filters; the capture line is never touched."""
        self._update_filter_options()
        self._rebuild_table()
        self._show_link()
        self.tick()

    def _update_filter_options(self) -> None:
        data, lang = self.data, self.lang
        blocks = [(b.id, b.title) for b in data.blocks] if data else []
        people = [(p.id, p.presenter) for p in data.presentations] if data else []
        groups = self._groups()
        key = (lang, tuple(blocks), tuple(people), groups)
        if key == self._options_key:
            return  # the options stay, and so does what the user picked
        self._options_key = key
        kinds = [(t("notes.all_kinds", lang), ALL)] + [
            (t(f"note.{k.value}", lang), k.value) for k in KINDS
        ]
        _set_options(self.query_one("#filter-kind", Select), kinds)
        _set_options(
            self.query_one("#filter-block", Select),
            [(t("notes.all_blocks", lang), ALL)]
            + [(one_line(title, 30), i) for i, title in blocks],
        )
        _set_options(
            self.query_one("#filter-presenter", Select),
            [(t("notes.all_presenters", lang), ALL)]
            + [(one_line(name, 30), i) for i, name in people],
        )
        # Groups only where there are some: a day without group work keeps three filters.
        by_group = self.query_one("#filter-group", Select)
        by_group.display = bool(groups)
        _set_options(
            by_group,
            [(t("notes.all_groups", lang), ALL), (t("notes.no_group", lang), NO_GROUP)]
            + [(group, group) for group in groups],
        )

    def _groups(self) -> tuple[str, ...]:
        """The groups notes were written for, and this note-taker's own: in order, once a save."""
        notes = self.notes()
        if self._groups_of is not notes:
            self._groups_of = notes
            self._group_names = tuple(sorted({n.group for n in notes if n.group}, key=str.casefold))
        own = self.services.desk.group
        if own and own not in self._group_names:
            return tuple(sorted((*self._group_names, own), key=str.casefold))
        return self._group_names

    def notes(self) -> list[Note]:
        """The day's notes as this screen lists them: the room's only once the trainer kept them.

        What the participants send that is new or hidden is gone through in the
        trainer's list (``v``), never here: a note-taker's screen in a browser must
        not show it either. Without any from the room, the session's own list.
        """
        every = self.data.notes if self.data else []
        if self._listed_of is not every:
            self._listed_of = every
            self._listed = (
                every if all(n.room is None for n in every) else [n for n in every if in_recap(n)]
            )
        return self._listed

    def filtered(self) -> list[Note]:
        """The notes that pass the filters and the search, newest first."""
        if self.data is None:
            return []
        kind = self.query_one("#filter-kind", Select).value
        block = self.query_one("#filter-block", Select).value
        person = self.query_one("#filter-presenter", Select).value
        group = self.query_one("#filter-group", Select).value
        typed = self.query_one("#filter-search", Input).value.casefold()
        words = typed.split()
        if (
            kind in (ALL, Select.BLANK)
            and block in (ALL, Select.BLANK)
            and person in (ALL, Select.BLANK)
            and group in (ALL, Select.BLANK)
            and not words
        ):
            return self.notes()[::-1]  # no filter: no need to look at each note
        every = self.notes()
        places: range | list[int] = range(len(every) - 1, -1, -1)  # newest first
        if words:
            places = self._searched(every, typed, words)
        else:
            self._searches = []  # the field emptied: nothing to narrow or widen back to
        if (
            kind in (ALL, Select.BLANK)
            and block in (ALL, Select.BLANK)
            and person in (ALL, Select.BLANK)
            and group in (ALL, Select.BLANK)
        ):
            return [every[i] for i in places]  # the search alone: no other test per note
        notes = []
        for index in places:
            note = every[index]
            if kind not in (ALL, Select.BLANK) and note.kind.value != kind:
                continue
            if block not in (ALL, Select.BLANK) and note.block_id != block:
                continue
            if person not in (ALL, Select.BLANK) and note.presentation_id != person:
                continue
            if group not in (ALL, Select.BLANK) and note.group != (
                "" if group == NO_GROUP else group
            ):
                continue
            notes.append(note)
        return notes

    def _searched(self, every: list[Note], typed: str, words: list[str]) -> list[int]:
        """The places in ``every`` (newest first) of the notes with each of ``words``.

        Typing narrows: a longer text matches only among what the shorter one
        matched (each of its words holds the shorter one's), so a key looks at
        the previous result, not at all the notes. Taking a letter back widens
        to the result already found for that text, kept while it is typed.
        """
        searches = self._searches if self._searched_in is every else []
        while searches and not typed.startswith(searches[-1][0]):
            searches.pop()
        if searches and searches[-1][0] == typed:
            places = searches[-1][1]
        else:
            keys = self._search_keys(every)
            # One word at a time over the places still in: a plain `in` per note.
            among: range | list[int] = (
                searches[-1][1] if searches else range(len(every) - 1, -1, -1)
            )
            for word in words:
                among = [i for i in among if word in keys[i]]
            assert isinstance(among, list)  # words is not empty: filtered into a list above
            places = among
            searches.append((typed, places))
        self._searched_in, self._searches = every, searches
        return places

    def _search_keys(self, notes: list[Note]) -> list[str]:
        """What the search looks in, per note, in the order of ``notes``: worked out once a note.

        Lower-casing fifty thousand notes at every key typed made searching
        slow. The keys are kept for the list they were made for; for a new
        list (after a save) only the notes not in the old one get new keys,
        since the store hands back the same note objects for unchanged files.
        """
        if self._keys_of is notes:
            return self._keys
        # The old list is alive until the new keys are made, so its notes' ids stay theirs.
        known = (
            {id(note): key for note, key in zip(self._keys_of, self._keys, strict=True)}
            if self._keys_of is not None
            else {}
        )
        keys = [
            known.get(id(note)) or f"{note.text} {note.speaker} {note.owner}".casefold()
            for note in notes
        ]
        self._keys_of, self._keys = notes, keys
        return keys

    def _rebuild_table(self) -> None:
        table = self.query_one("#notes-table", DataTable)
        # While the list has focus the cursor stays on its note; otherwise on the newest.
        keep = self.selected() if table.has_focus else None
        data, lang = self.data, self.lang
        reset_table(
            table,
            [
                (key, "" if key == "pin" else t(f"notes.col.{key}", lang), None)
                for key in ("time", "kind", "pin", "text", "link")
            ],
        )
        if data is None:
            return
        notes = self.filtered()
        if self._select_next is not None and any(n.id == self._select_next for n in notes):
            keep_id: str | None = self._select_next
            self._select_next = None
        else:
            keep_id = keep.id if keep else None
        # Drawn far enough to show the note the cursor stays on.
        page = self.page_rows()
        upto = page
        if keep_id is not None:
            at = next((i for i, n in enumerate(notes) if n.id == keep_id), -1)
            upto = max(page, at + 1 + page // 2)
        self._drawn = (notes, 0)
        self._draw_more(table, upto)
        self._show_counts(len(notes))
        move_cursor_to(table, keep_id)

    def _draw_more(self, table: DataTable[object], count: int) -> None:
        """Add the next ``count`` rows of the list drawn (``_drawn``) to the table."""
        data = self.data
        notes, drawn = self._drawn
        if data is None or drawn >= len(notes):
            return
        blocks = {b.id: b.title for b in data.blocks}
        people = {p.id: p.presenter for p in data.presentations}
        for note in notes[drawn : drawn + count]:
            table.add_row(*note_cells(note, blocks, people, self.lang), key=note.id)
        self._drawn = (notes, min(len(notes), drawn + count))

    def page_rows(self) -> int:
        """The rows drawn at a time: a screen's height of them (the list shows fewer)."""
        return max(self.app.size.height, LEAST_ROWS)

    @on(DataTable.RowHighlighted, "#notes-table")
    def _near_the_end(self, event: DataTable.RowHighlighted) -> None:
        # The list fills as it scrolls: near the last row drawn, the next rows are added.
        table = event.data_table
        if event.cursor_row >= table.row_count - 5:
            self._draw_more(table, self.page_rows())

    def _scrolled(self) -> None:
        # Scrolled (the wheel, the scrollbar) to near the last row drawn: the next rows too.
        table = self.query_one("#notes-table", DataTable)
        if table.scroll_y + table.size.height >= table.row_count - 5:
            self._draw_more(table, self.page_rows())

    def _show_counts(self, shown: int) -> None:
        """Counts per kind over the whole session, and how many of the matching notes are drawn."""
        data, lang = self.data, self.lang
        if data is None:
            return
        listed = self.notes()
        if self._counted_for is not listed:  # counted once a save, not at every key typed
            counts = {k: 0 for k in KINDS}
            for note in listed:
                counts[note.kind] += 1
            self._counted = (counts, sum(1 for n in listed if n.pinned))
            self._counted_for = listed
        counts, pinned = self._counted
        parts = [tn("notes.total", lang, len(listed))]
        parts += [f"{t(f'note.{k.value}', lang)} {counts[k]}" for k in KINDS if counts[k]]
        if pinned:
            parts.append(f"★ {pinned}")
        line = "  ·  ".join(parts)
        if shown != len(listed):  # a filter or a search is on
            line += "   " + t("notes.showing", lang, matching=shown)
        if self.app.notes_partial:
            # A big day just opened: the counts and a search cover the newest notes until the rest is read.
            line += "   " + t("notes.loading_older", lang)
        self._counts = Text(line)
        self._show_pending()

    def _show_pending(self) -> None:
        """How the notes typed are doing: saving, all saved, or the ones that failed.

        The state shares the counts line (one line, redrawn for next to
        nothing); only notes that failed get lines of their own above the list,
        with the cause, until they are saved.
        """
        lang = self.lang
        unsaved = self.services.notes.unsaved()
        failed = [n for n in unsaved if n.state is NoteState.FAILED]
        saving = len(unsaved) - len(failed)
        if failed:
            state = Text(t("notes.failed_count", lang, count=len(failed)), style="bold red")
        elif saving:
            state = Text(t("notes.saving_count", lang, count=saving), style="yellow")
        elif self._captured:
            state = Text(t("notes.all_saved", lang), style="green")
        else:
            state = Text("")
        counts = self._counts.copy()
        if state:
            counts.append("   ")
            counts.append_text(state)
        self.query_one("#notes-counts", Static).update(counts)
        strip = self.query_one("#notes-pending", Static)
        strip.display = bool(failed)
        if failed:
            shown = failed[-PENDING_SHOWN:]
            lines = Text("\n").join(failed_line(note, lang) for note in reversed(shown))
            if len(failed) > len(shown):
                more = t("notes.pending_more", lang, count=len(failed) - len(shown))
                lines.append("\n" + more)
            strip.update(lines)

    def _show_problem(self) -> None:
        """A session that could not be read (a damaged notes file…) is said up front, as typed notes still save."""
        widget = self.query_one("#notes-problem", Static)
        widget.update(Text(self.app.problem))
        widget.display = bool(self.app.problem)

    def _show_link(self) -> None:
        """Where a note saved now will be linked, and the kind chosen by key."""
        data, lang = self.data, self.lang
        widget = self.query_one("#notes-link", Static)
        # The kind the line will be saved as: a typed prefix ("! Nästa") wins over the key's.
        typed = self.query_one("#notes-capture", Input).value
        kind = read_line(typed, self.kind).kind if typed else self.kind
        line = Text(f"[{t(f'note.{kind.value}', lang)}] ", style=f"bold {KIND_STYLE[kind]}")
        # The kind ctrl+t chose, on the line where the eyes are (a typed prefix may override it).
        chosen = self.query_one("#notes-capture", Input)
        chosen.border_title = (
            None if self.kind is NoteKind.POINT else f"ctrl+t: {t(f'note.{self.kind.value}', lang)}"
        )
        if self.services.desk.group:
            line.append(one_line(self.services.desk.group, 30) + " · ", style="bold")
        if data is None:
            widget.update(line)
            return
        block = running_block(data.blocks)
        speaker = presenting_now(data.presentations)
        places = []
        if block is not None:
            places.append(one_line(block.title, 40))
        if speaker is not None:
            places.append(t("notes.presenting", lang, name=one_line(speaker.presenter, 30)))
        line.append(
            t("notes.linked_to", lang, where=" · ".join(places))
            if places
            else t("notes.unlinked", lang)
        )
        widget.update(line)

    def tick(self) -> None:
        if self.is_current:
            self.query_one("#notes-status", DayStatus).show(self.data, self.app.clock(), self.lang)

    # --- capture ----------------------------------------------------------

    def _receive(self, line: str) -> str | None:
        """Hand a line ended with Enter to the service: None once taken, else why not (it stays)."""
        try:
            self.services.notes.take_line(line, self.kind)
        except FacilitatorError as exc:
            return exc.localized(self.lang)
        return None

    @on(CaptureLine.Captured, "#notes-capture")
    def _taken(self) -> None:
        """A line was taken: it shows as pending at once and as saved when on disk."""
        self._captured = True
        self.kind = NoteKind.POINT
        self._show_link()

    @on(CaptureLine.Refused, "#notes-capture")
    def _refused(self, event: CaptureLine.Refused) -> None:
        self.notify(event.reason, severity="error")

    def action_retry(self) -> None:
        """Save again the notes that could not be saved, in the order they were typed."""
        if self.services.notes.retry() == 0:
            self.notify(t("notes.nothing_to_retry", self.lang))

    def action_cycle_kind(self) -> None:
        self.kind = KINDS[(KINDS.index(self.kind) + 1) % len(KINDS)]
        self._show_link()

    # --- the list ---------------------------------------------------------

    @on(Input.Changed, "#notes-capture")
    def _typing(self, event: Input.Changed) -> None:
        # Redrawn only when the first character can change the kind, not at every letter.
        first = event.value[:2]
        if first != self._typed_start:
            self._typed_start = first
            self._show_link()

    @on(Select.Changed)
    @on(Input.Changed, "#filter-search")
    def _filters_changed(self) -> None:
        self._rebuild_table()

    def selected(self) -> Note | None:
        key = cursor_key(self.query_one("#notes-table", DataTable))
        if self.data is None or key is None:
            return None
        notes = self.notes()
        if self._by_id[0] is not notes:
            self._by_id = (notes, {n.id: n for n in notes})
        return self._by_id[1].get(key)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "done":
            note = self.selected()
            if self.app.read_only:
                return False
            if note is None or not self.app.may_change(note):
                return None
            return True if note.kind is NoteKind.ACTION else None
        if action in ("edit", "delete", "pin", "article"):
            if self.app.read_only:
                return False
            note = self.selected()
            return True if note is not None and self.app.may_change(note) else None
        if action == "undo":
            return True if self._undo else None
        if action == "retry":  # in the footer only while a note waits for it
            return any(n.state is NoteState.FAILED for n in self.services.notes.pending)
        return True

    def action_write(self) -> None:
        self.query_one("#notes-capture", Input).focus()

    def action_to_list(self) -> None:
        """Down from the capture line (or a filter) goes to the notes."""
        self.query_one("#notes-table", DataTable).focus()

    def action_search(self) -> None:
        self.query_one("#filter-search", Input).focus()

    def action_pin(self) -> None:
        note = self.selected()
        if note is not None:
            self.services.notes.toggle_pin(note.id)

    def action_article(self) -> None:
        """The trainer's word on the article, in turn: in it, kept out, the article chooses."""
        note = self.selected()
        if note is not None:
            after = ARTICLE_NEXT[note.in_article]
            # An edit of that one field: a change made meanwhile elsewhere is kept.
            self.services.notes.edit_note(note, replace(note, in_article=after))
            self.app.notify(t(f"notes.article.{str(after).lower()}", self.lang), timeout=3)

    def action_done(self) -> None:
        """An action carried out (or open again): open ones carry over to the next occasion."""
        note = self.selected()
        if note is not None and note.kind is NoteKind.ACTION:
            self.services.notes.toggle_done(note.id)

    def action_delete(self) -> None:
        note = self.selected()
        if note is None:
            return

        def deleted(gone: Note) -> None:
            self._undo.append(gone)
            self.notify(t("notes.deleted", self.lang))
            self.refresh_bindings()

        self.services.notes.delete_note(note.id, then=deleted)

    def action_undo(self) -> None:
        if self._undo:
            note = self._undo.pop()
            # The cursor goes to the note brought back as soon as the list shows it,
            # so that the next key acts on it, not on whatever row is on top.
            self._select_next = note.id
            self.services.notes.restore_note(note)
            self.refresh_bindings()

    @on(DataTable.RowSelected, "#notes-table")
    def action_edit(self) -> None:
        note, data = self.selected(), self.data
        if note is None or data is None:
            return

        def save(changed: Note, failed: Failed) -> None:
            self.services.notes.edit_note(note, changed, failed=failed)

        self.ask(
            lambda shown, error: _note_form()(
                self.lang, shown or note, data.blocks, data.presentations, error
            ),
            save,
            note,
        )


def _set_options(select: Select[str], options: list[tuple[str, str]]) -> None:
    """New options for a filter, keeping what was picked if it is still there."""
    value = select.value
    select.set_options(options)
    select.value = value if value in [v for _, v in options] else ALL
    # Redraw the label even when the value stayed the same.
    select.mutate_reactive(Select.value)  # type: ignore[misc]


def _note_form() -> type[NoteForm]:
    """The note form, imported when first opened: the first frame does not wait for its editor."""
    from .forms import NoteForm

    return NoteForm
