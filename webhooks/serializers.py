from rest_framework import serializers

from webhooks.models import WebhookDelivery, WebhookEndpoint
from webhooks.services import event_type_choices


class EventTypesField(serializers.ListField):
    def __init__(self, **kwargs):
        super().__init__(child=serializers.ChoiceField(choices=event_type_choices()), min_length=1, **kwargs)


class EndpointSerializer(serializers.ModelSerializer):
    url = serializers.CharField(max_length=500, help_text="https:// on the public internet.")
    event_types = EventTypesField(help_text='Exact types, a domain such as "summit.cfp.*", or "*" for every event.')
    is_active = serializers.BooleanField(default=True)

    class Meta:
        model = WebhookEndpoint
        fields = ["id", "name", "url", "event_types", "is_active", "created_at", "failures_in_a_row", "retry_after"]
        read_only_fields = ["id", "created_at", "failures_in_a_row", "retry_after"]


class CreatedEndpointSerializer(EndpointSerializer):
    """The answer to a create: the endpoint with its signing secret, given this once."""

    secret = serializers.CharField(read_only=True, help_text="Shown only in this answer.")

    class Meta(EndpointSerializer.Meta):
        fields = [*EndpointSerializer.Meta.fields, "secret"]


class SecretSerializer(serializers.Serializer):
    secret = serializers.CharField(read_only=True, help_text="The new signing secret, shown only in this answer.")
    previous_secret_expires_at = serializers.DateTimeField(
        read_only=True, help_text="Until then the previous secret signs deliveries too."
    )


class DeliverySerializer(serializers.ModelSerializer):
    event_id = serializers.UUIDField(source="event.event_id", read_only=True)
    event_type = serializers.CharField(source="event.type", read_only=True)
    event_subject = serializers.CharField(source="event.subject", read_only=True)

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "event_id",
            "event_type",
            "event_subject",
            "state",
            "attempts",
            "next_attempt_at",
            "retry_until",
            "created_at",
            "delivered_at",
            "last_status_code",
            "last_error",
        ]
        read_only_fields = fields
