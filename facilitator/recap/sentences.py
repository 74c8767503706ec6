"""The recap's sentences: the opening, the leaders, the counts, the next occasion, in either language.

Shared by the minutes (``build``) and the article (``article``).
"""

from __future__ import annotations

from datetime import date

from ..i18n import figure, long_date, t
from ..model import Presentation, PresentationState, Session, SessionData

ORDINALS = {
    "en": "first second third fourth fifth sixth seventh eighth ninth tenth".split(),
    "sv": "första andra tredje fjärde femte sjätte sjunde åttonde nionde tionde".split(),
}

NUMBER_WORDS = {
    "sv": "ingen en två tre fyra fem sex sju åtta nio tio elva tolv".split(),
    "en": "none one two three four five six seven eight nine ten eleven twelve".split(),
}


def number(n: int, lang: str) -> str:
    """0–12 in words ("fem", "five"), larger numbers in digits (1 200 / 1,200)."""
    words = NUMBER_WORDS["sv" if lang == "sv" else "en"]
    return words[n] if 0 <= n < len(words) else figure(n, lang)


def ordinal(n: int, lang: str) -> str:
    """2 -> "second" / "andra"; past ten, 11th / 11:e."""
    words = ORDINALS["sv" if lang == "sv" else "en"]
    if 1 <= n <= len(words):
        return words[n - 1]
    if lang == "sv":
        return f"{n}:e"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def leaders(session: Session, lang: str) -> str:
    """The facilitators and where they come from, each organisation said once.

    "Anna och Peter, Linköpings universitet," when they share it; "Anna,
    Linköpings universitet, och Omar, Högskolan i Skövde," when they do not.
    """
    own = {
        name: session.facilitator_organisations.get(name, session.facilitator_organisation)
        for name in session.facilitators
    }
    groups: dict[str, list[str]] = {}
    for name, organisation in own.items():
        groups.setdefault(organisation, []).append(name)
    parts = [
        f"{join_names(names, lang)}, {organisation}" if organisation else join_names(names, lang)
        for organisation, names in groups.items()
    ]
    if not groups:
        return ""  # nobody named: the sentences that need leaders take their plain form
    said = join_names(parts, lang)
    # The organisation that ends the names is set off by a comma on both sides.
    return said + "," if list(groups)[-1] else said


def verb_phrase(text: str) -> str:
    """A purpose or a task as it goes after "to" / "att": "Att inventera…" → "inventera…".

    Plans write them as what is to be done ("Inventera styrdokumenten", "Help
    managers…"); the recap weaves them into a sentence instead of a label.
    """
    phrase = " ".join(text.split()).rstrip(".")
    for lead in ("att ", "to "):
        if phrase[: len(lead)].casefold() == lead:
            phrase = phrase[len(lead) :]
            break
    if phrase[:1].isupper() and not phrase[1:2].isupper():  # not an acronym
        phrase = phrase[:1].lower() + phrase[1:]
    return phrase


def ended(sentence: str) -> str:
    """A sentence whose woven-in phrase ends in ? or ! keeps that mark, not a period after it."""
    return sentence[:-2] + sentence[-2] if sentence[-2:] in ("?.", "!.") else sentence


def join_names(names: list[str], lang: str) -> str:
    """["Anna", "Peter", "Eva"] -> "Anna, Peter and Eva" / "Anna, Peter och Eva"."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {t('recap.and', lang)} {names[-1]}"


def subtitle(data: SessionData, lang: str) -> str:
    s = data.session
    parts = []
    if s.programme:
        parts.append(s.programme.name)
    if s.occasion:
        parts.append(t("session.occasion", lang, n=s.occasion))
    if s.theme:
        parts.append(s.theme)
    # What the title says already is not said again under it ("…, tillfälle 3 · tillfälle 3").
    title = s.title.casefold()
    return " · ".join(part for part in parts if part.casefold() not in title)


def intro(data: SessionData, lang: str, day: str = "done", leaders_later: bool = False) -> str:
    """The opening paragraph: when, which occasion of what, where, who leads it, the theme.

    In the tense of the day: a day not yet held is an invitation, one under way
    says so. With ``leaders_later`` (the article's first block names them) the
    leaders are not named here too.
    """
    s = data.session
    sentences = []
    if s.occasion and s.programme:
        suffix, name = programme_in(s.programme.name, lang)
        what = t(
            "recap.intro.occasion_of" + suffix,
            lang,
            ordinal=ordinal(s.occasion, lang),
            programme=name,
        )
    elif s.occasion:
        what = t("recap.intro.occasion", lang, ordinal=ordinal(s.occasion, lang), title=s.title)
    elif s.programme:
        what = t("recap.intro.in_programme", lang, title=s.title, programme=s.programme.name)
    else:
        what = t("recap.intro.plain", lang, title=s.title)
    where = t("recap.intro.at", lang, venue=s.venue) if s.venue else ""
    tense = {"planned": ".planned", "running": ".running", "unheld": ".unheld"}.get(day, "")
    if s.date:
        sentences.append(
            t(
                f"recap.intro.took_place_on{tense}",
                lang,
                date=long_date(s.date, lang),
                what=what,
                where=where,
            )
        )
    else:
        sentences.append(t(f"recap.intro.took_place{tense}", lang, what=what, where=where))
    if day == "unheld":
        sentences.append(t("recap.intro.nothing_recorded", lang))
    present = ".unheld" if day == "unheld" else ".now" if tense else ""
    if s.facilitators and not leaders_later:
        sentences.append(t(f"recap.intro.led{present}", lang, names=leaders(s, lang)))
    organiser = s.programme.organiser if s.programme else ""
    audience = s.programme.audience if s.programme else ""
    foreign = lang != s.language  # the plan's own words are quoted, not woven into grammar
    if foreign and audience:
        audience = _quoted(audience.rstrip("."), lang)
    if organiser and audience:
        sentences.append(
            t("recap.intro.organiser_audience", lang, organiser=organiser, audience=audience)
        )
    elif organiser:
        sentences.append(t("recap.intro.organiser", lang, organiser=organiser))
    elif audience:
        sentences.append(t("recap.intro.audience", lang, audience=audience))
    if s.theme:
        sentences.append(t(f"recap.intro.theme{present}", lang, theme=s.theme))
    if s.programme and s.programme.purpose and foreign:
        purpose = _quoted(" ".join(s.programme.purpose.split()).rstrip("."), lang)
        sentences.append(t("recap.intro.purpose.quoted", lang, purpose=purpose))
    elif s.programme and s.programme.purpose:
        sentences.append(
            ended(t("recap.intro.purpose", lang, purpose=verb_phrase(s.programme.purpose)))
        )
    return " ".join(capitalised(sentence) for sentence in sentences)


def _quoted(text: str, lang: str) -> str:
    return f"”{text}”" if lang == "sv" else f"“{text}”"


def programme_in(name: str, lang: str) -> tuple[str, str]:
    """The intro's key suffix and the programme's name as it follows "i".

    "" where a Swedish name can follow "i" as it stands ("Innovationsledarskapsutbildningen"),
    or takes the definite form its last word plainly has ("…utbildning" → "…utbildningen");
    else ".named": a name from a plan cannot be inflected, so the sentence names what it is.
    """
    if lang != "sv":
        return "", name
    last = name.split()[-1].casefold() if name.split() else ""
    if last.endswith(("en", "et", "na", "erna", "arna")):
        return "", name
    if last.endswith("utbildning"):
        return "", name + "en"
    return ".named", name


def capitalised(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def held(day: str) -> bool:
    """Whether anything of the day was recorded (it runs or ran), by ``day_of``."""
    return day in ("running", "done")


def next_session_sentence(day: date | None, venue: str, lang: str, past: bool = False) -> str:
    """When and where the next occasion is; in the past tense once its date has passed too."""
    when = long_date(day, lang) if day else ""
    tense = ".past" if past else ""
    if when and venue:
        return t(f"recap.next.both{tense}", lang, date=when, venue=venue)
    if when:
        return t(f"recap.next.date{tense}", lang, date=when)
    return t(f"recap.next.venue{tense}", lang, venue=venue)


def presentations_lead(presentations: list[Presentation], day: str, lang: str) -> str:
    """What happened to the queue, counted: nothing is said that did not happen."""
    if not held(day):
        return t(f"recap.lead.presentations.{day}", lang)
    counts = {state: 0 for state in PresentationState}
    for p in presentations:
        if day == "done" and p.state is PresentationState.PRESENTING:
            counts[PresentationState.DONE] += 1  # still on stage when the day ended
        else:
            counts[p.state] += 1
    total = len(presentations)
    sentences = [
        t(
            "recap.lead.presentations.done",
            lang,
            count=number(counts[PresentationState.DONE], lang),
            total=number(total, lang),
        )
    ]
    for state, key in (
        (PresentationState.PRESENTING, "presenting"),
        (PresentationState.WAITING, "not_reached" if day == "done" else "waiting"),
        (PresentationState.SKIPPED, "skipped"),
        (PresentationState.ABSENT, "absent"),
    ):
        if counts[state]:
            one = ".one" if counts[state] == 1 and key != "presenting" else ""
            said = t(
                f"recap.lead.presentations.{key}{one}", lang, count=number(counts[state], lang)
            )
            sentences.append(said)
    return " ".join(capitalised(sentence) for sentence in sentences)  # "Två av fem …"
