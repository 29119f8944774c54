"""`coopsync validate`: check the config and catalog (and each channel's listing rules)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from coopsync.cli.context import Cli, ConfigOption, command

if TYPE_CHECKING:
    from coopsync.adapters import ListingRules
    from coopsync.config import LoadedConfig
    from coopsync.loading.problems import Problem

HELP = "Check the config and catalog; list every problem with file:line:col."
EPILOG = "Example: coopsync validate -c coopsync.yaml"


def listing_rule_problems(loaded: LoadedConfig, cli: Cli | None = None) -> list[Problem]:
    """Problems of the catalog against each enabled channel's ListingRules."""
    from coopsync.catalog_rules import check_catalog_rules, rule_problems

    skipped: dict[str, str] = {}

    def lookup(platform: str) -> ListingRules | None:
        from coopsync.adapters import rules_for

        try:
            return rules_for(platform)
        except Exception as exc:  # an adapter not installed or broken: say so, check the rest
            skipped[platform] = f"{type(exc).__name__}: {exc}"
            return None

    violations = check_catalog_rules(loaded.catalog, loaded.enabled_channels(), lookup)
    if cli is not None:
        for platform, reason in skipped.items():
            cli.note(cli.t("cli.rules_skipped", platform=platform, reason=reason))
    return rule_problems(violations, loaded.catalog_doc)


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

        loaded = cli.load_config()
        problems = list(loaded.warnings)
        if rules:
            problems.extend(listing_rule_problems(loaded, cli))
        if any(p.severity == "error" for p in problems):
            raise ConfigInvalid(
                problems, file=loaded.catalog_doc.display if loaded.catalog_doc else ""
            )
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
