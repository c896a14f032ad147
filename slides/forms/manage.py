"""Organisers' forms for the slide deadlines: settings, slide reviewers, one talk's extension.
Date-times are typed and shown in the conference's time zone (the views activate it)."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.forms import DateTimeInput
from conference.models import Conference
from slides.models import Kind, SlidesSettings
from slides.selectors.organisers import parse_reminder_days
from slides.services.setup import SETTINGS_FIELDS


class SlidesSettingsForm(forms.ModelForm):
    class Meta:
        model = SlidesSettings
        fields = list(SETTINGS_FIELDS)
        widgets = {"final_deadline_unscheduled": DateTimeInput()}

    def clean_reminder_days(self) -> str:
        return ",".join(str(day) for day in parse_reminder_days(self.cleaned_data["reminder_days"]))


class SlideReviewerForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of their account"))
    tracks = forms.ModelMultipleChoiceField(
        label=_("Tracks"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: every track."),
    )

    def __init__(self, *args, conference: Conference, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tracks"].queryset = conference.tracks.order_by("position", "name")

    def clean_email(self):
        email = self.cleaned_data["email"]
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise ValidationError(
                _("No one has an account with this e-mail address yet: ask them to sign up first."), code="no_user"
            )
        self.user = user
        return email


class DeadlineExtensionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Deadline"), choices=Kind.choices, widget=forms.RadioSelect)
    until = forms.DateTimeField(label=_("New deadline"), widget=DateTimeInput())
    reason = forms.CharField(
        label=_("Reason"), max_length=300, required=False, help_text=_("Kept in the talk's history; not sent.")
    )
