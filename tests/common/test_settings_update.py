"""The one pattern for a conference's settings: reads never write, the update service creates the
row, saves only the changed allowed fields and names them in its event."""

import pytest

from cfp.models import CfpSettings
from cfp.selectors import cfp_settings_for
from cfp.services.setup import cfp_settings_update
from events.models import OutboxEvent
from office_hours import windows
from office_hours.models import OfficeHoursSettings
from review.models import ReviewSettings
from review.selectors import review_settings_for
from review.services.setup import review_settings_update

pytestmark = pytest.mark.django_db


def test_reading_settings_of_a_conference_without_a_row_writes_nothing(conference):
    CfpSettings.objects.filter(conference=conference).delete()
    ReviewSettings.objects.filter(conference=conference).delete()
    OfficeHoursSettings.objects.filter(conference=conference).delete()

    read = [cfp_settings_for(conference), review_settings_for(conference), windows.settings_of(conference)]

    assert [row.pk for row in read] == [None, None, None]
    assert (CfpSettings.objects.count(), ReviewSettings.objects.count(), OfficeHoursSettings.objects.count()) == (
        0,
        0,
        0,
    )


def test_the_update_service_creates_the_row_and_names_the_changed_fields(conference, organiser):
    CfpSettings.objects.filter(conference=conference).delete()

    cfp_settings_update(conference=conference, by=organiser, max_submissions_per_hour=7, intro="Welcome", name="x")

    assert CfpSettings.objects.get(conference=conference).max_submissions_per_hour == 7
    event = OutboxEvent.objects.get(type="summit.cfp.settings.updated.v1")
    assert event.subject == f"conference/{conference.slug}"
    assert event.data["changed_fields"] == ["intro", "max_submissions_per_hour"]  # `name` is not allowed


def test_an_update_without_changes_emits_nothing(conference, organiser):
    current = review_settings_for(conference)

    review_settings_update(conference=conference, by=organiser, anonymous=current.anonymous)

    assert not OutboxEvent.objects.filter(type="summit.review.settings.updated.v1").exists()
