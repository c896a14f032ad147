"""The two deadlines of a talk's slides, computed, never stored (extensions excepted).

The draft is due at the conference's `slides_draft_deadline`. The final is due at
`slides_final_time` (conference time) `slides_final_days_before` days before the day the talk is
scheduled; a talk not scheduled yet falls back to the fixed `SlidesSettings.final_deadline_unscheduled`.
An organiser's extension for one talk replaces either. Uploads lock when the talk starts: from then
on the deck is what was shown.
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from conference.models import Conference
from slides.models import Kind, SlidesSettings, TalkSlides


@dataclass(frozen=True)
class Deadlines:
    draft: dt.datetime | None
    final: dt.datetime | None
    # Uploads are refused from this moment (the talk's start); None while the talk is unscheduled.
    locks_at: dt.datetime | None
    talk_starts_at: dt.datetime | None
    talk_ends_at: dt.datetime | None

    def due(self, kind: str) -> dt.datetime | None:
        return self.draft if kind == Kind.DRAFT else self.final

    def is_locked(self, now: dt.datetime) -> bool:
        return self.locks_at is not None and now >= self.locks_at


def final_due_for_start(conference: Conference, starts_at: dt.datetime) -> dt.datetime:
    """18:00 (by default) the day before the talk's day, both read in the conference's time zone."""
    tz = ZoneInfo(conference.timezone)
    talk_day = starts_at.astimezone(tz).date()
    due_day = talk_day - dt.timedelta(days=conference.slides_final_days_before)
    return dt.datetime.combine(due_day, conference.slides_final_time, tzinfo=tz)


def compute(
    conference: Conference,
    slides_settings: SlidesSettings,
    talk_slides: TalkSlides | None,
    slot_starts_at: dt.datetime | None,
    slot_ends_at: dt.datetime | None,
) -> Deadlines:
    """All inputs are passed in, so lists of talks compute their deadlines without a query each."""
    draft = conference.slides_draft_deadline
    if slot_starts_at is not None:
        final = final_due_for_start(conference, slot_starts_at)
    else:
        final = slides_settings.final_deadline_unscheduled
    if talk_slides is not None:
        draft = talk_slides.draft_due_extended_to or draft
        final = talk_slides.final_due_extended_to or final
    return Deadlines(
        draft=draft, final=final, locks_at=slot_starts_at, talk_starts_at=slot_starts_at, talk_ends_at=slot_ends_at
    )
