"""What every channel has under `channels:`, whatever its platform.

Each platform's own settings model (its credentials as `SecretStr`) subclasses `ChannelBase` and
lives in the platform's package; its descriptor names it (see `coopsync.platforms`).
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SecretStr,
    model_validator,
)
from pydantic_core import PydanticCustomError

from coopsync.secrets import looks_like_secret


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
        for name, value in (self.model_extra or {}).items():  # settings no model declares
            if isinstance(value, str) and looks_like_secret(name):
                out.append(value)
        return out


class PluginChannel(ChannelBase):
    """Settings that keep whatever they are given: a platform that declares no typed fields,
    and a channel whose platform is not installed (reported as such while loading)."""

    model_config = ConfigDict(extra="allow", coerce_numbers_to_str=True, frozen=True)
    platform: str
