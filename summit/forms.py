from django.db import models


def formfield_https(model_field: models.Field, **kwargs):
    """ModelForm `formfield_callback`: a URL typed without a scheme means https (Django 6's default)."""
    if isinstance(model_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return model_field.formfield(**kwargs)
