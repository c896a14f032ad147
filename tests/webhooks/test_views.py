import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories.webhooks import WebhookDeliveryFactory, WebhookEndpointFactory
from webhooks.models import WebhookDelivery, WebhookEndpoint

pytestmark = pytest.mark.django_db
PUBLIC_URL = "https://93.184.215.14/hooks/summit"


def test_an_organiser_adds_an_endpoint_and_sees_its_secret_once(client_for, organiser, conference):
    client = client_for(organiser)
    url = reverse("webhooks:list", args=[conference.slug])

    response = client.post(url, {"name": "Video team", "url": PUBLIC_URL, "event_types": ["summit.schedule.*"]})

    endpoint = WebhookEndpoint.objects.get()
    assertContains(response, endpoint.secret)
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    page = client.get(url)
    assertContains(page, "Video team")
    assertNotContains(page, endpoint.secret)
    assertNotContains(client.get(reverse("webhooks:detail", args=[conference.slug, endpoint.pk])), endpoint.secret)


def test_a_refused_url_re_renders_the_form_with_what_was_typed(client_for, organiser, conference):
    response = client_for(organiser).post(
        reverse("webhooks:list", args=[conference.slug]),
        {"name": "Internal", "url": "https://10.0.0.5/hook", "event_types": ["*"]},
    )

    assert response.status_code == 400
    assertContains(response, "private or local address", status_code=400)
    assertContains(response, 'value="Internal"', status_code=400)
    assertContains(response, "https://10.0.0.5/hook", status_code=400)
    assert not WebhookEndpoint.objects.exists()


def test_the_delivery_log_lists_attempts_and_sends_again(client_for, organiser, conference):
    delivery = WebhookDeliveryFactory(
        endpoint__conference=conference, state=WebhookDelivery.State.PARKED, attempts=19, last_status_code=503
    )
    client = client_for(organiser)
    detail = reverse("webhooks:detail", args=[conference.slug, delivery.endpoint_id])

    page = client.get(detail, {"state": "parked"})
    assertContains(page, "HTTP 503")
    assertContains(page, delivery.event.type)

    response = client.post(reverse("webhooks:resend", args=[conference.slug, delivery.endpoint_id, delivery.pk]))
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.state == WebhookDelivery.State.PENDING


def test_the_log_page_does_a_constant_number_of_queries(client_for, organiser, conference, django_assert_num_queries):
    endpoint = WebhookEndpointFactory(conference=conference)
    client = client_for(organiser)
    detail = reverse("webhooks:detail", args=[conference.slug, endpoint.pk])
    WebhookDeliveryFactory.create_batch(3, endpoint=endpoint)
    client.get(detail)  # warm the session and the conference's role cache
    with CaptureQueriesContext(connection) as few:
        client.get(detail)
    WebhookDeliveryFactory.create_batch(60, endpoint=endpoint)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(detail)
    assertContains(response, "Older deliveries")


def test_rotating_and_deleting_ask_for_confirmation_first(client_for, organiser, conference):
    endpoint = WebhookEndpointFactory(conference=conference)
    client = client_for(organiser)
    rotate = reverse("webhooks:rotate", args=[conference.slug, endpoint.pk])
    delete = reverse("webhooks:delete", args=[conference.slug, endpoint.pk])

    assertContains(client.post(rotate), "new signing secret")
    endpoint.refresh_from_db()
    old = endpoint.secret
    response = client.post(rotate, {"confirmed": "yes"})
    endpoint.refresh_from_db()
    assert endpoint.secret != old and endpoint.previous_secret == old
    assertContains(response, endpoint.secret)

    assertContains(client.post(delete), "Delete the webhook")
    assert WebhookEndpoint.objects.exists()
    client.post(delete, {"confirmed": "yes"})
    assert not WebhookEndpoint.objects.exists()


def test_another_conferences_endpoint_is_not_found(client_for, organiser, conference, other_conference):
    theirs = WebhookEndpointFactory(conference=other_conference)

    response = client_for(organiser).get(reverse("webhooks:detail", args=[conference.slug, theirs.pk]))

    assert response.status_code == 404


def test_site_admins_manage_endpoints_for_every_conference(client_for, site_admin, organiser):
    url = reverse("webhooks:site-list")

    assert client_for(organiser).get(url).status_code == 403
    response = client_for(site_admin).post(url, {"name": "Analytics", "url": PUBLIC_URL, "event_types": ["*"]})

    assert WebhookEndpoint.objects.get().conference is None
    assertContains(response, WebhookEndpoint.objects.get().secret)


def test_the_endpoint_list_does_a_constant_number_of_queries(
    client_for, organiser, conference, django_assert_num_queries
):
    client = client_for(organiser)
    url = reverse("webhooks:list", args=[conference.slug])
    WebhookDeliveryFactory(endpoint__conference=conference)
    client.get(url)  # warm the session and the conference's role cache
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(5):
        WebhookDeliveryFactory.create_batch(3, endpoint=WebhookEndpointFactory(conference=conference))
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.count(b"delivered \xc2\xb7") == 6
