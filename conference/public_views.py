"""Pages anyone may see, and the signed-in home that points each role to its work."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render

from conference import selectors
from conference.models import Conference


def home(request):
    context = {
        "public_conferences": selectors.public_conference_list(),
        "my_conferences": selectors.conferences_of(request.user),
    }
    return render(request, "conference/home.html", context)


def conference_detail(request, slug: str):
    try:
        conference = selectors.conference_public_detail(slug=slug)
    except Conference.DoesNotExist:
        raise Http404 from None
    return render(request, "conference/public/detail.html", {"conference": conference})


def _team_page(request, slug: str, permission: str, template: str, extra=None):
    conference = Conference.objects.filter(slug=slug).first()
    if conference is None:
        raise Http404
    if not request.user.has_perm(permission, conference):
        raise PermissionDenied
    context = {"conference": conference} | (extra(conference) if extra else {})
    return render(request, template, context)


@login_required
def reviewer_home(request, slug: str):
    def scope(conference):
        track_ids = selectors.reviewer_track_ids(request.user, conference)
        tracks = conference.tracks.all() if track_ids is None else conference.tracks.filter(pk__in=track_ids)
        return {"tracks": tracks, "all_tracks": track_ids is None}

    return _team_page(request, slug, "conference.view_reviewer_home", "conference/reviewer_home.html", scope)
