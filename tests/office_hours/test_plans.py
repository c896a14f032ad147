"""What a mentor may ask for when publishing: every refusal names the field and publishes nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from office_hours.models import Slot
from office_hours.services.slots import MAX_WEEKS, SlotPlan, plan_times
from tests.office_hours.conftest import PARIS

pytestmark = pytest.mark.django_db

DAY = dt.date(2027, 3, 2)


def plan(**overrides) -> SlotPlan:
    fields = {
        "kind": "office_hours",
        "first_date": DAY,
        "start_time": dt.time(17),
        "end_time": dt.time(19),
        "duration_minutes": 20,
        "room": "Room 1",
    } | overrides
    return SlotPlan(**fields)


def errors_of(bad: SlotPlan) -> dict:
    with pytest.raises(ValidationError) as error:
        plan_times(bad, PARIS)
    return error.value.message_dict


def test_plan_slots_keep_wall_clock_time_across_daylight_saving():
    times = plan_times(plan(until=DAY + dt.timedelta(weeks=4), end_time=dt.time(17, 20)), PARIS)

    assert [start.astimezone(PARIS).time() for start, _ in times] == [dt.time(17)] * 5
    assert times[0][0].hour == 16 and times[-1][0].hour == 15  # CET in March, CEST from the 28th


def test_plan_too_short_slot_is_refused():
    assert errors_of(plan(duration_minutes=3)) == {"duration_minutes": ["A slot lasts at least 5 minutes."]}


def test_plan_until_before_first_date_is_refused():
    assert errors_of(plan(until=DAY - dt.timedelta(days=1))) == {"until": ["The last date cannot be before the first."]}


def test_plan_too_many_weeks_is_refused():
    assert errors_of(plan(until=DAY + dt.timedelta(weeks=MAX_WEEKS + 1))) == {
        "until": [f"Publish at most {MAX_WEEKS} weeks at a time."]
    }


def test_plan_where_no_slot_fits_is_refused():
    assert errors_of(plan(end_time=dt.time(17, 10))) == {
        "duration_minutes": ["No slot of this length fits between the start and the end."]
    }


def test_plan_with_too_many_slots_is_refused():
    with pytest.raises(ValidationError, match="publish at most 200"):
        plan_times(plan(start_time=dt.time(0), end_time=dt.time(23, 59), duration_minutes=5), PARIS)


def test_publish_when_window_has_no_end_is_refused(publish, conference):
    conference.cfp_closes_at = None
    conference.cfp_opens_at = None
    conference.save()

    with pytest.raises(ValidationError, match="not set the dates of office hours"):
        publish()
    assert Slot.objects.count() == 0
