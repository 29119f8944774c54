"""How the SQLite store writes times: ISO 8601 text in UTC, so that text order is time order."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    """The current time, aware, in UTC (the default clock)."""
    return datetime.now(UTC)


def to_text(moment: datetime) -> str:
    """`moment` as fixed-width UTC text; naive times are refused (whose midnight would it be?)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"time without a timezone: {moment.isoformat()}")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def from_text(text: str) -> datetime:
    """A time written by `to_text`, back as an aware UTC datetime."""
    return datetime.fromisoformat(text)


def from_text_or_none(text: str | None) -> datetime | None:
    """Like `from_text`, for columns that may be empty."""
    return None if text is None else datetime.fromisoformat(text)
