"""A rate mistyped in the environment is reported by `manage.py check` (run on every start), not by
the first request it would fail."""

from django.conf import settings
from django.core import checks

from common.attempts import parse_rate


@checks.register(checks.Tags.security)
def rates_parse(app_configs, **kwargs) -> list[checks.Error]:
    rates = {
        **{f"API throttle {scope}": rate for scope, rate in settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].items()},
        **{f"attempt limit {scope}": rate for scope, rate in settings.ATTEMPT_LIMITS.items()},
        **{
            f"sign-in limit {part.strip()}": "/".join(part.strip().split("/")[:2])
            for part in (settings.ACCOUNT_RATE_LIMITS.get("login_failed") or "").split(",")
            if part.strip()
        },
    }
    errors = []
    for name, rate in rates.items():
        try:
            parse_rate(rate)
        except ValueError as error:
            errors.append(checks.Error(f"The {name} is not a rate: {error}", id="common.E001"))
    return errors
