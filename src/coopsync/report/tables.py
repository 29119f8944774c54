"""The report as named tables of typed cells, in the chosen language: what csv, md, xlsx and
html lay out. A cell says what it is (`Rupiah`, `Share`, `Change`, `Days`, a date, a count,
text), so that every format writes it its own way: `Rp1.250.000` as text, a number in XLSX.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from coopsync.i18n import problem_text, t
from coopsync.report.model import (
    Figures,
    RankRow,
    ReportSet,
    ShopReport,
    Totals,
    change,
)
from coopsync.report.money import percent, rupiah


class Rupiah(int):
    """Whole rupiah."""


class Share(float):
    """A part of a whole, 0..1."""


class Change(float):
    """A relative change, signed."""


class Days(float):
    """Days of stock left."""


Cell = str | int | float | date | datetime | None


@dataclass(frozen=True)
class Table:
    """One table: `name` is stable (file and sheet names), `title` in the report's language."""

    name: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


def cell_text(value: Cell, lang: str) -> str:
    """A cell as the text formats write it."""
    if value is None:
        return "—"
    if isinstance(value, Rupiah):
        return rupiah(value)
    if isinstance(value, Change):
        return percent(value, lang, signed=True)
    if isinstance(value, Share):
        return percent(value, lang)
    if isinstance(value, Days):
        text = f"{value:.1f}"
        return text.replace(".", ",") if lang == "id" else text
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return f"{value:,}".replace(",", "." if lang == "id" else ",")
    return str(value)


def _local(moment: datetime | None, timezone: str) -> datetime | None:
    """Times in tables are the shop's wall-clock time."""
    return None if moment is None else moment.astimezone(ZoneInfo(timezone))


def _change(current: int, before: int | None) -> Change | None:
    ratio = change(current, before)
    return None if ratio is None else Change(ratio)


def period_text(report: ShopReport, lang: str) -> str:
    """`2026-12-01 – 2026-12-07 (7 hari terakhir)`."""
    period = report.period
    return f"{period.first} – {period.last} ({t('report.shape.' + period.shape, lang)})"


# The rows of the totals table: omzet, where it went, then counts.
FIGURES = (
    "omzet",
    "cancelled",
    "returned",
    "unpaid",
    "refunded",
    "net",
    "orders",
    "units",
    "aov",
)


def totals_table(totals: Totals, lang: str, name: str = "totals") -> Table:
    rows: list[tuple[Cell, ...]] = []

    def value(figures: Figures, key: str) -> int:
        return int(getattr(figures, key))

    year = totals.year_ago
    for key in FIGURES:
        money = key not in ("orders", "units")
        wrap = Rupiah if money else int
        now, before = value(totals.current, key), value(totals.previous, key)
        then = value(year, key) if year is not None else None
        rows.append(
            (
                t(f"report.fig.{key}", lang),
                wrap(now),
                wrap(before),
                _change(now, before),
                None if then is None else wrap(then),
                _change(now, then),
            )
        )
    columns = (
        t("report.col.figure", lang),
        t("report.col.value", lang),
        t("report.previous", lang),
        t("report.col.change", lang),
        t("report.year_ago", lang),
        t("report.col.change_year", lang),
    )
    title = t("report.combined" if name == "combined" else "report.section.totals", lang)
    return Table(name, title, columns, tuple(rows))


def _rank_table(name: str, rows: tuple[RankRow, ...], key_label: str, lang: str) -> Table:
    return Table(
        name,
        t(f"report.section.{name}", lang),
        ("#", t(key_label, lang), t("report.col.units", lang), t("report.col.omzet", lang)),
        tuple((n, row.name, row.units, Rupiah(row.net)) for n, row in enumerate(rows, 1)),
    )


def _columns(lang: str) -> Callable[[str], str]:
    def col(code: str) -> str:
        return t(f"report.col.{code}", lang)

    return col


def shop_tables(report: ShopReport, lang: str) -> list[Table]:
    """Every section of one shop's report, as tables."""
    col = _columns(lang)
    tables = [totals_table(report.totals, lang)]
    tables.append(
        Table(
            "channels",
            t("report.section.channels", lang),
            (
                col("channel"),
                col("platform"),
                col("orders"),
                col("units"),
                col("omzet"),
                col("share"),
            ),
            tuple(
                (c.channel, c.platform, c.orders, c.units, Rupiah(c.net), Share(c.share))
                for c in report.channels
            ),
        )
    )
    tables.append(
        _rank_table("top_products_units", report.top_products_units, "report.col.product", lang)
    )
    tables.append(
        _rank_table("top_products_net", report.top_products_net, "report.col.product", lang)
    )
    tables.append(
        _rank_table("top_variants_units", report.top_variants_units, "report.col.variant", lang)
    )
    tables.append(
        _rank_table("top_variants_net", report.top_variants_net, "report.col.variant", lang)
    )
    tables.append(
        Table(
            "daily",
            chart_title(report, lang),
            (col("day"), col("units"), col("omzet")),
            tuple((p.day, p.units, Rupiah(p.net)) for p in report.daily),
        )
    )
    tables.append(
        Table(
            "members",
            t("report.section.members", lang),
            (col("member"), col("products"), col("units"), col("omzet"), col("share")),
            tuple(
                (
                    m.member or t("report.no_maker", lang),
                    m.products,
                    m.units,
                    Rupiah(m.net),
                    Share(m.share),
                )
                for m in report.members
            ),
        )
    )
    tables.append(
        Table(
            "stock",
            t("report.section.stock", lang),
            (
                col("sku"),
                col("variant"),
                col("available"),
                col("sold"),
                col("days_left"),
                col("state"),
            ),
            tuple(
                (
                    s.sku,
                    s.name,
                    s.available,
                    s.sold,
                    None if s.days_left is None else Days(s.days_left),
                    t(f"report.state.{s.state}", lang),
                )
                for s in report.stock
            ),
        )
    )
    if report.consignment:
        tables.append(
            Table(
                "consignment",
                t("report.section.consignment", lang),
                (col("channel"), col("sku"), col("variant"), col("units")),
                tuple((c.channel, c.sku, c.name, c.units) for c in report.consignment),
            )
        )
    tables.append(
        Table(
            "health",
            t("report.section.health", lang),
            (col("severity"), col("channel"), col("what"), col("todo")),
            tuple(
                (
                    t(f"report.severity.{f.severity}", lang),
                    f.channel or "",
                    *flag_text(f.code, f.params, lang),
                )
                for f in report.flags
            ),
        )
    )
    tables.append(
        Table(
            "sync",
            t("report.section.sync", lang),
            (
                col("channel"),
                col("last_run"),
                col("result"),
                col("failures"),
                col("last_success"),
                col("last_error"),
            ),
            tuple(
                (
                    s.channel,
                    _local(s.last_run_at, report.timezone),
                    t(f"report.result.{s.result}", lang),
                    s.failures,
                    _local(s.last_success_at, report.timezone),
                    s.last_error or "",
                )
                for s in report.sync
            ),
        )
    )
    return tables


def flag_text(code: str, params: object, lang: str) -> tuple[str, str]:
    """A flag's message and what to do about it."""
    values: dict[str, object] = dict(params) if isinstance(params, Mapping) else {}
    for name, value in list(values.items()):
        if isinstance(value, int):
            values[f"{name}_s"] = "" if value == 1 else "s"
    message, todo = problem_text(code, lang, values)
    return message, todo or ""


def chart_title(report: ShopReport, lang: str) -> str:
    section = {"day": "daily", "week": "weekly", "month": "monthly"}[report.bucket]
    return t(f"report.section.{section}", lang)


def shops_table(reports: ReportSet, lang: str) -> Table:
    """One row per shop and a combined total: what a mentor with many shops reads first."""
    col = _columns(lang)
    rows: list[tuple[Cell, ...]] = []
    for entry in reports.shops:
        report = entry.report
        if report is None:
            message, _ = flag_text("report.flag.unreadable", {"error": entry.error or ""}, lang)
            rows.append((entry.source, None, None, None, None, None, message))
            continue
        totals = report.totals
        rows.append(
            (
                report.shop,
                Rupiah(totals.current.net),
                _change(totals.current.net, totals.previous.net),
                totals.current.orders,
                report.live_channels,
                len(report.flags),
                "",
            )
        )
    combined = reports.combined()
    readable = reports.readable()
    rows.append(
        (
            t("report.combined", lang),
            Rupiah(combined.current.net),
            _change(combined.current.net, combined.previous.net),
            combined.current.orders,
            sum(r.live_channels for r in readable),
            sum(len(r.flags) for r in readable),
            "",
        )
    )
    columns = (
        col("shop"),
        col("net"),
        col("growth"),
        col("orders"),
        col("live"),
        col("flags"),
        col("problem"),
    )
    return Table("shops", t("report.section.shops", lang), columns, tuple(rows))


def all_tables(reports: ReportSet, lang: str) -> list[Table]:
    """One shop: its tables. Many: the shops table, the combined totals, then each shop's
    tables with a leading shop column (so one CSV file or sheet holds every shop)."""
    single = reports.single
    if single is not None:
        return shop_tables(single, lang)
    tables = [shops_table(reports, lang), totals_table(reports.combined(), lang, "combined")]
    merged: dict[str, Table] = {}
    for report in reports.readable():
        for table in shop_tables(report, lang):
            rows = tuple((report.shop, *row) for row in table.rows)
            known = merged.get(table.name)
            if known is None:
                columns = (t("report.col.shop", lang), *table.columns)
                merged[table.name] = Table(table.name, table.title, columns, rows)
            else:
                merged[table.name] = Table(
                    known.name, known.title, known.columns, known.rows + rows
                )
    return tables + list(merged.values())


def empty_text(name: str, report: ShopReport, lang: str) -> str:
    """What a section says when it has no row."""
    if name == "members":
        return t("report.none.members", lang)
    if name == "stock":
        return t("report.none.stock", lang, threshold=report.low_stock_threshold)
    if name == "health":
        return t("report.none.flags", lang)
    return t("report.none.sales", lang)
