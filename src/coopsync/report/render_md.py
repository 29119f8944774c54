"""`--format md`: the report as Markdown (GitHub-flavoured tables), for a wiki or an e-mail."""

from __future__ import annotations

from coopsync.i18n import t
from coopsync.report.model import ReportSet, ShopReport
from coopsync.report.tables import (
    Table,
    cell_text,
    empty_text,
    period_text,
    shop_tables,
    shops_table,
    totals_table,
)

_RIGHT = (int, float)


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table_md(table: Table, lang: str, empty: str = "") -> str:
    """One table with its title; `empty` is said instead of an empty table."""
    lines = [f"### {table.title}", ""]
    if not table.rows:
        return "\n".join([*lines, f"_{empty or '—'}_", ""])
    numeric = [
        all(isinstance(row[i], _RIGHT) or row[i] is None for row in table.rows)
        for i in range(len(table.columns))
    ]
    lines.append("| " + " | ".join(_escape(c) for c in table.columns) + " |")
    lines.append("|" + "|".join("---:" if n else "---" for n in numeric) + "|")
    for row in table.rows:
        lines.append("| " + " | ".join(_escape(cell_text(c, lang)) for c in row) + " |")
    lines.append("")
    return "\n".join(lines)


def shop_md(report: ShopReport, lang: str, heading: str = "##") -> str:
    parts = [
        f"{heading} {report.shop}",
        "",
        f"**{t('report.period', lang)}:** {period_text(report, lang)}  ",
        f"**{t('report.previous', lang).capitalize()}:** {report.previous.first} – "
        f"{report.previous.last}",
        "",
    ]
    for table in shop_tables(report, lang):
        parts.append(table_md(table, lang, empty_text(table.name, report, lang)))
    return "\n".join(parts)


def render(reports: ReportSet, lang: str) -> str:
    generated = reports.generated_at.strftime("%Y-%m-%d %H:%M UTC")
    single = reports.single
    if single is not None:
        title = f"# {t('report.title', lang)}: {single.shop}"
        stamp = f"_{t('report.generated', lang)} {generated}_"
        return "\n".join([title, "", stamp, *shop_md(single, lang).split("\n")[1:]])
    parts = [
        f"# {t('report.title.many', lang, count=len(reports.shops))}",
        "",
        f"_{t('report.generated', lang)} {generated}_",
        "",
        table_md(shops_table(reports, lang), lang),
        table_md(totals_table(reports.combined(), lang, "combined"), lang),
    ]
    parts.extend(shop_md(report, lang) for report in reports.readable())
    return "\n".join(parts)
