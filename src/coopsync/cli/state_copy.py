"""`coopsync state copy`: move one shop's state between its SQLite file and PostgreSQL."""

from __future__ import annotations

from typing import Annotated

import typer

from coopsync.cli.context import ConfigOption, command

state_app = typer.Typer(
    rich_markup_mode=None,
    help="The shop's state store: SQLite (the default) or PostgreSQL (docs/state-postgresql.md).",
    no_args_is_help=True,
    epilog="Example: coopsync state copy --to postgresql://coop@office/fleet -c coopsync.yaml",
)

Where = Annotated[
    str | None,
    typer.Option(
        help="`sqlite` (the shop's file in state_dir) or a postgresql://… URL.",
        show_default=False,
    ),
]


@state_app.command(
    "copy", epilog="Example: coopsync state copy --from postgresql://coop@office/fleet"
)
def copy(
    ctx: typer.Context,
    to: Where = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="`sqlite` (the shop's file in state_dir) or a postgresql://… URL.",
            show_default=False,
        ),
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Copy the shop's whole state (orders, journal, runs, counts, listings, tokens) from the
    store it uses now to --to, or from --from into the store it uses now. The target must be
    empty; nothing is deleted from the source. Tokens are re-sealed with COOPSYNC_TOKEN_KEY."""
    with command(ctx, config) as cli:
        from coopsync.errors import ConfigError
        from coopsync.state.choose import open_state, run_lock, state_url
        from coopsync.state.copy import copy_state
        from coopsync.state.pg_conn import display_url, register_url_secret

        if (to is None) == (source is None):
            raise ConfigError(cli.t("state_copy.one_way"))
        loaded = cli.load_config()
        current = state_url(loaded)
        other = to if to is not None else source
        assert other is not None
        register_url_secret(other)
        other_url = None if other.strip().lower() in ("sqlite", "sqlite:") else other.strip()
        if other_url == current:
            raise ConfigError(cli.t("state_copy.same"))
        from_url, to_url = (current, other_url) if to is not None else (other_url, current)
        from_url, to_url = from_url or "sqlite", to_url or "sqlite"

        def where(url: str) -> str:
            return "sqlite" if url == "sqlite" else display_url(url)

        with (
            run_lock(loaded, "state copy", url=from_url),
            open_state(loaded, url=from_url) as src,
            open_state(loaded, url=to_url) as dst,
        ):
            copied = copy_state(src, dst)
        following = "state: sqlite" if to_url == "sqlite" else "state: ${COOPSYNC_STATE_URL}"
        cli.echo(
            cli.t(
                "state_copy.done",
                source=where(from_url),
                target=where(to_url),
                orders=copied["orders"],
                runs=copied["runs"],
                tokens=copied["tokens"],
                next=following,
            ),
            style="green",
        )


def register(app: typer.Typer) -> None:
    app.add_typer(state_app, name="state")
