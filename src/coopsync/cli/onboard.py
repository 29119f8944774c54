"""`coopsync onboard`: validate → doctor → list every product with its images → first stock
and price push → the links, what needs a person, and the cron lines. Run it again after fixing
a problem: it goes on where it stopped and never lists a product twice (the engine adopts a
listing it finds by SKU before it creates one).
"""

from __future__ import annotations

import shlex
import sys
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from coopsync.cli.context import Cli, ConfigOption, command

if TYPE_CHECKING:
    from coopsync.config import LoadedConfig
    from coopsync.engine.run import RunResult


def cron_lines(config_path: Path, executable: Path | None = None) -> list[str]:
    """The crontab lines of the sync: daytime every 30 minutes, and the nightly run."""
    folder = shlex.quote(str(config_path.parent))
    program = executable or Path(sys.executable).with_name("coopsync")
    binary = shlex.quote(str(program)) if program.exists() else "coopsync"
    job = (
        f"cd {folder} && {binary} -q --log-format json sync -c "
        f"{shlex.quote(config_path.name)} >> sync.log 2>&1"
    )
    return [f"*/30 7-21 * * *  {job}", f"15 1 * * *  {job}"]


def _links(cli: Cli, loaded: LoadedConfig, channels: list[str]) -> None:
    from coopsync.cli.session import open_store

    titles = {v.sku: p.title for p, v in loaded.catalog.variants()}
    with open_store(loaded) as store:
        for name in channels:
            by_listing: dict[str, tuple[str | None, list[str]]] = defaultdict(lambda: (None, []))
            for sku, listing in store.listings_for(name).items():
                url, skus = by_listing[listing.remote_id]
                by_listing[listing.remote_id] = (url or listing.url, [*skus, sku])
            wanted = {v.sku for _, v in loaded.catalog.variants_for_channel(name)}
            listed = {sku for _, skus in by_listing.values() for sku in skus}
            cli.echo(
                cli.t(
                    "onboard.channel_links",
                    channel=name,
                    listings=len(by_listing),
                    listed=len(listed & wanted),
                    wanted=len(wanted),
                ),
                style="bold",
            )
            for remote_id, (url, skus) in by_listing.items():
                title = titles.get(skus[0], skus[0])
                cli.echo(f"  {title} — {url or remote_id}")


def _needs_person(cli: Cli, result: RunResult) -> None:
    failures = result.summary.failures()
    warnings = result.summary.warnings
    if not failures and not warnings:
        cli.echo(cli.t("onboard.nothing_for_a_person"))
        return
    cli.echo(cli.t("onboard.needs_person"), style="bold yellow")
    for failure in failures:
        sku = f"{failure.sku} " if failure.sku else ""
        hint = f" — {failure.hint}" if failure.hint else ""
        cli.echo(f"  [{failure.channel}] {sku}{failure.message}{hint}")
    for warning in warnings:
        cli.echo(f"  {warning}")


def register(app: typer.Typer) -> None:
    @app.command(
        "onboard",
        help="Validate, check the channels, list every product and push the first stock.",
        epilog="Example: coopsync init --yes && coopsync import produk.xlsx && coopsync onboard",
    )
    def onboard(
        ctx: typer.Context,
        config: ConfigOption = None,
        force: Annotated[
            bool, typer.Option("--force", help="Apply even a plan the safety check refuses.")
        ] = False,
    ) -> None:
        """The one command of an onboarding afternoon; safe to run again."""
        with command(ctx, config) as cli:
            from coopsync.cli.doctor import print_checks, run_doctor
            from coopsync.cli.sync import _run
            from coopsync.engine.run import RunOptions
            from coopsync.errors import ExitCode
            from coopsync.onboarding.checks import exit_code

            loaded = cli.load_config()
            cli.echo(
                cli.t(
                    "onboard.step_valid",
                    products=len(loaded.catalog),
                    variants=loaded.catalog.variant_count(),
                )
            )
            checks = run_doctor(cli, loaded)
            code = exit_code(checks)
            if code != ExitCode.OK:
                print_checks(cli, checks)
                cli.error(cli.t("onboard.doctor_failed"))
                cli.exit(int(code))
            channels = list(loaded.enabled_channels())
            cli.echo(cli.t("onboard.step_doctor", channels=len(channels)))
            result = _run(cli, RunOptions("sync", force=force), None)
            cli.echo(cli.t("onboard.step_pushed"))
            _links(cli, loaded, channels)
            _needs_person(cli, result)
            cli.echo(cli.t("onboard.cron"), style="bold")
            for line in cron_lines(loaded.config_path):
                typer.echo(line) if not cli.quiet else None
            if result.summary.exit_code != 0:
                cli.error(cli.t("onboard.run_again"))
            cli.exit(int(result.summary.exit_code))
