"""What a `platform: lazada` channel takes under `channels:` (credentials as SecretStr)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr

from coopsync.channel_config import ChannelBase, WebAddress


class LazadaChannel(ChannelBase):
    """Lazada Open Platform."""

    platform: Literal["lazada"]
    app_key: str | None = None
    app_secret: SecretStr | None = None
    access_token: SecretStr | None = None
    refresh_token: SecretStr | None = None
    region: Literal["id", "my", "ph", "sg", "th", "vn"] = "id"
    auth_url: WebAddress = None
    warehouse_code: str | None = Field(
        None, description="multi-warehouse sellers: the warehouse whose stock coopsync manages"
    )
    _required_credentials = ("app_key", "app_secret")
