"""`coopsync import FILE.csv|FILE.xlsx`: products from a spreadsheet into the catalog."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from coopsync.cli.context import Cli, ConfigOption, command
from coopsync.errors import ConfigError, ExitCode


def _where(cli: Cli, file: Path, row: int) -> str:
    return file.name if row == 0 else f"{file.name}:{cli.t('import.row')} {row}"


def register(app: typer.Typer) -> None:
    @app.command(
        "import",
        help="Add the products of a spreadsheet (.xlsx or .csv) to the catalog.",
        epilog="Example: coopsync import produk.xlsx   (or: coopsync import --from-channel toko)",
    )
    def import_catalog(
        ctx: typer.Context,
        file: Annotated[
            Path | None, typer.Argument(help="A spreadsheet: .xlsx, or .csv with , ; or tabs.")
        ] = None,
        from_channel: Annotated[
            str | None,
            typer.Option("--from-channel", help="Take the products listed on this channel."),
        ] = None,
        dry_run: Annotated[
            bool, typer.Option("--dry-run", help="Show what would be added; change nothing.")
        ] = False,
        config: ConfigOption = None,
    ) -> None:
        """Add products to the catalog; bad rows are listed with their row number, the good
        rows still come in. The catalog file keeps its comments, and a backup is made."""
        with command(ctx, config) as cli:
            if (file is None) == (from_channel is None):
                raise ConfigError(cli.t("import.what"), hint=cli.t("import.what_hint"))
            if not cli.config_path.exists():
                raise ConfigError(
                    cli.t("import.no_config", file=str(cli.config_path)),
                    hint=cli.t("import.no_config_hint"),
                )
            if from_channel is not None:
                from coopsync.cli.channel_import import import_from_channel

                import_from_channel(cli, from_channel, dry_run)
                return
            assert file is not None
            _import_sheet(cli, file, dry_run)


def _import_sheet(cli: Cli, file: Path, dry_run: bool) -> None:
    from coopsync.cli.catalog_write import write_products
    from coopsync.onboarding.rows import catalog_from_rows
    from coopsync.onboarding.spreadsheet import SheetError, read_sheet
    from coopsync.onboarding.target import catalog_target

    target = catalog_target(cli.config_path)
    try:
        rows = read_sheet(file)
    except SheetError as exc:
        raise ConfigError(cli.t(exc.code, **exc.params), hint=cli.t(exc.code + "_hint")) from None
    result = catalog_from_rows(rows, target.skus, target.channels)
    for problem in result.problems:
        cli.error(f"{_where(cli, file, problem.row)}: {cli.t(problem.code, **problem.params)}")
    for warning in result.warnings:
        cli.echo(
            f"{cli.t('cli.warning')}: {_where(cli, file, warning.row)}: "
            f"{cli.t(warning.code, **warning.params)}",
            style="yellow",
        )
    if not result.products:
        raise ConfigError(
            cli.t("import.nothing", file=file.name), hint=cli.t("import.nothing_hint")
        )
    write_products(cli, target.path, target.key, result.products, dry_run)
    if result.problems:
        cli.error(cli.t("import.rows_left_out", count=len(result.problems)))
        cli.exit(ExitCode.ITEM_FAILURES)
