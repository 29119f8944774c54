"""What the WooCommerce fake checks on the wire: keys, OAuth signatures, parameter types.

Written from WooCommerce's server code (`WC_REST_Authentication`, `wc_rest_urlencode_rfc3986`)
and WordPress's REST schema validation, independently of the adapter's client.py.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl

import httpx

OAUTH_WINDOW = timedelta(minutes=15)
_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")


def php_rawurlencode(value: str) -> str:
    """PHP's rawurlencode, byte by byte (RFC 3986 unreserved characters stay)."""
    return "".join(chr(b) if b in _UNRESERVED else f"%{b:02X}" for b in value.encode("utf-8"))


def wc_rest_urlencode_rfc3986(value: str) -> str:
    return php_rawurlencode(value).replace("+", " ").replace("%7E", "~")


def expected_signature(
    method: str, home_url_with_path: str, params: Mapping[str, str], secret: str
) -> str:
    """WC_REST_Authentication::check_oauth_signature, step by step."""
    ordered = sorted(params.items(), key=lambda kv: kv[0].encode("utf-8"))  # uksort strcmp
    normalized = [(wc_rest_urlencode_rfc3986(k), wc_rest_urlencode_rfc3986(v)) for k, v in ordered]
    joined = [wc_rest_urlencode_rfc3986(f"{k}={v}") for k, v in normalized]
    string_to_sign = f"{method.upper()}&{php_rawurlencode(home_url_with_path)}&{'%26'.join(joined)}"
    algorithm = (
        hashlib.sha256 if params.get("oauth_signature_method") == "HMAC-SHA256" else hashlib.sha1
    )
    mac = hmac.new(f"{secret}&".encode(), string_to_sign.encode(), algorithm).digest()
    return base64.b64encode(mac).decode()


def query_params(request: httpx.Request) -> dict[str, str]:
    """$_GET as PHP builds it: decoded values, '+' as a space, the last duplicate wins."""
    return dict(parse_qsl(request.url.query.decode("ascii", "replace"), keep_blank_values=True))


def error_response(
    status: int, code: str, message: str, request: httpx.Request, **data: Any
) -> httpx.Response:
    return httpx.Response(
        status,
        json={"code": code, "message": message, "data": {"status": status, **data}},
        request=request,
    )


@dataclass
class KeyRing:
    """The shop's one REST API key pair and the OAuth nonces it has seen."""

    consumer_key: str
    consumer_secret: str
    valid: bool = True

    def __post_init__(self) -> None:
        # More keys made since (wc-auth, Add key): consumer key -> (secret, permissions).
        self.extra: dict[str, tuple[str, str]] = {}
        self.nonces: dict[str, datetime] = {}
        self.basic_over_http = 0  # Basic credentials seen on plain HTTP (must stay 0)

    def secret_of(self, key: str) -> str | None:
        """The secret of a key this shop issued and has not revoked."""
        if not self.valid:
            return None
        if key == self.consumer_key:
            return self.consumer_secret
        found = self.extra.get(key)
        return found[0] if found else None

    def authenticate(
        self, request: httpx.Request, now: datetime
    ) -> tuple[bool, httpx.Response | None]:
        """(authenticated, error response) the way WooCommerce decides it."""
        https = request.url.scheme == "https"
        header = request.headers.get("authorization", "")
        if header.startswith("Basic "):
            if not https:
                # The real server ignores Basic without SSL; the keys have still leaked.
                self.basic_over_http += 1
            else:
                try:
                    user, _, password = base64.b64decode(header[6:]).decode().partition(":")
                except (binascii.Error, UnicodeDecodeError):
                    user, password = "", ""
                secret = self.secret_of(user)
                if secret is not None:
                    if hmac.compare_digest(password, secret):
                        return True, None
                    return False, error_response(
                        401,
                        "woocommerce_rest_authentication_error",
                        "Consumer secret is invalid.",
                        request,
                    )
        return self._oauth(request, now)

    def _oauth(self, request: httpx.Request, now: datetime) -> tuple[bool, httpx.Response | None]:
        params = query_params(request)
        required = (
            "oauth_consumer_key",
            "oauth_timestamp",
            "oauth_nonce",
            "oauth_signature",
            "oauth_signature_method",
        )
        missing = [name for name in required if not params.get(name)]
        if len(missing) == len(required):
            return False, None  # not even trying: the route decides (401 cannot_view...)
        if missing:
            return False, error_response(
                401,
                "woocommerce_rest_authentication_missing_parameter",
                "Missing OAuth parameter(s) " + ", ".join(missing),
                request,
            )
        secret = self.secret_of(params["oauth_consumer_key"])
        if secret is None:
            return False, _auth_error("Consumer key is invalid.", request)
        method = params["oauth_signature_method"]
        if method not in ("HMAC-SHA1", "HMAC-SHA256"):
            return False, _auth_error("Invalid signature - signature method is invalid.", request)
        given = params.pop("oauth_signature").replace(" ", "+")
        base = f"{request.url.scheme}://{request.url.netloc.decode()}{request.url.path}"
        if not hmac.compare_digest(expected_signature(request.method, base, params, secret), given):
            return False, _auth_error(
                "Invalid signature - provided signature does not match.", request
            )
        try:
            stamp = int(params["oauth_timestamp"])
        except ValueError:
            return False, _auth_error("Invalid timestamp.", request)
        if abs(now.timestamp() - stamp) > OAUTH_WINDOW.total_seconds():
            return False, _auth_error("Invalid timestamp.", request)
        for nonce, seen in list(self.nonces.items()):
            if now - seen > OAUTH_WINDOW:
                del self.nonces[nonce]
        if params["oauth_nonce"] in self.nonces:
            return False, _auth_error("Invalid nonce - nonce has already been used.", request)
        self.nonces[params["oauth_nonce"]] = now
        return True, None


def _auth_error(message: str, request: httpx.Request) -> httpx.Response:
    return error_response(401, "woocommerce_rest_authentication_error", message, request)


# ---- WordPress REST schema checks (types as rest_validate_value_from_schema has them) ----------
Check = Callable[[Any], bool]


def is_string(value: Any) -> bool:
    return isinstance(value, str)


def is_integer(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (
        isinstance(value, str) and re.fullmatch(r"-?\d+", value) is not None
    )


def is_boolean(value: Any) -> bool:
    return value in (True, False, "true", "false", "1", "0", 1, 0)


def as_boolean(value: Any) -> bool:
    return value in (True, "true", "1", 1)


def one_of(*options: str) -> Check:
    return lambda value: value in options


def object_of(fields: Mapping[str, Check]) -> Check:
    def check(value: Any) -> bool:
        return isinstance(value, dict) and all(
            fields[k](v) for k, v in value.items() if k in fields and v is not None
        )

    return check


def list_of(item: Check) -> Check:
    return lambda value: isinstance(value, list) and all(item(v) for v in value)


def invalid_params(body: Mapping[str, Any], schema: Mapping[str, Check]) -> dict[str, str]:
    """Fields whose value breaks the schema, with WordPress's wording."""
    return {
        name: f"{name} is not of the expected type."
        for name, value in body.items()
        if name in schema and value is not None and not schema[name](value)
    }


def invalid_param_response(problems: Mapping[str, str], request: httpx.Request) -> httpx.Response:
    return error_response(
        400,
        "rest_invalid_param",
        "Invalid parameter(s): " + ", ".join(problems),
        request,
        params=dict(problems),
    )


_DIMENSIONS = object_of({"length": is_string, "width": is_string, "height": is_string})
_IMAGE = object_of({"id": is_integer, "src": is_string, "name": is_string, "alt": is_string})

PRODUCT_SCHEMA: dict[str, Check] = {
    "name": is_string,
    "slug": is_string,
    "type": one_of("simple", "grouped", "external", "variable"),
    "status": one_of("draft", "pending", "private", "publish"),
    "description": is_string,
    "short_description": is_string,
    "sku": is_string,
    "regular_price": is_string,
    "sale_price": is_string,
    "manage_stock": is_boolean,
    "stock_quantity": is_integer,
    "stock_status": one_of("instock", "outofstock", "onbackorder"),
    "weight": is_string,
    "dimensions": _DIMENSIONS,
    "images": list_of(_IMAGE),
    "categories": list_of(object_of({"id": is_integer})),
    "attributes": list_of(
        object_of(
            {
                "id": is_integer,
                "name": is_string,
                "position": is_integer,
                "visible": is_boolean,
                "variation": is_boolean,
                "options": list_of(is_string),
            }
        )
    ),
}

VARIATION_SCHEMA: dict[str, Check] = {
    "sku": is_string,
    "regular_price": is_string,
    "sale_price": is_string,
    "status": one_of("draft", "pending", "private", "publish"),
    "manage_stock": is_boolean,
    "stock_quantity": is_integer,
    "weight": is_string,
    "dimensions": _DIMENSIONS,
    "image": _IMAGE,
    "attributes": list_of(object_of({"id": is_integer, "name": is_string, "option": is_string})),
}


def json_body(body: bytes) -> Any:
    if not body:
        return {}
    try:
        return json.loads(body)
    except ValueError:
        return None
