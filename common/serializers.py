"""Serializer pieces every app's API shares, so that what a serializer accepts and answers is what
the OpenAPI schema drf-spectacular writes from it says."""

from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


class StrictCharField(serializers.CharField):
    """Text that must arrive as a JSON string: DRF's CharField turns 12 or 1.5 into "12" and "1.5",
    which the schema's `type: string` does not allow."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


@extend_schema_field(
    {"anyOf": [{"type": "string", "format": "uri", "maxLength": 200}, {"type": "string", "maxLength": 0}]}
)
class BlankableURLField(serializers.URLField):
    """A URL that may be left empty: the schema says so, where `format: uri` alone would make the
    empty string the API stores and answers with a violation."""


class StrictModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer whose text fields take strings only and whose optional (`blank=True`) URL
    fields are BlankableURLFields."""

    serializer_field_mapping = serializers.ModelSerializer.serializer_field_mapping | {
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
    }

    def build_standard_field(self, field_name, model_field):
        field_class, field_kwargs = super().build_standard_field(field_name, model_field)
        if isinstance(model_field, models.URLField) and model_field.blank:
            field_class = BlankableURLField
        return field_class, field_kwargs
