from rest_framework import serializers

from common.serializers import StrictCharField
from schedule.models import ScheduleSlot


class ScheduleSlotSerializer(serializers.ModelSerializer):
    """A slot of the draft programme, for organisers."""

    room = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    submission = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    warnings = serializers.SerializerMethodField()

    class Meta:
        model = ScheduleSlot
        fields = ["id", "guid", "kind", "room", "starts_at", "ends_at", "submission", "title", "warnings"]

    def get_warnings(self, slot) -> list[str]:
        return [conflict.message for conflict in self.context.get("conflicts", {}).get(slot.pk, [])]


class SlotWriteSerializer(serializers.Serializer):
    """Place a talk (`submission`: its code) or a block (`kind` and `title`); no `room` = all rooms."""

    submission = StrictCharField(required=False, max_length=8)
    kind = serializers.ChoiceField(choices=ScheduleSlot.Kind.choices, required=False)
    title = StrictCharField(required=False, max_length=200, allow_blank=True)
    room = serializers.IntegerField(required=False, allow_null=True)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(required=False, allow_null=True)


class SlotMoveSerializer(serializers.Serializer):
    room = serializers.IntegerField(required=False, allow_null=True)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(required=False, allow_null=True)


class FavouritesSerializer(serializers.Serializer):
    # Codes are taken as sent: trimming would let a 9-character string with a control character
    # at its end pass the schema's maxLength of 8.
    codes = serializers.ListField(child=StrictCharField(max_length=8, trim_whitespace=False), max_length=500)


class FavouritesResponseSerializer(serializers.Serializer):
    codes = serializers.ListField(child=serializers.CharField())
    feed_url = serializers.URLField()


class ReleaseSerializer(serializers.Serializer):
    """The released programme, as frozen at publication."""

    version = serializers.CharField()
    published_at = serializers.DateTimeField()
    changelog = serializers.DictField()
    conference = serializers.DictField()
    tracks = serializers.ListField(child=serializers.DictField())
    rooms = serializers.ListField(child=serializers.DictField())
    slots = serializers.ListField(child=serializers.DictField())
