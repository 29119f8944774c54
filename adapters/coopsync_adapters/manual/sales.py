"""Sales recorded by hand: a CSV with one sale per row, read into orders.

Columns (English or Indonesian names, any order; `,` `;` or tab between them):
`date` (tanggal), `sku`, `quantity` (jumlah, qty), `price` (harga: per unit, e.g. 25000,
25.000 or Rp25.000), optional `order_id` (no_pesanan) and `status` (default completed: a sale
by hand is paid and handed over). Rows sharing an order_id are one order. A row without an
order_id gets an id derived from its content, so importing the file again never counts it twice.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, timezone

from coopsync.adapters import Order, OrderLine, OrderStatus
from coopsync.catalog import MAX_PRICE, MAX_STOCK

WIB = timezone(timedelta(hours=7), "WIB")

COLUMNS: dict[str, tuple[str, ...]] = {
    "date": ("date", "tanggal", "tgl", "waktu", "datetime"),
    "sku": ("sku", "kode", "kode_barang", "kode_produk"),
    "quantity": ("quantity", "qty", "jumlah", "jml", "banyak"),
    "price": ("price", "unit_price", "harga", "harga_satuan"),
    "order_id": ("order_id", "order", "no_pesanan", "nomor_pesanan", "id_pesanan", "nota"),
    "status": ("status",),
}
REQUIRED = ("date", "sku", "quantity", "price")

STATUS_WORDS: dict[str, OrderStatus] = {
    **{s.value: s for s in OrderStatus},
    "paid": OrderStatus.TO_SHIP,
    "sold": OrderStatus.COMPLETED,
    "done": OrderStatus.COMPLETED,
    "belum_bayar": OrderStatus.UNPAID,
    "belum_dibayar": OrderStatus.UNPAID,
    "sudah_bayar": OrderStatus.TO_SHIP,
    "dibayar": OrderStatus.TO_SHIP,
    "dikemas": OrderStatus.TO_SHIP,
    "perlu_dikirim": OrderStatus.TO_SHIP,
    "dikirim": OrderStatus.SHIPPED,
    "terkirim": OrderStatus.SHIPPED,
    "selesai": OrderStatus.COMPLETED,
    "terjual": OrderStatus.COMPLETED,
    "lunas": OrderStatus.COMPLETED,
    "batal": OrderStatus.CANCELLED,
    "dibatalkan": OrderStatus.CANCELLED,
    "retur": OrderStatus.RETURNED,
    "dikembalikan": OrderStatus.RETURNED,
}

_DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%d/%m/%Y",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d-%m-%Y",
    "%d-%m-%Y %H:%M",
    "%d.%m.%Y",
)
_ID_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+(,\d{1,2})?$")  # 25.000 or 25.000,00
_EN_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d{1,2})?$")  # 25,000 or 25,000.00
_PLAIN = re.compile(r"^\d+([.,]\d{1,2})?$")  # 25000 or 25000,00 or 25000.5


@dataclass(frozen=True)
class SaleRow:
    """One row of the sales file, checked."""

    line: int  # line number in the file, for messages
    sold_at: datetime  # aware UTC
    sku: str
    quantity: int
    unit_price: int
    order_id: str | None
    status: OrderStatus


@dataclass(frozen=True)
class RowProblem:
    """A row that could not be read: where it is and what is wrong."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


def _key(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def parse_when(text: str) -> datetime:
    """A sale's time; without a time of day it is noon, without a zone it is WIB."""
    text = text.strip()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        for fmt in _DATE_FORMATS:
            try:
                moment = datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        else:
            raise ValueError(
                f"'{text}' is not a date (write 2026-11-20 or 20/11/2026, optionally with 14:30)"
            ) from None
        if "%H" not in fmt:
            moment = datetime.combine(moment.date(), time(12, 0))
    else:
        if len(text) <= 10:
            moment = datetime.combine(moment.date(), time(12, 0))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=WIB)
    return moment.astimezone(UTC)


def parse_rupiah(text: str) -> int:
    """`25000`, `25.000`, `Rp 25.000`, `25,000` -> 25000 (whole rupiah)."""
    cleaned = re.sub(r"(?i)^rp\.?", "", text.strip()).replace(" ", "").replace("\u00a0", "")
    if _ID_THOUSANDS.match(cleaned):
        whole = cleaned.split(",")[0].replace(".", "")
    elif _EN_THOUSANDS.match(cleaned):
        whole = cleaned.split(".")[0].replace(",", "")
    elif _PLAIN.match(cleaned):
        whole = re.split(r"[.,]", cleaned)[0]
    else:
        raise ValueError(f"'{text}' is not a price in rupiah (write 25000 or Rp25.000)")
    price = int(whole)
    if price > MAX_PRICE:
        raise ValueError(f"price {price} is above Rp {MAX_PRICE}: is there an extra zero?")
    return price


def parse_quantity(text: str) -> int:
    try:
        quantity = int(text.strip())
    except ValueError:
        raise ValueError(f"'{text}' is not a whole number of units") from None
    if quantity <= 0:
        raise ValueError(
            f"quantity must be at least 1, not {quantity} (record a return with status 'retur')"
        )
    if quantity > MAX_STOCK:
        raise ValueError(f"quantity {quantity} is above {MAX_STOCK}: is there an extra zero?")
    return quantity


def parse_status(text: str) -> OrderStatus:
    if not text.strip():
        return OrderStatus.COMPLETED
    found = STATUS_WORDS.get(_key(text))
    if found is None:
        raise ValueError(
            f"'{text}' is not a status (use selesai, batal, retur, dikirim, dikemas, belum bayar)"
        )
    return found


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    delimiter = max(counts, key=lambda d: counts[d])

    class Chosen(csv.excel):
        pass

    Chosen.delimiter = delimiter if counts[delimiter] else ","
    return Chosen


def read_sales(text: str, file: str) -> tuple[list[SaleRow], list[RowProblem]]:
    """The rows of a sales file and the problems of the rows that could not be read."""
    # Old spreadsheets end lines with a lone CR: one line ending for the csv module.
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    reader = csv.reader(io.StringIO(text), dialect=_dialect(text))
    rows: list[SaleRow] = []
    problems: list[RowProblem] = []
    header: dict[str, int] | None = None
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # e.g. a NUL byte: this row is unreadable, the others are not
            problems.append(RowProblem(file, reader.line_num, f"cannot be read: {exc}"))
            continue
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if header is None:
            header = _read_header(record, file, line, problems)
            if header is None:
                return [], problems
            continue
        try:
            rows.append(_read_row(record, header, line))
        except ValueError as exc:
            problems.append(RowProblem(file, line, str(exc)))
    return rows, problems


def _read_header(
    record: Sequence[str], file: str, line: int, problems: list[RowProblem]
) -> dict[str, int] | None:
    names = {_key(cell): i for i, cell in enumerate(record)}
    header: dict[str, int] = {}
    for column, aliases in COLUMNS.items():
        for alias in aliases:
            if alias in names:
                header[column] = names[alias]
                break
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        problems.append(
            RowProblem(
                file,
                line,
                f"the first row must name the columns; missing: {', '.join(missing)} "
                "(e.g. date,sku,quantity,price,order_id,status)",
            )
        )
        return None
    return header


def _cell(record: Sequence[str], header: dict[str, int], column: str) -> str:
    index = header.get(column)
    return record[index].strip() if index is not None and index < len(record) else ""


def _read_row(record: Sequence[str], header: dict[str, int], line: int) -> SaleRow:
    sku = _cell(record, header, "sku")
    if not sku:
        raise ValueError("the sku is empty")
    price_text = _cell(record, header, "price")
    if not price_text:
        raise ValueError("the price is empty")
    return SaleRow(
        line=line,
        sold_at=parse_when(_cell(record, header, "date")),
        sku=sku,
        quantity=parse_quantity(_cell(record, header, "quantity")),
        unit_price=parse_rupiah(price_text),
        order_id=_cell(record, header, "order_id") or None,
        status=parse_status(_cell(record, header, "status")),
    )


def derived_order_id(row: SaleRow, occurrence: int) -> str:
    """An id from what the row says (not its status, which may change later).

    `occurrence` tells apart identical rows: two equal sales on the same day are two sales.
    """
    content = f"{row.sold_at.isoformat()}|{row.sku}|{row.quantity}|{row.unit_price}|{occurrence}"
    return "M-" + hashlib.sha256(content.encode()).hexdigest()[:12]


def orders_from_rows(rows: Sequence[SaleRow]) -> list[Order]:
    """Group rows into orders: by order_id when given, one order per row otherwise.

    `updated_at` is the sale time; the adapter replaces it with when it noticed the row.
    """
    grouped: dict[str, list[SaleRow]] = {}
    seen: Counter[tuple[datetime, str, int, int]] = Counter()
    for row in rows:
        if row.order_id:
            order_id = row.order_id
        else:
            content = (row.sold_at, row.sku, row.quantity, row.unit_price)
            order_id = derived_order_id(row, seen[content])
            seen[content] += 1
        grouped.setdefault(order_id, []).append(row)
    orders = []
    for order_id, group in grouped.items():
        lines: list[OrderLine] = []
        used: Counter[str] = Counter()
        for row in group:
            used[row.sku] += 1
            line_id = row.sku if used[row.sku] == 1 else f"{row.sku}#{used[row.sku]}"
            lines.append(OrderLine(line_id, row.sku, row.quantity, row.unit_price, row.status))
        created = min(row.sold_at for row in group)
        # An order with a cancelled line and a sold line is a sale: the sold line speaks for it.
        open_lines = [r.status for r in group if r.status is not OrderStatus.CANCELLED]
        orders.append(
            Order(
                order_id=order_id,
                status=open_lines[0] if open_lines else OrderStatus.CANCELLED,
                created_at=created,
                updated_at=created,
                lines=tuple(lines),
                total=sum(row.quantity * row.unit_price for row in group),
            )
        )
    return orders
