"""Who may read /metrics: a bearer token (METRICS_TOKEN) or an address in METRICS_ALLOWED_NETWORKS.

The metrics name every view and count the outbox; they are not for the public. Behind a reverse
proxy REMOTE_ADDR is the proxy's address, so list networks only where Summit sees scrapers' own
addresses; the token works everywhere.
"""

import hmac
import ipaddress

from django.conf import settings


def metrics_refusal(request) -> str:
    """Empty when the request may read the metrics; otherwise why not (for the 403's body)."""
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return ""
    if _address_allowed(request.META.get("REMOTE_ADDR", "")):
        return ""
    if not token and not settings.METRICS_ALLOWED_NETWORKS:
        return "Metrics are off: set METRICS_TOKEN or METRICS_ALLOWED_NETWORKS.\n"
    return "Metrics need a valid bearer token or an allowed address.\n"


def _address_allowed(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(network, strict=False) for network in settings.METRICS_ALLOWED_NETWORKS)
