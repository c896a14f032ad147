"""REST API for a conference's webhooks: endpoints, their secret rotation and delivery log, and
"send again". Organisers (and site administrators) only, reads included: an endpoint's URL and log
are the organisers' business. Writes go through the same services as the back office."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from common.access import conference_permission_required
from webhooks import selectors, services
from webhooks.models import WebhookDelivery, WebhookEndpoint
from webhooks.serializers import CreatedEndpointSerializer, DeliverySerializer, EndpointSerializer, SecretSerializer


@conference_permission_required("webhooks.manage_webhooks")
class EndpointViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = EndpointSerializer
    permission_classes = [permissions.IsAuthenticated]
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[WebhookEndpoint]:
        if getattr(self, "swagger_fake_view", False):
            return WebhookEndpoint.objects.none()
        return WebhookEndpoint.objects.filter(conference=self.get_conference()).select_related("conference")

    @extend_schema(responses={201: CreatedEndpointSerializer})
    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = EndpointSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        # A refusal of the service (a private address, say) is a Django ValidationError, which the
        # API's exception handler answers as field errors.
        endpoint, secret = services.endpoint_create(
            conference=self.get_conference(),
            name=data["name"],
            url=data["url"],
            event_types=data["event_types"],
            by=request.user,
        )
        if not data["is_active"]:
            endpoint = services.endpoint_update(endpoint=endpoint, by=request.user, **(data | {"is_active": False}))
        endpoint.secret = secret
        return Response(CreatedEndpointSerializer(endpoint).data, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer) -> None:
        endpoint = serializer.instance
        current = {
            "name": endpoint.name,
            "url": endpoint.url,
            "event_types": endpoint.event_types,
            "is_active": endpoint.is_active,
        }
        serializer.instance = services.endpoint_update(
            endpoint=endpoint, by=self.request.user, **(current | serializer.validated_data)
        )

    def perform_destroy(self, instance: WebhookEndpoint) -> None:
        services.endpoint_delete(endpoint=instance, by=self.request.user)

    @extend_schema(request=None, responses={200: SecretSerializer})
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request: Request, *args, **kwargs) -> Response:
        endpoint, secret = services.endpoint_rotate_secret(endpoint=self.get_object(), by=request.user)
        body = {"secret": secret, "previous_secret_expires_at": endpoint.previous_secret_expires_at}
        return Response(SecretSerializer(body).data)

    @extend_schema(responses={200: DeliverySerializer(many=True)})
    @action(detail=True, methods=["get"], serializer_class=DeliverySerializer)
    def deliveries(self, request: Request, *args, **kwargs) -> Response:
        """The endpoint's deliveries, newest first."""
        log = WebhookDelivery.objects.filter(endpoint=self.get_object()).select_related("event").order_by("-id")
        page = self.paginate_queryset(log)
        return self.get_paginated_response(DeliverySerializer(page, many=True).data)

    @extend_schema(request=None, responses={200: DeliverySerializer})
    @action(detail=True, methods=["post"], url_path=r"deliveries/(?P<delivery_id>\d+)/resend")
    def resend(self, request: Request, *args, delivery_id: str, **kwargs) -> Response:
        """Send one delivery again, at once, with a new day of retries."""
        endpoint = self.get_object()
        delivery = selectors.delivery_of(endpoint, int(delivery_id))
        if delivery is None:
            raise NotFound
        delivery = services.delivery_resend(delivery=delivery, by=request.user)
        return Response(DeliverySerializer(delivery).data)
