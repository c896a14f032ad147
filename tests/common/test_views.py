from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from common.views import form_error_from, message_from


class _SlotForm(forms.Form):
    start = forms.CharField(required=False)
    note = forms.CharField(required=False)


def _bound() -> _SlotForm:
    form = _SlotForm({"start": "09:00", "note": "x"})
    form.is_valid()
    return form


def test_form_error_from_a_plain_error_is_about_the_whole_form():
    form = _bound()

    form_error_from(form, ValidationError("The room is taken."))

    assert form.non_field_errors() == ["The room is taken."]


def test_form_error_from_a_plain_error_lands_on_the_field_it_is_about():
    form = _bound()

    form_error_from(form, ValidationError("Not a time."), field="start")
    form_error_from(form, ValidationError("No such input."), field="end")

    assert form.errors == {"start": ["Not a time."], "__all__": ["No such input."]}


def test_form_error_from_puts_field_errors_on_the_forms_fields_renamed():
    form = _bound()

    form_error_from(
        form,
        ValidationError({"starts_at": "Too early.", "note": "Too long.", "room": "No such room."}),
        fields={"starts_at": "start"},
    )

    assert form.errors == {"start": ["Too early."], "note": ["Too long."], "__all__": ["No such room."]}


def test_message_from_joins_the_sentences_and_what_follows():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)

    message_from(request, ValidationError(["The slot is gone.", "Try another."]), then="Your booking is unchanged.")

    assert [str(m) for m in get_messages(request)] == ["The slot is gone. Try another. Your booking is unchanged."]
