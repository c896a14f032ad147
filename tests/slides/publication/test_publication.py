"""Publication rules: the talk's end plus the delay or the organiser's time, opt-out, events, and
the public download that exists only once a deck is published."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from events.models import OutboxEvent
from slides.models import PublicMediaGeneration, SlidesSettings, Status, TalkSlides
from slides.services.publication import publish_due, set_opt_out, set_publish_at

pytestmark = pytest.mark.django_db


def events_of(code: str) -> list[str]:
    return list(OutboxEvent.objects.filter(subject=f"slides/{code}").order_by("id").values_list("type", flat=True))


def test_publish_due_waits_for_the_talk_end_plus_the_delay(conference, talks, final, at):
    talk = talks[0]  # 09:30–10:10
    SlidesSettings.objects.create(conference=conference, publish_delay_minutes=30)
    version = final(talk)

    assert publish_due(now=at(0, "10:39")) == 0
    assert publish_due(now=at(0, "10:40")) == 1

    record = TalkSlides.objects.get(submission=talk)
    assert (record.status, record.published_version, record.published_at) == (Status.PUBLISHED, version, at(0, "10:40"))
    assert events_of(talk.code) == ["summit.slides.deck.published.v1"]
    assert PublicMediaGeneration.objects.get(conference=conference).value == 1


def test_publish_due_takes_the_latest_final_and_ignores_drafts(talks, final, at):
    talk = talks[0]
    final(talk)
    latest = final(talk)
    final(talks[1], kind="draft")

    assert publish_due(now=at(1, "09:00")) == 1

    assert TalkSlides.objects.get(submission=talk).published_version == latest
    assert TalkSlides.objects.get(submission=talks[1]).status == Status.DRAFT_IN


def test_publish_due_runs_once(talks, final, at):
    final(talks[0])
    publish_due(now=at(1, "09:00"))

    assert publish_due(now=at(1, "10:00")) == 0
    assert events_of(talks[0].code) == ["summit.slides.deck.published.v1"]


def test_organiser_time_replaces_the_talk_end(organiser, talks, final, at):
    talk = talks[0]
    final(talk)
    set_publish_at(submission=talk, publish_at=at(1, "08:00"), by=organiser)

    assert publish_due(now=at(0, "23:00")) == 0
    assert publish_due(now=at(1, "08:00")) == 1
    assert events_of(talk.code) == ["summit.slides.publication.changed.v1", "summit.slides.deck.published.v1"]


def test_organiser_time_in_the_past_publishes_at_once(organiser, talks, final, at):
    final(talks[0])

    set_publish_at(submission=talks[0], publish_at=at(-3000, "08:00"), by=organiser)

    assert TalkSlides.objects.get(submission=talks[0]).status == Status.PUBLISHED


def test_opt_out_blocks_publication(speaker, talks, final, at):
    talk = talks[1]  # Ada's
    final(talk)

    set_opt_out(submission=talk, user=speaker, opt_out=True)

    assert publish_due(now=at(1, "09:00")) == 0
    record = TalkSlides.objects.get(submission=talk)
    assert record.publish_opt_out and record.status == Status.FINAL_IN
    assert events_of(talk.code) == ["summit.slides.publication.changed.v1"]


def test_opt_out_withdraws_a_published_deck(organiser, speaker, talks, final, at, conference):
    talk = talks[1]
    final(talk)
    set_publish_at(submission=talk, publish_at=at(-3000, "08:00"), by=organiser)

    set_opt_out(submission=talk, user=speaker, opt_out=True)

    record = TalkSlides.objects.get(submission=talk)
    assert (record.status, record.published_at, record.published_version) == (Status.FINAL_IN, None, None)
    assert events_of(talk.code)[-2:] == ["summit.slides.publication.changed.v1", "summit.slides.deck.unpublished.v1"]
    unpublished = OutboxEvent.objects.filter(type="summit.slides.deck.unpublished.v1").get()
    assert unpublished.data["reason"] == "opt_out"
    assert PublicMediaGeneration.objects.get(conference=conference).value == 2


def test_opt_out_by_another_speaker_is_refused(other_speaker, talks):
    with pytest.raises(PermissionDenied):
        set_opt_out(submission=talks[1], user=other_speaker, opt_out=True)

    assert not TalkSlides.objects.filter(submission=talks[1], publish_opt_out=True).exists()


def test_moving_publication_later_withdraws_the_deck(organiser, talks, final, at):
    final(talks[0])
    set_publish_at(submission=talks[0], publish_at=at(-3000, "08:00"), by=organiser)

    set_publish_at(submission=talks[0], publish_at=at(400, "08:00"), by=organiser)

    assert TalkSlides.objects.get(submission=talks[0]).status == Status.FINAL_IN
    assert OutboxEvent.objects.filter(type="summit.slides.deck.unpublished.v1").get().data["reason"] == "publish_at"


def test_talk_without_final_is_not_published(talks, final, at):
    final(talks[0], kind="draft")

    assert publish_due(now=at(1, "09:00") + dt.timedelta(days=30)) == 0
