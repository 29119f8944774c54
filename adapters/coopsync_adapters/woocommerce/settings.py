"""What a `platform: woocommerce` channel takes under `channels:` (credentials as SecretStr)."""

from __future__ import annotations

from typing import Literal

from pydantic import SecretStr

from coopsync.channel_config import ChannelBase, WebAddress


class WooCommerceChannel(ChannelBase):
    """A cooperative's own WooCommerce web shop (REST API v3)."""

    platform: Literal["woocommerce"]
    url: WebAddress = None
    consumer_key: SecretStr | None = None
    consumer_secret: SecretStr | None = None
    _required_credentials = ("url", "consumer_key", "consumer_secret")
