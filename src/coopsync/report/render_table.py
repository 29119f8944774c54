"""`--format table` (the default): the report in the terminal, fitting 80 columns.

Nothing is said by colour alone: states are words (`habis`, `PENTING`), changes carry a sign,
and the sales chart is drawn with block characters, so the view reads the same on a plain
terminal, in a log file or printed.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from coopsync.i18n import t
from coopsync.report.model import ReportSet, ShopReport
from coopsync.report.money import rupiah_short
from coopsync.report.tables import (
    Cell,
    Change,
    cell_text,
    chart_title,
    flag_text,
    period_text,
    shop_tables,
    shops_table,
    totals_table,
)
from coopsync.report.tables import (
    Table as ReportTable,
)

WIDTH = 80
BAR = 30  # characters of the longest bar in the sales chart
LIMIT = 15  # rows of a long list on screen; the other formats have them all
ALERTS = 3  # alerts per shop in the many-shop view
_DAYS = {
    "id": ("Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}


def _rich_table(
    table: ReportTable,
    lang: str,
    *,
    keep: Sequence[int] | None = None,
    wide: int | None = None,
    empty: str = "",
    limit: int | None = None,
) -> RenderableType:
    """A report table as a rich table; `keep` picks columns, `wide` is the one that shrinks."""
    title = Text(table.title, style="bold")
    if not table.rows:
        return Group(title, Text(f"  {empty or '—'}", style="italic"), Text(""))
    indices = list(keep) if keep is not None else list(range(len(table.columns)))
    view = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, title=None)
    for i in indices:
        numeric = all(isinstance(row[i], int | float) or row[i] is None for row in table.rows)
        view.add_column(
            table.columns[i],
            justify="right" if numeric else "left",
            no_wrap=True,
            overflow="ellipsis",
            max_width=(26 if len(indices) > 5 else 40) if i == wide else None,
        )
    shown = table.rows if limit is None else table.rows[:limit]
    for row in shown:
        view.add_row(*[_cell(row[i], lang) for i in indices])
    hidden = len(table.rows) - len(shown)
    more = Text(f"  {t('report.more', lang, count=hidden)}\n" if hidden else "")
    return Group(title, view, more)


def _cell(value: Cell, lang: str) -> Text:
    text = cell_text(value, lang)
    if isinstance(value, Change) and value < 0:
        return Text(text, style="red")
    return Text(text)


def chart(report: ShopReport, lang: str) -> RenderableType:
    """Net omzet per day (or week, month) as a bar of block characters, with the figure."""
    title = Text(chart_title(report, lang), style="bold")
    points = report.daily
    if not any(p.net for p in points):
        return Group(title, Text(f"  {t('report.none.sales', lang)}", style="italic"), Text(""))
    peak = max(p.net for p in points)
    days = _DAYS.get(lang, _DAYS["en"])
    lines = [title]
    for point in points:
        length = round(BAR * point.net / peak) if peak else 0
        bar = "█" * length or ("▏" if point.net else "")
        label = point.day.strftime("%d/%m")
        if report.bucket == "day":
            label = f"{days[point.day.weekday()]} {label}"
        line = Text(f"  {label:<9} ")
        line.append(f"{bar:<{BAR}}", style="cyan")
        line.append(f" {rupiah_short(point.net, lang):>10} {point.units:>4}")
        lines.append(line)
    lines.append(Text(""))
    return Group(*lines)


def _flags(report: ShopReport, lang: str) -> RenderableType:
    title = Text(t("report.section.health", lang), style="bold")
    if not report.flags:
        return Group(title, Text(f"  {t('report.none.flags', lang)}"), Text(""))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for flag in report.flags:
        message, todo = flag_text(flag.code, flag.params, lang)
        label = t(f"report.severity.{flag.severity}", lang)
        where = f"{flag.channel}: " if flag.channel else ""
        style = "bold red" if flag.severity == "alert" else "yellow"
        grid.add_row(Text(f"  [{label}]", style=style), Text(f"{where}{message}"))
        if todo:
            grid.add_row("", Text(f"→ {todo}", style="dim"))
    return Group(title, grid, Text(""))


def shop_view(report: ShopReport, lang: str) -> list[RenderableType]:
    """Every section of one shop's report."""
    header = Text()
    header.append(f"{t('report.title', lang)}: {report.shop}\n", style="bold")
    header.append(f"{t('report.period', lang)}: {period_text(report, lang)}\n")
    header.append(
        f"{t('report.previous', lang).capitalize()}: {report.previous.first} – "
        f"{report.previous.last}\n"
    )
    out: list[RenderableType] = [header]
    for table in shop_tables(report, lang):
        name = table.name
        if name == "totals":
            keep = [0, 1, 2, 3, 5] if report.totals.year_ago else [0, 1, 2, 3]
            out.append(_rich_table(table, lang, keep=keep))
        elif name.startswith("top_"):
            out.append(_rich_table(table, lang, wide=1, empty=t("report.none.sales", lang)))
        elif name == "daily":
            out.append(chart(report, lang))
        elif name == "members":
            empty = t("report.none.members", lang)
            out.append(_rich_table(table, lang, wide=0, empty=empty, limit=LIMIT))
        elif name == "stock":
            empty = t("report.none.stock", lang, threshold=report.low_stock_threshold)
            out.append(_rich_table(table, lang, keep=[0, 2, 3, 4, 5], empty=empty, limit=LIMIT))
        elif name == "consignment":
            out.append(_rich_table(table, lang, wide=2, limit=LIMIT))
        elif name == "health":
            out.append(_flags(report, lang))
        elif name == "sync":
            # Each failure's message is under "needs attention"; here only where and when.
            out.append(_rich_table(table, lang, keep=[0, 1, 2, 3, 4]))
        else:
            out.append(_rich_table(table, lang))
    return out


def view(reports: ReportSet, lang: str) -> RenderableType:
    """The whole terminal view: one shop's sections, or one row per shop and the total."""
    single = reports.single
    if single is not None:
        return Group(*shop_view(single, lang))
    header = Text(t("report.title.many", lang, count=len(reports.shops)), style="bold")
    shops = shops_table(reports, lang)
    parts: list[RenderableType] = [
        header,
        Text(""),
        _rich_table(shops, lang, wide=0, keep=[0, 1, 2, 3, 4, 5]),
    ]
    unreadable = [e for e in reports.shops if e.report is None]
    for entry in unreadable:
        message, todo = flag_text("report.flag.unreadable", {"error": entry.error or ""}, lang)
        parts.append(Text(f"[{t('report.unreadable', lang)}] {entry.source}: {message}"))
        parts.append(Text(f"     → {todo}", style="dim"))
    combined = totals_table(reports.combined(), lang, "combined")
    parts.append(_rich_table(combined, lang, keep=[0, 1, 2, 3]))
    alerts = Table.grid(padding=(0, 1))
    alerts.add_column(no_wrap=True)
    alerts.add_column()
    for report in reports.readable():
        for flag in [f for f in report.flags if f.severity == "alert"][:ALERTS]:
            message, todo = flag_text(flag.code, flag.params, lang)
            where = f"{flag.channel}: " if flag.channel else ""
            alerts.add_row(Text(f"  [{report.shop[:20]}]", style="bold red"), Text(where + message))
            alerts.add_row("", Text(f"→ {todo}", style="dim"))
    if alerts.row_count:
        parts += [Text(t("report.section.alerts", lang), style="bold"), alerts, Text("")]
    for report in reports.readable():
        period = period_text(report, lang)
        parts.append(Text(f"{report.shop}: {period}", style="dim"))
    return Group(*parts)


def render(reports: ReportSet, lang: str, width: int = WIDTH) -> str:
    """The terminal view as plain text (no colour codes), e.g. for a file or a test."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, highlight=False)
    console.print(view(reports, lang))
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())
