"""`--format json`: the report for programs. The schema is written down in docs/report.md;
`schema_version` changes whenever a field changes meaning or goes away (adding one does not).

Money is whole rupiah (integers), shares and changes are ratios (0.25 = 25%), dates are the
shop's calendar days, times are ISO 8601 with the shop's UTC offset.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from coopsync.report.model import (
    SCHEMA_VERSION,
    Figures,
    ReportSet,
    ShopReport,
    Totals,
    change,
)
from coopsync.report.period import Period
from coopsync.report.tables import flag_text


def _time(moment: datetime | None, timezone: str) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(ZoneInfo(timezone)).isoformat(timespec="seconds")


def _figures(figures: Figures | None) -> dict[str, int] | None:
    if figures is None:
        return None
    return {
        "omzet": figures.omzet,
        "net": figures.net,
        "cancelled": figures.cancelled,
        "returned": figures.returned,
        "unpaid": figures.unpaid,
        "refunded": figures.refunded,
        "orders": figures.orders,
        "orders_cancelled": figures.orders_cancelled,
        "orders_returned": figures.orders_returned,
        "units": figures.units,
        "aov": figures.aov,
    }


def _ratio(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _totals(totals: Totals) -> dict[str, Any]:
    year = totals.year_ago
    keys = ("omzet", "net", "orders", "units", "aov")
    return {
        "current": _figures(totals.current),
        "previous": _figures(totals.previous),
        "year_ago": _figures(year),
        "change": {
            k: _ratio(change(getattr(totals.current, k), getattr(totals.previous, k))) for k in keys
        },
        "change_year": {
            k: _ratio(change(getattr(totals.current, k), getattr(year, k) if year else None))
            for k in keys
        },
    }


def _period(period: Period) -> dict[str, str]:
    return {
        "first": period.first.isoformat(),
        "last": period.last.isoformat(),
        "shape": period.shape,
    }


def _ranks(rows: Any) -> list[dict[str, Any]]:
    return [{"key": r.key, "name": r.name, "units": r.units, "net_sales": r.net} for r in rows]


def shop_dict(report: ShopReport, lang: str) -> dict[str, Any]:
    """One shop's report as JSON-able values."""
    zone = report.timezone
    return {
        "shop": report.shop,
        "timezone": zone,
        "period": _period(report.period),
        "previous_period": _period(report.previous),
        "year_ago_period": _period(report.year_ago),
        "totals": _totals(report.totals),
        "channels": [
            {
                "channel": c.channel,
                "platform": c.platform,
                "manual": c.manual,
                "orders": c.orders,
                "units": c.units,
                "net_sales": c.net,
                "share": round(c.share, 4),
            }
            for c in report.channels
        ],
        "top_products_by_units": _ranks(report.top_products_units),
        "top_products_by_net_sales": _ranks(report.top_products_net),
        "top_variants_by_units": _ranks(report.top_variants_units),
        "top_variants_by_net_sales": _ranks(report.top_variants_net),
        "chart": {
            "bucket": report.bucket,
            "points": [
                {"date": p.day.isoformat(), "units": p.units, "net_sales": p.net}
                for p in report.daily
            ],
        },
        "members": [
            {
                "member": m.member or None,
                "products": m.products,
                "units": m.units,
                "net_sales": m.net,
                "share": round(m.share, 4),
            }
            for m in report.members
        ],
        "stock": {
            "low_stock_threshold": report.low_stock_threshold,
            "variants": [
                {
                    "sku": s.sku,
                    "name": s.name,
                    "available": s.available,
                    "sold": s.sold,
                    "days_left": None if s.days_left is None else round(s.days_left, 1),
                    "state": s.state,
                }
                for s in report.stock
            ],
            "consignment": [
                {"channel": c.channel, "sku": c.sku, "name": c.name, "units": c.units}
                for c in report.consignment
            ],
        },
        "flags": [
            {
                "code": f.code.removeprefix("report.flag."),
                "severity": f.severity,
                "channel": f.channel,
                "params": dict(f.params),
                "message": flag_text(f.code, f.params, lang)[0],
                "todo": flag_text(f.code, f.params, lang)[1],
            }
            for f in report.flags
        ],
        "sync": [
            {
                "channel": s.channel,
                "platform": s.platform,
                "enabled": s.enabled,
                "last_run_at": _time(s.last_run_at, zone),
                "result": s.result,
                "failures": s.failures,
                "last_error": s.last_error,
                "last_success_at": _time(s.last_success_at, zone),
            }
            for s in report.sync
        ],
        "live_channels": report.live_channels,
    }


def render(reports: ReportSet, lang: str) -> str:
    """The whole report set: every shop (or why it could not be read) and the combined totals."""
    document = {
        "schema_version": SCHEMA_VERSION,
        "generated_at": reports.generated_at.isoformat(timespec="seconds"),
        "language": lang,
        "currency": "IDR",
        "shops": [
            {
                "source": entry.source,
                "ok": entry.report is not None,
                "error": entry.error,
                "report": shop_dict(entry.report, lang) if entry.report else None,
            }
            for entry in reports.shops
        ],
        "combined": _totals(reports.combined()),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
