"""`doctor` on a connected channel: the shop, days to each expiry, warnings 14, 7, 1 days ahead.

The clock is given: each case is a moment on either side of a warning's edge."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from coopsync.adapters import TokenPair
from coopsync.i18n import t
from coopsync.onboarding.checks import Status
from coopsync.onboarding.expiry import connection_checks, expiry_check

NOW = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


@pytest.mark.parametrize(
    ("left", "status", "tier"),
    [
        (15 * DAY, Status.OK, None),
        (14 * DAY + 23 * HOUR, Status.WARN, 14),  # 14 whole days left: the 14-day warning
        (14 * DAY, Status.WARN, 14),
        (8 * DAY, Status.WARN, 14),
        (7 * DAY + 23 * HOUR, Status.WARN, 7),
        (2 * DAY, Status.WARN, 7),
        (1 * DAY + 23 * HOUR, Status.WARN, 1),
        (1 * HOUR, Status.WARN, 1),
        (timedelta(0), Status.HUMAN, None),  # ended this very moment
        (-DAY, Status.HUMAN, None),
    ],
)
def test_the_warnings_at_their_edges(left: timedelta, status: Status, tier: int | None) -> None:
    check = expiry_check("toko", "approval", NOW + left, NOW)
    assert check is not None and check.status is status
    assert check.params.get("tier") == tier
    shown = t(check.code, "en", **check.params)
    if status is Status.WARN:
        assert f"the {tier}-day warning" in shown
        assert "coopsync connect toko" in t(str(check.fix), "en", channel="toko")
        assert "coopsync connect toko" in t(str(check.fix), "id", channel="toko")
    if status is Status.HUMAN:
        assert "ended" in shown and check.fix == "doctor.connect"


def test_a_connected_channel_shows_its_shop_and_each_expiry() -> None:
    shop = {
        "shop_id": "88001234",
        "shop_name": "Toko Anyaman Difabel",
        "region": "ID",
        "authorization_expires_at": (NOW + 200 * DAY).isoformat(),
    }
    pair = TokenPair("a", "r", NOW + 4 * HOUR, NOW + 6 * DAY + HOUR)
    checks = {c.what: c for c in connection_checks("toko", shop, pair, NOW)}
    assert set(checks) == {"shop", "approval", "refresh", "access"}
    assert t(checks["shop"].code, "en", **checks["shop"].params) == (
        "connected to Toko Anyaman Difabel (shop id 88001234, ID)"
    )
    assert checks["approval"].status is Status.OK
    assert "200 days left" in t(checks["approval"].code, "en", **checks["approval"].params)
    assert checks["refresh"].status is Status.WARN and checks["refresh"].params["days"] == 6
    assert "sisa 6 hari" in t(checks["refresh"].code, "id", **checks["refresh"].params)
    # The access token is renewed by coopsync: shown, never warned about, even when it ended.
    ended = TokenPair("a", "r", NOW - HOUR, NOW + 100 * DAY)
    access = {c.what: c for c in connection_checks("toko", None, ended, NOW)}["access"]
    assert access.status is Status.OK
