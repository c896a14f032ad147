from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.forms import ProfileForm
from accounts.services import profile_of, profile_update
from common.views import form_error_from


@login_required
def profile_edit(request):
    # A profile belongs to the signed-in user alone: there is no URL naming someone else's.
    profile = profile_of(request.user)
    initial = {"name": request.user.name, "locale": request.user.locale, "timezone": request.user.timezone}
    form = ProfileForm(request.POST or None, request.FILES or None, instance=profile, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            profile_update(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})
