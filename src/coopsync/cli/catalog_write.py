"""Writing imported products into the catalog file: what `coopsync import FILE` and
`coopsync import --from-channel NAME` share (then the config is validated again)."""

from __future__ import annotations

from pathlib import Path

import typer

from coopsync.cli.context import Cli
from coopsync.errors import ConfigError


def _variant_count(product: dict[str, object]) -> int:
    variants = product.get("variants")
    return len(variants) if isinstance(variants, list) else 1


def write_products(
    cli: Cli, path: Path, key: str | None, products: list[dict[str, object]], dry_run: bool
) -> None:
    """Append products to the catalog file (or show them with --dry-run), then validate."""
    from coopsync.onboarding.catalog_writer import (
        CatalogShapeError,
        extend_catalog,
        render_products,
    )
    from coopsync.state.timestamps import utc_now

    variants = sum(_variant_count(p) for p in products)
    if dry_run:
        typer.echo(render_products(products), nl=False)
        cli.echo(
            cli.t("import.would_add", products=len(products), variants=variants, file=path.name)
        )
        return
    try:
        backup = extend_catalog(path, products, utc_now(), key=key)
    except CatalogShapeError as exc:
        raise ConfigError(cli.t(exc.code, file=str(path)), hint=cli.t(exc.code + "_hint")) from None
    cli.echo(cli.t("import.added", products=len(products), variants=variants, file=path.name))
    if backup is not None:
        cli.echo(cli.t("import.backup", file=backup.name))
    _validate_after(cli)


def _validate_after(cli: Cli) -> None:
    from coopsync.loading.problems import ConfigInvalid

    try:
        loaded = cli.load_config()
    except ConfigInvalid as exc:
        cli.problems(exc.problems)
        cli.echo(cli.t("import.fix_then_onboard"), style="yellow")
        return
    if loaded.warnings:
        cli.problems(list(loaded.warnings))
    cli.echo(cli.t("import.next"))
