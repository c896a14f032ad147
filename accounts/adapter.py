from allauth.account.adapter import DefaultAccountAdapter

from accounts.services import user_register


class AccountAdapter(DefaultAccountAdapter):
    """Routes allauth's sign-up through our service so the registration emits its event."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        # allauth calls the sign-up form's `signup()` only after this save: the name is set here.
        user.name = form.cleaned_data.get("name", "")
        if request is not None and getattr(request, "LANGUAGE_CODE", None):
            user.locale = request.LANGUAGE_CODE
        if commit:
            user_register(user=user)
        return user
