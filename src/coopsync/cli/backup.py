"""`coopsync backup` and `coopsync restore`: the state folder as one owner-only file, and back."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from coopsync.cli.context import ConfigOption, command

if TYPE_CHECKING:
    from coopsync.config import LoadedConfig


def backup(
    ctx: typer.Context,
    target: Annotated[
        Path | None,
        typer.Argument(
            help="File or folder to write (default: a dated .tar.gz beside the config).",
            show_default=False,
        ),
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Copy the shop's state (orders, counts, listings, tokens, sandboxes) into one file.

    The file holds the shop's tokens: keep it as private as the .env file.
    """
    with command(ctx, config) as cli:
        from coopsync.state.backup import backup_name, make_backup
        from coopsync.state.lock import RunLock
        from coopsync.state.timestamps import utc_now

        loaded = cli.load_config()
        refuse_on_postgres(loaded, "backup")
        name = backup_name(loaded.config.shop.name, utc_now())
        if target is None:
            path = loaded.base_dir / name
        elif target.is_dir():
            path = target / name
        else:
            path = target
        with RunLock(loaded.state_dir, "backup"):
            files = make_backup(loaded.state_dir, path)
        cli.echo(cli.t("backup.done", file=path, files=files), style="green")


def restore(
    ctx: typer.Context,
    archive: Annotated[Path, typer.Argument(help="A file made by `coopsync backup`.")],
    config: ConfigOption = None,
) -> None:
    """Put a backup in place of the state folder; the current folder is moved aside, not deleted."""
    with command(ctx, config) as cli:
        from coopsync.state.backup import restore_backup
        from coopsync.state.lock import RunLock
        from coopsync.state.timestamps import utc_now

        loaded = cli.load_config()
        refuse_on_postgres(loaded, "restore")
        state_dir = loaded.state_dir
        if state_dir.exists():
            with RunLock(state_dir, "restore"):
                pass  # no run may be going on; the lock file moves aside with the folder
        restored = restore_backup(archive, state_dir, utc_now())
        cli.echo(cli.t("backup.restored", file=archive, folder=state_dir), style="green")
        if restored.moved_aside is not None:
            cli.echo(cli.t("backup.moved_aside", folder=restored.moved_aside))


def refuse_on_postgres(loaded: LoadedConfig, command: str) -> None:
    """`backup`/`restore` copy the state folder; a shop on PostgreSQL is copied otherwise."""
    from coopsync.errors import ConfigError
    from coopsync.state.choose import state_url

    if state_url(loaded) is not None:
        raise ConfigError(
            f"`coopsync {command}` copies a shop's SQLite state folder, and this shop keeps"
            " its state in PostgreSQL",
            hint=(
                "copy it to a SQLite file with `coopsync state copy --to sqlite`, or back up the"
                " database (pg_dump); see docs/state-postgresql.md"
            ),
        )


def register(app: typer.Typer) -> None:
    app.command(
        "backup",
        epilog="Example: coopsync backup -c coopsync.yaml (writes coopsync-backup-...tar.gz)",
    )(backup)
    app.command(
        "restore",
        epilog="Example: coopsync restore coopsync-backup-toko-20261207-031500.tar.gz",
    )(restore)
