"""The organisers' slide pages: dashboard, settings with slide reviewers, a talk's deadlines. Each
has its denied cases; bad input re-renders the form with what was typed and a clear message; every
change emits its event."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import OutboxEvent
from slides.models import DeadlineExtension, SlideReviewer, SlidesSettings, Status, TalkSlides
from slides.services.lateness import talk_flag_late
from tests.factories import ConferenceRoleFactory, SlideReviewerFactory, TrackFactory, UserFactory
from tests.factories.cfp import SubmissionFactory
from tests.slides.deadlines.helpers import DRAFT_DUE, london, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _events_checked(events_are_valid):
    """Every event written is checked against its schema and CloudEvents."""


def url(name: str, conference, *args) -> str:
    return reverse(f"slides-manage:{name}", args=[conference.slug, *args])


def events(event_type: str) -> list[OutboxEvent]:
    return list(OutboxEvent.objects.filter(type=f"summit.slides.{event_type}.v1").order_by("id"))


def test_dashboard_counts_statuses_and_lists_late_talks_and_extensions(organiser_client, conference, talk, track):
    upload(SubmissionFactory(conference=conference, track=track, state="accepted", title="Drafted"), "draft")
    SubmissionFactory(conference=conference, track=track, state="rejected", title="Rejected one")
    talk_flag_late(submission=talk, now=DRAFT_DUE + dt.timedelta(minutes=1))

    response = organiser_client.get(url("dashboard", conference))

    assert response.status_code == 200
    board = response.context["board"]
    statuses = [value for value, _label in board.statuses]
    assert board.per_track == [("Stream processing", [int(s in ("draft_in", "late")) for s in statuses], 2)]
    assert [label for label, _counts, _total in board.per_day] == ["2030-09-30", "Not scheduled yet"]
    assert [row.submission.title for row in board.late] == ["Exactly-once in practice"]
    assert "Rejected one" not in response.content.decode()
    assert b"<svg" in response.content
    assert "Ada Lovelace, Béatrice Durand" in response.content.decode()


def test_dashboard_charts_the_uploads_of_each_track_with_a_table(organiser_client, conference, talk, track):
    other = TrackFactory(conference=conference, name="Operations", position=track.position + 1)
    upload(talk, "draft", uploaded_at=london(9, 10, 12))
    upload(talk, "final", uploaded_at=london(9, 12, 12))
    operations_talk = SubmissionFactory(conference=conference, track=other, state="accepted")
    upload(operations_talk, "draft", uploaded_at=london(9, 12, 9))

    response = organiser_client.get(url("dashboard", conference))

    assert response.context["board"].track_uploads == [
        ("Stream processing", [(dt.date(2030, 9, 10), 1, 0), (dt.date(2030, 9, 12), 0, 1)]),
        ("Operations", [(dt.date(2030, 9, 12), 1, 0)]),
    ]
    overall = response.context["chart"]
    shared = {(chart.first, chart.last, chart.top) for _name, _days, chart in response.context["track_charts"]}
    assert shared == {(overall.first, overall.last, overall.top)}
    page = response.content.decode()
    assert page.count("<svg") == 3
    assert "Slide uploads per day in Operations" in page
    table = page.split("<caption>Uploads per track and day</caption>")[1].split("</table>")[0]
    assert [table.count(f'<th scope="row">{name}</th>') for name in ("Stream processing", "Operations")] == [2, 1]


def test_dashboard_with_one_track_has_no_per_track_charts(organiser_client, conference, talk):
    upload(talk, "draft", uploaded_at=london(9, 10, 12))

    response = organiser_client.get(url("dashboard", conference))

    assert response.context["track_charts"] == []
    assert response.content.decode().count("<svg") == 1


@pytest.mark.parametrize("who", ["reviewer", "mentor", "other_organiser", "outsider"])
def test_dashboard_and_settings_are_for_organisers(client_for, person, conference, who):
    client = client_for(person(who))

    assert client.get(url("dashboard", conference)).status_code == 403
    assert client.get(url("settings", conference)).status_code == 403
    assert client.post(url("reviewer-appoint", conference), {"email": "x@summit.test"}).status_code == 403


def test_anonymous_is_sent_to_sign_in(client_for, conference, talk):
    for page in (url("dashboard", conference), url("settings", conference), url("talk", conference, talk.code)):
        response = client_for(None).get(page)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_site_admin_sees_the_dashboard(client_for, site_admin, conference):
    assert client_for(site_admin).get(url("dashboard", conference)).status_code == 200


def test_organiser_extends_a_late_talk_and_it_is_no_longer_late(organiser_client, conference, talk):
    TalkSlides.objects.create(submission=talk, status=Status.LATE, late_since=timezone.now() - dt.timedelta(days=1))
    # A draft deadline that has passed, so the extension is what lifts the flag.
    conference.slides_draft_deadline = timezone.now() - dt.timedelta(days=1)
    conference.save(update_fields=["slides_draft_deadline"])
    until = (timezone.now() + dt.timedelta(days=3)).astimezone(conference.tzinfo).replace(second=0, microsecond=0)
    page = url("talk", conference, talk.code)

    response = organiser_client.post(
        page, {"kind": "draft", "until": until.strftime("%Y-%m-%dT%H:%M"), "reason": "Visa trouble"}, follow=True
    )

    assert response.redirect_chain == [(page, 302)]
    assert "The deadline is extended." in response.content.decode()
    record = TalkSlides.objects.get(submission=talk)
    assert (record.draft_due_extended_to, record.status) == (until, Status.MISSING)
    assert list(DeadlineExtension.objects.values_list("reason", flat=True)) == ["Visa trouble"]
    assert [event.data["reason"] for event in events("deadline.extended")] == ["Visa trouble"]
    assert "Visa trouble" in response.content.decode()


def test_extension_in_the_past_is_refused_and_keeps_the_input(organiser_client, conference, talk):
    response = organiser_client.post(
        url("talk", conference, talk.code), {"kind": "final", "until": "2020-01-01T10:00", "reason": "Late flight"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"until": ["The new deadline must be in the future."]}
    content = response.content.decode()
    assert 'value="2020-01-01T10:00"' in content and 'value="Late flight"' in content
    assert not DeadlineExtension.objects.exists()
    assert events("deadline.extended") == []


def test_extension_after_the_talk_starts_is_refused(organiser_client, conference, talk):
    response = organiser_client.post(url("talk", conference, talk.code), {"kind": "final", "until": "2030-09-30T11:00"})

    assert response.context["form"].errors["until"][0].startswith("Uploads lock when the talk starts, ")
    assert not DeadlineExtension.objects.exists()


@pytest.mark.parametrize("who", ["reviewer", "other_organiser", "outsider", "ada"])
def test_talk_deadlines_are_forbidden_to_everyone_else(client_for, person, conference, talk, who):
    client = client_for(person(who))
    page = url("talk", conference, talk.code)

    assert client.get(page).status_code == 403
    assert client.post(page, {"kind": "final", "until": "2030-09-20T10:00"}).status_code == 403
    assert not DeadlineExtension.objects.exists()


@pytest.mark.parametrize("who", ["other_organiser", "outsider", "ada"])
def test_talk_deadlines_of_a_private_conference_are_not_found(client_for, person, conference, talk, who):
    conference.is_public = False
    conference.save()
    client = client_for(person(who))
    page = url("talk", conference, talk.code)

    assert client.get(page).status_code == 404
    assert client.post(page, {"kind": "final", "until": "2030-09-20T10:00"}).status_code == 404
    assert not DeadlineExtension.objects.exists()


def test_conflicted_slide_reviewer_cannot_extend(client_for, conference, talk, ada):
    SlideReviewerFactory(conference=conference, user=ada)

    assert client_for(ada).get(url("talk", conference, talk.code)).status_code == 403


def test_talk_not_accepted_or_of_another_conference_is_404(organiser_client, conference, other_conference, track):
    rejected = SubmissionFactory(conference=conference, track=track, state="rejected")
    elsewhere = SubmissionFactory(conference=other_conference, state="accepted")

    assert organiser_client.get(url("talk", conference, rejected.code)).status_code == 404
    assert organiser_client.get(url("talk", conference, elsewhere.code)).status_code == 404
    assert organiser_client.get(url("talk", conference, "ZZZZZZZZ")).status_code == 404


def test_settings_are_saved_with_their_event(organiser_client, conference, organiser):
    data = {
        "max_size_mb": "40",
        "max_pages": "200",
        "final_deadline_unscheduled": "2030-09-28T18:00",
        "reminder_days": "2, 7,0",
        "track_reviewers_review_slides": "on",
        "publish_delay_minutes": "30",
    }

    response = organiser_client.post(url("settings", conference), data, follow=True)

    assert "The slides settings are saved." in response.content.decode()
    saved = SlidesSettings.objects.get(conference=conference)
    assert (saved.max_size_mb, saved.reminder_days, saved.publish_delay_minutes) == (40, "7,2,0", 30)
    assert saved.final_deadline_unscheduled == london(9, 28, 18)
    (event,) = events("settings.updated")
    assert event.data == {
        "conference": conference.slug,
        "changed_fields": ["final_deadline_unscheduled", "max_pages", "max_size_mb", "publish_delay_minutes"],
    }
    assert event.actor


def test_settings_unchanged_emit_nothing(organiser_client, conference):
    data = {
        "max_size_mb": "50",
        "max_pages": "300",
        "reminder_days": "7,2,0",
        "track_reviewers_review_slides": "on",
        "publish_delay_minutes": "0",
    }

    organiser_client.post(url("settings", conference), data)

    assert events("settings.updated") == []


@pytest.mark.parametrize(
    ("reminder_days", "message"),
    [
        ("seven, two", "Write whole numbers of days separated by commas, for example 7,2,0."),
        ("7,90", "Each reminder is between 0 (the day itself) and 60 days before."),
    ],
)
def test_bad_reminder_days_re_render_with_the_input(organiser_client, conference, reminder_days, message):
    data = {"max_size_mb": "50", "max_pages": "0", "reminder_days": reminder_days, "publish_delay_minutes": "0"}

    response = organiser_client.post(url("settings", conference), data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["reminder_days"] == [message]
    assert "max_pages" in errors
    assert f'value="{reminder_days}"' in response.content.decode()
    assert not SlidesSettings.objects.exists()


def test_organiser_appoints_a_slide_reviewer_for_a_track_then_removes_them(organiser_client, conference, track, mentor):
    other_track = TrackFactory(conference=conference, name="Core")

    response = organiser_client.post(
        url("reviewer-appoint", conference), {"email": mentor.email.upper(), "tracks": [track.pk]}, follow=True
    )

    reviewer = SlideReviewer.objects.get()
    assert (reviewer.user, list(reviewer.tracks.all())) == (mentor, [track])
    assert "reviews slides now." in response.content.decode()
    assert events("reviewer.appointed")[0].data == {
        "conference": conference.slug,
        "slide_reviewer_id": reviewer.pk,
        "user_id": mentor.pk,
        "track_ids": [track.pk],
    }
    assert events("reviewer.appointed")[0].subject == f"slide_reviewer/{reviewer.pk}"

    organiser_client.post(url("reviewer-appoint", conference), {"email": mentor.email, "tracks": [other_track.pk]})
    assert list(SlideReviewer.objects.get().tracks.all()) == [other_track]

    response = organiser_client.post(url("reviewer-remove", conference, reviewer.pk), follow=True)
    assert "no longer reviews slides." in response.content.decode()
    assert not SlideReviewer.objects.exists()
    assert events("reviewer.removed")[0].data == {
        "conference": conference.slug,
        "slide_reviewer_id": reviewer.pk,
        "user_id": mentor.pk,
    }


def test_appointing_an_unknown_address_re_renders_with_the_input(organiser_client, conference):
    response = organiser_client.post(url("reviewer-appoint", conference), {"email": "nobody@summit.test"})

    assert response.status_code == 200
    assert response.context["reviewer_form"].errors == {
        "email": ["No one has an account with this e-mail address yet: ask them to sign up first."]
    }
    assert 'value="nobody@summit.test"' in response.content.decode()
    assert not SlideReviewer.objects.exists()


def test_another_conferences_slide_reviewer_cannot_be_removed(organiser_client, conference, other_conference):
    elsewhere = SlideReviewerFactory(conference=other_conference)

    assert organiser_client.post(url("reviewer-remove", conference, elsewhere.pk)).status_code == 404
    assert organiser_client.get(url("reviewer-remove", conference, elsewhere.pk)).status_code == 405
    assert SlideReviewer.objects.filter(pk=elsewhere.pk).exists()


def test_organiser_of_another_conference_cannot_appoint_or_remove(client_for, other_organiser, conference):
    reviewer = SlideReviewerFactory(conference=conference, user=ConferenceRoleFactory(conference=conference).user)

    client = client_for(other_organiser)
    assert client.post(url("reviewer-remove", conference, reviewer.pk)).status_code == 403
    assert client.post(url("reviewer-appoint", conference), {"email": UserFactory().email}).status_code == 403
    assert SlideReviewer.objects.count() == 1
