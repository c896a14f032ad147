"""The API's throttles (REST_FRAMEWORK's DEFAULT_THROTTLE_CLASSES) and what makes them count refusals.

Every call counts against one budget: anonymous calls per client address (`common.addresses`, which
trusts only the configured proxies), signed-in calls per account whatever token or session they
come with; writes and views with a `throttle_scope` have a tighter budget of their own. Rates are
read at each call from DEFAULT_THROTTLE_RATES and accept "N/10m" as well as DRF's "N/min".

DRF checks permissions before throttles, so a call refused for its credentials would never count
and a guesser could go on for ever: `throttle_refusal` (from the API's exception handler) counts it
after the fact. A bad token also counts as a wrong guess against its address (`api_token` in
ATTEMPT_LIMITS); past that limit every call from the address that carries credentials, good ones
included, answers 429, so a lucky guess is not told apart.

Throttling fails open: if the cache (Redis) is unreachable the call goes through with one warning.
"""

from rest_framework import exceptions
from rest_framework.permissions import SAFE_METHODS
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle, ScopedRateThrottle, SimpleRateThrottle

from common import attempts
from common.addresses import address_key

TOKEN_SCOPE = "api_token"
CHECKED = "_summit_throttles_checked"
TOKEN_COUNTED = "_summit_bad_token_counted"
REFUSED_BEFORE_THROTTLES = (exceptions.NotAuthenticated, exceptions.AuthenticationFailed, exceptions.PermissionDenied)


class _FailOpenRateThrottle(SimpleRateThrottle):
    def get_rate(self):
        # Read now, not at import, so a changed setting (a test's, a reload) takes effect.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def parse_rate(self, rate):
        if rate is None:
            return None, None
        parsed = attempts.parse_rate(rate)
        return parsed.amount, parsed.seconds

    def get_ident(self, request):
        return address_key(request)

    def allow_request(self, request, view):
        setattr(request, CHECKED, True)
        if attempts.cache_known_unreachable(request):
            return True
        try:
            return super().allow_request(request, view)
        except attempts.CACHE_ERRORS as error:
            attempts.cache_unreachable(request, error, "API throttling")
            return True


class AnonymousThrottle(_FailOpenRateThrottle):
    scope = "anon"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class AccountThrottle(_FailOpenRateThrottle):
    scope = "user"

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


def _caller(throttle: _FailOpenRateThrottle, request) -> str:
    if request.user and request.user.is_authenticated:
        return f"account-{request.user.pk}"
    return f"address-{throttle.get_ident(request)}"


class WriteThrottle(_FailOpenRateThrottle):
    scope = "write"

    def get_cache_key(self, request, view):
        if request.method in SAFE_METHODS:
            return None
        return self.cache_format % {"scope": self.scope, "ident": _caller(self, request)}


class ViewScopeThrottle(ScopedRateThrottle, _FailOpenRateThrottle):
    """A view's own `throttle_scope`, per account or, anonymously, per address."""

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": _caller(self, request)}


class TokenGuessThrottle(BaseThrottle):
    """Refuses calls with credentials from an address that sent too many bad ones lately."""

    def allow_request(self, request, view):
        setattr(request, CHECKED, True)
        self.seconds = None
        if "HTTP_AUTHORIZATION" not in request.META or getattr(request, TOKEN_COUNTED, False):
            return True
        self.seconds = attempts.wait_before_next(request, TOKEN_SCOPE)
        return self.seconds is None

    def wait(self):
        return self.seconds


def throttle_refusal(exc, context):
    """The exception to answer with: `exc`, or Throttled if counting this refused call used up a budget."""
    request, view = context.get("request"), context.get("view")
    if request is None or view is None or not isinstance(exc, REFUSED_BEFORE_THROTTLES):
        return exc
    if isinstance(exc, exceptions.AuthenticationFailed):
        # The bad token that uses up the limit still answers 401; the next call with credentials waits.
        seconds = attempts.wait_before_next(request, TOKEN_SCOPE)
        if seconds is not None:
            return exceptions.Throttled(seconds)
        attempts.count_wrong(request, TOKEN_SCOPE)
        setattr(request, TOKEN_COUNTED, True)
    if getattr(request, CHECKED, False):
        return exc
    try:
        view.check_throttles(request)
    except exceptions.Throttled as throttled:
        return throttled
    return exc
