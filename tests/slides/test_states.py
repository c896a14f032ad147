"""The state machine of TalkSlides.status: the table's transitions go through, others are refused,
and no code but the transition function sets the status."""

import ast
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from events.models import OutboxEvent
from slides import states
from slides.models import Status, TalkSlides
from slides.services.records import talk_slides_transition
from tests.factories.slides import SlideVersionFactory

ROOT = Path(__file__).resolve().parents[2]
TRANSITION = ("slides/services/records.py", "talk_slides_transition")
ALLOWED = sorted((before, after) for after, befores in states.TRANSITIONS.items() for before in befores)
FORBIDDEN = sorted(
    (before, after) for before in Status.values for after in Status.values if not states.can_transition(before, after)
)
# Calls that write their keyword arguments (or `defaults`) to the row.
WRITES = {"create", "get_or_create", "update", "update_or_create", "bulk_create", "bulk_update", "TalkSlides"}


def test_states_table_names_only_known_statuses():
    assert set(states.TRANSITIONS) == set(Status.values)
    assert all(befores <= set(Status.values) for befores in states.TRANSITIONS.values())


def test_states_forbid_the_moves_nothing_makes():
    assert (Status.FINAL_IN, Status.LATE) in FORBIDDEN  # the final is in: never late
    assert (Status.MISSING, Status.PUBLISHED) in FORBIDDEN  # no final to publish
    assert (Status.PUBLISHED, Status.PUBLISHED) in FORBIDDEN


def talk_in(status: str) -> TalkSlides:
    """A talk with a final version, in `status` whatever led there (published: that final)."""
    version = SlideVersionFactory(kind="final")
    published = {"published_at": timezone.now(), "published_version": version} if status == Status.PUBLISHED else {}
    TalkSlides.objects.filter(pk=version.talk_id).update(status=status, **published)
    return TalkSlides.objects.select_related("submission__conference").get(pk=version.talk_id)


def publication_fields(talk: TalkSlides, to_status: str) -> dict:
    if to_status == Status.PUBLISHED:
        return {"published_at": timezone.now(), "published_version": talk.versions.get()}
    return {"published_at": None, "published_version": None}


@pytest.mark.django_db
@pytest.mark.parametrize(("before", "after"), ALLOWED)
def test_transition_allowed_sets_and_saves_the_status(before, after):
    talk = talk_in(before)

    talk_slides_transition(talk=talk, to_status=after, fields=publication_fields(talk, after))

    talk.refresh_from_db()
    assert talk.status == after


@pytest.mark.django_db
def test_transition_with_an_event_emits_it():
    talk = talk_in(Status.DRAFT_IN)
    data = {"conference": talk.submission.conference.slug, "submission": talk.submission.code}

    talk_slides_transition(
        talk=talk,
        to_status=Status.LATE,
        fields={"late_since": timezone.now()},
        event="talk.flagged_late",
        data=data | {"kind": "final", "deadline": timezone.now(), "previous_status": Status.DRAFT_IN},
    )

    assert list(OutboxEvent.objects.values_list("type", "subject")) == [
        ("summit.slides.talk.flagged_late.v1", talk.subject)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(("before", "after"), FORBIDDEN)
def test_transition_forbidden_raises_and_changes_nothing(before, after):
    talk = talk_in(before)

    with pytest.raises(ValidationError) as refused:
        talk_slides_transition(talk=talk, to_status=after, fields=publication_fields(talk, after))

    assert refused.value.code == "invalid_transition"
    talk.refresh_from_db()
    assert talk.status == before


def _status_writes(tree: ast.AST, path: str):
    """(line, what) for each place the module sets a `status` outside the transition function."""
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and (path, node.name) == TRANSITION:
            skip |= {id(inner) for inner in ast.walk(node)}
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Attribute) and target.attr == "status":
                yield node.lineno, "assigns .status"
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name == "setattr" and len(node.args) > 1 and getattr(node.args[1], "value", None) == "status":
                yield node.lineno, "setattr status"
            for keyword in node.keywords:
                if keyword.arg == "update_fields" and "status" in _strings(keyword.value):
                    yield node.lineno, "saves status"
                if name in WRITES and (
                    keyword.arg == "status" or keyword.arg == "defaults" and "status" in _keys(keyword.value)
                ):
                    yield node.lineno, f"{name}(status=…)"
            if name == "bulk_update" and any("status" in _strings(arg) for arg in node.args[1:]):
                yield node.lineno, "bulk_update status"


def _strings(node) -> set[str]:
    return {inner.value for inner in ast.walk(node) if isinstance(inner, ast.Constant) and isinstance(inner.value, str)}


def _keys(node) -> set[str]:
    return _strings(ast.Dict(keys=node.keys, values=[])) if isinstance(node, ast.Dict) else set()


def test_only_the_transition_function_sets_the_status():
    found = []
    for app in ("slides", "demo"):
        for file in sorted((ROOT / app).rglob("*.py")):
            path = str(file.relative_to(ROOT))
            if "migrations" in file.parts:
                continue
            found += [(path, line, what) for line, what in _status_writes(ast.parse(file.read_text()), path)]

    assert found == []


def test_status_writes_are_found_where_they_would_be():
    """The walk above sees each way of writing the status (so its empty answer means something)."""
    source = """
talk.status = "late"
setattr(talk, "status", "late")
talk.save(update_fields=["status"])
TalkSlides.objects.filter(pk=1).update(status="late")
TalkSlides.objects.get_or_create(submission=s, defaults={"status": "late"})
TalkSlides(status="late")
TalkSlides.objects.bulk_update(talks, ["status"])
TalkSlides.objects.filter(status="late")
render(request, "page.html", status=400)
"""
    found = [what for _line, what in _status_writes(ast.parse(source), "x.py")]

    assert len(found) == 7
