"""Reads for the webhook pages: endpoints with their counts, and a delivery log page."""

from django.db.models import Count, Q, QuerySet

from conference.models import Conference
from webhooks.models import WebhookDelivery, WebhookEndpoint

LOG_PAGE_SIZE = 50
State = WebhookDelivery.State


def endpoints_of(conference: Conference | None) -> QuerySet[WebhookEndpoint]:
    """A conference's endpoints, or the site-wide ones, each with its deliveries counted by state."""
    return WebhookEndpoint.objects.filter(conference=conference).annotate(
        pending_count=Count("deliveries", filter=Q(deliveries__state=State.PENDING)),
        parked_count=Count("deliveries", filter=Q(deliveries__state=State.PARKED)),
        delivered_count=Count("deliveries", filter=Q(deliveries__state=State.DELIVERED)),
    )


def endpoint_of(conference: Conference | None, pk: int) -> WebhookEndpoint | None:
    return endpoints_of(conference).select_related("conference").filter(pk=pk).first()


def delivery_log(endpoint: WebhookEndpoint, *, state: str = "", before: int | None = None) -> list[WebhookDelivery]:
    """The newest deliveries (keyset by id: `before` is the last id of the previous page)."""
    deliveries = WebhookDelivery.objects.filter(endpoint=endpoint).select_related("event")
    if state in State.values:
        deliveries = deliveries.filter(state=state)
    if before:
        deliveries = deliveries.filter(id__lt=before)
    return list(deliveries.order_by("-id")[:LOG_PAGE_SIZE])


def delivery_of(endpoint: WebhookEndpoint, pk: int) -> WebhookDelivery | None:
    return WebhookDelivery.objects.filter(endpoint=endpoint, pk=pk).select_related("event").first()
