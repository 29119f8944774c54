"""OAuth 1.0a one-legged signing for WooCommerce over plain HTTP, checked against published vectors.

Sources of the expected values:
- RFC 5849 section 1.2 (the photos example): base string and HMAC-SHA1 signature as printed in
  the RFC. WooCommerce's normalisation equals the RFC's for values made of unreserved characters,
  so the same function must reproduce it (with the RFC's token secret in the key).
- WooCommerce REST API docs, "Authentication over HTTP" (woocommerce-rest-api-docs,
  source/includes/wp-api-v3/_authentication.md): the example signature base string.
- The official Python client `WooCommerce` 3.0.0 on PyPI (github.com/woocommerce/wc-api-python,
  woocommerce/oauth.py, `OAuth.generate_oauth_signature` with version "wc/v3", HMAC-SHA256,
  key = consumer_secret + "&"): the three HMAC-SHA256 signatures below were computed by running
  that SDK's function with these exact inputs. (The SDK leaves "/" unescaped inside values while
  WooCommerce's server escapes it, so these vectors hold no "/" inside a value.)
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from coopsync.sandbox.marketplace import MutableClock
from coopsync_adapters.testing.harness import memory_context
from coopsync_adapters.woocommerce.client import (
    WooClient,
    encode_query,
    oauth_params,
    oauth_signature,
    signature_base_string,
    signing_key,
)
from coopsync_adapters.woocommerce.fake import WooCommerceFake
from coopsync_adapters.woocommerce.fake_wire import expected_signature

CK = "ck_4f1b2c3d4e5f60718293a4b5c6d7e8f901234567"
CS = "cs_9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3"


def test_rfc5849_section_1_2_example() -> None:
    params = {
        "file": "vacation.jpg",
        "size": "original",
        "oauth_consumer_key": "dpf43f3p2l4k3l03",
        "oauth_token": "nnch734d00sl2jdk",
        "oauth_signature_method": "HMAC-SHA1",
        "oauth_timestamp": "137131202",
        "oauth_nonce": "chapoH",
    }
    base = signature_base_string("GET", "http://photos.example.net/photos", params)
    assert base == (
        "GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26"
        "oauth_consumer_key%3Ddpf43f3p2l4k3l03%26oauth_nonce%3DchapoH%26"
        "oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131202%26"
        "oauth_token%3Dnnch734d00sl2jdk%26size%3Doriginal"
    )
    key = signing_key("kd94hf93k423kf44", "pfkkdhi9sl3r4s00")
    assert oauth_signature(base, key, "HMAC-SHA1") == "MdpQcU8iPSUjWoN/UDMsK2sui9I="


def test_woocommerce_docs_example_base_string() -> None:
    base = signature_base_string(
        "get",
        "http://www.example.com/wp-json/wc/v3/orders",
        {"oauth_consumer_key": "abc123", "oauth_signature_method": "HMAC-SHA1"},
    )
    assert base == (
        "GET&http%3A%2F%2Fwww.example.com%2Fwp-json%2Fwc%2Fv3%2Forders"
        "&oauth_consumer_key%3Dabc123%26oauth_signature_method%3DHMAC-SHA1"
    )


SDK_VECTORS = [
    (
        "GET",
        "http://toko-kopi.example/wp-json/wc/v3/orders",
        {
            "modified_after": "2026-11-20T03:00:00",
            "dates_are_gmt": "true",
            "per_page": "100",
            "page": "2",
            "orderby": "date",
            "order": "asc",
            "oauth_consumer_key": CK,
            "oauth_timestamp": "1795143600",
            "oauth_nonce": "3f2a9c0e1b7d4e6f8a5c2b1d0e9f7a6c",
            "oauth_signature_method": "HMAC-SHA256",
        },
        "eHY9oHHDSDD+IUpKZ0KGEt81q+bTzE2Zpc4bnSMqsuU=",
    ),
    (
        "GET",
        "http://toko-kopi.example:8080/shop/wp-json/wc/v3/products",
        {
            "search": "kopi gayo",
            "sku": "KOPI-250G",
            "oauth_consumer_key": CK,
            "oauth_timestamp": "1795143600",
            "oauth_nonce": "nonce-1",
            "oauth_signature_method": "HMAC-SHA256",
        },
        "Z/OvwkB9/g21L4OGkxjhQqzXg4vmiz+cuTfPkCV1AII=",
    ),
    (
        "POST",
        "http://toko-kopi.example/wp-json/wc/v3/products/batch",
        {
            "oauth_consumer_key": CK,
            "oauth_timestamp": "1795143600",
            "oauth_nonce": "abc",
            "oauth_signature_method": "HMAC-SHA256",
        },
        "lRMF6EOH1CfYjHwg2QAnW9MT9zIpU7hJXLmsVf4iObM=",
    ),
]


@pytest.mark.parametrize(("method", "url", "params", "signature"), SDK_VECTORS)
def test_hmac_sha256_matches_the_official_python_client(
    method: str, url: str, params: dict[str, str], signature: str
) -> None:
    base = signature_base_string(method, url, params)
    assert oauth_signature(base, signing_key(CS)) == signature


@pytest.mark.parametrize(("method", "url", "params", "signature"), SDK_VECTORS)
def test_the_fake_verifies_the_same_vectors(
    method: str, url: str, params: dict[str, str], signature: str
) -> None:
    # The fake's verifier is written from WooCommerce's PHP, independently of client.py.
    assert expected_signature(method, url, params, CS) == signature


def test_values_are_encoded_twice_like_woocommerce_does() -> None:
    base = signature_base_string("GET", "http://t.example/x", {"search": "kopi gayo", "sku": "A+B"})
    assert base.endswith("&search%3Dkopi%2520gayo%26sku%3DA%252BB")


def test_oauth_params_omit_oauth_version_and_sign_the_query() -> None:
    query = {"per_page": "100", "page": "1"}
    params = oauth_params(
        "GET",
        "http://toko-kopi.example/wp-json/wc/v3/products",
        query,
        consumer_key=CK,
        consumer_secret=CS,
        timestamp=1795143600,
        nonce="abc",
    )
    assert set(params) == {
        "oauth_consumer_key",
        "oauth_nonce",
        "oauth_signature_method",
        "oauth_timestamp",
        "oauth_signature",
    }
    base = signature_base_string(
        "GET",
        "http://toko-kopi.example/wp-json/wc/v3/products",
        {**query, **{k: v for k, v in params.items() if k != "oauth_signature"}},
    )
    assert params["oauth_signature"] == oauth_signature(base, f"{CS}&")
    assert encode_query({"sku": "A+B C/D"}) == "sku=A%2BB%20C%2FD"


@pytest.fixture
def clock() -> MutableClock:
    return MutableClock(datetime(2026, 11, 20, 3, 0, tzinfo=UTC))


def _client(url: str, clock: MutableClock, transport: httpx.AsyncBaseTransport) -> WooClient:
    fake = WooCommerceFake(clock=clock)
    return WooClient(
        memory_context(
            "toko", fake.settings(url=url), clock, transport=transport, base_dir=Path.cwd()
        )
    )


class Recorder(httpx.AsyncBaseTransport):
    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200, json=[], headers={"X-WP-TotalPages": "0"}, request=request)


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    yield Recorder()


async def test_plain_http_never_carries_basic_credentials(
    clock: MutableClock, recorder: Recorder
) -> None:
    client = _client("http://toko.example", clock, recorder)
    await client.get_page("/products", {"per_page": "100"}, what="list")
    await client.get_page("/products", {"per_page": "100"}, what="list")
    await client.aclose()
    first, second = recorder.requests
    assert "authorization" not in first.headers
    assert first.url.params["oauth_signature_method"] == "HMAC-SHA256"
    assert "oauth_version" not in first.url.params
    # Every attempt signs afresh: a new nonce each time.
    assert first.url.params["oauth_nonce"] != second.url.params["oauth_nonce"]
    assert first.url.params["oauth_timestamp"] == str(int(clock().timestamp()))


async def test_https_uses_basic_auth_and_no_oauth(clock: MutableClock, recorder: Recorder) -> None:
    client = _client("https://toko.example", clock, recorder)
    await client.get_page("/products", {"per_page": "100"}, what="list")
    await client.aclose()
    (request,) = recorder.requests
    assert request.headers["authorization"].startswith("Basic ")
    assert not [k for k in request.url.params if k.startswith("oauth_")]


async def test_the_fake_accepts_what_the_client_signs(clock: MutableClock) -> None:
    fake = WooCommerceFake(clock=clock)
    fake.seed_listing("Kopi Gayo 250 g", [("KOPI 250/G+", 65_000, 3)])
    client = _client("http://toko.example/", clock, fake)
    page = await client.get_page("/products", {"sku": "KOPI 250/G+"}, what="find")
    await client.aclose()
    assert [p["sku"] for p in page.items] == ["KOPI 250/G+"]
    assert fake.basic_over_http == 0
