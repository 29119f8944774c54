"""What every command shares: global options, language, output and turning errors into exit codes.

A command gets its `Cli` with `with command(ctx, config) as cli:`; inside, a `CoopsyncError`
becomes its message on stderr and its exit code (no traceback unless --debug), and
`cli.load_config()` loads the configuration (`ConfigInvalid` lists every problem, exit 2).
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from coopsync.errors import CoopsyncError, ExitCode

if TYPE_CHECKING:
    from rich.console import Console

    from coopsync.config import LoadedConfig
    from coopsync.loading.problems import Problem

DEFAULT_CONFIG = Path("coopsync.yaml")

ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        "-c",
        help="Config file (default: ./coopsync.yaml, or the global --config).",
        show_default=False,
    ),
]


@dataclass
class Cli:
    """The global options and the helpers a command needs (typer's `ctx.obj`)."""

    config_path: Path = DEFAULT_CONFIG
    lang_option: str | None = None
    quiet: bool = False
    verbose: bool = False
    debug: bool = False
    log_format: Literal["text", "json"] = "text"
    _lang: str | None = field(default=None, repr=False)

    @property
    def lang(self) -> str:
        """--lang, else the config's `shop.language`, else the locale (`id` for Indonesian)."""
        if self.lang_option:
            return self.lang_option
        if self._lang is None:
            from coopsync.config import peek_language
            from coopsync.i18n import default_language

            self._lang = peek_language(self.config_path) or default_language()
        return self._lang

    def t(self, code: str, **params: object) -> str:
        """A message in the chosen language."""
        from coopsync.i18n import t

        return t(code, self.lang, **params)

    def load_config(self) -> LoadedConfig:
        """Load and validate the config (raises ConfigInvalid, exit 2, listing every problem)."""
        from coopsync.config import load_config

        loaded = load_config(self.config_path)
        if loaded.config.shop.language:
            self._lang = self.lang_option or loaded.config.shop.language
        return loaded

    # --- output --------------------------------------------------------------------------
    def _console(self, stderr: bool) -> Console:
        from rich.console import Console

        return Console(file=sys.stderr if stderr else sys.stdout, highlight=False, soft_wrap=True)

    def echo(self, text: str, *, style: str | None = None) -> None:
        """A result line on stdout (silent with --quiet)."""
        if self.quiet:
            return
        from rich.text import Text

        self._console(stderr=False).print(Text(text, style=style or ""))

    def note(self, text: str) -> None:
        """Extra detail on stderr, only with --verbose or --debug."""
        if self.verbose or self.debug:
            from rich.text import Text

            self._console(stderr=True).print(Text(text, style="dim"))

    def error(self, text: str, hint: str | None = None) -> None:
        """An error on stderr, always shown."""
        from rich.text import Text

        line = Text(f"{self.t('cli.error')}: ", style="bold red")
        line.append(text)
        if hint:
            line.append(f" — {hint}", style="yellow")
        self._console(stderr=True).print(line)

    def problems(self, problems: list[Problem]) -> None:
        """Located problems on stderr, errors first; warnings hidden with --quiet."""
        from rich.text import Text

        console = self._console(stderr=True)
        ordered = sorted(
            problems, key=lambda p: (p.severity != "error", p.file, p.line or 0, p.col or 0)
        )
        for problem in ordered:
            if problem.severity == "warning" and self.quiet:
                continue
            label = self.t("cli.error") if problem.severity == "error" else self.t("cli.warning")
            line = Text(f"{label}: ", style="bold red" if problem.severity == "error" else "yellow")
            line.append(problem.render(self.lang))
            console.print(line)

    def exit(self, code: int) -> None:
        raise typer.Exit(int(code))

    def show_exception(self, exc: BaseException) -> None:
        """With --debug: the traceback, with every registered secret masked."""
        if not self.debug:
            return
        text = "".join(traceback.format_exception(exc))
        try:
            from coopsync.secrets import redact

            text = redact(text)
        except ImportError:
            pass
        sys.stderr.write(text)


def get_cli(ctx: typer.Context, config: Path | None = None) -> Cli:
    """The shared `Cli` of this invocation; a command's own `-c` wins over the global one."""
    root = ctx.find_root()
    cli = root.obj if isinstance(root.obj, Cli) else None
    if cli is None:
        cli = Cli()
        root.obj = cli
    if config is not None:
        cli.config_path = config
        cli._lang = None
    ctx.obj = cli
    return cli


@contextmanager
def command(ctx: typer.Context, config: Path | None = None) -> Iterator[Cli]:
    """Run a command body; expected failures become a message and their exit code."""
    from coopsync.loading.problems import ConfigInvalid

    cli = get_cli(ctx, config)
    try:
        yield cli
    except typer.Exit:
        raise
    except ConfigInvalid as exc:
        cli.show_exception(exc)
        cli.problems(exc.problems)
        errors = sum(1 for p in exc.problems if p.severity == "error")
        cli.error(cli.t("cli.invalid", count=errors, file=exc.file or str(cli.config_path)))
        raise typer.Exit(int(exc.exit_code)) from None
    except CoopsyncError as exc:
        cli.show_exception(exc)
        cli.error(cli.t(exc.code, **exc.params) if exc.code else str(exc))
        raise typer.Exit(int(exc.exit_code)) from None
    except KeyboardInterrupt:
        cli.error(cli.t("cli.interrupted"))
        raise typer.Exit(130) from None
    except Exception as exc:
        cli.show_exception(exc)
        message = f"{type(exc).__name__}: {exc}"
        try:
            from coopsync.secrets import redact

            message = redact(message)
        except ImportError:
            pass
        cli.error(cli.t("cli.unexpected", error=message))
        raise typer.Exit(int(ExitCode.ITEM_FAILURES)) from None
