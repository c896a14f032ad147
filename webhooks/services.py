"""Writes to webhook endpoints and deliveries; each with its domain event, in one transaction."""

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conference.models import Conference
from events import registry
from events.services import emit
from webhooks import signing
from webhooks.addresses import check_url
from webhooks.delivery import retry_window
from webhooks.models import WebhookDelivery, WebhookEndpoint

# After a rotation the previous secret signs too for this long, so receivers can switch over.
PREVIOUS_SECRET_GRACE = timedelta(hours=24)


def event_type_choices() -> list[str]:
    """What an endpoint may ask for: every type, each domain ("summit.cfp.*"), each type."""
    types = [event_type.name for event_type in registry.all_types()]
    domains = sorted({f"summit.{event_type.domain}.*" for event_type in registry.all_types()})
    return ["*", *domains, *sorted(types)]


def _clean(*, url: str, event_types: list[str]) -> list[str]:
    errors: dict[str, Any] = {}
    try:
        check_url(url)
    except ValidationError as refused:
        errors["url"] = refused.messages
    known = set(event_type_choices())
    unknown = [name for name in event_types if name not in known]
    if not event_types:
        errors["event_types"] = [_("Choose at least one event type.")]
    elif unknown:
        errors["event_types"] = [_("Unknown event types: %(types)s.") % {"types": ", ".join(unknown)}]
    if errors:
        raise ValidationError(errors)
    return sorted(set(event_types))


def _endpoint_data(endpoint: WebhookEndpoint) -> dict[str, Any]:
    return {
        "endpoint_id": endpoint.pk,
        "name": endpoint.name,
        "url": endpoint.url,
        "event_types": endpoint.event_types,
        "is_active": endpoint.is_active,
    }


def _slug(endpoint: WebhookEndpoint) -> str | None:
    return endpoint.conference.slug if endpoint.conference else None


@transaction.atomic
def endpoint_create(
    *, conference: Conference | None, name: str, url: str, event_types: list[str], by: Any
) -> tuple[WebhookEndpoint, str]:
    """Register an endpoint; returns it with its signing secret, which the caller shows once."""
    if conference is None and not (by.is_superuser or by.is_staff):
        raise ValidationError(_("Only site administrators can receive every conference's events."))
    cleaned = _clean(url=url, event_types=event_types)
    endpoint = WebhookEndpoint(
        conference=conference,
        name=name.strip(),
        url=url,
        event_types=cleaned,
        secret=signing.new_secret(),
        created_by=by,
    )
    endpoint.full_clean(exclude=["conference", "created_by", "secret"])
    endpoint.save()
    emit(
        "summit.webhooks.endpoint.created.v1",
        subject=f"webhook_endpoint/{endpoint.pk}",
        data=_endpoint_data(endpoint),
        conference_slug=_slug(endpoint),
        actor=by,
    )
    return endpoint, endpoint.secret


@transaction.atomic
def endpoint_update(
    *, endpoint: WebhookEndpoint, name: str, url: str, event_types: list[str], is_active: bool, by: Any
) -> WebhookEndpoint:
    endpoint = WebhookEndpoint.objects.select_for_update(of=("self",)).select_related("conference").get(pk=endpoint.pk)
    endpoint.name, endpoint.url = name.strip(), url
    endpoint.event_types = _clean(url=url, event_types=event_types)
    if is_active and not endpoint.is_active:
        endpoint.failures_in_a_row, endpoint.retry_after = 0, None  # switched back on: try at once
    endpoint.is_active = is_active
    endpoint.full_clean(exclude=["conference", "created_by", "secret"])
    endpoint.save()
    emit(
        "summit.webhooks.endpoint.updated.v1",
        subject=f"webhook_endpoint/{endpoint.pk}",
        data=_endpoint_data(endpoint),
        conference_slug=_slug(endpoint),
        actor=by,
    )
    return endpoint


@transaction.atomic
def endpoint_rotate_secret(*, endpoint: WebhookEndpoint, by: Any) -> tuple[WebhookEndpoint, str]:
    """A new secret; the old one keeps signing for PREVIOUS_SECRET_GRACE beside it."""
    endpoint = WebhookEndpoint.objects.select_for_update(of=("self",)).select_related("conference").get(pk=endpoint.pk)
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_expires_at = timezone.now() + PREVIOUS_SECRET_GRACE
    endpoint.secret = signing.new_secret()
    endpoint.save(update_fields=["secret", "previous_secret", "previous_secret_expires_at"])
    emit(
        "summit.webhooks.endpoint.secret_rotated.v1",
        subject=f"webhook_endpoint/{endpoint.pk}",
        data={"endpoint_id": endpoint.pk, "previous_secret_expires_at": endpoint.previous_secret_expires_at},
        conference_slug=_slug(endpoint),
        actor=by,
    )
    return endpoint, endpoint.secret


@transaction.atomic
def endpoint_delete(*, endpoint: WebhookEndpoint, by: Any) -> None:
    slug, pk = _slug(endpoint), endpoint.pk
    endpoint.delete()
    emit(
        "summit.webhooks.endpoint.deleted.v1",
        subject=f"webhook_endpoint/{pk}",
        data={"endpoint_id": pk},
        conference_slug=slug,
        actor=by,
    )


@transaction.atomic
def delivery_resend(*, delivery: WebhookDelivery, by: Any) -> WebhookDelivery:
    """Send a delivery again (parked, delivered or waiting): at once, with a new day of retries."""
    delivery = (
        WebhookDelivery.objects.select_for_update(of=("self",))
        .select_related("endpoint__conference", "event")
        .get(pk=delivery.pk)
    )
    now = timezone.now()
    delivery.state = WebhookDelivery.State.PENDING
    delivery.next_attempt_at = now
    delivery.retry_until = now + retry_window()
    delivery.save(update_fields=["state", "next_attempt_at", "retry_until"])
    WebhookEndpoint.objects.filter(pk=delivery.endpoint_id).update(retry_after=None)
    emit(
        "summit.webhooks.delivery.resent.v1",
        subject=f"webhook_endpoint/{delivery.endpoint_id}",
        data={
            "endpoint_id": delivery.endpoint_id,
            "delivery_id": delivery.pk,
            "event_id": str(delivery.event.event_id),
        },
        conference_slug=_slug(delivery.endpoint),
        actor=by,
    )
    return delivery
