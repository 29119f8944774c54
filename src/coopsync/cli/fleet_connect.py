"""`coopsync fleet connect SHOP CHANNEL`: connect a fleet shop's channel from the office.

The owner is seldom beside the volunteer: the command writes the authorization link into a
WhatsApp-ready message in the shop's language, and remembers which link it made (the `state`
it carries, in the fleet database: no secret). When the owner sends back the address their
browser landed on, `--address` exchanges its one-time code (the platform's `Authorizer`, as
`coopsync connect`), saves the tokens in the shop's own state, and unparks the channel.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import TYPE_CHECKING, Annotated, Any

import typer

from coopsync.cli.context import Cli, command

if TYPE_CHECKING:
    import psycopg

    from coopsync.fleet.registry import FleetShop

LINK_MINUTES = 30  # how long a link made for the owner is taken back


def _pending_key(shop: str, channel: str) -> str:
    return f"connect.pending.{shop}.{channel}"


def connect(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The shop's fleet name.")],
    channel: Annotated[str, typer.Argument(help="The channel to connect, as in its config.")],
    address: Annotated[
        str | None,
        typer.Option(
            "--address", help="The address the owner's browser landed on (sent back by them)."
        ),
    ] = None,
    redirect: Annotated[
        str | None,
        typer.Option(help="The redirect address registered for the app (default: the app's)."),
    ] = None,
    owner: Annotated[str | None, typer.Option(help="The owner's name, for the greeting.")] = None,
    other_shop: Annotated[
        bool, typer.Option("--other-shop", help="Allow moving the channel to a different shop.")
    ] = False,
) -> None:
    """Make the authorization link as a WhatsApp message for the shop owner; with --address,
    take the address they send back and connect the channel."""
    import os

    from coopsync.cli.fleet_db import fleet_db, known_shop

    with command(ctx) as cli:
        from coopsync.cli.connect import _authorizer, _channel
        from coopsync.fleet import registry
        from coopsync.fleet.runner import load_shop
        from coopsync.secrets import register_secret

        with fleet_db(ctx, cli) as conn:
            shop = known_shop(cli, conn, name)
            others = [s.name for s in registry.shops(conn)]
            loaded = load_shop(shop.config, shop.name, os.environ, others, check_images=False)
            cli.lang_option = cli.lang_option or loaded.config.shop.language
            settings = _channel(cli, loaded, channel)
            for secret in settings.secret_values():
                register_secret(secret)
            authorizer = _authorizer(settings)
            if address is None:
                _make_link(cli, conn, shop, channel, settings, authorizer, redirect, owner)
                return
            from coopsync.cli.connect import _record

            _check_address(conn, shop, channel, address)
            grant = _exchange(settings, authorizer, address)
            _record(cli, loaded, channel, grant, other_shop)
            registry.resume(conn, shop.name, channel)
            registry.delete_setting(conn, _pending_key(shop.name, channel))
        cli.echo(cli.t("fleet.connected", shop=shop.name, channel=channel))


def _make_link(
    cli: Cli,
    conn: psycopg.Connection[Any],
    shop: FleetShop,
    channel: str,
    settings: Any,
    authorizer: Any,
    redirect: str | None,
    owner: str | None,
) -> None:
    import secrets

    from coopsync.fleet import registry
    from coopsync.platforms import descriptor_for
    from coopsync.state.timestamps import utc_now

    state = secrets.token_urlsafe(16)
    now = utc_now()
    target = redirect or authorizer.default_redirect
    link = authorizer.link(settings, target, state, now)
    pending = {"state": state, "redirect": target, "at": now.isoformat()}
    registry.set_setting(conn, _pending_key(shop.name, channel), json.dumps(pending))
    platform = descriptor_for(settings.platform).display_name
    message = cli.t(
        "fleet.whatsapp",
        owner=owner or shop.display_name,
        shop=shop.display_name,
        platform=platform,
        link=link,
        minutes=LINK_MINUTES,
    )
    cli.echo(cli.t("fleet.connect_send"))
    cli.echo("")
    cli.echo(message)
    cli.echo("")
    cli.echo(cli.t("fleet.connect_later", shop=shop.name, channel=channel))


def _check_address(
    conn: psycopg.Connection[Any], shop: FleetShop, channel: str, address: str
) -> None:
    """The address answers the link made last for this shop and channel, in time."""
    from datetime import datetime

    from coopsync.authorization import query_of
    from coopsync.errors import ConfigError
    from coopsync.fleet import registry
    from coopsync.state.timestamps import utc_now

    raw = registry.get_setting(conn, _pending_key(shop.name, channel))
    pending = json.loads(raw) if raw else None
    fresh = pending is not None and utc_now() - datetime.fromisoformat(pending["at"]) <= (
        timedelta(minutes=LINK_MINUTES)
    )
    if not fresh:
        error = ConfigError("no link is waiting for this address")
        error.code = "fleet.connect_no_link"
        error.params = {"shop": shop.name, "channel": channel, "minutes": LINK_MINUTES}
        raise error
    params = query_of(address)
    assert pending is not None
    if params.get("state", pending["state"]) != pending["state"]:
        error = ConfigError("the address answers another link")
        error.code, error.params = "connect.wrong_state", {}
        raise error


def _exchange(settings: Any, authorizer: Any, address: str) -> Any:
    import asyncio

    from coopsync.authorization import query_of
    from coopsync.errors import ConfigError, CoopsyncError
    from coopsync.secrets import redact
    from coopsync.state.timestamps import utc_now

    answer = authorizer.answer(query_of(address))
    try:
        return asyncio.run(authorizer.exchange(settings, answer, clock=utc_now))
    except ConfigError:
        raise
    except CoopsyncError as exc:
        error = ConfigError("the platform refused the code")
        error.code, error.params = "connect.refused", {"detail": redact(exc.message)}
        raise error from None


def register(app: typer.Typer) -> None:
    app.command(
        "connect",
        help=connect.__doc__,
        epilog="Example: coopsync fleet connect toko-sari toko-online --owner 'Bu Sari'   (then) "
        "coopsync fleet connect toko-sari toko-online --address 'https://...'",
    )(connect)
