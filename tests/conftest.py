"""Shared fixtures: a temporary store and the demo session."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from faults import faults  # noqa: F401  (a fixture for every test module)
from textual.pilot import Pilot

from facilitator.model import SessionData
from facilitator.plan import load_demo
from facilitator.store import Store


@pytest.fixture(autouse=True)
def own_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test has a settings file of its own (not there yet): the user's is never read or written."""
    path = tmp_path / "config" / "settings.toml"
    monkeypatch.setenv("FACILITATOR_SETTINGS", str(path))
    return path


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test has a cache folder of its own (XDG_CACHE_HOME, as platformdirs reads it on Linux)."""
    path = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(path))
    return path


@pytest.fixture(autouse=True)
def utc_local_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Show local times as UTC, so that what tests read does not depend on the machine.

    Windows has no tzset: there the suite expects the machine's zone to be UTC
    (as CI runners' are).
    """
    if not hasattr(time, "tzset"):
        yield
        return
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "store")


@pytest.fixture
def demo() -> SessionData:
    return load_demo()


@pytest.fixture
def demo_id(store: Store, demo: SessionData) -> str:
    return store.create(demo)


async def settle(app: object) -> None:
    """Wait until every save the app asked for is on disk and its outcome shown."""
    writer = app.services.desk.writer  # type: ignore[attr-defined]
    assert await asyncio.to_thread(writer.wait, 30), "the writer did not finish"
    pilot = Pilot(app)  # type: ignore[arg-type]
    await pilot.pause()  # the outcomes delivered to the app are handled
    await pilot.pause()  # and what they changed is drawn


async def press(pilot: Pilot, *keys: str) -> None:  # type: ignore[type-arg]
    """Press keys as the user would, then wait until the saves they asked for are on disk.

    Saves run on the app's writer thread; the user never waits for them, but a
    test that reads the store right after a key must. A test of typing ahead
    that must not wait calls ``pilot.press`` itself.
    """
    await pilot.press(*keys)
    await settle(pilot.app)


async def until(pilot: Pilot, condition: Callable[[], object], timeout: float = 5.0) -> None:
    """Let the app run until ``condition`` holds (another program's save read, a redraw done).

    Waiting for the condition, not a fixed second: as fast as the app is, and
    a clear failure (not a flaky one) if it never comes.
    """
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout} s: {getattr(condition, '__doc__', '')}")
        await pilot.pause(0.05)
