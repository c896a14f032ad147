"""The one way a conference's settings row changes: lock it, compare the submitted values with an
allow-list of fields, save only what changed. The caller emits its event with the changed names
(`common` sits below `events`, so it cannot emit itself)."""

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.db.models import Model

SettingsRow = TypeVar("SettingsRow", bound=Model)


def settings_row_locked(model: type[SettingsRow], *, conference) -> SettingsRow:
    """The conference's row of a one-per-conference settings `model`, locked until the transaction
    ends; created with its defaults when the conference has none yet (selectors never write, so the
    first save creates it)."""
    row, _created = model.objects.select_for_update().get_or_create(conference=conference)
    return row


def settings_save_changes(row: Model, *, allowed: Iterable[str], values: Mapping[str, Any]) -> list[str]:
    """Sets on `row` the `values` of the `allowed` fields that differ from what it holds, validates
    and saves those fields alone (and `updated_at`, if the model has one). Returns the changed field
    names, sorted; with none, nothing is saved. Call it inside the transaction that locked `row`."""
    changed = sorted(name for name in allowed if name in values and getattr(row, name) != values[name])
    if not changed:
        return []
    for name in changed:
        setattr(row, name, values[name])
    row.full_clean()
    stamp = ["updated_at"] if any(field.name == "updated_at" for field in row._meta.concrete_fields) else []
    row.save(update_fields=[*changed, *stamp])
    return changed
