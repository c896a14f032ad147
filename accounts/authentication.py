"""The REST API's token authentication, and the scope each token carries.

A request sends `Authorization: Bearer <token>`; `Token <token>`, DRF's former scheme, is accepted
too, so integrations set up before tokens were made on the profile page keep working. A read-only
token is refused any unsafe method (403). A token limited to one conference is refused (403) any URL
naming another conference, whether it exists or not (so the answer tells nothing about it), and any
write outside a conference URL; the one read outside one, the conference list, shows such a token the
public conferences and its own (conference.api)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions, permissions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from accounts import selectors, services
from accounts.models import ApiToken
from common.access import SLUG_KWARGS

KEYWORDS = (b"bearer", b"token")


class TokenReadOnly(exceptions.PermissionDenied):
    default_detail = _("This token may only read: make a read and write token to change data.")
    default_code = "token_read_only"


class TokenOutOfScope(exceptions.PermissionDenied):
    default_detail = _("This token is limited to another conference.")
    default_code = "token_out_of_scope"


class ApiTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        words = get_authorization_header(request).split()
        if not words or words[0].lower() not in KEYWORDS:
            return None  # another scheme, or none: the session may still authenticate the request
        if len(words) != 2:
            raise exceptions.AuthenticationFailed(_("Send the token as `Authorization: Bearer <token>`."))
        try:
            presented = words[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        now = timezone.now()
        token = selectors.api_token_authenticated(presented, now=now)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        check_scope(request, token)
        services.api_token_touch(token=token, now=now)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


def check_scope(request, token: ApiToken) -> None:
    writing = request.method not in permissions.SAFE_METHODS
    if writing and not token.can_write:
        raise TokenReadOnly
    if token.conference is None:
        return
    kwargs = (getattr(request, "parser_context", None) or {}).get("kwargs") or {}
    slug = next((kwargs[name] for name in SLUG_KWARGS if name in kwargs), None)
    if slug != token.conference.slug and (slug is not None or writing):
        raise TokenOutOfScope


def token_conference_id(request) -> int | None:
    """The one conference the request's token is limited to; None for a token of every conference,
    a session, or no credentials."""
    token = getattr(request, "auth", None)
    return token.conference_id if isinstance(token, ApiToken) else None


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "A token made on your profile page (`/profile/api-tokens/`), sent as "
                "`Authorization: Bearer smt_…`. `Authorization: Token …` is accepted too. A read-only "
                "token answers 403 `token_read_only` to POST, PUT, PATCH and DELETE; a token limited "
                "to one conference answers 403 `token_out_of_scope` on any other conference."
            ),
        }
