"""`coopsync sale import CHAT.txt`: the orders of a WhatsApp chat export, each recorded once."""

from __future__ import annotations

from pathlib import Path

from coopsync.cli.context import Cli
from coopsync.errors import ConfigError, ExitCode
from coopsync.loading.limits import too_big
from coopsync.offline.chat_export import MAX_CHAT_BYTES, DateOrder


def _read_text(cli: Cli, path: Path) -> str:
    try:
        if too_big(path, MAX_CHAT_BYTES):  # the shared check importers make before reading
            raise ConfigError(
                cli.t("chat.too_big", file=str(path), mb=MAX_CHAT_BYTES // (1024 * 1024)),
                hint=cli.t("chat.too_big_hint"),
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(
            cli.t("chat.unreadable", file=str(path), why=exc.strerror or str(exc)),
            hint=cli.t("chat.unreadable_hint"),
        ) from None
    return data.decode("utf-8-sig", errors="replace")


def _date_order(cli: Cli, text: str | None) -> DateOrder | None:
    if text is None:
        return None
    if text == "dmy":
        return "dmy"
    if text == "mdy":
        return "mdy"
    raise ConfigError(cli.t("chat.date_order", value=text))


def run_chat_import(cli: Cli, chat: Path, channel: str | None, date_order: str | None) -> None:
    """Read the export, record its new orders, list what could not be read (exit 1 then)."""
    from coopsync.cli.session import open_store
    from coopsync.offline.chat_export import read_chat
    from coopsync.offline.chat_orders import chat_orders
    from coopsync.offline.sales import pick_channel, record_sales
    from coopsync.state.timestamps import utc_now

    order = _date_order(cli, date_order)
    loaded = cli.load_config()
    name = pick_channel(loaded.enabled_channels(), channel, cli.lang)
    text = _read_text(cli, chat)
    messages, bad_times = read_chat(text, loaded.config.shop.timezone, order)
    now = utc_now()
    found = chat_orders(messages, loaded.catalog, name, loaded.channels[name], now)
    with open_store(loaded) as store:
        recorded = record_sales(store, loaded.catalog, found.sales, now)
    for sale in recorded:
        items = ", ".join(f"{i.sku} ×{i.quantity}" for i in sale.items)
        cli.note(f"{sale.order_id} {sale.sender}: {items}")
    cli.echo(
        cli.t(
            "chat.summary",
            new=len(recorded),
            known=len(found.sales) - len(recorded),
            channel=name,
            messages=len(messages),
        )
    )
    for problem in found.problems:
        first = problem.text.splitlines()[0] if problem.text else ""
        cli.error(
            cli.t(
                "chat.problem",
                file=chat.name,
                line=problem.line,
                sender=problem.sender,
                text=first[:80],
                reason=cli.t(problem.reason, detail=problem.detail),
            )
        )
    for line, rest in bad_times:
        cli.error(cli.t("chat.bad_time", file=chat.name, line=line, text=rest[:80]))
    if found.problems or bad_times:
        cli.error(cli.t("chat.problems_hint", count=len(found.problems) + len(bad_times)))
        cli.exit(ExitCode.ITEM_FAILURES)
