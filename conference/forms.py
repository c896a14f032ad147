import zoneinfo

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from common.forms import DateInput, DateTimeInput, TimeInput, formfield_https
from conference.models import Conference, ConferenceRole, Level, Room, SubmissionType, Track
from conference.services import CONFERENCE_FIELDS, IDENTITY_FIELDS


class ConferenceIdentityForm(forms.ModelForm):
    """The public pages' colours (each readable with white text: the model's validator) and tagline."""

    class Meta:
        model = Conference
        fields = IDENTITY_FIELDS
        widgets = {
            "primary_colour": forms.TextInput(attrs={"placeholder": "#3f3dbc", "size": 8}),
            "accent_colour": forms.TextInput(attrs={"placeholder": "#b42318", "size": 8}),
        }
        help_texts = {
            "primary_colour": _("A hex colour such as #3f3dbc; white text on it must stay readable. Empty: Summit's."),
            "accent_colour": _("A hex colour for highlights, also readable with white text. Empty: none."),
            "tagline": _("One line under the conference's name on its public home page."),
        }


class ConferenceForm(forms.ModelForm):
    """Date-times are typed and shown in the conference's own time zone (the view activates it)."""

    class Meta:
        formfield_callback = formfield_https
        model = Conference
        # The fields conference_update may change: the form offers exactly those.
        fields = CONFERENCE_FIELDS
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "notification_date": DateInput(),
            "cfp_opens_at": DateTimeInput(),
            "cfp_closes_at": DateTimeInput(),
            "review_opens_at": DateTimeInput(),
            "review_closes_at": DateTimeInput(),
            "slides_draft_deadline": DateTimeInput(),
            "slides_final_time": TimeInput(),
            "venue_address": forms.Textarea(attrs={"rows": 3}),
        }

    @staticmethod
    def timezone_from(data, instance: Conference | None) -> zoneinfo.ZoneInfo:
        name = (data or {}).get("timezone") or (instance.timezone if instance else "UTC")
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo(instance.timezone if instance else "UTC")


class TrackForm(forms.ModelForm):
    class Meta:
        model = Track
        fields = ["name", "slug", "colour", "description", "position"]
        widgets = {"colour": forms.TextInput(attrs={"type": "color"}), "description": forms.Textarea(attrs={"rows": 3})}


class RoomForm(forms.ModelForm):
    class Meta:
        model = Room
        fields = ["name", "capacity", "position", "is_plenary", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class SubmissionTypeForm(forms.ModelForm):
    class Meta:
        model = SubmissionType
        fields = ["name", "duration_minutes", "position"]


class LevelForm(forms.ModelForm):
    class Meta:
        model = Level
        fields = ["name", "slug", "position"]


class RoleGrantForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of an existing account"))
    role = forms.ChoiceField(label=_("Role"), choices=ConferenceRole.Role.choices)
    tracks = forms.ModelMultipleChoiceField(
        label=_("Tracks (reviewers only; none means all)"),
        queryset=Track.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, conference: Conference, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tracks"].queryset = conference.tracks.all()

    def clean_email(self):
        email = self.cleaned_data["email"]
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError(_("No account uses this address. Ask the person to sign up first."))
        self.cleaned_data["user"] = user
        return email
