"""The demo conference: what it holds, that a second run changes nothing, and that its people can sign in."""

import re
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from accounts.models import SpeakerProfile, User
from cfp.models import Submission
from conference.models import Conference
from demo.conference import DEMO_SLUG, DEMO_USERS, SIZES
from events.models import OutboxEvent

pytestmark = pytest.mark.django_db


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    """Rows of every table (users, conferences, lists, roles, outbox, ...), by model."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.fixture
def demo():
    return seed()


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
        "summit.conference.track.created.v1",
        "summit.conference.room.created.v1",
        "summit.conference.submission_type.created.v1",
        "summit.conference.level.created.v1",
        "summit.conference.role.granted.v1",
    }


@pytest.mark.parametrize("email", [user.email for user in DEMO_USERS])
def test_seed_demo_user_signs_in_with_the_printed_password(client, demo, email):
    password = re.search(r"password for all: (\S+)\)", demo).group(1)

    assert client.login(email=email, password=password) is True
    client.logout()
    response = client.post(reverse("account_login"), {"login": email, "password": password})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(email=email).pk)


def test_seed_demo_kafka_summit_size_adds_speakers_and_reviewers():
    seed("--size", "kafka-summit")

    conference = Conference.objects.get(slug=DEMO_SLUG)
    assert User.objects.filter(email__endswith="@bench.summit.test", email__startswith="speaker").count() == 500
    assert conference.roles.filter(role="reviewer", user__email__endswith="@bench.summit.test").count() == 5
    assert SpeakerProfile.objects.exclude(company="").count() == 501
    assert EmailAddress.objects.filter(verified=True).count() == User.objects.count()


def test_seed_demo_gives_the_2019_conference_its_proposals(demo):
    proposals = Submission.objects.filter(conference__slug=DEMO_SLUG)

    assert proposals.exclude(state=Submission.State.DRAFT).count() == SIZES["small"].submissions
    assert proposals.values("speaker_links__user").distinct().count() == SIZES["small"].speakers


def test_seed_demo_tops_up_the_default_set_to_kafka_summit_size_without_repeating_titles(demo):
    seed("--size", "kafka-summit")

    proposals = Submission.objects.filter(conference__slug=DEMO_SLUG)
    assert proposals.count() == SIZES["kafka-summit"].submissions
    assert proposals.values("title").distinct().count() == SIZES["kafka-summit"].submissions
