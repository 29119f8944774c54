"""Every registered platform keeps the contract; a platform that lacks a part fails here.

Run over whatever `coopsync.adapters` lists, so a new platform package is checked the moment it is
installed, and a missing method, rule, fake or conformance run is a failure, never a skip.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from coopsync.adapters import Capability, ListingRules
from coopsync.channel_config import ChannelBase
from coopsync.loading.channels import required_credentials
from coopsync.platforms import PlatformDescriptor, all_descriptors
from coopsync.sandbox.marketplace import FakeMarketplace

TESTS = Path(__file__).parents[1]
REQUIRED_METHODS = (
    "listings",
    "find_by_sku",
    "create_listing",
    "update_listing",
    "push_stock",
    "push_prices",
    "orders",
    "aclose",
)
FAKE_CONTROL = (
    "handle",
    "settings",
    "seed_listing",
    "sku_view",
    "place_order",
    "set_order_status",
    "order_ids",
    "to_state",
    "load_state",
)
DESCRIPTORS = all_descriptors()


def test_the_five_built_in_platforms_are_registered() -> None:
    names = {d.name for d in DESCRIPTORS}
    assert {"shopee", "tiktok", "lazada", "woocommerce", "manual"} <= names


@pytest.mark.parametrize("descriptor", DESCRIPTORS, ids=lambda d: d.name)
def test_the_descriptor_is_complete(descriptor: PlatformDescriptor) -> None:
    assert descriptor.name and descriptor.display_name
    assert issubclass(descriptor.settings, ChannelBase)
    assert isinstance(descriptor.rules, ListingRules)
    assert isinstance(descriptor.capabilities, Capability) and descriptor.capabilities
    assert descriptor.rules.stock_batch >= 1 and descriptor.rules.price_batch >= 1
    described = {c.field for c in descriptor.credentials}
    assert set(required_credentials(descriptor.settings)) <= described


@pytest.mark.parametrize("descriptor", DESCRIPTORS, ids=lambda d: d.name)
def test_the_adapter_keeps_the_contract(descriptor: PlatformDescriptor) -> None:
    adapter = descriptor.adapter_factory()
    assert isinstance(adapter, type)
    for name in REQUIRED_METHODS:
        method = getattr(adapter, name, None)
        assert callable(method), f"{descriptor.name}: no {name}()"
    assert getattr(adapter, "platform", None) == descriptor.name
    assert adapter.rules == descriptor.rules  # type: ignore[attr-defined]
    assert adapter.capabilities == descriptor.capabilities  # type: ignore[attr-defined]


@pytest.mark.parametrize("descriptor", DESCRIPTORS, ids=lambda d: d.name)
def test_a_platform_with_an_api_has_a_fake_and_a_conformance_run(
    descriptor: PlatformDescriptor,
) -> None:
    fake = descriptor.fake_factory()
    if fake is None:
        assert not descriptor.credentials, f"{descriptor.name} has an account but no fake"
        return
    assert issubclass(fake, FakeMarketplace)
    for name in FAKE_CONTROL:
        own = getattr(fake, name)
        assert own is not getattr(FakeMarketplace, name), f"{fake.__name__} lacks {name}()"
    assert "seed" in inspect.signature(fake.__init__).parameters
    suites = [
        path
        for path in TESTS.rglob("test_*conformance*.py")
        if "AdapterConformance" in (text := path.read_text(encoding="utf-8"))
        and fake.__name__ in text
    ]
    assert suites, f"no conformance suite runs against {fake.__name__}"
