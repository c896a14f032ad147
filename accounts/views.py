from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_safe

from accounts.forms import ProfileForm
from accounts.photo_upload import PhotoUploadHandler, limit_photo_upload
from accounts.photos import served_content_type, stored_photo_name
from accounts.services import profile_of, profile_update
from accounts.token_views import token_section
from common.views import form_error_from

PHOTO_CACHE_SECONDS = 24 * 60 * 60


@csrf_exempt
@login_required
def profile_edit(request):
    # The photo's handler must be in place before the body is read, and CSRF middleware would read it:
    # hence csrf_exempt outside and csrf_protect on the inner view, once the handler is installed.
    photo_upload = limit_photo_upload(request)
    return _profile_edit(request, photo_upload)


@csrf_protect
def _profile_edit(request, photo_upload: PhotoUploadHandler):
    # A profile belongs to the signed-in user alone: there is no URL naming someone else's.
    profile = profile_of(request.user)
    initial = {"name": request.user.name, "locale": request.user.locale, "timezone": request.user.timezone}
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = ProfileForm(data, files, instance=profile, initial=initial, photo_size_refused=photo_upload.size_refused)
    if request.method == "POST" and form.is_valid():
        try:
            profile_update(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form, **token_section(request.user)})


@require_safe
def profile_photo(request, name: str):
    """A speaker photo, public like the pages that show it; only what a photo's name may be is looked up."""
    stored_name = stored_photo_name(name)
    if stored_name is None or not default_storage.exists(stored_name):
        raise Http404
    url = default_storage.url(stored_name)
    if url != request.path:  # a storage with addresses of its own (S3, a CDN) serves the file itself
        return redirect(url)
    response = FileResponse(default_storage.open(stored_name), content_type=served_content_type(name), filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, public=True, max_age=PHOTO_CACHE_SECONDS)
    return response


def admin_sign_in(request, extra_context=None):
    """The Django admin's sign-in, replaced: staff sign in on allauth's page, whose failed-sign-in
    limits (ACCOUNT_RATE_LIMITS) then cover the admin too; the admin's own form has none."""
    if request.user.is_authenticated:
        if request.user.is_active and request.user.is_staff:
            return redirect("admin:index")
        raise PermissionDenied
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))
