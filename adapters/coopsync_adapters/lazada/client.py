"""Lazada Open Platform on the wire: hosts, signing, the envelope and the endpoints coopsync uses.

Every call carries `app_key`, `timestamp` (Unix milliseconds), `sign_method=sha256`, the seller's
`access_token` and `sign`: the uppercase hex HMAC-SHA256 (key = app secret) of the API path
without `/rest` followed by key+value of every other parameter sorted by key. GET calls put the
parameters in the query, POST calls in a form body; an image upload sends them in the query and
the file as multipart (file parameters are not signed). Errors come back inside HTTP 200.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar

import httpx

from coopsync.adapters import AdapterContext, TokenPair
from coopsync.authorization import not_connected
from coopsync.errors import AuthExpired, ConfigError, Fatal, RateLimited, Rejected, Transient
from coopsync.http import (
    channel_http,
    channel_tokens,
    raise_for_status,
    read_json,
)
from coopsync.secrets import redact, register_secret
from coopsync_adapters.lazada.settings import LazadaChannel

log = logging.getLogger("coopsync.lazada")
T = TypeVar("T")

# The regional gateways (lazop SDK constants and the API reference's "Service Endpoints").
GATEWAYS: dict[str, str] = {
    "id": "https://api.lazada.co.id/rest",
    "my": "https://api.lazada.com.my/rest",
    "ph": "https://api.lazada.com.ph/rest",
    "sg": "https://api.lazada.sg/rest",
    "th": "https://api.lazada.co.th/rest",
    "vn": "https://api.lazada.vn/rest",
}
AUTH_GATEWAY = "https://auth.lazada.com/rest"
CURRENCIES: dict[str, str] = {
    "id": "IDR",
    "my": "MYR",
    "ph": "PHP",
    "sg": "SGD",
    "th": "THB",
    "vn": "VND",
}
# platforms.md: inventory calls about 50/s; stay well below it by default.
DEFAULT_RATE_LIMIT = 20.0

# Envelope codes, by what coopsync should do about them. Codes are strings on the wire.
AUTH_CODES = frozenset({"IllegalAccessToken", "MissingAccessToken", "AccessTokenExpired"})
RATE_CODES = frozenset({"ApiCallLimit", "AppCallLimit", "901", "E901"})
TRANSIENT_CODES = frozenset(
    {"ServiceTimeout", "ServiceUnavailable", "InternalError", "SystemError", "6", "1000", "E006"}
)
SIGNATURE_CODES = frozenset({"IncompleteSignature", "InvalidSignature"})
PARAMETER_CODES = frozenset(
    {"MissingParameter", "MISSING_PARAMETER", "InvalidParameter", "INVALID_PARAMETER"}
)


SYSTEM_PARAMS = frozenset({"app_key", "timestamp", "sign_method", "access_token", "sign"})


def sign(app_secret: str, api_path: str, params: Mapping[str, str]) -> str:
    """Uppercase hex HMAC-SHA256 of api_path + key1value1key2value2... (keys sorted, no `sign`)."""
    message = api_path + "".join(f"{k}{params[k]}" for k in sorted(params) if k != "sign")
    digest = hmac.new(app_secret.encode(), message.encode(), hashlib.sha256).hexdigest()
    return digest.upper()


def timestamp_ms(context: AdapterContext) -> str:
    """Unix milliseconds from the context's clock (Lazada rejects seconds)."""
    return str(int(context.clock().timestamp() * 1000))


@dataclass(frozen=True)
class BatchFailure:
    """A batch call the platform refused because of some of its items (`detail[]`)."""

    code: str
    message: str
    details: tuple[tuple[str | None, str], ...]  # (seller_sku or None, message)


def _envelope_error(
    body: Mapping[str, Any], *, channel: str, what: str, item_level: bool
) -> Exception:
    code = str(body.get("code", ""))
    message = redact(str(body.get("message") or "no message"))
    text = f"{what}: Lazada said {message}"
    if code in AUTH_CODES:
        return AuthExpired(text, channel=channel, platform_code=code)
    if code in RATE_CODES:
        return RateLimited(text, channel=channel, platform_code=code)
    if code in TRANSIENT_CODES:
        return Transient(text, channel=channel, platform_code=code)
    if code in SIGNATURE_CODES:
        return Fatal(
            text,
            channel=channel,
            platform_code=code,
            hint="check app_key and app_secret of this channel (and the computer's clock)",
        )
    if item_level:
        return Rejected(text, channel=channel, platform_code=code)
    if code in PARAMETER_CODES:
        return Fatal(
            text,
            channel=channel,
            platform_code=code,
            hint="this is a coopsync bug or an API change; please report it",
        )
    return Fatal(text, channel=channel, platform_code=code)


def read_envelope(
    response: httpx.Response, *, channel: str, what: str, item_level: bool = False
) -> dict[str, Any]:
    """The success envelope as a dict, or the right error class for everything else."""
    body = read_json(response, channel)
    if response.status_code >= 500:
        raise Transient(
            f"{what}: Lazada had a problem (HTTP {response.status_code})", channel=channel
        )
    if not isinstance(body, dict) or "code" not in body:
        raise_for_status(response, channel)
        raise Fatal(f"{what}: Lazada's answer is not an API envelope", channel=channel)
    if str(body["code"]) != "0":
        raise _envelope_error(body, channel=channel, what=what, item_level=item_level)
    raise_for_status(response, channel)
    return body


def batch_failure(body: Mapping[str, Any]) -> BatchFailure | None:
    """The item-level failures of a refused batch call, when the answer lists them."""
    if str(body.get("code", "")) == "0":
        return None
    detail = body.get("detail")
    if not isinstance(detail, list) or not detail:
        return None
    items: list[tuple[str | None, str]] = []
    for entry in detail:
        if not isinstance(entry, dict):
            continue
        sku = entry.get("seller_sku") or entry.get("SellerSku")
        message = redact(
            str(entry.get("message") or entry.get("Message") or body.get("message") or "")
        )
        items.append((str(sku) if sku not in (None, "", "null") else None, message))
    if not items:
        return None
    return BatchFailure(str(body.get("code")), redact(str(body.get("message") or "")), tuple(items))


def data_of(body: Mapping[str, Any], *, channel: str, what: str) -> Any:
    """The `data` member of a success envelope; its absence is a clear error."""
    if "data" not in body or body["data"] is None:
        raise Fatal(f"{what}: Lazada's answer has no data", channel=channel)
    return body["data"]


class LazadaClient:
    """Signed calls to one Lazada seller account, through the shared HTTP layer."""

    def __init__(self, context: AdapterContext) -> None:
        settings = context.settings
        if not isinstance(settings, LazadaChannel):
            raise ConfigError(f"channel '{context.channel}' is not a Lazada channel")
        self.context = context
        self.settings = settings
        self.channel = context.channel
        self.app_key = settings.app_key or ""
        self._secret = settings.app_secret.get_secret_value() if settings.app_secret else ""
        if not self.app_key or not self._secret:
            raise ConfigError(
                f"channel '{self.channel}': app_key and app_secret are needed for Lazada",
                hint="set them from ${ENV} variables, or use `sandbox: true`",
            )
        register_secret(self._secret)
        self.base_url = (settings.base_url or GATEWAYS[settings.region]).rstrip("/")
        self.auth_url = (settings.auth_url or AUTH_GATEWAY).rstrip("/")
        self.currency = CURRENCIES[settings.region]
        if not settings.refresh_token and context.tokens.load_tokens(self.channel) is None:
            raise not_connected(self.channel)
        self.tokens = channel_tokens(context, refresher=self.refresh_tokens)
        self.http = channel_http(context, default_rate=DEFAULT_RATE_LIMIT, tokens=self.tokens)

    async def aclose(self) -> None:
        await self.http.aclose()

    # ---- requests ----------------------------------------------------------------------------
    def _signed(
        self, api_path: str, params: Mapping[str, str], access_token: str | None
    ) -> dict[str, str]:
        signed = {
            "app_key": self.app_key,
            "timestamp": timestamp_ms(self.context),
            "sign_method": "sha256",
            **{k: v for k, v in params.items() if v != ""},
        }
        if access_token:
            signed["access_token"] = access_token
        signed["sign"] = sign(self._secret, api_path, signed)
        return signed

    def request_builder(
        self,
        method: str,
        api_path: str,
        params: Mapping[str, str],
        *,
        base: str | None = None,
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
    ) -> Callable[[str | None], httpx.Request]:
        """A function making the request afresh (new timestamp, new sign) for each attempt."""
        url = (base or self.base_url) + api_path

        def build(access_token: str | None) -> httpx.Request:
            signed = self._signed(api_path, params, access_token)
            if files:
                return httpx.Request(method, url, params=signed, files=dict(files))
            if method == "GET":
                return httpx.Request("GET", url, params=signed)
            # As Lazada's own SDKs (lazop, Python and PHP) send a POST: the system parameters
            # and the sign in the query string, the API's parameters as a form body. All of
            # them are signed together.
            system = {k: v for k, v in signed.items() if k in SYSTEM_PARAMS}
            form = {k: v for k, v in signed.items() if k not in SYSTEM_PARAMS}
            return httpx.Request(method, url, params=system, data=form)

        return build

    async def call(
        self,
        method: str,
        api_path: str,
        params: Mapping[str, str],
        *,
        what: str,
        item_level: bool = False,
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
        attempts: int | None = None,
    ) -> dict[str, Any]:
        """One authenticated call; the success envelope or an error class.

        `attempts=1` for a call that must not be repeated blindly (creating a product)."""

        def parse(response: httpx.Response) -> dict[str, Any]:
            return read_envelope(response, channel=self.channel, what=what, item_level=item_level)

        return await self.http.send(
            self.request_builder(method, api_path, params, files=files),
            parse,
            what=what,
            attempts=attempts,
        )

    async def call_batch(
        self, api_path: str, params: Mapping[str, str], *, what: str
    ) -> BatchFailure | None:
        """A batch POST: None when it applied, else the refusal and the items it names.

        Lazada refuses the whole call when one item is bad, listing the bad ones in `detail[]`
        when it can; auth, rate, busy and signature errors are still raised as usual.
        """

        def parse(response: httpx.Response) -> BatchFailure | None:
            body = read_json(response, self.channel)
            code = str(body.get("code", "")) if isinstance(body, dict) else ""
            call_level = AUTH_CODES | RATE_CODES | TRANSIENT_CODES | SIGNATURE_CODES
            if response.status_code >= 500 or code in ("", "0") or code in call_level:
                read_envelope(response, channel=self.channel, what=what)
                return None  # code 0: done (an update's answer often has no `data`)
            assert isinstance(body, dict)
            return batch_failure(body) or BatchFailure(
                code, f"{what}: Lazada said {redact(str(body.get('message') or 'no message'))}", ()
            )

        return await self.http.send(
            self.request_builder("POST", api_path, params), parse, what=what
        )

    # ---- tokens ------------------------------------------------------------------------------
    async def refresh_tokens(self, refresh_token: str) -> TokenPair:
        """Trade the refresh token for a new pair at the auth host (`/auth/token/refresh`)."""
        what = "refresh the access token"
        clock = self.context.clock

        def parse(response: httpx.Response) -> TokenPair:
            body = read_envelope(response, channel=self.channel, what=what)
            try:
                access = str(body["access_token"])
                refresh = str(body.get("refresh_token") or refresh_token)
                expires_in = int(body["expires_in"])
                raw_refresh_in = body.get("refresh_expires_in")
                refresh_in = int(raw_refresh_in) if raw_refresh_in not in (None, "") else None
            except (KeyError, TypeError, ValueError):
                raise Fatal(
                    f"{what}: Lazada's answer lacks the new tokens", channel=self.channel
                ) from None
            now = clock()
            return TokenPair(
                access_token=access,
                refresh_token=refresh,
                access_expires_at=now + timedelta(seconds=expires_in),
                refresh_expires_at=(
                    now + timedelta(seconds=refresh_in) if refresh_in is not None else None
                ),
            )

        build = self.request_builder(
            "POST", "/auth/token/refresh", {"refresh_token": refresh_token}, base=self.auth_url
        )
        return await self.http.send(build, parse, what=what, authenticated=False)


def json_param(value: Any) -> str:
    """A compact JSON parameter value (what is signed is exactly what is sent)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
