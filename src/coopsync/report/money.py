"""Money in the report: what one order line adds up to, and rupiah written the Indonesian way.

`line_omzet` and `line_net` are the one place that decides what a line is worth; they follow
`coopsync.money` (docs/orders.md): omzet is the list price less the seller's own discounts,
net sales the omzet of lines that were sold, less what was refunded.
"""

from __future__ import annotations

from coopsync import money
from coopsync.state.records import SaleLine

SOLD = money.SOLD  # statuses whose units count as sold


# Omzet of one order line in whole rupiah: list price × units − the seller's discounts.
# `coopsync.money.omzet` itself, not a wrapper: the report adds up 100,000 lines.
line_omzet = money.omzet


def line_net(line: SaleLine) -> int:
    """Net sales of one line: its omzet if it was sold, less the share refunded; else 0."""
    return money.net_sales(line)


def rupiah(amount: int) -> str:
    """`Rp1.250.000`: a dot between thousands, no decimals, a minus sign before `Rp`."""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(amount):,}".replace(",", ".")


def rupiah_short(amount: int, lang: str) -> str:
    """`Rp1,3 jt` / `Rp1.3M`: for chart labels where a full figure does not fit."""
    value = abs(amount)
    sign = "-" if amount < 0 else ""
    for size, unit_id, unit_en in ((1_000_000_000, "M", "B"), (1_000_000, "jt", "M")):
        if value >= size:
            number = f"{value / size:.1f}".rstrip("0").rstrip(".")
            if lang == "id":
                return f"{sign}Rp{number.replace('.', ',')} {unit_id}"
            return f"{sign}Rp{number}{unit_en}"
    if value >= 1000:
        return f"{sign}Rp{value // 1000}{'rb' if lang == 'id' else 'k'}"
    return rupiah(amount)


def percent(ratio: float | None, lang: str, *, signed: bool = False) -> str:
    """`12,5%` (id) or `12.5%` (en); `+`/`-` with `signed`; `—` when there is nothing to compare."""
    if ratio is None:
        return "—"
    text = f"{ratio * 100:+.1f}" if signed else f"{ratio * 100:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    if lang == "id":
        text = text.replace(".", ",")
    return text + "%"
