import zoneinfo
from datetime import datetime, time, timedelta

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import ApiToken, SpeakerProfile
from accounts.validators import NOT_A_READABLE_IMAGE, photo_too_large
from common.forms import DateInput, formfield_https


class SignupNameForm(forms.Form):
    """Extra sign-up field: the name we print on the schedule and in e-mails."""

    name = forms.CharField(label=_("Your name"), max_length=150)

    def signup(self, request, user) -> None:
        """allauth's hook, called once the user is saved; AccountAdapter.save_user stores the name."""


class ProfileForm(forms.ModelForm):
    name = forms.CharField(label=_("Name"), max_length=150)
    locale = forms.ChoiceField(label=_("Language of our e-mails"), choices=settings.LANGUAGES)
    timezone = forms.ChoiceField(
        label=_("Time zone"),
        choices=[(name, name) for name in sorted(zoneinfo.available_timezones())],
        required=False,
        help_text=_("Office hours and rehearsals are shown and entered in this time zone."),
    )

    class Meta:
        formfield_callback = formfield_https
        model = SpeakerProfile
        fields = [
            "name",
            "locale",
            "timezone",
            "is_first_time_speaker",
            "bio",
            "company",
            "job_title",
            "website",
            "github",
            "linkedin",
            "mastodon",
            # Last: a photo over the limit stops the parsing of the body (accounts.photo_upload), and a
            # browser sends the fields in this order, so everything typed before it is kept.
            "photo",
        ]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 6}),
            "photo": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        }
        # Django's image field opens the file before the model's validator does: the same words for it.
        error_messages = {"photo": {"invalid_image": NOT_A_READABLE_IMAGE}}
        help_texts = {
            "bio": _("Up to 2,000 characters, shown on your speaker page."),
            "photo": _("JPEG, PNG or WebP, up to 2 MB."),
        }

    def __init__(self, *args, photo_size_refused: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.photo_size_refused = photo_size_refused

    def clean_timezone(self):
        # Left out (an older form, a script): keep the one saved.
        return self.cleaned_data.get("timezone") or self.instance.user.timezone

    def clean_photo(self):
        if self.photo_size_refused is not None:  # the upload handler stopped reading it
            raise photo_too_large(self.photo_size_refused)
        # The clear checkbox yields False; the model stores "no photo" as an empty name.
        return self.cleaned_data.get("photo") or ""


class ApiTokenForm(forms.Form):
    """A new API token: its name, its scope and when it stops working. `conferences` are those the
    person may limit it to (accounts.selectors.token_conferences)."""

    name = forms.CharField(
        label=_("Name"),
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text=_("What will use it, so you know which one to revoke: “Ticketing”, “My laptop”."),
        error_messages={"required": _("Give the token a name, such as the tool that will use it.")},
    )
    access = forms.ChoiceField(
        label=_("Access"),
        choices=ApiToken.Access.choices,
        initial=ApiToken.Access.READ,
        widget=forms.RadioSelect,
        help_text=_("A read-only token cannot change anything, even where you could."),
    )
    conference = forms.ChoiceField(label=_("Conference"), required=False)
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=DateInput,
        help_text=_("Optional. The token stops working at the end of this day, in your time zone."),
    )

    def __init__(self, data=None, *, user, conferences: list):
        super().__init__(data, prefix="token")  # on the profile page beside its form: ids of its own
        self.user = user
        self.conferences = {conference.slug: conference for conference in conferences}
        self.fields["conference"].choices = [("", _("Every conference")), *self._conference_choices()]
        self.fields["conference"].help_text = _(
            "Limited to one conference, the token can neither read nor change another's private data."
        )

    def _conference_choices(self):
        return [(slug, conference.name) for slug, conference in self.conferences.items()]

    def clean_conference(self):
        return self.conferences.get(self.cleaned_data["conference"])

    def clean_expires_on(self):
        day = self.cleaned_data["expires_on"]
        zone = zoneinfo.ZoneInfo(self.user.timezone)
        if day is not None and day < timezone.localdate(timezone=zone):
            raise forms.ValidationError(_("This day has passed: choose today or a later day."))
        return day

    def clean(self):
        cleaned = super().clean()
        day = cleaned.get("expires_on")
        zone = zoneinfo.ZoneInfo(self.user.timezone)
        cleaned["expires_at"] = None if day is None else datetime.combine(day + timedelta(days=1), time(), zone)
        return cleaned
