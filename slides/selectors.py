"""Reads for slides. Lists compute deadlines from prefetched rows: a constant number of queries."""

from conference.models import Conference
from slides.models import SlidesSettings


def settings_for(conference: Conference) -> SlidesSettings:
    """The conference's slide rules; defaults (unsaved) until an organiser changes them."""
    try:
        return conference.slides_settings
    except SlidesSettings.DoesNotExist:
        return SlidesSettings(conference=conference)
