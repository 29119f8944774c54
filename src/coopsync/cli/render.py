"""How engine results look in a terminal: the run summary, the plan table, status tables."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, TaskID, TextColumn
from rich.progress import Progress as RichBar
from rich.table import Table

from coopsync.engine.actions import Plan
from coopsync.engine.outcome import (
    HINT_BUG,
    HINT_FATAL,
    HINT_REJECTED,
    HINT_TRANSIENT,
    ChannelOutcome,
    Failure,
    Notice,
    RunSummary,
)
from coopsync.engine.run import Progress
from coopsync.engine.safety import HINT_FORCE, HINT_RULES
from coopsync.i18n import problem_text, t

MAX_LINES = 8  # of failures and of warnings: the summary fits on one screen
MAX_COUNTED = 10  # SKUs named after "New counts from the catalog"

# The summary's words in the shop's language (`shop.language`, or --lang).
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "dry_run": " (dry run: nothing sent)",
        "columns": "channel create adopt update stock price orders calls status",
        "ok": "ok",
        "failed": "{n} failed",
        "refused": "refused",
        "stopped": "stopped",
        "needs_human": "needs a human",
        "counted": "New counts from the catalog",
        "more_failures": "… and {n} more (`coopsync status`)",
        "more_counted": " … and {n} more (`coopsync stock show`)",
        "more_warnings": "… and {n} more warnings (`coopsync plan --format json`)",
        "exit": "exit code {n}",
        "plan_columns": "channel|action|sku / product|from|to",
        "actions": "create|adopt|update|stock|delist|price",
        "catalog_actions": "add variant|rename|retire|relist",
        "last_runs": "Last runs",
        "run_columns": "#|command|started|took|status|changes|failures",
        "channels": "Channels",
        "channel_columns": "channel|health|last success|last failure|last error",
        "listing_reads": "Listing reads",
        "listing_columns": "channel|changes read up to|last full read",
        "healthy": "ok",
        "failing": "failing",
        "no_run": "no run yet",
        "running": "running",
        "interrupted": "interrupted",
    },
    "id": {
        "dry_run": " (uji coba: tidak ada yang dikirim)",
        "columns": "kanal buat adopsi ubah stok harga pesanan panggilan status",
        "ok": "ok",
        "failed": "{n} gagal",
        "refused": "ditolak",
        "stopped": "berhenti",
        "needs_human": "perlu izin ulang",
        "counted": "Hitungan baru dari katalog",
        "more_failures": "… dan {n} lagi (`coopsync status`)",
        "more_counted": " … dan {n} lagi (`coopsync stock show`)",
        "more_warnings": "… dan {n} peringatan lagi (`coopsync plan --format json`)",
        "exit": "kode keluar {n}",
        "plan_columns": "kanal|tindakan|sku / produk|dari|menjadi",
        "actions": "buat|adopsi|ubah|stok|turunkan|harga",
        "catalog_actions": "tambah varian|ganti SKU|pensiunkan|jual lagi",
        "last_runs": "Proses terakhir",
        "run_columns": "#|perintah|mulai|lama|status|perubahan|gagal",
        "channels": "Kanal",
        "channel_columns": "kanal|kesehatan|terakhir berhasil|terakhir gagal|galat terakhir",
        "listing_reads": "Pembacaan listing",
        "listing_columns": "kanal|perubahan terbaca sampai|baca penuh terakhir",
        "healthy": "sehat",
        "failing": "bermasalah",
        "no_run": "belum pernah jalan",
        "running": "berjalan",
        "interrupted": "terhenti",
    },
}
# What to do, for the engine's own advice (platform messages stay as the platform wrote them).
HINTS_ID: dict[str, str] = {
    HINT_REJECTED: "perbaiki nilainya di katalog atau aturan kanal; sync berikutnya mencoba lagi",
    HINT_TRANSIENT: "kanal tidak menjawab tepat waktu; sync berikutnya mencoba lagi",
    HINT_FATAL: "periksa pengaturan kanal (base_url, kunci, id toko) di konfigurasi dan .env",
    HINT_BUG: "ini bug di coopsync atau adapter: jalankan lagi dengan --debug dan laporkan",
    HINT_FORCE: "periksa katalog dan hitungan stok; jalankan lagi dengan --force bila memang "
    "disengaja",
    HINT_RULES: "periksa pengaturan `stock:` kanal; jalankan lagi dengan --force bila memang "
    "disengaja",
}


def words_for(lang: str) -> dict[str, str]:
    return WORDS.get(lang, WORDS["en"])


def _hint(hint: str, lang: str) -> str:
    return HINTS_ID.get(hint, hint) if lang == "id" else hint


def summary_table(summary: RunSummary, lang: str = "en") -> Table:
    words = words_for(lang)
    title = f"coopsync {summary.command}" + (words["dry_run"] if summary.dry_run else "")
    table = Table(
        title=title,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
    )
    first, *numbers, last = words["columns"].split()
    table.add_column(first, no_wrap=True)
    for column in numbers:
        table.add_column(column, justify="right")
    table.add_column(last, no_wrap=True)
    for name, c in summary.channels.items():
        if c.needs_human:
            status = f"[red]{words['needs_human']}[/red]"
        elif c.refused:
            status = f"[yellow]{words['refused']}[/yellow]"
        elif c.stopped:
            status = f"[red]{words['stopped']}[/red]"
        elif c.failures:
            status = f"[yellow]{words['failed'].format(n=len(c.failures))}[/yellow]"
        else:
            status = f"[green]{words['ok']}[/green]"
        if summary.dry_run or summary.command == "plan":
            planned = c.planned
            cells = [planned.get(k, 0) for k in ("create", "adopt", "update", "stock", "price")]
        else:
            cells = [c.created, c.adopted, c.updated, c.stock_set, c.prices_set]
        table.add_row(
            name,
            *(str(n) for n in cells),
            str(c.orders_new),
            "-" if c.requests is None else str(c.requests),
            status,
        )
    return table


def catalog_changes(summary: RunSummary, outcome: ChannelOutcome) -> dict[str, int]:
    """A channel's catalog changes, planned (plan, --dry-run) or done: add variant, rename,
    retire, relist."""
    if summary.dry_run or summary.command == "plan":
        return {k: outcome.planned.get(k, 0) for k in ("add_variant", "rename", "retire", "relist")}
    return {
        "add_variant": outcome.variants_added,
        "rename": outcome.renamed,
        "retire": outcome.retired,
        "relist": outcome.relisted,
    }


def print_summary(console: Console, summary: RunSummary, lang: str = "en") -> None:
    """The one-screen summary: changes per channel, failures with what to do, warnings."""
    words = words_for(lang)
    console.print(summary_table(summary, lang))
    for name, outcome in summary.channels.items():
        changes = catalog_changes(summary, outcome)
        if any(changes.values()):
            line = f"[{name}] {t('sync.catalog_changes', lang, **changes)}"
            console.print(escape(line), highlight=False)
    if summary.counted:
        shown = ", ".join(summary.counted[:MAX_COUNTED])
        more = len(summary.counted) - MAX_COUNTED
        tail = words["more_counted"].format(n=more) if more > 0 else ""
        console.print(f"{words['counted']} ({len(summary.counted)}): {shown}{tail}")
    for name, outcome in summary.channels.items():
        if outcome.files:
            line = f"[{name}] {t('sync.price_list_written', lang, path=outcome.files[0])}"
            console.print(escape(line), highlight=False)
    failures = summary.failures()
    for failure in failures[:MAX_LINES]:
        where = f"{failure.sku} " if failure.sku else ""
        console.print(
            f"[red]✗[/red] {escape(f'[{failure.channel}] {where}{failure.action}')}: "
            f"{escape(_failure_text(failure, lang))}\n    → {escape(failure_hint(failure, lang))}",
            highlight=False,
        )
    if len(failures) > MAX_LINES:
        console.print(words["more_failures"].format(n=len(failures) - MAX_LINES))
    locks = [
        (name, sku, units)
        for name, outcome in summary.channels.items()
        for sku, units in outcome.campaign_locks.items()
    ]
    for name, sku, units in locks[:MAX_LINES]:
        line = t("stock.campaign_locked", lang, channel=name, sku=sku, units=units)
        console.print(f"[yellow]![/yellow] {escape(line)}", highlight=False)
    for warning in summary.warnings[:MAX_LINES]:
        console.print(f"[yellow]![/yellow] {escape(notice_text(warning, lang))}", highlight=False)
    if len(summary.warnings) > MAX_LINES:
        console.print(words["more_warnings"].format(n=len(summary.warnings) - MAX_LINES))
    console.print(words["exit"].format(n=int(summary.exit_code)), style="dim")


def failure_hint(failure: Failure, lang: str) -> str:
    """What to do about a failure, in the user's language where coopsync wrote it."""
    if failure.hint_code:
        return t(failure.hint_code, lang, channel=failure.channel)
    return _hint(failure.hint, lang)


def _failure_text(failure: Failure, lang: str) -> str:
    """The engine's own failures in the user's language; a platform's words as it wrote them."""
    if not failure.code:
        return failure.message
    return problem_text(failure.code, lang, failure.params)[0]


def notice_text(notice: Notice, lang: str) -> str:
    """A run's warning in the user's language (its English text when it has no code)."""
    if not notice.code:
        return str(notice)
    return f"[{notice.channel}] {t(notice.code, lang, **notice.params)}"


def summary_json(
    summary: RunSummary, *, shop: str | None = None, at: datetime | None = None
) -> str:
    """The summary as one JSON object; `time` (UTC) and `shop` say which run of which shop."""
    head: dict[str, object] = {}
    if at is not None:
        head["time"] = at.isoformat(timespec="seconds")
    if shop is not None:
        head["shop"] = shop
    return json.dumps({**head, **summary.to_dict()}, ensure_ascii=False, default=str)


def plan_table(plan: Plan, lang: str = "en") -> Table:
    """Every planned change, one line each."""
    words = words_for(lang)
    create, adopt, update, stock_word, delist, price_word = words["actions"].split("|")
    table = Table(title="coopsync plan", title_justify="left", box=box.SIMPLE_HEAD)
    for column in words["plan_columns"].split("|"):
        table.add_column(column)
    for name, cp in plan.channels.items():
        for c in cp.creates:
            skus = ", ".join(v.sku for v in c.draft.variants)
            table.add_row(name, create, f"{c.product_id} ({skus})", "", "")
        for a in cp.adopts:
            table.add_row(name, adopt, a.sku, "", a.remote_id)
        for u in cp.updates:
            table.add_row(name, update, u.product_id, u.remote.title, u.draft.title)
        add_word, rename_word, retire_word, relist_word = words["catalog_actions"].split("|")
        for renamed in cp.renames:
            for old, new in renamed.renames.items():
                table.add_row(name, rename_word, new, old, new)
        for added in cp.additions:
            for sku in added.new_skus:
                table.add_row(name, add_word, f"{added.product_id} ({sku})", "", sku)
        for unlist in cp.unlists:
            table.add_row(name, retire_word, unlist.product_id, "", "")
        for relist in cp.relists:
            table.add_row(name, relist_word, relist.product_id, "", "")
        for stock in cp.stock:
            action = delist if stock.delist else stock_word
            table.add_row(name, action, stock.sku, _num(stock.current), str(stock.stock))
        for price in cp.prices:
            table.add_row(name, price_word, price.sku, _num(price.current), str(price.price))
        for warning in cp.warnings:
            text = t(warning.code, lang, **warning.params) if warning.code else warning.message
            table.add_row(name, f"[yellow]{warning.kind}[/yellow]", escape(text), "", "")
    return table


def _num(value: int | None) -> str:
    return "-" if value is None else str(value)


def plan_json(plan: Plan) -> str:
    return json.dumps(plan.to_dict(), ensure_ascii=False, default=str)


class BarProgress(Progress):
    """A rich progress bar per channel (only used when stdout is a terminal)."""

    def __init__(self, console: Console) -> None:
        self.bar = RichBar(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=console,
            transient=True,
        )
        self.tasks: dict[str, TaskID] = {}

    def __enter__(self) -> BarProgress:
        self.bar.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.bar.stop()

    def planned(self, channel: str, units: int) -> None:
        if units:
            self.tasks[channel] = self.bar.add_task(channel, total=units)

    def advance(self, channel: str, units: int) -> None:
        task = self.tasks.get(channel)
        if task is not None:
            self.bar.advance(task, units)
