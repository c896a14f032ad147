"""Reads of accounts: a person's API tokens, the conferences a token may be limited to, and the
token a request presents."""

from datetime import datetime

from django.apps import apps
from django.db.models import QuerySet

from accounts import token_secrets
from accounts.models import ApiToken, User


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    """The person's tokens, newest first, each with its conference: one query however many."""
    return ApiToken.objects.filter(user=user).select_related("conference")


def api_token_of(user: User, prefix: str) -> ApiToken | None:
    return api_tokens_of(user).filter(prefix=prefix).first()


def token_conferences(user: User) -> list:
    """The conferences `user` may limit a token to: those they may see (the conference rule decides).
    The conference model is named, not imported: accounts sits below conference."""
    conference_model = apps.get_model("conference", "Conference")
    conferences = conference_model.objects.order_by("-start_date", "name")
    return [conference for conference in conferences if user.has_perm("conference.view_conference", conference)]


def api_token_authenticated(token: str, *, now: datetime) -> ApiToken | None:
    """The live token `token` is, with its user and conference; None for anything else. One query."""
    prefix = token_secrets.prefix_of(token)
    if prefix is None:
        return None
    found = ApiToken.objects.select_related("user", "conference").filter(prefix=prefix).first()
    if found is None or not token_secrets.matches(token, found.secret_hash):
        return None
    if found.is_expired(now) or not found.user.is_active:
        return None
    return found
