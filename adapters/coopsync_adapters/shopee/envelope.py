"""Shopee's answer envelope `{request_id, error, message, warning, response}` -> our errors.

`error` is read whatever the HTTP status. Common codes are plain (`error_auth`); module codes
are namespaced (`order.order_list_invalid_time`, and the docs show `common.error_auth`), so
codes are classified by their last part. Codes and messages below are the ones in the
"Common Error Codes" lists of the v2 API reference pages and the Authorization guide.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx

from coopsync.errors import AdapterError, AuthExpired, Fatal, RateLimited, Rejected, Transient
from coopsync.http import read_json
from coopsync.secrets import redact

log = logging.getLogger("coopsync.shopee")

REAUTHORISE_HINT = "run `coopsync connect {channel}` with the shop owner to authorise it again"


def reauthorise_hint(channel: str) -> str:
    """What a person does when the seller's authorization is gone."""
    return REAUTHORISE_HINT.format(channel=channel or "CHANNEL")


TRANSIENT = frozenset(
    {"error_server", "error_network", "error_inner", "error_system_busy", "error_busy"}
)
RATE_LIMITED = frozenset({"error_rate_limit", "error_too_many_request"})
ACCESS_TOKEN = frozenset({"error_auth", "invalid_access_token", "invalid_acceess_token"})
# The seller's authorisation is gone: refreshing cannot help, a person must authorise again.
NEEDS_HUMAN = frozenset(
    {"shop_no_linked", "shop_access_expired", "refresh_token_expired", "error_shop_refresh_token"}
)
FATAL_HINTS = {
    "error_sign": "check partner_id and partner_key, and that base_url is the host they belong "
    "to (test keys only work on the test host)",
    "error_limit": "the app's daily call limit is used up; Shopee resets it at 00:00 UTC+8 "
    "(23:00 WIB)",
    "source_ip_undeclared": "declare this computer's public IP address in the Open Platform "
    "console (App list > IP Address Whitelist)",
    "error_partner_key_expired": "reset the live partner key in the Open Platform console and "
    "put the new one in your .env",
    "error_api_permission": "this app type may not call this API; check the app in the console",
    "error_api_call_restricted": "Shopee restricted this app's API calls; contact Shopee",
    "error_permission": "check the app's permissions in the Open Platform console",
    "shop_banned": "the shop is banned on Shopee; see the seller centre",
    "error_kyc_auth": "the seller must finish Shopee's seller registration (KYC) first",
    "error_shop": "check shop_id",
}


def _kind(code: str) -> str:
    return code.rsplit(".", 1)[-1]


def error_for(
    code: str, message: str, *, status: int, channel: str, what: str, item_level: bool = False
) -> AdapterError:
    """The error class for a Shopee `error` code: what to retry, refresh, reject or stop on."""
    kind = _kind(code)
    lowered = message.lower()
    text = f"{what}: Shopee said {message or code}"

    def fatal(hint: str | None) -> Fatal:
        return Fatal(text, channel=channel, platform_code=code, hint=hint)

    if kind in RATE_LIMITED or status == 429:
        return RateLimited(text, channel=channel, platform_code=code)
    if kind in TRANSIENT:
        return Transient(text, channel=channel, platform_code=code)
    if kind in NEEDS_HUMAN:
        return AuthExpired(
            text,
            channel=channel,
            platform_code=code,
            needs_human=True,
            hint=reauthorise_hint(channel),
        )
    if kind in FATAL_HINTS:
        return fatal(FATAL_HINTS[kind])
    if "timestamp" in lowered:
        return fatal("Shopee accepts requests signed within 5 minutes: check this computer's clock")
    if "partner_id" in lowered:
        return fatal("check partner_id, and that base_url is the host it belongs to")
    if kind in ACCESS_TOKEN:
        if "permission" in lowered:
            return fatal(FATAL_HINTS["error_api_permission"])
        return AuthExpired(text, channel=channel, platform_code=code)
    if item_level:
        return Rejected(text, channel=channel, platform_code=code)
    if status >= 500:
        return Transient(text, channel=channel, platform_code=code)
    return fatal(None)


def parse_envelope(
    response: httpx.Response,
    *,
    channel: str,
    what: str,
    item_level: bool = False,
    top_level: bool = False,
) -> dict[str, Any]:
    """The `response` object of a successful answer, or the error its envelope describes.

    `top_level` is for the token and shop-info APIs, whose data sit beside `error`.
    """
    body = read_json(response, channel)
    status = response.status_code
    if not isinstance(body, dict):
        raise Fatal(f"{what}: Shopee answered HTTP {status} with JSON that is not an object")
    code = str(body.get("error") or "")
    message = redact(str(body.get("message") or body.get("msg") or ""))
    if code:
        raise error_for(
            code, message, status=status, channel=channel, what=what, item_level=item_level
        )
    if status >= 500:
        raise Transient(f"{what}: Shopee had a problem (HTTP {status})", channel=channel)
    if status >= 400:
        raise error_for(f"http_{status}", message, status=status, channel=channel, what=what)
    if body.get("warning"):
        log.debug("[%s] %s: Shopee warned %s", channel, what, redact(str(body["warning"])))
    if top_level:
        return body
    data = body.get("response")
    if not isinstance(data, dict):
        raise Fatal(
            f"{what}: Shopee answered without the expected `response` object",
            channel=channel,
            hint="the platform may be having problems; try again later",
        )
    return data
