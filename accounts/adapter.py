import math

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


class AccountAdapter(DefaultAccountAdapter):
    """Routes allauth's sign-up through our service so the registration emits its event."""

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
