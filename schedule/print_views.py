"""The printable programme and door signs of the released schedule, rendered by WeasyPrint.

Their HTML is never served to a browser, so it may carry a <style> element for the track colours;
the layout comes from static/css/schedule-print.css."""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from schedule.programme import Programme
from schedule.views import _serve

PRINT_CSS = "css/schedule-print.css"


def _pdf(template: str, context: dict) -> bytes:
    # Imported here: WeasyPrint is heavy to load and only these two views need it.
    from weasyprint import CSS, HTML

    programme: Programme = context["programme"]
    with timezone.override(programme.tz):
        html = render_to_string(template, context)
    stylesheet = CSS(filename=finders.find(PRINT_CSS))
    return HTML(string=html).write_pdf(stylesheets=[stylesheet])


def _context(programme: Programme) -> dict:
    return {"programme": programme, "conference": programme.conference, "tracks": list(programme.tracks.values())}


@require_GET
def programme_pdf(request, slug: str):
    def render(programme: Programme) -> bytes:
        index = sorted(programme.talks.values(), key=lambda item: item.title.lower())
        return _pdf("schedule/print/programme.html", _context(programme) | {"index": index})

    response = _serve(request, slug, render, "application/pdf")
    response["Content-Disposition"] = f'inline; filename="{slug}-programme.pdf"'
    return response


@require_GET
def door_signs_pdf(request, slug: str):
    def render(programme: Programme) -> bytes:
        signs = []
        for day in programme.days:
            for room in programme.rooms:
                items = [item for item in day.items if item.room is None or item.room["id"] == room["id"]]
                if any(item.is_talk for item in items):
                    signs.append({"day": day, "room": room, "items": items})
        return _pdf("schedule/print/door_signs.html", _context(programme) | {"signs": signs})

    response = _serve(request, slug, render, "application/pdf")
    response["Content-Disposition"] = f'inline; filename="{slug}-door-signs.pdf"'
    return response
