"""How `pakn run` turns the settings into the HTTP server's protections."""

from __future__ import annotations

import pytest

from bot.app.runtime import http_options
from tests.conftest import make_settings


@pytest.mark.parametrize(("values", "served_on_main_port", "token"), [
    ({}, True, None),  # loopback: nobody else can reach it
    ({"http_host": "0.0.0.0"}, False, None),  # public, and nothing to guard it with
    ({"http_host": "0.0.0.0", "metrics_token": "m" * 16}, True, "m" * 16),
    ({"http_host": "0.0.0.0", "metrics_port": 9100}, False, None),  # served on its own port
])
def test_metrics_are_exposed_only_where_safe(values, served_on_main_port, token):
    options = http_options(make_settings("sqlite:///x.db", **values))
    assert options.metrics is served_on_main_port and options.metrics_token == token


def test_http_limits_come_from_the_settings():
    options = http_options(make_settings(
        "sqlite:///x.db", http_header_timeout=5, http_body_timeout=7,
        http_max_connections_per_client=3, http_frame_ancestors="'none'"))
    assert (options.header_timeout, options.body_timeout) == (5, 7)
    assert (options.connections_per_client, options.frame_ancestors) == (3, "'none'")
