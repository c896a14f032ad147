import pytest
from django.core.exceptions import ValidationError

from webhooks.addresses import check_url


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://93.184.215.14/hook", "must start with https://"),
        ("ftp://93.184.215.14/hook", "must start with https://"),
        ("https://user:pw@93.184.215.14/hook", "user name or password"),
        ("https://127.0.0.1/hook", "private or local address"),
        ("https://10.1.2.3/hook", "private or local address"),
        ("https://192.168.0.10:8443/hook", "private or local address"),
        ("https://169.254.169.254/latest/meta-data", "private or local address"),
        ("https://[::1]/hook", "private or local address"),
        ("https://localhost/hook", "private or local address"),
        ("https://no-such-host.invalid/hook", "could not be resolved"),
        ("https:///hook", "has no host name"),
    ],
)
def test_a_url_that_is_not_https_to_a_public_address_is_refused(url, message):
    with pytest.raises(ValidationError) as refused:
        check_url(url)
    assert message in refused.value.messages[0]


def test_https_to_a_public_address_passes():
    check_url("https://93.184.215.14:8443/hooks/summit")


def test_development_may_allow_http_on_loopback(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    check_url("http://127.0.0.1:8001/hook")
