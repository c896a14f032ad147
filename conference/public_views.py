"""Pages anyone may see, and the signed-in home that points each role to its work."""

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
