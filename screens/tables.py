"""DataTable helpers: columns fitted to the width, a redraw that keeps them, the cursor by key."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable

PADDING = 2  # a DataTable cell's padding, one cell each side
SCROLLBAR = 2  # kept free for the vertical scrollbar, shown or not
# The width each table's columns were last fitted to (see fill_table, refit_after_resize).
_FITTED: WeakKeyDictionary[DataTable[object], int] = WeakKeyDictionary()


@dataclass(frozen=True)
class Column:
    """A column and how it gives way when the table is narrow.

    ``rank``: the lower, the sooner the column is left out (a name is never
    left out: give it the highest). ``shortest``: a text column may be cut
    with an ellipsis down to this many cells; 0 means shown whole or not at all.
    """

    key: str
    label: str
    rank: int
    shortest: int = 0


def fit_columns(
    columns: Sequence[Column], rows: Sequence[Sequence[Text]], width: int
) -> list[tuple[Column, int]]:
    """The columns to show in ``width`` cells, each with its width, in their order.

    Columns are left out from the lowest rank until the rest fit with their
    text columns at their shortest; the room left then goes to the text
    columns, the highest rank first, up to their longest cell.
    """
    longest = [
        max([cell_len(column.label)] + [row[i].cell_len for row in rows])
        for i, column in enumerate(columns)
    ]
    kept = list(range(len(columns)))

    def needed(index: int) -> int:
        column = columns[index]
        return (
            min(column.shortest, longest[index]) if column.shortest else longest[index]
        ) + PADDING

    room = width - SCROLLBAR
    for index in sorted(kept, key=lambda i: columns[i].rank):
        if sum(needed(i) for i in kept) <= room or len(kept) == 1:
            break
        kept.remove(index)
    widths = {i: needed(i) - PADDING for i in kept}
    spare = room - sum(needed(i) for i in kept)
    for index in sorted(kept, key=lambda i: -columns[i].rank):
        if columns[index].shortest and spare > 0:
            grow = min(spare, longest[index] - widths[index])
            widths[index] += grow
            spare -= grow
    return [(columns[i], max(1, widths[i])) for i in kept]


def fill_table(
    table: DataTable[object],
    columns: Sequence[Column],
    rows: Sequence[tuple[str, Sequence[Text]]],
) -> None:
    """Fill ``table`` with keyed rows, the columns fitted to its width (see fit_columns)."""
    # Before the first layout: as wide as the terminal, which these tables span. Fitted
    # to the width they get, the first frame is drawn once, not again at the first resize.
    width = table.size.width or table.app.size.width or 200
    _FITTED[table] = width
    shown = fit_columns(columns, [cells for _, cells in rows], width)
    reset_table(table, [(column.key, column.label, size) for column, size in shown])
    places = [columns.index(column) for column, _ in shown]
    for key, cells in rows:
        picked = []
        for place, (_, size) in zip(places, shown, strict=True):
            cell = cells[place].copy()
            if cell.cell_len > size:
                cell.truncate(size, overflow="ellipsis")
            picked.append(cell)
        table.add_row(*picked, key=key)


def refit_after_resize(table: DataTable[object], refill: Callable[[], object]) -> None:
    """On a resize: once ``table`` has its new size, ``refill`` it if its width is another.

    The columns are fitted to the width; the first layout gives the width they
    were fitted to already, and then nothing is filled again.
    """

    def refit() -> None:
        if _FITTED.get(table) != table.size.width:
            refill()

    table.screen.call_after_refresh(refit)


def reset_table(table: DataTable[object], columns: list[tuple[str, str, int | None]]) -> None:
    """Remove the rows; remake the columns only when their keys, labels or widths change.

    A width of None lets the column take the width of its widest cell.

    Remaking the columns on every redraw (clear(columns=True)) sometimes left
    them as narrow as their headings, cutting the cells; and it is more work.
    """
    current = [
        (str(key.value), column.label.plain, None if column.auto_width else column.width)
        for key, column in table.columns.items()
    ]
    if current == columns:
        table.clear()
        return
    table.clear(columns=True)
    for key, label, size in columns:
        # As Text: a plain label, not read as markup (which cost a parse, and Rich's
        # emoji table imported, before the first frame).
        table.add_column(Text(label), key=key, width=size)


def cursor_key(table: DataTable[object]) -> str | None:
    """The key of the row under the cursor, if there is a row."""
    if table.row_count == 0:
        return None
    row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
    return row_key.value


def move_cursor_to(table: DataTable[object], key: str | None) -> None:
    """Put the cursor on the row with ``key``; if it went away meanwhile, leave the cursor be."""
    if key is None:
        return
    try:
        table.move_cursor(row=table.get_row_index(key))
    except Exception:  # RowDoesNotExist, whatever its module in this Textual
        return
