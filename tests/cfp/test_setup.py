"""Organisers setting up the call: settings, questions and late-submission codes, and their events."""

import datetime as dt

import pytest
from django.utils import timezone

from cfp.services.setup import cfp_settings_update, late_code_create, question_save
from events.models import OutboxEvent
from tests.factories.cfp import CfpSettingsFactory

pytestmark = pytest.mark.django_db


def test_settings_update_emits_changed_fields(conference, organiser):
    cfp_settings_update(conference=conference, by=organiser, max_submissions_per_speaker=2, intro="Welcome")

    event = OutboxEvent.objects.get()
    assert event.type == "summit.cfp.settings.updated.v1"
    assert event.data["changed_fields"] == ["intro", "max_submissions_per_speaker"]


def test_settings_update_without_change_emits_nothing(conference, organiser):
    CfpSettingsFactory(conference=conference, intro="Welcome")

    cfp_settings_update(conference=conference, by=organiser, intro="Welcome")

    assert OutboxEvent.objects.count() == 0


def test_question_save_new_then_edit_emits_created_then_updated(conference, organiser, track, event_types):
    question = question_save(conference=conference, by=organiser, text="Given before?", kind="boolean")

    question_save(conference=conference, by=organiser, question=question, text="Given it before?", tracks=[track])

    assert event_types() == ["summit.cfp.question.created.v1", "summit.cfp.question.updated.v1"]
    assert OutboxEvent.objects.last().data["track_ids"] == [track.pk]


def test_late_code_create_keeps_the_code_out_of_the_event(conference, organiser):
    code = late_code_create(conference=conference, by=organiser, valid_until=timezone.now() + dt.timedelta(days=2))

    event = OutboxEvent.objects.get()
    assert event.type == "summit.cfp.late_access_code.created.v1"
    assert code.code not in str(event.data)
