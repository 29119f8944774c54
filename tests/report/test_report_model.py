"""The report model on constructed states: what a mentor reads, computed from plain values."""

from __future__ import annotations

from datetime import timedelta

from report_factories import NOW, Orders, catalog, healthy, product, report_of, run, state, wib

from coopsync.adapters import OrderStatus
from coopsync.report.inputs import ChannelFacts

SHOP = catalog(
    product("KMJ-1", 200_000, maker="Bu Sri"),
    product("TAS-1", 50_000, maker="Pak Darto"),
    product("SYL-1", 80_000, maker="Mbak Wulan"),
    product("DMP-1", 30_000),
)


def test_period_edges_fall_on_midnight_in_jakarta() -> None:
    orders = Orders()
    orders.add("shopee", wib(1, 0, 0, 0), ("KMJ-1", 1, 200_000))  # first instant of 1 Dec
    orders.add("shopee", wib(7, 23, 59, 59), ("TAS-1", 1, 50_000))  # last second of 7 Dec
    orders.add("shopee", wib(30, 23, 59, 59, month=11), ("TAS-1", 2, 50_000))  # the day before
    orders.add("shopee", wib(8, 0, 0, 0), ("SYL-1", 1, 80_000))  # tomorrow, not in the period

    report = report_of(state(SHOP, orders.lines))

    assert (report.period.first.isoformat(), report.period.last.isoformat()) == (
        "2026-12-01",
        "2026-12-07",
    )
    assert report.totals.current.omzet == 250_000
    assert report.totals.current.orders == 2
    assert report.totals.previous.omzet == 100_000  # 30 November belongs to the week before
    assert [(p.day.day, p.net) for p in report.daily if p.net] == [(1, 200_000), (7, 50_000)]


def test_cancelled_and_returned_lines_count_in_omzet_but_not_in_net() -> None:
    orders = Orders()
    orders.add("shopee", wib(2), ("KMJ-1", 1, 200_000))
    orders.add("shopee", wib(3), ("KMJ-1", 1, 200_000), status=OrderStatus.CANCELLED)
    orders.add(
        "shopee",
        wib(4),
        ("TAS-1", 2, 50_000),
        ("SYL-1", 1, 80_000),
        statuses=[OrderStatus.RETURNED, OrderStatus.COMPLETED],
    )

    current = report_of(state(SHOP, orders.lines)).totals.current

    assert current.omzet == 200_000 + 200_000 + 100_000 + 80_000
    assert current.cancelled == 200_000
    assert current.returned == 100_000
    assert current.net == 280_000
    assert (current.orders, current.orders_cancelled, current.orders_returned) == (3, 1, 1)
    assert current.units == 2  # one shirt kept, one scarf kept
    assert current.aov == 140_000  # net over the two orders not cancelled


def test_changes_against_the_previous_week_and_a_year_earlier_when_known() -> None:
    orders = Orders()
    orders.add("shopee", wib(2), ("KMJ-1", 3, 100_000))
    orders.add("shopee", wib(25, month=11), ("KMJ-1", 2, 100_000))
    without_history = report_of(state(SHOP, orders.lines))
    orders.add("shopee", wib(2) - timedelta(days=365), ("KMJ-1", 1, 100_000))
    with_history = report_of(state(SHOP, orders.lines))

    assert without_history.totals.previous.net == 200_000
    assert without_history.totals.year_ago is None
    assert with_history.totals.year_ago is not None
    assert with_history.totals.year_ago.net == 100_000


def test_channels_include_manual_ones_with_their_share() -> None:
    orders = Orders()
    orders.add("shopee", wib(2), ("KMJ-1", 3, 200_000))
    orders.add("whatsapp", wib(3), ("TAS-1", 4, 50_000))

    rows = {row.channel: row for row in report_of(state(SHOP, orders.lines)).channels}

    assert rows["whatsapp"].manual
    assert (rows["whatsapp"].orders, rows["whatsapp"].units, rows["whatsapp"].net) == (
        1,
        4,
        200_000,
    )
    assert rows["shopee"].share == 0.75


def test_top_products_by_units_and_by_omzet_differ() -> None:
    orders = Orders()
    orders.add("shopee", wib(2), ("KMJ-1", 1, 200_000), ("TAS-1", 3, 50_000))
    orders.add("shopee", wib(3), ("DMP-1", 2, 30_000))

    report = report_of(state(SHOP, orders.lines))

    assert [row.key for row in report.top_products_units] == ["TAS-1", "DMP-1", "KMJ-1"]
    assert [row.key for row in report.top_products_net] == ["KMJ-1", "TAS-1", "DMP-1"]


def test_a_member_with_no_sales_is_listed_with_nothing_to_pay() -> None:
    orders = Orders()
    orders.add("shopee", wib(2), ("KMJ-1", 2, 200_000), ("DMP-1", 1, 30_000))

    members = {m.member: m for m in report_of(state(SHOP, orders.lines)).members}

    assert (members["Bu Sri"].units, members["Bu Sri"].net) == (2, 400_000)
    assert (members["Mbak Wulan"].units, members["Mbak Wulan"].net) == (0, 0)
    assert members[""].net == 30_000  # the wallet names no maker


def test_empty_shop_reports_zeros_and_says_it_never_synced() -> None:
    empty = state(SHOP, [], runs=[], health={}, listed={})

    report = report_of(empty)

    assert report.totals.current.omzet == 0
    assert all(point.net == 0 for point in report.daily)
    assert report.top_products_units == ()
    assert [s.result for s in report.sync] == ["never", "never"]
    assert {f.code for f in report.flags} >= {"report.flag.never_synced"}
    assert report.live_channels == 0


def test_a_shop_whose_channels_all_failed_says_so_per_channel() -> None:
    stopped = run(
        {
            "shopee": {"stopped": "HTTP 503 from the channel"},
            "whatsapp": {"needs_human": True, "stopped": "token revoked"},
        }
    )
    old = NOW - timedelta(days=40)
    failing = state(
        SHOP,
        [],
        runs=[stopped],
        health={"shopee": healthy("shopee", at=old)["shopee"]},
    )

    report = report_of(failing)

    assert [(s.channel, s.result) for s in report.sync] == [
        ("shopee", "stopped"),
        ("whatsapp", "needs_human"),
    ]
    codes = {(f.channel, f.code) for f in report.flags}
    assert ("shopee", "report.flag.stopped") in codes
    assert ("shopee", "report.flag.no_sync") in codes
    assert ("whatsapp", "report.flag.needs_human") in codes
    assert report.live_channels == 0


def test_low_and_out_of_stock_with_days_left_at_the_periods_rate() -> None:
    orders = Orders()
    orders.add("shopee", wib(2), ("KMJ-1", 7, 200_000))
    shop = state(SHOP, orders.lines, stock={"KMJ-1": 2, "TAS-1": 0, "SYL-1": 3, "DMP-1": 4})

    rows = {row.sku: row for row in report_of(shop).stock}

    assert set(rows) == {"KMJ-1", "TAS-1", "SYL-1"}  # 4 is above the threshold of 3
    assert rows["TAS-1"].state == "out"
    assert rows["KMJ-1"].state == "low"
    assert rows["KMJ-1"].days_left == 2.0  # 7 sold in 7 days: one a day
    assert rows["SYL-1"].days_left is None  # nothing sold: no rate


def test_oversold_sku_is_an_alert_with_a_count_to_do() -> None:
    shop = state(SHOP, [], stock={"KMJ-1": -2, "TAS-1": 5, "SYL-1": 5, "DMP-1": 5})

    flags = [f for f in report_of(shop).flags if f.code == "report.flag.oversold"]

    assert flags and flags[0].severity == "alert"
    assert flags[0].params["units"] == 2


def test_drift_unmatched_and_missing_come_from_the_last_runs_notices() -> None:
    notices = [
        {"channel": "shopee", "kind": "stock_drift", "sku": "KMJ-1"},
        {"channel": "shopee", "kind": "unmatched", "sku": "OLD-9"},
    ]
    listed = {"shopee": frozenset({"KMJ-1", "TAS-1"}), "whatsapp": frozenset(SHOP.skus())}
    shop = state(
        SHOP, [], runs=[run({"shopee": {}, "whatsapp": {}}, notices=notices)], listed=listed
    )

    flags = {f.code: f for f in report_of(shop).flags if f.channel == "shopee"}

    assert flags["report.flag.drift"].params["count"] == 1
    assert flags["report.flag.unmatched"].params["skus"] == "OLD-9"
    assert flags["report.flag.missing"].params["count"] == 2  # SYL-1 and DMP-1


def test_cancellation_rate_and_quiet_channels_are_flagged() -> None:
    orders = Orders()
    orders.add("shopee", wib(2), ("KMJ-1", 1, 200_000), status=OrderStatus.CANCELLED)
    orders.add("shopee", wib(3), ("KMJ-1", 1, 200_000))

    flags = {(f.channel, f.code): f for f in report_of(state(SHOP, orders.lines)).flags}

    assert flags[("shopee", "report.flag.cancel_rate")].params["rate"] == 50
    assert ("whatsapp", "report.flag.no_sale_manual") in flags
    assert ("shopee", "report.flag.no_sale") not in flags


def test_a_token_expiring_within_a_week_is_an_alert() -> None:
    shop = state(SHOP, [], token_expiry={"shopee": NOW + timedelta(days=3)})

    flags = [f for f in report_of(shop).flags if f.code == "report.flag.token_expiring"]

    assert [(f.channel, f.params["days"]) for f in flags] == [("shopee", 3)]


def test_a_disabled_channel_raises_no_flags() -> None:
    channels = (ChannelFacts("shopee", "shopee"), ChannelFacts("lazada", "lazada", enabled=False))
    shop = state(SHOP, [], channels=channels, runs=[], health={})

    assert all(f.channel != "lazada" for f in report_of(shop).flags)


def test_long_periods_chart_weeks_or_months() -> None:
    assert report_of(state(SHOP, []), "30d").bucket == "day"
    assert report_of(state(SHOP, []), since="2026-10-01").bucket == "week"
    year = report_of(state(SHOP, []), "year")
    assert year.bucket == "month"
    assert len(year.daily) == 12


def test_omzet_leaves_out_the_sellers_discount_and_net_sales_the_refunds() -> None:
    from coopsync.state.records import SaleLine

    lines = [
        # 2 × Rp200.000 with the shop's own Rp40.000 voucher and the platform's Rp30.000 one:
        # omzet Rp360.000; half of what the buyer paid refunded without a return.
        SaleLine(
            "shopee",
            "A",
            "0",
            "KMJ-1",
            2,
            200_000,
            OrderStatus.COMPLETED,
            wib(2),
            seller_discount=40_000,
            platform_discount=30_000,
            paid=330_000,
            refunded=165_000,
        ),
        SaleLine("shopee", "B", "0", "TAS-1", 1, 50_000, OrderStatus.UNPAID, wib(3)),
        SaleLine("shopee", "C", "0", "TAS-1", 1, 50_000, OrderStatus.LOST, wib(3)),
    ]

    report = report_of(state(SHOP, lines))
    current = report.totals.current

    assert current.omzet == 360_000 + 50_000 + 50_000
    assert current.net == 180_000
    assert (current.refunded, current.unpaid, current.returned) == (180_000, 50_000, 50_000)
    assert current.units == 2
    assert report.channels[0].net == 180_000  # channels count net sales
    assert current.orders_returned == 1  # the lost parcel
