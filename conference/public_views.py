"""Pages anyone may see, and the signed-in home that points each role to its work."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import condition

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


def _identity_etag(request, slug: str) -> str | None:
    version = selectors.identity_version(slug=slug)
    return None if version is None else f"identity-{version}"


@condition(etag_func=_identity_etag)
def identity_stylesheet(request, slug: str):
    """The conference's colours as CSS custom properties: a stylesheet, because the CSP forbids inline
    styles. Browsers keep it five minutes, then revalidate by the identity's version (the ETag)."""
    try:
        conference = selectors.conference_identity(slug=slug)
    except Conference.DoesNotExist:
        raise Http404 from None
    response = HttpResponse(identity_css(conference), content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response


def identity_css(conference: Conference) -> str:
    # The colours were validated as #rrggbb (a database constraint too), so they are safe to print.
    properties = []
    if conference.primary_colour:
        properties += [f"--brand: {conference.primary_colour};", "--brand-ink: #ffffff;"]
    if conference.accent_colour:
        properties.append(f"--brand-accent: {conference.accent_colour};")
    return ":root { " + " ".join(properties) + " }\n"
