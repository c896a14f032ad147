import pytest

from events.models import OutboxEvent
from tests.factories.webhooks import WebhookDeliveryFactory, WebhookEndpointFactory
from webhooks.models import WebhookDelivery, WebhookEndpoint

pytestmark = pytest.mark.django_db
PUBLIC_URL = "https://93.184.215.14/hooks/summit"


def _list(conference) -> str:
    return f"/api/conferences/{conference.slug}/webhooks/"


def test_an_organiser_creates_an_endpoint_and_gets_the_secret_in_that_answer_only(organiser_api, conference):
    response = organiser_api.post(
        _list(conference), {"name": "Video", "url": PUBLIC_URL, "event_types": ["summit.schedule.*"]}, format="json"
    )

    assert response.status_code == 201
    body = response.json()
    endpoint = WebhookEndpoint.objects.get()
    assert body["secret"] == endpoint.secret and body["event_types"] == ["summit.schedule.*"]
    listed = organiser_api.get(_list(conference)).json()["results"]
    assert [item["name"] for item in listed] == ["Video"] and "secret" not in listed[0]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "X", "url": "http://93.184.215.14/", "event_types": ["*"]}, "url"),
        ({"name": "X", "url": "https://192.168.1.4/", "event_types": ["*"]}, "url"),
        ({"name": "X", "url": PUBLIC_URL, "event_types": []}, "event_types"),
        ({"name": "X", "url": PUBLIC_URL, "event_types": ["summit.nope.*"]}, "event_types"),
    ],
)
def test_bad_input_answers_json_field_errors_and_saves_nothing(organiser_api, conference, payload, field):
    response = organiser_api.post(_list(conference), payload, format="json")

    assert response.status_code == 400
    assert response.json()["error"] == "invalid" and field in response.json()["fields"]
    assert not WebhookEndpoint.objects.exists() and not OutboxEvent.objects.exists()


def test_rotate_update_log_and_resend(organiser_api, conference):
    delivery = WebhookDeliveryFactory(
        endpoint__conference=conference, endpoint__url=PUBLIC_URL, state=WebhookDelivery.State.PARKED
    )
    endpoint = delivery.endpoint
    item = f"{_list(conference)}{endpoint.pk}/"

    rotated = organiser_api.post(f"{item}rotate-secret/").json()
    endpoint.refresh_from_db()
    assert rotated["secret"] == endpoint.secret and endpoint.previous_secret

    patched = organiser_api.patch(item, {"is_active": False}, format="json")
    assert patched.status_code == 200 and patched.json()["is_active"] is False

    log = organiser_api.get(f"{item}deliveries/").json()["results"]
    assert [entry["state"] for entry in log] == ["parked"]
    resent = organiser_api.post(f"{item}deliveries/{delivery.pk}/resend/")
    assert resent.status_code == 200 and resent.json()["state"] == "pending"

    assert organiser_api.delete(item).status_code == 204
    assert not WebhookEndpoint.objects.exists()


def test_reviewers_and_other_conferences_organisers_are_refused(api_client_for, reviewer, other_organiser, conference):
    endpoint = WebhookEndpointFactory(conference=conference)

    assert api_client_for(reviewer).get(_list(conference)).status_code == 403
    assert api_client_for(other_organiser).get(f"{_list(conference)}{endpoint.pk}/").status_code == 403
