"""The access policy (common/access.py) guards every URL addressed by a conference's slug, and each view
module that uses it answers by its rule: 404 to someone who may not know the conference exists,
403 to someone who can see it but lacks the role."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.urls import URLResolver, get_resolver, reverse
from django.views import View
from rest_framework.test import APIClient

from common.access import POLICY_MARK, SLUG_KWARGS, conference_permission_required

# Views under a conference's slug that do not use the policy, and why.
UNGUARDED = {
    # Public attendee pages and exports: they serve the released schedule through the cache pointer,
    # which only exists for a public conference (schedule.cache / schedule.selectors), so a private
    # or unknown conference is a 404 there already; the favourites feed's token is its credential.
    "schedule.views.schedule_grid",
    "schedule.views.schedule_list",
    "schedule.views.favourites_page",
    "schedule.views.favourites_feed",
    "schedule.views.switch_language",
    "schedule.views.talk_detail",
    "schedule.views.speaker_list",
    "schedule.views.speaker_detail",
    "schedule.views.export_xml",
    "schedule.views.export_json",
    "schedule.views.export_ics",
    "schedule.print_views.programme_pdf",
    "schedule.print_views.door_signs_pdf",
    # The live pages and the offline programme read the same pointer (schedule.views._pointer). The
    # live pages' preview of another moment (?at=) asks the policy for schedule.edit_schedule.
    "schedule.live_views.now_page",
    "schedule.live_views.room_display",
    "schedule.offline_views.manifest",
    "schedule.offline_views.service_worker",
    "schedule.offline_views.precache_list",
    # The seat labels beside those pages: the same cache pointer decides (schedule.rsvp_views).
    "schedule.rsvp_views.seat_labels",
    # The public conference page reads through conference.selectors.conference_public_detail.
    "conference.public_views.conference_detail",
    # A public conference's colours, read through conference.selectors.conference_identity (404 otherwise).
    "conference.public_views.identity_stylesheet",
    # The conference is the resource itself: its queryset is the conferences the person may see
    # (a 404 otherwise) and ConferenceRulePermission gives 403 to writes without the role.
    "conference.api.ConferenceViewSet",
    # The public download of a published deck reads through slides.selectors.publication.published_deck,
    # which finds only decks of a public conference, so a private or unknown conference is a 404 there.
    "slides.views.publication.public_deck",
}


def _walk(resolver, kwargs=frozenset()):
    for pattern in resolver.url_patterns:
        names = kwargs | set(pattern.pattern.regex.groupindex)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern, names)
        else:
            yield pattern, names


def _view_of(callback):
    """The function or class a URL pattern's callback stands for (DRF sets `cls`, Django `view_class`)."""
    return getattr(callback, "cls", None) or getattr(callback, "view_class", None) or callback


def conference_views() -> dict[str, object]:
    """Every view whose URL names a conference by slug, by dotted name."""
    found = {}
    for pattern, names in _walk(get_resolver()):
        if names & set(SLUG_KWARGS):
            view = _view_of(pattern.callback)
            found[f"{view.__module__}.{view.__name__}"] = view
    return found


def test_every_conference_url_is_guarded_by_the_access_policy():
    unguarded = sorted(
        name
        for name, view in conference_views().items()
        if getattr(view, POLICY_MARK, None) is None and name not in UNGUARDED
    )

    assert unguarded == []


def test_the_list_of_unguarded_views_names_only_views_that_exist():
    assert UNGUARDED - set(conference_views()) == set()


# One denial of each kind per view module: (URL name, API or not, the method of the refused action,
# the person who can see the conference but lacks the role, whether that is on a private conference).
# A private conference is where the 403 shows for views open to anyone signed in (booking, submitting):
# staff see every conference but hold no role in it. No person (None): the module asks only that the
# conference be visible (anyone signed in may hold a talk in it), so it has no 403 to give.
CASES = {
    "conference.views": ("conference:dashboard", False, "get", "attendee", False),
    "conference.api": ("conference-tracks-list", True, "post", "attendee", False),
    "review.views": ("reviewing:home", False, "get", "attendee", False),
    "review.manage_views": ("review-manage:setup", False, "get", "reviewer", False),
    "review.decision_views": ("review-manage:ranking", False, "get", "reviewer", False),
    "review.api": ("ranking-list", True, "get", "reviewer", False),
    "cfp.views": ("cfp:create", False, "get", "staff", True),
    "cfp.manage_views": ("cfp-manage:submissions", False, "get", "reviewer", False),
    "cfp.api": ("submission-list", True, "post", "staff", True),
    "office_hours.views": ("office_hours:slots", False, "get", "staff", True),
    "office_hours.manage_views": ("office_hours_manage:overview", False, "get", "mentor", False),
    "office_hours.mentor_views": ("office_hours:mentor-home", False, "get", "attendee", False),
    "office_hours.api": ("office-hours-slot-list", True, "get", "staff", True),
    "schedule.manage_views": ("schedule-manage:editor", False, "get", "attendee", False),
    "schedule.speaker_views": ("schedule:unavailability", False, "get", "attendee", False),
    "schedule.api": ("schedule-api:slots", True, "get", "attendee", False),
    "schedule.rsvp_views": ("schedule:rsvp", False, "get", None, False),
    "schedule.door_views": ("schedule-manage:sessions", False, "get", "attendee", False),
    "schedule.rsvp_api": ("schedule-api:checkin", True, "post", "attendee", False),
    "slides.views.manage": ("slides-manage:dashboard", False, "get", "reviewer", False),
    "slides.views.publication": ("slides_publication:publication", False, "get", "reviewer", False),
    "slides.views.review": ("slides:review-list", False, "get", "attendee", False),
    "slides.views.speaker": ("slides:download", False, "get", None, False),
    "slides.api.talks": ("slides-talk-list", True, "get", None, False),
    "slides.api.extensions": ("slides-extension-list", True, "get", "reviewer", False),
    "slides.api.publication": ("slides-publication-api:publication", True, "get", "reviewer", False),
    "webhooks.views": ("webhooks:list", False, "get", "reviewer", False),
    "webhooks.api": ("webhook-list", True, "get", "reviewer", False),
}
# The rest of the URL of a case that names more than its conference: the policy answers before
# anything else is looked up, so no such talk needs to exist.
URL_KWARGS = {
    "slides:download": {"code": "ZZZZZZZZ", "number": 1},
    "slides-extension-list": {"code": "ZZZZZZZZ"},
    "schedule:rsvp": {"code": "ZZZZZZZZ"},
    "schedule-api:checkin": {"code": "ZZZZZZZZ"},
}


def _send(user, slug: str, case: tuple, client_for, api_client_for):
    url_name, api, method, _who, _private = case
    rest = URL_KWARGS.get(url_name, {})
    if api:
        client: APIClient = api_client_for(user)
        return getattr(client, method)(reverse(url_name, kwargs={"conference_slug": slug} | rest), {}, format="json")
    return getattr(client_for(user), method)(reverse(url_name, kwargs={"slug": slug} | rest))


def test_every_guarded_view_module_has_its_denied_cases():
    modules = {view.__module__ for view in conference_views().values() if getattr(view, POLICY_MARK, None) is not None}

    assert modules == set(CASES)


@pytest.mark.parametrize("module", sorted(CASES))
def test_a_private_conference_is_not_found_for_an_outsider(client_for, api_client_for, conference, outsider, module):
    conference.is_public = False
    conference.save()

    response = _send(outsider, conference.slug, CASES[module], client_for, api_client_for)

    assert response.status_code == 404
    if CASES[module][1]:
        assert response.json()["error"] == "not_found"


@pytest.mark.parametrize("module", sorted(CASES))
def test_an_unknown_conference_is_not_found(client_for, api_client_for, organiser, module):
    assert _send(organiser, "no-such-summit", CASES[module], client_for, api_client_for).status_code == 404


@pytest.mark.parametrize("module", sorted(module for module, case in CASES.items() if case[3] is not None))
def test_a_visible_conference_without_the_role_is_forbidden(client_for, api_client_for, person, conference, module):
    _url_name, api, _method, who, private = CASES[module]
    if private:
        conference.is_public = False
        conference.save()

    response = _send(person(who), conference.slug, CASES[module], client_for, api_client_for)

    assert response.status_code == 403
    if api:
        assert response.json()["error"] == "permission_denied"


# The decorator on the kinds of view no URL uses yet: a Django class view, and a public page whose
# action needs a role.
@conference_permission_required("conference.change_conference")
class _SettingsPage(View):
    def get(self, request, slug):
        return HttpResponse(self.get_conference().name)


@conference_permission_required("conference.change_conference", sign_in=False)
def _public_page_with_an_action(request, conference):
    return HttpResponse(conference.name)


def _request(user):
    request = RequestFactory().get("/somewhere/")
    request.user = user or AnonymousUser()
    return request


@pytest.mark.parametrize("view", [_SettingsPage.as_view(), _public_page_with_an_action])
def test_the_decorator_lets_an_organiser_through(conference, organiser, view):
    assert view(_request(organiser), slug=conference.slug).content.decode() == conference.name


@pytest.mark.parametrize("view", [_SettingsPage.as_view(), _public_page_with_an_action])
def test_the_decorator_refuses_by_the_rule(conference, attendee, other_conference, view):
    other_conference.is_public = False
    other_conference.save()

    with pytest.raises(PermissionDenied):
        view(_request(attendee), slug=conference.slug)
    with pytest.raises(Http404):
        view(_request(attendee), slug=other_conference.slug)


@pytest.mark.parametrize("view", [_SettingsPage.as_view(), _public_page_with_an_action])
def test_the_decorator_sends_an_anonymous_visitor_to_sign_in(conference, view):
    response = view(_request(None), slug=conference.slug)

    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/somewhere/")
