"""Organisers' CFP setup: settings and texts, custom questions, late-submission codes."""

import secrets
from typing import Any

from django.db import transaction

from cfp.models import CfpSettings, LateAccessCode, Question
from common.settings_update import settings_row_locked, settings_save_changes
from conference.models import Conference
from events.services import emit

SETTINGS_FIELDS = ["max_submissions_per_speaker", "max_submissions_per_hour", "intro", "guidelines", "code_of_conduct"]
QUESTION_FIELDS = ["text", "help_text", "kind", "target", "required", "options", "position", "is_active"]


@transaction.atomic
def cfp_settings_update(*, conference: Conference, by, **fields: Any) -> CfpSettings:
    cfp_settings = settings_row_locked(CfpSettings, conference=conference)
    changed = settings_save_changes(cfp_settings, allowed=SETTINGS_FIELDS, values=fields)
    if not changed:
        return cfp_settings
    emit(
        "summit.cfp.settings.updated.v1",
        subject=conference.subject,
        data={
            "conference": conference.slug,
            "max_submissions_per_speaker": cfp_settings.max_submissions_per_speaker,
            "max_submissions_per_hour": cfp_settings.max_submissions_per_hour,
            "changed_fields": changed,
        },
        conference_slug=conference.slug,
        actor=by,
    )
    return cfp_settings


def _question_data(question: Question) -> dict[str, Any]:
    return {
        "id": question.pk,
        "conference": question.conference.slug,
        "text": question.text,
        "kind": question.kind,
        "target": question.target,
        "required": question.required,
        "options": question.options,
        "track_ids": sorted(t.pk for t in question.tracks.all()),
        "submission_type_ids": sorted(t.pk for t in question.submission_types.all()),
        "is_active": question.is_active,
    }


@transaction.atomic
def question_save(
    *, conference: Conference, by, question: Question | None = None, tracks=(), submission_types=(), **fields: Any
) -> Question:
    happened = "updated" if question else "created"
    question = question or Question(conference=conference)
    for field in QUESTION_FIELDS:
        if field in fields:
            setattr(question, field, fields[field])
    question.full_clean()
    question.save()
    question.tracks.set(tracks)
    question.submission_types.set(submission_types)
    emit(
        f"summit.cfp.question.{happened}.v1",
        subject=f"question/{question.pk}",
        data=_question_data(question),
        conference_slug=conference.slug,
        actor=by,
    )
    return question


@transaction.atomic
def late_code_create(*, conference: Conference, by, valid_until, max_uses: int = 1, note: str = "") -> LateAccessCode:
    code = LateAccessCode(
        conference=conference,
        code=secrets.token_urlsafe(9),
        valid_until=valid_until,
        max_uses=max_uses,
        note=note,
    )
    code.full_clean()
    code.save()
    emit(
        "summit.cfp.late_access_code.created.v1",
        subject=f"conference/{conference.slug}/cfp",
        data={"conference": conference.slug, "valid_until": valid_until, "max_uses": max_uses},
        conference_slug=conference.slug,
        actor=by,
    )
    return code
