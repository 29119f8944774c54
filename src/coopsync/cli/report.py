"""`coopsync report`: sales, stock and sync health of one shop or many, in seven formats.

Thin: parse the options, `collect` the reports (pure model over the state, no network), hand
them to one renderer, write the result.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from coopsync.cli.context import Cli, command

if TYPE_CHECKING:
    from coopsync.config import LoadedConfig
    from coopsync.report.collect import Loader, PeriodChoice
    from coopsync.report.model import ReportSet

Format = Literal["table", "json", "csv", "md", "xlsx", "html", "whatsapp"]
FILE_FORMATS = ("csv", "xlsx")  # they write files, never to the terminal


def _collect(
    cli: Cli, paths: list[Path], choice: PeriodChoice, load: Loader | None = None
) -> ReportSet:
    from coopsync.report.collect import collect
    from coopsync.state.timestamps import utc_now

    return collect(paths, choice, utc_now(), cli.lang, load=load)


def _fleet_shops(cli: Cli, url: str | None) -> tuple[list[Path], Loader]:
    """The fleet's shops from its database, each read with its own environment."""
    import os

    from coopsync.cli.fleet_db import open_fleet
    from coopsync.fleet import registry
    from coopsync.fleet.runner import load_shop

    with open_fleet(cli, url) as conn:
        shops = registry.shops(conn)
    if not shops:
        from coopsync.errors import ConfigError

        error = ConfigError("the fleet has no shops yet")
        error.code = "fleet.empty"
        raise error
    names = {Path(s.config): s.name for s in shops}
    others = list(names.values())

    def load(path: Path) -> LoadedConfig:
        if path not in names:  # a shop given with -c beside the fleet
            from coopsync.config import load_config

            return load_config(path, check_images=False)
        return load_shop(str(path), names[path], os.environ, others, check_images=False)

    return list(names), load


def _write_text(cli: Cli, text: str, output: Path | None) -> None:
    if output is None:
        typer.echo(text, nl=False)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    cli.note(cli.t("report.written", count=1, path=str(output)))


def _watch(
    cli: Cli, paths: list[Path], choice: PeriodChoice, interval: float, load: Loader | None
) -> None:
    """Refresh the terminal view every `interval` seconds until Ctrl+C."""
    import time

    from rich.console import Console, Group
    from rich.live import Live
    from rich.text import Text

    from coopsync.report.render_table import view

    console = Console(highlight=False)

    def screen() -> Group:
        reports = _collect(cli, paths, choice, load)
        footer = Text(cli.t("report.watching", seconds=int(interval)), style="dim")
        return Group(view(reports, cli.lang), footer)

    try:
        with Live(screen(), console=console, screen=False, auto_refresh=False) as live:
            while True:
                time.sleep(interval)
                live.update(screen(), refresh=True)
    except KeyboardInterrupt:
        return


def report(
    ctx: typer.Context,
    config: Annotated[
        list[Path] | None,
        typer.Option(
            "--config",
            "-c",
            help="Config file of a shop; repeat for several, or give a folder (every shop in it).",
            show_default=False,
        ),
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            "-p",
            help="7d, 30d, month, last-month or year, in the shop's timezone (default: 7d).",
            show_default=False,
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", help="First day (YYYY-MM-DD, shop time).", show_default=False),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until", help="Last day, included (YYYY-MM-DD; default today).", show_default=False
        ),
    ] = None,
    output_format: Annotated[
        Format,
        typer.Option("--format", "-f", help="table, json, csv, md, xlsx, html or whatsapp."),
    ] = "table",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write here instead of the screen: a folder for csv, a file for the others.",
            show_default=False,
        ),
    ] = None,
    lang: Annotated[
        Literal["id", "en"] | None,
        typer.Option("--lang", help="id or en (default: shop.language).", show_default=False),
    ] = None,
    watch: Annotated[
        bool, typer.Option("--watch", help="Refresh the table on screen until Ctrl+C.")
    ] = False,
    interval: Annotated[
        float, typer.Option("--interval", help="Seconds between refreshes with --watch.", min=1)
    ] = 30.0,
    fleet: Annotated[
        bool,
        typer.Option("--fleet", help="Every shop of the fleet database (docs/fleet.md)."),
    ] = False,
    state_url: Annotated[
        str | None,
        typer.Option(
            "--state-url",
            envvar="COOPSYNC_STATE_URL",
            help="The fleet's database with --fleet (default: $COOPSYNC_STATE_URL).",
            show_default=False,
            show_envvar=False,
        ),
    ] = None,
) -> None:
    """Sales, stock and sync health for a period, against the period before (no network)."""
    from coopsync.report.collect import PeriodChoice

    paths = list(config or [])
    with command(ctx, paths[0] if paths else None) as cli:
        from coopsync.errors import ConfigError

        load: Loader | None = None
        if fleet:
            fleet_paths, load = _fleet_shops(cli, state_url)
            paths = [*paths, *fleet_paths]
        if not paths:
            paths = [cli.config_path]
        if lang:
            cli.lang_option = lang
        choice = PeriodChoice(period, since, until)
        if output_format in FILE_FORMATS and output is None:
            raise ConfigError(cli.t("report.output_needed", format=output_format))
        if watch:
            if output_format != "table" or output is not None:
                raise ConfigError(cli.t("report.watch_table"))
            _watch(cli, paths, choice, interval, load)
            return
        reports = _collect(cli, paths, choice, load)
        _emit(cli, reports, output_format, output)
        if any(entry.report is None for entry in reports.shops):
            cli.exit(1)


def _emit(cli: Cli, reports: ReportSet, output_format: Format, output: Path | None) -> None:
    lang = cli.lang
    if output_format == "csv":
        from coopsync.report import render_csv

        assert output is not None
        written = render_csv.write(reports, lang, output)
        cli.note(cli.t("report.written", count=len(written), path=str(output)))
    elif output_format == "xlsx":
        from coopsync.report import render_xlsx

        assert output is not None
        path = render_xlsx.write(reports, lang, output)
        cli.note(cli.t("report.written", count=1, path=str(path)))
    elif output_format == "table" and output is None:
        from rich.console import Console

        from coopsync.report.render_table import WIDTH, view

        console = Console(highlight=False)
        console.width = min(console.width, WIDTH)
        if not cli.quiet:
            console.print(view(reports, lang))
    else:
        from coopsync.report import (
            render_html,
            render_json,
            render_md,
            render_table,
            render_whatsapp,
        )

        renderer = {
            "table": render_table.render,
            "json": render_json.render,
            "md": render_md.render,
            "html": render_html.render,
            "whatsapp": render_whatsapp.render,
        }[output_format]
        _write_text(cli, renderer(reports, lang), output)


def register(app: typer.Typer) -> None:
    app.command(
        help=report.__doc__,
        epilog="Example: coopsync report -c config.example.yaml --period 30d --format html "
        "-o laporan.html   |   coopsync report -c toko-a.yaml -c toko-b.yaml   |   "
        "coopsync report --fleet --format whatsapp",
    )(report)
