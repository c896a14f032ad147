"""Helpers the apps' views share. A service refuses with a ValidationError; these show the refusal to
the person, either on the form they filled in or as a message on the page they are sent back to."""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def form_error_from(
    form, error: ValidationError, *, fields: dict[str, str] | None = None, field: str | None = None
) -> None:
    """Puts a service's refusal on the form, whose input is kept. An error about a field lands on that
    field: `fields` renames the service's (model) names to the form's, and a field the form does not
    have goes to the form as a whole, like an error about no field in particular. Such an error lands
    on `field` instead when the form has one input it can only be about (the uploaded file)."""
    if not hasattr(error, "error_dict"):
        form.add_error(field if field in form.fields else None, error)
        return
    for field, field_messages in error.message_dict.items():
        name = (fields or {}).get(field, field)
        form.add_error(name if name in form.fields and name != NON_FIELD_ERRORS else None, field_messages)


def message_from(request, error: ValidationError, *, then: str = "") -> None:
    """Shows a service's refusal as one error message, its sentences joined, with `then` after them."""
    messages.error(request, " ".join([*error.messages, then] if then else error.messages))
