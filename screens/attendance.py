"""Attendance: a check-in round, one key per person, moving on to the next."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from facilitator.attendance import attendance_of, presented
from facilitator.i18n import t, tn
from facilitator.model import Attendance, Participant
from facilitator.safetext import one_line

from .base import SessionScreen
from .keybar import KeyBar
from .tables import reset_table

STYLE = {
    Attendance.PRESENT: "green",
    Attendance.LATE: "yellow",
    Attendance.ABSENT: "red",
    Attendance.UNKNOWN: "dim",
}
COLUMNS = ("name", "organisation", "role", "attendance")


# In the order the counts line gives them.
COUNTED = (Attendance.PRESENT, Attendance.LATE, Attendance.ABSENT, Attendance.UNKNOWN)


class AttendanceScreen(SessionScreen):
    CSS_PATH = "attendance.tcss"
    BINDINGS = [
        Binding("p", "mark('present')", "Present", id="mark_present"),
        Binding("l", "mark('late')", "Late", id="mark_late"),
        Binding("a", "mark('absent')", "Absent", id="mark_absent"),
        Binding("u", "mark('unknown')", "Not marked", id="mark_unknown"),
        Binding("f3", "app.switch_mode('agenda')", "Agenda", id="agenda"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="attendance-counts")
        yield DataTable(id="attendance-table", cursor_type="row")
        yield KeyBar()

    def on_mount(self) -> None:
        self.watch(self.app, "data", self._rebuild)
        self.watch(self.app, "language", self._rebuild, init=False)

    def _participants(self) -> list[Participant]:
        return self.app.data.session.participants if self.app.data else []

    def _rebuild(self) -> None:
        lang = self.app.language
        table = self.query_one("#attendance-table", DataTable)
        row = table.cursor_row
        reset_table(table, [(key, t(f"attendance.col.{key}", lang), None) for key in COLUMNS])
        people = self._participants()
        # As the recap says it: someone marked absent in the queue is absent here too.
        seen = attendance_of(self.app.data) if self.app.data else {}
        for person in people:
            mark = seen.get(person.id, person.attendance)
            table.add_row(
                Text(one_line(person.name, 40), style="bold"),
                Text(one_line(person.organisation, 40)),
                Text(one_line(person.role, 30)),
                Text(t(f"attendance.{mark.value}", lang), style=STYLE[mark]),
                key=person.id,
            )
        if people:
            table.move_cursor(row=min(row, len(people) - 1))
        counts = {a: sum(1 for p in people if seen.get(p.id) is a) for a in Attendance}
        parts = [tn(f"attendance.count.{a.value}", lang, counts[a]) for a in COUNTED]
        line = t("attendance.counts", lang, counts=", ".join(parts))
        self.query_one("#attendance-counts", Static).update(
            Text(line if people else t("attendance.empty", lang))
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "mark":
            if self.app.read_only:
                return False
            return True if self._participants() else None
        return True

    def action_mark(self, value: str) -> None:
        table = self.query_one("#attendance-table", DataTable)
        people = self._participants()
        if not people:
            return
        person = people[table.cursor_row]
        attendance = Attendance(value)

        def mark() -> None:
            self.services.attendance.mark_attendance(person.id, attendance)
            table.move_cursor(row=min(table.cursor_row + 1, len(people) - 1))

        if attendance is Attendance.ABSENT and self.data and presented(self.data, person.id):
            # The recap would then say both: ask before writing a contradiction.
            self.confirm(t("attendance.absent_but_presented", self.lang, name=person.name), mark)
        else:
            mark()
