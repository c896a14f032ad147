"""How a delivery is signed, and how a receiver checks it.

`Summit-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, with one `v1` per secret in
use (two for a day after a rotation). A receiver recomputes the HMAC over the raw body with its
secret, compares in constant time with any `v1`, and refuses a `t` older than a few minutes, so a
captured delivery cannot be replayed later.
"""

import hashlib
import hmac
import secrets
import time
from collections.abc import Iterable

HEADER = "Summit-Signature"
SCHEME = "v1"
SECRET_PREFIX = "whsec_"
TOLERANCE_SECONDS = 300


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    message = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def header_value(secrets_in_use: Iterable[str], body: bytes, *, timestamp: int | None = None) -> str:
    moment = int(time.time()) if timestamp is None else timestamp
    parts = [f"t={moment}", *(f"{SCHEME}={signature(secret, moment, body)}" for secret in secrets_in_use if secret)]
    return ",".join(parts)


def verify(
    secret: str, header: str, body: bytes, *, tolerance: int = TOLERANCE_SECONDS, now: float | None = None
) -> bool:
    """What a receiver runs: True when one signature matches and the timestamp is recent."""
    fields = [part.split("=", 1) for part in header.split(",") if "=" in part]
    stamps = [value for name, value in fields if name == "t"]
    if len(stamps) != 1 or not stamps[0].isdigit():
        return False
    moment = int(stamps[0])
    if abs((time.time() if now is None else now) - moment) > tolerance:
        return False
    expected = signature(secret, moment, body)
    return any(hmac.compare_digest(expected, value) for name, value in fields if name == SCHEME)
