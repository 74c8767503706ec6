"""Seeded mutations of the demo plan and of a JSON export, each imported as a user would.

Every result is either a session that opens, runs and exports, or one clear
refusal that names the file (and the line, for a plan) and writes nothing.
Run with ``-s`` to see the counts.
"""

from __future__ import annotations

import contextlib
import io
import json
import random
import re
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from conftest import settle
from fakes import FakeClock, add_note

from facilitator import agenda
from facilitator.app import FacilitatorApp
from facilitator.cli import main
from facilitator.exchange import to_json
from facilitator.model import BlockState
from facilitator.recap import render
from facilitator.safetext import one_line
from facilitator.store import Store
from screens.room import Lettering

SEED = 20171130
PLAN_MUTATIONS = 300
JSON_MUTATIONS = 200

ODD_VALUES = [
    "0", "-1", "1000000000000", "1.5", "nan", "inf", '""', '"   "', "[]", "[0]", "[5, 1, 0]",
    "{}", "true", '"x"', '"9:00"', '"25:99"', '"09:00\\n"', "2017-02-30", "9999-11-30",
    "1899-12-31", "0001-01-01", "2017-11-30T09:00:00", '"\\u202eRTL"', '"\\u001b]0;x\\u0007"',
    '"' + "å" * 3000 + '"', '"sv"', '"fi"', '"recap"', '"quiz"', "[[1]]",
]  # fmt: skip
JSON_VALUES: list[Any] = [
    None, -1, 0, 10**12, 1.5, "", "x", [], {}, True, "0001-01-01T00:00:00+05:00",
    "9999-12-31T23:59:59+00:00", "2017-11-30T09:00:00", "2017-11-30", "25:99", "9:00",
    "x" * 2_000_001, "\x1b]52;c;eA==\x07", [0], ["a", 1], {"id": 1},
]  # fmt: skip


def mutate_plan(text: str, rng: random.Random) -> str:
    lines = text.splitlines()
    move = rng.randrange(9)
    i = rng.randrange(len(lines))
    if move == 0:
        del lines[i]
    elif move == 1:
        lines.insert(i, lines[i])
    elif move == 2 or move == 3:
        keyed = [n for n, line in enumerate(lines) if re.match(r"\s*\w+\s*=", line)]
        n = rng.choice(keyed)
        key = lines[n].split("=", 1)[0]
        lines[n] = f"{key}= {rng.choice(ODD_VALUES)}"
    elif move == 4:
        lines.insert(i, f"{rng.choice(['colour', 'room', 'minuter', 'title'])} = 1")
    elif move == 5:
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    elif move == 6:
        return text[: rng.randrange(len(text))]
    elif move == 7:
        return "\ufeff" + text if rng.random() < 0.5 else text.replace("\n", "\r\n")
    else:
        lines[i] = lines[i][: rng.randrange(len(lines[i]) + 1)] + rng.choice("=[]\"'{}#\\\x00")
    return "\n".join(lines) + "\n"


def mutate_json(doc: dict[str, Any], rng: random.Random) -> str:
    move = rng.randrange(4)
    if move == 3:
        text = json.dumps(doc)
        return text[: rng.randrange(len(text))]
    section = rng.choice(["session", "blocks", "presentations", "notes"])
    target: Any = doc[section]
    if isinstance(target, list):
        if not target:
            return json.dumps(doc)
        target = rng.choice(target)
    key = rng.choice(sorted(target))
    if move == 0:
        del target[key]
    else:
        target[key] = rng.choice(JSON_VALUES)
    return json.dumps(doc)


def _import(store: Store, path: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["--store", str(store.root), "import", str(path)])
    return status, out.getvalue(), err.getvalue()


def _sessions(store: Store) -> list[str]:
    return sorted(p.name for p in store.sessions_dir.iterdir())


@pytest.mark.slow
async def test_mutated_plans_and_exports_open_or_are_refused_clearly(
    store: Store, demo_id: str, tmp_path: Path
) -> None:
    rng = random.Random(SEED)
    plan = files("facilitator_data").joinpath("demo.toml").read_text(encoding="utf-8")
    add_note(store, demo_id, "en anteckning")
    export = json.loads(to_json(store.load(demo_id)))
    accepted: list[str] = []
    counts = {"plan": [0, 0], "json": [0, 0]}  # accepted, refused
    cases = [("plan", n) for n in range(PLAN_MUTATIONS)] + [
        ("json", n) for n in range(JSON_MUTATIONS)
    ]
    for kind, n in cases:
        if kind == "plan":
            path = tmp_path / f"mutant-{n}.toml"
            path.write_bytes(mutate_plan(plan, rng).encode("utf-8", "surrogatepass"))
        else:
            path = tmp_path / f"mutant-{n}.json"
            path.write_text(mutate_json(json.loads(json.dumps(export)), rng), encoding="utf-8")
        before = _sessions(store)
        status, out, err = _import(store, path)
        where = f"{kind} #{n}: {err or out}"
        assert "internal error" not in err and "Traceback" not in err, where
        if status == 0:
            counts[kind][0] += 1
            accepted.append(out.strip())
            continue
        counts[kind][1] += 1
        assert status == 1, where
        assert _sessions(store) == before, f"{where}: a refused import wrote something"
        for line in err.splitlines():
            if not line.startswith("facilitator: error: "):
                assert line.startswith(str(path)), where  # the rest of a list of mistakes
                continue
            assert str(path) in line, f"{where}: the file is not named"
            if kind == "plan":
                assert re.search(re.escape(str(path)) + r":(\d+|\s*whole file)", line), where
    print(
        f"\nfuzz: plans {PLAN_MUTATIONS} tried, {counts['plan'][0]} accepted, "
        f"{counts['plan'][1]} refused; exports {JSON_MUTATIONS} tried, "
        f"{counts['json'][0]} accepted, {counts['json'][1]} refused"
    )
    assert all(a and r for a, r in counts.values()), "the mutations reach both outcomes"
    await _every_accepted_session_runs(store, accepted)


async def _every_accepted_session_runs(store: Store, session_ids: list[str]) -> None:
    """Each opens in the app, runs its first block on the room view, exports in every format."""
    clock = FakeClock()
    app = FacilitatorApp(store, session_ids[0], clock=clock, language="en")
    async with app.run_test(size=(60, 20)) as pilot:
        for session_id in session_ids:
            app.open_session(session_id, "room")
            await pilot.pause()
            assert app.problem == "" and app.data is not None, f"{session_id}: {app.problem}"
            if app.data.blocks:
                first = app.data.blocks[0]
                app.services.desk.change_blocks(
                    lambda blocks, b=first: agenda.toggle(blocks, b.id, clock())
                )
                await settle(app)
                assert app.data.blocks[0].state is BlockState.RUNNING, (
                    session_id,
                    [n.message for n in app.notices],
                )
                shown = " ".join(w.text for w in app.screen.query(Lettering))
                assert one_line(first.title, 20)[:10] in shown, session_id
            loaded = Store(store.root).load(session_id)
            for fmt in ("md", "html", "txt"):
                assert render(loaded, fmt, loaded.session.language, clock())
            assert to_json(loaded)
