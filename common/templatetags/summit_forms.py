"""Template filters for the shared form components (templates/components/)."""

from django import forms, template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def has_required_fields(form: forms.BaseForm | None) -> bool:
    """Whether the form shows a required field, so the page explains the asterisk once."""
    if form is None or not hasattr(form, "visible_fields"):
        return False
    return any(field.field.required for field in form.visible_fields())


REQUIRED_MARK = '<span class="required-mark" aria-hidden="true">*</span>'


@register.filter
def marked_label(field: forms.BoundField, tag: str = "label") -> str:
    """Django's own label (or legend) tag, suffix included, with the asterisk of a required field."""
    if tag == "legend":
        html = field.legend_tag()
        if field.field.required:
            html = html[: -len("</legend>")] + REQUIRED_MARK + "</legend>"
        return mark_safe(html)  # noqa: S308 - Django's tag (escaped) and a constant
    # Beside the label, not in it: the label's text stays exactly the field's name.
    html = field.label_tag() + (REQUIRED_MARK if field.field.required else "")
    return mark_safe(f'<span class="field-head">{html}</span>')  # noqa: S308 - Django's tag (escaped) and a constant
