"""What `doctor` says about a channel's connection: the shop it is connected to, and how many
days are left before the owner's approval, the refresh token and the access token end, with
warnings 14, 7 and 1 days ahead. Pure: the shop record, the token pair and `now` are given.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from coopsync.adapters import TokenPair
from coopsync.authorization import NEVER
from coopsync.onboarding.checks import Check, Status

WARN_DAYS = (1, 7, 14)  # the warnings, nearest first
DAY = timedelta(days=1)


def days_left(until: datetime, now: datetime) -> int:
    """Whole days left (13 days 23 hours is 13); negative once it has passed."""
    return (until - now) // DAY


def warning(days: int) -> int | None:
    """The warning a number of days left falls in (14, 7 or 1), None when none is due."""
    for limit in WARN_DAYS:
        if days <= limit:
            return limit
    return None


def expiry_check(channel: str, what: str, until: datetime | None, now: datetime) -> Check | None:
    """One expiry: ok, a warning 14, 7 or 1 days ahead, or ended (a person must connect)."""
    if until is None:
        return None
    if until <= now:
        return Check(channel, what, Status.HUMAN, "doctor.ended", {"at": until}, "doctor.connect")
    days = days_left(until, now)
    tier = warning(days)
    if tier is None:
        return Check(channel, what, Status.OK, "doctor.until", {"at": until, "days": days})
    params = {"at": until, "days": days, "tier": tier}
    return Check(channel, what, Status.WARN, "doctor.ends_soon", params, "doctor.connect_soon")


def connection_checks(
    channel: str, shop: Mapping[str, str] | None, pair: TokenPair | None, now: datetime
) -> list[Check]:
    """The shop a channel is connected to and each of its expiry dates."""
    checks: list[Check] = []
    if shop:
        region = f", {shop['region']}" if shop.get("region") else ""
        name = shop.get("shop_name") or shop.get("shop_id", "")
        params = {"shop": name, "shop_id": shop.get("shop_id", ""), "region": region}
        checks.append(Check(channel, "shop", Status.OK, "doctor.connected_shop", params))
        approval = _moment(shop.get("authorization_expires_at"))
        found = expiry_check(channel, "approval", approval, now)
        checks += [found] if found else []
    if pair is not None:
        found = expiry_check(channel, "refresh", pair.refresh_expires_at, now)
        checks += [found] if found else []
        until = pair.access_expires_at
        if until >= NEVER:  # keys that do not expire (a web shop's REST keys)
            checks.append(Check(channel, "access", Status.OK, "doctor.keys_never"))
            return checks
        # coopsync renews the access token by itself: its date is shown, never warned about.
        hours = max(0, int((until - now).total_seconds() // 3600))
        renewed = {"at": until, "hours": hours}
        checks.append(Check(channel, "access", Status.OK, "doctor.access_renewed", renewed))
    return checks


def _moment(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None
