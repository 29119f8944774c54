"""The `coopsync` typer app: global options, and the commands listed in `COMMANDS`.

Adding a command group: write `coopsync/cli/<name>.py` with a `register(app: typer.Typer)`
function that calls `app.command(...)` (or `app.add_typer(...)`), and add each name it
registers to `COMMANDS`, in the order `coopsync --help` lists them. A command body runs inside
`with command(ctx, config) as cli:` (see `cli/context.py`): it gets the global options,
`cli.load_config()`, output helpers, and expected errors become exit codes. Each command has
`help=` and an `epilog="Example: ..."`.

Commands are registered lazily: `coopsync validate` imports and builds only `validate`'s
module; `coopsync --help` (which lists every command with its help) imports them all. Keep
heavy imports (adapters, httpx, the engine) inside the command functions all the same.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping, MutableMapping
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
import typer.main
from typer.core import TyperGroup, TyperOption

from coopsync.cli.context import DEFAULT_CONFIG, get_cli

LANGUAGES = ("id", "en")

# Every command (or command group) `coopsync` has, in the order its help lists them, with the
# module whose `register(app)` adds it. A module may register several of them.
COMMANDS: dict[str, str] = {
    "validate": "coopsync.cli.validate",
    "sync": "coopsync.cli.sync",
    "push": "coopsync.cli.sync",
    "pull": "coopsync.cli.sync",
    "plan": "coopsync.cli.sync",
    "status": "coopsync.cli.status",
    "report": "coopsync.cli.report",
    "import": "coopsync.cli.catalog_import",
    "doctor": "coopsync.cli.doctor",
    "onboard": "coopsync.cli.onboard",
    "export": "coopsync.cli.export",
    "init": "coopsync.cli.init",
    "connect": "coopsync.cli.connect",
    "backup": "coopsync.cli.backup",
    "restore": "coopsync.cli.backup",
    "retire": "coopsync.cli.retire",
    "stock": "coopsync.cli.stock",
    "sale": "coopsync.cli.sale",
    "state": "coopsync.cli.state_copy",
    "fleet": "coopsync.cli.fleet",
}
COMMAND_MODULES: tuple[str, ...] = tuple(dict.fromkeys(COMMANDS.values()))

# Global options a person may also write after the command (`coopsync sync -q`), with whether
# they take a value. `--config/-c` is not here: every command has its own.
GLOBAL_OPTIONS: dict[str, bool] = {
    "--lang": True,
    "--quiet": False,
    "-q": False,
    "--verbose": False,
    "-v": False,
    "--debug": False,
    "--log-format": True,
}


def _command_options(command: Any) -> dict[str, bool]:
    """The options of a (click) command, each with whether it takes a value."""
    options: dict[str, bool] = {}
    for param in getattr(command, "params", ()):
        if getattr(param, "param_type_name", "") == "option":
            for name in (*param.opts, *param.secondary_opts):
                options[name] = not param.is_flag and not param.count
    return options


def hoist_global_options(group: Any, ctx: Any, args: list[str]) -> list[str]:
    """Move global options written after the command in front of it (`sync -q` = `-q sync`),
    unless the command has an option of that name itself."""
    position, command = 0, None
    root_options = _command_options(group)  # --config/-c takes a value here too
    while position < len(args):  # find the command: skip the global options before it
        word = args[position]
        if not word.startswith("-"):
            command = group.get_command(ctx, word)
            break
        position += 2 if root_options.get(word) else 1
    if command is None:
        return args
    front, rest = args[: position + 1], []
    index = position + 1
    while index < len(args):
        word = args[index]
        if hasattr(command, "get_command") and not word.startswith("-"):
            sub = command.get_command(ctx, word)
            if sub is not None:
                command = sub
        own = _command_options(command)
        name = word.split("=", 1)[0]
        if word == "--":
            rest.extend(args[index:])
            break
        if name in GLOBAL_OPTIONS and name not in own:
            takes_value = GLOBAL_OPTIONS[name] and "=" not in word
            moved = args[index : index + (2 if takes_value else 1)]
            front[position:position] = moved
            position += len(moved)
            index += len(moved)
            continue
        rest.append(word)
        if own.get(name) and "=" not in word and index + 1 < len(args):
            rest.append(args[index + 1])  # an option's value is never hoisted
            index += 1
        index += 1
    return front + rest


_module_apps: dict[str, typer.Typer] = {}  # each command module registered once a process


def module_app(module_name: str) -> typer.Typer:
    """A typer app holding what one command module registers (imported on first use)."""
    if module_name not in _module_apps:
        holder = typer.Typer(
            rich_markup_mode=None, add_completion=False, pretty_exceptions_enable=False
        )
        importlib.import_module(module_name).register(holder)
        _module_apps[module_name] = holder
    return _module_apps[module_name]


class LazyCommands(MutableMapping[str, Any]):
    """The root's commands by name: the names are known from `COMMANDS` up front, a command
    is built (its module imported, its options worked out) when it is first looked up."""

    def __init__(self, built: Mapping[str, Any], table: Mapping[str, str]) -> None:
        self._built = dict(built)
        self._table = dict(table)

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            module_name = self._table.get(name)
            if module_name is None:
                raise KeyError(name)
            for each, built in typer.main.get_group(module_app(module_name)).commands.items():
                if each in self._table:
                    self._built.setdefault(each, built)
            if name not in self._built:
                raise KeyError(f"{module_name} registers no command {name!r}")
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command
        self._table.pop(name, None)

    def __delitem__(self, name: str) -> None:
        if name not in self._built and name not in self._table:
            raise KeyError(name)
        self._built.pop(name, None)
        self._table.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        yield from self._table
        yield from (name for name in self._built if name not in self._table)

    def __len__(self) -> int:
        return len(self._table.keys() | self._built.keys())

    def __contains__(self, name: object) -> bool:
        return name in self._table or name in self._built


class CoopsyncGroup(TyperGroup):
    """The root command: commands built lazily (`COMMANDS`); global options are accepted after
    the command too."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = LazyCommands(self.commands, COMMANDS)

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # the names only: building them is for get_command

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        hoisted = hoist_global_options(self, ctx, list(args))
        return list(super().parse_args(ctx, hoisted))


def _hide_flag_types() -> None:
    """On/off flags show no `<bool>` placeholder in help (typer >= 0.16 prints one)."""
    original = getattr(TyperOption, "display_type_rich", None)
    if original is None or getattr(original, "_coopsync", False):
        return

    def display_type_rich(self: TyperOption, ctx: Any) -> str | None:
        if self.is_flag:
            return None
        result: str | None = original(self, ctx)
        return result

    setattr(display_type_rich, "_coopsync", True)  # noqa: B010
    setattr(TyperOption, "display_type_rich", display_type_rich)  # noqa: B010


_hide_flag_types()

app = typer.Typer(
    rich_markup_mode=None,  # plain help: rich's markdown costs more than the rest of --help
    name="coopsync",
    cls=CoopsyncGroup,
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


def _language(value: str | None) -> str | None:
    """`--lang` must be one we speak; said plainly in the locale's language, not pydantic's."""
    if value is None or value in LANGUAGES:
        return value
    from coopsync.i18n import default_language, t

    raise typer.BadParameter(t("cli.unknown_language", default_language(), got=value))


@app.callback()
def main_options(
    ctx: typer.Context,
    config: Annotated[
        Path,
        typer.Option("--config", "-c", help="Config file.", envvar="COOPSYNC_CONFIG"),
    ] = DEFAULT_CONFIG,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Language of messages: id or en (default: shop.language, else the locale).",
            show_default=False,
            metavar="id|en",
            callback=_language,
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
    """Global options; before the command (`coopsync -q sync`) or after it (`sync -q`)."""
    from coopsync.cli.logs import level_for, setup_logging

    cli = get_cli(ctx)
    cli.config_path = config
    cli.lang_option = lang
    cli.quiet, cli.verbose, cli.debug = quiet, verbose, debug
    cli.log_format = log_format
    setup_logging(level_for(quiet=quiet, verbose=verbose, debug=debug), log_format)


def main() -> None:
    """Console-script entry point."""
    app()
