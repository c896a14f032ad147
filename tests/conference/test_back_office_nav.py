"""The back office's sidebar: every stage's links on every back-office page, the page marked as the
current one, and a page reached from a link (one track, one submission) marking that link's section."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from conference.back_office_nav import BACK_OFFICE_NAV
from tests.factories import TrackFactory
from tests.factories.cfp import SubmissionFactory

pytestmark = pytest.mark.django_db


def sidebar_link(url: str, label: str, current: str | None = None) -> str:
    marked = f' aria-current="{current}"' if current else ""
    return f'<li><a href="{url}"{marked}>{label}</a></li>'


def test_sidebar_groups_the_links_by_stage(organiser_client, conference):
    response = organiser_client.get(reverse("conference:dashboard", args=[conference.slug]))

    assertContains(response, '<nav class="sidebar-nav collapsible" id="back-office-nav" aria-label="Back office">')
    stages = [str(group.label) for group in BACK_OFFICE_NAV]
    assert stages == [
        "Setup",
        "Call for papers",
        "Review",
        "Schedule",
        "Office hours",
        "Slides",
        "Communication",
        "Events",
    ]
    for stage in stages:
        assertContains(response, f">{stage}</p>")
    for group in BACK_OFFICE_NAV:
        for link in group.links:
            assertContains(response, f'href="{link.url(conference.slug)}"')


def test_sidebar_marks_the_current_page(organiser_client, conference):
    submissions = reverse("cfp-manage:submissions", args=[conference.slug])

    response = organiser_client.get(submissions)

    assertContains(response, sidebar_link(submissions, "Submissions", "page"), html=True)
    dashboard = reverse("conference:dashboard", args=[conference.slug])
    assertContains(response, sidebar_link(dashboard, "Overview"), html=True)
    assertContains(response, 'aria-current="page"', count=1)


def test_sidebar_marks_the_section_of_a_page_within_it(organiser_client, conference):
    submission = SubmissionFactory(conference=conference)

    response = organiser_client.get(reverse("cfp-manage:submission", args=[conference.slug, submission.code]))

    submissions = reverse("cfp-manage:submissions", args=[conference.slug])
    assertContains(response, sidebar_link(submissions, "Submissions", "true"), html=True)
    assertNotContains(response, 'aria-current="page"')


def test_sidebar_tells_catalogue_kinds_apart(organiser_client, conference):
    track = TrackFactory(conference=conference)

    response = organiser_client.get(reverse("conference:catalogue-edit", args=[conference.slug, "tracks", track.pk]))

    tracks = reverse("conference:catalogue", args=[conference.slug, "tracks"])
    rooms = reverse("conference:catalogue", args=[conference.slug, "rooms"])
    assertContains(response, sidebar_link(tracks, "Tracks", "true"), html=True)
    assertContains(response, sidebar_link(rooms, "Rooms"), html=True)
