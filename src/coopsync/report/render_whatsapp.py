"""`--format whatsapp`: a message to paste into the shop's WhatsApp group.

WhatsApp's own markup (`*bold*`, `_italic_`), short lines, no tables. WhatsApp accepts up to
65,536 characters in a message, but a long one folds behind "Read more": the text stays under
`LIMIT` characters, shortening the longest lists first.
"""

from __future__ import annotations

from coopsync.i18n import t
from coopsync.report.model import ReportSet, ShopReport, change
from coopsync.report.money import percent, rupiah
from coopsync.report.tables import flag_text, period_text

LIMIT = 4000
NAME = 32  # characters of a product name


def _short(text: str, size: int = NAME) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def _delta(current: int, before: int, lang: str) -> str:
    ratio = change(current, before)
    return "" if ratio is None else f" ({percent(ratio, lang, signed=True)})"


def _count(value: int, lang: str) -> str:
    return f"{value:,}".replace(",", "." if lang == "id" else ",")


def shop_lines(report: ShopReport, lang: str, items: int) -> list[str]:
    """One shop's message; `items` caps every list (the caller shortens until it fits)."""
    now, before = report.totals.current, report.totals.previous
    lines = [
        f"*{report.shop}*",
        f"_{period_text(report, lang)}_",
        "",
        f"*{t('report.section.totals', lang)}*",
        f"{t('report.fig.omzet', lang)}: {rupiah(now.omzet)}"
        f"{_delta(now.omzet, before.omzet, lang)}",
        f"{t('report.fig.net', lang)}: *{rupiah(now.net)}*{_delta(now.net, before.net, lang)}",
        f"{t('report.fig.orders', lang)}: {_count(now.orders, lang)}"
        f"{_delta(now.orders, before.orders, lang)}",
        f"{t('report.fig.units', lang)}: {_count(now.units, lang)}",
        f"{t('report.fig.aov', lang)}: {rupiah(now.aov)}",
    ]
    if now.cancelled or now.returned:
        lines.append(
            f"{t('report.fig.cancelled', lang)}: {rupiah(now.cancelled)} · "
            f"{t('report.fig.returned', lang)}: {rupiah(now.returned)}"
        )
    sold = [c for c in report.channels if c.net or c.orders]
    if sold:
        lines += ["", f"*{t('report.section.channels', lang)}*"]
        lines += [
            f"• {c.channel}: {rupiah(c.net)} ({percent(c.share, lang)})" for c in sold[:items]
        ]
    if report.top_products_units:
        lines += ["", f"*{t('report.section.top_products_units', lang)}*"]
        lines += [
            f"{n}. {_short(r.name)} — {_count(r.units, lang)} {t('report.col.units', lang)}"
            for n, r in enumerate(report.top_products_units[:items], 1)
        ]
    if report.members:
        lines += ["", f"*{t('report.section.members', lang)}*"]
        lines += [
            f"• {m.member or t('report.no_maker', lang)}: {_count(m.units, lang)} "
            f"{t('report.col.units', lang)} · {rupiah(m.net)}"
            for m in report.members[:items]
        ]
        lines += _more(len(report.members) - items, lang)
    if report.stock:
        lines += ["", f"*{t('report.section.stock', lang)}*"]
        lines += [
            f"• {s.sku}: {t('report.state.' + s.state, lang)} ({s.available})"
            for s in report.stock[:items]
        ]
        lines += _more(len(report.stock) - items, lang)
    if report.consignment:
        lines += ["", f"*{t('report.section.consignment', lang)}*"]
        lines += [f"• {c.sku} @ {c.channel}: {c.units}" for c in report.consignment[:items]]
        lines += _more(len(report.consignment) - items, lang)
    lines += ["", f"*{t('report.section.health', lang)}*"]
    if not report.flags:
        lines.append(t("report.none.flags", lang))
    for flag in report.flags[:items]:
        message, todo = flag_text(flag.code, flag.params, lang)
        mark = "‼️" if flag.severity == "alert" else "•"
        where = f"{flag.channel}: " if flag.channel else ""
        lines.append(f"{mark} {where}{message}")
        if todo:
            lines.append(f"   _{todo}_")
    lines += _more(len(report.flags) - items, lang)
    return lines


def _more(hidden: int, lang: str) -> list[str]:
    return [t("report.more", lang, count=hidden)] if hidden > 0 else []


def _many_lines(reports: ReportSet, lang: str, items: int) -> list[str]:
    lines = [f"*{t('report.title.many', lang, count=len(reports.shops))}*", ""]
    for entry in reports.shops[: max(items * 4, 1)]:
        report = entry.report
        if report is None:
            lines.append(f"• {entry.source}: _{t('report.unreadable', lang)}_")
            continue
        now, before = report.totals.current, report.totals.previous
        lines.append(
            f"• *{report.shop}*: {rupiah(now.net)}{_delta(now.net, before.net, lang)}, "
            f"{_count(now.orders, lang)} {t('report.col.orders', lang)}, "
            f"{len(report.flags)} {t('report.col.flags', lang)}"
        )
    lines += _more(len(reports.shops) - max(items * 4, 1), lang)
    combined = reports.combined()
    now, before = combined.current, combined.previous
    lines += [
        "",
        f"*{t('report.combined', lang)}*: {rupiah(now.net)}{_delta(now.net, before.net, lang)}, "
        f"{_count(now.orders, lang)} {t('report.col.orders', lang)}",
    ]
    return lines


def render(reports: ReportSet, lang: str) -> str:
    """The message, shortened until it is under LIMIT characters."""
    single = reports.single
    text = ""
    for items in (5, 3, 2, 1):
        lines = (
            [f"*{t('report.title', lang)}*", *shop_lines(single, lang, items)]
            if single is not None
            else _many_lines(reports, lang, items)
        )
        text = "\n".join(lines) + "\n"
        if len(text) <= LIMIT:
            return text
    cut = t("report.cut", lang)
    return text[: LIMIT - len(cut) - 2].rsplit("\n", 1)[0] + "\n" + cut + "\n"
