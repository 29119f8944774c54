"""What a `platform: woocommerce` channel takes under `channels:` (credentials as SecretStr)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr

from coopsync.channel_config import ChannelBase, WebAddress


class WooCommerceChannel(ChannelBase):
    """A cooperative's own WooCommerce web shop (REST API v3)."""

    platform: Literal["woocommerce"]
    url: WebAddress = None
    consumer_key: SecretStr | None = None
    consumer_secret: SecretStr | None = None
    hold_stock_minutes: int | None = Field(
        None,
        ge=0,
        description="how long the shop holds an unpaid (pending) order's stock; default: the "
        "shop's own setting, else 60; 0: no limit",
    )
    _required_credentials = ("url",)
