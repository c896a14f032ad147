import math
from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

from accounts.services import user_register
from common.addresses import client_address
from common.attempts import parse_rate


def sign_in_lockout_seconds() -> int:
    """The longest window of the failed sign-in limits: after it, signing in is allowed again."""
    rates = (settings.ACCOUNT_RATE_LIMITS.get("login_failed") or "").split(",")
    windows = [parse_rate("/".join(rate.strip().split("/")[:2])).seconds for rate in rates if rate.strip()]
    return max(windows, default=0)


@dataclass(frozen=True)
class Site:
    """What allauth's e-mails call the site ("Hello from {{ current_site.name }}!"). Without
    django.contrib.sites allauth would name it after the request's host, "127.0.0.1:8000"."""

    name: str
    domain: str


def summit_site() -> Site:
    return Site(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)


class AccountAdapter(DefaultAccountAdapter):
    """Routes allauth's sign-up through our service so the registration emits its event, and names
    the site in its e-mails by SITE_NAME and SITE_URL."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        # allauth calls the sign-up form's `signup()` only after this save: the name is set here.
        user.name = form.cleaned_data.get("name", "")
        if request is not None and getattr(request, "LANGUAGE_CODE", None):
            user.locale = request.LANGUAGE_CODE
        if commit:
            user_register(user=user)
        return user

    def get_client_ip(self, request) -> str:
        # allauth's limits count per address as the API's throttles do: trusting our proxies only.
        return client_address(request)

    def validation_error(self, code, *args) -> ValidationError:
        if code != "too_many_login_attempts":
            return super().validation_error(code, *args)
        minutes = max(1, math.ceil(sign_in_lockout_seconds() / 60))
        message = ngettext(
            "Too many failed sign-in attempts. Wait %(minutes)d minute, then try again, or reset your password.",
            "Too many failed sign-in attempts. Wait %(minutes)d minutes, then try again, or reset your password.",
            minutes,
        ) % {"minutes": minutes}
        return ValidationError(message, code=code)

    def format_email_subject(self, subject: str) -> str:
        return f"[{settings.SITE_NAME}] {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        super().send_mail(template_prefix, email, {"current_site": summit_site()} | context)
