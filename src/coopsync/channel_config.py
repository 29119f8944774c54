"""What a user writes under `channels:`: one model per platform, credentials by their names."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SecretStr,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError


def web_address(value: Any) -> Any:
    """An http(s) address with a host (`base_url`, `auth_url`, a web shop's `url`)."""
    if value is None:
        return value
    if not isinstance(value, str):
        raise PydanticCustomError("bad_url", "expected a web address")
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in value.strip():
        raise PydanticCustomError("bad_url", "expected a web address like https://example.com")
    return value.strip()


WebAddress = Annotated[str | None, BeforeValidator(web_address)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=True)


class StockRules(_Strict):
    """How much of the available stock a channel is shown."""

    buffer: int = Field(0, ge=0, description="units held back from this channel")
    percent: int = Field(100, ge=0, le=100, description="share of available stock to list")
    max: int | None = Field(None, ge=0, description="never list more than this")
    min: int = Field(0, ge=0, description="list at least this many while that many are available")
    zero_below: int = Field(0, ge=0, description="list 0 when fewer than this are available")


class PriceRules(_Strict):
    """How a channel's price is derived from the catalog price (integer rupiah)."""

    markup_percent: float = Field(0, ge=-90, le=1000)
    add: int = 0
    round_to: int = Field(100, ge=1, description="round up to a multiple of this many rupiah")


class ChannelBase(_Strict):
    """Settings every channel has, whatever its platform."""

    platform: str
    sandbox: bool = False
    enabled: bool = True
    base_url: WebAddress = None
    rate_limit: float | None = Field(None, gt=0, description="calls per second to this channel")
    full_read_hours: float = Field(
        24, gt=0, description="read every listing at least this often; in between, only changes"
    )
    preferred: bool = Field(False, description="gets the last few units before other channels")
    stock: StockRules = StockRules()
    price: PriceRules = PriceRules()

    # Credential field names that must be set when the channel talks to a real platform.
    _required_credentials: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _credentials_present(self) -> ChannelBase:
        if self.sandbox:
            return self
        missing = [name for name in self._required_credentials if not getattr(self, name)]
        if missing:
            raise ValueError(
                "missing credentials: "
                + ", ".join(missing)
                + " (set them, e.g. with ${ENV_VAR}, or use `sandbox: true` to try coopsync"
                " without an account)"
            )
        return self

    def secret_values(self) -> list[str]:
        """Every secret this channel holds, for redaction."""
        out: list[str] = []
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, SecretStr):
                out.append(value.get_secret_value())
        return out


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
    _required_credentials = ("app_key", "app_secret", "refresh_token")


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
    _required_credentials = ("url", "consumer_key", "consumer_secret")


class ManualChannel(ChannelBase):
    """WhatsApp groups, Instagram, bazaars: no API; sales come from a CSV kept by hand."""

    platform: Literal["manual"]
    sales_file: str | None = Field(None, description="CSV of sales recorded by hand")
    export_dir: str | None = Field(None, description="where price lists are written")


class PluginChannel(ChannelBase):
    """A channel served by a third-party adapter (entry point `coopsync.adapters`)."""

    model_config = ConfigDict(extra="allow", coerce_numbers_to_str=True, frozen=True)
    platform: str


BUILTIN_PLATFORMS: dict[str, type[ChannelBase]] = {
    "shopee": ShopeeChannel,
    "tiktok": TikTokChannel,
    "tokopedia": TikTokChannel,
    "lazada": LazadaChannel,
    "woocommerce": WooCommerceChannel,
    "manual": ManualChannel,
}

ChannelConfig = Annotated[
    ShopeeChannel | TikTokChannel | LazadaChannel | WooCommerceChannel | ManualChannel,
    Field(discriminator="platform"),
]


def parse_channel(raw: Any) -> ChannelBase:
    """Validate one `channels:` entry into its platform's model (plugins keep extra fields)."""
    platform = raw.get("platform") if isinstance(raw, dict) else None
    model = BUILTIN_PLATFORMS.get(str(platform), PluginChannel)
    return model.model_validate(raw)
