import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import TimeInput
from conference.models import Conference
from schedule.models import ScheduleSlot

# Slots start on the five minutes.
TIME_WIDGET = TimeInput(attrs={"step": 300}, format="%H:%M")


def _day_choices(conference: Conference) -> list[tuple[str, str]]:
    days = (conference.end_date - conference.start_date).days + 1
    dates = [conference.start_date + dt.timedelta(days=n) for n in range(days)]
    return [(date.isoformat(), date.strftime("%a %d %b")) for date in dates]


class _TimedForm(forms.Form):
    day = forms.ChoiceField(label=_("Day"))
    room = forms.ModelChoiceField(queryset=None, required=False, label=_("Room"), empty_label=_("All rooms"))
    start = forms.TimeField(label=_("Starts at"), widget=TIME_WIDGET)

    def __init__(self, *args, conference: Conference, **kwargs):
        super().__init__(*args, **kwargs)
        self.conference = conference
        self.fields["day"].choices = _day_choices(conference)
        self.fields["room"].queryset = conference.rooms.all()

    def at(self, name: str) -> dt.datetime:
        day = dt.date.fromisoformat(self.cleaned_data["day"])
        return dt.datetime.combine(day, self.cleaned_data[name], tzinfo=self.conference.tzinfo)


class PlaceForm(_TimedForm):
    """One form places an unscheduled talk or moves a slot: `item` is `talk:<code>` or `slot:<id>`."""

    item = forms.ChoiceField(label=_("Talk or block"))
    field_order = ["item", "day", "room", "start"]

    def __init__(self, *args, unscheduled, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].empty_label = _("All rooms (keynote)")
        tz = self.conference.tzinfo
        waiting = [(f"talk:{s.code}", f"{s.title} ({s.submission_type.duration_minutes}′)") for s in unscheduled]
        placed = [(f"slot:{slot.pk}", f"{slot.starts_at.astimezone(tz):%a %H:%M} {slot}") for slot in slots]
        self.fields["item"].choices = [("", "—"), (_("Not scheduled yet"), waiting), (_("In the schedule"), placed)]


class BlockForm(_TimedForm):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[(k, label) for k, label in ScheduleSlot.Kind.choices if k != ScheduleSlot.Kind.TALK]
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    end = forms.TimeField(label=_("Ends at"), widget=TIME_WIDGET)
    field_order = ["kind", "title", "day", "room", "start", "end"]


class ReleaseForm(forms.Form):
    version = forms.CharField(label=_("Version"), max_length=60, help_text=_("For example v1, v2 or “Final”."))
    comment = forms.CharField(
        label=_("Note for attendees"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    double_bookings_accepted = forms.BooleanField(
        label=_("Publish with the double-bookings listed above"),
        required=False,
        help_text=_("The exports will list both talks in the same room at the same time."),
    )

    def __init__(self, *args, double_booked: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not double_booked:
            del self.fields["double_bookings_accepted"]


class UnavailabilityForm(forms.Form):
    day = forms.ChoiceField(label=_("Day"))
    start = forms.TimeField(label=_("From"), widget=TIME_WIDGET)
    end = forms.TimeField(label=_("Until"), widget=TIME_WIDGET)
    note = forms.CharField(label=_("Note for the organisers"), required=False, max_length=200)

    def __init__(self, *args, conference: Conference, **kwargs):
        super().__init__(*args, **kwargs)
        self.conference = conference
        self.fields["day"].choices = _day_choices(conference)

    def at(self, name: str) -> dt.datetime:
        day = dt.date.fromisoformat(self.cleaned_data["day"])
        return dt.datetime.combine(day, self.cleaned_data[name], tzinfo=self.conference.tzinfo)


class EditorFilterForm(forms.Form):
    """What the editor shows: the grid's rooms and track, the side panel's track and format. Read from the
    query string; a value that is not one of the choices is ignored rather than refused."""

    room = forms.MultipleChoiceField(label=_("Rooms"), required=False, widget=forms.CheckboxSelectMultiple)
    track = forms.ChoiceField(label=_("Track"), required=False)
    panel_track = forms.ChoiceField(label=_("Track"), required=False)
    panel_format = forms.ChoiceField(label=_("Format"), required=False)

    def __init__(self, *args, rooms, tracks, formats, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        self.fields["room"].choices = [(str(room["id"]), room["name"]) for room in rooms]
        self.fields["track"].choices = self.fields["panel_track"].choices = every + [(t.slug, t.name) for t in tracks]
        self.fields["panel_format"].choices = every + [(str(f.pk), f.name) for f in formats]

    def value(self, name: str):
        """The valid value of `name`, or its empty value when it was missing or not a choice."""
        field = self.fields[name]
        raw = self.data.getlist(name) if isinstance(field, forms.MultipleChoiceField) else self.data.get(name, "")
        try:
            return field.clean(raw)
        except forms.ValidationError:
            return field.to_python(None)


# The services' (model) names of fields these forms show under their own, for common.views.form_error_from.
SERVICE_FIELDS = {"starts_at": "start", "ends_at": "end", "submission": "item"}


class SeatingForm(forms.Form):
    rsvp_required = forms.BooleanField(label=_("RSVP required"), required=False)
    capacity = forms.IntegerField(
        label=_("Seats"), min_value=1, max_value=100000, required=False, help_text=_("Defaults to the room's capacity.")
    )
