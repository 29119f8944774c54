"""`coopsync doctor`: is every channel ready to sync? A table with a fix for each problem."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from coopsync.cli.context import Cli, ConfigOption, command

if TYPE_CHECKING:
    from coopsync.adapters import Clock
    from coopsync.config import LoadedConfig
    from coopsync.onboarding.checks import Check


async def _channel_checks(loaded: LoadedConfig, clock: Clock) -> list[Check]:
    from coopsync.authorization import connected_shop
    from coopsync.cli.session import open_store
    from coopsync.errors import AuthExpired, CoopsyncError
    from coopsync.onboarding.checks import Check, Status
    from coopsync.onboarding.doctor import call_check, location_check
    from coopsync.onboarding.expiry import connection_checks
    from coopsync.platforms import descriptor_for
    from coopsync.runtime import open_channels

    checks: list[Check] = []
    skus = loaded.catalog.skus()
    with open_store(loaded) as store:
        for name, settings in loaded.enabled_channels().items():
            code = "doctor.sandbox" if settings.sandbox else "doctor.credentials_ok"
            checks.append(Check(name, "credentials", Status.OK, code))
            try:
                async with open_channels(
                    loaded, store, clock, only=[name], simulate_buyers=False, persist=False
                ) as channels:
                    if not settings.sandbox:  # the shop, and days to each expiry
                        shop = connected_shop(store, name)
                        checks += connection_checks(name, shop, store.load_tokens(name), clock())
                    adapter = channels.channels[name]
                    checks.append(await call_check(name, adapter, skus))
                    setting = descriptor_for(settings.platform).location_setting
                    value = getattr(settings, setting, None) if setting else None
                    where = await location_check(name, adapter, skus, setting, value)
                    if where is not None:
                        checks.append(where)
            except AuthExpired as exc:
                checks.append(
                    Check(
                        name,
                        "call",
                        Status.HUMAN,
                        "doctor.call_auth",
                        {"detail": exc.message},
                        "doctor.reauthorise_fix",
                    )
                )
            except CoopsyncError as exc:
                checks.append(
                    Check(
                        name,
                        "call",
                        Status.FAIL,
                        "doctor.call_failed",
                        {"detail": exc.message},
                        "doctor.call_failed_fix",
                    )
                )
    return checks


def run_doctor(cli: Cli, loaded: LoadedConfig, clock: Clock | None = None) -> list[Check]:
    """Every check of the shop, in table order (`clock`: now, for the expiry dates)."""
    from coopsync.cli.session import state_path
    from coopsync.onboarding.checks import Check, Status
    from coopsync.onboarding.doctor import catalog_checks, problems_check, state_check
    from coopsync.state.choose import pg_problems, state_key, state_url
    from coopsync.state.timestamps import utc_now

    url = state_url(loaded)
    if url is None:
        state = state_check(state_path(loaded))
    else:
        state = problems_check(pg_problems(url, state_key(loaded)))
    if state.status is Status.OK:
        import asyncio

        checks = asyncio.run(_channel_checks(loaded, clock or utc_now))
    else:  # the channels keep their tokens in the state: check it first
        checks = [
            Check(name, "call", Status.WARN, "doctor.not_checked")
            for name in loaded.enabled_channels()
        ]
    checks += catalog_checks(list(loaded.enabled_channels()), list(loaded.warnings), cli.lang)
    checks.append(state)
    order = {name: i for i, name in enumerate(loaded.enabled_channels())}
    checks.sort(key=lambda c: (order.get(c.channel, len(order)), c.channel))
    return checks


def print_checks(cli: Cli, checks: list[Check]) -> None:
    """The doctor's table: channel, check, status, what was found, the fix."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    styles = {"ok": "green", "warn": "yellow", "fail": "red", "human": "bold red"}
    table = Table(
        box=box.SIMPLE_HEAD, pad_edge=False, title=cli.t("doctor.title"), title_justify="left"
    )
    for column in cli.t("doctor.columns").split("|"):
        table.add_column(column)
    for check in checks:
        table.add_row(
            check.channel or cli.t("doctor.shop"),
            cli.t(f"doctor.what.{check.what}"),
            f"[{styles[check.status.value]}]{cli.t(f'doctor.status.{check.status.value}')}[/]",
            cli.t(check.code, **check.params),
            cli.t(check.fix, channel=check.channel, **check.params) if check.fix else "",
        )
    if not cli.quiet:
        Console(highlight=False, width=140).print(table)


def register(app: typer.Typer) -> None:
    @app.command(
        "doctor",
        help="Check every channel: credentials, tokens, one call, the catalog, the state file.",
        epilog="Example: coopsync doctor   (exit 0 ready, 2 something to fix, 4 log in again)",
    )
    def doctor(ctx: typer.Context, config: ConfigOption = None) -> None:
        """Is every channel ready to sync? Each problem comes with its fix."""
        with command(ctx, config) as cli:
            from coopsync.onboarding.checks import exit_code

            loaded = cli.load_config()
            checks = run_doctor(cli, loaded)
            print_checks(cli, checks)
            cli.exit(int(exit_code(checks)))
