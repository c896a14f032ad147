"""When each kind of session may be published and booked, and who counts as a first-time speaker."""

import datetime as dt
from datetime import datetime

from django.db.models import Q

from accounts.models import SpeakerProfile
from cfp.models import Submission
from conference.models import Conference
from office_hours.models import Kind, OfficeHoursSettings, Slot

ACCEPTED_STATES = (Submission.State.ACCEPTED, Submission.State.CONFIRMED)


def settings_of(conference: Conference) -> OfficeHoursSettings:
    """The saved settings, or the defaults (unsaved: reading never writes; the update service creates
    the row). Kept on the conference for the rest of the request."""
    found = getattr(conference, "_office_hours_settings", None)
    if found is None:
        found = OfficeHoursSettings.objects.filter(conference=conference).first()
        found = found or OfficeHoursSettings(conference=conference)
        remember_settings(conference, found)
    return found


def remember_settings(conference: Conference, found: OfficeHoursSettings) -> None:
    """Keep the settings on this conference instance, so later reads in the request skip the query."""
    vars(conference)["_office_hours_settings"] = found


def conference_starts_at(conference: Conference) -> datetime:
    return datetime.combine(conference.start_date, dt.time.min, tzinfo=conference.tzinfo)


def window(conference: Conference, kind: str) -> tuple[datetime | None, datetime | None] | None:
    """(from, until) for the kind, None when the organisers have not enabled it. Office hours default
    to the call for papers; rehearsals end when the conference starts."""
    oh = settings_of(conference)
    if kind == Kind.OFFICE_HOURS:
        if not oh.office_hours_enabled:
            return None
        return (
            oh.office_hours_opens_at or conference.cfp_opens_at,
            oh.office_hours_closes_at or conference.cfp_closes_at,
        )
    if not oh.rehearsals_enabled:
        return None
    return (oh.rehearsals_opens_at, oh.rehearsals_closes_at or conference_starts_at(conference))


def is_open(conference: Conference, kind: str, now: datetime) -> bool:
    found = window(conference, kind)
    if found is None or found[1] is None:
        return False
    opens, closes = found
    return (opens is None or opens <= now) and now < closes


def enabled_kinds(conference: Conference) -> list[str]:
    return [kind for kind in Kind.values if window(conference, kind) is not None]


def is_first_time_speaker(user, conference: Conference | None = None) -> bool:
    """Said so in their profile, or has never had a talk accepted here."""
    if SpeakerProfile.objects.filter(user=user, is_first_time_speaker=True).exists():
        return True
    return not Submission.objects.filter(speaker_links__user=user, state__in=ACCEPTED_STATES).exists()


def is_accepted_speaker(user, conference: Conference) -> bool:
    return Submission.objects.filter(
        Q(speaker_links__user=user), conference=conference, state__in=ACCEPTED_STATES
    ).exists()


def may_book_in_priority(slot: Slot, user, now: datetime) -> bool:
    return now >= slot.open_to_all_at or is_first_time_speaker(user, slot.conference)
