"""What a manual channel shows: a CSV price list and a WhatsApp-ready message, in Indonesian.

Pure: listings in, text out. The adapter decides where the files go.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from coopsync.offline.ordercodes import order_code

WIB = timezone(timedelta(hours=7), "WIB")

CSV_NAME = "daftar-harga.csv"
WHATSAPP_NAME = "daftar-harga-whatsapp.txt"

MONTHS_ID = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip
DAYS_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


@dataclass
class PriceListItem:
    """One variant on the price list."""

    sku: str
    price: int
    stock: int
    options: dict[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """How buyers tell variants apart: `M / Biru`."""
        return " / ".join(self.options.values())


@dataclass
class PriceListEntry:
    """One product on the price list, with its variants in catalog order."""

    product_id: str
    title: str
    items: list[PriceListItem]
    updated_at: datetime
    hidden: bool = False  # retired: kept (it can come back), left out of the files


def format_rupiah(amount: int) -> str:
    """`25000` -> `Rp25.000` (Indonesian thousands separator)."""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(amount):,}".replace(",", ".")


def format_date_id(moment: datetime) -> str:
    """`Senin, 23 November 2026` in WIB."""
    local = moment.astimezone(WIB)
    return f"{DAYS_ID[local.weekday()]}, {local.day} {MONTHS_ID[local.month - 1]} {local.year}"


def _stock_text(stock: int) -> str:
    return f"stok {stock}" if stock > 0 else "habis"


def render_csv(entries: Sequence[PriceListEntry]) -> str:
    """The price list as CSV (opens in Excel and Google Sheets)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["sku", "kode_pesan", "nama_produk", "varian", "harga", "stok"])
    for entry in entries:
        for item in entry.items:
            writer.writerow(
                [item.sku, order_code(item.sku), entry.title, item.label, item.price, item.stock]
            )
    return out.getvalue()


def render_whatsapp(entries: Sequence[PriceListEntry], now: datetime) -> str:
    """A message to paste into a WhatsApp group: bold product names, prices, what is left, and
    each variant's order code, which `coopsync sale import` reads back from the chat."""
    lines = [f"*Daftar Harga* — {format_date_id(now)}", ""]
    example: str | None = None
    for entry in entries:
        title = entry.title.replace("*", "").strip()  # a stray * would break the bold
        lines.append(f"*{title}*")
        if len(entry.items) == 1 and not entry.items[0].label:
            item = entry.items[0]
            lines.append(
                f"{format_rupiah(item.price)} · {_stock_text(item.stock)} · "
                f"kode {order_code(item.sku)}"
            )
        else:
            for item in entry.items:
                label = item.label or item.sku
                lines.append(
                    f"• {label}: {format_rupiah(item.price)} · {_stock_text(item.stock)} · "
                    f"kode {order_code(item.sku)}"
                )
        example = example or order_code(entry.items[0].sku) if entry.items else example
        lines.append("")
    if not entries:
        lines += ["Belum ada produk.", ""]
    if example:
        lines.append(f"Cara pesan — balas: PESAN {example} 2 (kode lalu jumlah).")
    lines.append("Harga dan stok dapat berubah. Terima kasih 🙏")
    return "\n".join(lines) + "\n"
