"""The recap as a Word document (.docx), written with python-docx.

Built from the same recap models as the other formats (``build.Recap``,
``article.Article``, ``programme.ProgrammeRecap``), so every sentence and label is
the one the Markdown, HTML and text recaps say; only the layout is Word's own:
its built-in heading styles (Word names them "Rubrik 1", "Rubrik 2" in Swedish,
so the navigation pane and a table of contents work), the agenda as a table,
quotes in the Quote style with their speaker, lists in its list styles. The
document's title, author and language are set in its properties and on its
styles (Word's spell-checker then checks Swedish as Swedish), A4, page numbers
in the footer.

python-docx makes the document's frame: its template and styles, properties,
page and footer. The body, paragraphs and the agenda's table, is written here
as WordprocessingML, exactly as python-docx's calls would write it (tests
compare the two), because through those calls a long recap took most of a
second. python-docx is imported only here, and this module only when a .docx
is asked for.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from ..safetext import inert
from . import layout
from .article import Article
from .build import BlockPoints, PresentationItem, Recap, RecapNote, RoundPoints
from .programme import ProgrammeRecap

if TYPE_CHECKING:
    from docx.document import Document as Doc

LANGUAGE_TAGS = {"sv": "sv-SE", "en": "en-GB"}
# The agenda's columns share A4's 160 mm: each but the block's title as wide as its
# longest word (so no heading breaks inside a word, "Genomför|t"), the title the rest.
TEXT_MM = 160
MM_PER_CHAR = 2.0  # a bold character of 9.5 pt, with room to spare
CELL_PADDING_MM = 4.5  # the cell's margins on both sides, and the grid's lines
TITLE_MIN_MM = 40
AGENDA_FONT_PT = 9.5
# What XML 1.0 cannot hold, even escaped: the C0 controls but tab, newline and
# carriage return; lone surrogates; U+FFFE and U+FFFF. (``inert`` has already
# shown the controls as symbols; this is for whatever is left.)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: object) -> str:
    """Text as Word will hold it: controls shown as symbols (as in every export), nothing XML forbids."""
    return _NOT_XML.sub("\ufffd", inert(str(text)))


class Run(NamedTuple):
    """Part of a paragraph in a look of its own: bold, italic or said plainly (False), or as the style has it (None)."""

    text: str
    bold: bool | None = None
    italic: bool | None = None
    line_break: bool = False  # a line's break after it, in the same paragraph
    struck: bool = False  # struck through, as a block skipped in the agenda
    half_points: int | None = None  # the font's size, in half points as Word counts it


class _Page:
    """The document being written: its paragraphs made as python-docx makes them, but at once.

    python-docx's calls cost a recap of a thousand notes most of a second. Its
    style setter searches the template's ~160 styles twice per paragraph (for
    the style by name, and for the default style, to leave that one unnamed),
    ``add_paragraph`` looks for the section's end among all the paragraphs so
    far, and a run's text goes in one character at a time. So the styles are
    found once, and the paragraphs are written as WordprocessingML, as
    python-docx would write them, and put in the body together: before a table
    or a page break, and before the document is saved (``document``). A test
    holds that the XML is python-docx's own.
    """

    def __init__(self, doc: Doc) -> None:
        from docx.enum.style import WD_STYLE_TYPE

        self._doc = doc
        self._default = doc.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        self._ids: dict[str, str | None] = {}
        self._waiting: list[str] = []

    def style_id(self, name: str) -> str | None:
        """The id a paragraph of style ``name`` carries; None for the default style, as Word wants."""
        if name not in self._ids:
            style = self._doc.styles[name]
            self._ids[name] = None if style == self._default else style.style_id
        return self._ids[name]

    def paragraph(self, *said: str | Run, style: str | None = None) -> None:
        """A paragraph at the end, as ``add_paragraph`` and ``add_run`` would make it; a str is a plain run."""
        xml = ["<w:p>"]
        if style is not None:  # python-docx leaves the properties, empty, for the default style
            style_id = self.style_id(style)
            xml.append(
                "<w:pPr/>"
                if style_id is None
                else f'<w:pPr><w:pStyle w:val="{_escape(style_id)}"/></w:pPr>'
            )
        for run in said:
            if run:
                xml.append(_run_xml(run if isinstance(run, Run) else Run(run)))
        xml.append("</w:p>")
        self._waiting.append("".join(xml))

    def table_style_id(self, name: str) -> str | None:
        """The id a table of style ``name`` carries; None for the default table style."""
        from docx.enum.style import WD_STYLE_TYPE

        style = self._doc.styles[name]
        return None if style == self._doc.styles.default(WD_STYLE_TYPE.TABLE) else style.style_id

    def block(self, xml: str) -> None:
        """A table (or any block of WordprocessingML) at the end."""
        self._waiting.append(xml)

    def heading(self, text: str, level: int) -> None:
        """As ``Document.add_heading``: the Title style at level 0, Heading N below it."""
        self.paragraph(text, style="Title" if level == 0 else f"Heading {level}")

    def document(self) -> Doc:
        """The python-docx document, every paragraph written so far in its body."""
        if self._waiting:
            from docx.oxml.ns import nsdecls, qn
            from docx.oxml.parser import parse_xml

            made = parse_xml(f"<w:body {nsdecls('w')}>{''.join(self._waiting)}</w:body>")
            self._waiting.clear()
            body = self._doc.element.body
            end = body.find(qn("w:sectPr"))
            for paragraph in list(made):
                if end is not None:
                    end.addprevious(paragraph)
                else:
                    body.append(paragraph)
        return self._doc


def _escape(text: str) -> str:
    """Text as XML holds it; what XML cannot hold at all is shown as U+FFFD, as ``clean`` does."""
    text = (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )
    return _NOT_XML.sub("\ufffd", text)


# Within a run, a tab and a line's break are elements of their own, as python-docx writes them.
_RUN_BREAKS = re.compile("([\t\r\n])")


def _run_xml(run: Run) -> str:
    """A ``w:r`` as python-docx's ``add_run(text)``, ``bold``, ``italic`` and ``add_break()`` make it."""
    looks = [
        f"<w:{tag}/>" if on else f'<w:{tag} w:val="0"/>'
        for tag, on in (("b", run.bold), ("i", run.italic))
        if on is not None
    ]
    if run.struck:
        looks.append("<w:strike/>")
    if run.half_points is not None:
        looks.append(f'<w:sz w:val="{run.half_points}"/>')
    xml = ["<w:r>"]
    if looks:  # in the order the schema wants them
        xml.append(f"<w:rPr>{''.join(looks)}</w:rPr>")
    text = run.text
    for piece in _RUN_BREAKS.split(text) if _RUN_BREAKS.search(text) else (text,):
        if piece == "\t":
            xml.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            xml.append("<w:br/>")
        elif piece.strip() != piece:  # Word drops spaces at a text's ends unless told
            xml.append(f'<w:t xml:space="preserve">{_escape(piece)}</w:t>')
        elif piece:
            xml.append(f"<w:t>{_escape(piece)}</w:t>")
    if run.line_break:
        xml.append("<w:br/>")
    xml.append("</w:r>")
    return "".join(xml)


def recap_docx(recap: Recap, authors: str, now: datetime) -> bytes:
    page = _Page(_document(recap.lang, recap.title, authors, now))
    _recap_body(page, recap, level=1)
    return _saved(page)


def article_docx(article: Article, authors: str, now: datetime) -> bytes:
    page = _Page(_document(article.lang, article.title, authors, now))
    page.heading(clean(article.title), 0)
    if article.subtitle:
        page.paragraph(clean(article.subtitle), style="Subtitle")
    open_mark, close_mark = article.quote_marks
    for p in article.paragraphs:
        said = " ".join(s for s in p.sentences if s)
        if said:
            page.paragraph(clean(said))
        for project in p.projects:
            page.paragraph(clean(project), style="List Bullet")
        for asked in p.rounds:
            if asked.said:  # else the paragraph's last sentence puts the question
                page.paragraph(clean(asked.said))
            for answer in asked.answers:
                page.paragraph(clean(answer), style="List Bullet")
        for q in p.quotes:
            _quote(page, f"{open_mark}{q.text}{close_mark}", q.speaker)
    if article.contact:
        last = len(article.contact) - 1
        page.paragraph(
            *(Run(clean(line), line_break=i < last) for i, line in enumerate(article.contact))
        )
    return _saved(page)


def programme_docx(programme: ProgrammeRecap, authors: str, now: datetime) -> bytes:
    page = _Page(_document(programme.lang, programme.name, authors, now))
    page.heading(clean(programme.name), 0)
    page.paragraph(clean(programme.intro))
    if programme.threads:
        page.heading(clean(programme.labels["threads"]), 1)
        for thread in programme.threads:
            where = f" ({thread.organisation})" if thread.organisation else ""
            page.heading(clean(thread.name + where), 2)
            for step in thread.steps:
                said = step.title + (f" — {step.summary}" if step.summary else "")
                said += f" ({'; '.join(step.notes)})" if step.notes else ""
                page.paragraph(
                    Run(clean(step.occasion) + ": ", bold=True), clean(said), style="List Bullet"
                )
    for recap in programme.occasions:
        page.document().add_page_break()
        _recap_body(page, recap, level=1, title_level=1)
    return _saved(page)


# --- the minutes ------------------------------------------------------------------------


def _recap_body(page: _Page, recap: Recap, level: int, title_level: int = 0) -> None:
    _WordMinutes(page, level, title_level).occasion(recap)


class _WordMinutes(layout.Layout):
    """The minutes' parts, in the order and on the conditions every format shares, written into ``word``.

    Word's parts go straight into the document, so each returns no text.
    """

    def __init__(self, page: _Page, level: int, title_level: int) -> None:
        self.word, self.level, self.title_level = page, level, title_level

    def opening(self, recap: Recap, key: str) -> str:
        _section(self.word, recap.labels[key], recap.leads[key], self.level)
        return ""

    def head(self, recap: Recap) -> str:
        page = self.word
        page.heading(clean(recap.title), self.title_level)
        if recap.subtitle:
            page.paragraph(clean(recap.subtitle), style="Subtitle")
        page.paragraph(clean(recap.intro))
        for label, value in layout.facts(recap):
            page.paragraph(Run(clean(label) + ": ", bold=True), clean(value), style="List Bullet")
        return ""

    def attendance(self, recap: Recap) -> str:
        self.opening(recap, "attendance")
        for who in recap.attended:
            self.word.paragraph(clean(who), style="List Bullet")
        for label, people in layout.attendance_groups(recap):
            self.word.paragraph(clean(f"{label}: {', '.join(people)}"))
        return ""

    def agenda(self, recap: Recap) -> str:
        self.opening(recap, "agenda")
        _agenda(self.word, recap)
        return ""

    def pre_assignment(self, recap: Recap) -> str:
        self.word.heading(clean(recap.labels["pre_assignment"]), self.level)
        for said in (recap.leads["pre_assignment"], recap.pre_assignment_result):
            if said:
                self.word.paragraph(clean(said))
        _notes(self.word, recap.pre_assignment_notes)
        return ""

    def presentation_heading(self, p: PresentationItem) -> str:
        self.word.heading(
            clean(": ".join(layout.presenter_and_title(p.presenter, p.title))), self.level + 1
        )
        return ""

    def outcome(self, text: str) -> str:
        self.word.paragraph(Run(clean(text), bold=True))
        return ""

    def organisation(self, text: str) -> str:
        self.word.paragraph(Run(clean(text), italic=True))
        return ""

    def summary(self, text: str) -> str:
        self.word.paragraph(clean(text))
        return ""

    def note_list(self, notes: list[RecapNote]) -> str:
        _notes(self.word, notes)
        return ""

    def block_points(self, block: BlockPoints) -> str:
        self.word.heading(clean(block.title), self.level + 1)
        _notes(self.word, layout.room_points(block))
        for group in block.groups:
            self.word.heading(clean(group.name), self.level + 2)
            _notes(self.word, group.notes)
        return ""

    def round_points(self, asked: RoundPoints) -> str:
        self.word.heading(clean(asked.prompt), self.level + 1)
        _notes(self.word, asked.answers)
        return ""

    def quotes(self, recap: Recap) -> str:
        self.opening(recap, "quotes")
        for note in recap.quotes:
            _quote(self.word, f"”{note.text}”", note.speaker)
        return ""

    def notes(self, recap: Recap, key: str, notes: list[RecapNote]) -> str:
        self.opening(recap, key)
        style = "List Number" if key == "decisions" else "List Bullet"
        for note in notes:
            owner = (" — ", Run(clean(note.owner), bold=True)) if note.owner else ()
            self.word.paragraph(clean(note.text), *owner, style=style)
        return ""

    def homework(self, recap: Recap) -> str:
        lead = f"{recap.leads['homework']} {recap.homework}"
        _section(self.word, recap.labels["homework"], lead, self.level)
        return ""

    def next_session(self, recap: Recap) -> str:
        _section(self.word, recap.labels["next_session"], recap.next_session, self.level)
        return ""


def _section(page: _Page, heading: str, lead: str, level: int) -> None:
    page.heading(clean(heading), level)
    if lead:
        page.paragraph(clean(lead))


def _notes(page: _Page, notes: list[RecapNote]) -> None:
    for note in notes:
        page.paragraph(clean(note.text), style="List Bullet")


def _quote(page: _Page, said: str, speaker: str) -> None:
    by = (" — ", Run(clean(speaker), italic=False)) if speaker else ()
    page.paragraph(clean(said), *by, style="Quote")


def _agenda(page: _Page, recap: Recap) -> None:
    """The agenda as a table: a header row repeated on each page, rows kept whole, a skipped block struck.

    Written as python-docx's table calls would write it (``add_table``, a style,
    ``autofit`` off, each cell's text, width and font size), at once: through
    those calls a dozen rows took longer than the rest of a long recap.
    """
    from docx.shared import Mm

    labels = recap.labels
    rows = [[clean(labels[head]) for head in layout.AGENDA_HEADS]]
    for row in recap.agenda:
        values = (
            row.planned_start,
            row.title,
            row.kind,
            f"{row.planned_minutes} min",
            layout.ran(row.actual_start, row.actual_minutes),
            row.state,
        )
        rows.append([clean(value) for value in values])
    struck = [False] + [row.skipped for row in recap.agenda]
    twips = [Mm(width).twips for width in agenda_widths_mm(rows, title_column=1)]
    style_id = page.table_style_id("Light Grid Accent 1")
    size = round(AGENDA_FONT_PT * 2)
    xml = [
        "<w:tbl><w:tblPr>",
        f'<w:tblStyle w:val="{_escape(style_id)}"/>' if style_id else "",
        '<w:tblW w:type="auto" w:w="0"/><w:tblLayout w:type="fixed"/>',
        '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0"'
        ' w:noHBand="0" w:noVBand="1" w:val="04A0"/></w:tblPr><w:tblGrid>',
        *(f'<w:gridCol w:w="{w}"/>' for w in twips),
        "</w:tblGrid>",
    ]
    for index, (cells, strike) in enumerate(zip(rows, struck, strict=True)):
        # Never split across two pages; the first row repeated at the top of each page.
        header = '<w:tblHeader w:val="true"/>' if index == 0 else ""
        xml.append(f'<w:tr><w:trPr><w:cantSplit w:val="true"/>{header}</w:trPr>')
        for text, width in zip(cells, twips, strict=True):
            run = _run_xml(Run(text, struck=strike, half_points=size))
            xml.append(
                f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr><w:p>{run}</w:p></w:tc>'
            )
        xml.append("</w:tr>")
    xml.append("</w:tbl>")
    page.block("".join(xml))


def agenda_widths_mm(rows: list[list[str]], title_column: int) -> list[float]:
    """Each column's width: its longest word, or for the title column what is left."""
    columns = list(zip(*rows, strict=True))
    widths = [
        max(len(word) for text in column for word in (text.split() or [""])) * MM_PER_CHAR
        + CELL_PADDING_MM
        for column in columns
    ]
    rest = TEXT_MM - sum(w for i, w in enumerate(widths) if i != title_column)
    widths[title_column] = max(rest, TITLE_MIN_MM)
    if sum(widths) > TEXT_MM:  # very long words: every column gives up its share
        scale = TEXT_MM / sum(widths)
        widths = [w * scale for w in widths]
    return [round(w, 1) for w in widths]


# --- the document -------------------------------------------------------------------------


def _document(lang: str, title: str, authors: str, now: datetime) -> Doc:
    from docx import Document
    from docx.shared import Mm

    doc = Document()
    properties = doc.core_properties
    properties.title = clean(title)[:255]
    properties.author = clean(authors)[:255]
    properties.language = LANGUAGE_TAGS.get(lang, "en-GB")
    properties.comments = ""
    # The export's own time (python-docx's template would say 2013), in UTC as the format wants.
    made = now.astimezone(UTC).replace(tzinfo=None, microsecond=0)
    properties.created = properties.modified = made
    properties.last_modified_by = properties.author
    properties.revision = 1
    for section in doc.sections:  # A4, as these recaps are printed and sent
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(25)
        section.top_margin = section.bottom_margin = Mm(22)
        _page_numbers(section)
    _language(doc, LANGUAGE_TAGS.get(lang, "en-GB"))
    return doc


def _language(doc: Doc, tag: str) -> None:
    """The text's language on the document's defaults and its styles: what Word's spell-checker reads."""
    from docx.oxml.ns import qn
    from docx.oxml.shared import OxmlElement

    def mark(rpr: Any) -> None:
        found = rpr.find(qn("w:lang"))
        if found is None:
            found = OxmlElement("w:lang")
            rpr.append(found)
        for name in ("w:val", "w:eastAsia", "w:bidi"):
            found.set(qn(name), tag if name == "w:val" else found.get(qn(name), tag))

    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        holder = defaults.find(qn("w:rPrDefault"))
        if holder is not None:
            rpr = holder.find(qn("w:rPr"))
            if rpr is not None:
                mark(rpr)
    for style in doc.styles:
        element = getattr(style, "element", None)
        if element is not None and style.type == 1:  # paragraph styles
            mark(element.get_or_add_rPr())


def _page_numbers(section: Any) -> None:
    """The page's number, centred in the footer (a PAGE field: Word keeps it right)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.oxml.shared import OxmlElement

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    footer._p.append(field)  # python-docx has no field API; the element is plain WordprocessingML


def _saved(page: _Page) -> bytes:
    buffer = io.BytesIO()
    page.document().save(buffer)
    return buffer.getvalue()
