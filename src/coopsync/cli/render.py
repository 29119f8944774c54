"""How engine results look in a terminal: the run summary, the plan table, status tables."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, TaskID, TextColumn
from rich.progress import Progress as RichBar
from rich.table import Table

from coopsync.engine.actions import Plan
from coopsync.engine.outcome import (
    HINT_AUTH,
    HINT_BUG,
    HINT_FATAL,
    HINT_REJECTED,
    HINT_TRANSIENT,
    RunSummary,
)
from coopsync.engine.run import Progress
from coopsync.engine.safety import HINT_FORCE

MAX_LINES = 8  # of failures and of warnings: the summary fits on one screen

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
        "more_warnings": "… and {n} more warnings (`coopsync plan --format json`)",
        "exit": "exit code {n}",
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
        "more_warnings": "… dan {n} peringatan lagi (`coopsync plan --format json`)",
        "exit": "kode keluar {n}",
    },
}
# What to do, for the engine's own advice (platform messages stay as the platform wrote them).
HINTS_ID: dict[str, str] = {
    HINT_REJECTED: "perbaiki nilainya di katalog atau aturan kanal; sync berikutnya mencoba lagi",
    HINT_TRANSIENT: "kanal tidak menjawab tepat waktu; sync berikutnya mencoba lagi",
    HINT_AUTH: "izinkan coopsync lagi di kanal ini (lihat `coopsync doctor`), lalu jalankan sync",
    HINT_FATAL: "periksa pengaturan kanal dengan `coopsync doctor`",
    HINT_BUG: "ini bug di coopsync atau adapter: jalankan lagi dengan --debug dan laporkan",
    HINT_FORCE: "periksa katalog dan hitungan stok; jalankan lagi dengan --force bila memang "
    "disengaja",
}


def _words(lang: str) -> dict[str, str]:
    return WORDS.get(lang, WORDS["en"])


def _hint(hint: str, lang: str) -> str:
    return HINTS_ID.get(hint, hint) if lang == "id" else hint


def local(moment: datetime | None, timezone: str) -> str:
    """A time as the shop reads it (WIB by default)."""
    if moment is None:
        return "-"
    return moment.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M %Z")


def summary_table(summary: RunSummary, lang: str = "en") -> Table:
    words = _words(lang)
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


def print_summary(console: Console, summary: RunSummary, lang: str = "en") -> None:
    """The one-screen summary: changes per channel, failures with what to do, warnings."""
    words = _words(lang)
    console.print(summary_table(summary, lang))
    if summary.counted:
        console.print(f"{words['counted']}: {', '.join(summary.counted[:10])}")
    failures = summary.failures()
    for failure in failures[:MAX_LINES]:
        where = f"{failure.sku} " if failure.sku else ""
        console.print(
            f"[red]✗[/red] {escape(f'[{failure.channel}] {where}{failure.action}')}: "
            f"{escape(failure.message)}\n    → {escape(_hint(failure.hint, lang))}",
            highlight=False,
        )
    if len(failures) > MAX_LINES:
        console.print(words["more_failures"].format(n=len(failures) - MAX_LINES))
    for warning in summary.warnings[:MAX_LINES]:
        console.print(f"[yellow]![/yellow] {escape(warning)}", highlight=False)
    if len(summary.warnings) > MAX_LINES:
        console.print(words["more_warnings"].format(n=len(summary.warnings) - MAX_LINES))
    console.print(words["exit"].format(n=int(summary.exit_code)), style="dim")


def summary_json(summary: RunSummary) -> str:
    return json.dumps(summary.to_dict(), ensure_ascii=False, default=str)


def plan_table(plan: Plan) -> Table:
    """Every planned change, one line each."""
    table = Table(title="coopsync plan", title_justify="left", box=box.SIMPLE_HEAD)
    for column in ("channel", "action", "sku / product", "from", "to"):
        table.add_column(column)
    for name, cp in plan.channels.items():
        for create in cp.creates:
            skus = ", ".join(v.sku for v in create.draft.variants)
            table.add_row(name, "create", f"{create.product_id} ({skus})", "", "")
        for adopt in cp.adopts:
            table.add_row(name, "adopt", adopt.sku, "", adopt.remote_id)
        for update in cp.updates:
            table.add_row(
                name, "update", update.product_id, update.remote.title, update.draft.title
            )
        for stock in cp.stock:
            action = "delist" if stock.delist else "stock"
            table.add_row(name, action, stock.sku, _num(stock.current), str(stock.stock))
        for price in cp.prices:
            table.add_row(name, "price", price.sku, _num(price.current), str(price.price))
        for warning in cp.warnings:
            table.add_row(name, f"[yellow]{warning.kind}[/yellow]", escape(warning.message), "", "")
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
