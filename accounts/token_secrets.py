"""What an API token looks like, and the one-way digest that is all the database keeps of it.

A token is `smt_<prefix>_<secret>`: the prefix (12 hex digits) is public and finds the row, the
secret (43 URL-safe characters, 256 bits) is known only to its holder. Keys of DRF's former token
table (40 hex digits, carried over by migration accounts 0004) are still accepted: their first
12 digits are their prefix. The digest covers the whole token, prefix included."""

import hashlib
import hmac
import secrets

SCHEME = "smt"
PREFIX_LENGTH = 12
SECRET_BYTES = 32
LEGACY_KEY_LENGTH = 40


def new_token() -> tuple[str, str]:
    """A fresh (prefix, token)."""
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    return prefix, f"{SCHEME}_{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}"


def prefix_of(token: str) -> str | None:
    """The public part by which `token` is looked up; None when it cannot be a token at all."""
    scheme, _, rest = token.partition("_")
    if scheme == SCHEME:
        prefix, _, secret = rest.partition("_")
        return prefix if len(prefix) == PREFIX_LENGTH and secret else None
    if len(token) == LEGACY_KEY_LENGTH and all(character in "0123456789abcdef" for character in token):
        return token[:PREFIX_LENGTH]
    return None


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def matches(token: str, stored_digest: str) -> bool:
    """Whether `token` is the one `stored_digest` was made from, in time independent of where they differ."""
    return hmac.compare_digest(digest(token), stored_digest)
