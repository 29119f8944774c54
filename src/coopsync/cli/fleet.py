"""`coopsync fleet`: an office's shops on one PostgreSQL database, synced by procrastinate
workers (docs/fleet.md).

This module: `add`, `list`, `remove`, `resume`, `status`. `cli/fleet_db.py`: the group, its
database option and the connection every fleet command opens. `cli/fleet_work.py`: `sync`,
`schedule`, `worker`. `cli/fleet_connect.py`: `connect`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from coopsync.cli.context import Cli, command
from coopsync.cli.fleet_db import fleet_app, fleet_db, known_shop

if TYPE_CHECKING:
    pass


def _peek_shop_name(path: Path) -> str | None:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
        return str(data["shop"]["name"])
    except Exception:  # the real load reports what is wrong
        return None


@fleet_app.command(epilog="Example: coopsync fleet add toko-sari/coopsync.yaml toko-jaya/")
def add(
    ctx: typer.Context,
    configs: Annotated[
        list[Path], typer.Argument(help="Config files of shops (a folder: every shop in it).")
    ],
    name: Annotated[
        str | None,
        typer.Option("--name", help="The shop's name in the fleet (default: from shop.name)."),
    ] = None,
) -> None:
    """Register shops: each config is validated with the shop's own environment first."""
    import os

    with command(ctx) as cli:
        from coopsync.errors import ConfigError
        from coopsync.fleet import registry
        from coopsync.fleet.names import NAME_PATTERN, fleet_name
        from coopsync.fleet.runner import load_shop
        from coopsync.loading.problems import ConfigInvalid
        from coopsync.report.collect import config_files

        files = config_files(configs)
        if name is not None and len(files) != 1:
            error = ConfigError("--name goes with one config only")
            error.code = "fleet.name_for_one"
            raise error
        if name is not None and not NAME_PATTERN.match(name):
            error = ConfigError(f"'{name}' cannot be a fleet name")
            error.code, error.params = "fleet.bad_name", {"name": name}
            raise error
        failed = 0
        with fleet_db(ctx, cli) as conn:
            known = {s.name: s for s in registry.shops(conn)}
            others = list(known)
            seen: set[str] = set()
            for path in files:
                path = path.expanduser().absolute()
                shop_name = name or fleet_name(_peek_shop_name(path) or path.parent.name)
                try:
                    loaded = load_shop(str(path), shop_name, os.environ, others)
                except ConfigInvalid as exc:
                    cli.problems(exc.problems)
                    cli.error(cli.t("fleet.not_added", config=str(path)))
                    failed += 1
                    continue
                display = loaded.config.shop.name
                twin = _same_shop_name(known, shop_name, display, seen)
                if twin is not None:
                    cli.error(cli.t("fleet.same_name", config=str(path), shop=display, other=twin))
                    failed += 1
                    continue
                seen.add(shop_name)
                new = registry.add_shop(conn, shop_name, str(path), display)
                conn.commit()
                others.append(shop_name)
                code = "fleet.added" if new else "fleet.updated"
                cli.echo(cli.t(code, name=shop_name, shop=display, config=str(path)))
        if failed:
            cli.exit(2)


def _same_shop_name(known: dict[str, Any], name: str, display: str, seen: set[str]) -> str | None:
    """Another shop with this `shop.name` (their states would share one PostgreSQL schema): its
    fleet name. Adding the same fleet name again (a moved config) is not another shop."""
    if name in seen:
        return name
    for other in known.values():
        if other.name != name and other.display_name == display:
            return str(other.name)
    return None


@fleet_app.command("list", epilog="Example: coopsync fleet list --format json")
def list_shops(
    ctx: typer.Context,
    output: Annotated[
        Literal["table", "json"], typer.Option("--format", "-f", help="table or json.")
    ] = "table",
) -> None:
    """The shops of the fleet, and any channel waiting for a person."""
    with command(ctx) as cli:
        from coopsync.fleet import registry

        with fleet_db(ctx, cli) as conn:
            shops = registry.shops(conn)
            parked = registry.parked(conn)
        if output == "json":
            import json

            rows = [
                {
                    "name": s.name,
                    "shop": s.display_name,
                    "config": s.config,
                    "parked": {p.channel: p.reason for p in parked if p.shop == s.name},
                }
                for s in shops
            ]
            typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        if not shops:
            cli.echo(cli.t("fleet.empty"))
            return
        table_rows = [
            [
                s.name,
                s.display_name,
                s.config,
                ", ".join(p.channel for p in parked if p.shop == s.name) or "-",
            ]
            for s in shops
        ]
        print_table(cli, cli.t("fleet.list_columns").split("|"), table_rows)


def print_table(cli: Cli, columns: list[str], rows: list[list[str]]) -> None:
    if cli.quiet:
        return
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*row)
    console = Console(highlight=False)
    if not console.is_terminal:
        console = Console(highlight=False, width=200)
    console.print(table)


@fleet_app.command(epilog="Example: coopsync fleet remove toko-sari")
def remove(
    ctx: typer.Context, name: Annotated[str, typer.Argument(help="The shop's fleet name.")]
) -> None:
    """Take a shop out of the fleet (its config and state stay as they are)."""
    with command(ctx) as cli:
        from coopsync.fleet import registry

        with fleet_db(ctx, cli) as conn:
            known_shop(cli, conn, name)
            registry.remove_shop(conn, name)
        cli.echo(cli.t("fleet.removed", name=name))


@fleet_app.command(epilog="Example: coopsync fleet resume toko-sari toko-online")
def resume(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The shop's fleet name.")],
    channel: Annotated[
        str | None, typer.Argument(help="One channel (default: every parked channel).")
    ] = None,
) -> None:
    """Sync a parked channel again (after fixing what it waited for)."""
    with command(ctx) as cli:
        from coopsync.fleet import registry

        with fleet_db(ctx, cli) as conn:
            known_shop(cli, conn, name)
            count = registry.resume(conn, name, channel)
        if count == 0:
            cli.echo(cli.t("fleet.not_parked", name=name))
        else:
            cli.echo(cli.t("fleet.resumed", name=name, count=count))


@fleet_app.command(epilog="Example: coopsync fleet status --format json")
def status(
    ctx: typer.Context,
    output: Annotated[
        Literal["table", "json"], typer.Option("--format", "-f", help="table or json.")
    ] = "table",
    tokens: Annotated[
        bool,
        typer.Option(
            "--tokens/--no-tokens", help="Open each shop's state to find tokens to renew."
        ),
    ] = True,
) -> None:
    """Per shop: last run and result, next run, failures in a row, tokens to renew, and
    channels waiting for a person."""
    import os

    with command(ctx) as cli:
        from coopsync.fleet.jobs import schedule_of
        from coopsync.fleet.status import fleet_status
        from coopsync.state.timestamps import utc_now

        with fleet_db(ctx, cli) as conn:
            rows = fleet_status(conn, schedule_of(conn), utc_now(), os.environ, tokens=tokens)
        if output == "json":
            import json

            typer.echo(json.dumps([r.to_dict() for r in rows], ensure_ascii=False, indent=2))
            return
        if not rows:
            cli.echo(cli.t("fleet.empty"))
            return
        print_table(cli, cli.t("fleet.status_columns").split("|"), [_row(cli, r) for r in rows])
        if any(r.failures or r.parked for r in rows):
            cli.exit(1)


def _row(cli: Cli, row: Any) -> list[str]:
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(cli.timezone)

    def when(moment: Any) -> str:
        return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M") if moment else "-"

    if row.running:
        next_run = cli.t("fleet.running")
    elif row.queued:
        next_run = cli.t("fleet.queued_now")
    else:
        next_run = when(row.next_run)
    result = row.result or cli.t("fleet.never")
    if row.message and row.result != "ok":
        result = f"{result}: {row.message[:80]}"
    renew = ", ".join(f"{t.channel} ({when(t.expires_at)})" for t in row.tokens) or "-"
    if row.problem:
        renew = row.problem[:80]
    waiting = "; ".join(f"{p.channel}: {p.reason}" for p in row.parked) or "-"
    last = when(row.last_run_at) if row.last_run_at else cli.t("fleet.never")
    return [row.name, last, result, next_run, str(row.failures), renew, waiting]


def register(app: typer.Typer) -> None:
    from coopsync.cli import fleet_connect, fleet_work

    fleet_work.register(fleet_app)
    fleet_connect.register(fleet_app)
    app.add_typer(fleet_app, name="fleet", epilog="Example: coopsync fleet status")
