"""Emptying a DataTable for a redraw while keeping its columns."""

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
