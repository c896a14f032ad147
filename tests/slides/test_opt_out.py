"""The portal's opt-out toggle calls the publication service."""

import pytest
from django.urls import reverse

from slides.models import TalkSlides
from tests.factories import TalkSlidesFactory

pytestmark = pytest.mark.django_db


def test_opt_out_toggle_sets_the_talks_choice(client_for, speaker, talk):
    TalkSlidesFactory(submission=talk)

    response = client_for(speaker).post(reverse("slides:opt-out", args=[talk.code]), {"opt_out": "on"})

    assert response.status_code == 302
    assert TalkSlides.objects.get().publish_opt_out is True


@pytest.mark.parametrize("who", ["other_speaker", "organiser"])
def test_opt_out_denied(client_for, person, talk, who):
    response = client_for(person(who)).post(reverse("slides:opt-out", args=[talk.code]), {"opt_out": "on"})

    assert response.status_code == 404
