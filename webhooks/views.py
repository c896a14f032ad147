"""The webhook pages of the back office: a conference's endpoints (organisers), or every
conference's (site administrators, /manage/webhooks/). The same views serve both; `conference` is
None for the site-wide ones."""

import functools

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.access import conference_permission_required
from common.confirm import confirmation_page, is_confirmed
from common.views import form_error_from
from webhooks import selectors, services
from webhooks.forms import EndpointForm
from webhooks.models import WebhookDelivery

CONFERENCE_PERMISSION = "webhooks.manage_webhooks"


def site_admin_required(view):
    """The site-wide pages: sign in first, then a site administrator or 403."""

    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm("webhooks.manage_site_webhooks"):
            raise PermissionDenied
        return view(request, *args, conference=None, **kwargs)

    return guarded


def _base(conference) -> dict:
    return {"webhooks_base": "conference/manage/base.html" if conference else "webhooks/site_base.html"}


def _url(name: str, conference, *args) -> str:
    if conference is None:
        return reverse(f"webhooks:site-{name}", args=args)
    return reverse(f"webhooks:{name}", args=[conference.slug, *args])


def _endpoint_or_404(conference, pk: int):
    endpoint = selectors.endpoint_of(conference, pk)
    if endpoint is None:
        raise Http404  # another conference's endpoint, or none: the same answer
    return endpoint


def _secret_page(request, conference, endpoint, secret: str, *, rotated: bool):
    context = {
        "conference": conference,
        "endpoint": endpoint,
        "secret": secret,
        "rotated": rotated,
        **_base(conference),
    }
    context["detail_url"] = _url("detail", conference, endpoint.pk)
    response = render(request, "webhooks/secret.html", context)
    add_never_cache_headers(response)  # it holds the secret
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def endpoint_list(request, conference):
    form = EndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            endpoint, secret = services.endpoint_create(
                conference=conference,
                name=data["name"],
                url=data["url"],
                event_types=data["event_types"],
                by=request.user,
            )
        except ValidationError as error:
            form_error_from(form, error)
        else:
            return _secret_page(request, conference, endpoint, secret, rotated=False)
    endpoints = list(selectors.endpoints_of(conference))
    for endpoint in endpoints:
        endpoint.page_url = _url("detail", conference, endpoint.pk)
    context = {
        "conference": conference,
        "form": form,
        "endpoints": endpoints,
        "site_wide": conference is None,
        **_base(conference),
    }
    return render(request, "webhooks/endpoint_list.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "HEAD", "POST"])
def endpoint_detail(request, conference, pk: int):
    endpoint = _endpoint_or_404(conference, pk)
    initial = {"name": endpoint.name, "url": endpoint.url, "event_types": endpoint.event_types}
    form = EndpointForm(request.POST or None, initial=initial | {"is_active": endpoint.is_active})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.endpoint_update(endpoint=endpoint, by=request.user, **data)
        except ValidationError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("The webhook is saved."))
            return redirect(_url("detail", conference, endpoint.pk))
    state = request.GET.get("state", "")
    before = request.GET.get("before", "")
    log = selectors.delivery_log(endpoint, state=state, before=int(before) if before.isdigit() else None)
    for delivery in log:
        delivery.resend_url = _url("resend", conference, endpoint.pk, delivery.pk)
    context = {
        "conference": conference,
        "endpoint": endpoint,
        "form": form,
        "deliveries": log,
        "states": WebhookDelivery.State.choices,
        "selected_state": state,
        "next_before": log[-1].pk if len(log) == selectors.LOG_PAGE_SIZE else None,
        "list_url": _url("list", conference),
        "rotate_url": _url("rotate", conference, endpoint.pk),
        "delete_url": _url("delete", conference, endpoint.pk),
        **_base(conference),
    }
    return render(request, "webhooks/endpoint_detail.html", context, status=400 if form.errors else 200)


@require_POST
def endpoint_rotate(request, conference, pk: int):
    endpoint = _endpoint_or_404(conference, pk)
    if not is_confirmed(request):
        return confirmation_page(
            request,
            question=_("Give “%(name)s” a new signing secret?") % {"name": endpoint.name},
            detail=_("The current secret keeps signing beside the new one for 24 hours; then only the new one does."),
            button=_("Rotate the secret"),
            back=_url("detail", conference, endpoint.pk),
        )
    endpoint, secret = services.endpoint_rotate_secret(endpoint=endpoint, by=request.user)
    return _secret_page(request, conference, endpoint, secret, rotated=True)


@require_POST
def endpoint_delete(request, conference, pk: int):
    endpoint = _endpoint_or_404(conference, pk)
    if not is_confirmed(request):
        return confirmation_page(
            request,
            question=_("Delete the webhook “%(name)s”?") % {"name": endpoint.name},
            detail=_("Nothing more is sent to it, and its delivery log is deleted."),
            button=_("Delete the webhook"),
            back=_url("detail", conference, endpoint.pk),
        )
    services.endpoint_delete(endpoint=endpoint, by=request.user)
    messages.success(request, _("The webhook “%(name)s” is deleted.") % {"name": endpoint.name})
    return redirect(_url("list", conference))


@require_POST
def delivery_resend(request, conference, pk: int, delivery_pk: int):
    endpoint = _endpoint_or_404(conference, pk)
    delivery = selectors.delivery_of(endpoint, delivery_pk)
    if delivery is None:
        raise Http404
    services.delivery_resend(delivery=delivery, by=request.user)
    messages.success(request, _("The delivery is queued to be sent again."))
    return redirect(_url("detail", conference, endpoint.pk))


VIEWS = {
    "list": endpoint_list,
    "detail": endpoint_detail,
    "rotate": endpoint_rotate,
    "delete": endpoint_delete,
    "resend": delivery_resend,
}
conference_views = {name: conference_permission_required(CONFERENCE_PERMISSION)(view) for name, view in VIEWS.items()}
site_views = {name: site_admin_required(view) for name, view in VIEWS.items()}
