from django import forms
from django.utils.translation import gettext_lazy as _

from webhooks.services import event_type_choices


class EndpointForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("Who receives it, e.g. “Ticketing”."))
    url = forms.CharField(
        label=_("URL"),
        max_length=500,
        help_text=_("An https:// address on the public internet. Summit POSTs each event to it as CloudEvents JSON."),
    )
    event_types = forms.MultipleChoiceField(
        label=_("Event types"),
        help_text=_("“*” is every event; “summit.cfp.*” every event of the call for papers. See the event catalogue."),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event_types"].choices = [(name, name) for name in event_type_choices()]
