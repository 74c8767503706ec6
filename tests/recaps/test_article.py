"""The seed day (shared/seeds) run through the app with a fake clock, and the article written about it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import press
from fakes import T0, FakeClock, add_note
from textual.widgets import Input

from facilitator.app import FacilitatorApp
from facilitator.exchange import read_import
from facilitator.recap import render
from facilitator.store import Store

SEED = Path(__file__).parents[1] / "seed_day.toml"
GOLDEN = Path(__file__).parents[1] / "golden" / "article.sv.md"

# What the note-taker typed, block by block (the article's facts, as notes).
NOTES = {
    0: [
        "Återkopplingen fräschade upp minnet och knöt an till dagens ämne: innovation och lärande."
    ],
    3: [
        "Innovationsprocessen är en lärandeprocess som förändrar vårt handlande, beteende, "
        "tänkande och samverkande med andra",
        "Lärande är i sin tur en förutsättning för innovation",
    ],
    4: [
        "När innovationer införs krävs ett nytt lärande hos individer, arbetsgrupper och "
        "organisationen som helhet",
        '"Nu inser jag varför just vi, utifrån rollen som enhetschefer, går utbildningen och vad '
        "vi kan göra för att inspirera våra medarbetare till ett innovativare tänk",
    ],
    5: ["Anna och Peter erbjuder coachning när deltagarna arbetar med sina projekt på hemmaplan"],
}
MINUTES = [20, 30, 45, 40, 30, 15]


async def _run_the_day(store: Store, session_id: str, clock: FakeClock) -> None:
    app = FacilitatorApp(store, session_id, clock=clock, language="sv", mode="agenda")
    async with app.run_test(size=(100, 30)) as pilot:
        for index, minutes in enumerate(MINUTES):
            await press(pilot, "space")  # start the block under the cursor
            if index == 2:  # the round of projects
                await press(pilot, "f5")
                for _ in range(5):
                    await press(pilot, "n")
                    clock.advance(minutes=8)
                await press(pilot, "f", "f3")
            if index in NOTES:
                await press(pilot, "f6")
                for text in NOTES[index]:
                    app.screen.query_one("#notes-capture", Input).value = text
                    await press(pilot, "enter")
                    clock.advance(minutes=2)
                await press(pilot, "f3")
            clock.advance(minutes=minutes)
            await press(pilot, "f")  # finish; the cursor moves to the next block


@pytest.fixture
def seed_article(store: Store) -> str:
    import asyncio

    session_id = store.create(read_import(SEED))
    clock = FakeClock(T0)
    asyncio.run(_run_the_day(store, session_id, clock))
    return render(store.load(session_id), "md", "sv", clock(), style="article")


def test_the_seed_day_as_an_article(seed_article: str) -> None:
    text = seed_article
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(text, encoding="utf-8")
    assert "\n## " not in text and "\n### " not in text, "prose, not a heading per block"
    in_order = [
        "Den 30 november 2017 genomfördes det andra tillfället i Innovationsledarskapsutbildningen på Inredia i Tibro.",
        "Utbildningen anordnas av Skaraborgs Kommunalförbund och vänder sig till enhetschefer från Skaraborgs kommuner.",
        "Syftet är att öka kommunala chefers förmåga",
        "Kursledarna Anna och Peter, Linköpings universitet, inledde dagen med en återblick",
        "Inför tillfället hade deltagarna fått i uppgift att inventera policys",
        "De flesta kommuner hade inget renodlat dokument om innovation",
        "Fem deltagare presenterade",
        "- Den digitala biblioteksfilialen. Kan den digitala filialen",
        "- Insatsplanering i hemvården.",
        "Dagen fortsatte med ett teoripass, ”Innovation och lärande”.",
        "Passet tog upp att innovationsprocessen är en lärandeprocess",
        "och att lärande i sin tur är en förutsättning för innovation.",
        "Därefter följde en gruppdiskussion, ”Hur hänger innovation och lärande ihop?” När",
        "organisationen som helhet.",
        "> ”Nu inser jag varför just vi",
        "Avslutningsvis fick deltagarna information om coachning och hemuppgift.",
        "Anna och Peter erbjuder coachning",
        "Till nästa gång har deltagarna som hemuppgift att intervjua en medarbetare",
        "Nästa tillfälle äger rum den 25 januari 2018 på Knistad Hotell & Konferens utanför Skövde.",
        "Skaraborgs Kommunalförbund  \nBox 54  \n541 22 Skövde",
        "e-post: info@skaraborg.se",
    ]  # fmt: skip
    position = 0
    for part in in_order:
        found = text.find(part, position)
        assert found >= 0, f"{part!r} missing or out of order"
        position = found + len(part)
    assert text.rstrip().endswith("e-post: info@skaraborg.se"), "the organiser's lines close it"
    # The quote follows the paragraph of the discussion it was said in, before the next one.
    quote = text.index("> ”Nu inser jag")
    assert text.rindex("organisationen som helhet.", 0, quote) > text.index("gruppdiskussion, ”Hur")
    assert text.index("Avslutningsvis") > quote
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_the_article_in_every_format_and_language(store: Store, seed_article: str) -> None:
    (session_id,) = [p.name for p in store.sessions_dir.iterdir() if not p.name.startswith(".")]
    data = store.load(session_id)
    now = T0.replace(hour=17)
    for lang, opening in (("sv", "inledde dagen med"), ("en", "opened the day with")):
        for fmt in ("md", "html", "txt"):
            text = render(data, fmt, lang, now, style="article")
            assert opening in " ".join(text.split()), (lang, fmt)
            assert "Knistad Hotell" in text


# Sentences a Swedish (or English) reader would have to fix before sending the recap.
# Grown whenever a recap is found holding one.
KNOWN_BAD = [
    "Avslutningsvis följde en avslutning",
    "Finally came a closing session",
    "följde information,",
    "came information,",
    "hoppades över.",
    "were skipped.",
    "En var frånvarande",
    "En hann inte",
    "?.",
    "..",
    " ,",
]


def test_the_seed_days_article_holds_no_known_bad_phrasing(seed_article: str) -> None:
    for bad in KNOWN_BAD:
        assert bad not in seed_article, f"{bad!r} in the article"
    assert seed_article.count("började dagen") <= 1, "the opening said twice"


@pytest.mark.parametrize("style", ["minutes", "article"])
@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_day_with_every_fate_holds_no_known_bad_phrasing(
    store: Store, lang: str, fmt: str, style: str
) -> None:
    """Called, skipped, absent, not reached, a closing block and a question without its mark."""
    from facilitator import agenda, presentations
    from facilitator.model import NoteKind
    from facilitator.plan import load_demo

    session_id = store.create(load_demo())
    clock = FakeClock(T0)

    def run_all(blocks):  # type: ignore[no-untyped-def]
        for block in blocks:
            agenda.start(blocks, block.id, clock())
            clock.advance(minutes=block.minutes)
            agenda.finish(blocks, block.id, clock())

    def round_of_projects(q):  # type: ignore[no-untyped-def]
        presentations.call_next(q, clock())
        presentations.skip(q, q[1].id)
        presentations.absent(q, q[2].id)
        presentations.call_next(q, clock())
        presentations.finish(q, clock())

    store.change_presentations(session_id, round_of_projects)
    add_note(store, session_id, "Hur når vi de äldre", kind=NoteKind.QUESTION, now=clock())
    store.change_blocks(session_id, run_all)
    text = render(store.load(session_id), fmt, lang, clock(), style=style)
    flat = " ".join(text.split())
    for bad in KNOWN_BAD:
        assert bad not in flat, f"{bad!r} in the {style} ({fmt}, {lang})"
    if style == "article":
        assert "Hur når vi de äldre?" in flat, "a question ends with its question mark"
    # The minutes keep every project, each with what became of it; the article, a public
    # text, lists the projects presented and says nothing of who was away.
    absent = {"sv": "rånvarande", "en": "bsent"}[lang]
    for p in store.load(session_id).presentations:
        presented = p.state.value == "done"
        assert (p.title in flat) is (presented or style == "minutes"), (p.title, p.state)
    assert (absent in flat) is (style == "minutes")
    assert "deltagare var med" not in flat and "participants took part" not in flat


def test_the_seed_article_names_its_leaders_once(seed_article: str) -> None:
    assert seed_article.count("Anna och Peter, Linköpings universitet") == 1


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("Innovationsledarskapsutbildningen", "tillfället i Innovationsledarskapsutbildningen"),
        (
            "Innovationsledarskapsutbildning",
            "tillfället i Innovationsledarskapsutbildningen",
        ),
        ("Ledarskap för enhetschefer", "tillfället i utbildningen Ledarskap för enhetschefer"),
    ],
)
def test_a_programmes_name_is_phrased_around_not_inflected(name: str, said: str) -> None:
    from facilitator.model import Programme
    from facilitator.plan import load_demo
    from facilitator.recap.build import intro

    data = load_demo()
    data.session.programme = Programme(name=name)
    assert said in intro(data, "sv")
    assert f"occasion of {name}" in intro(data, "en")


def test_a_note_that_repeats_the_pre_assignments_result_is_not_said_twice(store: Store) -> None:
    from facilitator import agenda
    from facilitator.plan import parse_plan

    plan = (
        '[session]\ntitle = "Dag"\nlanguage = "sv"\n'
        'pre_assignment = { task = "inventera policys", result = "Få kommuner har ett dokument om innovation." }\n'
        '\n[[agenda]]\nkind = "discussion"\ntitle = "Uppgiften"\nminutes = 30\npre_assignment = true\n'
    )
    session_id = store.create(parse_plan(plan))
    clock = FakeClock(T0)
    block = store.load(session_id).blocks[0]
    store.change_blocks(session_id, lambda blocks: agenda.start(blocks, block.id, clock()))
    add_note(store, session_id, "få kommuner har ett dokument om innovation", now=clock())
    add_note(store, session_id, "Digitalisering nämns oftast", now=clock())
    text = render(store.load(session_id), "md", "sv", clock(), style="article")
    assert text.casefold().count("få kommuner har ett dokument om innovation") == 1
    assert "Digitalisering nämns oftast." in text


@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_session_without_facilitators_has_an_article(store: Store, fmt: str, lang: str) -> None:
    """`facilitator new` makes a session with no facilitators: its article once crashed."""
    from facilitator.model import Session, SessionData

    session_id = store.create(SessionData(Session(title="Tom dag")))
    text = render(store.load(session_id), fmt, lang, FakeClock(T0)(), style="article")
    assert "Tom dag" in text


def test_the_seed_article_says_all_its_plan_holds_and_is_no_shorter(seed_article: str) -> None:
    """Why the seed day's article is under 400 words: the plan holds no more to say.

    The seed's own article (shared/seeds, 489 words) fills its length with text
    its plan does not hold (the programme's place in Skaraborgs Innovationssluss,
    more about each project). The article says everything the plan and the six
    notes hold; its floor is their words and a sentence's framing for each block.
    The 400–700 of a full day is held on the lived day (test_article_rules).
    """
    data = read_import(SEED)
    s, programme = data.session, data.session.programme
    assert programme is not None and s.next_session is not None
    held = [
        programme.purpose, programme.audience, programme.organiser, s.pre_assignment.task,
        s.pre_assignment.result, s.homework, s.next_session.venue,
        *(p.title for p in data.presentations), *(p.summary for p in data.presentations),
        *(text for texts in NOTES.values() for text in texts),
    ]  # fmt: skip
    flat = [w.strip('.,:;!?”"') for w in seed_article.casefold().split()]
    for text in held:  # each said: its first words are there, in a clause's order or the note's
        opening = [w.strip('.,:;!?”"') for w in text.casefold().split()[:4]]
        starts = [i for i, w in enumerate(flat) if w == opening[0]]
        assert any(set(opening) <= set(flat[i : i + 8]) for i in starts), opening
    words = len(seed_article.split())
    floor = sum(len(text.split()) for text in held) + 12 * len(data.blocks)
    assert floor <= words <= 700, (floor, words)
