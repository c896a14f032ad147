"""Free speaker passes and discount codes for the ticketing system: random, unique, single-use."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cfp.models import Submission
from conference.models import Conference
from events.services import emit
from review.models import PassCode


class CodeAlreadyRedeemed(ValidationError):
    pass


def _data(code: PassCode) -> dict:
    return {
        "conference": code.conference.slug,
        "pass_code_id": code.pk,
        "kind": code.kind,
        "discount_percent": code.discount_percent,
        "speaker_id": code.speaker_id,
        "submission": code.submission.code,
    }


@transaction.atomic
def pass_code_issue(*, submission: Submission, speaker, kind: str, discount_percent: int = 100, by) -> PassCode:
    """The speaker's code of that kind for the conference; made once, then the same one is returned."""
    existing = PassCode.objects.filter(conference=submission.conference, speaker=speaker, kind=kind).first()
    if existing is not None:
        return existing
    for _attempt in range(5):
        try:
            with transaction.atomic():
                code = PassCode.objects.create(
                    conference=submission.conference,
                    speaker=speaker,
                    submission=submission,
                    kind=kind,
                    discount_percent=100 if kind == PassCode.Kind.PASS else discount_percent,
                )
            break
        except IntegrityError:
            # A random collision (or a concurrent issue for the same speaker): look again, then retry.
            existing = PassCode.objects.filter(conference=submission.conference, speaker=speaker, kind=kind).first()
            if existing is not None:
                return existing
    else:  # pragma: no cover - five collisions in a 31**16 space do not happen
        raise RuntimeError("could not generate a unique pass code")
    # The code itself is a bearer credential: it stays out of the event.
    emit(
        "summit.review.pass_code.issued.v1",
        subject=f"pass_code/{code.pk}",
        data=_data(code),
        conference_slug=submission.conference.slug,
        actor=by,
    )
    return code


@transaction.atomic
def pass_code_redeem(*, conference: Conference, code: str, reference: str = "", by) -> PassCode:
    """Marks the code used, atomically: of two simultaneous redemptions exactly one succeeds."""
    code = code.strip().upper()
    claimed = PassCode.objects.filter(conference=conference, code=code, redeemed_at__isnull=True).update(
        redeemed_at=timezone.now(), redeemed_reference=reference[:100]
    )
    pass_code = (
        PassCode.objects.select_related("conference", "submission").filter(conference=conference, code=code).first()
    )
    if pass_code is None:
        raise PassCode.DoesNotExist
    if not claimed:
        assert pass_code.redeemed_at is not None  # the claim only fails on a redeemed code
        raise CodeAlreadyRedeemed(
            _("This code was already used on %(when)s.") % {"when": pass_code.redeemed_at.isoformat()},
            code="already_redeemed",
        )
    emit(
        "summit.review.pass_code.redeemed.v1",
        subject=f"pass_code/{pass_code.pk}",
        data=_data(pass_code) | {"reference": pass_code.redeemed_reference},
        conference_slug=conference.slug,
        actor=by,
    )
    return pass_code
