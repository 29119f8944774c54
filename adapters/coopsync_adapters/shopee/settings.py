"""What a `platform: shopee` channel takes under `channels:` (credentials as SecretStr)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr

from coopsync.channel_config import ChannelBase


class ShopeeChannel(ChannelBase):
    """Shopee Open Platform v2."""

    platform: Literal["shopee"]
    partner_id: str | None = None
    partner_key: SecretStr | None = None
    shop_id: str | None = None
    access_token: SecretStr | None = None
    refresh_token: SecretStr | None = None
    logistic_ids: list[int] | None = Field(
        None, description="pin these logistics channel ids instead of asking the platform"
    )
    days_to_ship: int = Field(2, ge=1, le=30)
    location_id: str | None = Field(
        None, description="multi-location shops: the location whose stock coopsync manages"
    )
    _required_credentials = ("partner_id", "partner_key", "shop_id", "refresh_token")
