"""The recap: every part, in order, in each format and language; escaped; golden files; templates."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import replace
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fakes import T0, add_note

from facilitator import agenda, presentations
from facilitator.model import NoteKind, Session, SessionData
from facilitator.recap import build, render
from facilitator.recap.build import ordinal
from facilitator.recap.render import md
from facilitator.store import Store

GOLDEN = Path(__file__).parents[1] / "golden"
END = T0 + timedelta(hours=7)


def lived_day(store: Store, demo: SessionData) -> tuple[str, SessionData]:
    """The demo day run through: blocks done and one skipped, the round of presentations, notes of every kind."""
    demo.session.pre_assignment = replace(
        demo.session.pre_assignment, result="Få kommuner har ett eget dokument om innovation."
    )
    session_id = store.create(demo)
    b = store.load(session_id).blocks
    at = lambda minutes: T0 + timedelta(minutes=minutes)  # noqa: E731

    def note(text: str, minutes: int, kind: NoteKind = NoteKind.POINT, **who: str) -> None:
        add_note(store, session_id, text, kind=kind, now=at(minutes), **who)

    store.change_blocks(session_id, lambda x: agenda.start(x, b[0].id, at(2)))
    note("Repetition av förra tillfällets modell", 10)
    store.change_blocks(session_id, lambda x: agenda.start(x, b[1].id, at(24)))
    note("De flesta kommuner nämner innovation bara i digitaliseringsplaner", 40)
    store.change_blocks(session_id, lambda x: agenda.start(x, b[2].id, at(66)))
    p = store.load(session_id).presentations
    store.change_presentations(session_id, lambda q: presentations.absent(q, p[4].id))
    store.change_presentations(session_id, lambda q: presentations.call_next(q, at(67)))
    note("Sagostunder *på distans* <script>alert('x')</script> [länk](http://x)", 69)
    note("Nu inser jag varför vi går utbildningen", 70, NoteKind.QUOTE)
    store.change_presentations(session_id, lambda q: presentations.call_next(q, at(73)))
    note("Boendet planeras med de boende", 75)
    store.change_presentations(session_id, lambda q: presentations.finish(q, at(79)))
    store.change_blocks(session_id, lambda x: agenda.start(x, b[4].id, at(125)))
    note("Innovation är en lärprocess", 140)
    note("# Lärande är en förutsättning\n- för innovation", 150)
    note("Nästa träff 25 januari på Sjöhotellet", 160, NoteKind.DECISION)
    note("Skicka bilderna till alla", 170, NoteKind.ACTION, owner="Anna Lind")
    note("Vem äger styrdokumenten?", 175, NoteKind.QUESTION)
    store.change_blocks(session_id, lambda x: agenda.skip(x, b[6].id))
    store.change_blocks(session_id, lambda x: agenda.start(x, b[10].id, at(380)))
    note("Coachning erbjuds via telefon", 385)
    store.change_blocks(session_id, lambda x: agenda.finish(x, b[10].id, at(395)))
    pinned = add_note(
        store, session_id, "Viktigast: lärande och innovation hänger ihop", now=at(180)
    )
    store.change_note(session_id, pinned.id, lambda n: replace(n, pinned=True, block_id=b[4].id))
    return session_id, store.load(session_id)


PARTS = {
    "sv": [
        "Innovation och lärande",
        "Den 30 november 2017 genomfördes det andra tillfället i utbildningen Innovationsledarskap för enhetschefer på Möbelcentrum",
        "Anna Lind och Peter Berg ledde dagen",
        "Dagens program",
        "överhoppat",
        "Förberedelseuppgift",
        "Få kommuner har ett eget dokument om innovation",
        "digitaliseringsplaner",
        "Projektpresentationer",
        "Karin Ek",
        "Kultur och fritid",
        "Sagostunder",
        "Jonas Ström",
        "Boendet planeras med de boende",
        "Viktiga punkter",
        "Innovation som lärprocess",
        "Viktigast: lärande och innovation hänger ihop",
        "Innovation är en lärprocess",
        "Citat",
        "Nu inser jag varför vi går utbildningen",
        "Karin Ek",
        "Beslut",
        "Nästa träff 25 januari",
        "Att göra",
        "Skicka bilderna till alla",
        "Anna Lind",
        "Frågor",
        "Vem äger styrdokumenten?",
        "Information som gavs under dagen",
        "Coachning erbjuds via telefon",
        "Hemuppgift",
        "Intervjua en medarbetare",
        "Nästa tillfälle",
        "25 januari 2018",
        "Sjöhotellet",
    ],
    "en": [
        "Innovation och lärande",
        "On 30 November 2017, the second occasion of Innovationsledarskap för enhetschefer took place at Möbelcentrum",
        "Anna Lind and Peter Berg led the day",
        "The day's agenda",
        "skipped",
        "Pre-assignment",
        "Få kommuner har ett eget dokument om innovation",
        "Project presentations",
        "Karin Ek",
        "Jonas Ström",
        "Key points",
        "Viktigast: lärande och innovation hänger ihop",
        "Innovation är en lärprocess",
        "Quotes",
        "Decisions",
        "Actions",
        "Questions",
        "Information given during the day",
        "Homework",
        "Next occasion",
        "25 January 2018",
    ],
}


def _in_order(text: str, parts: list[str]) -> None:
    position = 0
    text = text.casefold()  # plain text writes its headings in capitals
    for part in parts:
        found = text.find(part.casefold(), position)
        assert found >= 0, f"{part!r} missing after position {position}"
        position = found + len(part)


@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_part_in_order(store: Store, demo: SessionData, fmt: str, lang: str) -> None:
    _, data = lived_day(store, demo)
    text = render(data, fmt, lang, END)
    if fmt == "md":
        text = text.replace("\\", "")  # escapes aside, the words are the same
    if fmt == "html":
        import html

        text = html.unescape(text)
    _in_order(" ".join(text.split()), PARTS[lang])  # wrapped lines read as one
    # Marked absent in the queue: absent in the attendance, and her project kept as not presented.
    flat = " ".join(text.split())
    assert flat.count("Eva Nord") == 2, "in the attendance and with her project"
    assert ("Frånvarande: Eva Nord" if lang == "sv" else "Absent: Eva Nord") in flat


def test_markup_in_notes_is_escaped(store: Store, demo: SessionData) -> None:
    _, data = lived_day(store, demo)
    markdown = render(data, "md", "sv", END)
    assert (
        "Sagostunder \\*på distans\\* \\<script\\>alert('x')\\</script\\> \\[länk\\](http://x)"
        in markdown
    )
    assert "<script>" not in markdown
    assert "\\# Lärande är en förutsättning  \n  \\- för innovation" in markdown
    page = render(data, "html", "sv", END)
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "<script" not in page


class _Checker(HTMLParser):
    VOID = {"meta", "br", "hr", "img", "link", "input"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href") and value:
                self.external.append(value)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.problems.append(tag)


def test_html_is_standalone_and_well_formed(store: Store, demo: SessionData) -> None:
    _, data = lived_day(store, demo)
    page = render(data, "html", "sv", END)
    assert page.startswith('<!doctype html>\n<html lang="sv">')
    assert '<meta charset="utf-8">' in page and "@media print" in page
    checker = _Checker()
    checker.feed(page)
    checker.close()
    assert checker.problems == [] and checker.stack == []
    assert checker.external == [], "no external resources"


def test_plain_text_has_no_markup_and_is_wrapped(store: Store, demo: SessionData) -> None:
    _, data = lived_day(store, demo)
    text = render(data, "txt", "sv", END)
    for markup in ("**", "## ", "<p>", "<li>", "| ---", "\\*"):
        assert markup not in text
    assert max(len(line) for line in text.splitlines()) <= 78
    assert "<script>alert('x')</script>" in text, "a note's own text is kept as typed"


def test_empty_sections_are_left_out() -> None:
    bare = SessionData(Session(title="En tom dag", language="sv"))
    for fmt in ("md", "html", "txt"):
        text = render(bare, fmt, "sv", END)
        assert "En tom dag" in text
        for heading in ("Citat", "Beslut", "Dagens program", "Projektpresentationer", "Hemuppgift"):
            assert heading not in text, (fmt, heading)


def test_ordinals_and_narrative() -> None:
    assert [ordinal(n, "sv") for n in (1, 2, 3, 10, 11)] == [
        "första",
        "andra",
        "tredje",
        "tionde",
        "11:e",
    ]
    assert [ordinal(n, "en") for n in (1, 2, 12, 21, 23)] == [
        "first",
        "second",
        "12th",
        "21st",
        "23rd",
    ]
    recap = build(SessionData(Session(title="Dag tre", occasion=3)), "en", END)
    assert recap.intro == "The third occasion of “Dag tre” will be held.", "nothing ran yet"


def test_md_escaping_keeps_words() -> None:
    assert md("a_b *c* 1. x") == "a\\_b \\*c\\* 1. x"
    assert md("2) först", inline=True) == "2\\) först"


@pytest.mark.parametrize("amp", ["", " & ", " &amp; "])
def test_md_escapes_every_mark_with_or_without_an_ampersand(amp: str) -> None:
    """A line with "&" takes another path than one without: both escape the same marks."""
    marks = "\\ ` * _ [ ] < > | ~"
    escaped = "\\\\ \\` \\* \\_ \\[ \\] \\< \\> \\| \\~"
    kept = {"": "", " & ": " & ", " &amp; ": " \\&amp; "}[amp]
    assert md(f"{marks}{amp}x_y") == f"{escaped}{kept}x\\_y"
    assert md(f"# {marks}{amp}\n- b") == f"\\# {escaped}{kept}  \n  \\- b"


def test_md_looks_for_line_start_markup_in_every_line_that_may_hold_it() -> None:
    """Only lines that may begin with markup are searched for it: none is passed over.

    Every start a line may have, after any of Unicode's spaces: each mark,
    each kind of digit (Arabic-Indic, full-width, superscript, circled), a
    letter; each escaped exactly as by searching every line.
    """
    from facilitator.recap.render import _MD_LINE_START, _escape_line_start, _marks_escaped

    spaces = ["", " ", "  ", "\t", "\u00a0", "\u1680", "\u2003", "\u3000"]
    starts = [*"#>+=-*.)x", "1", "12", "\u0663", "\uff11", "\u00b2", "\u2460", ""]
    starts += ["1\u0663", "\u06631", "12\u00b2", "3 ", "7a"]  # digits of two scripts, or not
    for space in spaces:
        for start in starts:
            for after in (". a", ") a", " a", ""):
                line = f"{space}{start}{after}"
                every_line_searched = re.sub(
                    _MD_LINE_START, _escape_line_start, _marks_escaped(line)
                )
                assert md(line) == every_line_searched, repr(line)
    assert md("  12) b") == "  12\\) b" and md("\u3000+ c") == "\u3000\\+ c"


def test_user_template_overrides_the_built_in(
    store: Store, demo: SessionData, tmp_path: Path
) -> None:
    _, data = lived_day(store, demo)
    template = tmp_path / "mine.md.j2"
    template.write_text(
        "RECAP {{ recap.title|upper }} / {{ recap.quotes|length }} quotes / {{ recap.date }}\n",
        encoding="utf-8",
    )
    assert render(data, "md", "sv", END, template=template) == (
        "RECAP INNOVATION OCH LÄRANDE / 1 quotes / 30 november 2017\n"
    )


def test_export_command_formats_languages_and_errors(
    store: Store, demo: SessionData, tmp_path: Path
) -> None:
    session_id, _ = lived_day(store, demo)

    def export(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "facilitator", "--store", str(store.root), "export", session_id, *args],
            capture_output=True, text=True, env={**os.environ, "TZ": "UTC"},
        )  # fmt: skip

    assert "## Dagens program" in export("--format", "md").stdout, (
        "the session's language by default"
    )
    assert "## The day's agenda" in export("--format", "md", "--lang", "en").stdout
    out = tmp_path / "recap.html"
    assert export("--format", "html", "-o", str(out)).returncode == 0
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
    broken = tmp_path / "broken.md.j2"
    broken.write_text("{% if %}", encoding="utf-8")
    result = export("--format", "md", "--template", str(broken))
    assert (
        result.returncode == 1
        and "template error" in result.stderr
        and "Traceback" not in result.stderr
    )
    result = export("--format", "txt", "--template", str(tmp_path / "missing.j2"))
    assert result.returncode == 1 and "no such template file" in result.stderr
    result = export("--format", "json", "--template", str(broken))
    assert result.returncode == 2


@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
def test_golden_files(store: Store, demo: SessionData, fmt: str) -> None:
    """A fixed day, rendered: any change to the output shows in review. UPDATE_GOLDEN=1 to accept one."""
    _, data = lived_day(store, demo)
    text = render(data, fmt, "sv", END)
    path = GOLDEN / f"recap.sv.{fmt}"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; make it with UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


TRUTH = {
    "sv": (
        "Två av fem deltagare presenterade",
        "Presenterade (",
        "Hann inte presentera",
        "Två hann inte presentera",
        "En deltagare var frånvarande",
    ),
    "en": (
        "Two of five participants presented",
        "Presented (",
        "Not reached",
        "Two did not get to present",
        "One was absent",
    ),
}


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
def test_the_recap_says_who_presented_and_who_did_not(
    store: Store, demo: SessionData, fmt: str, lang: str
) -> None:
    """Two of five called, one absent, two not reached: every format says exactly that."""
    _, data = lived_day(store, demo)
    text = " ".join(render(data, fmt, lang, END).split())  # plain text wraps its lines
    lead, presented, not_reached, counted, absent = TRUTH[lang]
    assert lead in text and counted in text and absent in text
    assert text.count(presented) == 2 and text.count(not_reached) == 2
    assert "Deltagarna presenterade de projekt" not in text
    assert "Each participant presented" not in text


def test_next_queues_who_did_not_present_first_and_reads_as_an_invitation(
    store: Store, demo: SessionData
) -> None:
    from facilitator.occasions import next_occasion

    _, data = lived_day(store, demo)
    waiting = [p.presenter for p in data.presentations if p.state.value == "waiting"]
    following = next_occasion(data)
    assert [p.presenter for p in following.presentations][:2] == waiting
    store.create(following)
    later = store.load(following.session.id)
    for lang, past in (("sv", "genomfördes"), ("en", "took place")):
        for fmt in ("md", "html", "txt"):
            text = render(later, fmt, lang, END)
            assert past not in text and "was held" not in text, (lang, fmt)
    assert "Den 25 januari 2018 hålls det tredje tillfället" in render(later, "md", "sv", END)
    assert "On 25 January 2018, the third occasion" in render(later, "md", "en", END)
    assert "will be held" in render(later, "md", "en", END)


def test_the_next_occasions_heading_and_homework_block_are_titled_as_a_person_would(
    store: Store, demo: SessionData
) -> None:
    from facilitator.occasions import next_occasion

    _, data = lived_day(store, demo)
    following = next_occasion(data)
    text = render(following, "md", "sv", END)
    head = text.split("\n\n")[:2]
    assert head[0] == "# Innovationsledarskap för enhetschefer, tillfälle 3"
    assert "tillfälle 3" not in head[1], "the occasion said once"
    titles = [b.title for b in following.blocks if b.pre_assignment]
    assert titles == ["Förberedelseuppgiften"], "a title, not the homework's sentence"


def test_a_day_under_way_says_so(store: Store, demo: SessionData) -> None:
    session_id = store.create(demo)
    first = store.load(session_id).blocks[0]
    store.change_blocks(session_id, lambda b: agenda.start(b, first.id, T0))
    data = store.load(session_id)
    assert "pågår det andra tillfället" in render(data, "md", "sv", T0 + timedelta(minutes=5))
    assert "is under way" in render(data, "md", "en", T0 + timedelta(minutes=5))


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_a_recap_exported_while_a_block_runs_counts_it_to_the_minute(
    store: Store, demo: SessionData, fmt: str
) -> None:
    session_id = store.create(demo)
    blocks = store.load(session_id).blocks
    store.change_blocks(session_id, lambda b: agenda.start(b, blocks[0].id, T0))
    store.change_blocks(
        session_id, lambda b: agenda.start(b, blocks[1].id, T0 + timedelta(minutes=40))
    )
    add_note(store, session_id, "Styrdokumenten nämner inte nya arbetssätt")
    text = render(store.load(session_id), fmt, "sv", T0 + timedelta(minutes=52, seconds=10))
    assert "09:00, 40 min" in text
    assert "09:40, 12 min" in text
    assert "pågår" in text
    assert "Styrdokumenten nämner inte nya arbetssätt" in text


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_recap_exported_days_later_never_says_a_forgotten_timer_still_runs(
    store: Store, demo: SessionData, fmt: str, lang: str
) -> None:
    """The trainer left a block and a presenter on the clock, and exports on Monday."""
    session_id = store.create(demo)
    blocks = store.load(session_id).blocks
    store.change_blocks(session_id, lambda b: agenda.start(b, blocks[0].id, T0))
    store.change_blocks(
        session_id, lambda b: agenda.start(b, blocks[2].id, T0 + timedelta(minutes=20))
    )
    store.change_presentations(
        session_id, lambda q: presentations.call_next(q, T0 + timedelta(minutes=20))
    )
    store.change_presentations(
        session_id, lambda q: presentations.call_next(q, T0 + timedelta(minutes=26))
    )
    data = store.load(session_id)
    monday = T0 + timedelta(days=4, hours=1)
    text = render(data, fmt, lang, monday)
    running, unfinished = {"sv": ("pågår", "inte avslutat"), "en": ("running", "not finished")}[
        lang
    ]
    assert running not in text
    assert unfinished in text
    assert "09:20, " not in text, "no length is made up for a block nobody finished"
    assert "09:00, 20 min" in text, "the finished block keeps its length"
    presented = {"sv": "Presenterade", "en": "Presented"}[lang]
    assert f"{presented} (6 min)" in text
    assert "Presenterar nu" not in text and "Presenting now" not in text
    assert "presenterar just nu" not in text.lower() and "presenting now" not in text.lower()
    assert {"sv": "Två av fem", "en": "Two of five"}[lang] in text, (
        "the one left on stage did present"
    )
    # The same day, the timer is still the truth: it runs, and counts to now.
    assert "09:20, 10 min" in render(data, fmt, lang, T0 + timedelta(minutes=30))


def test_each_participant_is_listed_once_and_calling_marks_present(
    store: Store, demo: SessionData
) -> None:
    from facilitator.model import Attendance

    session_id = store.create(demo)
    people = store.load(session_id).session.participants
    assert len(people) >= 5
    marks = {
        people[1].id: Attendance.LATE,
        people[2].id: Attendance.ABSENT,
    }
    for person_id, mark in marks.items():
        store.change_roster(
            session_id,
            lambda s, q, i=person_id, m=mark: presentations.mark_attendance(
                s.participants, q, i, m
            ),
        )
    called = store.change_roster(
        session_id, lambda s, q: presentations.call_and_mark_present(s.participants, q, T0)
    )
    data = store.load(session_id)
    presenter = next(p for p in data.session.participants if p.id == called.participant_id)
    assert presenter.attendance is Attendance.PRESENT, "who presents was there"
    recap = build(data, "sv", T0 + timedelta(minutes=5))
    lists = recap.attended + recap.late + recap.absent + recap.unmarked
    names = [p.name for p in data.session.participants]
    for name in names:
        assert sum(entry.startswith(name) for entry in lists) == 1, name


STIFF = [
    "Programmets syfte:", "The programme's purpose:", "fått i uppgift:", "task was:",
    "(vem:", "(who:", "\\&", "?.",
]  # fmt: skip


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
def test_no_stiff_phrases(store: Store, demo: SessionData, fmt: str, lang: str) -> None:
    """Labels where a writer would write a sentence; an escape where none is needed."""
    session_id, data = lived_day(store, demo)
    add_note(
        store, session_id, "Boka Knistad Hotell & Konferens", kind=NoteKind.ACTION, owner="Anna"
    )
    text = render(store.load(session_id), fmt, lang, END)
    for phrase in STIFF:
        assert phrase not in text, (phrase, fmt, lang)
    if fmt == "md":
        assert "Hotell & Konferens" in text
        assert md("&amp; &#38;") == "\\&amp; \\&#38;", "an entity is still kept as typed"


def test_an_absent_presenter_with_notes_is_listed_as_absent(
    store: Store, demo: SessionData
) -> None:
    session_id = store.create(demo)
    talk = store.load(session_id).presentations[0]
    store.change_presentations(session_id, lambda q: presentations.absent(q, talk.id))
    add_note(store, session_id, "Skickar sin presentation i efterhand")
    store.change_note(
        session_id,
        store.load(session_id).notes[0].id,
        lambda n: replace(n, presentation_id=talk.id),
    )
    text = render(store.load(session_id), "md", "sv", END)
    section = text[text.index(talk.presenter) :]
    assert section.index("**Frånvarande**") < section.index("Skickar sin presentation")
    assert "Presenterade (" not in text


def test_where_the_facilitators_come_from_is_said_once_each() -> None:
    from facilitator.plan import parse_plan

    plan = (
        '[session]\ntitle = "Dag"\ndate = 2017-11-30\nlanguage = "sv"\nfacilitators = [\n'
        '  { name = "Anna", organisation = "Linköpings universitet" },\n'
        '  { name = "Peter", organisation = "Linköpings universitet" },\n'
        '  { name = "Omar", organisation = "Högskolan i Skövde" },\n  "Eva",\n]\n'
    )
    data = parse_plan(plan, "plan.toml")
    data.notes.append(__import__("facilitator.model", fromlist=["Note"]).Note(text="x"))
    later = END + timedelta(days=1)
    intro = build(data, "sv", later).intro
    assert "Anna och Peter, Linköpings universitet, Omar, Högskolan i Skövde och Eva ledde" in intro
    same = parse_plan(plan.replace("Högskolan i Skövde", "Linköpings universitet"), "plan.toml")
    same.notes.append(data.notes[0])
    said = build(same, "sv", later).intro
    assert "Anna, Peter och Omar, Linköpings universitet och Eva ledde dagen." in said
    same.session.facilitators = ["Anna", "Peter"]
    said = build(same, "sv", later).intro
    assert "Anna och Peter, Linköpings universitet, ledde dagen." in said


def _group_discussion(store: Store, demo: SessionData) -> tuple[str, str]:
    """A session whose group discussion (not the pre-assignment's) is running: its id and title."""
    session_id = store.create(demo)
    talk = next(
        b
        for b in store.load(session_id).blocks
        if b.kind.value == "discussion" and not b.pre_assignment
    )
    store.change_blocks(session_id, lambda b: agenda.start(b, talk.id, T0))
    return session_id, talk.title


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_a_group_discussions_points_are_gathered_per_group(
    store: Store, demo: SessionData, fmt: str
) -> None:
    session_id, title = _group_discussion(store, demo)
    for text, group in [
        ("Tre frågor till gruppen", ""),
        ("Styrdokumenten nämner inte nya arbetssätt", "Grupp 2"),
        ("Det saknas tid för att pröva", "Grupp 1"),
        ("Chefen måste ge mandat", "Grupp 2"),
    ]:
        add_note(store, session_id, text, group=group)
    text = render(store.load(session_id), fmt, "sv", T0 + timedelta(minutes=30))
    heading = text.rindex(title)  # its points come after the agenda that names it too
    room = text.index("Tre frågor till gruppen")
    two = text.index("Grupp 2", heading)
    one = text.index("Grupp 1", heading)
    assert heading < room < two < one, "the room's first, then each group in the order it wrote"
    assert two < text.index("Styrdokumenten nämner") < text.index("Chefen måste ge mandat") < one
    assert one < text.index("Det saknas tid för att pröva")
    assert text.count("Styrdokumenten nämner inte nya arbetssätt") == 1


def test_the_article_names_each_group_once_before_its_points(
    store: Store, demo: SessionData
) -> None:
    session_id, _ = _group_discussion(store, demo)
    add_note(store, session_id, "styrdokumenten nämner inte nya arbetssätt", group="Grupp 2")
    add_note(store, session_id, "chefen måste ge mandat", group="Grupp 2")
    add_note(store, session_id, "det saknas tid för att pröva", group="Grupp 1")
    article = render(
        store.load(session_id), "md", "sv", T0 + timedelta(minutes=30), style="article"
    )
    assert (
        "I grupp 2 lyftes att styrdokumenten inte nämner nya arbetssätt och att chefen måste ge "
        "mandat. I grupp 1 lyftes att det saknas tid för att pröva." in " ".join(article.split())
    )
    english = render(
        store.load(session_id), "md", "en", T0 + timedelta(minutes=30), style="article"
    )
    assert "Grupp 1 noted that “det saknas tid för att pröva”." in " ".join(english.split())


def test_each_note_is_timed_in_local_time_across_a_change_of_clocks(
    demo: SessionData, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Notes are timed per minute once; the clocks going forward still show in the times."""
    import time
    from datetime import UTC, datetime

    from facilitator.model import Note
    from facilitator.recap.build import build

    monkeypatch.setenv("TZ", "Europe/Stockholm")
    time.tzset()
    try:
        before = datetime(2026, 3, 29, 0, 59, 30, tzinfo=UTC)  # 01:59 in winter time
        moments = [before, before + timedelta(seconds=20), before + timedelta(seconds=31)]
        demo.notes = [
            Note(f"punkt {i}", NoteKind.POINT, created_at=m) for i, m in enumerate(moments)
        ]
        recap = build(demo, "sv", before + timedelta(hours=1))
    finally:
        monkeypatch.setenv("TZ", "UTC")
        time.tzset()
    said = {n.text: n.time for n in recap.other_points}
    assert said == {"punkt 0": "01:59", "punkt 1": "01:59", "punkt 2": "03:00"}
