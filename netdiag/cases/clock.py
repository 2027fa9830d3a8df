"""The clock of the case log: every "now" in the log's logic comes from one of these, never from a hidden call.

Times are naive local wall-clock datetimes to the second, as OMC-R exports and tickets write them
(formats.md: no time zone is applied). Tests hand the log a FixedClock and move it by hand.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    """The host's local time, to the second."""

    def now(self) -> datetime:
        return datetime.now().replace(microsecond=0)


class FixedClock:
    """A clock that says what it is told: tests set it and move it on."""

    def __init__(self, at: datetime | str) -> None:
        self.at = datetime.fromisoformat(at) if isinstance(at, str) else at

    def now(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> datetime:
        """Move on by timedelta(**delta) (hours=2, days=1, ...) and return the new time."""
        self.at = self.at + timedelta(**delta)
        return self.at


SYSTEM_CLOCK = SystemClock()
