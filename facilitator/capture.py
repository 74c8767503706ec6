"""Reading a note as the note-taker types it: a prefix picks the kind, a tail names who.

"Now I see why we are here — Karin     a quote, said by Karin
! We meet again on 25 January          a decision
> Send the slides @Anna                an action, for Anna
? Who owns the policy documents        a question
Anything else                          a point
\\! not a decision                      a point that starts with "!"
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import NoteKind

PREFIXES = {
    '"': NoteKind.QUOTE,
    # The quote marks a phone's keyboard types for ", and Swedish and other typography's.
    "“": NoteKind.QUOTE,
    "”": NoteKind.QUOTE,
    "„": NoteKind.QUOTE,
    "«": NoteKind.QUOTE,
    "»": NoteKind.QUOTE,
    "!": NoteKind.DECISION,
    ">": NoteKind.ACTION,
    "?": NoteKind.QUESTION,
}
_SPEAKER = re.compile(r"\s+(?:—|–|--)\s*([^—–\n]{1,80})$")
_OWNER = re.compile(r"\s+@([^@\n]{1,80})$")
_QUOTE_MARKS = "\"“”„«»'"


@dataclass(frozen=True)
class Captured:
    text: str
    kind: NoteKind
    speaker: str = ""
    owner: str = ""


def parse(line: str, kind: NoteKind = NoteKind.POINT, speaker: str = "") -> Captured:
    """The note a typed line stands for.

    ``kind`` is the kind chosen by key, used when the line has no prefix;
    ``speaker`` is who a quote is from when the line does not say (the
    presenter on stage, say).
    """
    if line.startswith("\\") and line[1:2] in PREFIXES:
        return Captured(line[1:], kind)
    first = line[:1]
    if first in PREFIXES:
        kind = PREFIXES[first]
        line = line[1:]
        if line.startswith(" "):
            line = line[1:]
    if kind is NoteKind.QUOTE:
        found = _SPEAKER.search(line)
        if found:
            speaker = found.group(1).strip()
            line = line[: found.start()]
        return Captured(line.strip().strip(_QUOTE_MARKS).strip(), kind, speaker=speaker)
    if kind is NoteKind.ACTION:
        found = _OWNER.search(line)
        if found:
            return Captured(line[: found.start()], kind, owner=found.group(1).strip())
    return Captured(line, kind)
