"""Test doubles: a clock that only moves when the test says so."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

T0 = datetime(2017, 11, 30, 9, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now
