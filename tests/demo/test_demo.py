"""The default demo, built once for the module (`seeded_demo`): what it holds, that a second run
changes nothing, that its people can sign in, the review's and the programme's data, and the
benchmark size on top of it. The demo's steps on their own are in test_steps.py."""

import re
from collections import Counter
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from cfp.models import Submission
from conference.models import Conference
from demo.cfp import LONDON_ROOMS, OPEN_CFP_SLUG
from demo.conference import DEMO_SLUG, DEMO_USERS, SIZES
from demo.review import seed_past_conference
from demo.schedule import LEFT_UNSCHEDULED
from demo.slides_media import seed_published_media
from events.models import OutboxEvent
from review.models import Assignment, Bid, Clarification, Notification, PassCode, Review, ScoreCategory
from schedule.models import ScheduleRelease, ScheduleSlot
from schedule.selectors import unscheduled_talks
from slides.models import Status, TalkSlides, TalkVideo
from tests.factories import EmailAddressFactory
from tests.factories.cfp import SubmissionFactory

# Each pytest-xdist worker that runs some of these tests builds the demo once for its share of them.
pytestmark = pytest.mark.django_db


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    """Rows of every table (users, conferences, lists, roles, outbox, ...), by model."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.fixture
def demo(seeded_demo) -> Conference:
    return Conference.objects.get(slug=DEMO_SLUG)


def test_seed_demo_twice_changes_nothing(demo):
    first = row_counts()

    seed()

    assert row_counts() == first


def test_seed_demo_builds_the_four_tracks(demo):
    conference = Conference.objects.get(slug=DEMO_SLUG)

    assert list(conference.tracks.values_list("name", flat=True)) == [
        "Core",
        "Event Driven",
        "Stream Processing",
        "Use Case",
    ]


def test_seed_demo_builds_six_rooms_one_plenary(demo):
    rooms = Conference.objects.get(slug=DEMO_SLUG).rooms

    assert rooms.count() == 6
    assert list(rooms.filter(is_plenary=True).values_list("name", flat=True)) == ["Grand Ballroom"]


def test_london_2027_has_its_own_venues_rooms(demo):
    london = set(Conference.objects.get(slug=OPEN_CFP_SLUG).rooms.values_list("name", flat=True))
    san_francisco = set(Conference.objects.get(slug=DEMO_SLUG).rooms.values_list("name", flat=True))

    assert london == {name for name, _capacity, _plenary in LONDON_ROOMS}
    assert london & san_francisco == set()


def test_demo_titles_and_abstracts_look_written_by_people(demo):
    texts = list(Submission.objects.values_list("title", "abstract"))

    assert [title for title, abstract in texts if re.search(r"#\d|Proposal \d", title + abstract)] == []
    assert len({title for title, _abstract in texts}) == len(texts)


def test_seed_demo_builds_the_submission_types(demo):
    types = Conference.objects.get(slug=DEMO_SLUG).submission_types

    assert list(types.values_list("name", "duration_minutes")) == [
        ("Talk", 40),
        ("Lightning talk", 10),
        ("Keynote", 45),
        ("Workshop", 90),
    ]


def test_seed_demo_gives_each_demo_user_their_role(demo):
    conference = Conference.objects.get(slug=DEMO_SLUG)

    roles = set(conference.roles.exclude(user__email__endswith="@bench.summit.test").values_list("user__email", "role"))

    assert roles == {(user.email, user.role) for user in DEMO_USERS if user.role}


def test_seed_demo_emits_events_through_the_services(demo):
    types = set(
        OutboxEvent.objects.filter(type__regex=r"^summit\.(accounts|conference)\.").values_list("type", flat=True)
    )

    assert types == {
        "summit.accounts.user.registered.v1",
        "summit.accounts.speaker_profile.updated.v1",
        "summit.conference.conference.created.v1",
        "summit.conference.identity.changed.v1",
        "summit.conference.track.created.v1",
        "summit.conference.room.created.v1",
        "summit.conference.submission_type.created.v1",
        "summit.conference.level.created.v1",
        "summit.conference.role.granted.v1",
    }


@pytest.mark.parametrize("email", [user.email for user in DEMO_USERS])
def test_seed_demo_user_signs_in_with_the_printed_password(client, seeded_demo, email):
    password = re.search(r"password for all: (\S+)\)", seeded_demo).group(1)

    assert client.login(email=email, password=password) is True
    client.logout()
    response = client.post(reverse("account_login"), {"login": email, "password": password})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(email=email).pk)


def test_seed_demo_gives_the_2019_conference_its_proposals(demo):
    proposals = Submission.objects.filter(conference__slug=DEMO_SLUG)

    assert proposals.exclude(state=Submission.State.DRAFT).count() == SIZES["small"].submissions
    assert proposals.values("speaker_links__user").distinct().count() == SIZES["small"].speakers


def test_seed_demo_tops_up_the_default_set_to_kafka_summit_size_without_repeating_titles(demo):
    seed("--size", "kafka-summit")

    proposals = Submission.objects.filter(conference__slug=DEMO_SLUG)
    assert proposals.count() == SIZES["kafka-summit"].submissions
    assert proposals.values("title").distinct().count() == SIZES["kafka-summit"].submissions


def test_demo_open_conference_gives_the_reviewer_work(demo):
    london = Conference.objects.get(slug=OPEN_CFP_SLUG)

    assert ScoreCategory.objects.filter(conference=london).count() == 3
    assert Assignment.objects.filter(reviewer__email="reviewer@summit.test", submission__conference=london).count() == 1
    assert Clarification.objects.filter(submission__conference=london, answered_at__isnull=True).count() == 1


def test_demo_past_conference_decides_a_full_programme(demo):
    states = Counter(Submission.objects.filter(conference=demo).values_list("state", flat=True))

    # 160 proposals in the default demo: 120 accepted (some confirmed, some declined), 20 waitlisted.
    assert states[Submission.State.ACCEPTED] + states[Submission.State.CONFIRMED] + states["declined"] == 120
    assert states[Submission.State.WAITLISTED] == 20
    assert states[Submission.State.REJECTED] == 20
    assert Review.objects.filter(submission__conference=demo).count() > 160


def test_demo_past_conference_scales_to_the_proposals(demo):
    Submission.objects.filter(conference=demo).delete()
    organiser = demo.roles.get(role="organiser").user
    track, kind, level = demo.tracks.first(), demo.submission_types.first(), demo.levels.first()
    for _ in range(60):
        SubmissionFactory(
            conference=demo, track=track, submission_type=kind, level=level, speakers=[EmailAddressFactory().user]
        )

    seed_past_conference(organiser)
    counts = {"reviews": Review.objects.count(), "bids": Bid.objects.count(), "codes": PassCode.objects.count()}
    seed_past_conference(organiser)

    states = Counter(Submission.objects.filter(conference=demo).values_list("state", flat=True))
    assert states == {"confirmed": 42, "accepted": 2, "declined": 1, "waitlisted": 7, "rejected": 8}
    # Reviews come from assignments; a reviewer may pass on a proposal they bid "not interested" on.
    assert 50 < counts["reviews"] <= Assignment.objects.filter(submission__conference=demo).count()
    assert counts["bids"] > 0
    assert counts == {"reviews": Review.objects.count(), "bids": Bid.objects.count(), "codes": PassCode.objects.count()}
    assert Notification.objects.filter(conference=demo, status="sent").count() == 60
    assert PassCode.objects.filter(kind="pass").count() == 45


def test_demo_builds_and_releases_the_programme(demo):
    accepted = Submission.objects.filter(conference=demo, state__in=["accepted", "confirmed"]).count()

    slots = ScheduleSlot.objects.filter(conference=demo)
    assert slots.filter(kind="keynote", room=None).count() == 3
    assert slots.filter(kind="lunch").count() == 3 and slots.filter(kind="social").count() == 1
    assert slots.filter(submission__isnull=False).count() == accepted - LEFT_UNSCHEDULED > 100
    assert unscheduled_talks(demo).count() == LEFT_UNSCHEDULED
    release = ScheduleRelease.objects.get(conference=demo)
    assert (release.version, len(release.changelog["added"])) == ("v1", accepted - LEFT_UNSCHEDULED)

    call_command("seed_demo", stdout=None)

    assert ScheduleRelease.objects.count() == 1
    assert ScheduleSlot.objects.count() == slots.count()


def test_demo_publishes_most_of_2019s_decks_and_videos(demo, demo_decks, client):
    talks = TalkSlides.objects.filter(submission__conference=demo)
    published = talks.filter(status=Status.PUBLISHED)
    assert published.count() > 0.8 * talks.count() > 80
    assert talks.filter(publish_opt_out=True, status=Status.FINAL_IN).count() == talks.count() - published.count()
    assert TalkVideo.objects.filter(submission__conference=demo).count() > 0.8 * talks.count()
    code = published.first().submission.code
    deck = client.get(f"/{demo.slug}/talks/{code}/slides.pdf")
    assert deck.status_code == 200 and b"".join(deck.streaming_content).startswith(b"%PDF-")
    assert f"/{demo.slug}/talks/{code}/slides.pdf" in client.get(f"/{demo.slug}/talks/{code}/").content.decode()

    assert seed_published_media(demo) == {"published": 0, "videos": 0}
