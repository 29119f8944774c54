"""The manual channel: WhatsApp groups, Instagram, bazaars. No API, files instead.

Listings are entries of a price list the adapter writes to `export_dir` (a CSV and a
WhatsApp-ready message); "pushing" stock or prices rewrites them. Orders come from the
`sales_file` the shop keeps by hand. What the price list shows is remembered in the state store,
so that the plan sees what the channel "shows" like on any other channel.
"""

from __future__ import annotations

import glob
import hashlib
import json
import logging
from collections.abc import AsyncIterator, Hashable, Mapping, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from coopsync.adapters import (
    AdapterContext,
    ItemResult,
    ListingDraft,
    ListingStatus,
    Order,
    Outcome,
    PriceUpdate,
    RemoteListing,
    RemoteSku,
    StockUpdate,
)
from coopsync.batching import push_in_batches
from coopsync.errors import RowsUnreadable, Transient
from coopsync.state.files import atomic_write, make_private_folder
from coopsync_adapters.manual.descriptor import DESCRIPTOR
from coopsync_adapters.manual.pricelist import (
    CSV_NAME,
    WHATSAPP_NAME,
    PriceListEntry,
    PriceListItem,
    render_csv,
    render_whatsapp,
)
from coopsync_adapters.manual.sales import RowProblem, orders_from_rows, read_sales

log = logging.getLogger("coopsync.adapters.manual")

PRICE_LIST_KEY = "price_list"  # what the exported price list shows, as JSON
SEEN_KEY = "sales_seen"  # order id -> [fingerprint, first seen like this, update time given]
MAX_PROBLEMS_SHOWN = 10


class ManualAdapter:
    """A channel without an API: exports a price list, imports sales from a CSV."""

    platform = "manual"
    capabilities = DESCRIPTOR.capabilities
    rules = DESCRIPTOR.rules

    def __init__(self, context: AdapterContext) -> None:
        self.context = context
        self.channel = context.channel
        settings = context.settings
        export_dir = getattr(settings, "export_dir", None)
        self.export_dir = self._resolve(
            export_dir or Path(".coopsync") / "manual" / context.channel
        )
        self.files_written: list[Path] = []
        sales_file = getattr(settings, "sales_file", None)
        self.sales_file: str | None = str(sales_file) if sales_file else None
        self._entries = self._load_entries()

    # ---- files -------------------------------------------------------------------------------
    def _resolve(self, path: str | Path) -> Path:
        candidate = Path(path).expanduser()
        return candidate if candidate.is_absolute() else self.context.base_dir / candidate

    def _load_entries(self) -> dict[str, PriceListEntry]:
        raw = self.context.memory.get_value(self.channel, PRICE_LIST_KEY)
        entries: dict[str, PriceListEntry] = {}
        for item in json.loads(raw) if raw else []:
            entries[item["product_id"]] = PriceListEntry(
                product_id=item["product_id"],
                title=item["title"],
                items=[PriceListItem(**variant) for variant in item["items"]],
                updated_at=datetime.fromisoformat(item["updated_at"]),
                hidden=bool(item.get("hidden", False)),
            )
        return entries

    def _publish(self, entries: dict[str, PriceListEntry]) -> None:
        """Write the price list files, then remember what they show (in that order: a failed
        write leaves the remembered list as it was, so the next run tries again)."""
        ordered = list(entries.values())
        shown = [e for e in ordered if not e.hidden]
        try:
            make_private_folder(self.export_dir)
            _write(self.export_dir / CSV_NAME, render_csv(shown), encoding="utf-8-sig")
            _write(self.export_dir / WHATSAPP_NAME, render_whatsapp(shown, self.context.clock()))
            # Files for people: the run summary says where they are.
            self.files_written = [self.export_dir / WHATSAPP_NAME, self.export_dir / CSV_NAME]
        except OSError as exc:
            raise Transient(
                f"could not write the price list in {self.export_dir}: {exc.strerror or exc}",
                channel=self.channel,
                hint="check that the folder exists and is writable (export_dir in the config)",
            ) from None
        stored = [
            {
                "product_id": e.product_id,
                "title": e.title,
                "items": [vars(i) for i in e.items],
                "updated_at": e.updated_at.isoformat(),
                "hidden": e.hidden,
            }
            for e in ordered
        ]
        self.context.memory.set_value(self.channel, PRICE_LIST_KEY, json.dumps(stored))
        self._entries = entries

    def _copy(self) -> dict[str, PriceListEntry]:
        return {
            pid: PriceListEntry(
                e.product_id,
                e.title,
                [PriceListItem(i.sku, i.price, i.stock, dict(i.options)) for i in e.items],
                e.updated_at,
                e.hidden,
            )
            for pid, e in self._entries.items()
        }

    @staticmethod
    def _remote(entry: PriceListEntry) -> RemoteListing:
        return RemoteListing(
            remote_id=entry.product_id,
            title=entry.title,
            status=ListingStatus.INACTIVE if entry.hidden else ListingStatus.ACTIVE,
            skus=tuple(RemoteSku(i.sku, i.sku, i.price, i.stock) for i in entry.items),
            updated_at=entry.updated_at,
        )

    # ---- listings ----------------------------------------------------------------------------
    async def listings(self) -> AsyncIterator[RemoteListing]:
        """What the price list last exported shows."""
        for entry in self._entries.values():
            yield self._remote(entry)

    async def find_by_sku(self, skus: Sequence[str]) -> dict[str, RemoteListing]:
        wanted = set(skus)
        found: dict[str, RemoteListing] = {}
        for entry in self._entries.values():
            for item in entry.items:
                if item.sku in wanted:
                    found[item.sku] = self._remote(entry)
        return found

    async def create_listing(self, draft: ListingDraft) -> RemoteListing:
        """Put a product on the price list with its prices and stock."""
        entries = self._copy()
        entries[draft.product_id] = PriceListEntry(
            product_id=draft.product_id,
            title=draft.title,
            items=[PriceListItem(v.sku, v.price, v.stock, dict(v.options)) for v in draft.variants],
            updated_at=self.context.clock(),
        )
        self._publish(entries)
        return self._remote(entries[draft.product_id])

    async def update_listing(self, remote: RemoteListing, draft: ListingDraft) -> RemoteListing:
        """New title and variant names; new variants join with the draft's price and stock,
        variants the product no longer has leave the list; prices and stock stay as shown."""
        entries = self._copy()
        entry = entries.get(remote.remote_id)
        if entry is None:
            return await self.create_listing(draft)
        shown = {item.sku: item for item in entry.items}
        entry.title = draft.title
        entry.items = [
            PriceListItem(
                v.sku,
                shown[v.sku].price if v.sku in shown else v.price,
                shown[v.sku].stock if v.sku in shown else v.stock,
                dict(v.options),
            )
            for v in draft.variants
        ]
        entry.updated_at = self.context.clock()
        self._publish(entries)
        return self._remote(entry)

    # ---- catalog changes ---------------------------------------------------------------------
    async def add_variants(self, remote: RemoteListing, draft: ListingDraft) -> RemoteListing:
        """New variants join the price list with the draft's price and stock."""
        return await self.update_listing(remote, draft)

    async def rename_skus(self, remote: RemoteListing, renames: Mapping[str, str]) -> RemoteListing:
        """The price list shows the new SKUs (and their order codes) from now on."""
        entries = self._copy()
        entry = entries.get(remote.remote_id)
        if entry is None:
            return remote
        for item in entry.items:
            item.sku = renames.get(item.sku, item.sku)
        entry.updated_at = self.context.clock()
        self._publish(entries)
        return self._remote(entry)

    async def unlist(self, remote: RemoteListing) -> RemoteListing:
        """Left out of the price list files; remembered, so it can come back."""
        return self._set_hidden(remote, hidden=True)

    async def relist(self, remote: RemoteListing) -> RemoteListing:
        return self._set_hidden(remote, hidden=False)

    def _set_hidden(self, remote: RemoteListing, *, hidden: bool) -> RemoteListing:
        entries = self._copy()
        entry = entries.get(remote.remote_id)
        if entry is None:
            return remote
        entry.hidden = hidden
        entry.updated_at = self.context.clock()
        self._publish(entries)
        return self._remote(entry)

    # ---- stock and prices --------------------------------------------------------------------
    async def push_stock(self, updates: Sequence[StockUpdate]) -> list[ItemResult]:
        async def send(_: Hashable, chunk: Sequence[StockUpdate]) -> list[ItemResult]:
            return self._set(chunk, "stock")

        # One write of the price list per batch (the declared batch holds a whole catalog).
        return await push_in_batches(updates, send, size=self.rules.stock_batch, sku=_sku)

    async def push_prices(self, updates: Sequence[PriceUpdate]) -> list[ItemResult]:
        async def send(_: Hashable, chunk: Sequence[PriceUpdate]) -> list[ItemResult]:
            return self._set(chunk, "price")

        return await push_in_batches(updates, send, size=self.rules.price_batch, sku=_sku)

    def _set(self, updates: Sequence[StockUpdate | PriceUpdate], what: str) -> list[ItemResult]:
        entries = self._copy()
        by_sku = {item.sku: (entry, item) for entry in entries.values() for item in entry.items}
        results: list[ItemResult] = []
        for update in updates:
            found = by_sku.get(update.sku)
            if found is None:
                results.append(
                    ItemResult(
                        update.sku,
                        Outcome.REJECTED,
                        f"{update.sku} is not on the price list of '{self.channel}'",
                    )
                )
                continue
            entry, item = found
            value = update.stock if isinstance(update, StockUpdate) else update.price
            setattr(item, what, value)
            entry.updated_at = self.context.clock()
            results.append(ItemResult(update.sku, Outcome.OK))
        if any(r.ok for r in results):
            try:
                self._publish(entries)
            except Transient as exc:
                return [
                    r if not r.ok else ItemResult(r.sku, Outcome.TRANSIENT, exc.message)
                    for r in results
                ]
        return results

    # ---- orders ------------------------------------------------------------------------------
    def _sales_paths(self) -> list[Path]:
        if not self.sales_file:
            return []
        pattern = self._resolve(self.sales_file)
        if glob.has_magic(str(pattern)):
            return sorted(Path(p) for p in glob.glob(str(pattern)))
        if not pattern.exists():
            # Worth a warning on a live channel (a mistyped path hides sales), not in a demo.
            level = logging.INFO if self.context.settings.sandbox else logging.WARNING
            log.log(
                level,
                "[%s] the sales file %s does not exist (yet): no sales",
                self.channel,
                pattern,
            )
            return []
        return [pattern]

    def _read_all(self) -> tuple[list[Order], list[RowProblem]]:
        rows = []
        problems: list[RowProblem] = []
        for path in self._sales_paths():
            try:
                text = path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as exc:
                problems.append(RowProblem(str(path), 0, f"cannot be read: {exc}"))
                continue
            found, bad = read_sales(text, str(path))
            rows += found
            problems += bad
        return orders_from_rows(rows), problems

    async def orders(self, since: datetime, until: datetime) -> AsyncIterator[Order]:
        """Sales whose row appeared or changed in [since, until).

        A hand-kept file is often filled in days later, so the window selects rows by when this
        adapter first saw them as they are now, not by the sale date; otherwise a sale typed in
        after the last pull would never be imported. The order's `updated_at` stays the sale
        time, because the ledger reads it as the moment the units left the shelf (a recount
        made after the sale but before the row was typed must not count it twice); a later
        change of the row (a status set to `batal` or `retur`) is dated when it was noticed.
        """
        orders, problems = self._read_all()
        raw = self.context.memory.get_value(self.channel, SEEN_KEY)
        seen: dict[str, list[str]] = json.loads(raw) if raw else {}
        noticed = max(since, min(self.context.clock(), until - timedelta(microseconds=1)))
        changed = False
        due: list[Order] = []
        for order in orders:
            fingerprint = _fingerprint(order)
            entry = seen.get(order.order_id)
            if entry is None:
                entry = [fingerprint, noticed.isoformat(), order.created_at.isoformat()]
            elif entry[0] != fingerprint:
                entry = [fingerprint, noticed.isoformat(), noticed.isoformat()]
            if seen.get(order.order_id) != entry:
                seen[order.order_id] = entry
                changed = True
            if since <= datetime.fromisoformat(entry[1]) < until:
                due.append(_with_update_time(order, datetime.fromisoformat(entry[2])))
        if changed:
            self.context.memory.set_value(self.channel, SEEN_KEY, json.dumps(seen))
        for order in due:
            yield order
        if problems:
            raise _problems_error(problems, self.channel)

    def render_price_list(self, drafts: Sequence[ListingDraft], style: str, now: datetime) -> str:
        """The price list these drafts make, as the WhatsApp message or the CSV (on demand)."""
        entries = [
            PriceListEntry(
                d.product_id,
                d.title,
                [PriceListItem(v.sku, v.price, v.stock, dict(v.options)) for v in d.variants],
                now,
            )
            for d in drafts
        ]
        return render_csv(entries) if style == "csv" else render_whatsapp(entries, now)

    async def aclose(self) -> None:
        return None


def _write(path: Path, text: str, *, encoding: str = "utf-8") -> None:
    atomic_write(path, text.encode(encoding))  # owner-only, like every file in the state folder


def _fingerprint(order: Order) -> str:
    content: list[Any] = [order.status.value, order.created_at.isoformat()]
    content += [[x.line_id, x.sku, x.quantity, x.list_price, x.status.value] for x in order.lines]
    return hashlib.sha256(json.dumps(content).encode()).hexdigest()[:16]


def _with_update_time(order: Order, updated_at: datetime) -> Order:
    return Order(
        order_id=order.order_id,
        status=order.status,
        created_at=order.created_at,
        updated_at=updated_at,
        lines=order.lines,
        total=order.total,
        currency=order.currency,
    )


def _problems_error(problems: Sequence[RowProblem], channel: str) -> RowsUnreadable:
    shown = "; ".join(str(p) for p in problems[:MAX_PROBLEMS_SHOWN])
    more = len(problems) - MAX_PROBLEMS_SHOWN
    tail = f" (and {more} more)" if more > 0 else ""
    noun = "row" if len(problems) == 1 else "rows"
    return RowsUnreadable(
        f"{len(problems)} {noun} of the sales file could not be read: {shown}{tail}",
        channel=channel,
        hint="fix those rows and run again; the other rows were imported",
    )


def _sku(update: StockUpdate | PriceUpdate) -> str:
    return update.sku
