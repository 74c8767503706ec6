"""Properties of the timer and of the capture line, over any sequence a hurried trainer types.

Hypothesis makes up the sequences (derandomized, so a run in CI is the same
run every time); each property is checked against a plain reference model
kept beside the real code.
"""

from __future__ import annotations

import math
from datetime import timedelta

from fakes import T0
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator import agenda, capture
from facilitator.errors import InputError
from facilitator.model import Block, BlockKind, BlockState, NoteKind
from facilitator.timing import Level, elapsed, level, planned_seconds, remaining

SETTINGS = settings(
    max_examples=300,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def close(a: float, b: float) -> bool:
    """Equal but for the float rounding of adding up many pauses."""
    return math.isclose(a, b, abs_tol=1e-6)


# What the trainer can do to a block, each key followed by the clock moving on
# (in whole milliseconds: the clock's own resolution is finer). Space comes most
# often, so that sequences of several pauses and resumes are common.
KEYS = st.sampled_from(["space"] * 4 + ["+5", "+1", "-1", "-5", "-60", "finish"])
ACTIONS = st.lists(
    st.tuples(KEYS, st.integers(min_value=0, max_value=3_600_000).map(lambda ms: ms / 1000)),
    max_size=30,
)


@SETTINGS
@given(minutes=st.integers(min_value=1, max_value=600), actions=ACTIONS)
def test_the_timer_counts_only_running_time_whatever_is_pressed(
    minutes: int, actions: list[tuple[str, float]]
) -> None:
    blocks = [Block(BlockKind.THEORY, "Pass", minutes), Block(BlockKind.DISCUSSION, "Samtal", 20)]
    block = blocks[0]
    now = T0
    ran = 0.0  # the reference: seconds spent running, added up wait by wait
    extended = 0.0
    first_start = None
    for action, wait in actions:
        before = elapsed(block, now)
        if action == "space" and block.state is not BlockState.DONE:
            if block.state is BlockState.PLANNED:
                first_start = now
            agenda.toggle(blocks, block.id, now)
            assert close(elapsed(block, now), before), "pausing or resuming takes no time"
        elif action == "finish" and block.state is not BlockState.PLANNED:
            try:
                agenda.finish(blocks, block.id, now)
            except InputError:
                assert block.state is BlockState.DONE, "only a finished block refuses f"
            assert block.state is BlockState.DONE
            assert close(elapsed(block, now), before), "finishing keeps the time it ran"
        elif action not in ("space", "finish"):
            amount = int(action) * 60.0
            try:
                agenda.adjust(blocks, block.id, amount)
            except InputError:
                assert block.state is BlockState.DONE, "only a finished block refuses + and -"
            else:
                extended = max(60 - minutes * 60, extended + amount)

        shown = elapsed(block, now)
        assert shown >= 0
        assert close(shown, ran), f"{shown} s shown for {ran} s run"
        assert block.extended_seconds == extended
        assert planned_seconds(block) == minutes * 60 + extended >= 60
        assert close(shown + remaining(block, now), planned_seconds(block))
        if first_start is not None:
            assert shown <= (now - first_start).total_seconds() + 1e-6
        if block.state in (BlockState.RUNNING, BlockState.PAUSED):
            assert (level(block, now, [5, 1]) is Level.OVERTIME) == (remaining(block, now) <= 0)

        before = elapsed(block, now)
        if block.state is BlockState.RUNNING:
            ran += wait
        now += timedelta(seconds=wait)
        after = elapsed(block, now)
        assert after >= before, "elapsed never goes back as the clock goes on"
        if block.state is not BlockState.RUNNING:
            assert after == before, "a paused, finished or waiting block stands still"
        assert close(after, ran)


@SETTINGS
@given(
    minutes=st.integers(min_value=2, max_value=240),
    marks=st.lists(st.integers(min_value=1, max_value=30), min_size=1, max_size=3, unique=True),
    steps=st.lists(st.floats(min_value=0, max_value=600, allow_nan=False), max_size=30),
)
def test_the_warning_only_rises_while_a_block_runs(
    minutes: int, marks: list[int], steps: list[float]
) -> None:
    blocks = [Block(BlockKind.THEORY, "Pass", minutes)]
    agenda.start(blocks, blocks[0].id, T0)
    now, seen = T0, Level.CALM
    assert level(blocks[0], now, marks) is Level.CALM, "no warning in the first second"
    for step in steps:
        now += timedelta(seconds=step)
        current = level(blocks[0], now, marks)
        assert current >= seen
        seen = current


# --- the capture line --------------------------------------------------------------

PLAIN = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n"),
    max_size=80,
)


@SETTINGS
@given(line=PLAIN, kind=st.sampled_from(list(NoteKind)), speaker=st.sampled_from(["", "Karin"]))
def test_any_line_is_read_as_some_note_and_never_raises(
    line: str, kind: NoteKind, speaker: str
) -> None:
    note = capture.parse(line, kind, speaker)
    assert note.kind in NoteKind
    assert len(note.text) <= len(line)
    if line[:1] not in capture.PREFIXES and not line.startswith("\\"):
        assert note.kind is kind, "no prefix: the kind chosen by key"


@SETTINGS
@given(
    body=PLAIN.filter(lambda s: s[:1] not in capture.PREFIXES and not s.startswith(("\\", " "))),
    kind=st.sampled_from([NoteKind.POINT, NoteKind.DECISION, NoteKind.QUESTION]),
)
def test_a_point_decision_or_question_keeps_every_character_typed(
    body: str, kind: NoteKind
) -> None:
    assert capture.parse(body, kind) == capture.Captured(body, kind)
    prefix = {k: p for p, k in capture.PREFIXES.items()}.get(kind)
    if prefix:
        assert capture.parse(prefix + " " + body) == capture.Captured(body, kind)
        assert capture.parse(prefix + body) == capture.Captured(body, kind)
        # A backslash keeps the prefix as text, and the kind chosen by key.
        assert capture.parse("\\" + prefix + body) == capture.Captured(
            prefix + body, NoteKind.POINT
        )


@SETTINGS
@given(
    body=PLAIN.filter(lambda s: s.strip() != "" and "@" not in s and not s[-1].isspace()),
    owner=st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäö ", min_size=1, max_size=30).filter(
        lambda s: s.strip() != ""
    ),
)
def test_an_actions_owner_is_taken_from_the_end_and_the_rest_kept(body: str, owner: str) -> None:
    note = capture.parse("> " + body + " @" + owner)
    assert note.kind is NoteKind.ACTION
    assert note.owner == owner.strip()
    assert note.text == body, "the action itself is kept as typed"
