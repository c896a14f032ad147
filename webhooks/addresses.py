"""Where a webhook may point: HTTPS, to a public address.

An endpoint is called from inside Summit's network, so a URL naming a private, loopback or
link-local address (or a host name that resolves to one) would let an organiser probe or call
internal services. The check runs when the URL is saved and again before every POST, since a
host name can be re-pointed after it was saved.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def check_url(url: str) -> None:
    """Raise ValidationError (code `webhook_url`) when a POST to `url` must not be made."""
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed "[" of an IPv6 address
        raise ValidationError(_("This is not a URL."), code="webhook_url") from None
    insecure_allowed = settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES
    if parts.scheme != "https" and not (insecure_allowed and parts.scheme == "http"):
        raise ValidationError(_("A webhook URL must start with https://."), code="webhook_url")
    if parts.username or parts.password:
        raise ValidationError(_("A webhook URL must not contain a user name or password."), code="webhook_url")
    host = parts.hostname
    if not host:
        raise ValidationError(_("The webhook URL has no host name."), code="webhook_url")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        addresses = {str(info[4][0]) for info in socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)}
    except (socket.gaierror, UnicodeError, ValueError):
        raise ValidationError(
            _("The host name “%(host)s” could not be resolved.") % {"host": host}, code="webhook_url"
        ) from None
    if insecure_allowed:
        return
    for address in addresses:
        if not ipaddress.ip_address(address.split("%", 1)[0]).is_global:
            raise ValidationError(
                _("“%(host)s” points at a private or local address (%(address)s); a webhook must be public.")
                % {"host": host, "address": address},
                code="webhook_url",
            )
