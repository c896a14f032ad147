"""Late-submission codes are secrets a speaker types in, so each refused one is a guess, counted per
address and per account (`common.attempts`, `ATTEMPT_LIMITS["late_code"]`). Past the limit no code
is looked at, right or wrong, until the window closes."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError

from common import attempts

SCOPE = "late_code"
# The services' refusal of a code that is not usable (unknown, expired or used up).
REFUSED_CODE = "cfp_closed"


def wait_before_trying(request, late_code: str) -> int | None:
    """Seconds this client must wait before its `late_code` is looked at; None when it may be now."""
    return attempts.wait_before_next(request, SCOPE) if late_code else None


def count_refused(request, late_code: str) -> None:
    if late_code:
        attempts.count_wrong(request, SCOPE)


@contextmanager
def counting_refusal(request, late_code: str) -> Iterator[None]:
    """Counts the services' refusal of `late_code` as a wrong guess, and lets it through."""
    try:
        yield
    except ValidationError as error:
        if getattr(error, "code", None) == REFUSED_CODE:
            count_refused(request, late_code)
        raise
