"""What a `platform: manual` channel takes under `channels:` (credentials as SecretStr)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from coopsync.channel_config import ChannelBase


class ManualChannel(ChannelBase):
    """WhatsApp groups, Instagram, bazaars: no API; sales come from a CSV kept by hand."""

    platform: Literal["manual"]
    sales_file: str | None = Field(None, description="CSV of sales recorded by hand")
    export_dir: str | None = Field(None, description="where price lists are written")
