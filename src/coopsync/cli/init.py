"""`coopsync init [DIR]`: a new shop's files, from a few questions (or their defaults)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from coopsync.cli.context import Cli, command


def _default_platforms() -> list[str]:
    from coopsync.offline.sales import MANUAL_PLATFORM
    from coopsync.platforms import all_descriptors

    names = [d.name for d in all_descriptors()]
    return sorted(names, key=lambda name: (name == MANUAL_PLATFORM, name))


def _ask(cli: Cli, yes: bool, code: str, default: str) -> str:
    if yes:
        return default
    return str(typer.prompt(cli.t(code), default=default))


def _write_new(cli: Cli, path: Path, text: str) -> bool:
    """Write `path` unless it exists (init never overwrites)."""
    if path.exists():
        cli.echo(cli.t("init.kept", file=path.name), style="yellow")
        return False
    path.write_text(text, encoding="utf-8")
    cli.echo(cli.t("init.wrote", file=path.name))
    return True


def register(app: typer.Typer) -> None:
    @app.command(
        "init",
        help="Start a shop: coopsync.yaml, an empty catalog, .env.example and .gitignore.",
        epilog="Example: coopsync init toko-batik --yes",
    )
    def init(
        ctx: typer.Context,
        directory: Annotated[Path, typer.Argument(help="The shop's folder.")] = Path("."),
        yes: Annotated[bool, typer.Option("--yes", "-y", help="Take every default.")] = False,
        name: Annotated[str | None, typer.Option("--name", help="The shop's name.")] = None,
        channels: Annotated[
            str | None,
            typer.Option("--channels", help="Platforms, comma separated (default: all)."),
        ] = None,
    ) -> None:
        """Ask a few questions and write the shop's first files; never overwrites one."""
        with command(ctx) as cli:
            from coopsync.errors import ConfigError
            from coopsync.i18n import default_language
            from coopsync.onboarding import scaffold
            from coopsync.platforms import find_descriptor

            directory.mkdir(parents=True, exist_ok=True)
            folder = directory.resolve()
            words = folder.name.replace("-", " ").replace("_", " ").title() or "Saya"
            prefixed = words.split()[0].lower() in ("toko", "koperasi", "kedai", "warung", "shop")
            default_name = name or (words if prefixed else f"Toko {words}")
            shop_name = _ask(cli, yes, "init.ask_name", default_name)
            language = cli.lang_option or default_language()
            language = _ask(cli, yes, "init.ask_language", language)
            if language not in ("id", "en"):
                raise ConfigError(cli.t("init.bad_language", value=language))
            cli.lang_option = language
            wanted = channels or ",".join(_default_platforms())
            wanted = _ask(cli, yes, "init.ask_channels", wanted)
            descriptors = []
            for platform in [p.strip() for p in wanted.split(",") if p.strip()]:
                descriptor = find_descriptor(platform)
                if descriptor is None:
                    raise ConfigError(
                        cli.t("init.unknown_platform", platform=platform),
                        hint=cli.t("init.platforms", platforms=", ".join(_default_platforms())),
                    )
                if descriptor not in descriptors:
                    descriptors.append(descriptor)
            answers = scaffold.Answers(
                shop_name, language, "Asia/Jakarta", tuple(d.name for d in descriptors)
            )
            _write_new(
                cli, folder / scaffold.CONFIG_NAME, scaffold.config_text(answers, descriptors)
            )
            _write_new(cli, folder / scaffold.CATALOG_NAME, scaffold.catalog_text(language))
            _write_new(
                cli, folder / ".env.example", scaffold.env_example_text(language, descriptors)
            )
            _write_new(cli, folder / ".gitignore", scaffold.GITIGNORE_TEXT)
            cli.echo(cli.t("init.next"))
