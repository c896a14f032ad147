from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts.models import SpeakerProfile, User
from accounts.photos import photo_reencoded


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["name", "locale"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "name", "password1", "password2"]})]


@admin.register(SpeakerProfile)
class SpeakerProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "company", "updated_at"]
    search_fields = ["user__email", "user__name", "company"]
    list_select_related = ["user"]

    def save_model(self, request, obj, form, change):
        # A photo uploaded here is stored as the speakers' own are: re-encoded, its pixels and nothing else.
        if "photo" in form.changed_data and obj.photo:
            obj.photo = photo_reencoded(obj.photo)
        super().save_model(request, obj, form, change)
