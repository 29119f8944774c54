"""What a `platform: tiktok` channel takes under `channels:` (credentials as SecretStr)."""

from __future__ import annotations

from typing import Literal

from pydantic import SecretStr, field_validator

from coopsync.channel_config import ChannelBase, WebAddress


class TikTokChannel(ChannelBase):
    """TikTok Shop Partner API (also Tokopedia shops, since the 2024 merger)."""

    platform: Literal["tiktok", "tokopedia"]
    app_key: str | None = None
    app_secret: SecretStr | None = None
    access_token: SecretStr | None = None
    refresh_token: SecretStr | None = None
    shop_cipher: str | None = None
    warehouse_id: str | None = None
    auth_url: WebAddress = None
    _required_credentials = ("app_key", "app_secret", "refresh_token", "shop_cipher")

    @field_validator("platform")
    @classmethod
    def _alias(cls, value: str) -> str:
        return "tiktok" if value == "tokopedia" else value
