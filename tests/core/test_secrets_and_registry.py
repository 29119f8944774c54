"""Secrets never show; the adapter registry loads only what is asked for."""

from __future__ import annotations

import logging
import subprocess
import sys

import pytest

from coopsync.errors import ConfigError
from coopsync.platforms import adapter_class
from coopsync.secrets import RedactingFilter, redact, register_secret


def test_registered_secret_is_masked_everywhere() -> None:
    register_secret("s3cr3t-partner-key")
    assert "s3cr3t" not in redact("key=s3cr3t-partner-key and again s3cr3t-partner-key")


def test_secret_parameters_are_masked_whatever_their_value() -> None:
    text = redact("GET /api?partner_id=1&sign=abcdef123&access_token=tok999&shop_id=2")
    assert "abcdef123" not in text and "tok999" not in text
    assert "partner_id=1" in text and "shop_id=2" in text
    assert "x-tts-access-token: ***" in redact("x-tts-access-token: zzz-token")


def test_logging_filter_redacts(caplog: pytest.LogCaptureFixture) -> None:
    register_secret("hunter2-secret")
    logger = logging.getLogger("coopsync.test.redact")
    logger.addFilter(RedactingFilter())
    with caplog.at_level(logging.INFO, logger="coopsync.test.redact"):
        logger.info("refreshing with %s", "hunter2-secret")
    assert "hunter2-secret" not in caplog.text
    assert "***" in caplog.text


def test_unknown_platform_is_a_config_error() -> None:
    with pytest.raises(ConfigError) as caught:
        adapter_class("bukalapak")
    assert "shopee" in str(caught.value)


def test_importing_coopsync_does_not_import_platforms() -> None:
    code = (
        "import sys, coopsync.adapters, coopsync.http, coopsync.channel_config;"
        "print(any(m.startswith('coopsync_adapters.') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.stdout.strip() == "False", out.stderr
