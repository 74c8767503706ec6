"""The recap in Word: real headings, the agenda as a table, quotes with their speaker, the language set."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.oxml.shared import OxmlElement
from test_recap import END, lived_day  # type: ignore[import-not-found]

from facilitator.model import Note, NoteKind, SessionData
from facilitator.recap import build, render_docx, render_programme_docx
from facilitator.recap.word import clean
from facilitator.store import Store

LABELS = {
    "sv": ("Dagens program", "Citat", "Åtgärder"),
    "en": ("The day's agenda", "Quotes", "Actions"),
}


def _paragraphs(blob: bytes) -> list[tuple[str, str]]:
    doc = Document(io.BytesIO(blob))
    return [(p.style.name, p.text) for p in doc.paragraphs]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_minutes_in_word(store: Store, demo: SessionData, lang: str) -> None:
    _, data = lived_day(store, demo)
    blob = render_docx(data, lang, END)
    doc = Document(io.BytesIO(blob))
    shown = [(p.style.name, p.text) for p in doc.paragraphs]
    agenda_label, quotes_label, actions_label = LABELS[lang]
    assert shown[0] == ("Title", "Innovation och lärande")
    assert ("Heading 1", agenda_label) in shown and ("Heading 1", quotes_label) in shown
    assert any(style == "Heading 2" and "Karin Ek" in text for style, text in shown), "a presenter"
    # The agenda: a real table, its heading row, then a row a block.
    (table,) = doc.tables
    recap = build(data, lang, END)
    assert len(table.rows) == len(recap.agenda) + 1
    assert table.rows[0].cells[1].text == recap.labels["block"]
    assert [r.cells[1].text for r in table.rows[1:]] == [row.title for row in recap.agenda]
    assert (
        table.rows[2].cells[4].text
        == f"{recap.agenda[1].actual_start}, {recap.agenda[1].actual_minutes} min"
    )
    # A quote, in the Quote style, with its speaker.
    quote = next(text for style, text in shown if style == "Quote")
    assert quote == "”Nu inser jag varför vi går utbildningen” — Karin Ek"
    # An action with its owner, in a list; markup in a note stays text.
    assert ("List Bullet", "Skicka bilderna till alla — Anna Lind") in shown
    assert any("<script>alert('x')</script>" in text for _, text in shown)
    # The document's own properties: title, author, language; A4; the page's number.
    props = doc.core_properties
    assert props.title == "Innovation och lärande"
    assert props.author == "Anna Lind, Peter Berg"
    assert props.language == {"sv": "sv-SE", "en": "en-GB"}[lang]
    made = END.astimezone(UTC).replace(microsecond=0)
    assert props.created == props.modified == made, "the export's time, not the library's"
    normal = doc.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert normal.get(qn("w:val")) == props.language, "what Word's spell-checker reads"
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    footer = section.footer.paragraphs[0]._p.xml
    assert 'w:instr="PAGE"' in footer


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_article_in_word(store: Store, demo: SessionData, lang: str) -> None:
    _, data = lived_day(store, demo)
    shown = _paragraphs(render_docx(data, lang, END, style="article"))
    assert shown[0] == ("Title", "Innovation och lärande")
    assert sum(1 for style, _ in shown if style == "Normal") >= 4, "paragraphs of prose"
    quote = next(text for style, text in shown if style == "Quote")
    assert "Nu inser jag varför vi går utbildningen" in quote and quote.endswith("— Karin Ek")
    assert any(style == "List Bullet" for style, _ in shown), "the projects, listed"


def test_a_programme_in_word(store: Store) -> None:
    from core.test_programmes import _finished_day, plan  # type: ignore[import-not-found]

    _finished_day(store)
    store.create(plan("Tredje", 3, "2018-01-25"))
    programme = store.programme("Innovationsledarskap")
    occasions = [store.load(s.id) for s in store.occasions(programme.id)]
    shown = _paragraphs(render_programme_docx(programme, occasions, "sv", END))
    assert shown[0] == ("Title", "Innovationsledarskap")
    titles = [text for style, text in shown if style == "Heading 1"]
    assert "Lärande" in titles and "Tredje" in titles


ODD = [
    "bell \x07 nul \x00 del \x7f esc \x1b]52;c;aGk=\x07 C1 \x9b2J",
    "emoji 🎉👩🏽‍🏫 and RTL \u200f\u202eomvänd\u202c \u2066isolerad\u2069",
    "not XML: \ufffe \uffff and a lone \ud800 surrogate",
    "lång " * 20_000,  # a 100 kB note
]


def test_odd_and_hostile_text_gives_a_valid_document_read_back_as_the_other_formats_show_it(
    store: Store, demo: SessionData
) -> None:
    _, data = lived_day(store, demo)
    data.notes.extend(
        Note(text, kind=NoteKind.POINT, created_at=END - timedelta(minutes=1)) for text in ODD
    )
    data.notes.append(Note("Vem sa \x1b[31m det?", kind=NoteKind.QUOTE, speaker="Ev\u202ee"))
    for style in ("minutes", "article"):
        blob = render_docx(data, "sv", END, style=style)
        text = "\n".join(t for _, t in _paragraphs(blob))
        for odd in ODD[:3] if style == "minutes" else ():  # the article makes sentences of them
            expected = clean(odd)  # as every format shows it, minus what XML cannot hold
            assert " ".join(expected.split()) in " ".join(text.split()), (style, odd[:20])
        assert "\x1b" not in text and "\x00" not in text and "\ud800" not in text
        assert "␛]52;c;aGk=␇" in text and "🎉" in text and "⟦U+202E⟧" in text
        assert text.lower().count("lång") >= 20_000, "the whole 100 kB note"


def test_the_command_line_writes_a_docx_and_says_when_it_cannot(
    store: Store, demo_id: str, tmp_path: Path
) -> None:
    def export(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "facilitator", "--store", str(store.root), "export", demo_id, *args],
            capture_output=True, text=True, env={**os.environ, "TZ": "UTC"},
        )  # fmt: skip

    out = tmp_path / "recap.docx"
    before = datetime.now(UTC).replace(microsecond=0)
    assert export("-o", str(out), "--lang", "en").returncode == 0
    written = Document(str(out)).core_properties
    assert written.language == "en-GB"
    after = datetime.now(UTC)
    assert before <= written.created <= after and written.modified == written.created
    refused = export("--format", "docx")
    assert (
        refused.returncode == 2
        and "-o FILE" in refused.stderr
        and "Traceback" not in refused.stderr
    )
    refused = export("-o", str(tmp_path / "t.docx"), "--template", str(tmp_path / "t.j2"))
    assert refused.returncode == 2 and "--template" in refused.stderr
    assert not (tmp_path / "t.docx").exists()


def test_neither_the_other_formats_nor_the_app_load_python_docx(store: Store, demo_id: str) -> None:
    code = (
        "import sys, facilitator.app, facilitator.cli; from facilitator.cli import main; "
        f"main(['--store', {str(store.root)!r}, 'export', {demo_id!r}, '--format', 'md']); "
        "sys.stderr.write(' '.join(m for m in sys.modules if m.split('.')[0] == 'docx'))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0 and done.stderr == "", done.stderr


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="no LibreOffice (Debian: libreoffice-writer-nogui)"
)
def test_libreoffice_opens_it(store: Store, demo: SessionData, tmp_path: Path) -> None:
    _, data = lived_day(store, demo)
    source = tmp_path / "recap.docx"
    source.write_bytes(render_docx(data, "sv", END))
    done = subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    pdf = tmp_path / "recap.pdf"
    assert done.returncode == 0 and pdf.exists(), done.stderr
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 10_000


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_agenda_table_fits_its_words_and_keeps_its_rows_whole(
    store: Store, demo: SessionData, lang: str
) -> None:
    """No heading broken inside a word ("Genomför|t", "presentation|er"), no row split by a page."""
    from docx.shared import Length

    _, data = lived_day(store, demo)
    (table,) = Document(io.BytesIO(render_docx(data, lang, END))).tables
    grid = [Length(col.width) for col in table.columns]
    assert sum(w.mm for w in grid) <= 160.5, "within A4's text width"
    for index in range(len(table.columns)):
        cells = [row.cells[index] for row in table.rows]
        assert all(cell.width == grid[index] for cell in cells), "Word's widths are the grid's"
        if index == 1:
            assert grid[index].mm >= 40, "the block's title gets the room"
            continue
        longest = max(len(w) for cell in cells for w in cell.text.split())
        # 9.5 pt bold: at most 2 mm a character; the cell's margins take 4 mm.
        assert grid[index].mm >= longest * 2.0 + 4, (index, longest, grid[index].mm)
    for row in table.rows:
        whole = row._tr.trPr.find(qn("w:cantSplit"))
        assert whole is not None and whole.get(qn("w:val")) == "true"
    header = table.rows[0]._tr.trPr
    assert [child.tag for child in header][:2] == [qn("w:cantSplit"), qn("w:tblHeader")]


@pytest.mark.parametrize("style", ["Normal", "Quote", "List Bullet", "Heading 2", "Title", None])
def test_a_paragraph_written_at_once_is_python_docx_s_own(style: str | None) -> None:
    """The recap writes its paragraphs' XML itself, each style's id found once: python-docx's own XML."""
    from facilitator.recap.word import Run, _Page

    ours, theirs = Document(), Document()
    page = _Page(ours)
    theirs.add_table(rows=1, cols=1)  # something before: each new paragraph goes at the end
    page.document().add_table(rows=1, cols=1)
    texts = ("ett", 'två — <tre> & "fyra"', " fem ", "sex\tsju\nåtta\r\nnio", "\n", "", "tio  ")
    for text in texts:
        page.paragraph(text, style=style)
        theirs.add_paragraph(text, style)
    # Runs of their own look after the first, as the facts, owners and speakers are written.
    page.paragraph("Åtgärd", " — ", Run("Karin <Ek>", bold=True), style=style)
    item = theirs.add_paragraph("Åtgärd", style)
    item.add_run(" — ")
    item.add_run("Karin <Ek>").bold = True
    page.paragraph(Run("Talare ", italic=False), Run("kursiv", italic=True), Run("", bold=False))
    item = theirs.add_paragraph()
    item.add_run("Talare ").italic = False
    item.add_run("kursiv").italic = True
    item.add_run("").bold = False
    page.paragraph(Run("rad ett", line_break=True), Run("rad två"))
    item = theirs.add_paragraph()
    item.add_run("rad ett").add_break()
    item.add_run("rad två")
    page.paragraph()
    theirs.add_paragraph()
    mine = [p._p.xml for p in page.document().paragraphs]
    assert len(mine) == len(texts) + 4
    assert mine == [p._p.xml for p in theirs.paragraphs]
    assert (
        ours.element.body.xml == theirs.element.body.xml
    )  # in the same place: before the section's end
    if style == "Normal":  # the default style is left unnamed, as Word writes it
        assert all("pStyle" not in xml for xml in mine)
    elif style is not None:
        assert all("pStyle" in xml for xml in mine[: len(texts) + 1])


def test_a_paragraph_holds_only_what_xml_can() -> None:
    """Text that XML cannot hold is shown as U+FFFD, never a document that does not open."""
    from facilitator.recap.word import _Page

    page = _Page(Document())
    page.paragraph("noll \x00 och \ud800 och \uffff", style="Quote")
    blob = io.BytesIO()
    page.document().save(blob)
    assert _paragraphs(blob.getvalue())[-1] == ("Quote", "noll \ufffd och \ufffd och \ufffd")


def _agenda_by_python_docx(doc: Any, recap: Any) -> None:
    """The agenda as python-docx's own table calls make it: what the recap's XML must equal."""
    from docx.shared import Mm, Pt

    from facilitator.recap import layout
    from facilitator.recap.word import AGENDA_FONT_PT, agenda_widths_mm

    table = doc.add_table(rows=1, cols=len(layout.AGENDA_HEADS))
    table.style = "Light Grid Accent 1"
    table.autofit = False
    for cell, head in zip(table.rows[0].cells, layout.AGENDA_HEADS, strict=True):
        cell.text = clean(recap.labels[head])
    header = table.rows[0]._tr.get_or_add_trPr()
    for row in recap.agenda:
        values = (
            row.planned_start,
            row.title,
            row.kind,
            f"{row.planned_minutes} min",
            layout.ran(row.actual_start, row.actual_minutes),
            row.state,
        )
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = clean(value)
            if row.skipped:
                for run in cell.paragraphs[0].runs:
                    run.font.strike = True
    widths = agenda_widths_mm(
        [[cell.text for cell in row.cells] for row in table.rows], title_column=1
    )
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    for table_row in table.rows:
        whole = OxmlElement("w:cantSplit")
        whole.set(qn("w:val"), "true")
        table_row._tr.get_or_add_trPr().insert(0, whole)
        for cell, width in zip(table_row.cells, widths, strict=True):
            cell.width = Mm(width)
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(AGENDA_FONT_PT)
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header.append(repeat)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_agenda_written_at_once_is_python_docx_s_own_table(
    store: Store, demo: SessionData, lang: str
) -> None:
    """A skipped block struck, an empty cell, odd text: the same XML as python-docx's calls make."""
    from facilitator.recap.word import _agenda, _Page

    _, data = lived_day(store, demo)
    recap = build(data, lang, END)
    recap.agenda[1] = recap.agenda[1]._replace(skipped=True)
    recap.agenda[2] = recap.agenda[2]._replace(
        title=" Tab\there & <där>\nrad två ", actual_start=""
    )
    ours, theirs = Document(), Document()
    page = _Page(ours)
    _agenda(page, recap)
    page.document()
    _agenda_by_python_docx(theirs, recap)
    (mine,), (wanted,) = ours.tables, theirs.tables
    assert len(mine.rows) == len(recap.agenda) + 1
    assert mine._tbl.xml == wanted._tbl.xml
    assert ours.element.body.xml == theirs.element.body.xml
