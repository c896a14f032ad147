"""Input shape of office-hours pages. Rules (windows, overlaps, seats) live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cfp.models import Submission
from common.forms import DateInput, DateTimeInput, TimeInput, formfield_https
from office_hours.models import Booking, Kind, OfficeHoursSettings, Slot
from office_hours.services.slots import SlotPlan

DURATIONS = [(15, "15"), (20, "20"), (30, "30"), (45, "45"), (60, "60"), (90, "90")]


class SlotPlanForm(forms.Form):
    """Typed in the mentor's own time zone; the service turns it into UTC slots."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    first_date = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("From"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Until"), widget=TimeInput())
    duration_minutes = forms.TypedChoiceField(
        label=_("Length of each slot (minutes)"), choices=DURATIONS, coerce=int, initial=20
    )
    capacity = forms.IntegerField(
        label=_("Seats per slot"),
        min_value=1,
        max_value=20,
        initial=1,
        help_text=_("1 for one-to-one, more for a small group."),
    )
    repeat_weekly = forms.BooleanField(label=_("Repeat every week"), required=False)
    until = forms.DateField(label=_("Repeat until"), required=False, widget=DateInput())
    video_url = forms.URLField(label=_("Video call link"), required=False, assume_scheme="https")
    room = forms.CharField(label=_("Or a room"), required=False, max_length=150)

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(value, label) for value, label in Kind.choices if value in kinds]

    def clean(self):
        data = super().clean()
        if data.get("repeat_weekly") and not data.get("until"):
            self.add_error("until", _("Say until when the slots repeat."))
        return data

    def plan(self) -> SlotPlan:
        data = self.cleaned_data
        return SlotPlan(
            kind=data["kind"],
            first_date=data["first_date"],
            start_time=data["start_time"],
            end_time=data["end_time"],
            duration_minutes=data["duration_minutes"],
            capacity=data["capacity"],
            until=data["until"] if data.get("repeat_weekly") else None,
            video_url=data.get("video_url") or "",
            room=data.get("room") or "",
        )


class SlotFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    day = forms.DateField(label=_("Day"), required=False, widget=DateInput())
    mentor = forms.TypedChoiceField(label=_("Mentor"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, kinds: list[str], mentors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Any"))] + [(v, label) for v, label in Kind.choices if v in kinds]
        self.fields["mentor"].choices = [("", _("Any"))] + [(m.pk, m.name or m.email) for m in mentors]


class BookingForm(forms.Form):
    note = forms.CharField(
        label=_("What I want help with"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few lines so the mentor can prepare."),
    )
    shared_submission = forms.ModelChoiceField(
        label=_("Share a proposal with the mentor (optional)"),
        queryset=Submission.objects.none(),
        required=False,
        empty_label=_("Don't share a proposal"),
        help_text=_("The mentor may read it, draft or not, while the booking lasts."),
    )

    def __init__(self, *args, submissions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shared_submission"].queryset = submissions


class RescheduleForm(forms.Form):
    new_slot = forms.ModelChoiceField(label=_("Move to"), queryset=Slot.objects.none(), to_field_name="code")

    def __init__(self, *args, slots, tz, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["new_slot"]
        field.queryset = slots
        field.label_from_instance = lambda slot: (
            f"{slot.starts_at.astimezone(tz):%a %d %b %Y %H:%M} · {slot.mentor.name or slot.mentor.email}"
        )


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How useful was it? (1 = not at all, 5 = very)"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RecordingForm(forms.Form):
    recording_url = forms.URLField(label=_("Link to the recording"), assume_scheme="https")


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(
        label=_("Attendance"),
        choices=[(Booking.Attendance.ATTENDED, _("Attended")), (Booking.Attendance.NO_SHOW, _("No-show"))],
        widget=forms.RadioSelect,
    )


class OfficeHoursSettingsForm(forms.ModelForm):
    """Times in the conference's time zone (the view activates it). The webhook URL is write-only."""

    webhook_url = forms.URLField(
        label=_("Incoming webhook URL"),
        required=False,
        assume_scheme="https",
        widget=forms.PasswordInput(render_value=False),
        help_text=_(
            "Secret: posts a message when slots open and bookings are made. Leave empty to keep the saved one."
        ),
    )
    clear_webhook = forms.BooleanField(label=_("Remove the saved webhook"), required=False)

    class Meta:
        formfield_callback = formfield_https
        model = OfficeHoursSettings
        fields = [
            "office_hours_enabled",
            "office_hours_opens_at",
            "office_hours_closes_at",
            "rehearsals_enabled",
            "rehearsals_opens_at",
            "rehearsals_closes_at",
            "cancel_cutoff_hours",
            "max_active_bookings",
            "priority_hours",
            "channel_name",
            "channel_url",
            "webhook_url",
        ]
        widgets = {
            "office_hours_opens_at": DateTimeInput(),
            "office_hours_closes_at": DateTimeInput(),
            "rehearsals_opens_at": DateTimeInput(),
            "rehearsals_closes_at": DateTimeInput(),
        }
        help_texts = {
            "office_hours_opens_at": _("Empty: when the call for papers opens."),
            "office_hours_closes_at": _("Empty: when the call for papers closes."),
            "rehearsals_closes_at": _("Empty: when the conference starts."),
            "channel_name": _("Shown to speakers with a booking, e.g. #summit-office-hours."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["webhook_url"] = ""
