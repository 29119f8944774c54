"""`coopsync connect CHANNEL`: connect a real shop through the platform's own authorization.

The link is printed, shown as a QR code for the owner's phone and opened in a browser where
there is one; the owner approves; the browser comes back to a local listener (when the
redirect is on this machine), or the user pastes the whole address it lands on
(`connect_flow.py`). The platform's `Authorizer` (from its descriptor) builds the link and
exchanges the one-time code.
Tokens go to the token store only; the channel records which shop it is connected to. A code
refused (wrong, used, too old) gets a clear error and a fresh link, three times at most.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from coopsync.cli.context import Cli, ConfigOption, command

if TYPE_CHECKING:
    from coopsync.authorization import Authorizer, Grant
    from coopsync.channel_config import ChannelBase
    from coopsync.config import LoadedConfig


def _channel(cli: Cli, loaded: LoadedConfig, channel: str) -> ChannelBase:
    from coopsync.errors import ConfigError

    settings = loaded.channels.get(channel)
    if settings is None:
        known = ", ".join(loaded.channels) or "-"
        error = ConfigError(f"no channel named '{channel}'", hint=f"the channels are: {known}")
        error.code, error.params = "connect.no_channel", {"channel": channel, "known": known}
        raise error
    if settings.sandbox:
        error = ConfigError(f"channel '{channel}' is a sandbox")
        error.code, error.params = "connect.sandbox", {"channel": channel}
        raise error
    return settings


def _authorizer(settings: ChannelBase) -> Authorizer:
    from coopsync.errors import ConfigError
    from coopsync.platforms import descriptor_for

    descriptor = descriptor_for(settings.platform)
    found = descriptor.authorizer()
    if found is None:
        error = ConfigError(f"{descriptor.display_name} has no authorization flow")
        error.code, error.params = "connect.no_flow", {"platform": descriptor.display_name}
        raise error
    return found


def _record(cli: Cli, loaded: LoadedConfig, channel: str, grant: Grant, other_shop: bool) -> None:
    from coopsync.authorization import connected_shop, save_grant
    from coopsync.cli.session import open_store
    from coopsync.errors import ConfigError
    from coopsync.state.timestamps import utc_now

    settings = loaded.channels[channel]
    configured = getattr(settings, "refresh_token", None)
    refresh = configured.get_secret_value() if configured is not None else None
    with open_store(loaded) as store:
        before = connected_shop(store, channel)
        if before and before.get("shop_id") != grant.shop_id and not other_shop:
            error = ConfigError(f"channel '{channel}' is connected to another shop")
            error.code = "connect.other_shop"
            error.params = {"channel": channel, "old": before.get("shop_id"), "new": grant.shop_id}
            raise error
        save_grant(store, channel, grant, refresh, utc_now())


def _when(cli: Cli, moment: object) -> str:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    if not isinstance(moment, datetime):
        return cli.t("connect.unknown")
    return moment.astimezone(ZoneInfo(cli.timezone)).strftime("%Y-%m-%d %H:%M %Z")


async def _test_call(loaded: LoadedConfig, channel: str) -> tuple[bool, str]:
    from coopsync.cli.session import open_store
    from coopsync.errors import CoopsyncError
    from coopsync.onboarding.checks import Status
    from coopsync.onboarding.doctor import call_check
    from coopsync.runtime import open_channels
    from coopsync.state.timestamps import utc_now

    with open_store(loaded) as store:
        try:
            async with open_channels(
                loaded, store, utc_now, only=[channel], simulate_buyers=False, persist=False
            ) as channels:
                check = await call_check(channel, channels.channels[channel], loaded.catalog.skus())
        except CoopsyncError as exc:
            return False, exc.message
    return check.status is Status.OK, str(check.params.get("detail", check.code))


def _report(cli: Cli, loaded: LoadedConfig, channel: str, grant: Grant) -> bool:
    from coopsync.secrets import redact

    region = f", {grant.region}" if grant.region else ""
    shop = grant.shop_name or grant.shop_id
    cli.echo(
        cli.t("connect.connected", channel=channel, shop=shop, shop_id=grant.shop_id, region=region)
    )
    from coopsync.authorization import NEVER

    if grant.tokens.access_expires_at >= NEVER:  # keys that last until revoked
        cli.echo(cli.t("connect.keys_kept"))
    else:
        cli.echo(
            cli.t(
                "connect.expiry",
                access=_when(cli, grant.tokens.access_expires_at),
                refresh=_when(cli, grant.tokens.refresh_expires_at),
                authorization=_when(cli, grant.authorization_expires_at),
            )
        )
        cli.echo(cli.t("connect.renewed"))
    import asyncio

    ok, detail = asyncio.run(_test_call(loaded, channel))
    result = cli.t("doctor.call_ok") if ok and detail == "doctor.call_ok" else detail
    if detail.startswith("doctor."):
        result = cli.t(detail)
    cli.echo(cli.t("connect.call_ok" if ok else "connect.call_failed", result=redact(result)))
    return ok


def register(app: typer.Typer) -> None:
    @app.command(
        "connect",
        help="Connect a real shop to a channel through the marketplace's own authorization.",
        epilog="Example: coopsync connect mystore   (the owner approves; paste the address back)",
    )
    def connect(
        ctx: typer.Context,
        channel: Annotated[str, typer.Argument(help="The channel to connect, as in the config.")],
        config: ConfigOption = None,
        redirect: Annotated[
            str | None,
            typer.Option(help="The redirect address registered for the app (default: local)."),
        ] = None,
        browser: Annotated[
            bool, typer.Option("--browser/--no-browser", help="Open the link in a browser.")
        ] = True,
        qr: Annotated[
            bool, typer.Option("--qr/--no-qr", help="Show the link as a QR code.")
        ] = True,
        listen: Annotated[
            bool,
            typer.Option(
                "--listen/--no-listen",
                help="Catch the browser coming back when the redirect is on this machine.",
            ),
        ] = True,
        wait: Annotated[
            float, typer.Option(help="Seconds to wait for the owner's approval.", min=1)
        ] = 900.0,
        callback: Annotated[
            str | None,
            typer.Option(help="A public HTTPS address forwarded here, for keys posted back."),
        ] = None,
        allow_http: Annotated[
            bool,
            typer.Option("--allow-http", help="Connect a shop whose address is plain http."),
        ] = False,
        other_shop: Annotated[
            bool,
            typer.Option("--other-shop", help="Allow moving the channel to a different shop."),
        ] = False,
    ) -> None:
        """Link, approval, code exchange; tokens saved in the state, never in the YAML."""
        with command(ctx, config) as cli:
            from coopsync.cli.connect_flow import Options, obtain, obtain_typed
            from coopsync.errors import ExitCode
            from coopsync.secrets import register_secret

            loaded = cli.load_config()
            settings = _channel(cli, loaded, channel)
            for secret in settings.secret_values():
                register_secret(secret)
            authorizer = _authorizer(settings)
            options = Options(
                redirect=redirect or authorizer.default_redirect,
                callback=callback,
                browser=browser,
                qr=qr,
                listen=listen,
                wait=wait,
            )
            check_address = getattr(authorizer, "check_address", None)
            if check_address is not None:  # a plain-HTTP shop only when asked
                check_address(settings, allow_http)
            if getattr(authorizer, "needs_callback", False) and not callback:
                grant = obtain_typed(cli, settings, authorizer)
            else:
                grant = obtain(cli, settings, authorizer, options)
            if grant is None:
                cli.error(cli.t("connect.gave_up", channel=channel))
                cli.exit(int(ExitCode.NEEDS_HUMAN))
                return
            _record(cli, loaded, channel, grant, other_shop)
            ok = _report(cli, loaded, channel, grant)
            cli.exit(0 if ok else int(ExitCode.NEEDS_HUMAN))
