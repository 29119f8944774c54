"""How `coopsync connect` gets the owner's answer: a local listener, a pasted address, or keys
typed by hand; a fresh link after each refusal.

When the redirect address is on this machine, a local listener catches the browser coming back
(and answers it with a plain page in the shop's language) while the terminal still takes a
pasted address: the owner may approve on a phone, whose browser cannot reach this machine.
"""

from __future__ import annotations

import asyncio
import queue
import secrets
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, TextIO

import typer

if TYPE_CHECKING:
    from coopsync.authorization import Authorizer, Grant
    from coopsync.channel_config import ChannelBase
    from coopsync.cli.context import Cli
    from coopsync.listener import RedirectListener

ATTEMPTS = 3
POLL = 0.2  # seconds between looks at the listener and the terminal


class GaveUp(Exception):
    """Nothing more will come: input ended, or the wait ran out."""


@dataclass(frozen=True)
class Options:
    """What the user chose for this run of `connect`."""

    redirect: str
    callback: str | None = None
    browser: bool = True
    qr: bool = True
    listen: bool = True
    wait: float = 900.0


def show_link(cli: Cli, link: str, *, browser: bool, qr: bool) -> None:
    """The link as text, as a QR code for a phone, and in a browser where there is one."""
    import io

    cli.echo(link)
    if qr and not cli.quiet:
        import segno

        out = io.StringIO()
        segno.make(link, error="l").terminal(out=out, compact=True)
        cli.echo(cli.t("connect.scan"))
        sys.stdout.write(out.getvalue())
    if browser:
        import webbrowser

        # No browser here: the printed link and the QR code remain.
        with suppress(Exception):
            webbrowser.open(link)


def obtain(
    cli: Cli, settings: ChannelBase, authorizer: Authorizer, options: Options
) -> Grant | None:
    """Link, approval, answer, exchange; a fresh link after each refusal (three at most)."""
    from coopsync.errors import ConfigError, CoopsyncError
    from coopsync.secrets import redact

    state = secrets.token_urlsafe(16)
    with _listening(cli, options) as listener:
        for attempt in range(ATTEMPTS):
            cli.echo(cli.t("connect.open_link" if attempt == 0 else "connect.try_again"))
            link = authorizer.link(
                settings, options.redirect, state, _now(), callback=options.callback
            )
            show_link(cli, link, browser=options.browser, qr=options.qr)
            try:
                return _answer(cli, settings, authorizer, state, listener, options.wait)
            except GaveUp:
                return None
            except ConfigError as exc:
                cli.error(cli.t(exc.code, **exc.params) if exc.code else redact(exc.message))
            except CoopsyncError as exc:
                cli.error(cli.t("connect.refused", detail=redact(exc.message)))
    return None


def _now() -> datetime:
    from coopsync.state.timestamps import utc_now

    return utc_now()


@contextmanager
def _listening(cli: Cli, options: Options) -> Iterator[RedirectListener | None]:
    """A listener on the redirect address when it is on this machine (None otherwise)."""
    from urllib.parse import urlsplit

    from coopsync.listener import RedirectListener, done_page, is_local

    if not options.listen or not is_local(options.redirect):
        yield None
        return
    paths = [urlsplit(options.redirect).path or "/"]
    if options.callback:
        paths.append(urlsplit(options.callback).path or "/")
    page = done_page(cli.t("connect.page_title"), cli.t("connect.page_text"))
    listener = RedirectListener(options.redirect, page, paths=tuple(dict.fromkeys(paths)))
    try:
        listener.start()
    except OSError as exc:
        cli.warn(cli.t("connect.no_listener", address=options.redirect, detail=exc.strerror))
        yield None
        return
    try:
        yield listener
    finally:
        listener.close()


def _answer(
    cli: Cli,
    settings: ChannelBase,
    authorizer: Authorizer,
    state: str,
    listener: RedirectListener | None,
    wait: float,
) -> Grant:
    """The first good answer: from the browser coming back, or pasted in the terminal."""
    from coopsync.authorization import complete, query_of
    from coopsync.errors import ConfigError

    def exchange(params: dict[str, str]) -> Grant:
        return asyncio.run(complete(authorizer, settings, params, state, clock=_now))

    if listener is None:
        address = _ask(cli)
        if address is None:
            raise GaveUp
        return exchange(query_of(address))
    cli.echo(cli.t("connect.waiting", address=listener.address))
    deadline = time.monotonic() + wait
    with _pasted_lines() as pasted:
        while time.monotonic() < deadline:
            arrival = listener.poll(POLL)
            if arrival is not None:
                try:
                    return exchange(query_of(arrival.address, arrival.body))
                except ConfigError as exc:
                    if exc.code != "connect.no_code":
                        raise
                    continue  # not the answer (the browser asking for an icon, a return page)
            line = pasted()
            if line:
                return exchange(query_of(line))
    raise GaveUp


def obtain_typed(cli: Cli, settings: ChannelBase, authorizer: Authorizer) -> Grant | None:
    """Keys made by hand in the shop's admin: the steps, then each key at a hidden prompt,
    checked with one call; asked again after a refusal (three times at most)."""
    from coopsync.authorization import complete
    from coopsync.errors import ConfigError, CoopsyncError
    from coopsync.secrets import redact, register_secret

    state = secrets.token_urlsafe(16)
    guide = getattr(authorizer, "guide_for", None)
    steps: list[str] = list(guide(settings, cli.lang)) if guide is not None else []
    cli.echo(cli.t("connect.guide"))
    for number, step in enumerate(steps, 1):
        cli.echo(f"  {number}. {step}")
    typed: list[tuple[str, dict[str, str]]] = list(getattr(authorizer, "typed", ()))
    for attempt in range(ATTEMPTS):
        if attempt:
            cli.echo(cli.t("connect.type_again"))
        values = {getattr(authorizer, "state_param", "state"): state}
        for name, label in typed:
            answer = _hidden(label.get(cli.lang) or label["en"])
            if answer is None:
                return None
            register_secret(answer.strip())
            values[name] = answer.strip()
        try:
            return asyncio.run(complete(authorizer, settings, values, state, clock=_now))
        except ConfigError as exc:
            cli.error(cli.t(exc.code, **exc.params) if exc.code else redact(exc.message))
        except CoopsyncError as exc:
            cli.error(cli.t("connect.keys_refused", detail=redact(exc.message)))
    return None


def _hidden(label: str) -> str | None:
    try:
        answer = typer.prompt(label, prompt_suffix=": ", err=True, hide_input=True)
    except typer.Abort:
        return None
    return str(answer)


def _ask(cli: Cli) -> str | None:
    """The pasted address (None when there is nothing more to read)."""
    try:
        # Not echoed: the address holds the one-time code.
        answer = typer.prompt(cli.t("connect.paste"), prompt_suffix=": ", err=True, hide_input=True)
    except typer.Abort:
        return None
    return str(answer)


class _PipedLines:
    """Lines from a stdin that is no terminal (a pipe, a test), read one at a time when asked
    for, in a thread, so that the listener is watched meanwhile."""

    def __init__(self, stdin: TextIO) -> None:
        self._stdin = stdin
        self._lines: queue.Queue[str] = queue.Queue()
        self._reading = False
        self._ended = False

    def __call__(self) -> str | None:
        if not self._reading and not self._ended:
            self._reading = True
            threading.Thread(target=self._read, daemon=True).start()
        try:
            line = self._lines.get_nowait()
        except queue.Empty:
            return None
        self._reading = False
        return line or None

    def _read(self) -> None:
        line = ""
        with suppress(Exception):
            line = self._stdin.readline()
        if not line:
            self._ended = True
        self._lines.put(line.strip())


@contextmanager
def _pasted_lines() -> Iterator[Callable[[], str | None]]:
    """A function giving a line typed in the terminal since the last call (or None), never
    blocking. At a terminal the typing is not echoed (it holds a one-time code)."""
    stdin = sys.stdin
    if _is_terminal(stdin):
        with _no_echo(stdin):
            yield lambda: _ready_line(stdin)
        return
    piped = getattr(stdin, "_coopsync_lines", None)
    if piped is None:  # one reader per stdin: a line is never read twice or lost
        piped = _PipedLines(stdin)
        with suppress(AttributeError):
            stdin._coopsync_lines = piped  # type: ignore[union-attr]
    yield piped


def _is_terminal(stream: object) -> bool:
    try:
        return bool(stream.isatty()) and sys.platform != "win32"  # type: ignore[attr-defined]
    except (AttributeError, ValueError):
        return False


@contextmanager
def _no_echo(stdin: TextIO) -> Iterator[None]:
    import termios

    fd = stdin.fileno()
    before = termios.tcgetattr(fd)
    quiet = list(before)
    quiet[3] = quiet[3] & ~termios.ECHO
    termios.tcsetattr(fd, termios.TCSADRAIN, quiet)
    try:
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, before)


def _ready_line(stdin: TextIO) -> str | None:
    import select

    ready, _, _ = select.select([stdin], [], [], 0)
    if not ready:
        return None
    return stdin.readline().strip() or None
