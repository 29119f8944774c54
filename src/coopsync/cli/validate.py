"""`coopsync validate`: check the config and catalog (and each channel's listing rules)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from coopsync.cli.context import Cli, ConfigOption, command

if TYPE_CHECKING:
    from collections.abc import Mapping

    from coopsync.catalog import Product
    from coopsync.channel_config import ChannelBase
    from coopsync.config import LoadedConfig
    from coopsync.loading.problems import Problem
    from coopsync.loading.yamltree import YamlDoc

HELP = "Check the config and catalog; list every problem with file:line:col."
EPILOG = "Example: coopsync validate -c coopsync.yaml"


def listing_rule_problems(loaded: LoadedConfig, cli: Cli | None = None) -> list[Problem]:
    """Problems of the catalog against each enabled channel's ListingRules."""
    products = list(enumerate(loaded.catalog))
    return _rule_problems(products, loaded.enabled_channels(), loaded.catalog_doc, cli)


def _rule_problems(
    products: list[tuple[int, Product]],
    channels: Mapping[str, ChannelBase],
    doc: YamlDoc | None,
    cli: Cli | None,
) -> list[Problem]:
    from coopsync.catalog_rules import listing_rule_problems

    skipped: dict[str, str] = {}
    problems = listing_rule_problems(products, channels, doc, skipped)
    if cli is not None:
        for platform, reason in skipped.items():
            cli.note(cli.t("cli.rules_skipped", platform=platform, reason=reason))
    return problems


def _load_with_rules(cli: Cli, rules: bool) -> tuple[LoadedConfig, list[Problem]]:
    """The config and every problem knowable from the files, in one pass: the listing rules
    are checked on the products that validated even when something else (a missing image, a
    typo in another product) makes the config invalid."""
    from coopsync.config import PartialShop
    from coopsync.loading.problems import ConfigInvalid

    try:
        loaded = cli.load_config(keep_marks=rules)  # the rules' problems are located at once
    except ConfigInvalid as exc:
        partial = exc.partial
        if rules and isinstance(partial, PartialShop) and partial.products:
            extra = _rule_problems(
                list(partial.products), partial.channels, partial.catalog_doc, cli
            )
            raise ConfigInvalid([*exc.problems, *extra], file=exc.file) from None
        raise
    problems = list(loaded.warnings)
    if rules:
        problems.extend(listing_rule_problems(loaded, cli))
    return loaded, problems


def validate(
    ctx: typer.Context,
    config: ConfigOption = None,
    rules: Annotated[
        bool, typer.Option("--rules/--no-rules", help="Also check each channel's listing rules.")
    ] = True,
) -> None:
    """Check the config and catalog; list every problem with file:line:col."""
    with command(ctx, config) as cli:
        from coopsync.loading.problems import ConfigInvalid

        loaded, problems = _load_with_rules(cli, rules)
        if any(p.severity == "error" for p in problems):
            source = loaded.catalog_source
            raise ConfigInvalid(problems, file=source.display if source else "")
        cli.problems(problems)
        channels = loaded.enabled_channels()
        disabled = [name for name in loaded.config.channels if name not in channels]

        def counted(noun: str, count: int) -> str:
            return cli.t(f"cli.n.{noun}.{'one' if count == 1 else 'many'}", count=count)

        cli.echo(
            cli.t(
                "cli.valid",
                file=str(cli.config_path),
                products=counted("products", len(loaded.catalog)),
                variants=counted("variants", loaded.catalog.variant_count()),
                channels=counted("channels", len(channels)),
                names=", ".join(channels) or "-",
                disabled=cli.t("cli.valid.disabled", count=len(disabled), names=", ".join(disabled))
                if disabled
                else "",
            ),
            style="green",
        )
        warnings = sum(1 for p in problems if p.severity == "warning")
        if warnings:
            cli.echo(cli.t("cli.warnings", count=warnings), style="yellow")


def register(app: typer.Typer) -> None:
    app.command("validate", help=HELP, epilog=EPILOG)(validate)
