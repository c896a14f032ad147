"""Form pieces every app's forms share: the browser's own date and time pickers, and URL fields that
assume https."""

from django import forms
from django.db import models


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        # The one format a datetime-local input accepts as its value.
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"


def formfield_https(model_field: models.Field, **kwargs):
    """ModelForm `formfield_callback`: a URL typed without a scheme means https (Django 6's default)."""
    if isinstance(model_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return model_field.formfield(**kwargs)
