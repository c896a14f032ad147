"""The client's address, as the deployment's trusted proxies report it, for counting attempts.

`X-Forwarded-For` is read only as far as `TRUSTED_PROXY_COUNT` proxies of our own wrote it (the
entry the outermost of them added); a client may put anything before that. A deployment whose proxy
sets a header of its own (`X-Real-IP`, `CF-Connecting-IP`) names it in `TRUSTED_CLIENT_IP_HEADER`,
and then only that header counts. With neither, the address is the socket's (`REMOTE_ADDR`)."""

import ipaddress

from django.conf import settings

# An IPv6 client usually holds a whole /64: counting per address would give it 2**64 fresh counters.
IPV6_PREFIX = 64


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    header = getattr(settings, "TRUSTED_CLIENT_IP_HEADER", "")
    if header:
        candidate = request.headers.get(header, "")
    else:
        count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
        forwarded = [entry.strip() for entry in request.headers.get("X-Forwarded-For", "").split(",")]
        forwarded = [entry for entry in forwarded if entry]
        candidate = forwarded[-min(count, len(forwarded))] if count and forwarded else remote
    return _valid(candidate) or _valid(remote) or "unknown"


def address_key(request) -> str:
    """What attempts from one client are counted under: its address, or its /64 for IPv6."""
    address = client_address(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv4Address):
        return str(parsed)
    if parsed.ipv4_mapped is not None:  # "::ffff:203.0.113.7" is that IPv4 client
        return str(parsed.ipv4_mapped)
    return str(ipaddress.IPv6Network(f"{parsed}/{IPV6_PREFIX}", strict=False).network_address)


def _valid(candidate: str) -> str:
    candidate = candidate.strip()
    if candidate.startswith("[") and "]" in candidate:  # "[2001:db8::1]:443"
        candidate = candidate[1 : candidate.index("]")]
    elif candidate.count(":") == 1:  # "203.0.113.7:51234"
        candidate = candidate.split(":")[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return ""
