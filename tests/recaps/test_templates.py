"""The example templates shipped to start one's own from: each renders through --template, and says the day's facts."""

from __future__ import annotations

import dataclasses
import html
import re
import typing
from pathlib import Path

import pytest
from core.test_programmes import _finished_day, plan  # type: ignore[import-not-found]
from test_recap import END, lived_day  # type: ignore[import-not-found]

from facilitator.cli import main
from facilitator.model import SessionData
from facilitator.recap.article import Article, build_article
from facilitator.recap.build import Recap, build
from facilitator.recap.programme import ProgrammeRecap, build_programme
from facilitator.recap.render import FILTERS
from facilitator.shipped import shipped
from facilitator.store import Store

EXAMPLES = sorted(shipped("recap").glob("*.j2"))
CONTEXT_DOC = shipped("recap", "README.md")
# What each template is given, by the name it is given under.
ROOTS = {
    "recap": Recap,
    "article": Article,
    "programme": ProgrammeRecap,
}


def test_one_example_for_each_style_and_format() -> None:
    names = {path.name for path in EXAMPLES}
    assert names == {
        f"{style}.{fmt}.j2"
        for style in ("minutes", "article", "programme")
        for fmt in ("md", "html", "txt")
    }
    assert all(len(path.read_text(encoding="utf-8").splitlines()) <= 60 for path in EXAMPLES)


def said(text: str) -> str:
    """Text as a reader sees it, whichever format: unescaped, unwrapped, any case."""
    text = re.sub(r"\\(.)", r"\1", html.unescape(text))
    return " ".join(text.split()).casefold()


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The export's clock at the end of the lived day, so its sentences are those built here."""
    import facilitator.model

    monkeypatch.setattr(facilitator.model, "utc_now", lambda: END)


def export(store: Store, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["--store", str(store.root), "export", *args]) == 0, capsys.readouterr().err
    return capsys.readouterr().out


@pytest.fixture(params=["demo", "lived"])
def day(request: pytest.FixtureRequest, store: Store, demo: SessionData) -> str:
    """The id of a day: the demo as shipped, or the demo lived through with notes of every kind."""
    if request.param == "demo":
        return store.create(demo)
    return lived_day(store, demo)[0]


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
def test_the_minutes_example_says_the_day(
    store: Store, day: str, fmt: str, lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    example = shipped("recap", f"minutes.{fmt}.j2")
    out = said(
        export(store, capsys, day, "--format", fmt, "--lang", lang, "--template", str(example))
    )
    recap = build(store.load(day), lang, END)
    facts = [recap.title, recap.intro, *(row.title for row in recap.agenda)]
    facts += [n.text for n in recap.decisions + recap.actions + recap.questions]
    facts += [n.text for block in recap.key_points for n in block.notes]
    assert len(facts) > 10
    assert [f for f in facts if said(f) not in out] == []
    if fmt == "html":
        assert "<script>" not in out


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
def test_the_article_example_says_the_day(
    store: Store, day: str, fmt: str, lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    example = shipped("recap", f"article.{fmt}.j2")
    args = (day, "--style", "article", "--format", fmt, "--lang", lang)
    out = said(export(store, capsys, *args, "--template", str(example)))
    article = build_article(store.load(day), lang, END)
    facts = [article.title, *article.contact]
    facts += [s for p in article.paragraphs for s in p.sentences + p.projects if s]
    facts += [q.text for p in article.paragraphs for q in p.quotes]
    assert len(facts) >= 4
    assert [f for f in facts if said(f) not in out] == []


@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
def test_the_programme_example_says_the_programme(
    store: Store, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _finished_day(store)
    store.create(plan("Tredje", 3, "2018-01-25"))
    programme = store.programme("Innovationsledarskap")
    occasions = [store.load(s.id) for s in store.occasions(programme.id)]
    example = shipped("recap", f"programme.{fmt}.j2")
    for lang in ("sv", "en"):
        args = ("--programme", programme.name, "--format", fmt, "--lang", lang)
        out = said(export(store, capsys, *args, "--template", str(example)))
        summary = build_programme(programme, occasions, lang, END)
        facts = [summary.name, summary.intro, *(t.name for t in summary.threads)]
        facts += [s.title for t in summary.threads for s in t.steps]
        facts += [r.title for r in summary.occasions]
        facts += [n.text for r in summary.occasions for n in r.decisions + r.actions]
        assert len(facts) > 5 and summary.threads
        assert [f for f in facts if said(f) not in out] == []


def test_a_copied_example_is_the_users_to_change(
    store: Store, demo_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A copy elsewhere still finds the style sheet it includes, and its own changes show."""
    mine = tmp_path / "mine.html.j2"
    text = shipped("recap", "minutes.html.j2").read_text(encoding="utf-8")
    mine.write_text(text.replace("<h1>", '<h1 class="mine">'), encoding="utf-8")
    out = export(store, capsys, demo_id, "--format", "html", "--template", str(mine))
    assert '<h1 class="mine">' in out and "border-collapse" in out


def test_a_bad_template_is_named_with_its_line(
    store: Store, demo_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = {
        "syntax.md.j2": ("# {{ recap.title }}\n\n{% if %}\n", 3),
        "field.md.j2": ("# {{ recap.title }}\n\n\n{{ recap.nosuch }}\n", 4),
        "filter.txt.j2": ("{{ recap.title }}\n{{ recap.title|nosuch }}\n", 2),
        "outer.md.j2": ('{% include "field.md.j2" %}\n', 4),  # named: the included file
        "outer.txt.j2": ('\n{% include "syntax.md.j2" %}\n', 3),
    }
    for name, (text, line) in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        fmt = name.split(".")[1]
        args = ["--store", str(store.root), "export", demo_id, "--format", fmt]
        assert main([*args, "--template", str(path)]) == 1
        err = capsys.readouterr().err
        included = {"outer.md.j2": "field.md.j2", "outer.txt.j2": "syntax.md.j2"}
        named = tmp_path / included[name] if name in included else path
        assert f"{named}:{line}: template error" in err, err
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def documented() -> dict[str, list[str]]:
    """The names README.md documents under each heading "## `name`" or "### `Name`"."""
    sections: dict[str, list[str]] = {}
    current: list[str] = []
    for line in CONTEXT_DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            heading = re.match(r"#{2,3} `(\w+)`", line)
            current = sections.setdefault(heading.group(1), []) if heading else []
        elif line.startswith("- `"):  # the names before the dash: "- `a`, `b` — what they are"
            current.extend(re.findall(r"`(\w+)`", line.split(" — ")[0]))
    return sections


def reachable() -> dict[str, type]:
    """Every class a template can reach from what it is given, through fields and lists."""
    found: dict[str, type] = {}
    todo = list(ROOTS.values())
    while todo:
        cls = todo.pop()
        if cls.__name__ in found:
            continue
        found[cls.__name__] = cls
        for hint in typing.get_type_hints(cls).values():
            for arg in (hint, *typing.get_args(hint)):
                if isinstance(arg, type) and arg.__module__.startswith("facilitator.recap"):
                    todo.append(arg)
    return found


def fields_of(cls: type) -> set[str]:
    if dataclasses.is_dataclass(cls):
        names = {f.name for f in dataclasses.fields(cls)}
    else:
        names = set(cls._fields)  # type: ignore[attr-defined]  # a NamedTuple
    props = {n for n, v in vars(cls).items() if isinstance(v, property) and not n.startswith("_")}
    return names | props


def test_the_context_documentation_names_every_field() -> None:
    doc = documented()
    classes = reachable()
    assert {"Recap", "RecapNote", "Article", "Paragraph", "ProgrammeRecap", "Thread"} <= set(
        classes
    )
    for name, cls in classes.items():
        assert name in doc, f"README.md does not document {name}"
        assert sorted(doc[name]) == sorted(fields_of(cls)), name
    assert set(doc) - set(classes) == {"filters", "context", "labels", "leads"}
    assert set(doc["filters"]) == set(FILTERS)
    assert set(doc["context"]) == set(ROOTS)


def test_the_documentation_names_every_label_and_lead(store: Store, demo: SessionData) -> None:
    _, data = lived_day(store, demo)
    recap = build(data, "sv", END)
    doc = documented()
    assert sorted(doc["labels"]) == sorted(recap.labels)
    assert sorted(doc["leads"]) == sorted(recap.leads)
