"""Lazada request signing, checked against published vectors and the wire format.

Sources of the vectors:
- Lazada Open Platform documentation, "HTTP request sample" (open.lazada.com doc 108069, also
  served at open.alitrip.com/docs/doc.htm?articleId=108069&treeId=499): GetOrder with app secret
  "helloworld" signs "/order/getaccess_tokentestapp_key123456order_id1234sign_methodsha256
  timestamp1517820392000" to 4190D323...FAB4A.
- branch8/lazada-open-platform-sdk, src/__tests__/signature.test.js and its Jest snapshot:
  secret "1234", api "/test/api", {foo: 1, bar: 2, foo_bar: 3, foobar: 4} -> 98808588...52409
  (the same parameters as the documentation's sorting example).
- A price_quantity/update call computed with the algorithm of the official lazop-sdk-python
  (lazop/base.py `sign`: api path + key+str(value) for keys sorted, HMAC-SHA256 keyed with the
  app secret, upper-case hex), run by hand on the values below.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl

import pytest

from coopsync.adapters import AdapterContext
from coopsync.sandbox.marketplace import MutableClock
from coopsync_adapters.lazada.client import LazadaClient, sign
from coopsync_adapters.lazada.fake import LazadaFake
from coopsync_adapters.testing.harness import memory_context

DOCS_SIGN = "4190D32361CFB9581350222F345CB77F3B19F0E31D162316848A2C1FFD5FAB4A"
BRANCH8_SIGN = "988085883BF9D32D251478D23122C7ECC91518CDF63BA22F792000A378F52409"
LAZOP_PAYLOAD = (
    '{"Request":{"Product":{"Skus":{"Sku":[{"SellerSku":"BATIK-01","ItemId":"3000000001",'
    '"SkuId":"15000000002","Quantity":"12"}]}}}}'
)
LAZOP_SIGN = "80316C743EC3C12FE5450CA9B4BCFEE4400DD73BB802DFCAE19DF93CE1A1129A"
ACCESS = "50000701a28qrvQbcAE1cd8d4f9mAnUZ4jGBnkgPtJ5dxUfTBqE0VgHBp5KhJ"


def test_documentation_example_get_order() -> None:
    params = {
        "app_key": "123456",
        "access_token": "test",
        "timestamp": "1517820392000",
        "sign_method": "sha256",
        "order_id": "1234",
    }
    assert sign("helloworld", "/order/get", params) == DOCS_SIGN


def test_sign_itself_is_left_out_of_the_signed_text() -> None:
    params = {
        "app_key": "123456",
        "access_token": "test",
        "timestamp": "1517820392000",
        "sign_method": "sha256",
        "order_id": "1234",
        "sign": "WHATEVER",
    }
    assert sign("helloworld", "/order/get", params) == DOCS_SIGN


def test_branch8_sdk_snapshot_sorts_keys_by_ascii() -> None:
    params = {"foo": "1", "bar": "2", "foo_bar": "3", "foobar": "4"}
    assert sign("1234", "/test/api", params) == BRANCH8_SIGN


def context(clock: MutableClock, **overrides: object) -> AdapterContext:
    fake = LazadaFake(clock=clock)
    settings = fake.settings(access_token=ACCESS, **overrides)
    return memory_context("lazada", settings, clock, transport=fake)


@pytest.fixture
def clock() -> MutableClock:
    return MutableClock(datetime(2025, 11, 20, 3, 0, tzinfo=UTC))  # 1763607600 s


def test_post_on_the_wire_matches_the_lazop_sdk_vector(clock: MutableClock) -> None:
    client = LazadaClient(context(clock))
    build = client.request_builder(
        "POST", "/product/price_quantity/update", {"payload": LAZOP_PAYLOAD}
    )
    request = build(ACCESS)
    # As lazop-sdk-python sends it: system parameters and sign in the query, payload in the form.
    assert request.url.path == "/rest/product/price_quantity/update"
    assert dict(request.url.params) == {
        "app_key": "100132",
        "timestamp": "1763607600000",
        "sign_method": "sha256",
        "access_token": ACCESS,
        "sign": LAZOP_SIGN,
    }
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert dict(parse_qsl(request.content.decode())) == {"payload": LAZOP_PAYLOAD}


def test_get_signs_the_path_without_rest_and_sends_the_query(clock: MutableClock) -> None:
    client = LazadaClient(context(clock, region="th"))
    request = client.request_builder("GET", "/order/get", {"order_id": "1234"})("test")
    assert request.url.host == "api.lazada.co.th"
    assert request.url.path == "/rest/order/get"
    params = dict(request.url.params)
    assert params["timestamp"] == "1763607600000"  # milliseconds, never seconds
    sent_sign = params.pop("sign")
    assert sent_sign == sign("fake-lazada-app-secret-3d1f", "/order/get", params)
    assert sent_sign == sent_sign.upper() and len(sent_sign) == 64


def test_every_attempt_gets_a_fresh_timestamp(clock: MutableClock) -> None:
    client = LazadaClient(context(clock))
    build = client.request_builder("GET", "/products/get", {"filter": "all"})
    first = build("t").url.params
    clock.advance(timedelta(seconds=2))
    second = build("t").url.params
    assert int(second["timestamp"]) - int(first["timestamp"]) == 2000
    assert first["sign"] != second["sign"]


def test_upload_signs_the_query_but_not_the_file(clock: MutableClock) -> None:
    client = LazadaClient(context(clock))
    build = client.request_builder(
        "POST", "/image/upload", {}, files={"image": ("batik.png", b"\x89PNG...", "image/png")}
    )
    request = build(ACCESS)
    params = dict(request.url.params)
    assert "image" not in params
    assert params["sign"] == sign("fake-lazada-app-secret-3d1f", "/image/upload", params)
    assert request.headers["content-type"].startswith("multipart/form-data")
