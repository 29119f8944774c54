"""The `coopsync` typer app: global options, and the commands listed in `COMMAND_MODULES`.

Adding a command group: write `coopsync/cli/<name>.py` with a `register(app: typer.Typer)`
function that calls `app.command(...)` (or `app.add_typer(...)`), and append the module to
`COMMAND_MODULES`. A command body runs inside `with command(ctx, config) as cli:` (see
`cli/context.py`): it gets the global options, `cli.load_config()`, output helpers, and
expected errors become exit codes. Each command has `help=` and an `epilog="Example: ..."`.
Keep heavy imports (adapters, httpx, the engine) inside the command functions: `coopsync
--help` imports every command module.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Annotated, Literal

import typer

from coopsync.cli.context import DEFAULT_CONFIG, get_cli

# One place lists the command modules; each has `register(app)`.
COMMAND_MODULES: tuple[str, ...] = (
    "coopsync.cli.validate",
    "coopsync.cli.sync",
    "coopsync.cli.status",
    "coopsync.cli.stock",
    "coopsync.cli.sale",
    "coopsync.cli.catalog_import",
    "coopsync.cli.doctor",
    "coopsync.cli.onboard",
    "coopsync.cli.stock_move",
    "coopsync.cli.export",
)

app = typer.Typer(
    name="coopsync",
    help=(
        "One catalog, every marketplace: stock, prices and orders for small Indonesian shops"
        " and cooperatives."
    ),
    epilog="Example: coopsync validate -c config.example.yaml",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("coopsync")
        except PackageNotFoundError:
            number = "unknown"
        typer.echo(f"coopsync {number}")
        raise typer.Exit(0)


@app.callback()
def main_options(
    ctx: typer.Context,
    config: Annotated[
        Path,
        typer.Option("--config", "-c", help="Config file.", envvar="COOPSYNC_CONFIG"),
    ] = DEFAULT_CONFIG,
    lang: Annotated[
        Literal["id", "en"] | None,
        typer.Option(
            "--lang",
            help="Language of messages: id or en (default: shop.language, else the locale).",
            show_default=False,
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="More detail.")] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Debug logs and tracebacks (secrets masked).")
    ] = False,
    log_format: Annotated[
        Literal["text", "json"], typer.Option("--log-format", help="Log lines as text or json.")
    ] = "text",
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Global options; they go before the command: `coopsync -q sync`."""
    from coopsync.cli.logs import level_for, setup_logging

    cli = get_cli(ctx)
    cli.config_path = config
    cli.lang_option = lang
    cli.quiet, cli.verbose, cli.debug = quiet, verbose, debug
    cli.log_format = log_format
    setup_logging(level_for(quiet=quiet, verbose=verbose, debug=debug), log_format)


def _register_commands() -> None:
    for module_name in COMMAND_MODULES:
        module = importlib.import_module(module_name)
        module.register(app)


_register_commands()


def main() -> None:
    """Console-script entry point."""
    app()
