"""`coopsync retire SKU [--now] [--back]`: take a product or a variant off every channel.

It writes `status: retired` into the catalog (the file keeps its comments and layout; a dated
backup is made beside it). The next `coopsync sync` takes the listings down once the last units
are sold, or at once with `--now`; `--back` writes `status: active` and the next sync brings
them back.
"""

from __future__ import annotations

from typing import Annotated

import typer

from coopsync.cli.context import ConfigOption, command


def retire(
    ctx: typer.Context,
    sku: Annotated[str, typer.Argument(help="A variant's SKU, or a product's id or SKU.")],
    now: Annotated[
        bool, typer.Option("--now", help="Take it down at once, even with units left.")
    ] = False,
    back: Annotated[
        bool, typer.Option("--back", help="Bring a retired product or variant back.")
    ] = False,
    config: ConfigOption = None,
) -> None:
    """Retire a product or one variant: its listings go down on every channel (the platform's
    reversible way) after its last units are sold, or at once with --now."""
    with command(ctx, config) as cli:
        from coopsync.cli.session import open_store
        from coopsync.engine.retirement import forget_retire_now, mark_retire_now
        from coopsync.errors import ConfigError
        from coopsync.onboarding.catalog_writer import CatalogShapeError, set_status
        from coopsync.state.timestamps import utc_now

        loaded = cli.load_config()
        catalog = loaded.catalog
        product = next((p for p in catalog if p.product_id == sku), None)
        variant_sku: str | None = None
        if product is None:
            found = catalog.get(sku)
            if found is None:
                raise ConfigError(
                    cli.t("retire.unknown", sku=sku), hint=cli.t("retire.unknown_hint")
                )
            product = found[0]
            if len(product.variants) > 1:
                variant_sku = sku
        skus = [variant_sku] if variant_sku else [v.sku for v in product.variants]
        path = loaded.catalog_path or loaded.config_path
        moment = utc_now()
        try:
            set_status(
                path,
                product.product_id,
                [v.sku for v in product.variants],
                variant_sku,
                "active" if back else "retired",
                moment,
            )
        except CatalogShapeError as exc:
            raise ConfigError(cli.t(exc.code, **exc.params)) from None
        with open_store(loaded) as store:
            if back:
                forget_retire_now(store, skus)
            elif now:
                mark_retire_now(store, skus, moment)
        what = variant_sku or product.product_id
        code = "retire.back" if back else "retire.now" if now else "retire.when_sold"
        cli.echo(cli.t(code, what=what, file=path.name))


def register(app: typer.Typer) -> None:
    app.command(
        "retire",
        epilog="Example: coopsync retire DPT-DAUN --now  (back on sale: coopsync retire DPT-DAUN "
        "--back)",
    )(retire)
