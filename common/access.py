"""One access policy for everything addressed by a conference's slug: pages, exports and the API.

`conference_or_deny` looks the conference up and applies the rule below; the decorator
`conference_permission_required` declares it on a view, the way Django's `permission_required` does,
and marks the view so a test can check that every conference URL is guarded.

The conference model and its visibility permission are named, not imported: `common` sits below
every domain app."""

import functools

from django.apps import apps
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions as api_exceptions
from rest_framework.request import Request as ApiRequest

# Public conferences, and every conference to its team and to site administrators.
VISIBILITY_PERMISSION = "conference.view_conference"
# The attribute the decorator leaves on a view (function or class): the permission it requires.
POLICY_MARK = "conference_permission"
SLUG_KWARGS = ("slug", "conference_slug")


def conference_or_deny(request_or_user, slug: str, permission: str = VISIBILITY_PERMISSION):
    """The conference `slug` names, if `permission` on it is granted; otherwise the denial the rule gives.

    The rule, for pages and the API alike:

    - **404** when the person may not know the conference exists: there is no such conference, or it
      is not public and they are neither on its team nor a site administrator. Objects inside a
      conference follow the same reasoning in the views: a submission, booking or unavailability
      that is not theirs answers 404, as if it did not exist.
    - **403** when they can see the conference but lack the role for the action: a signed-in
      attendee of a public conference opening its back office, a reviewer opening the mentors' pages.
    - **Anonymous visitors**: pages that need an account send them to sign in before anything is
      looked up (so the prompt reveals nothing); where a public page refuses them an action, they are
      sent to sign in instead of a 403. The API answers 401 (its views declare IsAuthenticated).

    Pass a DRF request to get DRF's NotFound / PermissionDenied / NotAuthenticated, so the API's
    errors stay JSON; a Django request or a user gets Http404 / PermissionDenied.
    """
    user = getattr(request_or_user, "user", request_or_user)
    api = isinstance(request_or_user, ApiRequest)
    conference = apps.get_model("conference", "Conference").objects.filter(slug=slug).first()
    if conference is None or not user.has_perm(VISIBILITY_PERMISSION, conference):
        raise api_exceptions.NotFound if api else Http404
    if permission != VISIBILITY_PERMISSION and not user.has_perm(permission, conference):
        if api:
            raise api_exceptions.PermissionDenied if user.is_authenticated else api_exceptions.NotAuthenticated
        raise PermissionDenied
    return conference


def conference_permission_required(permission: str = VISIBILITY_PERMISSION, *, sign_in: bool = True):
    """Declares that a view needs `permission` on the conference of its URL, under the rule above.

    On a function view: the URL's `slug` is replaced by the `conference` argument. With `sign_in`
    (the default), an anonymous visitor is sent to sign in first, as `login_required` does; public
    pages pass `sign_in=False`. On a class (a Django view, a DRF view or viewset): the check runs
    before the handler (for DRF, after authentication, so an anonymous call answers 401), and
    `self.get_conference()` returns the conference. A subclass may declare its own permission."""

    def decorate(view):
        if isinstance(view, type):
            return _guard_class(view, permission)
        return _guard_function(view, permission, sign_in)

    return decorate


def _guard_function(view, permission: str, sign_in: bool):
    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if sign_in and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        slug = kwargs.pop("slug")
        try:
            conference = conference_or_deny(request, slug, permission)
        except PermissionDenied:
            if request.user.is_authenticated:
                raise
            return redirect_to_login(request.get_full_path())
        return view(request, *args, conference=conference, **kwargs)

    setattr(guarded, POLICY_MARK, permission)
    return guarded


def _slug_of(kwargs: dict) -> str:
    return next(kwargs[name] for name in SLUG_KWARGS if name in kwargs)


def get_conference(self):
    """The conference of the request, checked against the class's permission once per request."""
    if not hasattr(self, "_conference"):
        self._conference = conference_or_deny(self.request, _slug_of(self.kwargs), getattr(self, POLICY_MARK))
    return self._conference


def _guard_class(view_class: type, permission: str) -> type:
    setattr(view_class, POLICY_MARK, permission)
    if getattr(view_class, "get_conference", None) is get_conference:
        return view_class  # a subclass of a guarded class: the inherited hook reads the new permission
    view_class.get_conference = get_conference
    if hasattr(view_class, "initial"):  # DRF: authentication and permission classes run first
        original_initial = view_class.initial

        def initial(self, request, *args, **kwargs):
            original_initial(self, request, *args, **kwargs)
            self.get_conference()

        view_class.initial = initial
    else:
        original_dispatch = view_class.dispatch

        def dispatch(self, request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            self.get_conference()
            return original_dispatch(self, request, *args, **kwargs)

        view_class.dispatch = dispatch
    return view_class
