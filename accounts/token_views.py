"""The API tokens section of the profile: make a token (its secret shown once), revoke one.

Without JavaScript, the forms post here and the answer is the tokens page; with htmx, the answer is
the section alone, swapped in place on the profile page (`accounts/api_tokens.html#section`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import selectors
from accounts.forms import ApiTokenForm
from accounts.services import api_token_create, api_token_revoke
from common.views import form_error_from

PAGE = "accounts/api_tokens.html"


def token_section(user, *, form: ApiTokenForm | None = None, **extra) -> dict:
    """What the section needs, for the profile page and for this one; a constant number of queries."""
    form = form or ApiTokenForm(user=user, conferences=selectors.token_conferences(user))
    tokens = list(selectors.api_tokens_of(user))
    return {"api_tokens": tokens, "token_form": form, "now": timezone.now(), **extra}


def _section(request, context: dict):
    response = render(request, f"{PAGE}#section" if request.htmx else PAGE, context)
    add_never_cache_headers(response)  # it may hold a new token's secret
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def api_tokens(request):
    # Tokens belong to the signed-in user alone: no URL names someone else's.
    if request.method != "POST":
        return _section(request, token_section(request.user))
    conferences = selectors.token_conferences(request.user)
    form = ApiTokenForm(request.POST, user=request.user, conferences=conferences)
    if form.is_valid():
        data = form.cleaned_data
        try:
            token, secret = api_token_create(
                user=request.user,
                name=data["name"],
                access=data["access"],
                conference=data["conference"],
                expires_at=data["expires_at"],
            )
        except ValidationError as error:
            form_error_from(form, error, fields={"expires_at": "expires_on"})
        else:
            fresh = ApiTokenForm(user=request.user, conferences=conferences)
            return _section(request, token_section(request.user, form=fresh, created=token, secret=secret))
    return _section(request, token_section(request.user, form=form))


@login_required
@require_POST
def api_token_revoke_view(request, prefix: str):
    token = selectors.api_token_of(request.user, prefix)
    if token is None or not request.user.has_perm("accounts.revoke_api_token", token):
        raise Http404  # someone else's token, or none: the same answer
    api_token_revoke(token=token, by=request.user)
    if request.htmx:
        return _section(request, token_section(request.user, revoked=token))
    messages.success(request, _("The token “%(name)s” is revoked: it no longer works.") % {"name": token.name})
    return redirect("accounts:api-tokens")
