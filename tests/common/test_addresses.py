"""Whose address a request is: the socket's, or what the configured proxies say, never a header the
client may write itself."""

import pytest
from django.test import RequestFactory

from common.addresses import address_key, client_address


def request(remote: str = "192.0.2.10", **headers: str):
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


def test_without_proxies_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT, settings.TRUSTED_CLIENT_IP_HEADER = 0, ""

    assert client_address(request(HTTP_X_FORWARDED_FOR="203.0.113.1")) == "192.0.2.10"


@pytest.mark.parametrize(
    ("count", "forwarded", "address"),
    [
        (1, "203.0.113.1", "203.0.113.1"),
        (1, "198.51.100.66, 203.0.113.1", "203.0.113.1"),  # what the client wrote comes first
        (2, "198.51.100.66, 203.0.113.1, 10.0.0.1", "203.0.113.1"),
        (2, "203.0.113.1", "203.0.113.1"),
        (1, "not-an-address", "192.0.2.10"),
        (1, "", "192.0.2.10"),
    ],
)
def test_behind_proxies_the_entry_they_added_is_the_client(settings, count, forwarded, address):
    settings.TRUSTED_PROXY_COUNT, settings.TRUSTED_CLIENT_IP_HEADER = count, ""

    assert client_address(request(HTTP_X_FORWARDED_FOR=forwarded)) == address


def test_a_trusted_header_is_the_only_source_when_set(settings):
    settings.TRUSTED_PROXY_COUNT, settings.TRUSTED_CLIENT_IP_HEADER = 1, "X-Real-IP"

    assert client_address(request(HTTP_X_REAL_IP="203.0.113.5", HTTP_X_FORWARDED_FOR="198.51.100.1")) == "203.0.113.5"
    assert client_address(request(HTTP_X_FORWARDED_FOR="198.51.100.1")) == "192.0.2.10"


def test_ipv6_clients_are_counted_by_their_64(settings):
    settings.TRUSTED_PROXY_COUNT, settings.TRUSTED_CLIENT_IP_HEADER = 0, ""
    same_64 = [address_key(request("2001:db8:1:2:aaaa::1")), address_key(request("2001:db8:1:2:bbbb::9"))]

    assert same_64 == ["2001:db8:1:2::", "2001:db8:1:2::"]
    assert address_key(request("2001:db8:1:3::1")) == "2001:db8:1:3::"
    assert address_key(request("::ffff:203.0.113.7")) == "203.0.113.7"
