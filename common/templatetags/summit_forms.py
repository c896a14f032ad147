"""Template filters for the shared form components (templates/components/)."""

from django import forms, template

register = template.Library()


@register.filter
def has_required_fields(form: forms.BaseForm | None) -> bool:
    """Whether the form shows a required field, so the page explains the asterisk once."""
    if form is None or not hasattr(form, "visible_fields"):
        return False
    return any(field.field.required for field in form.visible_fields())
