"""Shared fixtures: a temporary store and the demo session."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator.model import SessionData
from facilitator.plan import load_demo
from facilitator.store import Store


@pytest.fixture(autouse=True)
def utc_local_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Show local times as UTC, so that what tests read does not depend on the machine."""
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
