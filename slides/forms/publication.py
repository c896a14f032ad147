"""Forms of the organisers' publication, video and AV pack pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import DateTimeInput

MAX_CSV_BYTES = 512 * 1024


class PublishAtForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        required=False,
        widget=DateTimeInput(),
        help_text=_("Empty: when the talk ends, plus the conference's delay."),
    )


class VideoForm(forms.Form):
    url = forms.CharField(
        label=_("Video URL"), max_length=500, widget=forms.URLInput(attrs={"placeholder": "https://"})
    )


class VideoImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"), required=False, help_text=_("One line per talk: its code, then the URL.")
    )
    text = forms.CharField(
        label=_("…or paste the lines"), required=False, widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"})
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None:
            if upload.size > MAX_CSV_BYTES:
                raise forms.ValidationError(_("The file is larger than 512 KB: split it."))
            try:
                data["text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError(_("The file is not UTF-8 text: export it as CSV (UTF-8).")) from None
        if not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Choose a CSV file or paste its lines."))
        return data


class AvPackForm(forms.Form):
    room = forms.TypedChoiceField(label=_("Room"), coerce=int)
    day = forms.DateField(label=_("Day"), widget=forms.Select)

    def __init__(self, *args, rooms, days, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].choices = [(room.pk, room.name) for room in rooms]
        self.fields["day"].widget.choices = [(day.isoformat(), day.strftime("%A %d %B %Y")) for day in days]
        self.days = days

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day not in self.days:
            raise forms.ValidationError(_("Choose one of the conference's days."))
        return day
