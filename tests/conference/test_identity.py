"""A conference's public identity: organisers set readable colours and a tagline, the public pages show
them through a stylesheet (the CSP forbids inline styles), every change is an event."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conference import services
from conference.models import Conference
from conference.validators import contrast_ratio
from events.models import OutboxEvent

pytestmark = pytest.mark.django_db


def test_contrast_ratio_matches_wcag():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_identity_update_saves_bumps_version_and_emits(conference, organiser):
    services.identity_update(conference=conference, by=organiser, primary_colour="#7a1f5c", tagline="Streams, live")

    conference.refresh_from_db()
    assert (conference.primary_colour, conference.tagline, conference.identity_version) == (
        "#7a1f5c",
        "Streams, live",
        1,
    )
    event = OutboxEvent.objects.get()
    assert event.type == "summit.conference.identity.changed.v1"
    assert event.subject == f"conference/{conference.slug}"
    assert event.data["changed_fields"] == ["primary_colour", "tagline"]
    assert event.data["identity_version"] == 1


def test_identity_update_without_change_emits_nothing(conference, organiser):
    services.identity_update(conference=conference, by=organiser, tagline=conference.tagline)

    assert not OutboxEvent.objects.exists()


def test_identity_update_refuses_colour_unreadable_with_white_text(conference, organiser):
    with pytest.raises(ValidationError) as error:
        services.identity_update(conference=conference, by=organiser, primary_colour="#ffe066")

    assert "too low to read" in str(error.value)
    assert Conference.objects.get(pk=conference.pk).primary_colour == ""
    assert not OutboxEvent.objects.exists()


def test_identity_page_saves_and_says_so(organiser_client, conference):
    url = reverse("conference:identity", args=[conference.slug])
    response = organiser_client.post(
        url, {"primary_colour": "#1d4ed8", "accent_colour": "", "tagline": "Hi"}, follow=True
    )

    assert response.status_code == 200
    assert "The identity is saved" in response.content.decode()
    assert Conference.objects.get(pk=conference.pk).primary_colour == "#1d4ed8"


def test_identity_page_refuses_pale_colour_with_a_clear_message(organiser_client, conference):
    url = reverse("conference:identity", args=[conference.slug])
    response = organiser_client.post(url, {"primary_colour": "#f0f0f0", "accent_colour": "nope", "tagline": "Kept"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "too low to read" in page
    assert "Use a hex colour such as #1f6feb." in page
    assert 'value="Kept"' in page
    assert Conference.objects.get(pk=conference.pk).identity_version == 0


def test_identity_page_is_for_organisers_only(client_for, reviewer, conference):
    response = client_for(reviewer).post(
        reverse("conference:identity", args=[conference.slug]), {"primary_colour": "#1d4ed8"}
    )

    assert response.status_code == 403
    assert Conference.objects.get(pk=conference.pk).primary_colour == ""


def test_identity_stylesheet_carries_colours_and_revalidates_by_version(client, conference, organiser):
    services.identity_update(conference=conference, by=organiser, primary_colour="#1d4ed8", accent_colour="#b42318")
    url = reverse("public:identity-css", args=[conference.slug])

    response = client.get(url)

    assert response["Content-Type"].startswith("text/css")
    assert "--brand: #1d4ed8;" in response.content.decode()
    assert "--brand-accent: #b42318;" in response.content.decode()
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    services.identity_update(conference=conference, by=organiser, primary_colour="#7a1f5c")
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 200


def test_identity_stylesheet_of_private_conference_is_not_found(client, conference):
    Conference.objects.filter(pk=conference.pk).update(is_public=False)

    assert client.get(reverse("public:identity-css", args=[conference.slug])).status_code == 404


def test_public_home_shows_hero_with_tagline_and_links_the_stylesheet(client, conference, organiser):
    services.identity_update(conference=conference, by=organiser, tagline="Where streams meet")

    page = client.get(reverse("public:conference", args=[conference.slug])).content.decode()

    assert 'class="hero"' in page
    assert "Where streams meet" in page
    assert reverse("public:identity-css", args=[conference.slug]) in page


def test_api_shows_identity_read_only(api_client_for, organiser, conference):
    services.identity_update(conference=conference, by=organiser, primary_colour="#1d4ed8")

    data = api_client_for(organiser).get(f"/api/conferences/{conference.slug}/").json()

    assert data["primary_colour"] == "#1d4ed8"
    assert data["identity_version"] == 1
