"""`--format html`: one self-contained page (inline CSS and SVG, no external request) that
reads on a screen and prints on A4. Charts are drawn as SVG bars; every figure is also in a
table, so nothing is lost on a black-and-white printer.
"""

from __future__ import annotations

from html import escape

from coopsync.i18n import t
from coopsync.report.model import DayPoint, ReportSet, ShopReport
from coopsync.report.money import percent, rupiah, rupiah_short
from coopsync.report.tables import (
    Table,
    cell_text,
    chart_title,
    empty_text,
    period_text,
    shop_tables,
    shops_table,
    totals_table,
)

CSS = """
@page { size: A4; margin: 14mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; color: #1a1a1a;
       margin: 0 auto; max-width: 182mm; font-size: 10pt; line-height: 1.35; background: #fff; }
h1 { font-size: 17pt; margin: 0 0 2mm; }
h2 { font-size: 14pt; margin: 8mm 0 2mm; border-bottom: 2px solid #7a4a1e; padding-bottom: 1mm; }
h3 { font-size: 11pt; margin: 5mm 0 1.5mm; color: #7a4a1e; }
p.meta { margin: 0 0 3mm; color: #555; }
table { border-collapse: collapse; width: 100%; margin-bottom: 2mm; page-break-inside: auto; }
tr { page-break-inside: avoid; }
th, td { border-bottom: 1px solid #ccc; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #f3ebe1; font-weight: bold; }
td.n, th.n { text-align: right; white-space: nowrap; }
td:first-child { white-space: nowrap; }
.cards { display: flex; flex-wrap: wrap; gap: 3mm; margin: 2mm 0 3mm; }
.card { border: 1px solid #c9b59f; border-radius: 2mm; padding: 2mm 3mm; min-width: 40mm; }
.card b { display: block; font-size: 13pt; }
.card span { color: #555; font-size: 9pt; }
svg { display: block; margin: 1mm 0 3mm; }
.empty { color: #666; font-style: italic; }
.alert { color: #a40000; font-weight: bold; }
section.shop { page-break-before: auto; }
@media print { h2 { page-break-after: avoid; } h3 { page-break-after: avoid; } }
"""

_NUMERIC = (int, float)


def table_html(table: Table, lang: str, empty: str = "") -> str:
    out = [f"<h3>{escape(table.title)}</h3>"]
    if not table.rows:
        out.append(f'<p class="empty">{escape(empty or "—")}</p>')
        return "\n".join(out)
    numeric = [
        all(isinstance(row[i], _NUMERIC) or row[i] is None for row in table.rows)
        for i in range(len(table.columns))
    ]
    head = "".join(
        f'<th class="n">{escape(c)}</th>' if n else f"<th>{escape(c)}</th>"
        for c, n in zip(table.columns, numeric, strict=True)
    )
    out.append(f"<table><thead><tr>{head}</tr></thead><tbody>")
    for row in table.rows:
        cells = "".join(
            f'<td class="n">{escape(cell_text(v, lang))}</td>'
            if n
            else f"<td>{escape(cell_text(v, lang))}</td>"
            for v, n in zip(row, numeric, strict=True)
        )
        out.append(f"<tr>{cells}</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def bar_chart(points: tuple[DayPoint, ...], lang: str, title: str) -> str:
    """Net omzet per day (or week, month) as SVG columns, labelled below and above."""
    if not points:
        return ""
    width, height, top, bottom = 680, 190, 22, 36
    peak = max((p.net for p in points), default=0) or 1
    slot = width / len(points)
    bar = max(slot * 0.7, 1.0)
    every = max(1, len(points) // 14)  # at most ~14 labels
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}">',
        f'<line x1="0" y1="{height - bottom}" x2="{width}" y2="{height - bottom}" '
        'stroke="#888" stroke-width="1"/>',
    ]
    for index, point in enumerate(points):
        h = (height - top - bottom) * point.net / peak
        x = index * slot + (slot - bar) / 2
        y = height - bottom - h
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="#7a4a1e">'
            f"<title>{point.day}: {escape(rupiah(point.net))}</title></rect>"
        )
        centre = index * slot + slot / 2
        if index % every == 0:
            parts.append(
                f'<text x="{centre:.1f}" y="{height - bottom + 14}" font-size="10" '
                f'text-anchor="middle" fill="#333">{point.day.strftime("%d/%m")}</text>'
            )
            if point.net:
                parts.append(
                    f'<text x="{centre:.1f}" y="{y - 4:.1f}" font-size="9" text-anchor="middle" '
                    f'fill="#333">{escape(rupiah_short(point.net, lang))}</text>'
                )
    parts.append("</svg>")
    return "".join(parts)


def share_chart(report: ShopReport, lang: str) -> str:
    """Each channel's share of net omzet as horizontal SVG bars."""
    rows = list(report.channels)
    if not rows or not any(c.net for c in rows):
        return ""
    width, line = 680, 22
    height = line * len(rows) + 6
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(t("report.section.channels", lang))}">'
    ]
    for index, row in enumerate(rows):
        y = index * line + 4
        w = (width - 260) * row.share
        parts.append(
            f'<text x="0" y="{y + 13}" font-size="11" fill="#333">{escape(row.channel)}</text>'
            f'<rect x="110" y="{y}" width="{w:.1f}" height="{line - 8}" fill="#b5803f"/>'
            f'<text x="{110 + w + 6:.1f}" y="{y + 13}" font-size="10" fill="#333">'
            f"{escape(percent(row.share, lang))} · {escape(rupiah(row.net))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _cards(report: ShopReport, lang: str) -> str:
    current = report.totals.current
    cards = [
        ("report.fig.omzet", rupiah(current.omzet)),
        ("report.fig.net", rupiah(current.net)),
        ("report.fig.orders", cell_text(current.orders, lang)),
        ("report.fig.units", cell_text(current.units, lang)),
        ("report.fig.aov", rupiah(current.aov)),
    ]
    items = "".join(
        f'<div class="card"><span>{escape(t(code, lang))}</span><b>{escape(value)}</b></div>'
        for code, value in cards
    )
    return f'<div class="cards">{items}</div>'


def shop_html(report: ShopReport, lang: str, level: str = "h2") -> str:
    out = [
        f'<section class="shop"><{level}>{escape(report.shop)}</{level}>',
        f'<p class="meta">{escape(t("report.period", lang))}: '
        f"{escape(period_text(report, lang))} · {escape(t('report.previous', lang))}: "
        f"{report.previous.first} – {report.previous.last}</p>",
        _cards(report, lang),
    ]
    for table in shop_tables(report, lang):
        if table.name == "channels":
            out.append(table_html(table, lang))
            out.append(share_chart(report, lang))
        elif table.name == "daily":
            out.append(f"<h3>{escape(chart_title(report, lang))}</h3>")
            out.append(bar_chart(report.daily, lang, chart_title(report, lang)))
            out.append(table_html(table, lang).split("\n", 1)[1])
        else:
            out.append(table_html(table, lang, empty_text(table.name, report, lang)))
    out.append("</section>")
    return "\n".join(out)


def render(reports: ReportSet, lang: str) -> str:
    single = reports.single
    title = (
        f"{t('report.title', lang)}: {single.shop}"
        if single
        else t("report.title.many", lang, count=len(reports.shops))
    )
    stamp = reports.generated_at.strftime("%Y-%m-%d %H:%M UTC")
    body = [
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">{escape(t("report.generated", lang))} {stamp}</p>',
    ]
    if single is not None:
        body.append(shop_html(single, lang).replace(f"<h2>{escape(single.shop)}</h2>", "", 1))
    else:
        body.append(table_html(shops_table(reports, lang), lang))
        body.append(table_html(totals_table(reports.combined(), lang, "combined"), lang))
        body.extend(shop_html(report, lang) for report in reports.readable())
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head>\n<body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
