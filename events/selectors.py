from django.db.models import QuerySet

from events.models import OutboxEvent


def events_for_source(*, source: str, event_type: str = "", limit: int = 100) -> QuerySet[OutboxEvent]:
    events = OutboxEvent.objects.filter(source=source).order_by("-id")
    if event_type:
        events = events.filter(type=event_type)
    return events[:limit]


def event_types_for_source(*, source: str) -> list[str]:
    return list(OutboxEvent.objects.filter(source=source).order_by("type").values_list("type", flat=True).distinct())
