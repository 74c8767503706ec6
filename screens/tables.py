"""DataTable helpers: a redraw that keeps the columns, and the cursor by row key."""

from __future__ import annotations

from textual.widgets import DataTable


def reset_table(table: DataTable[object], columns: list[tuple[str, str]]) -> None:
    """Remove the rows; remake the columns only when their keys or labels change.

    Remaking the columns on every redraw (clear(columns=True)) sometimes left
    them as narrow as their headings, cutting the cells; and it is more work.
    """
    current = [(str(key.value), column.label.plain) for key, column in table.columns.items()]
    if current == columns:
        table.clear()
        return
    table.clear(columns=True)
    for key, label in columns:
        table.add_column(label, key=key)


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
