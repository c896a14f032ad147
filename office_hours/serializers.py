from rest_framework import serializers

from common.serializers import StrictCharField, StrictModelSerializer
from office_hours.models import Booking, Kind, Slot


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class OfficeHourSlotSerializer(serializers.ModelSerializer):
    """A free slot. The video-call link is given to the people booked, not to everyone."""

    mentor = PersonSerializer(read_only=True)
    seats_left = serializers.IntegerField(read_only=True)

    class Meta:
        model = Slot
        fields = [
            "code",
            "kind",
            "starts_at",
            "ends_at",
            "timezone",
            "capacity",
            "seats_left",
            "room",
            "mentor",
            "open_to_all_at",
        ]
        read_only_fields = fields


class BookingSerializer(StrictModelSerializer):
    slot = serializers.CharField(source="slot.code", read_only=True)
    kind = serializers.CharField(source="slot.kind", read_only=True)
    mentor = PersonSerializer(source="slot.mentor", read_only=True)
    speaker = PersonSerializer(read_only=True)
    video_url = serializers.CharField(source="slot.video_url", read_only=True)
    room = serializers.CharField(source="slot.room", read_only=True)
    shared_submission = serializers.CharField(
        source="shared_submission.code", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = Booking
        fields = [
            "code",
            "slot",
            "kind",
            "status",
            "starts_at",
            "ends_at",
            "mentor",
            "speaker",
            "note",
            "shared_submission",
            "video_url",
            "room",
            "attendance",
            "feedback_rating",
            "recording_url",
            "created_at",
            "cancelled_at",
        ]
        read_only_fields = fields


class SlotFilterSerializer(serializers.Serializer):
    """The free-slot list's query parameters; each narrows the list, none is required."""

    kind = serializers.ChoiceField(choices=Kind.choices, required=False)
    date = serializers.DateField(required=False, help_text="A day in the conference's time zone.")
    mentor = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)


class BookSerializer(serializers.Serializer):
    slot = StrictCharField(max_length=10)
    note = StrictCharField(max_length=1000)
    shared_submission = StrictCharField(max_length=8, required=False, allow_blank=True, default="")


class RescheduleSerializer(serializers.Serializer):
    slot = StrictCharField(max_length=10)
