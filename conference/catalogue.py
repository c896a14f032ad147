"""The four lists an organiser keeps per conference, described once for the back-office views."""

from dataclasses import dataclass

from django import forms
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from conference.forms import LevelForm, RoomForm, SubmissionTypeForm, TrackForm
from conference.models import Level, Room, SubmissionType, Track


@dataclass(frozen=True)
class CatalogueKind:
    url_name: str
    model: type[Model]
    form_class: type[forms.ModelForm]
    title: str
    item_label: str
    columns: tuple[str, ...]


KINDS = {
    kind.url_name: kind
    for kind in [
        CatalogueKind("tracks", Track, TrackForm, _("Tracks"), _("track"), ("name", "slug", "colour", "position")),
        CatalogueKind("rooms", Room, RoomForm, _("Rooms"), _("room"), ("name", "capacity", "is_plenary", "position")),
        CatalogueKind(
            "types",
            SubmissionType,
            SubmissionTypeForm,
            _("Submission types"),
            _("submission type"),
            ("name", "duration_minutes", "position"),
        ),
        CatalogueKind("levels", Level, LevelForm, _("Levels"), _("level"), ("name", "slug", "position")),
    ]
}
