"""The recap as a mail draft (.eml): a MIME message mail programs open unsent, ready to send."""

from __future__ import annotations

import email.policy
import hashlib
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from ..i18n import long_date, t
from ..model import PLAIN, RecapOptions, SessionData
from ..safetext import one_line
from .render import render, render_docx

DOCX_TYPE = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
# CRLF and headers folded at 78: the message as it travels (RFC 5322), not as Python keeps it.
POLICY = email.policy.SMTP


def subject(data: SessionData, lang: str) -> str:
    """ "Sammanfattning: Innovation och lärande, tillfälle 2, 30 november 2017", on one line."""
    s = data.session
    parts = [s.title]
    if s.occasion:
        parts.append(t("session.occasion", lang, n=s.occasion))
    if s.date:
        parts.append(long_date(s.date, lang))
    return one_line(t("mail.subject", lang, title=", ".join(parts)), limit=300)


def recipients(data: SessionData) -> list[Address]:
    """The participants who have an address in the plan, each once, in the plan's order."""
    seen: set[str] = set()
    found = []
    for person in data.session.participants:
        if person.email and person.email.casefold() not in seen:
            seen.add(person.email.casefold())
            local, _, domain = person.email.rpartition("@")
            found.append(Address(one_line(person.name, limit=100), local, domain))
    return found


def mail_draft(
    data: SessionData,
    lang: str,
    now: datetime,
    style: str = "minutes",
    options: RecapOptions = PLAIN,
) -> bytes:
    """The recap as an unsent mail: the HTML recap with its text beside it, the .docx, the .ics.

    ``X-Unsent: 1`` makes Outlook (and Thunderbird, Apple Mail) open it as a draft
    to send. No From: the mail program fills in its own account. The next
    occasion goes along as a calendar file when the session has one with a date.
    """
    from .calendar import MEDIA_TYPE, next_occasion, session_ics

    message = EmailMessage(policy=POLICY)
    message["X-Unsent"] = "1"
    message["Subject"] = subject(data, lang)
    message["Date"] = format_datetime(now.astimezone())
    to = recipients(data)
    if to:  # left out when empty: RFC 5322 has no empty address list; the trainer fills it in
        message["To"] = to
    # Both parts are the renderers' own output, inert as every export; the HTML holds its
    # styles inline and loads nothing (no images, fonts or scripts to fetch).
    message.set_content(
        render(data, "txt", lang, now, style=style, options=options), cte="quoted-printable"
    )
    message.add_alternative(
        render(data, "html", lang, now, style=style, options=options),
        subtype="html",
        cte="quoted-printable",
    )
    day = (data.session.date or now.date()).isoformat()
    message.add_attachment(
        render_docx(data, lang, now, style=style, options=options),
        maintype=DOCX_TYPE[0],
        subtype=DOCX_TYPE[1],
        filename=f"{t('mail.docx_name', lang)}-{day}.docx",
    )
    if next_occasion(data, lang) is not None:
        maintype, subtype = MEDIA_TYPE.split("/")
        message.add_attachment(
            session_ics(data, now, lang),
            maintype=maintype,
            subtype=subtype,
            params={"charset": "utf-8"},
            filename=t("mail.calendar_name", lang),
        )
    _tidy(message)
    return message.as_bytes(policy=POLICY)


def _tidy(message: EmailMessage) -> None:
    """One MIME-Version, at the top; boundaries that follow from the recap's text.

    A part made by ``add_alternative`` carries its own MIME-Version, which only
    the message's head should. Each boundary starts with "=_", which neither
    quoted-printable nor base64 can produce, so no part can hold it; the rest is
    a digest of the text parts, the same for the same recap (not for the .docx,
    whose zip holds the time it was made).
    """
    text = b"".join(
        part.as_bytes(policy=POLICY)
        for part in message.walk()
        if part.get_content_maintype() == "text" and part.get_content_subtype() in ("plain", "html")
    )
    digest = hashlib.sha256(text).hexdigest()[:24]
    for depth, part in enumerate(message.walk()):
        if depth:
            del part["MIME-Version"]
        if part.is_multipart():
            part.set_boundary(f"=_facilitator_{part.get_content_subtype()}_{digest}")
