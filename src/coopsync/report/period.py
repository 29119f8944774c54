"""Report periods in the shop's timezone: `--period 7d|30d|month|last-month|year` or dates.

A period is a half-open interval [since, until) of aware UTC times whose ends fall on local
midnights. The previous period is the one just before, of the same shape (the 7 days before,
the month before); the year-earlier period is the same dates one year back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

PERIODS = ("7d", "30d", "month", "last-month", "year")


class PeriodError(ValueError):
    """A period the user wrote that cannot be read; the message says what to write."""


@dataclass(frozen=True)
class Period:
    """Local days [first, last] in `timezone`, and the same as UTC times [since, until)."""

    first: date
    last: date
    timezone: str
    shape: str  # one of PERIODS, or "custom"

    @property
    def since(self) -> datetime:
        return _midnight(self.first, self.timezone)

    @property
    def until(self) -> datetime:
        return _midnight(self.last + timedelta(days=1), self.timezone)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def dates(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range(self.days)]

    def start_of(self, day: date) -> datetime:
        """When `day` begins in the shop's timezone, as a UTC time."""
        return _midnight(day, self.timezone)

    def previous(self) -> Period:
        """The period just before, of the same shape."""
        if self.shape == "last-month":  # the whole calendar month before
            first = _add_months(self.first, -1)
            return Period(first, self.first - timedelta(days=1), self.timezone, self.shape)
        if self.shape == "month":  # the same days of the month before
            first = _add_months(self.first, -1)
            last = min(_add_months(self.last, -1), self.first - timedelta(days=1))
            return Period(first, last, self.timezone, self.shape)
        if self.shape == "year":
            return self.year_earlier()
        return Period(
            self.first - timedelta(days=self.days),
            self.first - timedelta(days=1),
            self.timezone,
            self.shape,
        )

    def year_earlier(self) -> Period:
        """The same dates one year back (29 February becomes 28 February)."""
        if self.shape == "last-month":
            first = _add_months(self.first, -12)
            last = _add_months(first, 1) - timedelta(days=1)
            return Period(first, last, self.timezone, self.shape)
        return Period(
            _add_months(self.first, -12), _add_months(self.last, -12), self.timezone, self.shape
        )


def chart_buckets(period: Period) -> tuple[str, list[date]]:
    """What one point of the sales chart covers (a day, a week from Monday, or a month), and
    the first day of each point; the first point starts on the period's first day."""
    days = period.dates()
    if period.days <= 31:
        return "day", days
    if period.days <= 92:
        return "week", [d for d in days if d == period.first or d.weekday() == 0]
    return "month", [d for d in days if d == period.first or d.day == 1]


def _midnight(day: date, timezone: str) -> datetime:
    return datetime.combine(day, time(), ZoneInfo(timezone)).astimezone(UTC)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    next_month = date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - timedelta(days=1)).day
    return date(year, month, min(day.day, last_day))


def local_date(moment: datetime, timezone: str) -> date:
    """The shop's calendar day of an aware time."""
    return moment.astimezone(ZoneInfo(timezone)).date()


def _parse_date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        raise PeriodError(
            f"{option} {text!r}: write a date as YYYY-MM-DD, e.g. 2026-11-01"
        ) from None


def resolve_period(
    now: datetime,
    timezone: str,
    *,
    period: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Period:
    """The period the user asked for; by default the last 7 days including today."""
    today = local_date(now, timezone)
    if since or until:
        if period:
            raise PeriodError("use either --period or --since/--until, not both")
        last = _parse_date(until, "--until") if until else today
        first = _parse_date(since, "--since") if since else last - timedelta(days=6)
        if first > last:
            raise PeriodError(f"--since {first} is after --until {last}: swap them")
        return Period(first, last, timezone, "custom")
    shape = period or "7d"
    if shape == "7d":
        return Period(today - timedelta(days=6), today, timezone, shape)
    if shape == "30d":
        return Period(today - timedelta(days=29), today, timezone, shape)
    if shape == "month":
        return Period(today.replace(day=1), today, timezone, shape)
    if shape == "last-month":
        last = today.replace(day=1) - timedelta(days=1)
        return Period(last.replace(day=1), last, timezone, shape)
    if shape == "year":
        return Period(today.replace(month=1, day=1), today, timezone, shape)
    raise PeriodError(f"--period {shape!r}: choose one of {', '.join(PERIODS)}")
