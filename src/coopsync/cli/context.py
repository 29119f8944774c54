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
from typing import TYPE_CHECKING, Annotated, Literal, NoReturn

import typer

from coopsync.errors import CoopsyncError, ExitCode, LockHeld

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


_EMPHASIS = ("bold", "dim", "italic", "underline")


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
    _loaded: LoadedConfig | None = field(default=None, repr=False)

    @property
    def timezone(self) -> str:
        """The shop's time zone once its config is loaded (WIB before that)."""
        return self._loaded.config.shop.timezone if self._loaded else "Asia/Jakarta"

    @property
    def shop_name(self) -> str | None:
        return self._loaded.config.shop.name if self._loaded else None

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

    def load_config(self, *, keep_marks: bool = False) -> LoadedConfig:
        """Load and validate the config (raises ConfigInvalid, exit 2, listing every problem).
        `keep_marks`: keep where every catalog value is written (`coopsync validate`)."""
        from coopsync.config import load_config

        if self._loaded is not None and self._loaded.config_path == self.config_path.absolute():
            return self._loaded  # one command reads its config once
        loaded = load_config(self.config_path, keep_marks=keep_marks)
        if loaded.config.shop.language:
            self._lang = self.lang_option or loaded.config.shop.language
        self._loaded = loaded
        return loaded

    # --- output --------------------------------------------------------------------------
    def _console(self, stderr: bool) -> Console:
        from rich.console import Console

        return Console(file=sys.stderr if stderr else sys.stdout, highlight=False, soft_wrap=True)

    def echo(self, text: str, *, style: str | None = None) -> None:
        """A result line on stdout (silent with --quiet)."""
        if self.quiet:
            return
        # click's styling, not rich's: a one-line answer should not cost rich's import
        # (colour only on a terminal, as rich does; the text is printed as written).
        words = (style or "").split()
        colour = next((w for w in words if w not in _EMPHASIS), None)
        try:
            styled = typer.style(text, fg=colour, bold="bold" in words, dim="dim" in words)
        except TypeError:  # a colour click does not know: plain text
            styled = text
        typer.echo(styled)

    def note(self, text: str) -> None:
        """Extra detail on stderr, only with --verbose or --debug."""
        if self.verbose or self.debug:
            from rich.text import Text

            self._console(stderr=True).print(Text(text, style="dim"))

    def json_line(self, level: str, message: str, **fields: object) -> None:
        """One JSON object on stderr, shaped like a log line (`--log-format json`)."""
        import json
        from datetime import UTC, datetime

        entry: dict[str, object] = {
            "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "level": level,
            "logger": "coopsync.cli",
            "message": message,
        }
        if self.shop_name:
            entry["shop"] = self.shop_name
        entry.update({k: v for k, v in fields.items() if v is not None})
        sys.stderr.write(json.dumps(entry, ensure_ascii=False, default=str) + "\n")

    def error(self, text: str, hint: str | None = None, **fields: object) -> None:
        """An error on stderr, always shown (a JSON line with --log-format json)."""
        from rich.text import Text

        if self.log_format == "json":
            self.json_line("error", text, hint=hint, **fields)
            return

        line = Text(f"{self.t('cli.error')}: ", style="bold red")
        line.append(text)
        if hint:
            line.append(f" — {hint}", style="yellow")
        self._console(stderr=True).print(line)

    def warn(self, text: str) -> None:
        """A warning on stderr: shown unless --quiet (a JSON line with --log-format json)."""
        if self.quiet:
            return
        if self.log_format == "json":
            self.json_line("warning", text)
            return
        from rich.text import Text

        line = Text(f"{self.t('cli.warning')}: ", style="yellow")
        line.append(text)
        self._console(stderr=True).print(line)

    def problems(self, problems: list[Problem]) -> None:
        """Located problems on stderr, errors first; warnings hidden with --quiet."""
        if not problems:
            return  # nothing to say: no console (rich's import is most of a quick command)
        from rich.text import Text

        console = self._console(stderr=True)
        ordered = sorted(
            problems, key=lambda p: (p.severity != "error", p.file, p.line or 0, p.col or 0)
        )
        for problem in ordered:
            if problem.severity == "warning" and self.quiet:
                continue
            if self.log_format == "json":
                self.json_line(
                    problem.severity,
                    problem.render(self.lang),
                    code=problem.code,
                    file=problem.file,
                    line=problem.line,
                    col=problem.col,
                    path=problem.path or None,
                )
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
        cli.error(
            cli.t("cli.invalid", count=errors, file=exc.file or str(cli.config_path)),
            exit_code=int(exc.exit_code),
        )
        raise typer.Exit(int(exc.exit_code)) from None
    except LockHeld as exc:
        cli.show_exception(exc)
        cli.error(_lock_message(cli, exc), exit_code=int(exc.exit_code), holder=exc.holder)
        raise typer.Exit(int(exc.exit_code)) from None
    except CoopsyncError as exc:
        cli.show_exception(exc)
        text = cli.t(exc.code, **exc.params) if exc.code else str(exc)
        channel = getattr(exc, "channel", "")
        if exc.exit_code is ExitCode.NEEDS_HUMAN and channel and not exc.code:
            # Whatever the platform said, the fix is the same: connect the channel again.
            text = f"[{channel}] {exc.message} — {cli.t('connect.fix', channel=channel)}"
        cli.error(text, exit_code=int(exc.exit_code))
        raise typer.Exit(int(exc.exit_code)) from None
    except KeyboardInterrupt:
        cli.error(cli.t("cli.interrupted"), exit_code=130)
        raise typer.Exit(130) from None
    except OSError as exc:
        if exc.filename is None:
            _crashed(cli, exc)
        # A path the user gave (or a folder beside it) that cannot be used: bad input.
        cli.show_exception(exc)
        reason = exc.strerror or type(exc).__name__
        cli.error(
            cli.t("cli.path_unusable", path=exc.filename, reason=reason),
            exit_code=int(ExitCode.BAD_INPUT),
        )
        raise typer.Exit(int(ExitCode.BAD_INPUT)) from None
    except Exception as exc:
        from coopsync.state.pg_conn import state_error

        lost = state_error(exc)  # the PostgreSQL state database went away: not a bug
        if lost is None:
            _crashed(cli, exc)
        cli.show_exception(exc)
        cli.error(cli.t("state.lost", **lost.params), exit_code=int(lost.exit_code))
        raise typer.Exit(int(lost.exit_code)) from None


def _crashed(cli: Cli, exc: BaseException) -> NoReturn:
    """A bug: its own exit code (not 1, which means "some items failed"), and what to do."""
    cli.show_exception(exc)
    message = f"{type(exc).__name__}: {exc}"
    try:
        from coopsync.secrets import redact

        message = redact(message)
    except ImportError:
        pass
    cli.error(cli.t("cli.unexpected", error=message), exit_code=int(ExitCode.INTERNAL))
    raise typer.Exit(int(ExitCode.INTERNAL)) from None


def _lock_message(cli: Cli, exc: LockHeld) -> str:
    """Who holds the lock since when, in the shop's time zone and language."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    holder = exc.holder
    if not holder:
        return str(exc)
    since = str(holder.get("started_at", "?"))
    try:
        moment = datetime.fromisoformat(since)
        if moment.tzinfo is not None:
            since = moment.astimezone(ZoneInfo(cli.timezone)).strftime("%Y-%m-%d %H:%M %Z")
    except ValueError:
        pass
    return cli.t(
        "cli.lock_held",
        command=holder.get("command", "?"),
        pid=holder.get("pid", "?"),
        host=holder.get("host", "?"),
        since=since,
    )
