"""Organiser back office for a conference and its lists. Views check permission, then delegate."""

from copy import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.access import conference_permission_required
from common.views import form_error_from, message_from
from conference import selectors, services
from conference.catalogue import KINDS
from conference.forms import ConferenceForm, ConferenceIdentityForm, RoleGrantForm
from conference.models import Conference, ConferenceRole
from events import selectors as event_selectors
from events.services import source_for


def require_perm(user, permission: str, obj=None) -> None:
    if not user.has_perm(permission, obj):
        raise PermissionDenied


def _save_form(form, save, success_message: str, request) -> bool:
    """Run a service with a valid form's data; service-level errors land on the form, input kept."""
    if not form.is_valid():
        return False
    try:
        save(form.cleaned_data)
    except ValidationError as error:
        form_error_from(form, error)
        return False
    messages.success(request, success_message)
    return True


@login_required
def conference_list(request):
    context = {
        "conferences": selectors.conferences_of(request.user),
        "can_create": request.user.has_perm("conference.add_conference"),
    }
    return render(request, "conference/manage/conference_list.html", context)


@login_required
def conference_create(request):
    require_perm(request.user, "conference.add_conference")
    with timezone.override(ConferenceForm.timezone_from(request.POST, None)):
        form = ConferenceForm(request.POST or None)
        if request.method == "POST" and _save_form(
            form,
            lambda data: services.conference_create(by=request.user, **data),
            _("The conference is created. Add its tracks, rooms and submission types next."),
            request,
        ):
            return redirect("conference:dashboard", slug=form.cleaned_data["slug"])
        return render(request, "conference/manage/conference_form.html", {"form": form, "creating": True})


@conference_permission_required("conference.view_backoffice")
def dashboard(request, conference):
    context = {
        "conference": selectors.conference_for_backoffice(slug=conference.slug),
        "role_counts": selectors.role_counts(conference=conference),
        "kinds": KINDS.values(),
        # Figures from the stats read model (filled from Kafka by `consume_stats`): three queries.
        "event_stats": event_selectors.stats_for_source(source_for(conference.slug)),
    }
    return render(request, "conference/manage/dashboard.html", context)


@conference_permission_required("conference.change_conference")
def conference_edit(request, conference):
    with timezone.override(ConferenceForm.timezone_from(request.POST, conference)):
        form = ConferenceForm(request.POST or None, instance=Conference.objects.get(pk=conference.pk))
        if request.method == "POST" and _save_form(
            form,
            lambda data: services.conference_update(conference=conference, by=request.user, **data),
            _("The settings are saved."),
            request,
        ):
            return redirect("conference:dashboard", slug=conference.slug)
        return render(request, "conference/manage/conference_form.html", {"form": form, "conference": conference})


@conference_permission_required("conference.change_conference")
def conference_identity(request, conference):
    form = ConferenceIdentityForm(request.POST or None, instance=Conference.objects.get(pk=conference.pk))
    if request.method == "POST" and _save_form(
        form,
        lambda data: services.identity_update(conference=conference, by=request.user, **data),
        _("The identity is saved; the public pages show it now."),
        request,
    ):
        return redirect("conference:identity", slug=conference.slug)
    return render(request, "conference/manage/identity.html", {"form": form, "conference": conference})


def _kind(kind: str):
    try:
        return KINDS[kind]
    except KeyError:
        raise Http404 from None


@conference_permission_required("conference.change_conference")
def catalogue_list(request, conference, kind: str):
    catalogue = _kind(kind)
    form = catalogue.form_class(request.POST or None)
    if request.method == "POST" and _save_form(
        form,
        lambda data: services.catalogue_item_create(
            model=catalogue.model, conference=conference, by=request.user, **data
        ),
        _("Added."),
        request,
    ):
        return redirect("conference:catalogue", slug=conference.slug, kind=kind)
    items = catalogue.model.objects.filter(conference=conference)
    context = {"conference": conference, "catalogue": catalogue, "items": items, "form": form}
    return render(request, "conference/manage/catalogue_list.html", context)


@conference_permission_required("conference.change_conference")
def catalogue_edit(request, conference, kind: str, pk: int):
    catalogue = _kind(kind)
    item = get_object_or_404(catalogue.model, conference=conference, pk=pk)
    # The form and the service each change their own copy, so a refused save leaves the page's
    # heading showing what is stored.
    form = catalogue.form_class(request.POST or None, instance=copy(item))
    if request.method == "POST" and _save_form(
        form,
        lambda data: services.catalogue_item_update(item=copy(item), by=request.user, **data),
        _("Saved."),
        request,
    ):
        return redirect("conference:catalogue", slug=conference.slug, kind=kind)
    context = {"conference": conference, "catalogue": catalogue, "item": item, "form": form}
    return render(request, "conference/manage/catalogue_edit.html", context)


@conference_permission_required("conference.change_conference")
@require_POST
def catalogue_delete(request, conference, kind: str, pk: int):
    catalogue = _kind(kind)
    item = get_object_or_404(catalogue.model, conference=conference, pk=pk)
    try:
        services.catalogue_item_delete(item=item, by=request.user)
    except ValidationError as error:
        message_from(request, error)
    else:
        messages.success(request, _("%(item)s is deleted.") % {"item": item})
    return redirect("conference:catalogue", slug=conference.slug, kind=kind)


@conference_permission_required("conference.manage_team")
def team(request, conference):
    form = RoleGrantForm(request.POST or None, conference=conference)
    if request.method == "POST" and _save_form(
        form,
        lambda data: services.role_grant(
            conference=conference, user=data["user"], role=data["role"], tracks=list(data["tracks"]), by=request.user
        ),
        _("The role is granted."),
        request,
    ):
        return redirect("conference:team", slug=conference.slug)
    context = {"conference": conference, "form": form, "memberships": selectors.team_list(conference=conference)}
    return render(request, "conference/manage/team.html", context)


@conference_permission_required("conference.manage_team")
@require_POST
def team_revoke(request, conference, pk: int):
    membership = get_object_or_404(ConferenceRole.objects.select_related("user"), conference=conference, pk=pk)
    try:
        services.role_revoke(membership=membership, by=request.user)
    except ValidationError as error:
        message_from(request, error)
    else:
        messages.success(request, _("The role is removed."))
    return redirect("conference:team", slug=conference.slug)


@conference_permission_required("conference.view_events")
def event_log(request, conference):
    source = source_for(conference.slug)
    event_type = request.GET.get("type", "")
    relay = event_selectors.relay_cursor()
    context = {
        "conference": conference,
        "events": event_selectors.events_for_source(
            source=source, event_type=event_type, state=event_selectors.cursor_state(relay)
        ),
        "event_types": event_selectors.event_types_for_source(source=source),
        "selected_type": event_type,
        "relay": relay,
    }
    return render(request, "conference/manage/event_log.html", context)


@conference_permission_required("conference.view_outgoing_mail")
def outgoing_mail(request, conference):
    state = request.GET.get("state", "")
    mails, counts = selectors.outgoing_mail_for(conference=conference, state=state)
    context = {"conference": conference, "mails": mails, "counts": counts, "selected_state": state}
    return render(request, "conference/manage/outgoing_mail.html", context)
