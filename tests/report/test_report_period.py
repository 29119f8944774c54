"""Report periods: in the shop's timezone, with the period before of the same shape."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from coopsync.report.period import PeriodError, resolve_period

# 00:30 on 1 December in Jakarta is still 30 November in UTC.
JUST_AFTER_MIDNIGHT_WIB = datetime(2026, 11, 30, 17, 30, tzinfo=UTC)


def days(period: object) -> tuple[str, str]:
    return (period.first.isoformat(), period.last.isoformat())  # type: ignore[attr-defined]


def test_default_is_the_last_7_days_including_today_in_the_shops_timezone() -> None:
    period = resolve_period(JUST_AFTER_MIDNIGHT_WIB, "Asia/Jakarta")

    assert days(period) == ("2026-11-25", "2026-12-01")
    assert period.since == datetime(2026, 11, 24, 17, 0, tzinfo=UTC)  # midnight WIB
    assert period.until == datetime(2026, 12, 1, 17, 0, tzinfo=UTC)
    assert days(period.previous()) == ("2026-11-18", "2026-11-24")


def test_the_same_moment_is_another_day_in_jayapura() -> None:
    late = datetime(2026, 11, 30, 15, 30, tzinfo=UTC)  # 22:30 WIB, 00:30 WIT next day

    assert days(resolve_period(late, "Asia/Jakarta", period="month")) == (
        "2026-11-01",
        "2026-11-30",
    )
    assert days(resolve_period(late, "Asia/Jayapura", period="month")) == (
        "2026-12-01",
        "2026-12-01",
    )


@pytest.mark.parametrize(
    ("shape", "current", "previous"),
    [
        ("30d", ("2026-11-02", "2026-12-01"), ("2026-10-03", "2026-11-01")),
        ("month", ("2026-12-01", "2026-12-01"), ("2026-11-01", "2026-11-01")),
        ("last-month", ("2026-11-01", "2026-11-30"), ("2026-10-01", "2026-10-31")),
        ("year", ("2026-01-01", "2026-12-01"), ("2025-01-01", "2025-12-01")),
    ],
)
def test_named_periods_and_the_period_before(
    shape: str, current: tuple[str, str], previous: tuple[str, str]
) -> None:
    period = resolve_period(JUST_AFTER_MIDNIGHT_WIB, "Asia/Jakarta", period=shape)

    assert days(period) == current
    assert days(period.previous()) == previous


def test_last_month_of_march_compares_with_the_whole_of_february() -> None:
    in_april = datetime(2028, 4, 10, 5, tzinfo=UTC)
    period = resolve_period(in_april, "Asia/Jakarta", period="last-month")

    assert days(period.previous()) == ("2028-02-01", "2028-02-29")
    assert days(period.year_earlier()) == ("2027-03-01", "2027-03-31")


def test_since_and_until_include_both_days() -> None:
    period = resolve_period(
        JUST_AFTER_MIDNIGHT_WIB, "Asia/Jakarta", since="2026-11-01", until="2026-11-10"
    )

    assert period.days == 10
    assert days(period.previous()) == ("2026-10-22", "2026-10-31")


@pytest.mark.parametrize(
    ("options", "says"),
    [
        ({"period": "week"}, "choose one of"),
        ({"since": "01-11-2026"}, "YYYY-MM-DD"),
        ({"since": "2026-11-10", "until": "2026-11-01"}, "swap"),
        ({"period": "7d", "since": "2026-11-01"}, "either"),
    ],
)
def test_a_period_that_cannot_be_read_says_what_to_write(
    options: dict[str, str], says: str
) -> None:
    with pytest.raises(PeriodError, match=says):
        resolve_period(JUST_AFTER_MIDNIGHT_WIB, "Asia/Jakarta", **options)  # type: ignore[arg-type]
