"""Serializer pieces every app's API shares."""

from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@extend_schema_field(
    {"anyOf": [{"type": "string", "format": "uri", "maxLength": 200}, {"type": "string", "maxLength": 0}]}
)
class BlankableURLField(serializers.URLField):
    """A URL that may be left empty: the schema says so, where `format: uri` alone would make the
    empty string the API stores and answers with a violation."""


class BlankURLsModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer whose optional (`blank=True`) URL fields are BlankableURLFields."""

    def build_standard_field(self, field_name, model_field):
        field_class, field_kwargs = super().build_standard_field(field_name, model_field)
        if isinstance(model_field, models.URLField) and model_field.blank:
            field_class = BlankableURLField
        return field_class, field_kwargs
